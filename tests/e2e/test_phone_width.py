"""No page scrolls sideways on a phone (390 px) or on a desktop (1280 px): a wide table scrolls
inside its own labelled region (`{% scrollable %}`) with its first column kept in view.

Every page of the sitemap is measured at 390 px by the accessibility walk
(test_accessibility.test_every_page_in_the_sitemap). Here: the widest pages, with data of their
own (a recommendation to the region and the 49 municipalities, some answered), for the public
and for the secretary: the recommendation's status page, the board, the list, the search page,
and the secretary's agenda and roll call.
"""

from __future__ import annotations

import datetime
import secrets
from typing import TYPE_CHECKING, Any

import pytest

from tests.e2e.conftest import ADMIN, SECRETARY

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page

PHONE = {"width": 390, "height": 844}
SMALL_PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 800}


def page_width(page: Page) -> int:
    width: int = page.evaluate("document.documentElement.scrollWidth")
    return width


def too_wide(page: Page, paths: list[str], viewport: dict[str, int]) -> list[str]:
    """The paths whose page is wider than the window, with their width."""
    page.set_viewport_size(viewport)
    found = []
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, f"{path}: HTTP {response and response.status}"
        if page_width(page) > viewport["width"]:
            found.append(f"{path}: {page_width(page)} px at {viewport['width']} px")
    return found


@pytest.fixture(scope="module")
def wide_recommendation(structure: None, django_db_blocker: Any) -> Any:
    """A recommendation of SRO to the region and the 49 municipalities, sent, three answered
    (one with a long condition), plus a planned SRO meeting with a roll call."""
    from django.contrib.auth import get_user_model

    with django_db_blocker.unblock():
        return _make_wide_recommendation(get_user_model().objects.get(username=ADMIN))


def _make_wide_recommendation(admin: Any) -> Any:
    from django.utils import timezone

    from samverkan.meetings import services as meeting_services
    from samverkan.referrals import services
    from samverkan.referrals.models import Recipient
    from samverkan.structure.models import Body, Grouping

    sro = Body.objects.get(key="sro")
    principals = list(Grouping.objects.get(key="vg-kommuner-och-regionen").principals.all())
    title = f"Bred tabell {secrets.token_hex(3)}: överenskommelse om implementeringsprojektets samverkansstruktur"
    recommendation = services.recommendation_create(
        actor=admin,
        body=sro,
        principals=principals,
        title=title,
        question="Kommunen ställer sig bakom överenskommelsen om samverkansstrukturen.",
        deadline=timezone.localdate() + datetime.timedelta(days=60),
        source="cli:e2e",
    )
    services.recommendation_send(actor=admin, recommendation=recommendation, notify=False, source="cli:e2e")
    for key, answer in (("goteborg", "approved"), ("ale", "rejected"), ("molndal", "approved_with_condition")):
        services.response_record(
            actor=admin,
            recipient=Recipient.objects.get(recommendation=recommendation, principal__key=key),
            answer=answer,
            condition="Under förutsättning att kostnadsfördelningen fastställs före den första januari."
            if answer == "approved_with_condition"
            else "",
            decided_on=timezone.localdate(),
            decided_by="executive",
            decided_by_name="Kommunstyrelsens arbetsutskott för samhällsbyggnadsfrågor",
            paragraph="§ 187",
            via="secretary",
            source="cli:e2e",
        )
    start = timezone.now() - datetime.timedelta(hours=1)
    meeting = meeting_services.meeting_plan(actor=admin, body=sro, start=start, location_name="Regionens hus")
    meeting_services.roll_call_prepare(actor=admin, meeting=meeting, source="cli:e2e")
    return recommendation, meeting


def test_the_widest_pages_fit_a_phone_and_a_desktop(browse_as: Callable[..., Page], wide_recommendation: Any) -> None:
    recommendation, meeting = wide_recommendation
    public = [
        recommendation.get_absolute_url(),
        "/rekommendationer/",
        "/rekommendationer/tavla/",
        "/sok/",
        "/sok/?q=avtal",
        "/organ/sro/",
    ]
    staff = [
        recommendation.get_absolute_url(),
        f"/moten/{meeting.pk}/dagordning/",
        f"/moten/{meeting.pk}/narvaro/",
        f"/moten/{meeting.pk}/franvaro/",
        "/rekommendationer/tavla/",
    ]
    anonymous = browse_as(None)
    secretary = browse_as(SECRETARY)
    problems = too_wide(anonymous, public, PHONE) + too_wide(secretary, staff, PHONE)
    problems += too_wide(anonymous, ["/rekommendationer/tavla/"], DESKTOP)
    assert not problems, "pages wider than the window:\n" + "\n".join(problems)


