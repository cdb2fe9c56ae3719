"""The meeting journeys of PRODUCT.md (1, 2, 3 and 9), clicked through in chromium against the
live server, checking what the secretary, a member, an adjuster or the public would read on the
screen, in Swedish, and what they would get when they download a calendar or a PDF.

The data are the seeds' meetings (loaded once, see conftest.py). A journey that writes plans a
meeting of its own (a date nobody else uses) and works on that only, so the tests can run in any
order and on any xdist worker. The staff pages a journey passes through are not in the sitemap,
so the journeys run axe-core on them as they go.
"""

from __future__ import annotations

import datetime
import io
import re
import unicodedata
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest

try:
    from playwright.sync_api import expect
except ImportError as exc:  # the browser fixture would skip too; this keeps collection working
    pytest.skip(
        f"chromium is not available: the playwright package cannot be imported ({exc})", allow_module_level=True
    )

from tests.e2e.conftest import MEMBER, SECRETARY
from tests.e2e.test_accessibility import assert_no_violations, run_axe

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Locator, Page

STOCKHOLM = ZoneInfo("Europe/Stockholm")

# --- Helpers --------------------------------------------------------------------------------


def heading(page: Page, level: int = 1) -> Locator:
    return page.get_by_role("heading", level=level)


def link(scope: Page | Locator, name: str) -> Locator:
    return scope.get_by_role("link", name=name, exact=True)


def button(scope: Page | Locator, name: str) -> Locator:
    return scope.get_by_role("button", name=name, exact=True)


