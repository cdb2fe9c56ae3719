"""The meeting papers as PDF (samverkan/meetings/pdf.py), read back the way a person reads
them: the text of each page (pypdf) and, for the minutes, page 1 drawn as an image (pypdfium2).

The data rebuild the seeds: VästKom's notice for 17 December 2018 (000) and GR's steering group
for social welfare on 3 October 2019, § 31-37 (004). Where the seeds say nothing (clock times of
the GR meeting, a serving substitute, which item is confidential) the values are invented.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast
from zoneinfo import ZoneInfo

import pypdfium2
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader

from samverkan.meetings import pdf, services
from samverkan.meetings.models import AgendaItem, Attendance, Meeting, Minutes
from samverkan.structure.models import Body, Membership, Person, Principal
from tests.factories import BodyFactory, MembershipFactory, PersonFactory, PrincipalFactory, UserFactory
from tests.support import pdf_bytes

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
A4_RATIO = 297 / 210


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


# factory_boy's types say a factory returns the factory; these say what it really returns.
def make_principal(**fields: Any) -> Principal:
    return cast(Principal, PrincipalFactory(**fields))


def make_body(**fields: Any) -> Body:
    return cast(Body, BodyFactory(**fields))


def make_person(name: str) -> Person:
    return cast(Person, PersonFactory(name=name))


def pages(data: bytes) -> list[str]:
    """The text of each page, whitespace collapsed (lines wrap wherever the layout breaks them)."""
    assert data.startswith(b"%PDF-")
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(data)).pages]


def text_of(data: bytes) -> str:
    return " ".join(pages(data))


# --- VästKom's notice (seed 000) -------------------------------------------------------------

VASTKOM_AGENDA: list[tuple[str, str, dict[str, Any]]] = [
    ("Mötet öppnas", AgendaItem.Kind.OPENING, {}),
    ("Val av justerande", AgendaItem.Kind.ADJUSTER, {}),
    (
        "Verksamhetsplan och budget 2019 för VästKom",
        AgendaItem.Kind.DECISION,
        {"presenters": "Thomas Jungbeck", "proposal": "Styrelsen fastställer verksamhetsplan och budget 2019."},
    ),
    ("Information om projekt Psykisk hälsa 2019-2020", AgendaItem.Kind.INFORMATION, {}),
    (
        "Rekrytering av direktör till VästKom",
        AgendaItem.Kind.DECISION,
        {
            "confidential": True,
            "proposal": "Styrelsen delegerar till arbetsutskottet att besluta om anställning av ny direktör.",
        },
    ),
    ("Styrelsemöten 2019", AgendaItem.Kind.DECISION, {}),
    ("Information om övriga aktuella frågor i verksamheten", AgendaItem.Kind.INFORMATION, {}),
    ("Övriga frågor", AgendaItem.Kind.OTHER_BUSINESS, {}),
    ("Avslutning", AgendaItem.Kind.CLOSING, {}),
]
VASTKOM_BOARD = [
    ("Ulf Olsson", Membership.Role.CHAIR),
    ("Jonas Ransgård", Membership.Role.VICE_CHAIR),
    ("Tomas Johansson", Membership.Role.MEMBER),
    ("Bengt Hilmersson", Membership.Role.MEMBER),
    ("Ann-Sofie Hermansson", Membership.Role.MEMBER),
    ("Paul Åkerlund", Membership.Role.MEMBER),
    ("Thomas Jungbeck", Membership.Role.SECRETARY),
]


@pytest.fixture
def vastkom_meeting() -> Meeting:
    owner = make_principal(key="vastkom", name="Västsvenska kommunalförbundens samorganisation")
    body = make_body(key="vastkom-styrelse", name="VästKoms styrelse", owners=[owner])
    for name, role in VASTKOM_BOARD:
        MembershipFactory(body=body, person=make_person(name), role=role, start=datetime.date(2018, 1, 1))
    # A seat that ended before the meeting is not called.
    MembershipFactory(
        body=body,
        person=make_person("Avgången Ledamot"),
        start=datetime.date(2015, 1, 1),
        end=datetime.date(2018, 6, 30),
    )
    meeting = services.meeting_plan(
        actor=None,
        body=body,
        with_procedural_items=False,
        start=local(2018, 12, 17, 17, 30),
        end=local(2018, 12, 17, 18, 30),
        location_name="Chalmersska huset",
        address="Södra Hamngatan 11, Göteborg",
        room="Kanalrummet",
        note="Efter styrelsemötet bjuds till traditionsenlig måltid på Fiskekrogen.",
    )
    for position, (title, kind, fields) in enumerate(VASTKOM_AGENDA, start=1):
        item = services.item_add(actor=None, meeting=meeting, position=position, title=title, kind=kind, **fields)
        if position == 3:
            upload = SimpleUploadedFile("vp-2019.pdf", pdf_bytes(), content_type="application/pdf")
            services.attachment_add(
                actor=None, item=item, upload=upload, title="Verksamhetsplan och budget 2019 (förslag)"
            )
    return meeting


def test_notice_reads_like_a_swedish_kallelse(vastkom_meeting: Meeting) -> None:
    data = pdf.render_notice(vastkom_meeting)
    text = text_of(data)

    assert text.startswith("VästKoms styrelse KALLELSE TILL SAMMANTRÄDE")
    assert "Tid måndagen den 17 december 2018, kl. 17.30–18.30" in text
    assert "Plats Chalmersska huset, Södra Hamngatan 11, Göteborg Lokal: Kanalrummet" in text
    assert "traditionsenlig måltid på Fiskekrogen" in text
    # The members called, by role, chair first; not whoever left the board before the meeting.
    assert "Ordförande Ulf Olsson Vice ordförande Jonas Ransgård Ledamöter" in text
    for name, _role in VASTKOM_BOARD:
        assert name in text
    assert "Avgången Ledamot" not in text
    # The agenda: every item, in order, numbered by position.
    positions = [text.index(f"{n}. {title}") for n, (title, _k, _f) in enumerate(VASTKOM_AGENDA, start=1)]
    assert positions == sorted(positions)
    assert "Föredragande: Thomas Jungbeck" in text
    assert "Förslag till beslut: Styrelsen fastställer verksamhetsplan och budget 2019." in text
    assert "Bilaga: Verksamhetsplan och budget 2019 (förslag)" in text
    # The confidential item goes to the members, marked.
    assert "5. Rekrytering av direktör till VästKom Beslut Sekretess" in text
    assert "delegerar till arbetsutskottet" in text
    assert "Var god anmäl eventuellt förhinder." in text
    assert "Välkommen! Thomas Jungbeck Sekreterare VästKoms styrelse" in text

    reader = PdfReader(io.BytesIO(data))
    count = len(reader.pages)
    for number, page in enumerate(pages(data), start=1):
        assert f"Sida {number} av {count}" in page
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    assert reader.metadata is not None and reader.metadata.title == "Kallelse – VästKoms styrelse 2018-12-17"


def test_online_notice_with_reported_absence_and_no_secretary() -> None:
    body = make_body(name="Beredningsgruppen för vårdsamverkan")
    person = make_person("Åsa Ersson")
    MembershipFactory(body=body, person=person, party="C", principal=make_principal(name="Lerums kommun"))
    start = (timezone.localtime() + datetime.timedelta(days=10)).replace(hour=9, minute=0, second=0, microsecond=0)
    meeting = services.meeting_plan(
        actor=None,
        body=body,
        start=start,
        end=start + datetime.timedelta(hours=1, minutes=15),
        online_url="https://mote.example.test/j/123",
    )
    services.absence_report(actor=None, meeting=meeting, person=person, via="link")
    # Text from the records is escaped, never taken as markup (nor fetched).
    services.item_add(actor=None, meeting=meeting, title='Skolskjuts <img src="http://127.0.0.1:9/x.png"> & <b>a</b>')

    text = text_of(pdf.render_notice(meeting))

    assert f"{pdf.long_date(start.date())}, kl. 09.00–10.15" in text
    assert "Plats Digitalt möte https://mote.example.test/j/123" in text
    assert "Åsa Ersson (C), Lerums kommun" in text
    assert "Förhinder är sedan tidigare anmält för Åsa Ersson." in text
    # The body's standard procedural items make the agenda.
    assert "1. Mötet öppnas 2. Val av justerare" in text
    assert '5. Skolskjuts <img src="http://127.0.0.1:9/x.png"> & <b>a</b>' in text
    # No secretary in the body: the notice is sent in the body's name.
    assert "Välkommen! Beredningsgruppen för vårdsamverkan" in text


# --- GR's minutes § 31-37 (seed 004) ---------------------------------------------------------


@dataclass
class GR:
    body: Body
    meeting: Meeting
    minutes: Minutes
    items: dict[int, AgendaItem]  # by position
    people: dict[str, Person]


GR_ITEMS: list[tuple[str, str, dict[str, Any]]] = [
    ("Justerare", AgendaItem.Kind.ADJUSTER, {"decision": "Ove Dröscher utses till justerare."}),
    (
        "Tema: Boende, bostäder och social hållbarhet",
        AgendaItem.Kind.INFORMATION,
        {
            "presenters": "Sara Nordenhielm, Maja Wadstein",
            "notes": "Sara Nordenhielm informerar om pågående arbete i socialchefsnätverket.\n\n"
            "Maja Wadstein berättar om projektet Social Innovation i samhällsplanering.",
            "decision": "Informationen antecknas.",
        },
    ),
    (
        "Tema: Funktionshinder",
        AgendaItem.Kind.INFORMATION,
        {"presenters": "Linnéa Björk, Erik Lindqvist", "decision": "Informationen antecknas."},
    ),
    (
        "FoU i Väst",  # confidential here (invented), to test the public rendering
        AgendaItem.Kind.INFORMATION,
        {"presenters": "Margareta Forsberg", "decision": "Informationen antecknas.", "confidential": True},
    ),
    (
        "Hälso- och sjukvårdsfrågor",
        AgendaItem.Kind.INFORMATION,
        {
            "presenters": "Rosanna Björklund, Maria Ljung",
            "decision": "Informationen antecknas. GR tar med sig medskick kring FVM i kommande process.",
        },
    ),
    (
        'Fokusområden "Plan för uppföljning 2020"',
        AgendaItem.Kind.DECISION,
        {
            "notes": "GR har fått i uppdrag från förbundsstyrelsen att verksamhetsplanen ska vara mindre omfattande.",
            "decision": "Styrgruppen för social välfärd beslutar",
            "clauses": [
                "för sin del godkänna förslag till fokusområden 2020",
                "att uppdra åt GR och presidiet att ta med sig medskick inför processen för planen 2021",
            ],
        },
    ),
    (
        "Rapport från förbundsstyrelse (26-27 sep)",
        AgendaItem.Kind.INFORMATION,
        {"presenters": "Kent Lagrell", "decision": "Informationen antecknas."},
    ),
]

# name, capacity, status, party, represents, description, present only for (positions)
GR_ROLL = [
    ("Kent Lagrell", "member", "present", "M", "Öckerö", "ordförande", []),
    ("Marie Raask", "member", "present", "S", "Partille", "", []),
    ("Ove Dröscher", "member", "present", "S", "Mölndal", "ledamot", []),
    ("Britt-Marie Kuylenstierna", "member", "present", "MP", "Alingsås", "", []),
    ("Nina Miskovsky", "member", "present", "M", "Göteborg", "", []),
    ("Eva Andersson", "member", "present", "C", "Lerum", "", []),
    ("Kalle Pässe Sundvall", "member", "present", "M", "Kungsbacka", "", []),
    ("Marita Henriksson", "member", "present", "SD", "Ale", "", []),
    ("Kristina Bergman Alme", "member", "present", "L", "Göteborg", "", []),
    ("Erling Alsin", "member", "present", "V", "Tjörn", "", []),
    ("Alexandra Odelsheim", "member", "present", "SD", "Stenungsund", "", []),
    ("Johan Ersättarsson", "substitute", "present", "V", "Lilla Edet", "", []),  # invented
    ("Sara Nordenhielm", "secretary", "present", "", "Göteborgsregionen", "beredningsansvarig", []),
    ("Lena Holmlund", "official", "present", "", "Göteborgsregionen", "avdelningschef", []),
    ("Maria Ljung", "official", "present", "", "Göteborgsregionen", "planeringsledare", [5]),
    ("Rosanna Björklund", "official", "present", "", "Göteborgsregionen", "digitaliseringsstrateg", [5]),
    ("Margareta Forsberg", "official", "present", "", "Göteborgsregionen", "FoU-chef", [4]),
    ("Maja Wadstein", "official", "present", "", "Göteborgsregionen", "regionplanerare", [2]),
    ("Linnéa Björk", "guest", "present", "", "Länsstyrelsen Västra Götaland", "", [3]),
    ("Erik Lindqvist", "guest", "present", "", "Länsstyrelsen Västra Götaland", "", [3]),
    ("Patrik Linde", "member", "absent", "S", "Härryda", "vice ordförande", []),
    ("Mariette Risberg", "member", "notified", "D", "Göteborg", "", []),
    ("Pia Gillerstedt", "member", "absent", "S", "Kungälv", "", []),
    ("Linda Holmér Nordlund", "member", "replaced", "V", "Lilla Edet", "", []),
]


def build_gr(*, adjust: bool) -> GR:
    owner = make_principal(name="Göteborgsregionens kommunalförbund")
    body = make_body(name="Styrgruppen för social välfärd", owners=[owner])
    services.meeting_settings_update(actor=None, body=body, posts_adjustment_notice=True)
    # The year's paragraphs so far end at § 30.
    earlier = services.meeting_plan(
        actor=None, body=body, with_procedural_items=False, start=local(2019, 9, 5, 13), end=local(2019, 9, 5, 15)
    )
    previous = services.item_add(actor=None, meeting=earlier, title="Tidigare ärende")
    services.item_update(actor=None, item=previous, version=previous.version, paragraph=30)

    meeting = services.meeting_plan(
        actor=None,
        body=body,
        with_procedural_items=False,
        start=local(2019, 10, 3, 13),
        end=local(2019, 10, 3, 15, 30),
        location_name="GR",
        address="Anders Personsgatan 8, Göteborg",
    )
    items = {
        position: services.item_add(actor=None, meeting=meeting, position=position, title=title, kind=kind, **fields)
        for position, (title, kind, fields) in enumerate(GR_ITEMS, start=1)
    }
    people = {row[0]: make_person(row[0]) for row in GR_ROLL}
    for name, capacity, status, party, represents, description, only in GR_ROLL:
        services.attendance_record(
            actor=None,
            meeting=meeting,
            person=people[name],
            capacity=capacity,
            status=status,
            party=party,
            represents=represents,
            description=description,
            replaced_by=people["Johan Ersättarsson"] if status == "replaced" else None,
            items=[items[p] for p in only],
            chair_items=list(items.values()) if name == "Kent Lagrell" else [],
        )
    adjusters = [people["Kent Lagrell"], people["Ove Dröscher"]]
    minutes = services.minutes_draw_up(
        actor=None, meeting=meeting, adjusters=adjusters, secretary=people["Sara Nordenhielm"]
    )
    if adjust:
        for person in adjusters:
            services.adjustment_confirm(actor=None, minutes=minutes, person=person, via="login")
    minutes.refresh_from_db()
    return GR(body=body, meeting=meeting, minutes=minutes, items=items, people=people)


@pytest.fixture(scope="module")
def gr_module(django_db_setup: None, django_db_blocker: Any) -> Iterator[GR]:
    """Adjusted GR minutes, built once for the module inside a transaction that is rolled back
    at its end; each test runs in its own savepoint within it, so what a test writes is undone."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_gr(adjust=True)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def gr(gr_module: GR, db: None) -> GR:
    gr_module.minutes.refresh_from_db()
    return gr_module


