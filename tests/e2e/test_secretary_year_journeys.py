"""The secretary's year in a real browser (issue 12 point 8): a year planned at once, the roll
call on one screen, and "Mina uppgifter" where each persona lands after logging in. Each screen
is checked with axe and at a phone's 390 px. The journeys write only records of their own: SRO
meetings two years ahead, and a VästKom board meeting with its minutes made by the fixture."""

from __future__ import annotations

import datetime
import re
import secrets
from typing import TYPE_CHECKING, Any

import pytest

try:
    from playwright.sync_api import expect
except ImportError as exc:  # pragma: no cover - without playwright the browser tests are skipped
    pytest.skip(
        f"chromium is not available: the playwright package cannot be imported ({exc})", allow_module_level=True
    )

from tests.e2e.conftest import ADMIN, MEMBER, MEMBER_PERSON, PASSWORD, SECRETARY, log_in
from tests.e2e.test_meeting_journeys import accessible, body_rows, button, field, heading, link, message, year_table
from tests.e2e.test_phone_width import PHONE, too_wide

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page

REGISTRAR = "e2e-registrator-aret"


@pytest.fixture(scope="module")
def year_world(structure: None, django_db_blocker: Any) -> dict[str, Any]:
    """A coming VästKom board meeting whose notice is not sent, earlier minutes of the board
    waiting for the member's adjustment (without a known deadline: shown as unknown), and a
    registrar of Göteborg with a recommendation to answer."""
    with django_db_blocker.unblock():
        return _make_year_world()


def _make_year_world() -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from samverkan.meetings import services as meeting_services
    from samverkan.meetings.models import Minutes
    from samverkan.referrals import services as referral_services
    from samverkan.structure import services as structure_services
    from samverkan.structure.models import Body, Person, Principal

    users = get_user_model()
    admin = users.objects.get(username=ADMIN)
    board = Body.objects.get(key="vastkom-styrelse")
    coming = meeting_services.meeting_plan(
        actor=admin,
        body=board,
        start=timezone.now() + datetime.timedelta(days=400, hours=secrets.randbelow(100)),
        location_name="Chalmersska huset",
        source="cli:e2e",
    )
    held = meeting_services.meeting_plan(
        actor=admin,
        body=board,
        start=timezone.now() - datetime.timedelta(days=3, hours=secrets.randbelow(100)),
        location_name="Chalmersska huset",
        with_procedural_items=False,
        source="cli:e2e",
    )
    meeting_services.item_add(actor=admin, meeting=held, title="Information om året", kind="information")
    member = Person.objects.get(key=MEMBER_PERSON)
    meeting_services.attendance_record(actor=admin, meeting=held, person=member, source="cli:e2e")
    meeting_services.minutes_draw_up(actor=admin, meeting=held, adjusters=[member], source="cli:e2e")
    Minutes.objects.filter(meeting=held).update(adjustment_deadline=None)
    registrar = users.objects.create_user(REGISTRAR, "e2e-registrator-aret@example.test", PASSWORD)
    goteborg = Principal.objects.get(key="goteborg")
    structure_services.registrar_grant(actor=admin, principal=goteborg, user=registrar, source="cli:e2e")
    title = f"Årets rekommendation {secrets.token_hex(3)}"
    recommendation = referral_services.recommendation_create(
        actor=admin,
        body=Body.objects.get(key="sro"),
        principals=[goteborg],
        title=title,
        question="Kommunen ställer sig bakom överenskommelsen.",
        deadline=timezone.localdate() + datetime.timedelta(days=20),
        source="cli:e2e",
    )
    referral_services.recommendation_send(actor=admin, recommendation=recommendation, notify=False, source="cli:e2e")
    return {"coming": coming, "held": held, "title": title}


def log_in_fresh(browse_as: Callable[..., Page], username: str) -> Page:
    """Log in through the real log-in page in a page of its own, and land where the site sends."""
    page = browse_as(None, axe=True)
    log_in(page, username)
    return page