def field(page: Page | Locator, label: str) -> Locator:
    """The form field with exactly this label (Django writes it with a colon: "Plats:")."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def message(page: Page) -> Locator:
    """The confirmation shown after a save (Django's messages)."""
    return page.locator("div.messages[role=status]")


def accessible(page: Page) -> None:
    """axe-core finds nothing on the page as it is now (the page must be opened with axe)."""
    assert_no_violations(run_axe(page, preload=False))


def year_table(page: Page, year: int) -> Locator:
    """The table under the year's heading on a body's meeting plan. (The heading is found even
    if the year is written with a thousands separator; journey 1 checks how it reads.)"""
    digits = str(year)
    return (
        page.locator("main h2", has_text=re.compile(rf"^\s*{digits[0]}\s?{digits[1:]}\s*$"))
        .locator("xpath=following-sibling::*[1]")
        .locator("table")
    )


def year_headings(page: Page) -> list[str]:
    return [text.strip() for text in page.locator("main h2").all_inner_texts()]


def cells(rows: Locator) -> list[list[str]]:
    result: list[list[str]] = rows.evaluate_all("rows => rows.map(r => Array.from(r.cells, c => c.innerText.trim()))")
    return result


def body_rows(table: Locator) -> list[list[str]]:
    return cells(table.locator("tbody tr"))


def row_of(rows: list[list[str]], first: str) -> list[str]:
    """The row whose first cell starts with `first` (a name; a title may follow on a new line)."""
    matches = [row for row in rows if row and row[0].splitlines()[0] == first]
    assert len(matches) == 1, f"expected one row for {first!r}, found {matches} in {rows}"
    return matches[0]


def agenda(page: Page) -> list[tuple[str, str]]:
    """The public agenda as (number, the item's text) in the order shown."""
    items: list[tuple[str, str]] = page.locator("main ol.agenda > li").evaluate_all(
        "lis => lis.map(li => [li.getAttribute('value'), li.innerText.trim()])"
    )
    return [(number, text) for number, text in items]


def pdf_text(data: bytes) -> str:
    """The text of a PDF, with no-break spaces as ordinary spaces ("§ 33", "kl. 17.30")."""
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return unicodedata.normalize("NFC", text.replace("\u00a0", " "))


def download_pdf(page: Page, link_locator: Locator) -> str:
    """Fetch what the link points at, with the page's cookies; it must be a PDF."""
    href = link_locator.get_attribute("href")
    assert href, "the link has no address"
    response = page.request.get(href)
    assert response.status == 200, f"{href}: HTTP {response.status}"
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF-")
    return pdf_text(body)


def path_of(url: str) -> str:
    return urlsplit(url).path


# --- Journey 1: the board's meeting year; members subscribe -------------------------------------


def test_journey_1_the_board_plans_its_year_and_a_member_subscribes(browse_as: Callable[..., Page]) -> None:
    import icalendar

    from samverkan.meetings.models import Meeting

    secretary = browse_as(SECRETARY, axe=True)
    secretary.goto("/organ/vastkom-styrelse/")
    expect(heading(secretary)).to_have_text("VästKoms styrelse (Styrelsen)")
    link(secretary, "Alla sammanträden").click()
    expect(secretary).to_have_url(re.compile(r"/organ/vastkom-styrelse/moten/$"))
    expect(heading(secretary)).to_have_text("Sammanträden för VästKoms styrelse")

    # The 2019 plan from the notice of 17 Dec 2018: six dates, 8 January preliminarily cancelled.
    plan_2019 = body_rows(year_table(secretary, 2019))
    assert [row[0] for row in plan_2019] == [
        "8 januari",
        "2 april",
        "18 juni",
        "3 september",
        "22 oktober",
        "19 november",
    ]
    assert [row[3] for row in plan_2019] == ["Preliminärt inställt"] + ["Planerat"] * 5
    accessible(secretary)

    # A new meeting next year, through the form.
    year = datetime.date.today().year + 1
    link(secretary, "Planera ett sammanträde").click()
    expect(heading(secretary)).to_have_text("Planera ett sammanträde")
    accessible(secretary)
    field(secretary, "Börjar").fill(f"{year}-03-12T13:00")
    field(secretary, "Slutar").fill(f"{year}-03-12T15:30")
    field(secretary, "Plats").fill("Chalmersska huset")
    field(secretary, "Adress").fill("Södra Hamngatan 11, Göteborg")
    field(secretary, "Lokal").fill("Kanalrummet")
    button(secretary, "Spara").click()
    expect(message(secretary)).to_contain_text("Sammanträdet har lagts till i sammanträdesplanen.")
    expect(heading(secretary)).to_have_text(f"VästKoms styrelse, sammanträde 12 mars {year}")

    # Back to the plan, the way a visitor goes: the public page, then the breadcrumbs.
    link(secretary, "Publik sida").click()
    secretary.locator("nav.breadcrumbs").get_by_role("link", name="Sammanträden", exact=True).click()
    expect(secretary).to_have_url(re.compile(r"/organ/vastkom-styrelse/moten/$"))
    plan = body_rows(year_table(secretary, year))
    assert row_of(plan, "12 mars") == ["12 mars", "13.00–15.30", "Chalmersska huset", "Planerat", "–"]
    new_meeting = Meeting.objects.get(
        body__key="vastkom-styrelse", start=datetime.datetime(year, 3, 12, 13, 0, tzinfo=STOCKHOLM)
    )

    # A member subscribes: the feed behind the link on the plan has the new meeting.
    member = browse_as(MEMBER)
    member.goto("/organ/vastkom-styrelse/")
    link(member, "Alla sammanträden").click()
    feed_link = link(member, "Prenumerera på sammanträdesplanen (iCalendar)")
    response = member.request.get(feed_link.get_attribute("href") or "")
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.body())
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    event = events[f"{new_meeting.uid}@samverkan"]
    assert event.decoded("DTSTART") == datetime.datetime(year, 3, 12, 13, 0, tzinfo=STOCKHOLM)
    assert event.decoded("DTEND") == datetime.datetime(year, 3, 12, 15, 30, tzinfo=STOCKHOLM)
    assert "Kanalrummet" in str(event["LOCATION"])
    assert str(event["STATUS"]) == "CONFIRMED"
    # 8 January 2019 is there too, as tentative (preliminarily cancelled), as a whole day.
    january = [e for e in events.values() if e.decoded("DTSTART") == datetime.date(2019, 1, 8)]
    assert len(january) == 1
    assert str(january[0]["STATUS"]) == "TENTATIVE"

    # The plan's years read as years: "2019", not "2 019".
    headings = year_headings(member)
    assert {str(year), "2019", "2018"} <= set(headings), f"the plan's year headings read {headings}"


