"""The meeting pages as people use them, through the test client: the secretary plans a
meeting, builds the agenda and attaches papers; members report absence (logged in or from the
personal link in the notice); the secretary takes the roll call, draws up the minutes, the
adjusters confirm from their links and the minutes are published, with confidential items kept
out of everything public; the notice goes out by e-mail."""

from __future__ import annotations

import datetime
import io
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from unittest import mock

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import FileField
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from icalendar import Calendar
from pypdf import PdfReader

from samverkan.core.models import AuditEvent
from samverkan.meetings import links, services
from samverkan.meetings.models import Absence, AgendaItem, Attachment, Attendance, Meeting, Minutes
from samverkan.structure.models import Membership, Person
from tests.factories import MembershipFactory, PersonFactory, UserFactory
from tests.meetings.factories import STOCKHOLM
from tests.support import Personas, logged_in, text_pdf

pytestmark = pytest.mark.django_db

DAY = 24 * 60 * 60
SECRET_TITLE = "Personalärende Hemligsson"
SECRET_DECISION = "Hemligsson omplaceras till ekonomienheten."
SECRET_NOTES = "Hemligssons sjukskrivning diskuterades."
SECRET_GUEST = "Gustav Gäst"


# --- Helpers -----------------------------------------------------------------------------------


def sv(message: str, **values: Any) -> str:
    """A message as the Swedish site shows it (the English text while it is not translated)."""
    with translation.override("sv"):
        text = gettext(message)
    return text % values if values else text


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def form_data(form: Any) -> dict[str, Any]:
    """What a browser sends back for an unchanged form: each field's shown value."""
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    return data


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "") for page in reader.pages).split())


def streamed(response: Any) -> bytes:
    """The body of a streamed response. Reading it to the end closes the file (the test client
    wraps the stream so that closing does not close the test's database connection too)."""
    return b"".join(response.streaming_content)


def signed_at(seconds: float) -> Any:
    """Make django.core.signing stamp (and check) tokens at the given moment."""
    clock = mock.Mock(wraps=time)
    clock.time.return_value = seconds
    return mock.patch("django.core.signing.time", clock)


def unfolded(ics: bytes) -> str:
    """An iCalendar feed with its folded lines joined again (RFC 5545 3.1)."""
    return ics.decode().replace("\r\n ", "")


# --- The board: the personas' body with members, a substitute and an official -----------------


@dataclass
class Board:
    personas: Personas
    maria: Person  # the member persona's person
    per: Person
    sara: Person  # substitute for Maria
    olle: Person  # an official: not called, not in the roll call
    secretary2: Any

    @property
    def body(self) -> Any:
        return self.personas.body


@pytest.fixture
def board(personas: Personas) -> Board:
    maria = personas.person
    maria.email = "maria@example.test"
    maria.save()
    per = PersonFactory(name="Per Ledamot", email="per@example.test")
    MembershipFactory(body=personas.body, person=per, role=Membership.Role.MEMBER, party="M")
    sara = PersonFactory(name="Sara Ersättare", email="sara@example.test")
    MembershipFactory(body=personas.body, person=sara, role=Membership.Role.SUBSTITUTE, party="S", substitute_for=maria)
    olle = PersonFactory(name="Olle Tjänsteperson", email="olle@example.test")
    MembershipFactory(body=personas.body, person=olle, role=Membership.Role.OFFICIAL)
    secretary2 = UserFactory(username="secretary2")
    personas.body.secretaries.add(secretary2)
    return Board(personas=personas, maria=maria, per=per, sara=sara, olle=olle, secretary2=secretary2)


def planned_meeting(board: Board, *, days: int = 30, **fields: Any) -> Meeting:
    start = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=days)
    values = {"start": start, "end": start + datetime.timedelta(hours=2), "location_name": "Rådhuset"} | fields
    return services.meeting_plan(actor=board.personas.secretary, body=board.body, **values)


# --- Planning and the agenda -------------------------------------------------------------------


def test_a_meeting_saved_by_someone_else_meanwhile_is_not_overwritten(board: Board) -> None:
    meeting = planned_meeting(board)
    url = reverse("meetings:meeting_edit", kwargs={"pk": meeting.pk})
    client = logged_in(board.personas.secretary)
    data = form_data(client.get(url).context["form"]) | {"note": "Fika från 13.00."}
    # The other secretary moves the meeting to another room while the first one edits.
    services.meeting_update(actor=board.secretary2, meeting=meeting, version=meeting.version, room="Sal B")

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        sv(
            "Someone else saved this record while you were editing it. Your changes have not been saved: the "
            "form now shows what you typed; compare it with the saved version (open the page in a new tab) and "
            "save again."
        )
    ]
    saved = Meeting.objects.get(pk=meeting.pk)
    assert (saved.room, saved.note) == ("Sal B", "")
    # What was typed is still in the form, with the saved version: saving again keeps both.
    assert response.context["form"]["note"].value() == "Fika från 13.00."
    again = client.post(url, form_data(response.context["form"]) | {"room": "Sal B"})
    assert again.status_code == 302
    saved = Meeting.objects.get(pk=meeting.pk)
    assert (saved.room, saved.note, saved.version) == ("Sal B", "Fika från 13.00.", 3)


def test_every_label_of_the_meeting_form_starts_with_a_capital(board: Board) -> None:
    """The walk found "länk till det digitala mötet:" among capitalised labels."""
    client = logged_in(board.personas.secretary)
    page = client.get(reverse("meetings:meeting_create", kwargs={"key": "testorgan"})).content.decode()
    assert '<label for="id_online_url">Länk till det digitala mötet:</label>' in page
    labels = re.findall(r'<label for="id_[a-z_]+">([^<]+)</label>', page)
    assert labels and all(label[0].isupper() for label in labels), labels


def test_the_new_item_form_offers_a_new_matter_right_under_the_matter(board: Board) -> None:
    """The walk found "eller ett nytt ärende: diarienummer" below Sekretess and Att-satser, far
    from the Ärende it is the alternative to."""
    meeting = planned_meeting(board)
    page = logged_in(board.personas.secretary).get(reverse("meetings:agenda", kwargs={"pk": meeting.pk}))
    labels = re.findall(r'<label for="id_([a-z_]+)">', page.content.decode())
    assert labels == [
        "title",
        "kind",
        "presenters",
        "proposal",
        "matter",
        "new_matter_reference",
        "new_matter_title",
        "confidential",
        "clauses_text",
    ]