def test_adjusted_minutes_read_like_a_swedish_protokoll(gr: GR) -> None:
    correction = services.correction_add(
        actor=UserFactory(), minutes=gr.minutes, paragraph=31, text="Justeraren heter Ove Dröscher, inte Dröschler."
    )
    data = pdf.render_minutes(gr.minutes)
    text = text_of(data)
    adjusted_on = timezone.localdate(gr.minutes.adjusted_at).isoformat()

    assert text.startswith("Styrgruppen för social välfärd Protokoll")
    assert "Datum torsdagen den 3 oktober 2019" in text
    assert "Tid kl. 13.00–15.30" in text
    assert "Plats GR, Anders Personsgatan 8, Göteborg" in text
    assert "Paragrafer § 31–37" in text
    assert "UTKAST" not in text
    # Attendance: members with party and municipality, who chaired, substitutes, secretary,
    # the others with the paragraphs they were present for, and who was not there.
    assert "Närvarande Ledamöter Kent Lagrell (M), Öckerö, ordförande Alexandra Odelsheim (SD)," in text
    assert "Marie Raask (S), Partille" in text
    assert "Ordförande Kent Lagrell Tjänstgörande ersättare Johan Ersättarsson (V), Lilla Edet, för Linda" in text
    assert "Sekreterare Sara Nordenhielm, beredningsansvarig, Göteborgsregionen" in text
    assert "Maria Ljung, planeringsledare, Göteborgsregionen § 35" in text
    assert "Margareta Forsberg, FoU-chef, Göteborgsregionen § 34" in text
    assert "Linnéa Björk, Länsstyrelsen Västra Götaland § 33" in text
    assert "Ej närvarande Ledamöter" in text
    assert "Patrik Linde (S), Härryda, vice ordförande" in text
    assert "Mariette Risberg (D), Göteborg (anmält förhinder)" in text
    assert "Linda Holmér Nordlund (V), Lilla Edet, ersatt av Johan Ersättarsson" in text
    # Paragraphs, numbered on from the year's earlier meeting.
    for number, (title, _kind, _fields) in enumerate(GR_ITEMS, start=31):
        assert f"§ {number} {title}" in text
    assert "§ 31 Justerare Beslut Ove Dröscher utses till justerare." in text
    assert "§ 34 FoU i Väst Sekretess" in text  # the members' version shows it, marked
    assert "Föredragande: Rosanna Björklund, Maria Ljung" in text
    assert (
        "Beslut Styrgruppen för social välfärd beslutar "
        "att för sin del godkänna förslag till fokusområden 2020 "
        "att uppdra åt GR och presidiet att ta med sig medskick inför processen för planen 2021"
    ) in text
    assert "att att" not in text
    # Signatures.
    assert "Vid protokollet Sara Nordenhielm Beredningsansvarig" in text
    assert "Justeras Kent Lagrell Ordförande Ove Dröscher Ledamot" in text
    assert f"Justerat {adjusted_on} av Kent Lagrell och Ove Dröscher." in text
    # The correction is shown after the minutes, dated; the minutes themselves are unchanged.
    assert f"Rättelser Rättelse {timezone.localdate(correction.created_at).isoformat()}, § 31" in text
    assert "Justeraren heter Ove Dröscher, inte Dröschler." in text
    assert "Kontrollsumma (SHA-256) för det justerade innehållet:" in text
    assert gr.minutes.content_hash in text.replace(" ", "")  # the hash may wrap

    count = len(pages(data))
    assert count >= 2
    assert all(f"Sida {n} av {count}" in page for n, page in enumerate(pages(data), start=1))
    assert all("Protokoll 2019-10-03 Styrgruppen för social välfärd" in page for page in pages(data)[1:])


