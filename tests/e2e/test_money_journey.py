"""Journey 7 in a real browser: a member of the public reads the 2019 member fees and their
split, the budget and its net, the IT fund projected year by year, and the youth clinics' 25
million allocated by population with the region paying two thirds; axe checks every page.

The site speaks Swedish to a Swedish browser; the texts asserted are the ones on the screen."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

try:
    from playwright.sync_api import expect
except ImportError as exc:
    pytest.skip(
        f"chromium is not available: the playwright package cannot be imported ({exc})", allow_module_level=True
    )

from tests.e2e.test_accessibility import run_axe

if TYPE_CHECKING:
    from playwright.sync_api import Page

NB = "\u00a0"


def text_of(page: Page, selector: str = "main") -> str:
    return " ".join(page.locator(selector).inner_text().replace(NB, " ").split())


def assert_accessible(page: Page) -> None:
    violations = run_axe(page, preload=False)
    assert not violations, "\n".join(violations)


def test_journey_7_fees_budget_fund_and_allocation(axe_page: Page) -> None:
    page = axe_page
    # The charts are drawn under the site's Content-Security-Policy: a <style> inside the SVG was
    # refused (bars black, no hatching, values cut off) and the console said so.
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto("/")
    page.locator("header.site-header nav").get_by_role("link", name="Ekonomi", exact=True).click()
    expect(page).to_have_url(re.compile(r"/ekonomi/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Samverkans ekonomi")
    assert_accessible(page)

    # The 2019 member fee: 2 kr x 1 700 605 = 3 401 210 kr, written 3 401 200 kr, and the split.
    page.get_by_role("link", name="Medlemsavgift till VästKom 2019", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Medlemsavgift till VästKom 2019")
    main = text_of(page)
    assert "Beslutet anger 1 700 605 invånare: 2 kr × 1 700 605 = 3 401 210 kr." in main
    assert "3 401 210 kr avrundat till hela hundratal kronor (till närmaste eller nedåt) är 3 401 200 kr." in main
    assert "1 690 782" in main and "1 709 814" in main
    split = page.get_by_role("table", name=re.compile("^Invånarantal den 31 december 2017"))
    payers = split.locator("tbody tr th").all_inner_texts()
    assert [p.splitlines()[0] for p in payers] == [
        "Boråsregionen Sjuhärads kommunalförbund",
        "Fyrbodals kommunalförbund",
        "Göteborgsregionens kommunalförbund",
        "Skaraborgs kommunalförbund",
    ]
    expect(page.get_by_role("img", name="Avgift per betalare")).to_be_visible()
    assert_accessible(page)

    # The budget and its net, as the document states it and as its lines add up.
    page.goto("/ekonomi/")
    page.get_by_role("link", name="Budget 2019 för Välfärdsområdet VästKom", exact=True).click()
    main = text_of(page)
    assert "Förslag, inte fastställt." in main
    assert "intäkter 5 201 200 kr, kostnader 5 592 400 kr, netto −391 200 kr" in main
    expect(page.get_by_role("img", name="Netto per budgetpost")).to_be_visible()
    assert_accessible(page)

    # The IT fund, projected year by year.
    page.goto("/ekonomi/")
    page.get_by_role("link", name="6-kronan: IT-samverkan i Västra Götaland", exact=True).click()
    main = text_of(page)
    assert "Behållningen var 22 723 722 kr vid slutet av 2017, den senaste faktiska siffran." in main
    assert "9 973 054 kr vid slutet av 2019, 946 108 kr vid slutet av 2020, −8 080 838 kr vid slutet av 2021" in main
    assert "I den takten tar fonden slut under 2021." in main
    expect(page.get_by_role("img", name="Utgående behållning år för år")).to_be_visible()
    assert_accessible(page)

    # 25 000 000 kr by population, the region paying two thirds.
    page.goto("/ekonomi/")
    page.get_by_role("link", name="Länsgemensamma medel för ungdomsmottagningarna 2022", exact=True).click()
    main = text_of(page)
    assert "Exempel på fördelning." in main
    assert "Av 25 000 000 kr tar Västra Götalandsregionen 66,67 % (16 666 666,67 kr) och 49 huvudmän delar" in main
    table = page.get_by_role("table", name=re.compile("^Andelar efter invånarantal den 31 december 2021"))
    assert table.locator("tbody tr").count() == 50
    assert "25 000 000 kr" in text_of(page, "tfoot")
    assert_accessible(page)

    # The region's page shows what it receives.
    page.get_by_role("link", name="Västra Götalandsregionen", exact=True).first.click()
    money = page.get_by_role("table", name="Vad huvudmannen betalar och får, per år")
    assert "16 666 666,67 kr" in " ".join(money.inner_text().replace(NB, " ").split())
    assert_accessible(page)
    assert refused == []