def test_the_item_form_finds_the_matter_by_a_part_of_its_reference_or_title(board: Board) -> None:
    """The matter is a search field, not a list of every matter: a part of the reference number
    or of the title that one matter has chooses it; several are offered to pick from."""
    meeting = planned_meeting(board)
    budget = services.matter_create(actor=None, reference="KS 2026/17", title="Budget 2027")
    services.matter_create(actor=None, reference="KS 2026/18", title="Budgetuppföljning")
    services.matter_create(actor=None, reference="KS 2026/19", title="Bredband")
    client = logged_in(board.personas.secretary)
    url = reverse("meetings:agenda", kwargs={"pk": meeting.pk})
    html = client.get(url).content.decode()
    assert '<select name="matter"' not in html and "Bredband" not in html
    assert 'data-suggest="/arenden/forslag.json"' in html

    item = {"title": "Bredbandsutbyggnad", "kind": "decision"}
    assert client.post(url, {**item, "matter": "bredb"}).status_code == 302
    assert AgendaItem.objects.get(title="Bredbandsutbyggnad").matter.reference == "KS 2026/19"

    several = client.post(url, {**item, "title": "Budget", "matter": "budget"})
    page = several.content.decode()
    assert "2 träffar på ”budget”: välj ett nedan." in page
    assert '<label for="id_matter_pick_0">KS 2026/18 Budgetuppföljning</label>' in page
    assert '<label for="id_matter_pick_1">KS 2026/17 Budget 2027</label>' in page
    picked = client.post(url, {**item, "title": "Budget", "matter": "budget", "matter__pick": "KS 2026/17"})
    assert picked.status_code == 302
    added = AgendaItem.objects.get(title="Budget")
    assert added.matter == budget

    # Editing shows the matter by its label, and sending it back unchanged keeps it.
    edit = reverse("meetings:item_edit", kwargs={"pk": meeting.pk, "item_pk": added.pk})
    assert 'value="KS 2026/17 Budget 2027"' in client.get(edit).content.decode()
    none = client.post(url, {**item, "title": "Okänt", "matter": "finns inte"}).content.decode()
    assert "Inget ärende har ”finns inte” i diarienumret eller titeln." in none


def test_the_matter_suggestions_are_for_logged_in_users(board: Board) -> None:
    services.matter_create(actor=None, reference="KS 2026/19", title="Bredband")
    assert Client().get("/arenden/forslag.json", {"q": "bredb"}).status_code in (302, 403)
    response = logged_in(board.personas.secretary).get("/arenden/forslag.json", {"q": "bredb"})
    assert response.json() == {"results": [{"key": "KS 2026/19", "label": "KS 2026/19 Bredband"}], "more": False}
    assert logged_in(board.personas.secretary).get("/arenden/forslag.json", {"q": "x\x00y"}).status_code == 400


def test_who_stood_in_is_found_by_name_not_chosen_from_the_whole_register(board: Board) -> None:
    """The roll call row's "replaced by" is a search field: the page does not list every person
    of the register; a part of a name one person has chooses them, and the page shows the name."""
    meeting = planned_meeting(board)
    row = Attendance.objects.create(meeting=meeting, person=board.maria, capacity="member", status="replaced")
    PersonFactory(name="Sara Ersättning")  # "sara" now matches two people
    client = logged_in(board.personas.secretary)
    url = reverse("meetings:attendance_edit", kwargs={"pk": meeting.pk, "attendance_pk": row.pk})
    page = client.get(url)
    html = page.content.decode()
    assert '<select name="replaced_by"' not in html and 'data-suggest="/personer/forslag.json"' in html
    data = form_data(page.context["form"])

    several = client.post(url, data | {"replaced_by": "sara"}).content.decode()
    assert "2 träffar på ”sara”: välj ett nedan." in several
    saved = client.post(url, data | {"replaced_by": board.sara.name})
    assert saved.status_code == 302
    assert Attendance.objects.get(pk=row.pk).replaced_by == board.sara
    assert f'value="{board.sara.name}"' in client.get(url).content.decode()
    # The suggestions are for logged-in users.
    assert Client().get("/personer/forslag.json", {"q": "sara"}).status_code in (302, 403)
    labels = [r["label"] for r in client.get("/personer/forslag.json", {"q": "sara"}).json()["results"]]
    assert labels == sorted([board.sara.name, "Sara Ersättning"])


def test_a_secretary_plans_a_meeting_through_the_form(board: Board) -> None:
    client = logged_in(board.personas.secretary)
    url = reverse("meetings:meeting_create", kwargs={"key": "testorgan"})
    assert client.get(url).status_code == 200
    year = timezone.localdate().year + 1
    data = {
        "start": f"{year}-03-12T13:30",
        "end": f"{year}-03-12T15:00",
        "time_decided": "on",
        "status": "planned",
        "location_name": "Rådhuset",
        "address": "Storgatan 1",
        "room": "Sal A",
        "note": "Fika från 13.00.",
    }

    response = client.post(url, data, follow=True)

    meeting = Meeting.objects.get()
    assert response.redirect_chain == [(f"/moten/{meeting.pk}/dagordning/", 302)]
    assert messages_of(response) == [sv("The meeting was added to the plan.")]
    assert (meeting.body, meeting.start, meeting.end, meeting.time_decided, meeting.status) == (
        board.body,
        datetime.datetime(year, 3, 12, 13, 30, tzinfo=STOCKHOLM),
        datetime.datetime(year, 3, 12, 15, 0, tzinfo=STOCKHOLM),
        True,
        "planned",
    )
    assert (meeting.location_name, meeting.address, meeting.room, meeting.online_url, meeting.note) == (
        "Rådhuset",
        "Storgatan 1",
        "Sal A",
        "",
        "Fika från 13.00.",
    )
    assert list(meeting.items.values_list("position", "kind", "title")) == [
        (1, "opening", "Mötet öppnas"),
        (2, "adjuster", "Val av justerare"),
        (3, "agenda", "Godkännande av dagordningen"),
        (4, "previous_minutes", "Föregående protokoll"),
        (5, "other_business", "Övriga frågor"),
        (6, "closing", "Mötet avslutas"),
    ]
    assert list(AuditEvent.objects.values_list("actor_label", "action", "target_repr")) == [
        ("secretary", "create", f"Testorganet {year}-03-12")
    ]
    # The agenda page the secretary lands on shows the meeting and its items.
    html = response.content.decode()
    assert f"/moten/{meeting.pk}/kallelse/skicka/" in html
    assert "Rådhuset, Storgatan 1. " in html
    assert "Mötet avslutas" in html


def test_a_meeting_planned_in_the_past_is_added_with_a_word_on_its_status(board: Board) -> None:
    """Planned for yesterday, the meeting is added (a secretary may record one that took place)
    but the page says it starts in the past and how to mark it held; one held already gets no such word."""
    client = logged_in(board.personas.secretary)
    url = reverse("meetings:meeting_create", kwargs={"key": "testorgan"})
    day = timezone.localdate() - datetime.timedelta(days=1)
    data = {"start": f"{day:%Y-%m-%d}T13:30", "time_decided": "on", "location_name": "Rådhuset"}
    warning = sv(
        "The meeting starts in the past. If it has taken place, set its status to held under “Time and "
        "place”; no notice can be sent for a meeting that has begun."
    )
    assert warning.startswith("Mötet börjar bakåt i tiden.")

    planned = client.post(url, data | {"status": "planned"}, follow=True)
    assert messages_of(planned) == [sv("The meeting was added to the plan."), warning]
    # Its page offers no notice to send: one cannot go out for a meeting that has begun.
    assert "/kallelse/skicka/" not in planned.content.decode()

    held = client.post(url, data | {"status": "held", "start": f"{day:%Y-%m-%d}T09:00"}, follow=True)
    assert messages_of(held) == [sv("The meeting was added to the plan.")]
    assert sorted(Meeting.objects.values_list("status", flat=True)) == ["held", "planned"]


