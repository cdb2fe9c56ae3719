"""The search journey of PRODUCT.md (10), clicked through in chromium against the live server.

Journey 10: a member of the public types "ungdomsmottagning" in the search field of the site's
header, finds SRO's items 6 and 7 of 28 April 2022 (the extended agreement on the youth clinics
and the state funds for them) with their decisions and the agreement itself in the register
(valid 2018 until a new one exists, at the latest through 2024, renamed samarbetsavtal), follows
a result to the meeting, and finds the recommendation about the youth clinics with where each
principal stands. A confidential item
is never found by the public (page and API); the filters narrow the results; many hits are paged.

(Journey 11, importing the five seed documents, needs a database without the seeds' meetings and
has a package of its own: tests/e2e_import/.)

The data are the structure and meetings loaded once for all e2e tests (conftest.py), which the
search index already holds (they are loaded with the signals connected and committed, see
`search_data`). This module creates records of its own only (meetings of two Västerbotten bodies
in 2017, a recommendation with a unique title) and never changes or deletes shared ones. The
interface's Swedish texts are still being written, so the pages are read through form field
names, URLs, roles and CSS classes, and texts are compared with what Django renders in Swedish.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import secrets
import string
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pytest

try:
    from playwright.sync_api import expect
except ImportError as exc:  # the browser fixture would skip too; this keeps collection working
    pytest.skip(
        f"chromium is not available: the playwright package cannot be imported ({exc})", allow_module_level=True
    )

from tests.e2e.conftest import ADMIN
from tests.e2e.test_accessibility import assert_no_violations, run_axe

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Locator, Page

SRO_ITEM_6 = "Förlängning av befintligt inriktningsdokument för ungdomsmottagningarna"
SRO_ITEM_7 = "Fördelning av länsgemensamma medel för ungdomsmottagningarna 2022"

# Two Västerbotten bodies no other journey uses, for the meetings this module makes.
BODY_A = "vb-hsn-samrad"
BODY_B = "vb-lsg"
PAGE_SIZE = 20  # samverkan.search.views.PAGE_SIZE
PAGED_ITEMS = 25


# --- Helpers --------------------------------------------------------------------------------


def heading(page: Page, level: int = 1) -> Locator:
    return page.get_by_role("heading", level=level)


def accessible(page: Page) -> None:
    """axe-core finds no WCAG 2.1 A/AA violation on the page as it is now."""
    assert_no_violations(run_axe(page, preload=False))


def swedish(value: Any) -> str:
    """A (lazy) text as the Swedish pages render it, with the catalogue as it is now."""
    from django.utils import translation

    with translation.override("sv"):
        return str(value)


def results(page: Page) -> Locator:
    return page.locator("main ol.search-results > li.search-result")


def result(page: Page, title: str) -> Locator:
    """The result whose heading links exactly `title`."""
    return results(page).filter(has=page.get_by_role("link", name=title, exact=True))


def body_label() -> str:
    from samverkan.search.forms import SearchForm

    return swedish(SearchForm.base_fields["body"].label)


def search_form(page: Page) -> Locator:
    """The search page's own form (the header has a search form too)."""
    return page.locator("main form[role=search]")


def result_titles(page: Page) -> list[str]:
    return [t.strip() for t in results(page).locator("h3 a").all_inner_texts()]


def letters(n: int = 8) -> str:
    """A made-up word: letters only, so it is one token that nothing else in the index holds."""
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(n))


# --- Data -----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class SearchData:
    confidential_word: str  # only in a confidential item
    paged_word: str  # in PAGED_ITEMS public items of body A
    filter_word: str  # in two items of body A and one of body B
    confidential_title: str
    meeting_url: str
    recommendation_title: str
    recommendation_url: str
    answers: dict[str, str]  # principal name -> answer ("" for not answered)