# --- "Mina uppgifter" after log-in, for each persona ------------------------------------------


def test_each_persona_lands_on_their_own_tasks_after_log_in(
    browse_as: Callable[..., Page], year_world: dict[str, Any]
) -> None:
    coming, held = year_world["coming"], year_world["held"]

    secretary = log_in_fresh(browse_as, SECRETARY)
    expect(secretary).to_have_url(re.compile(r"/mina-uppgifter/$"))
    expect(heading(secretary)).to_have_text("Mina uppgifter")
    notices = secretary.locator("section", has=secretary.get_by_role("heading", name="Kallelser som inte skickats"))
    expect(notices.locator(f'a[href="/moten/{coming.pk}/kallelse/skicka/"]')).to_have_count(1)
    expect(secretary.get_by_role("heading", name="Importer att granska")).to_be_visible()
    expect(secretary.get_by_role("heading", name="Nästa sammanträden i mina organ")).to_be_visible()
    accessible(secretary)
    assert not too_wide(secretary, ["/mina-uppgifter/"], PHONE)

    member = log_in_fresh(browse_as, MEMBER)
    expect(member).to_have_url(re.compile(r"/mina-uppgifter/$"))
    meetings = member.locator("section", has=member.get_by_role("heading", name="Nästa sammanträden i mina organ"))
    expect(meetings.locator(f'a[href="/moten/{coming.pk}/"]')).to_have_count(1)
    adjust = member.locator("section", has=member.get_by_role("heading", name="Protokoll som väntar på min justering"))
    expect(adjust.locator(f'a[href="/moten/{held.pk}/justera/"]')).to_have_count(1)
    expect(adjust).to_contain_text("ska justeras senast okänt")  # no deadline known: said so
    expect(member.get_by_role("heading", name="Kallelser som inte skickats")).to_have_count(0)
    accessible(member)
    # The member follows the link and adjusts; the task is gone.
    adjust.locator(f'a[href="/moten/{held.pk}/justera/"]').click()
    expect(heading(member)).to_have_text("Justera protokollet")
    member.locator("header").get_by_role("link", name="Mina uppgifter", exact=True).click()
    expect(heading(member)).to_have_text("Mina uppgifter")

    registrar = log_in_fresh(browse_as, REGISTRAR)
    expect(registrar).to_have_url(re.compile(r"/mina-uppgifter/$"))
    answers = registrar.locator(
        "section", has=registrar.get_by_role("heading", name="Rekommendationer som väntar på min huvudmans svar")
    )
    expect(answers).to_contain_text(year_world["title"])
    expect(registrar.get_by_role("heading", name="Nästa sammanträden i mina organ")).to_have_count(0)
    accessible(registrar)
    # How many are already answered depends on what the shared live database holds from other
    # journeys run before this one in the same process; the link is what matters here.
    answers.get_by_role("link", name=re.compile(r"^Alla rekommendationer att besvara \(\d+ besvarade?\)$")).click()
    expect(heading(registrar)).to_have_text("Rekommendationer att besvara")
    expect(registrar.get_by_role("heading", name="Att besvara, närmaste svarsdatum först")).to_be_visible()
    accessible(registrar)

    admin = log_in_fresh(browse_as, ADMIN)
    expect(admin).to_have_url(re.compile(r"/mina-uppgifter/$"))
    expect(admin.get_by_role("heading", name="Importer att granska")).to_be_visible()
    accessible(admin)

    public = browse_as(None)
    public.goto("/mina-uppgifter/")
    expect(public).to_have_url(re.compile(r"/accounts/login/\?next=/mina-uppgifter/$"))


# --- A year planned at once -------------------------------------------------------------------