def test_the_meeting_form_needs_a_place_or_an_online_link(board: Board) -> None:
    client = logged_in(board.personas.secretary)
    url = reverse("meetings:meeting_create", kwargs={"key": "testorgan"})
    year = timezone.localdate().year + 1
    data = {"start": f"{year}-03-12T13:30", "status": "planned", "time_decided": "on"}

    refused = client.post(url, data)

    assert refused.status_code == 200
    assert refused.context["form"].errors == {"__all__": [sv("Give a place, or a link for an online meeting.")]}
    assert sv("Give a place, or a link for an online meeting.") in refused.content.decode()
    assert Meeting.objects.count() == 0
    assert AuditEvent.objects.count() == 0

    accepted = client.post(url, data | {"online_url": "https://teams.example.test/styrelsen"})
    meeting = Meeting.objects.get()
    assert (accepted.status_code, accepted["Location"]) == (302, f"/moten/{meeting.pk}/dagordning/")
    assert (meeting.online_url, meeting.location_name, meeting.end, meeting.is_online) == (
        "https://teams.example.test/styrelsen",
        "",
        None,
        True,
    )


def test_a_secretary_adds_an_item_before_the_closing_items(board: Board) -> None:
    meeting = planned_meeting(board)
    matter = services.matter_create(actor=None, reference="KS 2026/17", title="Budget")
    client = logged_in(board.personas.secretary)
    url = reverse("meetings:agenda", kwargs={"pk": meeting.pk})
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {
            "title": "Budget 2027",
            "kind": "decision",
            "presenters": "Eva Ekonom",
            "proposal": "Styrelsen antar budgeten.",
            "matter": "KS 2026/17",  # the matter's key: its reference number
        },
        follow=True,
    )

    assert response.redirect_chain == [(url, 302)]
    assert messages_of(response) == [sv("The item was added.")]
    assert list(meeting.items.order_by("position").values_list("position", "title")) == [
        (1, "Mötet öppnas"),
        (2, "Val av justerare"),
        (3, "Godkännande av dagordningen"),
        (4, "Föregående protokoll"),
        (5, "Budget 2027"),
        (6, "Övriga frågor"),
        (7, "Mötet avslutas"),
    ]
    item = AgendaItem.objects.get(title="Budget 2027")
    assert (item.kind, item.presenters, item.proposal, item.matter, item.confidential, item.version) == (
        "decision",
        "Eva Ekonom",
        "Styrelsen antar budgeten.",
        matter,
        False,
        1,
    )
    assert [i.title for i in response.context["items"]][4] == "Budget 2027"
    event = AuditEvent.objects.get(target_repr="5. Budget 2027")
    assert (event.actor, event.action) == (board.personas.secretary, "create")


def test_the_meeting_page_names_the_type_of_an_item_only_where_its_title_does_not(board: Board) -> None:
    """ "Mötet öppnas (öppnande)" said it twice: a procedural item's title is its type."""
    meeting = planned_meeting(board)
    services.item_add(actor=board.personas.secretary, meeting=meeting, title="Budget 2027", kind="decision")
    text = " ".join(
        re.sub(
            r"<[^>]+>", " ", logged_in(board.personas.secretary).get(meeting.get_absolute_url()).content.decode()
        ).split()
    )
    assert "Budget 2027 (beslut)" in text
    assert "Mötet öppnas Val av justerare Godkännande av dagordningen" in text
    assert "(öppnande)" not in text and "(övriga frågor)" not in text and "(avslutning)" not in text


def test_a_secretary_writes_the_decision_and_its_clauses(board: Board) -> None:
    meeting = planned_meeting(board, with_procedural_items=False)
    item = services.item_add(actor=None, meeting=meeting, title="Budget 2027", kind="decision")
    client = logged_in(board.personas.secretary)
    url = reverse("meetings:item_edit", kwargs={"pk": meeting.pk, "item_pk": item.pk})
    form = client.get(url).context["form"]
    assert form["version"].value() == 1
    data = form_data(form) | {
        "decision": "Styrelsen beslutar enligt förslaget.",
        "clauses_text": "att anta budgeten för 2027\n\n  att uppdra åt direktören att verkställa beslutet  \n",
    }

    response = client.post(url, data, follow=True)

    assert response.redirect_chain == [(f"/moten/{meeting.pk}/dagordning/", 302)]
    assert messages_of(response) == [sv("Your changes were saved.")]
    item.refresh_from_db()
    assert (item.decision, item.clauses, item.version, item.title) == (
        "Styrelsen beslutar enligt förslaget.",
        ["att anta budgeten för 2027", "att uppdra åt direktören att verkställa beslutet"],
        2,
        "Budget 2027",
    )
    # Opened again, the form shows the clauses one per line and the new version.
    again = client.get(url).context["form"]
    assert again["clauses_text"].value() == (
        "att anta budgeten för 2027\natt uppdra åt direktören att verkställa beslutet"
    )
    assert again["version"].value() == 2


def test_two_secretaries_edit_the_same_item_and_the_second_is_refused(board: Board) -> None:
    meeting = planned_meeting(board, with_procedural_items=False)
    item = services.item_add(actor=None, meeting=meeting, title="Budget 2027", kind="decision")
    url = reverse("meetings:item_edit", kwargs={"pk": meeting.pk, "item_pk": item.pk})
    first, second = logged_in(board.personas.secretary), logged_in(board.secretary2)
    first_form, second_form = first.get(url).context["form"], second.get(url).context["form"]
    assert first_form["version"].value() == second_form["version"].value() == 1

    saved = first.post(url, form_data(first_form) | {"decision": "Första sekreterarens beslut."})
    assert saved.status_code == 302
    refused = second.post(
        url, form_data(second_form) | {"decision": "Andra sekreterarens beslut.", "clauses_text": "att vänta"}
    )

    message = sv(
        "Someone else saved this item while you were editing it. Nothing of yours was lost: "
        "your text is still in the form. Compare with the saved version and save again."
    )
    assert refused.status_code == 200
    assert refused.context["form"].non_field_errors() == [message]
    assert message in refused.content.decode()
    # The form still shows what the second secretary typed.
    assert refused.context["form"]["decision"].value() == "Andra sekreterarens beslut."
    assert refused.context["form"]["clauses_text"].value() == "att vänta"
    assert "Andra sekreterarens beslut.</textarea>" in refused.content.decode()
    # The saved item keeps the first secretary's text.
    item.refresh_from_db()
    assert (item.decision, item.clauses, item.version) == ("Första sekreterarens beslut.", [], 2)
    assert list(AuditEvent.objects.filter(action="update").values_list("actor_label", "changes")) == [
        ("secretary", {"decision": ["", "Första sekreterarens beslut."]})
    ]
    # Having compared, the second secretary saves the form as shown, now from the saved version.
    assert refused.context["form"]["version"].value() == "2"
    assert '<input type="hidden" name="version" value="2"' in refused.content.decode()
    again = second.post(url, form_data(refused.context["form"]))
    assert again.status_code == 302
    item.refresh_from_db()
    assert (item.decision, item.clauses, item.version) == ("Andra sekreterarens beslut.", ["att vänta"], 3)


# --- Attachments -------------------------------------------------------------------------------


def attach(client: Client, item: AgendaItem, name: str, data: bytes, title: str = "") -> Any:
    url = reverse("meetings:attachment_add", kwargs={"pk": item.meeting_id, "item_pk": item.pk})
    return client.post(url, {"file": SimpleUploadedFile(name, data), "title": title})


