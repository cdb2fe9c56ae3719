"""`samverkan demo` where the seed documents are not next to the project: it says so, skips the
import and builds the seeds' meetings by hand (samverkan/publishing/demo_meetings.py); a second
run changes nothing, as README promises.

The demo is run twice once for the module, inside a transaction rolled back at the end."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from samverkan.core.models import AuditEvent
from samverkan.importer.models import ImportedDocument
from samverkan.meetings.models import Meeting
from samverkan.publishing.management.commands import demo as demo_command
from samverkan.structure.models import Person

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        f"{model._meta.app_label}.{model.__name__}": model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label != "sessions"
    }


@dataclass
class Demo:
    first: str
    second: str
    after_first: dict[str, int]
    after_second: dict[str, int]
    addresses_after_first: dict[str, str]
    unreachable_after_first: list[str]


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    missing = tmp_path_factory.mktemp("demo") / "no-seeds"
    with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock(), transaction.atomic():
        patch.setattr(demo_command, "seeds_dir", lambda: missing)
        out = StringIO()
        call_command("demo", password="x", stdout=out, stderr=StringIO())
        after_first = counts()
        addresses = dict(Person.objects.values_list("key", "email"))
        unreachable = list(Person.objects.filter(email="", user__isnull=True).values_list("name", flat=True))
        again = StringIO()
        call_command("demo", password="x", stdout=again, stderr=StringIO())
        yield Demo(out.getvalue(), again.getvalue(), after_first, counts(), addresses, unreachable)
        transaction.set_rollback(True)


def test_without_the_seeds_the_meetings_are_built_by_hand(demo: Demo) -> None:
    assert "No seed documents in" in demo.first
    assert not ImportedDocument.objects.exists()
    assert Meeting.objects.get(body__key="gr-styrgrupp-social-valfard").minutes.is_published
    assert Meeting.objects.get(body__key="sro").minutes.is_published
    assert not Meeting.objects.filter(body__key="vb-styrgrupp-regionkommun").exists()


def test_the_people_the_meetings_add_get_their_address_in_the_first_run(demo: Demo) -> None:
    # The meetings built by hand add people (the seeds' guests and officials): each can be mailed
    # (at an address of their own, or at their account's) after the first run already.
    assert "people added:" in demo.first
    assert demo.unreachable_after_first == []


def test_a_second_run_without_the_seeds_changes_nothing(demo: Demo) -> None:
    assert demo.after_second == demo.after_first
    assert demo.after_second["core.AuditEvent"] == demo.after_first["core.AuditEvent"]
    assert dict(Person.objects.values_list("key", "email")) == demo.addresses_after_first
    assert "E-mail addresses in example.org: 0 people, 0 registrars added." in demo.second
    assert AuditEvent.objects.exists()
