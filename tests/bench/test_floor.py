"""The benchmark's floor: one indexed query, a tiny page, and only there when the flag is on."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from bench import floor
from samverkan.core.access import PUBLIC, registry
from tests.factories import PrincipalFactory

ROOT = Path(__file__).resolve().parent.parent.parent


def test_the_floor_has_a_public_access_policy() -> None:
    assert registry.lookup("bench_floor") is PUBLIC


def test_the_flag_is_off_by_default_and_nothing_is_mounted() -> None:
    assert floor.enabled() is False
    assert floor.urlpatterns == []
    with pytest.raises(NoReverseMatch):
        reverse("bench_floor", kwargs={"key": "x"})


@pytest.mark.django_db
def test_without_the_flag_the_floor_is_not_found() -> None:
    PrincipalFactory(key="goteborg", name="Göteborgs kommun")
    assert Client().get("/bench/golv/goteborg/").status_code == 404


@pytest.mark.django_db
@override_settings(SAMVERKAN_BENCH_FLOOR=True, ROOT_URLCONF="tests.bench.urls_floor_on")
def test_with_the_flag_the_floor_renders_the_name_from_one_query() -> None:
    PrincipalFactory(key="goteborg", name="Göteborgs kommun")
    client = Client()
    client.get("/bench/golv/goteborg/")  # warm: the first request may load caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/bench/golv/goteborg/")
    assert response.status_code == 200
    assert "Göteborgs kommun" in response.content.decode()
    assert len(queries) == 1, [q["sql"] for q in queries.captured_queries]
    assert client.get("/bench/golv/finns-inte/").status_code == 404


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.bench.urls_floor_on")
def test_a_mounted_floor_still_refuses_once_the_flag_is_off() -> None:
    PrincipalFactory(key="goteborg", name="Göteborgs kommun")
    with override_settings(SAMVERKAN_BENCH_FLOOR=False):
        assert Client().get("/bench/golv/goteborg/").status_code == 404


@pytest.mark.parametrize(("flag", "mounted"), [("1", True), ("0", False), (None, False)])
def test_the_environment_variable_mounts_it_in_the_real_urlconf(flag: str | None, mounted: bool) -> None:
    """The real config.urls, imported in a fresh process with or without the variable."""
    code = (
        "import django; django.setup()\n"
        "from django.urls import NoReverseMatch, reverse\n"
        "try:\n    print(reverse('bench_floor', kwargs={'key': 'x'}))\n"
        "except NoReverseMatch:\n    print('absent')\n"
    )
    env = {"DJANGO_SETTINGS_MODULE": "config.settings_test", "PATH": "/usr/bin:/bin"}
    if flag is not None:
        env["SAMVERKAN_BENCH_FLOOR"] = flag
    out = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=60
    ).stdout.strip()
    assert out == ("/bench/golv/x/" if mounted else "absent")