def test_a_pdf_is_attached_through_the_form_and_can_be_downloaded(board: Board) -> None:
    meeting = planned_meeting(board, with_procedural_items=False)
    item = services.item_add(actor=None, meeting=meeting, title="Budget 2027", kind="decision")
    data = text_pdf("Budget 2027 for Testorganet")
    client = logged_in(board.personas.secretary)

    response = attach(client, item, "budgetforslag-2027.pdf", data, title="Förslag till budget")

    assert (response.status_code, response["Location"]) == (302, f"/moten/{meeting.pk}/dagordning/")
    paper = Attachment.objects.get()
    assert (paper.item, paper.title, paper.original_name, paper.content_type, paper.size, paper.text) == (
        item,
        "Förslag till budget",
        "budgetforslag-2027.pdf",
        "application/pdf",
        len(data),
        "Budget 2027 for Testorganet",
    )
    assert default_storage.exists(paper.file.name)
    url = reverse("meetings:attachment", kwargs={"pk": meeting.pk, "attachment_pk": paper.pk})
    # Anyone may read a public item's paper, logged in or not.
    download = Client().get(url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert 'filename="budgetforslag-2027.pdf"' in download["Content-Disposition"]
    assert streamed(download) == data
    # The public meeting page links to it.
    html = Client().get(meeting.get_absolute_url()).content.decode()
    assert f'<a href="{url}">Förslag till budget</a>' in html


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        pytest.param(
            "protokoll.pdf",
            "Det här är en textfil.\n".encode(),
            lambda: sv("The file is not a PDF or Word (DOCX) document and cannot be read."),
            id="text-renamed-pdf",
        ),
    ],
)
def test_a_file_that_is_not_a_readable_pdf_is_refused_in_the_form(
    board: Board, name: str, data: bytes, error: Callable[[], str]
) -> None:
    meeting = planned_meeting(board, with_procedural_items=False)
    item = services.item_add(actor=None, meeting=meeting, title="Budget 2027", kind="decision")
    events = AuditEvent.objects.count()

    response = attach(logged_in(board.personas.secretary), item, name, data)

    assert response.status_code == 200
    assert response.context["form"].errors == {"__all__": [error()]}
    assert error() in response.content.decode()
    assert Attachment.objects.count() == 0
    assert AuditEvent.objects.count() == events
    assert not default_storage.exists(f"attachments/{timezone.now():%Y}/{name}")


def test_a_damaged_pdf_is_stored_and_refused_by_the_worker_with_the_reason_on_the_agenda(board: Board) -> None:
    """A file that starts as a PDF is stored as being read; the worker's reading (at once in the
    tests) refuses it, and the secretary sees why where the papers are listed; the public page
    does not list it and its address serves nothing."""
    meeting = planned_meeting(board, with_procedural_items=False)
    item = services.item_add(actor=None, meeting=meeting, title="Budget 2027", kind="decision")

    response = attach(logged_in(board.personas.secretary), item, "trasig.pdf", b"%PDF-1.4\nthis is not really a pdf\n")

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    reason = sv("The PDF is damaged or incomplete and cannot be read.")
    assert (attachment.reading, attachment.refusal) == ("refused", reason)
    agenda = logged_in(board.personas.secretary).get(reverse("meetings:agenda", kwargs={"pk": meeting.pk}))
    assert f'Avvisad</span> <span class="refusal">{reason}' in agenda.content.decode()
    url = reverse("meetings:attachment", kwargs={"pk": meeting.pk, "attachment_pk": attachment.pk})
    assert url not in Client().get(meeting.get_absolute_url()).content.decode()
    assert Client().get(url).status_code == 404


def test_an_empty_file_is_refused_in_the_form(board: Board) -> None:
    meeting = planned_meeting(board, with_procedural_items=False)
    item = services.item_add(actor=None, meeting=meeting, title="Budget 2027", kind="decision")
    events = AuditEvent.objects.count()

    response = attach(logged_in(board.personas.secretary), item, "tom.pdf", b"")

    with translation.override("sv"):
        empty = str(FileField.default_error_messages["empty"])
    assert response.status_code == 200
    assert response.context["form"].errors == {"file": [empty]}
    assert empty in response.content.decode()
    assert Attachment.objects.count() == 0
    assert AuditEvent.objects.count() == events
    assert not default_storage.exists(f"attachments/{timezone.now():%Y}/tom.pdf")


def test_a_sent_notice_is_public_without_its_confidential_items_and_absences(
    board: Board, login: Callable[[str], Client]
) -> None:
    """The public feed says the notice was sent: the public may read it, as PRODUCT.md has
    everything public published as PDF too. Before it is sent it is the members' only; the
    public's copy leaves confidential items and who reported absence out."""
    from samverkan.meetings.notices import notice_send

    meeting = planned_meeting(board, with_procedural_items=False)
    services.item_add(actor=None, meeting=meeting, title="Budget 2027", kind="decision")
    services.item_add(actor=None, meeting=meeting, title=SECRET_TITLE, confidential=True)
    services.absence_report(actor=None, meeting=meeting, person=board.per, via=Absence.Via.SECRETARY)
    url = reverse("meetings:notice_pdf", kwargs={"pk": meeting.pk})
    anonymous = login("anonymous")
    assert anonymous.get(url).status_code == 302  # not sent: log in as a member
    assert url not in anonymous.get(meeting.get_absolute_url()).content.decode()

    notice_send(actor=board.personas.secretary, meeting=meeting)

    assert url in anonymous.get(meeting.get_absolute_url()).content.decode()
    public = anonymous.get(url)
    assert public.status_code == 200 and public["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(public.content)).pages)
    assert "Budget 2027" in text
    assert SECRET_TITLE not in text and "Per Ledamot (anmält" not in text and "förhinder är sedan" not in text.lower()
    members = login("member").get(url)
    full = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(members.content)).pages)
    assert SECRET_TITLE in full and "Per Ledamot" in full and "Förhinder är sedan tidigare anmält" in full


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 404), ("outsider", 404), ("other_secretary", 404), ("member", 200), ("secretary", 200)],
)
def test_a_confidential_items_paper_is_only_for_members(
    board: Board, login: Callable[[str], Client], persona: str, status: int
) -> None:
    meeting = planned_meeting(board, with_procedural_items=False)
    item = services.item_add(actor=None, meeting=meeting, title=SECRET_TITLE, confidential=True)
    data = text_pdf("Utredning om Hemligsson")
    assert attach(logged_in(board.personas.secretary), item, "utredning.pdf", data).status_code == 302
    paper = Attachment.objects.get()

    response = login(persona).get(reverse("meetings:attachment", kwargs={"pk": meeting.pk, "attachment_pk": paper.pk}))

    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert streamed(response) == data
    else:
        assert b"Hemligsson" not in response.content


# --- Absence -----------------------------------------------------------------------------------


def test_a_member_reports_absence_and_the_secretary_sees_whom_to_call_in(board: Board) -> None:
    meeting = planned_meeting(board)
    member = logged_in(board.personas.member)
    page = member.get(meeting.get_absolute_url())
    assert sv("Report that I cannot come") in page.content.decode()

    response = member.post(reverse("meetings:absence_report", kwargs={"pk": meeting.pk}), follow=True)

    assert response.redirect_chain == [(meeting.get_absolute_url(), 302)]
    assert messages_of(response) == [sv("Your absence is noted. Thank you for letting us know.")]
    assert sv("You have reported that you cannot come.") in response.content.decode()
    absence = Absence.objects.get()
    assert (absence.meeting, absence.person, absence.via, absence.note) == (meeting, board.maria, "login", "")
    event = AuditEvent.objects.get(target_repr=str(absence))
    assert (event.actor, event.action, event.source) == (board.personas.member, "create", "web")

    absences = logged_in(board.personas.secretary).get(reverse("meetings:absences", kwargs={"pk": meeting.pk}))
    assert absences.context["absences"] == [absence]
    assert absences.context["to_call"] == [services.SubstituteCall(board.maria, [board.sara], paired=True)]
    html = absences.content.decode()
    assert "<li>Maria Medlem <span" in html
    assert '<tr><td>Maria Medlem</td><td>Sara Ersättare (<a href="mailto:sara@example.test">' in html