def test_public_minutes_leave_confidential_paragraphs_out_completely(gr: GR, tmp_path: Any) -> None:
    services.correction_add(actor=UserFactory(), minutes=gr.minutes, paragraph=34, text="Rättelse i FoU-ärendet.")
    data = pdf.render_minutes(gr.minutes, public=True)
    text = text_of(data)

    assert "§ 33 Tema: Funktionshinder" in text
    assert "§ 35 Hälso- och sjukvårdsfrågor" in text
    assert "FoU i Väst" not in text
    assert "§ 34" not in text
    assert "Sekretess" not in text
    assert "Margareta Forsberg" not in text  # present only for the confidential paragraph
    assert "Rättelse i FoU-ärendet" not in text
    assert "Maria Ljung, planeringsledare, Göteborgsregionen § 35" in text
    assert "Justeras Kent Lagrell Ordförande Ove Dröscher Ledamot" in text

    # Page 1 drawn as an image: an A4 page, white, with real ink on it.
    document = pypdfium2.PdfDocument(data)
    try:
        image = document[0].render(scale=1.5).to_pil().convert("L")
    finally:
        document.close()
    image.save(tmp_path / "protokoll-sida-1.png")
    width, height = image.size
    assert abs(height / width - A4_RATIO) < 0.01
    histogram = image.histogram()
    assert sum(histogram[:100]) > 0.005 * width * height  # text and rules
    assert sum(histogram[250:]) > 0.5 * width * height  # on a white page


