"""The recommendation journeys of PRODUCT.md (4, 5 and 8), clicked through in chromium against
the live server: the secretary sends SRO's recommendation of 28 April 2022 (item 10) to the
region and the 49 municipalities, the registrars answer through their personal links (one with a
condition and an extract, one late, many not at all), reminders go to those who have not
answered, the report-back lands on SRO's next agenda, and the public reads where every principal
stands. Then Västerbotten's decision point BP1, reached only when all 16 principals approve.

The data are the seeds' structure and meetings (loaded once, see conftest.py). Each journey
creates records of its own only (a recommendation with a unique title, registrar accounts with
unique addresses, a meeting in the future, a project with a unique key) and never changes or
deletes shared data, so the tests can run in any order and on any xdist worker. The interface's
Swedish texts for recommendations are still being written, so the pages are read through form
field names, URLs and CSS classes, and the texts the page shows are compared with what Django
renders in Swedish (whatever the catalogue says at the time).

Time is simulated where the journey needs it: reminders are claimed for a chosen day
(`deadlines.reminders_claim(today=...)`), and the deadline is moved into the past with a queryset
update before the late answer and the report-back.
"""

from __future__ import annotations

import datetime
import re
import secrets
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

try:
    from playwright.sync_api import expect
except ImportError as exc:  # the browser fixture would skip too; this keeps collection working
    pytest.skip(
        f"chromium is not available: the playwright package cannot be imported ({exc})", allow_module_level=True
    )

from tests.e2e.conftest import ADMIN, PASSWORD, SECRETARY
from tests.e2e.test_accessibility import assert_no_violations, run_axe

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from django.core.mail import EmailMessage
    from playwright.sync_api import Locator, Page

SRO_ITEM_TITLE = "Förslag till samverkansavtal digitala hjälpmedel"
VG_ALL = "vg-kommuner-och-regionen"  # VGR and the 49 municipalities (examples/vastra-gotaland.yaml)
VB_ALL = "vb-kommuner-och-regionen"  # Region Västerbotten and the 15 municipalities
VB_BODY = "vb-styrgrupp-regionkommun"

# Who answers what in journey 4 (principal keys of examples/vastra-gotaland.yaml).
APPROVE = ["vgr", "goteborg", "boras"]
REJECT = ["ale", "tjorn"]
CONDITIONAL = "molndal"  # journey 5
LATE = "lerum"
INBOX_REGISTRAR = "vara"  # logs in and sees the recommendation in their list; never answers
FORGED_FOR = "kungalv"  # never answers; their link, changed by one character, must not work
CONDITION_TEXT = "Under förutsättning att kostnadsfördelningen fastställs i avtalet före 1 januari."
PARAGRAPH = "§ 87"
DECIDING_BODY = "Kommunstyrelsen"

# How long to wait for the page a click or a submit leads to. Playwright's `expect` waits 5 s by
# default, and some of these requests do real work (sending 50 e-mails, rendering 50 recipients
# with their forms); on a loaded machine running several browsers that can take longer.
AFTER_SUBMIT_MS = 30_000

LINK_PATH = re.compile(r"https?://[^/\s]+(/svara/[^/\s]+/)")


# --- Helpers --------------------------------------------------------------------------------


def heading(page: Page, level: int = 1) -> Locator:
    return page.get_by_role("heading", level=level)


def flash(page: Page) -> Locator:
    """The confirmation shown after a save (Django's messages)."""
    return page.locator("div.messages[role=status]")


def submit(page: Page) -> None:
    """Press the submit button of the page's main form (the header has forms of its own)."""
    page.locator("main form.stacked button[type=submit]").click()


def accessible(page: Page) -> None:
    """axe-core finds no WCAG 2.1 A/AA violation on the page as it is now."""
    assert_no_violations(run_axe(page, preload=False))


def swedish(value: Any) -> str:
    """A (lazy) text as the Swedish pages render it, with the catalogue as it is now."""
    from django.utils import translation

    with translation.override("sv"):
        return str(value)


def not_answered() -> Any:
    """The text of a missing answer (referrals/_answer_cell.html)."""
    from django.utils.translation import gettext_lazy

    return gettext_lazy("not answered")