def test_a_year_is_planned_at_once(browse_as: Callable[..., Page]) -> None:
    year = datetime.date.today().year + 2
    secretary = browse_as(SECRETARY, axe=True)
    secretary.goto("/organ/sro/moten/")
    link(secretary, "Planera flera sammanträden").click()
    expect(heading(secretary)).to_have_text("Planera flera sammanträden")
    accessible(secretary)
    assert not too_wide(secretary, ["/organ/sro/moten/planera/"], PHONE)
    secretary.set_viewport_size({"width": 1280, "height": 800})
    field(secretary, "Datum").fill(f"{year}-02-10\n{year}-04-14\n{year}-09-22, {year}-11-17")
    field(secretary, "Börjar kl.").fill("13:00")
    field(secretary, "Slutar kl.").fill("15:30")
    field(secretary, "Plats").fill("Regionens hus")
    field(secretary, "Lokal").fill("Sal A")
    button(secretary, "Lägg till sammanträdena i planen").click()
    expect(message(secretary)).to_contain_text("4 sammanträden lades till i sammanträdesplanen.")
    plan = body_rows(year_table(secretary, year))
    assert [row[:3] for row in plan] == [
        ["10 februari", "13.00–15.30", "Regionens hus"],
        ["14 april", "13.00–15.30", "Regionens hus"],
        ["22 september", "13.00–15.30", "Regionens hus"],
        ["17 november", "13.00–15.30", "Regionens hus"],
    ]
    accessible(secretary)

    # The same dates again, one of them given twice: refused whole, with the reasons.
    link(secretary, "Planera flera sammanträden").click()
    field(secretary, "Datum").fill(f"{year}-02-10\n{year}-05-05\n{year}-05-05")
    field(secretary, "Plats").fill("Regionens hus")
    button(secretary, "Lägg till sammanträdena i planen").click()
    errors = secretary.locator("main .errorlist")
    expect(errors).to_contain_text(f"Organet har redan ett sammanträde {year}-02-10.")
    expect(errors).to_contain_text(f"Dessa datum står två gånger: {year}-05-05.")
    expect(errors).to_contain_text("Inget sammanträde lades till.")
    accessible(secretary)
    secretary.goto("/organ/sro/moten/")
    assert len(body_rows(year_table(secretary, year))) == 4


# --- The roll call on one screen --------------------------------------------------------------


def test_the_roll_call_on_one_screen(browse_as: Callable[..., Page], year_world: dict[str, Any]) -> None:
    from samverkan.meetings.models import Attendance

    coming = year_world["coming"]
    secretary = browse_as(SECRETARY, axe=True)
    secretary.goto(f"/moten/{coming.pk}/dagordning/")
    link(secretary, "Upprop på en sida").click()
    expect(heading(secretary)).to_have_text("Upprop på en sida")
    accessible(secretary)
    assert not too_wide(secretary, [f"/moten/{coming.pk}/narvaro/upprop/"], PHONE)
    secretary.set_viewport_size({"width": 1280, "height": 800})
    rows = secretary.locator("main table").first.locator("tbody tr")
    members = rows.count()
    assert members > 10  # the whole board on one screen
    secretary.get_by_label("Status: Johan Abrahamsson", exact=True).select_option(label="frånvarande")
    secretary.locator("#id_new-0-name").fill("Olle Tjänsteman")
    secretary.locator("#id_new-0-capacity").select_option(label="tjänsteperson")
    secretary.locator("#id_new-0-description").fill("kanslichef")
    button(secretary, "Spara närvaron").click()
    expect(message(secretary)).to_contain_text(f"Närvaron sparades: {members + 1} rader ändrade eller tillagda.")
    expect(secretary.get_by_label("Status: Johan Abrahamsson", exact=True)).to_have_value("absent")
    expect(secretary.get_by_label("Status: Olle Tjänsteman", exact=True)).to_have_value("present")
    accessible(secretary)
    recorded = Attendance.objects.filter(meeting=coming)
    assert recorded.count() == members + 1
    assert recorded.get(person__key=MEMBER_PERSON).status == "absent"
    official = recorded.get(person__name="Olle Tjänsteman")
    assert (official.capacity, official.description) == ("official", "kanslichef")