def test_minutes_awaiting_adjustment_are_a_marked_draft_and_never_public() -> None:
    gr = build_gr(adjust=False)
    assert gr.minutes.status == Minutes.Status.AWAITING_ADJUSTMENT
    data = pdf.render_minutes(gr.minutes)
    for page in pages(data):
        assert "UTKAST – ej justerat" in page  # on every page
    text = text_of(data)
    assert "§ 31 Justerare" in text
    assert "§ 37 Rapport från förbundsstyrelse (26-27 sep)" in text
    assert "Justeras Kent Lagrell Ordförande Ove Dröscher Ledamot Ej justerat." in text
    assert "Kontrollsumma" not in text

    with pytest.raises(LookupError):
        pdf.render_minutes(gr.minutes, public=True)
    with pytest.raises(LookupError):
        pdf.render_extract(gr.minutes, 36, public=True)
    with pytest.raises(LookupError):
        pdf.render_adjustment_notice(gr.minutes)


def test_extract_holds_only_its_paragraph_as_adjusted(gr: GR) -> None:
    # A later edit of the records (here straight in the database) does not reach the papers:
    # adjusted minutes are rendered from their frozen content.
    AgendaItem.objects.filter(pk=gr.items[6].pk).update(title="Ändrad rubrik", clauses=["ändra allt"])
    text = text_of(pdf.render_extract(gr.minutes, 36, public=True))
    adjusted_on = timezone.localdate(gr.minutes.adjusted_at).isoformat()

    assert text.startswith("Styrgruppen för social välfärd Protokollsutdrag")
    assert "Sammanträdesdatum 2019-10-03 (torsdagen den 3 oktober 2019)" in text
    assert '§ 36 Fokusområden "Plan för uppföljning 2020"' in text
    assert "att för sin del godkänna förslag till fokusområden 2020" in text
    assert f"Justerat {adjusted_on} Justerare Kent Lagrell Ove Dröscher" in text
    assert "Rätt utdraget intygar Sara Nordenhielm Beredningsansvarig" in text
    for number in range(31, 38):
        if number != 36:
            assert f"§ {number}" not in text
    for other in ("Tema:", "FoU i Väst", "Hälso- och sjukvårdsfrågor", "Rapport från förbundsstyrelse"):
        assert other not in text
    assert "Ove Dröscher utses till justerare" not in text
    assert "Kent Lagrell (M)" not in text  # no attendance list in an extract
    assert "Ändrad rubrik" not in text
    assert "ändra allt" not in text

    # No such paragraph; a confidential one is not there for the public.
    with pytest.raises(LookupError):
        pdf.render_extract(gr.minutes, 99)
    with pytest.raises(LookupError):
        pdf.render_extract(gr.minutes, 34, public=True)