def test_the_personal_absence_link_works_without_log_in_and_only_once(board: Board) -> None:
    meeting = planned_meeting(board)
    url = links.absence_url(meeting.pk, board.per.pk)
    client = Client()
    page = client.get(url)
    assert page.status_code == 200
    assert page.templates[0].name == "meetings/absence_link.html"
    assert "Per Ledamot" in page.content.decode()
    assert sv("I cannot come") in page.content.decode()
    events = AuditEvent.objects.count()

    first = client.post(url, {"note": "Sjuk"})
    second = client.post(url, {"note": "Fortfarande sjuk"})

    thanks = sv("Thank you. %(name)s is noted as unable to come.", name="Per Ledamot")
    for response in (first, second):
        assert response.status_code == 200
        assert thanks in response.content.decode()
    absence = Absence.objects.get()
    assert (absence.meeting, absence.person, absence.via, absence.note) == (meeting, board.per, "link", "Sjuk")
    assert list(AuditEvent.objects.order_by("pk").values_list("actor", "source", "action"))[events:] == [
        (None, "link", "create")
    ]
    # The secretary's page shows it, with nobody to call in (Per has no paired substitute).
    absences = logged_in(board.personas.secretary).get(reverse("meetings:absences", kwargs={"pk": meeting.pk}))
    assert [(c.member, c.substitutes, c.paired) for c in absences.context["to_call"]] == [(board.per, [], False)]


def _forged(meeting: Meeting, person: Person) -> str:
    payload, stamp, _signature = links.absence_token(meeting.pk, person.pk).rsplit(":", 2)
    return f"{payload}:{stamp}:{'A' * 27}"


def _another_purpose(meeting: Meeting, person: Person) -> str:
    return links.adjust_token(meeting.pk, person.pk)


def _expired(meeting: Meeting, person: Person) -> str:
    with signed_at(time.time() - 121 * DAY):
        return links.absence_token(meeting.pk, person.pk)


def _another_person(meeting: Meeting, person: Person) -> str:
    """Someone else's valid link with the person swapped under its signature."""
    token = links.absence_token(meeting.pk, person.pk)
    other = links.absence_token(meeting.pk, person.pk + 1000).rsplit(":", 2)[0]
    return other + ":" + token.split(":", 1)[1]


@pytest.mark.parametrize(
    "make_token",
    [_forged, _another_purpose, _expired, _another_person, lambda m, p: "inte-en-lank"],
    ids=["forged", "adjust-token", "expired", "swapped-person", "garbage"],
)
def test_a_bad_absence_link_answers_400_and_records_nothing(board: Board, make_token: Callable) -> None:
    meeting = planned_meeting(board)
    token = make_token(meeting, board.per)
    url = reverse("meetings:absence_link", kwargs={"token": token})
    events = AuditEvent.objects.count()
    client = Client()

    for response in (client.get(url), client.post(url, {"note": "Sjuk"})):
        assert response.status_code == 400
        assert response.templates[0].name == "meetings/bad_link.html"
        assert sv("The link does not work") in response.content.decode()

    assert Absence.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_a_link_that_is_still_valid_on_its_last_day_works(board: Board) -> None:
    meeting = planned_meeting(board)
    with signed_at(time.time() - 119 * DAY):
        token = links.absence_token(meeting.pk, board.per.pk)
    response = Client().post(reverse("meetings:absence_link", kwargs={"token": token}))
    assert response.status_code == 200
    assert Absence.objects.get().person == board.per


WITHDRAWN = (
    "The link has been withdrawn: the meeting is cancelled, or the minutes were sent to you again, or you are "
    "no longer one of their adjusters. Nothing has been recorded. Contact the body's secretary."
)


def assert_revoked(url: str, events: int) -> None:
    """The link answers the page of a withdrawn link, GET and POST, and nothing is recorded."""
    client = Client()
    for response in (client.get(url), client.post(url, {"note": "Sjuk"})):
        assert response.status_code == 400
        html = response.content.decode()
        assert sv("The link does not work") in html
        assert sv(WITHDRAWN) in html
    assert AuditEvent.objects.count() == events


def test_an_absence_link_is_revoked_when_the_meeting_is_cancelled(board: Board) -> None:
    meeting = planned_meeting(board)
    url = links.absence_url(meeting.pk, board.per.pk)
    assert Client().get(url).status_code == 200

    services.meeting_update(actor=board.personas.secretary, meeting=meeting, status=Meeting.Status.CANCELLED)

    assert_revoked(url, AuditEvent.objects.count())
    assert Absence.objects.count() == 0


def test_an_adjustment_link_is_revoked_when_the_person_is_no_longer_an_adjuster(board: Board) -> None:
    start = timezone.now() - datetime.timedelta(hours=3)
    meeting = services.meeting_plan(actor=None, body=board.body, start=start, with_procedural_items=False)
    services.item_add(actor=None, meeting=meeting, title="Information", kind="information")
    secretary = board.personas.secretary
    services.minutes_draw_up(actor=secretary, meeting=meeting, adjusters=[board.maria, board.per])
    minutes = Minutes.objects.get(meeting=meeting)
    maria_link, per_link = (links.adjuster_url(minutes, a) for a in minutes.adjusters.order_by("person__name"))
    assert Client().get(per_link).status_code == 200

    # Reopened, the minutes go out again with new links: the ones sent before no longer work.
    services.minutes_reopen(actor=secretary, minutes=minutes)
    assert_revoked(maria_link, AuditEvent.objects.count())
    # Drawn up again without Per: his link is withdrawn; Maria's new link works.
    services.minutes_draw_up(actor=secretary, meeting=meeting, adjusters=[board.maria])
    assert_revoked(per_link, AuditEvent.objects.count())
    minutes.refresh_from_db()
    new_link = links.adjuster_url(minutes, minutes.adjusters.get())
    assert new_link != maria_link
    # Reopened again and Per named again: his new link works, the one from the first round not.
    services.minutes_reopen(actor=secretary, minutes=minutes)
    services.minutes_draw_up(actor=secretary, meeting=meeting, adjusters=[board.maria, board.per])
    assert_revoked(per_link, AuditEvent.objects.count())
    assert_revoked(new_link, AuditEvent.objects.count())
    minutes.refresh_from_db()
    for adjuster in minutes.adjusters.all():
        assert Client().post(links.adjuster_url(minutes, adjuster)).status_code == 200
    assert Minutes.objects.get(pk=minutes.pk).status == Minutes.Status.ADJUSTED