# --- Journey 2: the notice for 17 Dec 2018; absences -----------------------------------------

BOARD_AGENDA = [
    ("1", "Mötet öppnas"),
    ("2", "Val av justerande"),
    ("3", "Verksamhetsplan och budget 2019 för VästKom"),
    ("4", "Information om projekt Psykisk hälsa 2019-2020"),
    ("5", "Rekrytering av direktör till VästKom"),
    ("6", "Styrelsemöten 2019"),
    ("7", "Information om övriga aktuella frågor i verksamheten"),
    ("8", "Övriga frågor"),
    ("9", "Avslutning"),
]
BOARD_ABSENT = [
    "Ann-Sofie Hermansson",
    "Anna-Karin Skatt",
    "Bengt Hilmersson",
    "Liselotte Fröjd",
    "Tomas Johansson",
    "Martin Carling",
    "Paul Åkerlund",
    "Mattias Josefsson",
]


def absent_names(page: Page) -> list[str]:
    """The names on the absences page, each line "Name (how it was reported)"."""
    lines = page.locator("main ul.plain-list > li").all_inner_texts()
    return [line.split(" (")[0].strip() for line in lines]


def test_journey_2_the_notice_of_17_december_2018(browse_as: Callable[..., Page]) -> None:
    secretary = browse_as(SECRETARY, axe=True)
    secretary.goto("/organ/vastkom-styrelse/moten/")
    link(year_table(secretary, 2018), "17 december").click()
    expect(heading(secretary)).to_have_text("VästKoms styrelse, sammanträde 17 december 2018")
    facts = secretary.locator("main dl.facts")
    expect(facts).to_contain_text("måndag 17 december 2018, kl. 17.30–18.30")
    expect(facts).to_contain_text("Chalmersska huset, Södra Hamngatan 11, Göteborg. Lokal Kanalrummet")

    shown = agenda(secretary)
    assert [number for number, _ in shown] == [number for number, _ in BOARD_AGENDA]
    assert [text.splitlines()[0].rsplit(" (", 1)[0] for _, text in shown] == [title for _, title in BOARD_AGENDA]
    assert shown[2][1].splitlines()[0] == "Verksamhetsplan och budget 2019 för VästKom (beslut)"

    # The notice as PDF, like the paper one.
    notice = download_pdf(secretary, link(secretary, "Kallelse (PDF)"))
    assert "KALLELSE TILL SAMMANTRÄDE" in notice
    assert "Kanalrummet" in notice
    assert "Var god anmäl eventuellt förhinder" in notice
    assert "kl. 17.30–18.30" in notice

    # Whom to call in: the eight who have already reported absence.
    link(secretary, "Hantera sammanträdet").click()
    link(secretary, "Frånvaro").click()
    expect(heading(secretary)).to_have_text("Frånvaro")
    expect(secretary.get_by_role("heading", level=2).first).to_have_text("8 har anmält förhinder")
    assert sorted(absent_names(secretary)) == sorted(BOARD_ABSENT)
    accessible(secretary)