def cell_texts(rows: Locator) -> list[list[str]]:
    result: list[list[str]] = rows.evaluate_all("rows => rows.map(r => Array.from(r.cells, c => c.innerText.trim()))")
    return result


def make_pdf(path: Path) -> bytes:
    """A small, valid one-page PDF: the extract of the minutes a municipality uploads."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Protokollsutdrag Kommunstyrelsen § 87"})
    with open(path, "wb") as handle:
        writer.write(handle)
    return path.read_bytes()


def link_path(url: str) -> str:
    """The path of a personal link (the e-mail carries the site's address, not the live server's)."""
    return urlsplit(url).path


def answer_through_link(
    page: Page,
    path: str,
    *,
    answer: str,
    decided_on: datetime.date,
    decided_by: str = "council",
    decided_by_name: str = "",
    paragraph: str = "",
    condition: str = "",
    extract: Path | None = None,
    axe: bool = False,
) -> None:
    """Open the personal link as the registrar would from the e-mail, fill in the form by its
    field names and record the answer."""
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path}: HTTP {response and response.status}"
    expect(page.locator("input[name=answer]")).to_have_count(3)  # approved, with condition, rejected
    if axe:
        accessible(page)
    page.locator(f"input[name=answer][value={answer}]").check()
    if condition:
        page.locator("textarea[name=condition]").fill(condition)
    page.locator("input[name=decided_on]").fill(decided_on.isoformat())
    page.locator("select[name=decided_by]").select_option(decided_by)
    if decided_by_name:
        page.locator("input[name=decided_by_name]").fill(decided_by_name)
    if paragraph:
        page.locator("input[name=paragraph]").fill(paragraph)
    if extract is not None:
        page.locator("input[name=extract]").set_input_files(str(extract))
    submit(page)
    # Back on the link's page, which now shows the recorded answer.
    expect(flash(page)).to_be_visible(timeout=AFTER_SUBMIT_MS)
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))


def mails_of(outbox: list[EmailMessage], title: str, addresses: dict[str, str]) -> list[tuple[str, EmailMessage]]:
    """The e-mails about the recommendation `title` to this test's registrars, each as
    (principal key, message). `addresses` maps an address to its principal's key."""
    found = []
    for message in outbox:
        if title not in message.subject:
            continue
        mine = [addresses[a] for a in message.to if a in addresses]
        assert len(mine) == 1, f"{message.subject!r} went to {message.to}"
        found.append((mine[0], message))
    return found


def registrars_for(principals: list[Any], token: str, *, with_password: set[str]) -> dict[str, Any]:
    """A registrar account with an e-mail address of its own for each principal."""
    from django.contrib.auth import get_user_model

    from samverkan.structure import services as structure_services

    users = get_user_model()
    admin = users.objects.get(username=ADMIN)
    made = {}
    for principal in principals:
        user = users.objects.create_user(
            f"e2e-reg-{token}-{principal.key}",
            f"registrator.{principal.key}.{token}@example.test",
            PASSWORD if principal.key in with_password else None,
        )
        structure_services.registrar_grant(actor=admin, principal=principal, user=user, source="cli:e2e")
        made[principal.key] = user
    return made


# --- Journeys 4 and 5: SRO's recommendation to the region and the 49 municipalities -----------


