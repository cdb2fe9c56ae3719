"""The layers (pyproject.toml, [tool.importlinter]) hold for templates too: a template may load
the tag libraries of its own app and of the apps below it, never of an app above it (the Python
imports are checked by `lint-imports` in `make lint`; this is what it cannot see). A lower app's
page gets what the apps above add to it through slots (samverkan/core/sections.py)."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from samverkan.core import sections
from tests.factories import BodyFactory
from tests.meetings.factories import MeetingFactory
from tests.support import Personas

ROOT = Path(__file__).resolve().parent.parent
APPS = ROOT / "samverkan"
LOAD = re.compile(r"{%\s*load\s+(.+?)\s*%}")


def layer_of() -> dict[str, int]:
    """Each app's layer, 0 for the top, from the contract in pyproject.toml."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    return {
        name.strip().strip("()"): index
        for index, layer in enumerate(contract["layers"])
        for name in re.split(r"[|:]", layer)
    }


def tag_libraries() -> dict[str, str]:
    """The app that provides each of our template tag libraries."""
    return {
        module.stem: module.parent.parent.name
        for module in APPS.glob("*/templatetags/*.py")
        if module.stem != "__init__"
    }


def upward_loads(apps: Path = APPS) -> list[str]:
    layers, libraries = layer_of(), tag_libraries()
    found = []
    for template in sorted(apps.glob("*/templates/**/*.html")):
        app = template.relative_to(apps).parts[0]
        for loaded in LOAD.findall(template.read_text(encoding="utf-8")):
            for library in loaded.split():
                provider = libraries.get(library)
                if provider and provider != app and layers.get(provider, 99) < layers.get(app, 99):
                    found.append(f"{template.relative_to(apps)} loads {library!r} of {provider}, a layer above {app}")
    return found


def test_the_layers_name_every_app_and_their_order() -> None:
    layers = layer_of()
    upward = ["core", "documents", "accounts", "structure", "meetings", "referrals", "followup", "publishing"]
    found = [layers[a] for a in upward]
    assert found == sorted(found, reverse=True) and len(set(found)) == len(found)  # each above the one before
    assert layers["referrals"] == layers["agreements"] == layers["finance"]
    assert {"api", "search", "importer", "archive", "privacy", "subscriptions"} <= {
        a for a, i in layers.items() if i == 0
    }


def test_no_template_loads_the_tags_of_an_app_above_its_own() -> None:
    assert tag_libraries()["referrals"] == "referrals"  # the scan finds the libraries
    assert upward_loads() == []


def test_an_upward_load_would_be_found(tmp_path: Path) -> None:
    """Guards the scan: a structure template that loads referrals' tags is reported."""
    folder = tmp_path / "structure" / "templates" / "structure"
    folder.mkdir(parents=True)
    (folder / "probe.html").write_text("{% load i18n referrals %}", encoding="utf-8")
    assert upward_loads(tmp_path) == [
        "structure/templates/structure/probe.html loads 'referrals' of referrals, a layer above structure"
    ]


def test_lint_imports_keeps_both_contracts() -> None:
    """The contract in pyproject.toml as CI runs it: the layers, and no import circle."""
    result = subprocess.run(  # noqa: S603 - our own tool in our own virtualenv
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


@pytest.mark.django_db
def test_a_slot_renders_what_the_apps_above_registered_in_order() -> None:
    page = "tests:probe"
    slot = Template('{% load sections %}<p>{% sections "tests:probe" "end" obj %}</p>')
    body = BodyFactory(key="sro-fyrbodal", name="SRO Fyrbodal")
    try:
        assert slot.render(Context({"obj": body})) == "<p></p>"  # nothing registered: nothing shown
        sections.register(page, "end", "referrals/_body_actions.html", lambda request, obj: {"body": obj}, order=2)
        sections.register(page, "end", "meetings/_body_meetings_summary.html", lambda request, obj: {"body": obj})
        assert [s.template for s in sections.sections_for(page, "end")] == [
            "meetings/_body_meetings_summary.html",
            "referrals/_body_actions.html",
        ]
        html = slot.render(Context({"obj": body, "request": RequestFactory().get("/")}))
    finally:
        sections._registry.pop((page, "end"), None)
    assert html.startswith("<p><h2>Sammanträden</h2>")
    assert html.endswith(
        '<a class="button secondary" href="/organ/sro-fyrbodal/rekommendationer/ny/">Ny rekommendation</a>\n</p>'
    )


@pytest.mark.django_db
def test_the_structure_pages_show_what_meetings_and_recommendations_add(personas: Personas, client: Client) -> None:
    """The body's page shows its meetings (meetings' section) and, to its secretary, the button
    for a new recommendation (referrals' section); the principal's page its decisions."""
    body = personas.body
    MeetingFactory(body=body, start=timezone.now() + datetime.timedelta(days=3))
    url = reverse("structure:body_detail", kwargs={"key": body.key})
    new = reverse("referrals:create", kwargs={"key": body.key})

    public = client.get(url).content.decode()
    assert "<h2>Sammanträden</h2>" in public
    assert new not in public
    client.force_login(personas.secretary)
    assert f'href="{new}">Ny rekommendation</a>' in client.get(url).content.decode()

    principal_page = client.get(reverse("structure:principal_detail", kwargs={"key": personas.principal.key}))
    assert '<h2 id="beslut">Beslut om rekommendationer</h2>' in principal_page.content.decode()