@pytest.mark.parametrize("state", ["held", "begun"])
def test_an_absence_link_for_a_meeting_that_has_begun_records_nothing(board: Board, state: str) -> None:
    if state == "held":
        meeting = planned_meeting(board, days=-2, status=Meeting.Status.HELD)
    else:  # planned, but it started an hour ago
        meeting = planned_meeting(board, days=0)
        Meeting.objects.filter(pk=meeting.pk).update(start=timezone.now() - datetime.timedelta(hours=1))
    url = links.absence_url(meeting.pk, board.per.pk)
    events = AuditEvent.objects.count()

    opened = Client().get(url).content.decode()
    assert sv("The meeting has already taken place.") in opened
    assert sv("I cannot come") not in opened  # no button to press in vain

    response = Client().post(url, {"note": "Sjuk"})

    assert response.status_code == 200
    html = response.content.decode()
    assert sv("The meeting has already taken place.") in html
    assert sv("I cannot come") not in html
    assert Absence.objects.count() == 0
    assert AuditEvent.objects.count() == events


# --- Minutes: roll call, drawing up, adjustment, publication -----------------------------------


@dataclass
class HeldMeeting:
    meeting: Meeting
    budget: AgendaItem
    secret: AgendaItem
    info: AgendaItem


def held_meeting(board: Board) -> HeldMeeting:
    """A meeting that began three hours ago: § 1 a public decision, § 2 a confidential one,
    § 3 public information."""
    start = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=3)
    meeting = services.meeting_plan(
        actor=None,
        body=board.body,
        start=start,
        end=start + datetime.timedelta(hours=2),
        location_name="Rådhuset",
        with_procedural_items=False,
    )
    budget = services.item_add(
        actor=None,
        meeting=meeting,
        title="Budget 2027",
        kind="decision",
        decision="Styrelsen antar budgeten.",
        clauses=["att anta budgeten för 2027", "att uppdra åt direktören att verkställa beslutet"],
    )
    secret = services.item_add(
        actor=None,
        meeting=meeting,
        title=SECRET_TITLE,
        kind="decision",
        confidential=True,
        notes=SECRET_NOTES,
        decision=SECRET_DECISION,
    )
    info = services.item_add(
        actor=None, meeting=meeting, title="Information om läget", notes="Direktören informerade om läget."
    )
    return HeldMeeting(meeting=meeting, budget=budget, secret=secret, info=info)


def test_the_minutes_from_the_roll_call_to_publication(board: Board) -> None:
    held = held_meeting(board)
    meeting = held.meeting
    secretary = logged_in(board.personas.secretary)
    roll_call = reverse("meetings:attendance", kwargs={"pk": meeting.pk})

    # The roll call starts from the body's members (not the official).
    prepared = secretary.post(roll_call, {"action": "prepare"}, follow=True)
    assert messages_of(prepared) == [sv("%(n)s member(s) added to the roll call.", n=3)]
    rows = prepared.context["rows"]
    assert [(r.person.name, r.capacity, r.status, r.party) for r in rows] == [
        ("Maria Medlem", "member", "present", "S"),
        ("Per Ledamot", "member", "present", "M"),
        ("Sara Ersättare", "substitute", "present", "S"),
    ]
    # A guest who is there only for the confidential item.
    added = secretary.post(
        roll_call,
        {"action": "add", "new_person_name": SECRET_GUEST, "capacity": "guest", "description": "revisor"},
        follow=True,
    )
    assert messages_of(added) == [sv("%(name)s was added.", name=SECRET_GUEST)]
    guest = Attendance.objects.get(person__name=SECRET_GUEST)
    per = Attendance.objects.get(person=board.per)

    def edit(row: Attendance, **changes: Any) -> Any:
        url = reverse("meetings:attendance_edit", kwargs={"pk": meeting.pk, "attendance_pk": row.pk})
        return secretary.post(url, form_data(secretary.get(url).context["form"]) | changes, follow=True)

    edited = edit(guest, items=[str(held.secret.pk)])
    assert edited.redirect_chain == [(roll_call, 302)]
    assert messages_of(edited) == [sv("Your changes were saved.")]
    edit(per, chair_items=[str(held.budget.pk), str(held.secret.pk), str(held.info.pk)], description="ordförande")
    assert list(Attendance.objects.get(pk=guest.pk).items.all()) == [held.secret]
    assert list(Attendance.objects.get(pk=per.pk).chair_items.order_by("position")) == [
        held.budget,
        held.secret,
        held.info,
    ]
    roll = secretary.get(roll_call).content.decode()
    assert "<td>2.</td>" in roll  # the guest, present only for item 2
    assert "<td>1., 2., 3.</td>" in roll  # Per chairs every item

    # Drawing up numbers the paragraphs and names the adjusters with their personal links.
    minutes_url = reverse("meetings:minutes_edit", kwargs={"pk": meeting.pk})
    form = secretary.get(minutes_url).context["draw_up"]
    assert form["first_paragraph"].value() == 1
    drawn = secretary.post(
        minutes_url,
        {
            "action": "draw_up",
            "adjusters": [str(board.maria.pk), str(board.per.pk)],
            "first_paragraph": "1",
            "secretary": str(board.sara.pk),
        },
        follow=True,
    )
    assert drawn.redirect_chain == [(minutes_url, 302)]
    assert messages_of(drawn) == [sv("The minutes are drawn up and sent for adjustment.")]
    assert list(meeting.items.order_by("position").values_list("paragraph", "title")) == [
        (1, "Budget 2027"),
        (2, SECRET_TITLE),
        (3, "Information om läget"),
    ]
    minutes = Minutes.objects.get(meeting=meeting)
    assert (minutes.status, minutes.secretary) == ("awaiting", board.sara)
    assert Meeting.objects.get(pk=meeting.pk).status == "held"
    hrefs = re.findall(r'href="(/justering/[^"]+/)"', drawn.content.decode())
    assert len(hrefs) == 2
    targets = [links.read_adjust_token(resolve(href).kwargs["token"]) for href in hrefs]
    assert [(t.object_id, t.person_id) for t in targets] == [(minutes.pk, board.maria.pk), (minutes.pk, board.per.pk)]
    # Awaiting adjustment, the minutes are not public yet.
    assert Client().get(reverse("meetings:minutes", kwargs={"pk": meeting.pk})).status_code == 404

    # Each adjuster confirms from their link, without logging in; the last one publishes.
    maria_link, per_link = hrefs
    page = Client().get(maria_link)
    assert page.status_code == 200
    assert sv("I confirm the minutes") in page.content.decode()
    assert "§ 1 Budget 2027" in page.content.decode()
    # The button comes after the minutes it confirms (the walk found it above them, on a phone
    # screens away from what the adjuster was asked to read).
    html = page.content.decode()
    assert html.index("§ 3 Information om läget") < html.index(sv("I confirm the minutes"))
    first = Client().post(maria_link)
    assert first.context["completed"] is False
    assert Minutes.objects.get(pk=minutes.pk).status == "awaiting"
    assert Client().get(reverse("meetings:minutes", kwargs={"pk": meeting.pk})).status_code == 404
    last = Client().post(per_link)
    assert last.context["completed"] is True
    assert sv("Thank you. All adjusters have confirmed: the minutes are adjusted and published.") in (
        last.content.decode()
    )
    minutes = Minutes.objects.get(pk=minutes.pk)
    assert minutes.is_published
    assert services.minutes_verify(minutes)
    assert [(a.person, a.confirmed_via) for a in minutes.adjusters.order_by("pk")] == [
        (board.maria, "link"),
        (board.per, "link"),
    ]

    # The public minutes page shows the public paragraphs and decisions.
    public = Client().get(reverse("meetings:minutes", kwargs={"pk": meeting.pk}))
    assert public.status_code == 200
    assert [(i["paragraph"], i["title"]) for i in public.context["items"]] == [
        (1, "Budget 2027"),
        (3, "Information om läget"),
    ]
    html = public.content.decode()
    assert '<h3 id="p-1">§ 1 Budget 2027</h3>' in html
    assert "<p>Styrelsen antar budgeten.</p>" in html
    assert "<li>att anta budgeten för 2027</li>" in html
    assert '<h3 id="p-3">§ 3 Information om läget</h3>' in html
    assert "Direktören informerade om läget." in html
    assert "Maria Medlem, Per Ledamot" in html  # adjusted by
    assert [a["person"] for a in public.context["attendance"]] == ["Maria Medlem", "Per Ledamot", "Sara Ersättare"]
    assert [a["chairs"] for a in public.context["attendance"]] == [[], [1, 3], []]
    for secret in (SECRET_TITLE, SECRET_DECISION, SECRET_NOTES, SECRET_GUEST, "§ 2"):
        assert secret not in html
    assert sv("Warning: the stored minutes do not match what was adjusted.") not in html


