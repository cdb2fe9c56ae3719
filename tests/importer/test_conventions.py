"""Extraction on invented documents written after the conventions of Swedish minutes, not after any
document of ../shared/importer-devset: what a secretary reading the import would check.

The texts in conventions/ imitate what PDF-to-text services, scrapers and OCR make of protocols,
notices, extracts and agreements (flattened pages, page headers and footers, "§" read as "$", diary
numbers after the paragraph number, "X ersättare för Y", registers with the surname first, meeting
portals with bullets). Each was written to exercise one convention; none copies a development or
held-out document.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from samverkan.importer.extract import extract, read_document

HERE = Path(__file__).resolve().parent / "conventions"


def run(name: str) -> dict[str, Any]:
    path = HERE / name
    return extract(read_document(path.read_bytes(), path.name).text)


def people(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in result["attendees"]}


def items(result: dict[str, Any]) -> list[tuple[str | None, str]]:
    return [(i["number"], i["title"]) for i in result["items"]]


def test_flattened_protocol_with_diary_numbers_and_sub_headings() -> None:
    result = run("flattened_kommunstyrelse.txt")
    assert (result["body"], result["date"], result["place"]) == (
        "Kommunstyrelsen",
        "2015-03-10",
        "Kommunhuset, Tingssalen",
    )
    assert items(result) == [
        ("§ 23", "Val av justerare"),
        ("§ 24", "Fastställande av dagordning"),
        ("§ 25", "Information från kommunchefen"),
        ("§ 26", "Detaljplan för Norra hamnen"),
    ]
    assert all(i["decision"] and "§" not in i["decision"] for i in result["items"])
    assert result["items"][1]["presenters"] == []  # "Beslut Dagordningen fastställs" names nobody
    found = people(result)
    assert found["Maria Ström"]["role"] == "ersättare"  # "Övriga närvarande" / "Ersättare"
    assert (found["Eva Lind"]["present"], found["Olle Nyström"]["role"]) == (False, "ersättare")
    assert found["Sven Lund"] == {
        "name": "Sven Lund", "party": None, "municipality": None, "role": "sekreterare", "present": True
    }  # fmt: skip
    assert result["adjusters"] == ["Anna Berg"]


def test_pdf_columns_with_wrapped_labels_and_repeated_page_headers() -> None:
    result = run("pdf_columns_page_headers.txt")
    found = people(result)
    # "Ej tjänstgörande" / "ersättare" wrapped in the label column: substitutes who take part.
    assert {k: (found[k]["role"], found[k]["present"]) for k in ("Gustav Strand", "Hanna Lind")} == {
        "Gustav Strand": ("ersättare", True),
        "Hanna Lind": ("ersättare", True),
    }
    assert (found["Eva Holm"]["present"], found["Daniel Ek"]["role"]) == (False, "ersättare")
    assert [n for n, _ in items(result)] == ["§ 10", "§ 11", "§ 12", "§ 13", "§ 14", "§ 15"]
    by_number = {i["number"]: i for i in result["items"]}
    assert by_number["§ 14"]["type"] == "information"
    assert by_number["§ 15"]["type"] is None  # "§ 14 Informationsärenden" is a title, not a heading over § 15
    assert result["adjusters"] == ["Bengt Karlsson"]


def test_substitutes_for_members_in_a_run_with_the_column_headings_first() -> None:
    result = run("flattened_column_headings_first.txt")
    found = people(result)
    assert (found["Marie-Louise Hilmersson"]["party"], found["Marie-Louise Hilmersson"]["role"]) == ("C", "ordförande")
    assert found["Bo Frank"]["role"] == found["Carina Bengtsson"]["role"] == "vice ordförande"
    for substitute, member in (("Karl Ek", "Eva Ros"), ("Olle Dahl", "Sara Holm")):
        assert (found[substitute]["role"], found[substitute]["present"]) == ("ersättare", True)
        assert found[member]["present"] is False
    assert items(result)[2] == ("3", "Information")
    assert result["items"][2]["presenters"] == ["Maria Strand"]


def test_a_title_ends_where_the_text_starts_with_its_subject() -> None:
    result = run("flattened_ersattare_for.txt")
    assert result["body"] == "Regionstyrelsen"  # "Protokoll regionstyrelsen 12 april 2016"
    assert items(result)[3] == ("48", "Delårsrapport")
    assert result["items"][3]["decision"] == "Regionstyrelsen beslutar att godkänna delårsrapporten."
    assert people(result)["Jonas Mark"]["present"] is False


def test_an_agreement_sections_and_parties() -> None:
    result = run("flattened_agreement.txt")
    assert result["kind"] == "agreement"
    assert result["organisation"] == "Region Halland och kommunerna i Hallands län"
    assert result["date"] == "2016-01-01"
    assert [t for _, t in items(result)] == ["Parter", "Syfte", "Giltighetstid", "Uppföljning", "Tvist"]


def test_a_meeting_portal_agenda_of_bullets_without_numbers() -> None:
    result = run("portal_bullets.txt")
    assert (result["body"], result["date"], result["place"]) == ("Styrgruppen för närvård", "2021-03-12", "Teams")
    assert items(result) == [
        (None, "Mötets öppnande"),
        (None, "Val av justerare"),
        (None, "Fastställande av dagordning"),
        (None, "Information från verksamheterna"),
        (None, "Ekonomisk uppföljning"),
        (None, "Övriga frågor"),
    ]
    assert result["items"][3]["presenters"] == ["Anna Berg"]


def test_an_organisation_and_its_body_on_one_line() -> None:
    result = run("flattened_org_and_body.txt")
    assert (result["organisation"], result["body"]) == ("Kommunalförbundet Västra Mälardalen", "Förbundsdirektionen")
    assert result["place"] == "Kommunhuset, Köping"
    assert result["adjusters"] == ["Kenneth Axelsson"]


def test_ocr_dollar_signs_and_zeros() -> None:
    result = run("ocr_dollar_paragraphs.txt")
    assert result["body"] == "Samrådsorganet"
    assert "Lena Olsson" in people(result)
    assert items(result)[3] == ("§ 4", "Bredband i Hälsingland")
    assert result["items"][3]["presenters"] == ["Göran Hed"]
    assert all("$" not in (i["decision"] or "") for i in result["items"])


def test_a_protocol_extract_of_one_paragraph() -> None:
    result = run("protocol_extract.txt")
    assert items(result) == [("KS 112", "Remiss om länsplan för transportinfrastruktur")]
    item = result["items"][0]
    assert item["presenters"] == ["Lars Nyberg"]
    assert item["decision"] and "beslutar att avge yttrande" in item["decision"]
    assert result["organisation"] is None  # the footer's "Justerandes sign" does not name an organisation


def test_a_register_with_the_surname_first() -> None:
    found = people(run("surname_first_register.txt"))
    assert set(found) == {"Anna Ek", "Bo Lind", "Carl Moberg", "Diana Sund", "Erik Vall"}
    assert found["Anna Ek"]["role"] == "ordförande"
    assert (found["Erik Vall"]["present"], found["Erik Vall"]["municipality"]) == (False, "Tingsryd")


def test_protokoll_fort_vid_sammantrade_names_the_body() -> None:
    result = run("fort_vid_sammantrade.txt")
    assert result["body"] == "Länsstyrgruppen för hälsa och välfärd"
    assert result["items"][1]["presenters"] == []  # "Bo Lind väljs att justera" is a decision, not a presentation
    assert result["adjusters"] == ["Bo Lind"]


@pytest.mark.parametrize(
    ("text", "municipality"), [("Per Wall, Falu kommun", "Falun"), ("Per Wall, Borås Stad", "Borås")]
)
def test_municipality_genitives(text: str, municipality: str) -> None:
    result = extract(
        f"Minnesanteckningar\nDeltagare\n{text}\nAnna Berg, Mora kommun\n\n1. Mötet öppnas\n2. Avslutning\n"
    )
    assert people(result)["Per Wall"]["municipality"] == municipality


def test_presenters_who_go_through_or_give_information_and_a_party_given_in_a_paragraph() -> None:
    text = (
        "PROTOKOLL\nOrgan: Regionförbundets styrelse\nPlats och tid: Regionförbundet i Kalmar län, kl 10.00-12.00\n"
        "Datum: 2007-01-11\nBeslutande: Leif Larsson, ordförande\nAnna Berg (S)\n\n"
        "§ 1 Val av mötesordförande\nStyrelsen beslutar att till ordförande utse Leif Larsson (c).\n"
        "§ 2 Aktuell information\nArne Andersen lämnar information om avtalet. Eva Ek går igenom budgeten.\n"
    )
    result = extract(text)
    assert (result["body"], result["organisation"]) == ("Regionförbundets styrelse", "Regionförbundet i Kalmar län")
    assert people(result)["Leif Larsson"]["party"] == "C"
    assert result["items"][1]["presenters"] == ["Arne Andersen", "Eva Ek"]