def test_a_wide_table_scrolls_in_its_own_labelled_region_with_the_first_column_in_view(
    browse_as: Callable[..., Page], wide_recommendation: Any
) -> None:
    recommendation, _meeting = wide_recommendation
    page = browse_as(None)
    page.set_viewport_size(PHONE)
    page.goto(recommendation.get_absolute_url())
    region = page.get_by_role("region", name="Huvudmännens svar")
    assert region.count() == 1
    assert region.get_attribute("tabindex") == "0"  # reachable and scrollable with the keyboard
    sizes = region.evaluate("r => [r.scrollWidth, r.clientWidth]")
    assert sizes[0] > sizes[1], "the table should be wider than the phone, or this proves nothing"
    first_cell = region.locator("tbody tr").first.locator("td, th").first
    before = first_cell.bounding_box()
    region.evaluate("r => { r.scrollLeft = r.scrollWidth; }")
    after = first_cell.bounding_box()
    assert before is not None and after is not None
    assert after["x"] == before["x"], "the first column scrolled out of view"
    second_cell = region.locator("tbody tr").first.locator("td, th").nth(1)
    second = second_cell.bounding_box()
    assert second is not None and second["x"] < before["x"] + before["width"], "the region did not scroll"
    assert page_width(page) == PHONE["width"]


def test_the_header_spans_the_board_at_1280(browse_as: Callable[..., Page], wide_recommendation: Any) -> None:
    page = browse_as(None)
    page.set_viewport_size(DESKTOP)
    page.goto("/rekommendationer/tavla/")
    header = page.locator("header.site-header").bounding_box()
    board = page.get_by_role("region", name="Översikt").bounding_box()
    assert header is not None and board is not None
    assert header["width"] == DESKTOP["width"]
    assert board["x"] + board["width"] <= header["width"]


def test_on_a_phone_charts_stay_readable_captions_wrap_and_the_roll_call_stacks(
    browse_as: Callable[..., Page], wide_recommendation: Any
) -> None:
    """The walk-through at 390 px: the money charts' text was about 5 px (the chart shrank to the
    window), a fund table's caption ran off the screen, and the roll call's columns scrolled
    sideways. A chart keeps its text readable in its own labelled region (drawn to fit the phone,
    see the 375 px test below), the table stays below it; a caption wraps in the window; the roll
    call is a card per person."""
    _recommendation, meeting = wide_recommendation
    public = browse_as(None)
    public.set_viewport_size(PHONE)
    public.goto("/fonder/6-kronan/")
    assert page_width(public) <= PHONE["width"]
    region = public.get_by_role("region", name="Diagrammet", exact=True)
    label = region.locator("svg:visible text").first
    assert label.bounding_box()["height"] >= 12  # type: ignore[index]  # 13 px text, not 5
    assert public.get_by_role("table").count() >= 1  # the figures stay in a table
    caption = public.locator("caption").first.bounding_box()
    assert caption is not None and caption["x"] + caption["width"] <= PHONE["width"]

    secretary = browse_as(SECRETARY)
    secretary.set_viewport_size(PHONE)
    secretary.goto(f"/moten/{meeting.pk}/narvaro/upprop/")
    roll_call = secretary.get_by_role("region", name="Närvaro", exact=True)
    sideways = roll_call.evaluate("region => region.scrollWidth - region.clientWidth")
    assert sideways <= 0, f"the roll call scrolls {sideways} px sideways"
    assert page_width(secretary) <= PHONE["width"]