def test_journey_4_and_5_the_recommendation_goes_out_and_the_principals_answer(
    browse_as: Callable[..., Page], tmp_path: Path
) -> None:
    from django.contrib.auth import get_user_model
    from django.core import mail
    from django.utils import timezone
    from django.utils.translation import gettext_lazy

    from samverkan.meetings import services as meeting_services
    from samverkan.meetings.models import AgendaItem, Meeting
    from samverkan.referrals import deadlines, selectors, tasks
    from samverkan.referrals import mail as referral_mail
    from samverkan.referrals import outcome as outcomes
    from samverkan.referrals.models import Recipient, Recommendation, Reminder, ReportBack, Response
    from samverkan.structure.models import Grouping, Principal

    token = secrets.token_hex(3)
    title = f"Samverkansavtal digitala hjälpmedel (e2e {token})"
    today = timezone.localdate()
    deadline = today + datetime.timedelta(days=20)
    admin = get_user_model().objects.get(username=ADMIN)

    grouping = Grouping.objects.get(key=VG_ALL)
    principals = list(grouping.principals.order_by("name"))
    assert len(principals) == 50
    assert [p.key for p in principals if p.kind == Principal.Kind.REGION] == ["vgr"]
    by_key = {p.key: p for p in principals}
    registrars = registrars_for(principals, token, with_password={INBOX_REGISTRAR})
    addresses = {user.email: key for key, user in registrars.items()}

    # --- The secretary: from item 10 of SRO's meeting of 28 April 2022 to a recommendation.
    meeting = Meeting.objects.get(body__key="sro", start__date=datetime.date(2022, 4, 28))
    item = AgendaItem.objects.get(meeting=meeting, position=10)
    assert item.title == SRO_ITEM_TITLE
    secretary = browse_as(SECRETARY, axe=True)
    secretary.goto(f"/moten/{meeting.pk}/punkter/{item.pk}/")
    expect(heading(secretary)).to_contain_text(SRO_ITEM_TITLE)
    to_create = secretary.locator(f"main a[href$='/organ/sro/rekommendationer/ny/?item={item.pk}']")
    expect(to_create).to_have_count(1)
    to_create.click()
    expect(secretary).to_have_url(
        re.compile(rf"/organ/sro/rekommendationer/ny/\?item={item.pk}$"), timeout=AFTER_SUBMIT_MS
    )
    # The form starts from the item: its title and the position SRO took.
    expect(secretary.locator("input[name=title]")).to_have_value(SRO_ITEM_TITLE)
    expect(secretary.locator("textarea[name=question]")).to_contain_text("rekommenderar respektive huvudman")
    expect(secretary.locator("input[name=reminder_days]")).to_have_value("14, 3")
    accessible(secretary)

    secretary.locator("input[name=title]").fill(title)
    secretary.locator(f"input[name=groupings][value='{grouping.pk}']").check()
    secretary.locator("input[name=deadline]").fill(deadline.isoformat())
    secretary.locator("input[name=rule][value=all]").check()
    secretary.locator("input[name=reminder_days]").fill("14, 3")
    submit(secretary)
    expect(secretary).to_have_url(re.compile(r"/rekommendationer/\d+/$"), timeout=AFTER_SUBMIT_MS)
    recommendation = Recommendation.objects.get(title=title)
    assert secretary.url.endswith(recommendation.get_absolute_url())
    assert recommendation.status == Recommendation.Status.DRAFT
    assert recommendation.body.key == "sro"
    assert recommendation.agenda_item == item
    assert recommendation.rule == Recommendation.Rule.ALL
    assert recommendation.reminder_days == [14, 3]
    assert recommendation.deadline == deadline
    assert set(recommendation.recipients.values_list("principal__key", flat=True)) == set(by_key)
    expect(heading(secretary)).to_have_text(title)
    expect(secretary.locator("table.recipients tbody tr")).to_have_count(50)
    accessible(secretary)  # the secretary's draft page, with the send button

    # Send: first the list of whom it will reach and whom not, then every registrar gets one
    # e-mail with a personal link.
    secretary.get_by_role("link", name="Skicka till mottagarna", exact=True).click()
    expect(secretary.get_by_role("heading", level=2).first).to_have_text(f"Den når {len(by_key)} huvudmän")
    assert not mails_of(mail.outbox, title, addresses)  # nothing before confirming
    accessible(secretary)
    secretary.get_by_role("button", name="Bekräfta och skicka", exact=True).click()
    # Sent: the page now offers to withdraw instead of to send (the draft's page had a message
    # of its own already, so the message alone does not tell that the new page is there).
    withdraw = secretary.locator(f"main form[action$='/rekommendationer/{recommendation.pk}/dra-tillbaka/']")
    expect(withdraw).to_have_count(1, timeout=AFTER_SUBMIT_MS)
    expect(secretary.locator("main form[action$='/skicka/']")).to_have_count(0)
    expect(flash(secretary)).to_be_visible()
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.SENT
    invitations = mails_of(mail.outbox, title, addresses)
    assert sorted(key for key, _ in invitations) == sorted(by_key), "one invitation to each principal's registrar"
    links: dict[str, str] = {}
    for key, message in invitations:
        assert not message.subject.startswith("Påminnelse")
        assert by_key[key].name in message.body
        found = LINK_PATH.findall(message.body)
        assert found, f"no personal link in the invitation to {key}"
        links[key] = found[0]
    assert len(set(links.values())) == 50, "every principal has a link of its own"
    assert not Recipient.objects.filter(recommendation=recommendation, invited_at__isnull=True).exists()

    # --- The registrars answer through their links, not logged in, before the deadline.
    extract_file = tmp_path / "protokollsutdrag.pdf"
    extract_bytes = make_pdf(extract_file)
    decided = today - datetime.timedelta(days=2)
    registrar = browse_as(None, axe=True)
    for n, key in enumerate(APPROVE):
        answer_through_link(
            registrar, links[key], answer="approved", decided_on=decided, paragraph=f"§ {10 + n}", axe=n == 0
        )
    for key in REJECT:
        answer_through_link(registrar, links[key], answer="rejected", decided_on=decided, decided_by="executive")
    # Journey 5: Mölndal approves with a condition, with the date, body, paragraph and extract.
    answer_through_link(
        registrar,
        links[CONDITIONAL],
        answer="approved_with_condition",
        condition=CONDITION_TEXT,
        decided_on=decided,
        decided_by="executive",
        decided_by_name=DECIDING_BODY,
        paragraph=PARAGRAPH,
        extract=extract_file,
    )
    # The link's page now shows the recorded answer and offers to change it.
    expect(registrar.locator("main div.message[role=status]")).to_contain_text(
        swedish(Response.Answer.APPROVED_WITH_CONDITION.label)
    )
    accessible(registrar)

    def current(key: str) -> Response | None:
        return Recipient.objects.get(recommendation=recommendation, principal__key=key).current_response

    for key in APPROVE:
        answer = current(key)
        assert answer is not None and answer.answer == Response.Answer.APPROVED and answer.via == Response.Via.LINK
        assert not answer.late
    for key in REJECT:
        answer = current(key)
        assert answer is not None and answer.answer == Response.Answer.REJECTED
    conditional = current(CONDITIONAL)
    assert conditional is not None
    assert conditional.answer == Response.Answer.APPROVED_WITH_CONDITION
    assert conditional.condition == CONDITION_TEXT
    assert conditional.decided_on == decided
    assert conditional.decided_by == Response.DecidedBy.EXECUTIVE
    assert conditional.decided_by_name == DECIDING_BODY
    assert conditional.paragraph == PARAGRAPH
    assert conditional.extract_name == "protokollsutdrag.pdf"
    assert not conditional.late
    answered_on_time = {*APPROVE, *REJECT, CONDITIONAL}
    assert Response.objects.filter(recipient__recommendation=recommendation).count() == len(answered_on_time)

    # --- A link someone has changed by one character: refused, and nothing is recorded.
    genuine = links[FORGED_FOR]
    at = len(genuine) - 6  # a character of the signature
    forged = genuine[:at] + ("x" if genuine[at] != "x" else "y") + genuine[at + 1 :]
    response = registrar.goto(forged)
    assert response is not None and response.status == 403
    expect(registrar.locator("input[name=answer]")).to_have_count(0)
    expect(registrar.locator("main form")).to_have_count(0)
    expect(heading(registrar)).to_have_text(re.compile(r"länk|link", re.I))
    accessible(registrar)
    assert current(FORGED_FOR) is None
    assert Response.objects.filter(recipient__recommendation=recommendation).count() == len(answered_on_time)

    # --- Reminders: 14 and 3 days before the deadline, only to those who have not answered.
    waiting = set(by_key) - answered_on_time

    def remind_on(day: datetime.date) -> list[tuple[str, EmailMessage]]:
        before = len(mail.outbox)
        claimed = deadlines.reminders_claim(today=day)
        mine = list(Reminder.objects.filter(pk__in=claimed, recipient__recommendation=recommendation))
        # Claims for other tests' recommendations, made for a simulated day, are undone.
        Reminder.objects.filter(pk__in=claimed).exclude(recipient__recommendation=recommendation).delete()
        referral_mail.reminders_send([r.pk for r in mine])
        return mails_of(mail.outbox[before:], title, addresses)

    fourteen = remind_on(deadline - datetime.timedelta(days=14))
    assert sorted(key for key, _ in fourteen) == sorted(waiting), "reminded: exactly those who have not answered"
    for key, message in fourteen:
        assert message.subject.startswith("Påminnelse")
        assert links[key] in LINK_PATH.findall(message.body), f"the reminder to {key} carries its personal link"
    assert remind_on(deadline - datetime.timedelta(days=14)) == [], "a reminder day is sent once"
    assert remind_on(deadline - datetime.timedelta(days=10)) == [], "nothing between the reminder days"
    three = remind_on(deadline - datetime.timedelta(days=3))
    assert sorted(key for key, _ in three) == sorted(waiting)
    sent = Reminder.objects.filter(recipient__recommendation=recommendation, sent_at__isnull=False)
    assert sent.count() == 2 * len(waiting)
    assert sorted(set(sent.values_list("days_before", flat=True))) == [3, 14]
    assert not sent.filter(recipient__principal__key__in=answered_on_time).exists()

    # The report-back waits while answers are missing and the deadline has not passed.
    start = (timezone.localtime() + datetime.timedelta(days=5)).replace(hour=13, minute=0, second=0, microsecond=0)
    next_meeting = meeting_services.meeting_plan(
        actor=admin,
        body=recommendation.body,
        start=start,
        end=start + datetime.timedelta(hours=2),
        location_name="Digitalt",
        source="cli:e2e",
    )
    assert deadlines.report_back_add(recommendation=recommendation) is None
    assert not ReportBack.objects.filter(recommendation=recommendation).exists()

    # --- The registrar of Vara logs in and finds the recommendation among those to answer.
    inbox = browse_as(registrars[INBOX_REGISTRAR].username, axe=True)
    inbox.goto("/rekommendationer/att-besvara/")
    mine = inbox.locator("main tbody tr").filter(has_text=title)
    expect(mine).to_have_count(1)
    expect(mine.locator(".answer-none")).to_have_count(1)
    expect(mine).to_contain_text(by_key[INBOX_REGISTRAR].name)
    accessible(inbox)

    # --- The deadline passes (simulated); Lerum answers late, through its link.
    Recommendation.objects.filter(pk=recommendation.pk).update(deadline=today - datetime.timedelta(days=1))
    answer_through_link(registrar, links[LATE], answer="approved", decided_on=decided)
    late = current(LATE)
    assert late is not None and late.late and late.answer == Response.Answer.APPROVED
    waiting.discard(LATE)
    recommendation.refresh_from_db()

    # --- The clock: the report-back goes onto SRO's next planned meeting, once.
    tasks.due_work.call()
    report = ReportBack.objects.get(recommendation=recommendation)
    assert report.meeting == next_meeting
    assert report.reason == "deadline"
    assert report.item is not None and report.item.title == f"Återrapportering: {title}"
    tasks.due_work.call()
    assert ReportBack.objects.filter(recommendation=recommendation).count() == 1
    assert AgendaItem.objects.filter(meeting=next_meeting, title=f"Återrapportering: {title}").count() == 1

    # --- The outcome under the rule: all must approve, two rejected, so not adopted.
    result = selectors.outcome_of(recommendation)
    assert result.status == outcomes.NOT_ADOPTED
    assert (result.total, result.approved, result.rejected, result.pending) == (
        50,
        len(APPROVE) + 2,  # with condition and late included
        len(REJECT),
        len(waiting),
    )

    # --- The public: the recommendation's page, where every principal stands.
    public = browse_as(None, axe=True)
    public.goto(recommendation.get_absolute_url())
    expect(heading(public)).to_have_text(title)
    expect(public.locator("main .outcome-box .outcome")).to_have_text(swedish(result.label))
    expect(public.locator(f"main .outcome-box .outcome-{outcomes.NOT_ADOPTED}")).to_have_count(1)
    tally = public.locator("main .outcome-box + ul.plain-list")
    expect(tally).to_contain_text(
        swedish(gettext_lazy("%(answered)s of %(total)s have answered."))
        % {"answered": result.answered, "total": result.total}
    )
    for text, n in [
        ("Approved: %(n)s", result.approved),
        ("Rejected: %(n)s", result.rejected),
        ("Not answered: %(n)s", result.pending),
    ]:
        expect(tally).to_contain_text(swedish(gettext_lazy(text)) % {"n": n})
    rows = public.locator("main table.recipients tbody tr")
    expect(rows).to_have_count(50)
    expect(public.locator("main table.recipients thead th")).to_have_count(6)  # no secretary's column
    table = {row[0]: row for row in cell_texts(rows)}
    assert set(table) == {p.name for p in principals}
    approved_label = swedish(Response.Answer.APPROVED.label)
    for key in [*APPROVE, LATE]:
        assert table[by_key[key].name][1].startswith(approved_label), table[by_key[key].name]
    for key in REJECT:
        assert table[by_key[key].name][1].startswith(swedish(Response.Answer.REJECTED.label))
    for key in waiting:
        assert table[by_key[key].name][1] == swedish(not_answered()), table[by_key[key].name]
    molndal = table[by_key[CONDITIONAL].name]
    assert molndal[1].startswith(swedish(Response.Answer.APPROVED_WITH_CONDITION.label))
    assert CONDITION_TEXT in molndal[1]
    assert molndal[3] == DECIDING_BODY
    assert molndal[4] == PARAGRAPH
    late_row = public.locator(f"main table.recipients tbody tr#mottagare-{late.recipient_id}")
    expect(late_row.locator(".badge")).to_have_count(1)  # marked late
    # The extract is there for anyone to read: the PDF the municipality uploaded.
    extract_link = public.locator(f"main tr#mottagare-{conditional.recipient_id} a[href*='/utdrag/']")
    fetched = public.request.get(extract_link.get_attribute("href") or "")
    assert fetched.status == 200
    assert fetched.headers["content-type"] == "application/pdf"
    assert fetched.body() == extract_bytes
    accessible(public)

    # The principal's own page shows its decision, with the condition.
    public.goto(by_key[CONDITIONAL].get_absolute_url())
    decision = public.locator("main section[aria-labelledby=beslut] tbody tr").filter(has_text=title)
    expect(decision).to_have_count(1)
    expect(decision).to_contain_text(swedish(Response.Answer.APPROVED_WITH_CONDITION.label))
    expect(decision).to_contain_text(CONDITION_TEXT)
    expect(decision).to_contain_text(PARAGRAPH)

    # The board: principals x recommendations, the outcome at the head of the column.
    public.goto("/rekommendationer/tavla/")
    expect(public.locator("main table.board")).to_be_visible()
    headers: list[str | None] = public.locator("main table.board thead th").evaluate_all(
        "ths => ths.map(th => th.querySelector('a') && th.querySelector('a').getAttribute('href'))"
    )
    column = headers.index(recommendation.get_absolute_url())
    header_cell = public.locator("main table.board thead th").nth(column)
    expect(header_cell.locator(".outcome")).to_have_text(swedish(result.label))
    board = {row[0]: row[column] for row in cell_texts(public.locator("main table.board tbody tr"))}
    assert board[by_key[CONDITIONAL].label] == swedish(Response.Answer.APPROVED_WITH_CONDITION.label)
    assert board[by_key["ale"].label] == swedish(Response.Answer.REJECTED.label)
    assert board[by_key[FORGED_FOR].label] == swedish(not_answered())
    assert board[by_key[LATE].label].startswith(approved_label)
    accessible(public)

    # The next meeting's agenda carries the report-back, with the tally.
    public.goto(next_meeting.get_absolute_url())
    agenda = public.locator("main ol.agenda > li")
    report_item = agenda.filter(has_text=f"Återrapportering: {title}")
    expect(report_item).to_have_count(1)
    expect(report_item).to_contain_text(f"Bifall: {result.approved}. Avslag: {result.rejected}.")
    expect(report_item).to_contain_text("inte antagen")
    # And the recommendation's page says where it was reported back.
    public.goto(recommendation.get_absolute_url())
    expect(public.locator(f"main a[href='{next_meeting.get_absolute_url()}']")).to_have_count(1)