def test_journey_2_a_member_reports_absence_from_the_personal_link(browse_as: Callable[..., Page]) -> None:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from samverkan.meetings import links, services
    from samverkan.meetings.models import Absence
    from samverkan.structure.models import Body, Person

    board = Body.objects.get(key="vastkom-styrelse")
    start = (timezone.localtime() + datetime.timedelta(days=45)).replace(hour=17, minute=30, second=0, microsecond=0)
    meeting = services.meeting_plan(
        actor=get_user_model().objects.get(username="e2e-admin"),
        body=board,
        start=start,
        end=start + datetime.timedelta(hours=1),
        location_name="Chalmersska huset",
        room="Kanalrummet",
        source="cli:e2e",
    )
    stefan = Person.objects.get(key="stefan-svensson")
    miguel = Person.objects.get(key="miguel-odhner")

    # Stefan Svensson opens the link from his notice, without logging in.
    visitor = browse_as(None, axe=True)
    visitor.goto(links.absence_url(meeting.pk, stefan.pk))
    expect(heading(visitor)).to_have_text("Anmäl förhinder")
    expect(visitor.locator("main")).to_contain_text("VästKoms styrelse. Stefan Svensson.")
    accessible(visitor)
    field(visitor, "Meddelande till sekreteraren (frivilligt)").fill("Krockar med fullmäktige")
    button(visitor, "Jag kan inte komma").click()
    expect(visitor.get_by_role("status")).to_have_text("Tack. Vi har noterat att Stefan Svensson inte kan komma.")
    assert Absence.objects.filter(meeting=meeting, person=stefan, via=Absence.Via.LINK).count() == 1

    # A link someone has changed is refused, and records nothing.
    genuine = links.absence_url(meeting.pk, miguel.pk)
    at = len(genuine) - 6  # a character of the signature
    tampered = genuine[:at] + ("x" if genuine[at] != "x" else "y") + genuine[at + 1 :]
    response = visitor.goto(tampered)
    assert response is not None and response.status == 400
    expect(heading(visitor)).to_have_text("Länken fungerar inte")
    expect(button(visitor, "Jag kan inte komma")).to_have_count(0)
    accessible(visitor)
    assert not Absence.objects.filter(meeting=meeting, person=miguel).exists()

    # The secretary sees him among the absent, with his message.
    secretary = browse_as(SECRETARY)
    secretary.goto(meeting.get_absolute_url())
    link(secretary, "Hantera sammanträdet").click()
    link(secretary, "Frånvaro").click()
    expect(secretary.get_by_role("heading", level=2).first).to_have_text("1 har anmält förhinder")
    assert secretary.locator("main ul.plain-list > li").all_inner_texts() == [
        "Stefan Svensson (länk i kallelsen: Krockar med fullmäktige)"
    ]


# --- Journey 3: SRO, 28 April 2022 -----------------------------------------------------------

PROCEDURAL_KINDS = {
    "öppnande",
    "val av justerare",
    "godkännande av dagordningen",
    "föregående protokoll",
    "övriga frågor",
}
SRO_AGENDA = [
    ("1", "Mötets öppnande", "öppnande", ""),
    ("2", "Godkännande av dagens agenda", "godkännande av dagordningen", ""),
    ("3", "Föregående mötesanteckning", "föregående protokoll", ""),
    ("4", "Lägesrapport om Ukraina", "information", "Per Albertsson, VGR"),
    (
        "5",
        "Återkoppling från Vårdsamverkan Västra Götaland (VVG)",
        "information",
        "Helena Söderbäck, VästKom, Kaarina Sundelin, VGR",
    ),
    (
        "6",
        "Förlängning av befintligt inriktningsdokument för ungdomsmottagningarna i Västra Götaland",
        "ställningstagande",
        "Catharina Sundström, Västkom",
    ),
    (
        "7",
        "Fördelning av länsgemensamma medel för ungdomsmottagningarna 2022",
        "ställningstagande",
        "Anna Simonsson, VGR, Catharina Sundström, Västkom",
    ),
    (
        "8",
        "Fördjupad analys av arbetet med handlingsplan psykisk hälsa 2018–2021",
        "information",
        "Amanda Gumpert, Lumell Associates, Catharina Sundström, Västkom, Anna Simonsson, VGR",
    ),
    (
        "9",
        "Förlängning av läns gemensam handlingsplan för psykisk hälsa 2023–2024",
        "ställningstagande",
        "Anna Simonsson, VGR, Catharina Sundström, Västkom",
    ),
    (
        "10",
        "Förslag till samverkansavtal digitala hjälpmedel",
        "ställningstagande",
        "Emma Övelius, Lumell Associates, Adam Krantz, Västkom",
    ),
    (
        "11",
        "Mötet med SRO den 30 juni klockan 13.00-15.00 - digitalt eller på plats?",
        "information",
        "Axel Josefsson, vice ordförande",
    ),
]