@pytest.mark.parametrize(
    "path", ["/fonder/6-kronan/", "/budget/vastkom-budget-2019/", "/fordelningar/ungdomsmottagningar-2022/"]
)
def test_on_a_375_px_phone_a_money_chart_opens_on_its_bars_and_values_not_on_empty_space(
    browse_as: Callable[..., Page], structure: None, path: str
) -> None:
    """The wide chart (label | bar | value, 840 px) scrolled in its region opened on the empty
    left of its right-aligned labels, the bars and values out of view. On a phone the chart
    fits: every label, bar and value is in the window, nothing scrolls sideways; on a desktop
    it is the wide one."""
    page = browse_as(None)
    page.set_viewport_size(SMALL_PHONE)
    page.goto(path)
    region = page.get_by_role("region", name="Diagrammet", exact=True)
    chart = region.get_by_role("img")
    assert chart.count() == 1  # one drawing shown, the other not rendered (nor read out)
    assert region.evaluate("r => r.scrollWidth - r.clientWidth") <= 0
    assert page_width(page) <= SMALL_PHONE["width"]
    box = region.bounding_box()
    assert box is not None
    for kind in ("chart-label", "chart-value"):
        texts = chart.locator(f"text.{kind}")
        assert texts.count() > 0
        for i in range(texts.count()):
            text = texts.nth(i).bounding_box()
            assert text is not None and text["height"] >= 12, f"{kind} {i}: {text}"
            assert box["x"] <= text["x"] and text["x"] + text["width"] <= box["x"] + box["width"], (
                f"{kind} {i} ({texts.nth(i).text_content()}) is outside the window: {text} in {box}"
            )
    first_bar = chart.locator("rect.bar").first.bounding_box()
    assert first_bar is not None and first_bar["x"] + first_bar["width"] <= box["x"] + box["width"]

    page.set_viewport_size(DESKTOP)
    page.goto(path)
    wide = page.get_by_role("region", name="Diagrammet", exact=True).get_by_role("img")
    assert wide.count() == 1 and "chart-bars-narrow" not in (wide.get_attribute("class") or "")


def test_on_a_375_px_phone_an_indicators_chart_fits_its_window(browse_as: Callable[..., Page], structure: None) -> None:
    """The indicator's line chart (640 px, text readable at about 13 px) scrolled sideways in
    its region on a phone, the later years (the latest value, the target's label) out of view.
    On a phone it is drawn narrow: every period, value tick and the target's label inside the
    window, nothing scrolls; on a desktop it is the wide one."""
    from decimal import Decimal

    from samverkan.followup import services
    from samverkan.followup.indicator_files import Row
    from samverkan.structure.models import Body

    token = secrets.token_hex(3)
    project = services.project_create(
        actor=None,
        key=f"e2e-smal-{token}",
        name=f"Smal skärm {token}",
        body=Body.objects.get(key="sro"),
        source="cli:e2e",
    )
    indicator = services.indicator_create(
        actor=None, project=project, name="Andel nöjda brukare", unit="%", target=Decimal(75), source="cli:e2e"
    )
    values = [62, 64, 63, 68, 70, 71, 73, 74, 76, 78]
    services.indicator_values_set(
        actor=None, indicator=indicator, rows=[Row(str(2015 + i), Decimal(v), "Enkät") for i, v in enumerate(values)]
    )
    page = browse_as(None)
    page.set_viewport_size(SMALL_PHONE)
    page.goto(indicator.get_absolute_url())
    region = page.get_by_role("region", name="Diagrammet", exact=True)
    chart = region.get_by_role("img", name="Andel nöjda brukare")
    assert chart.count() == 1  # one drawing shown, the other not rendered (nor read out)
    assert region.evaluate("r => r.scrollWidth - r.clientWidth") <= 0
    assert page_width(page) <= SMALL_PHONE["width"]
    box = region.bounding_box()
    assert box is not None
    texts = chart.locator("text")
    shown = [texts.nth(i).text_content() for i in range(texts.count())]
    assert "2024" in shown and "Målvärde 75 %" in shown, shown  # the latest period and the target
    for i in range(texts.count()):
        text = texts.nth(i).bounding_box()
        assert text is not None and text["height"] >= 12, f"{shown[i]}: {text}"
        assert box["x"] <= text["x"] and text["x"] + text["width"] <= box["x"] + box["width"], (
            f"{shown[i]} is outside the window: {text} in {box}"
        )

    page.set_viewport_size(DESKTOP)
    page.goto(indicator.get_absolute_url())
    wide = page.get_by_role("region", name="Diagrammet", exact=True).get_by_role("img")
    assert wide.count() == 1 and "chart-line-narrow" not in (wide.get_attribute("class") or "")
