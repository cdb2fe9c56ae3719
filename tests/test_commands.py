"""Project commands: the demo accounts, and no model change without its migration."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from samverkan.core.models import AuditEvent
from samverkan.structure.models import Body, Person, Population, Principal
from samverkan.structure.roles import is_member_of, is_registrar_of, is_secretary_of

pytestmark = pytest.mark.django_db


def test_demo_loads_both_examples_and_creates_the_four_accounts_with_their_roles() -> None:
    out = StringIO()
    call_command("demo", password="x", stdout=out)
    User = get_user_model()

    others = sorted(
        f"registrator.{key}" for key in Principal.objects.exclude(key="goteborg").values_list("key", flat=True)
    )
    assert len(others) == Principal.objects.count() - 1
    assert sorted(User.objects.values_list("username", flat=True)) == sorted(
        ["admin", "ledamot", "registrator", "sekreterare", *others]
    )
    for user in User.objects.all():
        assert user.check_password("x"), user.username
        assert user.email == f"{user.username}@example.org"
    # Every principal has a registrar who can be mailed, every person an address (Ulf Olsson
    # through his account's), so that the demo's notices and recommendations really go out.
    for principal in Principal.objects.all():
        assert [u.email for u in principal.registrars.all() if u.is_active and u.email], principal
    assert list(Person.objects.filter(email="").values_list("key", flat=True)) == ["ulf-olsson"]

    admin = User.objects.get(username="admin")
    assert (admin.is_superuser, admin.is_staff) == (True, True)

    sro, goteborg = Body.objects.get(key="sro"), Principal.objects.get(key="goteborg")
    secretary = User.objects.get(username="sekreterare")
    assert list(secretary.secretary_of.all()) == [sro]
    assert (secretary.is_superuser, secretary.is_staff) == (False, False)
    assert is_secretary_of(secretary, sro) is True

    registrar = User.objects.get(username="registrator")
    assert list(registrar.registrar_of.all()) == [goteborg]
    assert is_registrar_of(registrar, goteborg) is True
    assert is_secretary_of(registrar, sro) is False

    member = User.objects.get(username="ledamot")
    assert Person.objects.get(user=member).key == "ulf-olsson"
    assert is_member_of(member, Body.objects.get(key="vastkom-styrelse")) is True
    assert is_secretary_of(member, sro) is False

    lines = out.getvalue().splitlines()
    assert lines[0] == "vastra-gotaland.yaml: created 195, changed 0, unchanged 0"
    assert lines[1].startswith("vasterbotten.yaml: created ")
    data = Path(settings.BASE_DIR).parent / "shared" / "data"
    # The official figures of ../shared/data: 49 municipalities on five dates, 15 on six.
    assert lines[2] == f"Population (11 files in {data}): created 335, unchanged 0."
    assert Population.objects.filter(principal__key="goteborg", year=2018).get().inhabitants == 571_868
    # The regions: the sum of their counties' municipalities on each date all of them have (VG
    # five, Västerbotten six), equal to SCB's county totals (1 709 814 and 270 154 in 2018).
    assert lines[3] == "Population of the regions (sum of their municipalities): created 11."
    assert Population.objects.get(principal__key="vgr", year=2018).inhabitants == 1_709_814
    assert Population.objects.get(principal__key="region-vasterbotten", year=2018).inhabitants == 270_154
    assert lines[-6:] == [
        "  admin          administrator",
        "  sekreterare    secretary of Samrådsorganet",
        "  registrator    registrar of Göteborgs kommun",
        "  ledamot        member (Ulf Olsson)",
        f"  registrator.<key> registrar of each of {len(others)} other principals",
        "  password for all: x",
    ]
    # The grants are in the audit trail, made by the admin account through the demo command.
    grants = AuditEvent.objects.filter(action__in=["grant", "revoke"]).order_by("id")
    assert list(grants.values_list("actor_label", "source", "action", "target_repr", "changes")[:2]) == [
        ("admin", "cli:demo", "grant", "Samrådsorganet", {"secretaries": [None, "sekreterare"]}),
        ("admin", "cli:demo", "grant", "Göteborgs kommun", {"registrars": [None, "registrator"]}),
    ]
    assert sorted(c["registrars"][1] for c in grants.values_list("changes", flat=True)[2:]) == others


def test_demo_run_again_resets_the_password_and_grants_nothing_new() -> None:
    call_command("demo", password="first", stdout=StringIO())
    events = AuditEvent.objects.count()
    out = StringIO()
    call_command("demo", stdout=out)  # no --password: a new random one
    password = out.getvalue().splitlines()[-1].removeprefix("  password for all: ")
    assert len(password) == 12
    User = get_user_model()
    assert User.objects.count() == 4 + Principal.objects.count() - 1
    assert all(u.check_password(password) for u in User.objects.all())
    assert AuditEvent.objects.count() == events
    assert out.getvalue().splitlines()[0] == "vastra-gotaland.yaml: created 0, changed 0, unchanged 195"
    assert out.getvalue().splitlines()[2].endswith("): created 0, unchanged 335.")


def test_no_model_change_is_missing_a_migration() -> None:
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert out.getvalue().strip() == "No changes detected"


def _make_run_with_a_recording_samverkan(tmp_path: Path, *make_args: str, env: dict[str, str]) -> list[str]:
    """`make run`'s own recipe, with `samverkan` replaced by a script that writes down which
    SITE_URL each process (worker, runserver) was started with; demo is not rebuilt (-o demo)."""
    import os
    import shutil
    import subprocess

    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    record = tmp_path / "record.txt"
    fake = tmp_path / "samverkan"
    # runserver waits a moment, so the worker beside it has written its line before the trap stops it.
    fake.write_text(f'#!/bin/sh\n[ "$1" = runserver ] && sleep 1\necho "$1 $SITE_URL" >> {record}\n')
    fake.chmod(0o755)
    root = Path(__file__).resolve().parent.parent
    environ = {k: v for k, v in os.environ.items() if k != "SITE_URL"} | env
    subprocess.run(  # noqa: S603 (our own Makefile, arguments from this test)
        [make, "-s", "-o", "demo", "run", f"BIN={tmp_path}", *make_args],
        cwd=root,
        env=environ,
        check=True,
        timeout=60,
        capture_output=True,
    )
    return sorted(record.read_text().splitlines())


def test_make_run_on_another_port_mails_links_to_that_port(tmp_path: Path) -> None:
    """The walk ran the demo on port 8013: the notice's and the answer links in the mail, and the
    OParl ids, still named port 8000. SITE_URL now follows HOST and PORT unless it is set."""
    seen = _make_run_with_a_recording_samverkan(tmp_path, "PORT=8013", env={})
    assert seen == ["runserver http://127.0.0.1:8013", "worker http://127.0.0.1:8013"]


def test_make_run_keeps_a_site_url_given_in_the_environment(tmp_path: Path) -> None:
    seen = _make_run_with_a_recording_samverkan(tmp_path, "PORT=8013", env={"SITE_URL": "https://samverkan.example"})
    assert seen == ["runserver https://samverkan.example", "worker https://samverkan.example"]