def test_journey_3_the_sro_meeting_of_28_april_2022(page: Page) -> None:
    page.goto("/organ/sro/")
    link(page, "Alla sammanträden").click()
    link(year_table(page, 2022), "28 april").click()
    expect(heading(page)).to_have_text("Samrådsorganet, sammanträde 28 april 2022")
    expect(page.locator("main dl.facts")).to_contain_text("torsdag 28 april 2022, kl. 13.00–15.00")

    # Items 1-11, each with its type (procedural ones by their title alone) and presenters.
    expected = []
    for number, title, kind, presenters in SRO_AGENDA:
        shown = title if kind in PROCEDURAL_KINDS else f"{title} ({kind})"  # its title says its type
        lines = [shown] + ([f"Föredragande: {presenters}"] if presenters else [])
        expected.append((number, lines))
    assert [(number, text.splitlines()) for number, text in agenda(page)] == expected

    # The published meeting notes.
    # SRO keeps meeting notes: notes everywhere, never "protokoll".
    link(page, "Läs mötesanteckningarna").click()
    expect(page).to_have_url(re.compile(r"/moten/\d+/protokoll/$"))
    expect(heading(page)).to_have_text("Mötesanteckningar: Samrådsorganet, 28 april 2022")
    attendance = body_rows(page.locator("main table").first)
    # The stand-in: Karin Engström for Anna Lärk Ståhlberg.
    assert row_of(attendance, "Anna Lärk Ståhlberg")[3] == "ersatt av Karin Engström"
    karin = row_of(attendance, "Karin Engström")
    assert karin[0] == "Karin Engström\nsocialstrateg"
    assert karin[2:] == ["Fyrbodals kommunalförbund", "närvarande"]
    # The chair hand-over: Axel Josefsson opens, Helene Eliasson chairs from item 4.
    assert row_of(attendance, "Axel Josefsson")[3] == "närvarande\nordförande § 1, 2, 3"
    assert row_of(attendance, "Helene Eliasson")[3] == "närvarande\nordförande § 4, 5, 6, 7, 8, 9, 10, 11"
    assert row_of(attendance, "Martin Carling")[3] == "frånvarande"

    paragraphs = page.locator("main section.paragraph")
    expect(paragraphs).to_have_count(11)
    titles = [t.strip() for t in paragraphs.locator("h3").all_inner_texts()]
    assert titles == [f"§ {number} {title}" for number, title, _, _ in SRO_AGENDA]
    item_10 = page.get_by_role("region", name="§ 10 Förslag till samverkansavtal digitala hjälpmedel")
    expect(item_10.get_by_role("heading", name="Beslut", exact=True)).to_be_visible()
    expect(item_10).to_contain_text("rekommenderar respektive huvudman att besluta i enlighet med förslaget")


# --- Journey 9: GR's minutes of 3 October 2019; adjustment and publication -------------------

GR_PARAGRAPHS = [
    "§ 31 Justerare",
    "§ 32 Tema: Boende, bostäder och social hållbarhet",
    "§ 33 Tema: Funktionshinder",
    "§ 34 FoU i Väst",
    "§ 35 Hälso- och sjukvårdsfrågor",
    '§ 36 Fokusområden "Plan för uppföljning 2020"',
    "§ 37 Rapport från förbundsstyrelse (26-27 sep)",
]


def test_journey_9_gr_minutes_of_3_october_2019(page: Page) -> None:
    page.goto("/organ/gr-styrgrupp-social-valfard/")
    link(page, "Alla sammanträden").click()
    link(year_table(page, 2019), "3 oktober").click()
    link(page, "Läs protokollet").click()
    expect(heading(page)).to_have_text("Protokoll: Styrgruppen för social välfärd, 3 oktober 2019")

    titles = [t.strip() for t in page.locator("main section.paragraph h3").all_inner_texts()]
    assert titles == GR_PARAGRAPHS

    # Attendance by paragraph: the guests are there for their paragraphs only.
    attendance = body_rows(page.locator("main table").first)
    assert row_of(attendance, "Maria Ljung")[3] == "närvarande (§ 35)"
    assert row_of(attendance, "Rosanna Björklund")[3] == "närvarande (§ 35)"
    assert row_of(attendance, "Margareta Forsberg")[3] == "närvarande (§ 34)"
    assert row_of(attendance, "Maja Wadstein")[3] == "närvarande (§ 32)"
    assert row_of(attendance, "Linnéa Björk")[3] == "närvarande (§ 33)"
    assert row_of(attendance, "Lena Holmlund")[3] == "närvarande"
    assert row_of(attendance, "Kent Lagrell")[3] == "närvarande\nordförande § 31, 32, 33, 34, 35, 36, 37"
    assert row_of(attendance, "Mariette Risberg")[3] == "anmält förhinder"
    expect(page.locator("main")).to_contain_text("Justerat av: Ove Dröscher")

    # The extract of § 33, for sending to the principals: that paragraph and no other.
    extract = download_pdf(page, link(page, "Protokollsutdrag § 33 (PDF)"))
    assert "Protokollsutdrag" in extract
    assert "§ 33" in extract
    assert "Tema: Funktionshinder" in extract
    assert "§ 34" not in extract
    assert "FoU i Väst" not in extract


