"""WCAG 2.1 AA, checked with axe-core in chromium on every page the sitemap lists, on the log-in
page and on a page in English; and every page of the sitemap measured on a phone (390 px): none
may scroll sideways (wide tables scroll in their own region, see test_phone_width.py).

The sitemap is read from the live server; its locations carry the site's domain, so each one is
rewritten to the live server. The pages are checked in groups (static pages, principals, bodies,
people, groupings) so that xdist can share them out; every URL of the sitemap falls in exactly
one group. A failure lists every violation: page, rule, impact, what is wrong, where.
"""

from __future__ import annotations

import re
import urllib.request
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}

# Which group a sitemap path belongs to; anything not matched is a "static page".
GROUPS = {
    "principals": re.compile(r"^/huvudman/[^/]+/$"),
    "bodies": re.compile(r"^/organ/[^/]+/$"),
    "people": re.compile(r"^/personer/[^/]+/$"),
    "groupings": re.compile(r"^/grupperingar/[^/]+/$"),
    "meeting plans": re.compile(r"^/organ/[^/]+/moten/$"),
    "meetings": re.compile(r"^/moten/\d+/$"),
    "minutes and matters": re.compile(r"^/(moten/\d+/protokoll|arenden/\d+)/$"),
}
STATIC = "static pages"

RUN_AXE = """async ([tags, preload]) => {
  if (typeof axe === "undefined") throw new Error("axe-core was not loaded into the page");
  const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"], preload};
  const result = await axe.run(document, options);
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(" ")),
  }));
}"""


def sitemap_paths(site: str) -> list[str]:
    """Every location in /sitemap.xml, as a path (with query) on the live server."""
    with urllib.request.urlopen(f"{site}/sitemap.xml", timeout=30) as response:  # noqa: S310 - our server
        assert response.status == 200
        root = ET.fromstring(response.read())  # noqa: S314 - our own sitemap
    paths = []
    for loc in root.iterfind("sm:url/sm:loc", SITEMAP_NS):
        parts = urlsplit((loc.text or "").strip())
        paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


def group_of(path: str) -> str:
    return next((name for name, pattern in GROUPS.items() if pattern.match(path)), STATIC)


def axe_violations(page: Page, path: str, *, preload: bool = True) -> list[str]:
    """Open the page, run axe on it, and describe each violation on one line."""
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path}: HTTP {response and response.status}"
    return run_axe(page, preload=preload)


def run_axe(page: Page, *, preload: bool = True) -> list[str]:
    """axe-core is in the page already (the `axe_page` fixture). `preload` lets axe fetch the
    style sheets for the rules that read CSS (css-orientation-lock); every page has the same
    single style sheet, so that is done on the static pages and skipped on the many record
    pages, which halves their time."""
    page.wait_for_load_state("load")
    try:
        violations: list[dict[str, Any]] = page.evaluate(RUN_AXE, [WCAG_TAGS, preload])
    except Exception as exc:  # a click's navigation was still under way: run on the new page
        if "documentElement" not in str(exc) and "context was destroyed" not in str(exc):
            raise
        page.wait_for_load_state("load")
        violations = page.evaluate(RUN_AXE, [WCAG_TAGS, preload])
    return [f"{page.url}: {v['id']} ({v['impact']}): {v['help']} -- at {', '.join(v['targets'])}" for v in violations]


def assert_no_violations(violations: list[str]) -> None:
    assert not violations, f"{len(violations)} accessibility violation(s):\n" + "\n".join(violations)


DESKTOP = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("group", [STATIC, *GROUPS])
def test_every_page_in_the_sitemap(axe_page: Page, site: str, group: str) -> None:
    """axe on the desktop, then the same page laid out on a phone: no wider than the phone."""
    paths = sitemap_paths(site)
    assert len(paths) == len(set(paths)), "the sitemap lists a page twice"
    mine = [p for p in paths if group_of(p) == group]
    assert mine, f"the sitemap lists no {group}"
    violations: list[str] = []
    too_wide: list[str] = []
    for path in mine:
        axe_page.set_viewport_size(DESKTOP)
        violations += axe_violations(axe_page, path, preload=group == STATIC)
        axe_page.set_viewport_size(PHONE)
        width = axe_page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide.append(f"{path}: {width} px")
    assert_no_violations(violations)
    assert not too_wide, f"{len(too_wide)} page(s) scroll sideways at {PHONE['width']} px:\n" + "\n".join(too_wide)


def test_the_sitemap_covers_the_example_structure(site: str) -> None:
    """The groups above really cover the site: the home page, the lists, the diagram, and the
    pages of the loaded structure (both counties)."""
    paths = set(sitemap_paths(site))
    assert {"/", "/organ/", "/huvudman/", "/struktur/"} <= paths
    assert {"/organ/vastkom-styrelse/", "/organ/sro/", "/huvudman/region-vasterbotten/"} <= paths
    assert "/personer/kent-lagrell/" in paths
    assert "/grupperingar/gr-kommuner/" in paths


def test_the_sitemap_covers_the_meetings(site: str) -> None:
    """The meeting pages are checked too: every body's plan, the seeds' meetings, their
    published minutes and a matter; drafts never appear."""
    from samverkan.meetings.models import Matter, Meeting

    paths = set(sitemap_paths(site))
    assert {"/organ/vastkom-styrelse/moten/", "/organ/sro/moten/", "/organ/gr-styrgrupp-social-valfard/moten/"} <= paths
    board = Meeting.objects.get(body__key="vastkom-styrelse", start__year=2018)
    sro = Meeting.objects.get(body__key="sro", start__year=2022)
    gr = Meeting.objects.get(body__key="gr-styrgrupp-social-valfard", start__date="2019-10-03")
    assert {board.get_absolute_url(), sro.get_absolute_url(), gr.get_absolute_url()} <= paths
    assert {f"/moten/{sro.pk}/protokoll/", f"/moten/{gr.pk}/protokoll/"} <= paths
    assert f"/moten/{board.pk}/protokoll/" not in paths  # the board's minutes are not drawn up
    matters = {matter.get_absolute_url() for matter in Matter.objects.all()}
    assert matters, "no matter to check"
    assert matters <= paths


def test_log_in_page(axe_page: Page) -> None:
    assert_no_violations(axe_violations(axe_page, "/accounts/login/"))


def test_a_page_in_english(axe_page: Page) -> None:
    page = axe_page
    page.goto("/organ/sro/")
    page.locator("header").get_by_role("button", name="English", exact=True).click()
    page.wait_for_url(re.compile(r"/organ/sro/$"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Members", exact=True).is_visible()
    assert_no_violations(run_axe(page))