# --- Confidential items never reach the public -------------------------------------------------


@pytest.fixture
def published(board: Board) -> HeldMeeting:
    """The held meeting with its roll call (the guest only for § 2) and published minutes."""
    held = held_meeting(board)
    secretary = board.personas.secretary
    services.roll_call_prepare(actor=secretary, meeting=held.meeting)
    services.attendance_record(
        actor=secretary,
        meeting=held.meeting,
        person=PersonFactory(name=SECRET_GUEST),
        capacity=Attendance.Capacity.GUEST,
        items=[held.secret],
    )
    minutes = services.minutes_draw_up(actor=secretary, meeting=held.meeting, adjusters=[board.per])
    assert services.adjustment_confirm(actor=None, minutes=minutes, person=board.per, via="link")
    return held


SECRETS = (SECRET_TITLE, SECRET_DECISION, SECRET_NOTES)


def public_surfaces(held: HeldMeeting) -> dict[str, str]:
    """Everything the public can fetch about the meeting, as text."""
    meeting = held.meeting
    client = Client()

    def get(url: str) -> Any:
        response = client.get(url)
        assert response.status_code == 200, url
        return response

    return {
        "meeting page": get(meeting.get_absolute_url()).content.decode(),
        "body meetings": get(reverse("meetings:body_meetings", kwargs={"key": "testorgan"})).content.decode(),
        "minutes page": get(reverse("meetings:minutes", kwargs={"pk": meeting.pk})).content.decode(),
        "minutes pdf": pdf_text(get(reverse("meetings:minutes_pdf", kwargs={"pk": meeting.pk})).content),
        "body ics": unfolded(get(reverse("meetings:body_calendar", kwargs={"key": "testorgan"})).content),
        "sitemap": get("/sitemap.xml").content.decode(),
        "api meeting": get(f"/api/v1/meetings/{meeting.pk}").content.decode(),
        "api minutes": get(f"/api/v1/meetings/{meeting.pk}/minutes").content.decode(),
        "api decisions": get("/api/v1/decisions").content.decode(),
        "api body meetings": get("/api/v1/bodies/testorgan/meetings").content.decode(),
    }


def test_a_confidential_item_never_appears_in_public(board: Board, published: HeldMeeting) -> None:
    surfaces = public_surfaces(published)
    for name, text in surfaces.items():
        for secret in SECRETS:
            assert secret not in text, f"{secret!r} on the {name}"
    # The public items are there, so the checks above looked at the real content.
    for name in ("meeting page", "minutes page", "minutes pdf", "body ics", "api meeting", "api minutes"):
        assert "Budget 2027" in surfaces[name], name
    for name in ("minutes page", "minutes pdf", "api minutes", "api decisions"):
        assert "Styrelsen antar budgeten." in surfaces[name], name
    assert f"/moten/{published.meeting.pk}/protokoll/" in surfaces["sitemap"]
    # Nor does the guest who was present only for the confidential paragraph.
    for name in ("minutes page", "minutes pdf", "api minutes"):
        assert SECRET_GUEST not in surfaces[name], name
    # The extract of the confidential paragraph does not exist for the public.
    pk = published.meeting.pk
    assert Client().get(reverse("meetings:extract_pdf", kwargs={"pk": pk, "paragraph": 2})).status_code == 404
    assert Client().get(reverse("meetings:extract_pdf", kwargs={"pk": pk, "paragraph": 1})).status_code == 200


def test_members_see_the_confidential_item_on_the_meeting_page(board: Board, published: HeldMeeting) -> None:
    html = logged_in(board.personas.member).get(published.meeting.get_absolute_url()).content.decode()
    assert SECRET_TITLE in html
    assert sv("Confidential") in html
    outsider = logged_in(board.personas.outsider).get(published.meeting.get_absolute_url()).content.decode()
    assert SECRET_TITLE not in outsider


def test_a_correction_of_a_confidential_paragraph_is_not_public(board: Board, published: HeldMeeting) -> None:
    minutes = Minutes.objects.get(meeting=published.meeting)
    services.correction_add(actor=None, minutes=minutes, paragraph=2, text="Hemligsson omplaceras i stället.")
    services.correction_add(actor=None, minutes=minutes, paragraph=1, text="Budgeten gäller 2027.")

    page = Client().get(reverse("meetings:minutes", kwargs={"pk": published.meeting.pk}))
    api = Client().get(f"/api/v1/meetings/{published.meeting.pk}/minutes").json()
    pdf = pdf_text(Client().get(reverse("meetings:minutes_pdf", kwargs={"pk": published.meeting.pk})).content)

    assert [c.text for c in page.context["corrections"]] == ["Budgeten gäller 2027."]
    assert [c["text"] for c in api["corrections"]] == ["Budgeten gäller 2027."]
    for text in (page.content.decode(), str(api), pdf):
        assert "Budgeten gäller 2027." in text
        assert "Hemligsson" not in text