@pytest.fixture
def gr_meeting_to_minute(site: str) -> Any:
    """A meeting of GR's steering group held on 14 November 2019 (after the one of 3 October, so
    its paragraphs continue from § 38), with two items and no roll call yet."""
    from django.contrib.auth import get_user_model

    from samverkan.meetings import services
    from samverkan.meetings.models import AgendaItem
    from samverkan.structure.models import Body

    admin = get_user_model().objects.get(username="e2e-admin")
    start = datetime.datetime(2019, 11, 14, 9, 0, tzinfo=STOCKHOLM)
    meeting = services.meeting_plan(
        actor=admin,
        body=Body.objects.get(key="gr-styrgrupp-social-valfard"),
        with_procedural_items=False,
        start=start,
        end=start + datetime.timedelta(hours=3),
        location_name="GR",
        address="Anders Personsgatan 8, Göteborg",
        source="cli:e2e",
    )
    services.item_add(
        actor=admin,
        meeting=meeting,
        title="Information om kompetensförsörjning",
        kind=AgendaItem.Kind.INFORMATION,
        presenters="Lena Holmlund",
        source="cli:e2e",
    )
    services.item_add(
        actor=admin,
        meeting=meeting,
        title="Årshjul 2020 för styrgruppen",
        kind=AgendaItem.Kind.DECISION,
        proposal="Styrgruppen fastställer årshjulet för 2020.",
        source="cli:e2e",
    )
    return meeting


