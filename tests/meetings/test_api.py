"""The meetings API (/api/v1/...): exactly what is public, field by field. Planned agendas list
public items only, paragraphs appear once the minutes are published, minutes and decisions come
from published minutes only, and unknown ids and unpublished minutes answer 404."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from samverkan.meetings import services
from samverkan.meetings.models import Meeting, Minutes
from tests.factories import BodyFactory, PersonFactory, UserFactory
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, frozen_at, local
from tests.meetings.test_queries import publish
from tests.support import pdf_bytes

pytestmark = pytest.mark.django_db

NOT_FOUND = {"detail": "Not Found"}


@dataclass
class World:
    body: Any
    other_body: Any
    held: Meeting  # 20 May 2025, minutes published (adjusted 21 May 2025 10.00)
    awaiting: Meeting  # 1 Sep 2025, drawn up, not adjusted
    draft: Meeting  # 1 Oct 2025, minutes begun (draft)
    cancelled: Meeting  # 5 Feb 2031
    planned: Meeting  # 12 Mar 2031
    other: Meeting  # another body's published meeting, 4 Jun 2025
    minutes: Minutes
    people: dict[str, Any]


@pytest.fixture
def world() -> World:
    actor = UserFactory(username="sekreteraren")
    body = BodyFactory(key="styrelsen", name="Styrelsen")
    other_body = BodyFactory(key="beredningen", name="Beredningen")
    anna = PersonFactory(name="Anna Ordförande")
    bo = PersonFactory(name="Bo Ledamot")
    gustav = PersonFactory(name="Gustav Gäst")
    budget_matter = services.matter_create(actor=actor, reference="STY 2025/3", title="Budget")

    with frozen_at(local(2025, 5, 1, 8)):
        held = services.meeting_plan(
            actor=actor,
            body=body,
            with_procedural_items=False,
            start=local(2025, 5, 20, 9),
            end=local(2025, 5, 20, 11),
            online_url="https://teams.example.test/styrelsen",
        )
        budget = services.item_add(
            actor=actor,
            meeting=held,
            title="Budget 2026",
            kind="decision",
            presenters="Eva Ekonom",
            proposal="Styrelsen antar budgeten.",
            matter=budget_matter,
            notes="Budgeten presenterades.",
            decision="Styrelsen antar budgeten.",
            clauses=["att anta budgeten för 2026"],
        )
        services.attachment_add(
            actor=actor,
            item=budget,
            upload=SimpleUploadedFile("budget.pdf", pdf_bytes()),
            title="Budgetförslag",
        )
        secret = services.item_add(
            actor=actor,
            meeting=held,
            title="Personalärende Hemligsson",
            kind="decision",
            confidential=True,
            decision="Hemligsson omplaceras.",
        )
        services.item_add(actor=actor, meeting=held, title="Information om läget", kind="information")
    with frozen_at(local(2025, 5, 20, 12)):
        services.attendance_record(
            actor=actor,
            meeting=held,
            person=anna,
            party="S",
            represents="Testkommun",
            description="ordförande",
            chair_items=list(held.items.all()),
        )
        services.attendance_record(actor=actor, meeting=held, person=bo, party="M", status="absent")
        services.attendance_record(actor=actor, meeting=held, person=gustav, capacity="guest", items=[secret])
        minutes = services.minutes_draw_up(actor=actor, meeting=held, adjusters=[anna], secretary=bo)
    with frozen_at(local(2025, 5, 21, 10)):
        services.adjustment_confirm(actor=None, minutes=minutes, person=anna, via="link")
    with frozen_at(local(2025, 6, 2, 14, 15)):
        minutes = Minutes.objects.get(pk=minutes.pk)
        services.correction_add(actor=actor, minutes=minutes, paragraph=1, text="Budgeten gäller 2026.")
        services.correction_add(actor=actor, minutes=minutes, paragraph=2, text="Hemligsson omplaceras inte.")

    with frozen_at(local(2025, 5, 25, 8)):
        other = services.meeting_plan(
            actor=actor, body=other_body, with_procedural_items=False, start=local(2025, 6, 4, 13), location_name="GR"
        )
        services.item_add(
            actor=actor, meeting=other, title="Yttrande", kind="position", decision="Beredningen tillstyrker."
        )
        services.attendance_record(actor=actor, meeting=other, person=anna)
    with frozen_at(local(2025, 6, 5, 9)):
        other_minutes = services.minutes_draw_up(actor=actor, meeting=other, adjusters=[anna])
        services.adjustment_confirm(actor=None, minutes=other_minutes, person=anna, via="login")

    with frozen_at(local(2025, 8, 1, 8)):
        awaiting = services.meeting_plan(
            actor=actor, body=body, with_procedural_items=False, start=local(2025, 9, 1, 9), location_name="Rådhuset"
        )
        services.item_add(actor=actor, meeting=awaiting, title="Delårsrapport", kind="decision", decision="Godkänd.")
        services.attendance_record(actor=actor, meeting=awaiting, person=anna)
        draft = services.meeting_plan(
            actor=actor, body=body, with_procedural_items=False, start=local(2025, 10, 1, 9), location_name="Rådhuset"
        )
        services.item_add(actor=actor, meeting=draft, title="Verksamhetsplan", kind="decision", decision="Antagen.")
    with frozen_at(local(2025, 9, 2, 9)):
        services.minutes_draw_up(actor=actor, meeting=awaiting, adjusters=[anna])
    with frozen_at(local(2025, 10, 2, 9)):
        services.minutes_for(draft)

    with frozen_at(local(2026, 1, 10, 9)):
        cancelled = services.meeting_plan(
            actor=actor,
            body=body,
            with_procedural_items=False,
            start=local(2031, 2, 5, 9),
            location_name="Rådhuset",
            status=Meeting.Status.CANCELLED,
            time_decided=False,
        )
        planned = services.meeting_plan(
            actor=actor,
            body=body,
            with_procedural_items=False,
            start=local(2031, 3, 12, 13, 30),
            end=local(2031, 3, 12, 15),
            location_name="Rådhuset",
            address="Storgatan 1",
            room="Sal A",
            online_url="https://teams.example.test/hemlig-lank",
        )
        item = services.item_add(
            actor=actor,
            meeting=planned,
            title="Budget 2032",
            kind="decision",
            presenters="Eva Ekonom",
            proposal="Styrelsen antar budgeten.",
            matter=budget_matter,
        )
        services.attachment_add(
            actor=actor, item=item, upload=SimpleUploadedFile("b.pdf", pdf_bytes()), title="Förslag"
        )
        services.attachment_add(actor=actor, item=item, upload=SimpleUploadedFile("k.pdf", pdf_bytes()), title="Kalkyl")
        secret_planned = services.item_add(
            actor=actor, meeting=planned, title="Personalärende Hemligsson", confidential=True
        )
        services.attachment_add(
            actor=actor,
            item=secret_planned,
            upload=SimpleUploadedFile("h.pdf", pdf_bytes()),
            title="Utredning om Hemligsson",
        )
    return World(
        body=body,
        other_body=other_body,
        held=held,
        awaiting=awaiting,
        draft=draft,
        cancelled=cancelled,
        planned=planned,
        other=other,
        minutes=Minutes.objects.get(pk=minutes.pk),
        people={"anna": anna, "bo": bo, "gustav": gustav},
    )


def get(url: str, status: int = 200) -> Any:
    response = Client().get(url)
    assert response.status_code == status, (url, response.content)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.json()


def ref(meeting: Meeting, **values: Any) -> dict[str, Any]:
    """The MeetingRef of a meeting: the given values over the fields every meeting has."""
    return {"id": meeting.pk, "body": "styrelsen", "end": None, "time_decided": True, "online": False} | values


def test_a_bodys_meetings_are_listed_in_order_without_online_links(world: World) -> None:
    assert get("/api/v1/bodies/styrelsen/meetings") == [
        ref(
            world.held,
            start="2025-05-20T07:00:00Z",
            end="2025-05-20T09:00:00Z",
            status="held",
            place="",
            online=True,
            minutes_published=True,
        ),
        ref(world.awaiting, start="2025-09-01T07:00:00Z", status="held", place="Rådhuset", minutes_published=False),
        ref(world.draft, start="2025-10-01T07:00:00Z", status="planned", place="Rådhuset", minutes_published=False),
        ref(
            world.cancelled,
            start="2031-02-05T08:00:00Z",
            time_decided=False,
            status="cancelled",
            place="Rådhuset",
            minutes_published=False,
        ),
        ref(
            world.planned,
            start="2031-03-12T12:30:00Z",
            end="2031-03-12T14:00:00Z",
            status="planned",
            place="Rådhuset, Storgatan 1, Sal A",
            online=True,
            minutes_published=False,
        ),
    ]
    assert get("/api/v1/bodies/beredningen/meetings") == [
        ref(
            world.other,
            body="beredningen",
            start="2025-06-04T11:00:00Z",
            status="held",
            place="GR",
            minutes_published=True,
        )
    ]


def test_a_planned_meeting_shows_its_public_agenda_without_paragraphs(world: World) -> None:
    assert get(f"/api/v1/meetings/{world.planned.pk}") == ref(
        world.planned,
        start="2031-03-12T12:30:00Z",
        end="2031-03-12T14:00:00Z",
        status="planned",
        place="Rådhuset, Storgatan 1, Sal A",
        online=True,
        minutes_published=False,
        items=[
            {
                "position": 1,
                "paragraph": None,
                "title": "Budget 2032",
                "kind": "decision",
                "presenters": "Eva Ekonom",
                "proposal": "Styrelsen antar budgeten.",
                "matter": "STY 2025/3",
                "attachments": ["Förslag", "Kalkyl"],
            }
        ],
    )


def test_a_meeting_with_published_minutes_shows_the_paragraphs(world: World) -> None:
    assert get(f"/api/v1/meetings/{world.held.pk}") == ref(
        world.held,
        start="2025-05-20T07:00:00Z",
        end="2025-05-20T09:00:00Z",
        status="held",
        place="",
        online=True,
        minutes_published=True,
        items=[
            {
                "position": 1,
                "paragraph": 1,
                "title": "Budget 2026",
                "kind": "decision",
                "presenters": "Eva Ekonom",
                "proposal": "Styrelsen antar budgeten.",
                "matter": "STY 2025/3",
                "attachments": ["Budgetförslag"],
            },
            {
                "position": 3,
                "paragraph": 3,
                "title": "Information om läget",
                "kind": "information",
                "presenters": "",
                "proposal": "",
                "matter": None,
                "attachments": [],
            },
        ],
    )


def test_minutes_awaiting_adjustment_keep_their_paragraphs_to_themselves(world: World) -> None:
    """Drawn up, the items have paragraphs (§ 4, after the three of May), but until the minutes
    are published the API shows none."""
    assert list(world.awaiting.items.values_list("paragraph", flat=True)) == [4]
    assert get(f"/api/v1/meetings/{world.awaiting.pk}") == ref(
        world.awaiting,
        start="2025-09-01T07:00:00Z",
        status="held",
        place="Rådhuset",
        minutes_published=False,
        items=[
            {
                "position": 1,
                "paragraph": None,
                "title": "Delårsrapport",
                "kind": "decision",
                "presenters": "",
                "proposal": "",
                "matter": None,
                "attachments": [],
            }
        ],
    )


def test_published_minutes_are_the_public_part_of_the_adjusted_content(world: World) -> None:
    assert services.minutes_verify(world.minutes)
    assert get(f"/api/v1/meetings/{world.held.pk}/minutes") == {
        "meeting": world.held.pk,
        "body": "styrelsen",
        "adjusted": "2025-05-21T08:00:00Z",
        "content_hash": world.minutes.content_hash,
        "intact": True,
        "attendance": [
            {
                "person": "Anna Ordförande",
                "capacity": "member",
                "status": "present",
                "replaced_by": None,
                "party": "S",
                "represents": "Testkommun",
                "description": "ordförande",
                "paragraphs": [],
                "positions": [],
                "chairs": [1, 3],
                "chair_positions": [1, 3],
            },
            {
                "person": "Bo Ledamot",
                "capacity": "member",
                "status": "absent",
                "replaced_by": None,
                "party": "M",
                "represents": "",
                "description": "",
                "paragraphs": [],
                "positions": [],
                "chairs": [],
                "chair_positions": [],
            },
        ],
        "items": [
            {
                "paragraph": 1,
                "title": "Budget 2026",
                "kind": "decision",
                "presenters": "Eva Ekonom",
                "notes": "Budgeten presenterades.",
                "decision": "Styrelsen antar budgeten.",
                "clauses": ["att anta budgeten för 2026"],
                "matter": "STY 2025/3",
            },
            {
                "paragraph": 3,
                "title": "Information om läget",
                "kind": "information",
                "presenters": "",
                "notes": "",
                "decision": "",
                "clauses": [],
                "matter": None,
            },
        ],
        "adjusters": ["Anna Ordförande"],
        "corrections": [{"made": "2025-06-02T12:15:00Z", "paragraph": 1, "text": "Budgeten gäller 2026."}],
    }


def test_minutes_changed_behind_the_applications_back_are_not_intact(world: World) -> None:
    content = world.minutes.content
    content["items"][0]["decision"] = "Styrelsen avslår budgeten."
    Minutes.objects.filter(pk=world.minutes.pk).update(content=content)

    data = get(f"/api/v1/meetings/{world.held.pk}/minutes")

    assert (data["intact"], data["content_hash"]) == (False, world.minutes.content_hash)
    assert data["items"][0]["decision"] == "Styrelsen avslår budgeten."


def test_decisions_come_from_published_minutes_only(world: World) -> None:
    budget = {
        "meeting": world.held.pk,
        "body": "styrelsen",
        "date": "2025-05-20",
        "paragraph": 1,
        "title": "Budget 2026",
        "kind": "decision",
        "decision": "Styrelsen antar budgeten.",
        "clauses": ["att anta budgeten för 2026"],
    }
    opinion = {
        "meeting": world.other.pk,
        "body": "beredningen",
        "date": "2025-06-04",
        "paragraph": 1,
        "title": "Yttrande",
        "kind": "position",
        "decision": "Beredningen tillstyrker.",
        "clauses": [],
    }
    # Newest meeting first.
    assert decisions("/api/v1/decisions") == [opinion, budget]
    assert decisions("/api/v1/decisions?body=styrelsen") == [budget]
    assert decisions("/api/v1/decisions?body=beredningen") == [opinion]
    assert decisions("/api/v1/decisions?year=2025") == [opinion, budget]
    assert decisions("/api/v1/decisions?year=2026") == []
    assert decisions("/api/v1/decisions?body=okant-organ") == []
    assert decisions("/api/v1/decisions?body=styrelsen&year=2025") == [budget]


def decisions(url: str) -> list[dict[str, Any]]:
    """The items of a page of /api/v1/decisions, checking that the page is the whole list."""
    page = get(url)
    assert page["count"] == len(page["items"]), page
    return list(page["items"])


def test_decisions_are_paged_newest_first(world: World) -> None:
    """A page holds at most `limit` decisions and `count` is the total; meetings newest first,
    items in agenda order within a meeting; items without a decision or clauses never count."""
    body = BodyFactory(key="radet", name="Rådet")
    for day in (3, 1, 2):
        meeting = MeetingFactory(body=body, start=local(2026, 2, day, 13))
        for position in (1, 2, 3):
            AgendaItemFactory(meeting=meeting, position=position, title=f"{day}:{position}", decision="Bifall.")
        AgendaItemFactory(meeting=meeting, position=4, title=f"{day}:clauses", clauses=["att bifalla"])
        AgendaItemFactory(meeting=meeting, position=5, title=f"{day}:information")  # no decision
        AgendaItemFactory(meeting=meeting, position=6, title=f"{day}:secret", decision="X.", confidential=True)
        publish(meeting)
    expected = [f"{day}:{p}" for day in (3, 2, 1) for p in ("1", "2", "3", "clauses")]

    first = get("/api/v1/decisions?body=radet&limit=5")
    assert first["count"] == 12
    assert [d["title"] for d in first["items"]] == expected[:5]
    rest = get("/api/v1/decisions?body=radet&limit=5&offset=10")
    assert (rest["count"], [d["title"] for d in rest["items"]]) == (12, expected[10:])
    everything = get("/api/v1/decisions?body=radet&year=2026")
    assert [d["title"] for d in everything["items"]] == expected
    # The newest decisions across bodies lead the unfiltered list.
    assert [d["title"] for d in get("/api/v1/decisions?limit=2")["items"]] == expected[:2]
    assert get("/api/v1/decisions")["count"] == 12 + 2
    assert get("/api/v1/decisions?limit=501", status=422)
    assert get("/api/v1/decisions?limit=0", status=422)


def test_nothing_confidential_and_no_online_link_is_in_the_api(world: World) -> None:
    urls = [
        "/api/v1/bodies/styrelsen/meetings",
        "/api/v1/decisions",
        *(f"/api/v1/meetings/{m.pk}" for m in (world.held, world.awaiting, world.draft, world.planned)),
        f"/api/v1/meetings/{world.held.pk}/minutes",
    ]
    for url in urls:
        text = Client().get(url).content.decode()
        for secret in ("Hemligsson", "Gustav Gäst", "teams.example.test"):
            assert secret not in text, (secret, url)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/meetings/999999",
        "/api/v1/meetings/999999/minutes",
        "/api/v1/bodies/okant-organ/meetings",
    ],
)
def test_unknown_ids_answer_404(world: World, url: str) -> None:
    assert get(url, status=404) == NOT_FOUND


@pytest.mark.parametrize("meeting", ["awaiting", "draft", "planned", "cancelled"])
def test_minutes_that_are_not_published_answer_404(world: World, meeting: str) -> None:
    pk = getattr(world, meeting).pk
    assert get(f"/api/v1/meetings/{pk}/minutes", status=404) == NOT_FOUND
    assert get(f"/api/v1/meetings/{pk}")["minutes_published"] is False


def test_the_minutes_stop_being_public_if_they_are_no_longer_published(world: World) -> None:
    Minutes.objects.filter(pk=world.minutes.pk).update(published_at=None)
    assert get(f"/api/v1/meetings/{world.held.pk}/minutes", status=404) == NOT_FOUND
    assert get("/api/v1/decisions?body=styrelsen") == {"items": [], "count": 0}
    assert get(f"/api/v1/meetings/{world.held.pk}")["items"][0]["paragraph"] is None