def test_adjustment_notice(gr: GR) -> None:
    minutes = gr.minutes
    assert minutes.posted_on is not None and minutes.appeal_ends is not None
    text = text_of(pdf.render_adjustment_notice(minutes))

    assert "Anslag/bevis om justering" in text
    assert "Protokollet är justerat. Justeringen har tillkännagivits genom anslag." in text
    assert "Organ Styrgruppen för social välfärd" in text
    assert "Sammanträdesdatum 2019-10-03" in text
    assert "Paragrafer § 31–37" in text
    assert f"Protokollet justerades {timezone.localdate(minutes.adjusted_at).isoformat()}" in text
    assert f"Anslaget sätts upp {minutes.posted_on.isoformat()}" in text
    assert f"Anslaget tas ned {minutes.appeal_ends.isoformat()}" in text
    assert "Förvaringsplats för protokollet Göteborgsregionens kommunalförbund" in text
    assert "Sida 1 av 1" in text


# --- Formatting and safety -------------------------------------------------------------------


def test_swedish_dates_and_times() -> None:
    nbsp = "\u00a0"  # "§ 35" and "kl. 17.30" keep together on a line
    assert pdf.long_date(datetime.date(2018, 12, 17)) == "måndagen den 17 december 2018"
    assert pdf.long_date(datetime.date(2019, 10, 6)) == "söndagen den 6 oktober 2019"
    # Stored in UTC, written in Swedish time (summer and winter).
    utc = datetime.UTC
    start = datetime.datetime(2018, 12, 17, 16, 30, tzinfo=utc)
    assert (
        pdf.when(start, start + datetime.timedelta(hours=1)) == f"måndagen den 17 december 2018, kl.{nbsp}17.30–18.30"
    )
    assert pdf.time_span(datetime.datetime(2019, 10, 3, 11, 0, tzinfo=utc), None) == f"kl.{nbsp}13.00"
    assert pdf.paragraph_ranges([35]) == f"§{nbsp}35"
    assert pdf.paragraph_ranges([31, 32, 33, 34, 35, 36, 37]) == f"§{nbsp}31–37"
    assert pdf.paragraph_ranges([33, 31, 32, 35, 36]) == f"§{nbsp}31–33, 35, 36"
    assert pdf.paragraph_ranges([0, 0]) == ""
    assert pdf.att_clause("Att godkänna förslaget") == "att godkänna förslaget"
    assert pdf.att_clause("godkänna förslaget") == "att godkänna förslaget"