def test_journey_9_the_secretary_draws_up_and_the_adjuster_confirms(
    browse_as: Callable[..., Page], gr_meeting_to_minute: Any
) -> None:
    meeting = gr_meeting_to_minute
    secretary = browse_as(SECRETARY, axe=True)
    secretary.goto(meeting.get_absolute_url())
    expect(heading(secretary)).to_have_text("Styrgruppen för social välfärd, sammanträde 14 november 2019")
    link(secretary, "Hantera sammanträdet").click()
    accessible(secretary)

    # Roll call: from the structure, then one member only for item 2.
    link(secretary, "Närvaro").click()
    expect(heading(secretary)).to_have_text("Närvaro")
    button(secretary, "Lägg till organets ledamöter").click()
    expect(message(secretary)).to_contain_text("Ledamöter som lagts till i närvarolistan: 16.")
    roll_call = body_rows(secretary.locator("main table").first)
    assert len(roll_call) == 16
    assert row_of(roll_call, "Kent Lagrell (M)")[1:3] == ["Ledamot", "Närvarande"]
    accessible(secretary)
    secretary.get_by_role("link", name="Ändra Marie Raask", exact=True).click()
    expect(heading(secretary)).to_have_text("Marie Raask")
    accessible(secretary)
    secretary.locator("#id_items").get_by_label("2. Årshjul 2020 för styrgruppen").check()
    button(secretary, "Spara").click()
    expect(message(secretary)).to_contain_text("Dina ändringar har sparats.")
    assert row_of(body_rows(secretary.locator("main table").first), "Marie Raask (S)")[3] == "2."

    # The decision on item 2, with its att-clauses.
    link(secretary, "Styrgruppen för social välfärd, 14 november 2019").click()
    secretary.get_by_role("link", name="Ändra Årshjul 2020 för styrgruppen", exact=True).click()
    accessible(secretary)
    field(secretary, "Beslut").fill("Styrgruppen för social välfärd beslutar")
    field(secretary, "Att-satser").fill(
        "att fastställa årshjulet för 2020\natt uppdra åt GR att återkomma med en plan för 2021"
    )
    button(secretary, "Spara").click()
    expect(message(secretary)).to_contain_text("Dina ändringar har sparats.")
    expect(secretary.locator("main table")).to_contain_text("Beslut: Styrgruppen för social välfärd beslutar")

    # Draw up: paragraphs continue after § 37 of 3 October; Ove Dröscher adjusts.
    link(secretary, "Protokoll").click()
    expect(heading(secretary)).to_have_text("Protokoll")
    accessible(secretary)
    expect(field(secretary, "Första paragrafnummer")).to_have_value("38")
    secretary.locator("#id_adjusters").get_by_label("Ove Dröscher", exact=True).check()
    field(secretary, "Vid protokollet").select_option(label="Sara Nordenhielm")
    button(secretary, "Upprätta och skicka för justering").click()
    expect(message(secretary)).to_contain_text("Protokollet är upprättat och skickat för justering.")
    adjusters = secretary.locator("main table").first
    assert [row[:2] for row in body_rows(adjusters)] == [["Ove Dröscher", "–"]]  # not confirmed yet
    accessible(secretary)
    personal_link = link(adjusters, "Länk Ove Dröscher").get_attribute("href")
    assert personal_link and personal_link.startswith("/justering/")

    # The adjuster opens the link from his e-mail, not logged in, reads and confirms.
    adjuster = browse_as(None, axe=True)
    adjuster.goto(personal_link)
    expect(heading(adjuster)).to_have_text("Justera protokollet")
    expect(adjuster.locator("main")).to_contain_text("Justerare: Ove Dröscher.")
    assert [t.strip() for t in adjuster.locator("main h3").all_inner_texts()] == [
        "§ 38 Information om kompetensförsörjning",
        "§ 39 Årshjul 2020 för styrgruppen",
    ]
    expect(adjuster.locator("main")).to_contain_text("att uppdra åt GR att återkomma med en plan för 2021")
    accessible(adjuster)
    button(adjuster, "Jag bekräftar protokollet").click()
    expect(adjuster.get_by_role("status")).to_have_text(
        "Tack. Alla justerare har bekräftat. Protokollet är justerat och publicerat."
    )
    expect(button(adjuster, "Jag bekräftar protokollet")).to_have_count(0)

    # Published: the public page, in the sitemap, and as PDF.
    public = browse_as(None)
    public.goto(meeting.get_absolute_url())
    link(public, "Läs protokollet").click()
    expect(heading(public)).to_have_text("Protokoll: Styrgruppen för social välfärd, 14 november 2019")
    assert [t.strip() for t in public.locator("main section.paragraph h3").all_inner_texts()] == [
        "§ 38 Information om kompetensförsörjning",
        "§ 39 Årshjul 2020 för styrgruppen",
    ]
    item_39 = public.get_by_role("region", name="§ 39 Årshjul 2020 för styrgruppen")
    assert item_39.locator("ul > li").all_inner_texts() == [
        "att fastställa årshjulet för 2020",
        "att uppdra åt GR att återkomma med en plan för 2021",
    ]
    attendance = body_rows(public.locator("main table").first)
    assert row_of(attendance, "Marie Raask")[3] == "närvarande (§ 39)"
    expect(public.locator("main")).to_contain_text("Justerat av: Ove Dröscher")
    minutes_path = path_of(public.url)

    sitemap = public.request.get("/sitemap.xml")
    assert sitemap.status == 200
    locations = [path_of(loc) for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap.text())]
    assert minutes_path in locations

    minutes_pdf = download_pdf(public, link(public, "Protokoll (PDF)"))
    assert "§ 38" in minutes_pdf and "§ 39" in minutes_pdf
    assert "Årshjul 2020 för styrgruppen" in minutes_pdf
    assert "Ove Dröscher" in minutes_pdf
