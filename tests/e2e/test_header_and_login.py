"""Swedish first, really (issue 12, point 7), in a real browser at 1280 and 390 px, in Swedish and
in English: the header's search has a visible label; the language button never wraps; the log-in
page is in the site's layout with proper labels (not "Logga in:" for the user name), with no
accessibility violation."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.e2e.conftest import PASSWORD, SECRETARY
from tests.e2e.test_accessibility import assert_no_violations, run_axe

if TYPE_CHECKING:
    from playwright.sync_api import Page

SIZES = [{"width": 1280, "height": 800}, {"width": 390, "height": 844}]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_header_at_both_widths(axe_page: Page, site: str, language: str) -> None:
    page = axe_page
    page.context.add_cookies([{"name": "django_language", "value": language, "url": site}])
    label, switch = {"sv": ("Sök på webbplatsen", "English"), "en": ("Search the site", "Svenska")}[language]
    for size in SIZES:
        page.set_viewport_size(size)
        for path in ("/", "/accounts/login/"):
            page.goto(path)
            search = page.get_by_label(label)
            assert search.is_visible()
            box = page.locator("label[for=site-search-q]").bounding_box()
            assert box is not None and box["width"] > 20 and box["height"] > 10, "the search's label is visible"
            button = page.get_by_role("button", name=switch)
            line = float(button.evaluate("b => parseFloat(getComputedStyle(b).lineHeight)"))
            height = button.bounding_box()["height"]  # type: ignore[index]
            assert height < 2 * line, f"{path} at {size['width']} px: the language button wraps ({height} px)"
            assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    assert_no_violations(run_axe(page))


def test_the_log_in_page_in_the_sites_layout(axe_page: Page) -> None:
    page = axe_page
    page.goto("/accounts/login/")
    assert page.locator("main form.stacked").count() == 1
    user = page.get_by_label("Användarnamn eller e-postadress")
    assert user.get_attribute("placeholder") is None
    assert page.locator("label", has_text="Logga in:").count() == 0
    assert page.get_by_label("Håll mig inloggad på den här datorn").is_visible()
    assert_no_violations(run_axe(page))
    user.fill(SECRETARY)
    page.get_by_label("Lösenord").fill(PASSWORD + "fel")
    page.get_by_role("button", name="Logga in", exact=True).click()
    assert page.locator("main [role=alert]").is_visible()
    assert_no_violations(run_axe(page))
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in", exact=True).click()
    page.locator("header").get_by_role("link", name="Mitt konto", exact=True).wait_for()