def test_the_renderer_fetches_nothing_from_the_network(tmp_path: Any) -> None:
    fetcher = pdf.LocalOnlyFetcher()
    for url in (
        "https://example.test/font.woff2",
        "http://127.0.0.1:9/logo.png",
        "ftp://example.test/x",
        (tmp_path / "secret.txt").as_uri(),
        "file:///etc/passwd",
        (pdf.STATIC_DIR / ".." / ".." / "models.py").as_uri(),
    ):
        with pytest.raises(ValueError, match="Refused"):
            fetcher(url)
    response = fetcher((pdf.STATIC_DIR / "pdf.css").as_uri())
    assert b"@page" in response.read()
    response.close()
    assert fetcher("data:text/plain,hej").read() == b"hej"


def test_attendance_of_a_draft_without_paragraph_numbers() -> None:
    content = {
        "attendance": [
            {
                "person": "Maria Ljung",
                "capacity": "official",
                "status": "present",
                "replaced_by": None,
                "party": "",
                "represents": "Göteborgsregionen",
                "description": "planeringsledare",
                "paragraphs": [0],
                "chairs": [],
            },
        ]
    }
    groups = pdf.attendance_context(content, hidden=set(), visible=set())
    assert groups["present"] == [
        ("Övriga närvarande", ["Maria Ljung, planeringsledare, Göteborgsregionen (del av sammanträdet)"])
    ]
    assert Attendance.Capacity.OFFICIAL == "official"


