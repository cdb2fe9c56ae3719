"""The administrator's archive and personal-data screens in the browser: GR's 2019 package made
and downloaded; a person found, their data exported, then erased with the receipt; every page
axe-clean and without sideways scrolling on a phone."""

from __future__ import annotations

import io
import json
import zipfile
from typing import TYPE_CHECKING

from tests.e2e.conftest import ADMIN
from tests.e2e.test_accessibility import assert_no_violations, run_axe

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page

PHONE = {"width": 390, "height": 844}
# Making a package renders PDF/A papers in the request (tasks run at once in the tests): on a
# loaded machine that takes longer than the usual 15 s.
SLOW_MS = 120_000


def accessible(page: Page) -> None:
    assert_no_violations(run_axe(page, preload=False))


def fits_a_phone(page: Page) -> None:
    desktop = page.viewport_size
    page.set_viewport_size(PHONE)
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{page.url} scrolls sideways on a phone: {width} px"
    finally:
        if desktop:
            page.set_viewport_size(desktop)


def test_an_administrator_makes_and_downloads_an_archive_package(browse_as: Callable[..., Page]) -> None:
    page = browse_as(ADMIN, axe=True)
    page.set_default_timeout(SLOW_MS)
    page.goto("/")
    page.locator("header").get_by_role("link", name="Arkivleveranser").click()
    page.get_by_role("heading", level=1, name="Arkivleveranser").wait_for()
    accessible(page)
    fits_a_phone(page)
    page.get_by_label("Organ").select_option(label="Styrgruppen för social välfärd")
    page.get_by_label("År").fill("2019")
    page.get_by_role("button", name="Gör paketet").click()
    # Tasks run at once in the tests, so the package is made by the time the page shows (nine
    # PDF/A papers: allow a loaded machine its time).
    page.get_by_role("heading", level=1, name="Arkivpaket Styrgruppen för social välfärd 2019").wait_for()
    page.get_by_text("Öppen leverans: inga handlingar med sekretess.").wait_for()
    assert page.get_by_text("samverkan-gr-styrgrupp-social-valfard-2019", exact=True).is_visible()
    accessible(page)
    fits_a_phone(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner paketet").click()
    assert download.value.suggested_filename == "samverkan-gr-styrgrupp-social-valfard-2019.zip"
    with zipfile.ZipFile(download.value.path()) as archive:
        names = archive.namelist()
    assert "samverkan-gr-styrgrupp-social-valfard-2019/METS.xml" in names
    assert (
        "samverkan-gr-styrgrupp-social-valfard-2019/representations/rep1/data/sammantraden/2019-10-03/protokoll.pdf"
        in names
    )


def test_an_administrator_exports_and_erases_a_persons_data(browse_as: Callable[..., Page]) -> None:
    from samverkan.structure.models import Person

    # A person of this test's own, in no published record.
    person = Person.objects.create(key="e2e-erika-exempel", name="Erika Exempel", email="erika@example.test")
    page = browse_as(ADMIN, axe=True)
    page.set_default_timeout(SLOW_MS)
    page.goto("/")
    page.locator("header").get_by_role("link", name="Personuppgifter").click()
    page.get_by_label("Namn, e-postadress eller användarnamn").fill("Erika Exempel")
    page.locator("#main").get_by_role("button", name="Sök", exact=True).click()
    accessible(page)
    page.get_by_role("link", name="Erika Exempel").click()
    page.get_by_role("heading", level=1, name="Erika Exempel").wait_for()
    page.get_by_text("Personen finns inte i någon publicerad handling och kan raderas helt.").wait_for()
    accessible(page)
    fits_a_phone(page)
    page.get_by_label("Anteckning i loggen").fill("Begäran per e-post")
    with page.expect_download() as download:
        page.get_by_role("button", name="Lämna ut som zip (JSON och CSV)").click()
    with zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read())) as archive:
        document = json.loads(archive.read("personuppgifter.json"))
    assert document["avsnitt"]["person"]["rader"][0]["e-post"] == "erika@example.test"

    page.get_by_role("link", name="Radera …").click()
    page.get_by_role("heading", level=1, name="Radera personuppgifter: Erika Exempel").wait_for()
    page.get_by_text("Personen Erika Exempel helt, med närvaro och anmält förhinder").wait_for()
    accessible(page)
    page.get_by_label("Jag har kontrollerat identiteten").check()
    page.get_by_role("button", name="Radera", exact=True).click()
    page.get_by_role("heading", level=1, name=f"Radering (art. 17): raderad person #{person.pk}").wait_for()
    page.get_by_text("Inget: personen fanns inte i någon publicerad handling och raderades helt.").wait_for()
    accessible(page)
    fits_a_phone(page)
    assert not Person.objects.filter(pk=person.pk).exists()