# --- Journey 8: Västerbotten's decision point BP1 --------------------------------------------


def test_journey_8_decision_point_bp1_waits_for_all_16_principals(browse_as: Callable[..., Page]) -> None:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from samverkan.followup.models import DecisionPoint, Project
    from samverkan.referrals import links, selectors, services
    from samverkan.referrals import outcome as outcomes
    from samverkan.referrals.models import Recipient, Recommendation, Response
    from samverkan.structure.models import Body, Grouping

    token = secrets.token_hex(3)
    admin = get_user_model().objects.get(username=ADMIN)
    today = timezone.localdate()
    body = Body.objects.get(key=VB_BODY)
    grouping = Grouping.objects.get(key=VB_ALL)
    recommendation = services.recommendation_create(
        actor=admin,
        body=body,
        groupings=[grouping],
        title=f"Samverkansstruktur och implementeringsprojekt (e2e {token})",
        question=(
            "Styrgruppen rekommenderar länets kommuner och Västerbottens läns landsting att anta "
            "huvudpunkterna i förslaget till samverkansstruktur."
        ),
        deadline=today + datetime.timedelta(days=30),
        rule=Recommendation.Rule.ALL,
        source="cli:e2e",
    )
    services.recommendation_send(actor=admin, recommendation=recommendation, notify=False, source="cli:e2e")
    recipients = list(Recipient.objects.filter(recommendation=recommendation).select_related("principal"))
    assert len(recipients) == 16
    assert sum(1 for r in recipients if r.principal.key == "region-vasterbotten") == 1

    project = Project.objects.create(
        key=f"e2e-vb-{token}",
        name=f"Implementering av samverkansstruktur (e2e {token})",
        body=body,
    )
    DecisionPoint.objects.create(
        project=project,
        code="BP1",
        title="Huvudmännen har fattat beslut om samverkansstrukturen",
        requirement="Beslut i samtliga 16 huvudmän.",
        recommendation=recommendation,
        position=1,
    )

    # Fifteen approve (recorded as from their links); the sixteenth has not decided yet.
    last = next(r for r in recipients if r.principal.key == "umea")
    for recipient in recipients:
        if recipient != last:
            services.response_record(
                actor=None,
                recipient=recipient,
                answer=Response.Answer.APPROVED,
                via=Response.Via.LINK,
                decided_on=today,
                decided_by=Response.DecidedBy.COUNCIL,
                source="cli:e2e",
            )
    assert selectors.outcome_of(recommendation).status == outcomes.PENDING

    page = browse_as(None, axe=True)
    page.goto(project.get_absolute_url())
    expect(heading(page)).to_have_text(project.name)
    bp1 = page.locator("main tbody tr").filter(has=page.get_by_role("rowheader", name="BP1", exact=True))
    expect(bp1).to_have_count(1)
    expect(bp1.locator(".outcome-pending")).to_have_count(1)
    expect(bp1.locator(".outcome-adopted")).to_have_count(0)
    expect(bp1).to_contain_text("15")
    expect(bp1).to_contain_text("16")
    expect(bp1.locator(f"a[href='{recommendation.get_absolute_url()}']")).to_have_count(1)
    accessible(page)

    # Umeå decides and answers through its personal link: BP1 is reached.
    answer_through_link(
        page,
        link_path(links.url_for(last)),
        answer="approved",
        decided_on=today,
        decided_by_name="Kommunfullmäktige",
        paragraph="§ 201",
    )
    assert selectors.outcome_of(recommendation).status == outcomes.ADOPTED
    page.goto(project.get_absolute_url())
    expect(bp1.locator(".outcome-adopted")).to_have_count(1)
    expect(bp1.locator(".outcome-pending")).to_have_count(0)
    expect(bp1).to_contain_text("16")
    accessible(page)