def test_a_meeting_whose_time_is_not_decided_shows_no_clock_time() -> None:
    """The seeds give some meetings a date only (GR 3 Oct 2019, the board's 2019 plan)."""
    body = make_body(name="Styrgruppen för social välfärd")
    meeting = services.meeting_plan(
        actor=None,
        body=body,
        start=local(2019, 10, 3),
        time_decided=False,
        location_name="GR",
        address="Anders Personsgatan 8, Göteborg",
        with_procedural_items=False,
    )
    services.item_add(actor=None, meeting=meeting, title="Justerare", kind="adjuster")
    notice = text_of(pdf.render_notice(meeting))
    assert "torsdagen den 3 oktober 2019" in notice
    assert "kl." not in notice

    services.minutes_draw_up(actor=None, meeting=meeting, adjusters=[make_person("Ove Dröscher")], first_paragraph=31)
    draft = text_of(pdf.render_minutes(services.minutes_for(meeting)))
    assert "torsdagen den 3 oktober 2019" in draft
    assert "00.00" not in draft


def test_a_description_that_only_restates_the_group_is_left_out() -> None:
    """The walk-through read "Sekreterare Johanna Karlsson Deucher, sekreterare, VGR" in SRO's
    minutes: the group already says it. A title that says more stays."""

    def row(person: str, capacity: str, description: str, party: str = "") -> dict[str, Any]:
        return {
            "person": person,
            "capacity": capacity,
            "status": "present",
            "replaced_by": None,
            "party": party,
            "represents": "VGR",
            "description": description,
            "paragraphs": [],
            "chairs": [],
        }

    content = {
        "attendance": [
            row("Johanna Karlsson Deucher", "secretary", "sekreterare"),
            row("Ann Ledamot", "member", "ledamot", "S"),
            row("Pär Ordförande", "member", "ordförande", "L"),
            row("Adam Krantz", "guest", "övrig"),
            row("Eva Chef", "official", "avdelningschef"),
        ]
    }
    groups = dict(pdf.attendance_context(content, hidden=set(), visible=set())["present"])
    assert groups == {
        "Ledamöter": ["Pär Ordförande (L), VGR, ordförande", "Ann Ledamot (S), VGR"],
        "Sekreterare": ["Johanna Karlsson Deucher, VGR"],
        "Övriga närvarande": ["Adam Krantz, VGR", "Eva Chef, avdelningschef, VGR"],
    }