@pytest.mark.parametrize("stage", ["draft", "awaiting"])
def test_minutes_that_are_not_adjusted_are_not_public(board: Board, stage: str) -> None:
    held = held_meeting(board)
    services.attendance_record(actor=None, meeting=held.meeting, person=board.per)
    if stage == "awaiting":
        services.minutes_draw_up(actor=None, meeting=held.meeting, adjusters=[board.per])
    else:
        services.minutes_for(held.meeting)
    pk = held.meeting.pk
    client = Client()

    for url in (
        reverse("meetings:minutes", kwargs={"pk": pk}),
        reverse("meetings:minutes_pdf", kwargs={"pk": pk}),
        reverse("meetings:extract_pdf", kwargs={"pk": pk, "paragraph": 1}),
        reverse("meetings:adjustment_notice_pdf", kwargs={"pk": pk}),
        f"/api/v1/meetings/{pk}/minutes",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get("/api/v1/decisions").json() == {"items": [], "count": 0}
    assert f"/moten/{pk}/protokoll/" not in client.get("/sitemap.xml").content.decode()
    assert client.get(f"/api/v1/meetings/{pk}").json()["minutes_published"] is False


def test_a_correction_is_shown_and_the_adjusted_content_stays_as_it_was(board: Board, published: HeldMeeting) -> None:
    minutes = Minutes.objects.get(meeting=published.meeting)
    content, digest = minutes.content, minutes.content_hash
    secretary = logged_in(board.personas.secretary)
    url = reverse("meetings:minutes_edit", kwargs={"pk": published.meeting.pk})

    response = secretary.post(
        url, {"action": "correct", "paragraph": "1", "text": "Budgeten gäller år 2027, inte 2026."}, follow=True
    )

    assert response.redirect_chain == [(url, 302)]
    assert messages_of(response) == [sv("The correction was recorded.")]
    minutes = Minutes.objects.get(pk=minutes.pk)
    assert (minutes.content, minutes.content_hash) == (content, digest)
    assert services.minutes_verify(minutes)
    assert response.context["intact"] is True
    page = Client().get(reverse("meetings:minutes", kwargs={"pk": published.meeting.pk})).content.decode()
    assert ", § 1: Budgeten gäller år 2027, inte 2026.</li>" in page
    assert "<p>Styrelsen antar budgeten.</p>" in page  # the paragraph itself is unchanged
    assert sv("Warning: the stored minutes do not match what was adjusted.") not in page


def test_minutes_changed_behind_the_applications_back_show_the_warning(board: Board, published: HeldMeeting) -> None:
    minutes = Minutes.objects.get(meeting=published.meeting)
    content = minutes.content
    content["items"][0]["decision"] = "Styrelsen avslår budgeten."
    Minutes.objects.filter(pk=minutes.pk).update(content=content)

    page = Client().get(reverse("meetings:minutes", kwargs={"pk": published.meeting.pk}))

    assert page.context["intact"] is False
    html = page.content.decode()
    assert sv("Warning: the stored minutes do not match what was adjusted.") in html
    assert "Styrelsen avslår budgeten." in html
    assert Client().get(f"/api/v1/meetings/{published.meeting.pk}/minutes").json()["intact"] is False
    manage = logged_in(board.personas.secretary).get(
        reverse("meetings:minutes_edit", kwargs={"pk": published.meeting.pk})
    )
    assert manage.context["intact"] is False
    assert sv("the stored content does not match what was adjusted") in manage.content.decode()


# --- The notice --------------------------------------------------------------------------------


def test_the_notice_is_sent_to_every_member_with_an_e_mail_address(board: Board) -> None:
    cecilia = PersonFactory(name="Cecilia Utanmejl", email="")
    MembershipFactory(body=board.body, person=cecilia, role=Membership.Role.MEMBER)
    meeting = planned_meeting(board)
    services.item_add(actor=None, meeting=meeting, title="Budget 2027", kind="decision")
    services.item_add(actor=None, meeting=meeting, title=SECRET_TITLE, confidential=True)
    secretary = logged_in(board.personas.secretary)

    response = secretary.post(reverse("meetings:notice_send", kwargs={"pk": meeting.pk}), follow=True)

    assert response.redirect_chain == [(f"/moten/{meeting.pk}/dagordning/", 302)]
    assert messages_of(response) == [
        sv("The notice is being sent: %(n)s e-mail(s). The agenda shows when it has gone out.", n=3),
        sv("These members have no e-mail address: %(names)s.", names="Cecilia Utanmejl"),
    ]
    assert sorted(m.to for m in mail.outbox) == [["maria@example.test"], ["per@example.test"], ["sara@example.test"]]
    day = timezone.localtime(meeting.start).date().isoformat()
    for message in mail.outbox:
        attachments = {a[0]: a for a in message.attachments}
        assert sorted(attachments) == ["inbjudan.ics", f"kallelse-{day}.pdf"]
        _name, pdf, pdf_type = attachments[f"kallelse-{day}.pdf"]
        assert (pdf_type, pdf[:5]) == ("application/pdf", b"%PDF-")
        _name, ics, ics_type = attachments["inbjudan.ics"]
        assert ics_type == "text/calendar; method=REQUEST"
        event = Calendar.from_ical(ics).walk("VEVENT")[0]
        assert str(event["UID"]) == f"{meeting.uid}@samverkan"
        assert SECRET_TITLE not in message.body
    meeting.refresh_from_db()
    assert meeting.notice_sent_at is not None
    assert timezone.now() - meeting.notice_sent_at < datetime.timedelta(minutes=1)
    assert sv("Send the notice again") in response.content.decode()


def test_a_cancelled_meeting_sends_no_notice(board: Board) -> None:
    meeting = planned_meeting(board, status=Meeting.Status.CANCELLED)

    response = logged_in(board.personas.secretary).post(
        reverse("meetings:notice_send", kwargs={"pk": meeting.pk}), follow=True
    )

    assert response.redirect_chain == [(f"/moten/{meeting.pk}/dagordning/", 302)]
    assert messages_of(response) == [sv("The meeting is cancelled; no notice can be sent.")]
    assert mail.outbox == []
    meeting.refresh_from_db()
    assert meeting.notice_sent_at is None


def test_the_public_person_page_keeps_no_trace_of_a_confidential_paragraph(
    board: Board, published: HeldMeeting
) -> None:
    guest = Person.objects.get(name=SECRET_GUEST)
    minutes_url = reverse("meetings:minutes", kwargs={"pk": published.meeting.pk})

    guest_page = Client().get(reverse("structure:person_detail", kwargs={"key": guest.key})).content.decode()
    per_page = Client().get(reverse("structure:person_detail", kwargs={"key": board.per.key})).content.decode()

    assert minutes_url not in guest_page
    assert f'<a href="{minutes_url}">Testorganet, ' in per_page


def test_the_absence_page_of_a_meeting_past_thinning_does_not_say_nobody_was_absent(
    board: Board, settings: Any
) -> None:
    """Reports of absence are thinned RETENTION_ABSENCE_DAYS after the meeting; the page then says
    so instead of "0 have reported absence ... Nobody needs to be replaced" (seen on the demo's
    2018 board meeting, whose eight notified absences are in its attendance)."""
    settings.RETENTION_ABSENCE_DAYS = 365
    start = timezone.now().replace(microsecond=0) - datetime.timedelta(days=400)
    old = services.meeting_plan(
        actor=None, body=board.body, start=start, end=start + datetime.timedelta(hours=2), location_name="Rådhuset"
    )
    recent = planned_meeting(board)
    secretary = logged_in(board.personas.secretary)

    page = secretary.get(reverse("meetings:absences", kwargs={"pk": old.pk}), HTTP_ACCEPT_LANGUAGE="sv")
    html = page.content.decode()
    assert "Anmälningar om förhinder gallras 365 dagar efter sammanträdet" in html
    assert reverse("meetings:attendance", kwargs={"pk": old.pk}) in html
    assert sv("Nobody needs to be replaced.") not in html

    page = secretary.get(reverse("meetings:absences", kwargs={"pk": recent.pk}), HTTP_ACCEPT_LANGUAGE="sv")
    assert sv("Nobody needs to be replaced.") in page.content.decode()
    assert "gallras" not in page.content.decode()

    # Before the thinning has run, the reports are there and shown as they are.
    services.absence_report(actor=None, meeting=old, person=board.maria, via=Absence.Via.SECRETARY)
    page = secretary.get(reverse("meetings:absences", kwargs={"pk": old.pk}), HTTP_ACCEPT_LANGUAGE="sv")
    assert "gallras" not in page.content.decode()
    assert "<li>Maria Medlem <span" in page.content.decode()
