"""A member of the public finds their way through the public structure pages, in a real browser,
and checks what they would read on the screen: who chairs the board, who sits for which side,
which party and which municipality a member represents.

The site speaks Swedish to a Swedish browser; the texts asserted are the ones on the screen.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest

try:
    from playwright.sync_api import expect
except ImportError as exc:  # the browser fixture would skip too; this keeps collection working
    pytest.skip(
        f"chromium is not available: the playwright package cannot be imported ({exc})", allow_module_level=True
    )

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

# --- Helpers --------------------------------------------------------------------------------


def main_nav(page: Page) -> Locator:
    return page.locator("header.site-header nav")


def members_table(page: Page, caption: str) -> Locator:
    """The table of the members with one role; its accessible name is its caption."""
    return page.get_by_role("table", name=caption, exact=True)


def rows_of(table: Locator) -> list[list[str]]:
    """The visible text of every body row, cell by cell (a side heading is a one-cell row)."""
    rows: list[list[str]] = table.locator("tbody tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.cells, c => c.innerText.trim()))"
    )
    return rows


def by_side(rows: list[list[str]]) -> dict[str, list[list[str]]]:
    """Member rows grouped under the row headings "För VGK" / "För VGR" that precede them."""
    sides: dict[str, list[list[str]]] = {}
    side = ""
    for row in rows:
        if len(row) == 1:
            side = row[0]
        else:
            sides.setdefault(side, []).append(row)
    return sides


def member_names(rows: list[list[str]]) -> list[str]:
    """The name in the first cell (a title may follow the name on a line of its own)."""
    return [row[0].splitlines()[0] for row in rows if len(row) > 1]


def row_for(rows: list[list[str]], name: str) -> list[str]:
    matches = [row for row in rows if len(row) > 1 and row[0].splitlines()[0] == name]
    assert len(matches) == 1, f"expected one row for {name}, found {matches} in {rows}"
    return matches[0]


def row_for_body(rows: list[list[str]], body: str) -> list[str]:
    matches = [row for row in rows if row[0] == body]
    assert len(matches) == 1, f"expected one assignment in {body}, found {rows}"
    return matches[0]


def heading(page: Page, level: int) -> Any:
    return page.get_by_role("heading", level=level)


# --- Journeys -------------------------------------------------------------------------------


def test_from_home_to_the_board_and_a_member(page: Page) -> None:
    page.goto("/")
    expect(page).to_have_title(re.compile(r"– Samverkan$"))
    expect(page.locator("html")).to_have_attribute("lang", "sv")

    main_nav(page).get_by_role("link", name="Organ", exact=True).click()
    expect(page).to_have_url(re.compile(r"/organ/$"))
    expect(heading(page, 1)).to_have_text("Organ")

    page.get_by_role("link", name="VästKoms styrelse", exact=True).click()
    expect(page).to_have_url(re.compile(r"/organ/vastkom-styrelse/$"))
    expect(heading(page, 1)).to_have_text("VästKoms styrelse (Styrelsen)")
    expect(page.get_by_role("heading", name="Ledamöter", exact=True)).to_be_visible()

    chair = rows_of(members_table(page, "Ordförande (1)"))
    vice_chair = rows_of(members_table(page, "Vice ordförande (1)"))
    members = rows_of(members_table(page, "Ledamot (14)"))
    assert member_names(chair) == ["Ulf Olsson"]
    assert member_names(vice_chair) == ["Jonas Ransgård"]
    assert len(chair) + len(vice_chair) + len(members) == 16
    assert len(set(member_names(chair + vice_chair + members))) == 16
    assert {"Ann-Sofie Hermansson", "Johan Abrahamsson", "Katarina Jonsson"} <= set(member_names(members))
    # Exactly these three role tables: nobody else is listed as a current member.
    captions = page.locator("main table caption").all_inner_texts()
    assert [c.strip() for c in captions] == ["Ordförande (1)", "Vice ordförande (1)", "Ledamot (14)"]

    # The chair's own page lists where he sits.
    members_table(page, "Ordförande (1)").get_by_role("link", name="Ulf Olsson", exact=True).click()
    expect(page).to_have_url(re.compile(r"/personer/ulf-olsson/$"))
    expect(heading(page, 1)).to_have_text("Ulf Olsson")
    assignments = rows_of(page.locator("main table").first)
    assert row_for_body(assignments, "VästKoms styrelse")[1] == "Ordförande"
    sro = row_for_body(assignments, "Samrådsorganet")
    assert sro[1:4] == ["Ledamot", "S", "Boråsregionen Sjuhärads kommunalförbund"]

    page.go_back()
    expect(page).to_have_url(re.compile(r"/organ/vastkom-styrelse/$"))
    expect(heading(page, 1)).to_have_text("VästKoms styrelse (Styrelsen)")


def test_sro_shows_both_sides_with_party(page: Page) -> None:
    page.goto("/organ/")
    page.get_by_role("link", name="Samrådsorganet", exact=True).click()
    expect(heading(page, 1)).to_have_text("Samrådsorganet (SRO)")

    chair = by_side(rows_of(members_table(page, "Ordförande (1)")))
    vice_chair = by_side(rows_of(members_table(page, "Vice ordförande (1)")))
    members = by_side(rows_of(members_table(page, "Ledamot (11)")))

    # Name (title below it), party, whom the member represents.
    assert list(chair) == ["För VGR"]
    johnny = row_for(chair["För VGR"], "Johnny Magnusson")
    assert johnny[0] == "Johnny Magnusson\nordf. Regionstyrelsen"
    assert johnny[1:3] == ["M", "Västra Götalandsregionen"]

    assert list(vice_chair) == ["För VGK"]
    axel = row_for(vice_chair["För VGK"], "Axel Josefsson")
    assert axel[1:3] == ["M", "Göteborgsregionens kommunalförbund"]

    assert list(members) == ["För VGK", "För VGR"]
    assert len(members["För VGK"]) == 7
    assert len(members["För VGR"]) == 4
    assert row_for(members["För VGK"], "Martin Carling")[1:3] == ["C", "Fyrbodals kommunalförbund"]
    assert row_for(members["För VGR"], "Madeleine Jonsson")[1:3] == ["MP", "Västra Götalandsregionen"]

    expect(page.get_by_role("columnheader", name="Parti", exact=True).first).to_be_visible()


def test_gr_steering_group_shows_party_and_municipality(page: Page) -> None:
    page.goto("/organ/")
    page.get_by_role("link", name="Styrgruppen för social välfärd", exact=True).click()
    expect(heading(page, 1)).to_have_text("Styrgruppen för social välfärd")

    chair = rows_of(members_table(page, "Ordförande (1)"))
    assert row_for(chair, "Kent Lagrell")[1:3] == ["M", "Öckerö kommun"]
    vice_chair = rows_of(members_table(page, "Vice ordförande (1)"))
    assert row_for(vice_chair, "Patrik Linde")[1:3] == ["S", "Härryda kommun"]
    members = rows_of(members_table(page, "Ledamot (13)"))
    assert row_for(members, "Kalle Pässe Sundvall")[1:3] == ["M", "Kungsbacka kommun"]
    assert row_for(members, "Erling Alsin")[1:3] == ["V", "Tjörns kommun"]

    # The municipality is a link to its page.
    members_table(page, "Ordförande (1)").get_by_role("link", name="Öckerö kommun", exact=True).click()
    expect(heading(page, 1)).to_have_text("Öckerö kommun")


def test_structure_diagram_has_an_accessible_image_and_a_text_equivalent(page: Page) -> None:
    page.goto("/")
    main_nav(page).get_by_role("link", name="Struktur", exact=True).click()
    expect(page).to_have_url(re.compile(r"/struktur/$"))
    expect(heading(page, 1)).to_have_text("Samverkansstrukturen")

    drawings = page.locator("main svg")
    assert drawings.count() >= 1
    for svg in drawings.all():
        expect(svg).to_have_attribute("role", "img")
        title = svg.locator(":scope > title")
        expect(title).to_have_count(1)
        title_text = (title.text_content() or "").strip()
        assert title_text.startswith("Diagram över samverkansstrukturen"), title_text
        # The image is announced by its title.
        expect(page.get_by_role("img", name=title_text)).to_have_count(1)
    # Every body is drawn, and every drawn body is in the text equivalent as a link.
    assert page.locator("main svg rect").count() == page.locator("main ul.tree a").count() > 20

    # The text equivalent of the part with SRO, reached by the link above its diagram.
    tree = page.locator("main ul.tree").filter(has=page.get_by_role("link", name="Samrådsorganet", exact=True))
    expect(tree).to_have_count(1)
    heading_id = tree.evaluate(
        "t => { let e = t.previousElementSibling;"
        " while (e && !/^H[1-6]$/.test(e.tagName)) e = e.previousElementSibling; return e && e.id; }"
    )
    assert heading_id, "the text equivalent has no heading to jump to"
    page.locator(f'main a[href="#{heading_id}"]').click()
    expect(page).to_have_url(re.compile(f"#{heading_id}$"))
    expect(page.locator(f"#{heading_id}")).to_have_text(re.compile(r"^Strukturen som text"))
    expect(page.locator(f"#{heading_id}")).to_be_in_viewport()
    # VästKom's working committee hangs under the board, which hangs under the association meeting.
    meeting = tree.locator("li", has=page.get_by_role("link", name="VästKoms föreningsstämma", exact=True))
    board = meeting.locator("li", has=page.get_by_role("link", name="VästKoms styrelse", exact=True))
    expect(board.get_by_role("link", name="VästKoms styrelses arbetsutskott", exact=True)).to_be_visible()

    tree.get_by_role("link", name="Samrådsorganet", exact=True).click()
    expect(page).to_have_url(re.compile(r"/organ/sro/$"))
    expect(heading(page, 1)).to_have_text("Samrådsorganet (SRO)")


def test_switching_language_to_english_and_back(page: Page) -> None:
    page.goto("/organ/vastkom-styrelse/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", name="Ledamöter", exact=True)).to_be_visible()
    expect(main_nav(page).get_by_role("link", name="Organ", exact=True)).to_be_visible()

    page.locator("header").get_by_role("button", name="English", exact=True).click()
    expect(page).to_have_url(re.compile(r"/organ/vastkom-styrelse/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(heading(page, 1)).to_have_text("VästKoms styrelse (Styrelsen)")
    expect(page.get_by_role("heading", name="Members", exact=True)).to_be_visible()
    expect(members_table(page, "Chair (1)")).to_contain_text("Ulf Olsson")
    expect(members_table(page, "Vice chair (1)")).to_contain_text("Jonas Ransgård")
    expect(members_table(page, "Member (14)")).to_be_visible()
    expect(main_nav(page).get_by_role("link", name="Bodies", exact=True)).to_be_visible()

    # The choice sticks while browsing.
    main_nav(page).get_by_role("link", name="Bodies", exact=True).click()
    expect(heading(page, 1)).to_have_text("Bodies")

    page.locator("header").get_by_role("button", name="Svenska", exact=True).click()
    expect(page).to_have_url(re.compile(r"/organ/$"))
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(heading(page, 1)).to_have_text("Organ")
    expect(page.locator("header").get_by_role("button", name="English", exact=True)).to_be_visible()