@pytest.fixture(scope="module")
def search_data(structure: None, django_db_blocker: Any) -> SearchData:
    """What journey 10 finds besides the seeds: a public recommendation from SRO about the youth
    clinics, sent to four principals of whom three have answered; two meetings of Västerbotten
    bodies (2017) with a confidential item and enough items with a word of their own to fill
    two pages. Made through the services, as the interface would, by the administrator."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from samverkan.meetings import services as meeting_services
    from samverkan.meetings.models import AgendaItem, Meeting
    from samverkan.referrals import services as referral_services
    from samverkan.referrals.models import Recipient, Response
    from samverkan.search.kinds import ITEM
    from samverkan.search.models import SearchEntry
    from samverkan.structure.models import Body, Principal

    token = letters(6)
    with django_db_blocker.unblock():
        # The shared data loaded by conftest.py is in the index already: it is loaded outside
        # any test transaction, so the index's on-commit hooks ran. (No `reindex` needed.)
        sro = Meeting.objects.get(body__key="sro", start__date=datetime.date(2022, 4, 28))
        for title in (SRO_ITEM_6, SRO_ITEM_7):
            item = AgendaItem.objects.get(meeting=sro, title__startswith=title)
            assert SearchEntry.objects.filter(source=ITEM, object_id=item.pk, public=True).exists(), (
                f"SRO's item {title!r} is not in the search index"
            )

        admin = get_user_model().objects.get(username=ADMIN)
        data = SearchData(
            confidential_word=f"sekretessord{token}x",
            paged_word=f"bladdringsord{token}x",
            filter_word=f"filterord{token}x",
            confidential_title=f"Personärende {token}",
            meeting_url="",
            recommendation_title=f"Rekommendation om ungdomsmottagningarnas inriktning ({token})",
            recommendation_url="",
            answers={},
        )
        body_a, body_b = Body.objects.get(key=BODY_A), Body.objects.get(key=BODY_B)
        tz = timezone.get_current_timezone()
        meeting_a = meeting_services.meeting_plan(
            actor=admin,
            body=body_a,
            with_procedural_items=False,
            start=datetime.datetime(2017, 5, 10, 9, 0, tzinfo=tz),
            status=Meeting.Status.HELD,
            source="cli:e2e",
        )
        meeting_b = meeting_services.meeting_plan(
            actor=admin,
            body=body_b,
            with_procedural_items=False,
            start=datetime.datetime(2017, 5, 11, 9, 0, tzinfo=tz),
            status=Meeting.Status.HELD,
            source="cli:e2e",
        )
        meeting_services.item_add(
            actor=admin,
            meeting=meeting_a,
            title=data.confidential_title,
            kind=AgendaItem.Kind.INFORMATION,
            proposal=f"Uppgifterna om den enskilde ({data.confidential_word}) omfattas av sekretess.",
            confidential=True,
            source="cli:e2e",
        )
        for n in range(1, PAGED_ITEMS + 1):
            meeting_services.item_add(
                actor=admin,
                meeting=meeting_a,
                title=f"Uppföljning {n} av samverkansrutinen ({token})",
                kind=AgendaItem.Kind.INFORMATION,
                proposal=f"Rapport nummer {n} om {data.paged_word} i länet.",
                source="cli:e2e",
            )
        for meeting, n in ((meeting_a, 1), (meeting_a, 2), (meeting_b, 3)):
            meeting_services.item_add(
                actor=admin,
                meeting=meeting,
                title=f"Avstämning {n} ({token})",
                kind=AgendaItem.Kind.INFORMATION,
                proposal=f"Avstämning av {data.filter_word}.",
                source="cli:e2e",
            )

        # Where each municipality stands: a public recommendation from SRO, sent, three answers.
        principals = {key: Principal.objects.get(key=key) for key in ("goteborg", "boras", "molndal", "partille")}
        recommendation = referral_services.recommendation_create(
            actor=admin,
            body=Body.objects.get(key="sro"),
            principals=list(principals.values()),
            title=data.recommendation_title,
            question=(
                "SRO rekommenderar huvudmännen att förlänga inriktningsdokumentet för länets "
                "ungdomsmottagningar till dess ett nytt samverkansavtal finns, dock längst till och med 2024."
            ),
            deadline=timezone.localdate() + datetime.timedelta(days=60),
            public=True,
            source="cli:e2e",
        )
        referral_services.recommendation_send(
            actor=admin, recommendation=recommendation, notify=False, source="cli:e2e"
        )
        answers = {
            "goteborg": Response.Answer.APPROVED,
            "boras": Response.Answer.APPROVED_WITH_CONDITION,
            "molndal": Response.Answer.REJECTED,
        }
        for recipient in Recipient.objects.filter(recommendation=recommendation).select_related("principal"):
            answer = answers.get(recipient.principal.key)
            if answer is None:
                continue
            referral_services.response_record(
                actor=None,
                recipient=recipient,
                answer=answer,
                via=Response.Via.LINK,
                condition="Under förutsättning att medlen räcker." if answer == "approved_with_condition" else "",
                decided_on=timezone.localdate(),
                decided_by=Response.DecidedBy.EXECUTIVE,
                source="cli:e2e",
            )
        return dataclasses.replace(
            data,
            meeting_url=meeting_a.get_absolute_url(),
            recommendation_url=recommendation.get_absolute_url(),
            answers={p.name: str(answers.get(key, "")) for key, p in principals.items()},
        )


# --- Journey 10: searching "ungdomsmottagning" -----------------------------------------------


def test_journey_10_the_public_finds_the_youth_clinic_items_and_where_each_principal_stands(
    browse_as: Callable[..., Page], search_data: SearchData
) -> None:
    from samverkan.agreements.models import Agreement
    from samverkan.meetings.models import AgendaItem
    from samverkan.publishing.demo_agreements import YOUTH_CLINICS
    from samverkan.search.index import registry

    sro_items = {
        title: AgendaItem.objects.select_related("meeting__body").get(
            meeting__body__key="sro", meeting__start__date=datetime.date(2022, 4, 28), title__startswith=title
        )
        for title in (SRO_ITEM_6, SRO_ITEM_7)
    }
    meeting = next(iter(sro_items.values())).meeting

    page = browse_as(None, axe=True)
    page.goto("/")
    box = page.locator("header form[role=search] input[name=q]")
    box.fill("ungdomsmottagning")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/sok/\?q=ungdomsmottagning$"))
    expect(page.locator("#results-heading")).to_be_visible()
    expect(page.locator("header form[role=search] input[name=q]")).to_have_value("ungdomsmottagning")

    # Items 6 and 7, each with its decision, and highlighted snippets.
    for item in sro_items.values():
        found = result(page, item.title)
        expect(found).to_have_count(1)
        expect(found.get_by_role("link", name=item.title, exact=True)).to_have_attribute(
            "href", meeting.get_absolute_url()
        )
        expect(found.locator("p.snippet mark").first).to_have_text(re.compile(r"^ungdomsmottagning", re.I))
        decision = results(page).filter(
            has=page.get_by_role("link", name=re.compile(rf"§\s*\d+\s+{re.escape(item.title)}$"))
        )
        expect(decision).to_have_count(1)
        expect(decision.locator("p.snippet mark").first).to_have_text(re.compile(r"^ungdomsmottagning", re.I))
    # The recommendation about the youth clinics (its question says "ungdomsmottagningar").
    expect(result(page, search_data.recommendation_title)).to_have_count(1)
    # The agreement: the direction document extended under item 6, now called samarbetsavtal.
    agreement = Agreement.objects.get(key=YOUTH_CLINICS)
    found = result(page, agreement.title)
    expect(found).to_have_count(1)
    expect(found.locator("p.muted > .badge")).to_have_text(swedish(registry.types()["agreement"]))
    accessible(page)

    # The agreement's page: valid 2018 until a new one exists, at the latest through 2024,
    # extended at SRO's meeting under item 6, renamed, with all 50 parties.
    found.get_by_role("link", name=agreement.title, exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(agreement.get_absolute_url()) + "$"))
    expect(heading(page)).to_have_text(agreement.title)
    main = page.locator("main")
    expect(main).to_contain_text("1 januari 2018 – tills ett nytt finns, senast 31 december 2024")
    expect(main).to_contain_text("från 31 december 2022 till 31 december 2024")
    expect(main).to_contain_text("”Inriktningsdokument för ungdomsmottagningarna i Västra Götaland” blev")
    expect(main).to_contain_text("50 parter")
    history = page.locator("main ol.history > li").filter(has_text="Förlängt")
    expect(history.get_by_role("link")).to_have_attribute("href", meeting.get_absolute_url())
    accessible(page)
    page.go_back()

    # Item 6 leads to the meeting of 28 April 2022, whose agenda holds both items.
    result(page, sro_items[SRO_ITEM_6].title).get_by_role("link").click()
    expect(page).to_have_url(re.compile(re.escape(meeting.get_absolute_url()) + "$"))
    expect(heading(page)).to_contain_text(meeting.body.name)
    agenda = page.locator("main ol.agenda > li")
    for item in sro_items.values():
        expect(agenda.filter(has_text=item.title)).to_have_count(1)

    # Back to the results: the recommendation's page shows where each principal stands.
    page.go_back()
    expect(page).to_have_url(re.compile(r"/sok/\?q=ungdomsmottagning$"))
    result(page, search_data.recommendation_title).get_by_role("link").click()
    expect(page).to_have_url(re.compile(re.escape(search_data.recommendation_url) + "$"))
    expect(heading(page)).to_have_text(search_data.recommendation_title)
    rows = page.locator("main table.recipients tbody tr")
    expect(rows).to_have_count(len(search_data.answers))
    for name, answer in search_data.answers.items():
        row = rows.filter(has=page.get_by_role("rowheader", name=name, exact=True))
        expect(row).to_have_count(1)
        expect(row.locator(f".answer-{answer or 'none'}")).to_have_count(1)
    accessible(page)


def test_the_public_never_finds_a_confidential_item(browse_as: Callable[..., Page], search_data: SearchData) -> None:
    from samverkan.search.kinds import ITEM
    from samverkan.search.models import SearchEntry

    word = search_data.confidential_word
    # It is in the index (so that not finding it means something), marked not public.
    entry = SearchEntry.objects.get(source=ITEM, title=search_data.confidential_title)
    assert entry.public is False

    public = browse_as(None)
    response = public.goto(f"/sok/?q={quote(word)}")
    assert response is not None and response.status == 200
    expect(public.locator("#results-heading")).to_be_visible()
    expect(results(public)).to_have_count(0)
    expect(public.locator("main")).not_to_contain_text(search_data.confidential_title)
    # Nor by its title, nor on its meeting's page.
    public.goto(f"/sok/?q={quote(search_data.confidential_title)}")
    expect(public.locator("#results-heading")).to_be_visible()
    expect(public.get_by_role("link", name=search_data.confidential_title)).to_have_count(0)
    public.goto(search_data.meeting_url)
    expect(public.locator("main ol.agenda")).to_be_visible()
    expect(public.locator("main")).not_to_contain_text(search_data.confidential_title)

    # The API: nothing either; the same call finds a public word (the API itself works).
    api = public.request.get(f"/api/v1/search?q={quote(word)}")
    assert api.status == 200, api.text()
    assert api.json() == {"count": 0, "more": False, "items": []}
    api = public.request.get(f"/api/v1/search?q={quote(search_data.paged_word)}&limit=5")
    assert api.status == 200, api.text()
    assert api.json()["count"] == PAGED_ITEMS
    assert len(api.json()["items"]) == 5

    # An administrator finds it, marked as not public.
    admin = browse_as(ADMIN)
    admin.goto(f"/sok/?q={quote(word)}")
    found = result(admin, search_data.confidential_title)
    expect(found).to_have_count(1)
    expect(found.locator(".badge", has_text=swedish(_not_public()))).to_have_count(1)


def _not_public() -> Any:
    from django.utils.translation import gettext_lazy

    return gettext_lazy("not public")


def test_the_filters_narrow_the_results(browse_as: Callable[..., Page], search_data: SearchData) -> None:
    from samverkan.search.index import registry

    labels = {key: swedish(label) for key, label in registry.types().items()}
    page = browse_as(None)

    # By type: only recommendations, then only agenda items.
    page.goto("/sok/?q=ungdomsmottagning")
    expect(result(page, search_data.recommendation_title)).to_have_count(1)
    everything = results(page).count()
    search_form(page).locator("select[name=type]").select_option("recommendation")
    search_form(page).locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"[?&]type=recommendation(&|$)"))
    expect(result(page, search_data.recommendation_title)).to_have_count(1)
    expect(result(page, SRO_ITEM_7)).to_have_count(0)
    badges = results(page).locator("p.muted > .badge").all_inner_texts()
    assert badges and {b.strip() for b in badges} == {labels["recommendation"]}
    assert results(page).count() < everything

    search_form(page).locator("select[name=type]").select_option("item")
    search_form(page).locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"[?&]type=item(&|$)"))
    expect(result(page, SRO_ITEM_7)).to_have_count(1)
    expect(result(page, search_data.recommendation_title)).to_have_count(0)
    badges = results(page).locator("p.muted > .badge").all_inner_texts()
    assert badges and {b.strip() for b in badges} == {labels["item"]}

    # By body: three items have the word, one of them in body B ("Länsamverkansgrupp"). The
    # body field suggests while one types; the arrow keys and Enter choose.
    page.goto(f"/sok/?q={quote(search_data.filter_word)}")
    expect(results(page)).to_have_count(3)
    field = search_form(page).get_by_role("combobox", name=body_label())
    field.press_sequentially("länsamv", delay=30)
    listbox = page.get_by_role("listbox")
    expect(field).to_have_attribute("aria-expanded", "true")
    expect(listbox.get_by_role("option", name="Länsamverkansgrupp", exact=True)).to_be_visible()
    field.press("ArrowDown")
    expect(field).to_have_attribute("aria-activedescendant", re.compile(r"^id_body_suggestions-0$"))
    field.press("Enter")
    expect(field).to_have_value("Länsamverkansgrupp")
    expect(field).to_have_attribute("aria-expanded", "false")
    search_form(page).locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"[?&]body={re.escape(BODY_B)}(&|$)"))
    expect(results(page)).to_have_count(1)
    expect(results(page).first).to_contain_text("Avstämning 3")
    expect(field).to_have_value("Länsamverkansgrupp")  # the name, not the key

    # Typed and sent without choosing: a part of the name that only body A has is enough.
    field.fill("knutet till hälso")
    search_form(page).locator("button[type=submit]").click()
    expect(results(page)).to_have_count(2)
    expect(field).to_have_value("Samråd knutet till Hälso- och sjukvårdsnämnden")


def test_a_body_name_several_bodies_share_offers_them(browse_as: Callable[..., Page], search_data: SearchData) -> None:
    """Typed text several bodies match: the page lists them as links (WCAG 2.1 AA, no sideways
    scrolling on a phone), one click filters by it; the suggestions pass axe too."""
    page = browse_as(None, axe=True)
    page.goto(f"/sok/?q={quote(search_data.filter_word)}&body=samr%C3%A5d")
    expect(results(page)).to_have_count(0)
    choices = search_form(page).locator("ul.choices a")
    expect(choices.first).to_be_visible()
    assert choices.count() > 1
    assert_no_violations(run_axe(page))
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 720})
    choices.filter(has_text=re.compile(r"^Samråd knutet till Hälso")).first.click()
    expect(page).to_have_url(re.compile(rf"[?&]body={re.escape(BODY_A)}(&|$)"))
    expect(results(page)).to_have_count(2)

    field = search_form(page).get_by_role("combobox", name=body_label())
    field.fill("")
    field.press_sequentially("styr", delay=30)
    expect(page.get_by_role("listbox").get_by_role("option").first).to_be_visible()
    field.press("ArrowDown")
    assert_no_violations(run_axe(page))
    field.press("Escape")
    expect(page.get_by_role("listbox")).to_be_hidden()


def test_many_hits_are_paged(browse_as: Callable[..., Page], search_data: SearchData) -> None:
    page = browse_as(None, axe=True)
    page.goto(f"/sok/?q={quote(search_data.paged_word)}")
    expect(page.locator("#results-heading")).to_contain_text(str(PAGED_ITEMS))
    expect(results(page)).to_have_count(PAGE_SIZE)
    expect(page.locator("main ol.search-results")).to_have_attribute("start", "1")
    pages = page.locator("main nav.pagination")
    expect(pages).to_be_visible()
    expect(pages.locator("a[rel=prev]")).to_have_count(0)
    first = result_titles(page)
    accessible(page)

    pages.locator("a[rel=next]").click()
    expect(page).to_have_url(re.compile(r"[?&]page=2(&|$)"))
    expect(results(page)).to_have_count(PAGED_ITEMS - PAGE_SIZE)
    expect(page.locator("main ol.search-results")).to_have_attribute("start", str(PAGE_SIZE + 1))
    expect(pages.locator("a[rel=next]")).to_have_count(0)
    expect(pages.locator("a[rel=prev]")).to_have_count(1)
    second = result_titles(page)
    # Every item once, over the two pages.
    assert len(set(first) | set(second)) == PAGED_ITEMS
    assert not set(first) & set(second)
    # The filters are kept from page to page.
    page.goto(f"/sok/?q={quote(search_data.paged_word)}&type=item")
    page.locator("main nav.pagination a[rel=next]").click()
    expect(page).to_have_url(re.compile(r"[?&]type=item(&|$)"))
    expect(results(page)).to_have_count(PAGED_ITEMS - PAGE_SIZE)
