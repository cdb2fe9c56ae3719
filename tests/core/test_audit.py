"""The audit helpers (samverkan/core/audit.py) and the audit trail page."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from samverkan.core.audit import _plain, audit_record, diff_fields, set_many, update_instance
from samverkan.core.editing import ConcurrentEdit, lock_at_version, update_at_version
from samverkan.core.models import AuditEvent
from samverkan.structure.models import Body
from tests.factories import BodyFactory, PrincipalFactory, UserFactory
from tests.support import Personas

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "plain"),
    [
        (datetime.date(2024, 2, 29), "2024-02-29"),
        (datetime.datetime(2024, 2, 29, 13, 5, tzinfo=datetime.UTC), "2024-02-29T13:05:00+00:00"),
        (decimal.Decimal("12.50"), "12.50"),
        ((1, datetime.date(2020, 1, 1)), [1, "2020-01-01"]),
        (None, None),
        ("text", "text"),
        (7, 7),
    ],
)
def test_values_are_kept_in_a_json_safe_form(value: Any, plain: Any) -> None:
    assert _plain(value) == plain


def test_a_model_value_is_kept_as_its_name() -> None:
    assert _plain(PrincipalFactory(name="Ale kommun")) == "Ale kommun"


def test_diff_fields_returns_only_what_differs() -> None:
    body = BodyFactory(name="A", meeting_rhythm="")
    assert diff_fields(body, {"name": "A", "meeting_rhythm": "x", "short_name": ""}) == {"meeting_rhythm": ("", "x")}


def test_update_instance_validates_before_saving() -> None:
    body = BodyFactory(name="A")
    with pytest.raises(Exception, match="kind"):
        update_instance(body, {"kind": "nonsense"}, actor=None)
    assert Body.objects.get(pk=body.pk).kind == "political"
    assert AuditEvent.objects.count() == 0


def test_set_many_audits_names_in_id_order_and_nothing_when_equal() -> None:
    a, b = PrincipalFactory(name="Bbb"), PrincipalFactory(name="Aaa")
    body = BodyFactory(owners=[a])
    assert set_many(body, "owners", [b, a], actor=None) == {"owners": (["Bbb"], ["Bbb", "Aaa"])}
    assert set_many(body, "owners", [a, b], actor=None) == {}
    assert AuditEvent.objects.count() == 1


def test_an_anonymous_actor_is_recorded_by_source() -> None:
    from django.contrib.auth.models import AnonymousUser

    event = audit_record(actor=AnonymousUser(), action="update", target=BodyFactory(), source="api")
    assert (event.actor, event.actor_label) == (None, "(api)")


def test_a_row_opened_at_an_older_version_is_refused_and_left_as_saved() -> None:
    body = BodyFactory(name="Förr")
    assert body.version == 1
    assert update_at_version(body, 1, {"name": "Först"}, actor=None) == {"name": ("Förr", "Först")}
    assert Body.objects.get(pk=body.pk).version == 2
    with pytest.raises(ConcurrentEdit) as refused:
        update_at_version(body, 1, {"name": "Sist"}, actor=None)
    assert refused.value.current == 2
    assert Body.objects.get(pk=body.pk).name == "Först"
    assert lock_at_version(body, 2).name == "Först"
    # Not opened in a form (a loader): no check, but the version is raised all the same.
    assert update_at_version(body, None, {"name": "Laddat"}, actor=None) == {"name": ("Först", "Laddat")}
    assert Body.objects.get(pk=body.pk).version == 3


# --- The audit trail page ----------------------------------------------------------------------


def test_the_audit_trail_lists_events_newest_first_and_filters(
    personas: Personas, login: Callable[[str], Client]
) -> None:
    anna = UserFactory(username="anna")
    audit_record(actor=anna, action="update", target=personas.body, changes={"name": ("Gammalt", "Nytt")})
    audit_record(actor=None, action="create", target=personas.principal, source="cli:load")
    client = login("administrator")

    everything = client.get("/granskning/").context["page"]
    assert [(e.actor_label, e.target_repr) for e in everything] == [
        ("(cli:load)", "Testkommunen"),
        ("anna", "Testorganet"),
    ]
    by_who = client.get("/granskning/", {"who": "ANN"}).context["page"]
    assert [e.actor_label for e in by_who] == ["anna"]
    by_what = client.get("/granskning/", {"what": "kommun"}).context["page"]
    assert [e.target_repr for e in by_what] == ["Testkommunen"]
    html = client.get("/granskning/").content.decode()
    assert "Gammalt → Nytt" in html
    # No account acted: said so once, not "(cli:load) (cli:load)" (an answer by a personal link
    # read "(web) (web)").
    assert '<td>inget konto <span class="muted">(cli:load)</span></td>' in html
    assert '<td>anna <span class="muted">(web)</span></td>' in html


def test_the_audit_trail_pages_by_50(personas: Personas, login: Callable[[str], Client]) -> None:
    AuditEvent.objects.bulk_create(
        AuditEvent(actor_label=f"u{i}", action="update", target_type_id=1, target_id="1", target_repr="x")
        for i in range(51)
    )
    client = login("administrator")
    first = client.get("/granskning/").context["page"]
    assert (len(first), first.paginator.num_pages) == (50, 2)
    assert len(client.get("/granskning/", {"page": 2}).context["page"]) == 1


def test_the_audit_trail_shows_entries_of_every_kind(personas: Personas, login: Callable[[str], Client]) -> None:
    """Every action, and every shape a service records: a field named like a dict method (the
    roll call's "items" made the page fail with a server error), lists, dicts, booleans,
    values that are not pairs, a record kind whose model is gone."""
    from django.contrib.contenttypes.models import ContentType

    from samverkan.meetings import services as meeting_services

    secretary = personas.secretary
    meeting = meeting_services.meeting_plan(
        actor=secretary,
        body=personas.body,
        start=datetime.datetime(2024, 5, 2, 9, tzinfo=datetime.UTC),
        with_procedural_items=False,
    )
    item = meeting_services.item_add(actor=secretary, meeting=meeting, title="Budget", kind="decision")
    meeting_services.attendance_record(actor=secretary, meeting=meeting, person=personas.person, items=[item])
    meeting_services.item_delete(actor=secretary, item=item)
    for action in AuditEvent.Action:
        audit_record(actor=secretary, action=action, target=personas.body, changes={"name": ("A", "B")})
    shapes = {
        "keys": ["x", "y"],
        "values": [["Ale", "Alingsås"], []],
        "proposal": [None, {"items": 3}],
        "is_public": [True, False],
        "note": "only one value",
        "nested": [[1, [2, 3]], None],
    }
    AuditEvent.objects.create(  # as rows written before audit_record insisted on pairs
        actor_label="x",
        action="update",
        target_type=ContentType.objects.get_for_model(Body),
        target_id=str(personas.body.pk),
        target_repr="Testorganet",
        changes=shapes,
    )
    gone = ContentType.objects.create(app_label="removed", model="oldthing")
    AuditEvent.objects.create(
        actor_label="x", action="update", target_type=gone, target_id="1", target_repr="Gammal", changes={"a": [1, 2]}
    )

    response = login("administrator").get("/granskning/")

    assert response.status_code == 200
    rows = {(e.target_repr, e.action): e.change_rows() for e in AuditEvent.objects.select_related("target_type")}
    assert rows[("Gammal", "update")] == [("a", "1", "2")]
    assert [r for r in rows.values() if ("närvarande endast vid", "–", "1. Budget") in r]
    assert rows[("Testorganet", "grant")] == [("namn", "A", "B")]
    shown = AuditEvent.objects.filter(changes__has_key="keys").get().change_rows()
    assert sorted(shown) == sorted(
        [
            ("keys", "x", "y"),
            ("values", "Ale, Alingsås", "–"),
            ("proposal", "–", "items: 3"),
            ("is_public", "ja", "nej"),
            ("note", "–", "only one value"),
            ("nested", "1, 2, 3", "–"),
        ]
    )  # PostgreSQL keeps a JSON object's keys in an order of its own
    html = response.content.decode()
    assert "<strong>Närvarande endast vid</strong>: – → 1. Budget" in html
    assert "<strong>Is_public</strong>: ja → nej" in html
    for label in ("skapad", "ändrad", "borttagen", "tilldelad", "återkallad"):
        assert f"<td>{label}</td>" in html


def test_the_audit_trail_reads_in_words_not_in_field_names_and_raw_values(
    personas: Personas, login: Callable[[str], Client]
) -> None:
    """A person reading the trail sees the interface's names and values, in the reader's
    language: a relation by its record's name ("Sammanträde", not "Meeting"), a choice by its
    label ("närvarande", not "present"), amounts in kronor (not öre), dates the Swedish way,
    an unknown amount as a dash (never "None"), a frozen copy of minutes named, not dumped."""
    from django.contrib.contenttypes.models import ContentType

    from samverkan.finance import services as finance_services
    from samverkan.meetings import services as meeting_services
    from samverkan.meetings.models import Minutes

    secretary = personas.secretary
    meeting = meeting_services.meeting_plan(
        actor=secretary,
        body=personas.body,
        start=datetime.datetime(2024, 5, 2, 9, tzinfo=datetime.UTC),
        with_procedural_items=False,
    )
    meeting_services.attendance_record(actor=secretary, meeting=meeting, person=personas.person, status="present")
    finance_services.fee_create(
        actor=secretary,
        key="avgift",
        title="Medlemsavgift",
        year=2019,
        rate=200,
        collector=personas.principal,
        population_date=datetime.date(2017, 12, 31),
        stated_amount=340_120_000,
        payers=[(personas.principal, None)],
    )
    year = SimpleNamespace(
        year=2019,
        opening=None,
        parts={},
        income=1_020_305_400,
        cost=1_923_000_000,
        closing=-39_120_000,
        estimate=True,
        note="",
    )
    finance_services.fund_create(actor=secretary, key="fond", title="6-kronan", body=personas.body, years=[year])
    AuditEvent.objects.create(
        actor_label="x",
        action="update",
        target_type=ContentType.objects.get_for_model(Minutes),
        target_id="1",
        target_repr="Protokoll",
        changes={"content": [None, {"body": "Testorganet", "attendance": [{"person": "A", "status": "present"}]}]},
    )

    client = login("administrator")
    html = client.get("/granskning/").content.decode()
    assert "<strong>Sammanträde</strong>: – → Testorganet 2024-05-02" in html
    assert "<strong>Status</strong>: – → närvarande" in html
    assert "<strong>Avgift per invånare</strong>: – → 2\xa0kr" in html
    assert "<strong>Belopp enligt beslutet</strong>: – → 3\xa0401\xa0200\xa0kr" in html
    assert "<strong>Invånarantal per</strong>: – → 2017-12-31" in html
    assert "2019 (uppskattning): – + 10\xa0203\xa0054\xa0kr − 19\xa0230\xa0000\xa0kr = −391\xa0200\xa0kr" in html
    assert "<strong>Innehåll</strong>: – → (en strukturerad kopia; visas inte här)" in html
    assert "None" not in html and "present" not in html and "Meeting" not in html

    client.cookies["django_language"] = "en"
    english = client.get("/granskning/").content.decode()
    assert "<strong>Meeting</strong>: – → Testorganet 2024-05-02" in english
    assert "<strong>Amount per inhabitant</strong>: – → 2\xa0kr" in english
