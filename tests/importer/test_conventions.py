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


@pytest.mark.parametrize(
    "written",
    ["den 5 mars 2012", "5/3 2012", "5/3-2012", "5.3.2012", "2012.03.05", "5 mars, 2012", "måndagen den 5 mars 2012"],
)
def test_swedish_date_forms(written: str) -> None:
    result = extract(
        f"PROTOKOLL\nDirektionen\nDatum: {written}\nTid: kl 9.10-11.00\n\n§ 1 Val av justerare\n§ 2 Avslutning\n"
    )
    assert (result["date"], result["start_time"]) == ("2012-03-05", "09:10")


@pytest.mark.parametrize(
    "sentence",
    [
        "Protokollet justeras av Bo Lind och Carl Ek.",
        "Till justerare utses Bo Lind och Carl Ek.",
        "Att jämte ordföranden justera protokollet utses Bo Lind och Carl Ek.",
        "Bo Lind och Carl Ek justerar protokollet.",
        "Protokollsjusterare Bo Lind, Carl Ek",
        "Protokollet justeras av ordföranden och Bo Lind och Carl Ek.",
        "Justeras: Bo Lind, Carl Ek",
        "Justering: Bo Lind och Carl Ek",
        "Bo Lind (M) och Carl Ek (C) utses att tillsammans med ordföranden justera protokollet.",
        "Utsedda justerare: Bo Lind, Carl Ek",
        "Mötet väljer Bo Lind och Carl Ek att justera protokollet.",
        "Justerande ledamöter: Bo Lind och Carl Ek",
        "Justeringspersoner: Bo Lind och Carl Ek",
        "Bo Lind och Carl Ek jämte ordföranden justerar protokollet.",
        "Bo Lind (M) och Carl Ek (C).",  # nothing but the names under "Val av justerare"
    ],
)
def test_adjusters_however_they_are_appointed(sentence: str) -> None:
    text = (
        "PROTOKOLL\nStyrelsen\nDatum: 2012-03-05\nNärvarande: Anna Berg (S), ordförande, Bo Lind (M), Carl Ek (C)\n\n"
        f"§ 1 Val av justerare\n{sentence}\n§ 2 Avslutning\nMötet avslutas.\n"
    )
    assert extract(text)["adjusters"] == ["Bo Lind", "Carl Ek"]


def test_abbreviated_roles_notified_absence_and_numbered_cases() -> None:
    result = run("socialnamnd_labels_and_abbreviations.txt")
    assert (result["date"], result["start_time"], result["place"]) == ("2017-02-14", "13:15", "Stadshuset, sal B")
    found = people(result)
    assert found["Anna Berg"]["party"] == "S"  # "Anna Berg, S, ordförande"
    assert found["Bo Lind"]["role"] == found["Carl Ek"]["role"] == "vice ordförande"  # "1:e vice ordf", "v ordf"
    assert (found["Fredrik Lund"]["present"], found["Eva Ek"]["role"]) == (False, "ersättare")
    # "Anmält förhinder: ..." after the substitutes' list: absent members, not substitutes.
    assert {k: (found[k]["role"], found[k]["present"]) for k in ("Ida Ström", "Jonas Wik")} == {
        "Ida Ström": ("ledamot", False),
        "Jonas Wik": ("ledamot", False),
    }
    assert found["Lars Holm"]["role"] == "sekreterare"
    assert [i["title"] for i in result["items"]] == ["Val av justerare", "Budgetuppföljning", "Delegationsbeslut"]
    assert result["items"][1]["decision"] == "Nämnden beslutar att godkänna uppföljningen."
    assert result["adjusters"] == ["Bo Lind"]


def test_names_with_particles() -> None:
    text = "PROTOKOLL\nStyrelsen\nDatum: 2011-04-01\nÖvriga deltagare: Henk te Kiefte, Anna du Rietz, Bo von Essen\n\n§ 1 Val\n§ 2 Avslutning\n"
    assert set(people(extract(text))) == {"Henk te Kiefte", "Anna du Rietz", "Bo von Essen"}


@pytest.mark.parametrize(
    "listed",
    [
        "Närvarande: Henk Kiefte, Anna Rietz, Bo Essen",  # three names, two commas: a list, not a flattened run
        "Närvarande: Henk Kiefte, Anna Rietz och Bo Essen",
        "Närvarande: Henk Kiefte och Anna Rietz samt Bo Essen",
        "Närvarande\nHenk Kiefte\nAnna Rietz\nBo Essen",
    ],
)
def test_a_short_list_of_those_present(listed: str) -> None:
    text = f"PROTOKOLL\nStyrelsen\nDatum: 2011-04-01\n{listed}\n\n§ 1 Val av justerare\n§ 2 Avslutning\n"
    result = extract(text)
    assert [(p["name"], p["present"]) for p in result["attendees"]] == [
        ("Henk Kiefte", True),
        ("Anna Rietz", True),
        ("Bo Essen", True),
    ]
    assert result["date"] == "2011-04-01"


@pytest.mark.parametrize(
    ("header", "kind", "body", "organisation"),
    [
        ("Protokoll från styrelsemöte\nSamordningsförbundet Gävleborg\n2015-05-05", "protocol", "Styrelsen",
         "Samordningsförbundet Gävleborg"),
        ("Samordningsförbundet Gävleborg\nProtokoll styrelsemöte 2015-05-05", "protocol", "Styrelsen",
         "Samordningsförbundet Gävleborg"),
        ("Kallelse till sammanträde med Regionala samverkansrådet\nTid: 5 maj 2015 kl 10-12", "notice",
         "Regionala samverkansrådet", None),
        ("Region Örebro län\nRegionstyrelsen\nProtokoll 2015-05-05", "protocol", "Regionstyrelsen", "Region Örebro län"),
    ],
)  # fmt: skip
def test_headers_name_the_body_and_organisation(header: str, kind: str, body: str, organisation: str | None) -> None:
    result = extract(f"{header}\nNärvarande: Henk Kiefte, Anna Rietz\n\n§ 1 Val av justerare\n§ 2 Avslutning\n")
    assert (result["kind"], result["body"], result["organisation"], result["date"]) == (
        kind, body, organisation, "2015-05-05"
    )  # fmt: skip


def test_notes_of_a_network_name_no_organisation_from_a_participant() -> None:
    result = run("natverk_minnesanteckningar.txt")
    assert (result["kind"], result["body"]) == ("notes", "Nätverket för folkhälsa i Västmanland")
    assert result["organisation"] is None  # "Region Västmanland" is Cecilia Ek's organisation, not the network's
    found = people(result)
    assert (found["Cecilia Ek"]["municipality"], found["Cecilia Ek"]["role"]) == ("Region Västmanland", "tjänsteperson")
    assert (found["Eva Holm"]["present"], found["Anna Berg"]["municipality"]) == (False, "Västerås")
    assert [i["number"] for i in result["items"]] == ["Punkt 1", "Punkt 2", "Punkt 3", "Punkt 4"]
    assert result["items"][0]["presenters"] == []  # "Anna Berg hälsade välkommen" presents nothing
    assert result["items"][1]["decision"] == "Anteckningarna godkändes."


@pytest.mark.parametrize(
    ("line", "body", "organisation"),
    [
        ("Direktionen, Kommunalförbundet Sörmlands kollektivtrafikmyndighet", "Direktionen",
         "Kommunalförbundet Sörmlands kollektivtrafikmyndighet"),
        ("Förbundsstyrelsen för Regionförbundet i Kalmar län", "Förbundsstyrelsen", "Regionförbundet i Kalmar län"),
        ("Styrelsen i Samordningsförbundet Centrala Östergötland", "Styrelsen", "Samordningsförbundet Centrala Östergötland"),
    ],
)  # fmt: skip
def test_a_body_of_an_organisation(line: str, body: str, organisation: str) -> None:
    result = extract(
        f"Protokoll\n{line}\n2015-05-05\nNärvarande: Henk Kiefte, Anna Rietz\n\n§ 1 Val av justerare\n§ 2 Avslutning\n"
    )
    assert (result["body"], result["organisation"]) == (body, organisation)


# --- issue 18, second round: further conventions, each in an invented document of its own ------------------


def test_a_portal_agenda_with_the_number_on_the_bullet_and_documents_under_it() -> None:
    result = run("portal_numbered_bullets_with_documents.txt")
    assert items(result) == [
        ("1", "Upprop"),
        ("2", "Val av justerare"),
        ("3", "Godkännande av föredragningslista"),
        ("4", "Delårsrapport januari-augusti"),
        ("5", "Information om vårdens läge"),
        ("6", "Anmälan av delegationsbeslut"),
        ("7", "Övriga frågor"),
    ]
    # "Tjänsteskrivelse Delårsrapport.pdf" under point 4 is a document, not who presents it.
    assert all(i["presenters"] == [] for i in result["items"])


def test_an_attendance_list_with_a_presence_column() -> None:
    result = run("attendance_presence_column.txt")
    found = people(result)
    # "1" in the presence column: there; "-": not there.
    assert {k: found[k]["present"] for k in ("Stig Nord", "Olof Berg", "Sven Ås", "Lena Borg", "Ulla Sten")} == {
        "Stig Nord": True,
        "Olof Berg": False,
        "Sven Ås": True,
        "Lena Borg": True,
        "Ulla Sten": False,
    }
    assert (found["Lena Borg"]["role"], found["Stig Nord"]["role"]) == ("ersättare", "ordförande")
    assert [n for n, _ in items(result)] == ["45", "46", "47"]
    assert result["adjusters"] == ["Ingrid Palm"]


def test_all_labels_printed_before_their_values_signatures_too() -> None:
    result = run("labels_before_values_with_signatures.txt")
    assert (result["body"], result["date"], result["start_time"], result["place"]) == (
        "Primärkommunala nämnden",
        "2008-09-11",
        "10:00",
        "Regionförbundet, Kalmar",
    )
    found = people(result)
    assert set(found) == {"Bo Ek", "Eva Lund", "Per Sjö", "Anna Hed", "Lars Moe", "Maria Ås"}
    assert (found["Bo Ek"]["role"], found["Maria Ås"]["role"]) == ("ordförande", "sekreterare")
    assert found["Maria Ås"]["municipality"] is None  # the adjuster's name after hers is not her municipality
    assert found["Eva Lund"]["municipality"] == "Nybro"
    assert result["adjusters"] == ["Per Sjö"]


def test_organ_paragraphs_and_headings_inside_flattened_paragraphs() -> None:
    result = run("organ_paragraphs_on_flattened_pages.txt")
    assert [n for n, _ in items(result)] == ["RS § 280", "RS § 281", "RS § 282", "RS § 283"]
    budget = result["items"][1]
    # "RS 2016/123 Föredragande: Jon Vik Regionstyrelsens beslut Budgeten fastställs." run together.
    assert (budget["presenters"], budget["decision"]) == (["Jon Vik"], "Budgeten fastställs.")
    assert result["items"][2]["decision"] == "Informationen noteras."


def test_a_protocol_flattened_and_then_wrapped_at_a_fixed_width() -> None:
    result = run("flattened_then_wrapped.txt")
    assert (result["body"], result["date"], result["place"]) == (
        "Regionstyrelsen",
        "2016-12-14",
        "Regionens hus, Visby",
    )
    found = people(result)
    assert len(found) == 12
    assert (found["Karin Lind"]["role"], found["Nils Ros"]["present"]) == ("ersättare", False)
    assert [n for n, _ in items(result)] == ["RS § 280", "RS § 281", "RS § 282", "RS § 283"]
    assert result["adjusters"] == ["Lars Holm"]


def test_an_extract_whose_paragraph_sign_was_lost() -> None:
    result = run("extract_paragraph_sign_lost.txt")
    # "191 Dnr 2013/233 Bildande av ...", and "forts. 191" on the next page continues it.
    assert items(result) == [("§ 191", "Bildande av regionkommun i Västmanland")]
    assert "ställa sig bakom" in (result["items"][0]["decision"] or "")
    assert (result["organisation"], result["body"]) == ("Heby kommun", "Kommunstyrelsen")  # the letterhead


def test_an_agreement_with_sub_sections() -> None:
    result = run("agreement_with_subsections.txt")
    assert [t for _, t in items(result)] == ["Parter", "Bakgrund", "Syfte", "Organisation", "Ekonomi", "Giltighetstid"]
    assert [n for n, _ in items(result)] == ["1", "2", "3", "4", "5", "6"]  # "4.1", "4.2" stay inside section 4
    assert result["date"] == "2019-01-01"


def test_ocr_that_reads_the_paragraph_sign_as_an_s() -> None:
    result = run("ocr_s_for_paragraph_sign.txt")
    assert result["body"] == "Samrådsgruppen för Hälsingland"  # a "-grupp" is a body
    assert [n for n, _ in items(result)] == ["§ 1", "§ 2", "§ 3", "§ 4"]
    assert result["items"][2]["presenters"] == ["Per Ek"]
    assert people(result)["Lena Dahl"]["municipality"] == "Ljusdal"


def test_beslutande_ledamoter_and_substitutes_who_take_part() -> None:
    result = run("flattened_beslutande_ledamoter.txt")
    found = people(result)
    # "Övriga närvarande ersättare: ...": substitutes present, not guests.
    assert {k: (found[k]["role"], found[k]["present"]) for k in ("Sara Ström", "Karl Fors")} == {
        "Sara Ström": ("ersättare", True),
        "Karl Fors": ("ersättare", True),
    }
    assert (found["Maja Holm"]["role"], found["Nils Åberg"]["present"]) == ("ersättare", False)
    assert items(result)[2] == ("§ 42", "Årsredovisning 2016")  # the diary number after the title is not in it
    assert result["adjusters"] == ["Eva Sten"]


@pytest.mark.parametrize("name", ["members_by_municipality.txt", "members_by_municipality_flattened.txt"])
def test_members_grouped_under_their_municipality(name: str) -> None:
    result = run(name)
    assert result["body"] == "Hälsingerådet"  # a "-rådet" whose first part does not end in -s
    found = people(result)
    # "Hudiksvalls kommun: Lars Wik (S), ordförande, Eva Ros (C)", on its line or run into the text.
    assert {
        k: (found[k]["municipality"], found[k]["party"]) for k in ("Per Ek", "Anna Berg", "Eva Ros", "Olle Sten")
    } == {
        "Per Ek": ("Bollnäs", "S"),
        "Anna Berg": ("Bollnäs", "M"),
        "Eva Ros": ("Hudiksvall", "C"),
        "Olle Sten": ("Ljusdal", "S"),
    }
    assert (found["Lars Wik"]["role"], found["Karin Dal"]["role"]) == ("ordförande", "tjänsteperson")
    assert result["adjusters"] == ["Eva Ros"]


def test_a_municipality_after_a_party_is_the_members_own() -> None:
    text = (
        "PROTOKOLL\nDirektionen\nDatum: 2014-06-05\n\nTranskript\n\n1 Närvarande ledamöter Per Ek (S) Bollnäs kommun "
        "Anna Berg (M) Ljusdals kommun Lars Wik (S) Hudiksvalls kommun Eva Ros (C) Nordanstigs kommun "
        "Olle Sten (V) Söderhamns kommun Övriga närvarande Jan Holm, sekreterare\n\n§ 1 Val av justerare\n§ 2 Avslutning\n"
    )
    found = people(extract(text))
    assert (found["Per Ek"]["municipality"], found["Eva Ros"]["municipality"]) == ("Bollnäs", "Nordanstig")


def test_a_declaration_of_intent_is_an_agreement() -> None:
    result = run("declaration_of_intent.txt")
    assert (result["kind"], result["date"]) == ("agreement", "2020-03-01")
    assert [t for _, t in items(result)] == ["Bakgrund", "Syfte", "Former för samverkan", "Giltighet"]


def test_a_proposal_of_one_case_is_one_item_without_a_decision() -> None:
    result = run("proposal_of_one_case.txt")
    assert (result["kind"], result["body"], result["date"]) == ("other", "Kommunstyrelsen", None)
    assert items(result) == [("2015:12", "Ny taxa för bygglov")]
    case = result["items"][0]
    # "Förslag till beslut" is what the body proposes, not a decision; the dates in its text are not the meeting's.
    assert (case["type"], case["presenters"], case["decision"]) == ("beslut", ["Gunilla Holm"], None)


def test_a_tjansteskrivelse_names_its_case_after_the_diary_number() -> None:
    result = run("tjansteskrivelse.txt")
    assert items(result) == [(None, "Riktlinjer för försörjningsstöd")]
    assert (result["items"][0]["type"], result["items"][0]["decision"]) == ("beslut", None)


def test_paragraphs_that_came_through_a_committee() -> None:
    result = run("organ_paragraphs_with_committee_references.txt")
    # Every page starts with "RS § ..." after its header: the organ stays with the paragraph; "AU § 305" is the
    # committee's paragraph the case came through, "RS 2016/123" its diary number: neither is in the title.
    assert items(result) == [
        ("RS § 270", "Fastställande av föredragningslista"),
        ("RS § 271", "Budget 2017"),
        ("RS § 272", "Motion om kollektivtrafik"),
        ("RS § 273", "Information"),
    ]
    # The decision ends where the description of the case starts.
    assert result["items"][1]["decision"] == "Budgeten fastställs."
    assert result["items"][3]["presenters"] == ["Maria Lund"]


def test_a_portal_agenda_with_numbers_and_sub_numbers_on_lines_of_their_own() -> None:
    result = run("portal_numbers_on_their_own_lines.txt")
    assert [n for n, _ in items(result)] == ["1", "2", "3", "3.1", "3.2", "4", "5"]
    assert items(result)[3] == ("3.1", "Interpellation om väntetider i primärvården")


@pytest.mark.parametrize(
    "name", ["agreement_headings_without_numbers.txt", "agreement_headings_without_numbers_flattened.txt"]
)
def test_an_agreement_whose_sections_have_headings_without_numbers(name: str) -> None:
    result = run(name)
    assert (result["kind"], result["body"], result["date"]) == ("agreement", None, "2015-01-01")
    assert result["organisation"] == "Kinda kommun och Ydre kommun"  # the parties, without "mellan"
    assert items(result) == [
        (None, "Parter"), (None, "Bakgrund"), (None, "Syfte"), (None, "Organisation"), (None, "Giltighetstid")
    ]  # fmt: skip
    assert {i["type"] for i in result["items"]} == {"other"}


def test_an_agenda_titled_dagordning_is_a_notice_whatever_its_points_speak_of() -> None:
    result = run("agenda_titled_dagordning.txt")
    # "2. Föregående anteckningar" is a point about the last meeting's notes, not what this document is.
    assert (result["kind"], result["body"], result["place"]) == (
        "notice",
        "Styrgruppen för hälsa",
        "Regionhuset, sal 2",
    )
    assert [t for _, t in items(result)][1] == "Föregående anteckningar"
    assert result["items"][2]["presenters"] == ["Anna Berg"]


@pytest.mark.parametrize(
    ("header", "body", "organisation"),
    [
        ("REGION GOTLAND\nPROTOKOLL\nRegionstyrelsen\n14 december 2016", "Regionstyrelsen", "Region Gotland"),
        ("Protokoll fört vid Hälsingerådets sammanträde 2011-09-23", "Hälsingerådet", None),
        ("Protokoll från Regionstyrelsens sammanträde 2017-03-21", "Regionstyrelsen", None),
        ("Protokoll från sammanträde med kommunstyrelsen i Sala kommun 2013-08-13", "Kommunstyrelsen", "Sala kommun"),
        ("Minnesanteckningar från styrgruppsmöte Närvårdssamverkan Södra Älvsborg 2014-04-25", "Styrgruppen",
         "Närvårdssamverkan Södra Älvsborg"),
    ],
)  # fmt: skip
def test_the_body_named_in_the_title_line(header: str, body: str, organisation: str | None) -> None:
    result = extract(
        f"{header}\nNärvarande: Anna Berg (S), ordförande, Bo Lind (M)\n\n§ 1 Val av justerare\n§ 2 Avslutning\n"
    )
    assert (result["body"], result["organisation"]) == (body, organisation)


def test_points_of_notes_with_their_text_after_a_colon() -> None:
    text = (
        "Minnesanteckningar\nNätverket för folkhälsa\nDatum: 2019-03-04\nNärvarande: Anna Berg, Mora kommun, Bo Lind, "
        "Falu kommun\n\n1. Mötets öppnande: Anna Berg hälsade välkommen.\n2. Föregående anteckningar: Anteckningarna "
        "godkändes.\n3. Aktuellt: Bo Lind informerade om läget.\n4. Information: Budget 2020\n"
    )
    result = extract(text)
    assert [t for _, t in items(result)] == [
        "Mötets öppnande", "Föregående anteckningar", "Aktuellt", "Information: Budget 2020"
    ]  # fmt: skip
    assert (result["items"][1]["decision"], result["items"][2]["presenters"]) == (
        "Anteckningarna godkändes.",
        ["Bo Lind"],
    )


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("Anna Berg (S) ordf.", ("S", None, "ordförande", True)),
        ("Anna Berg, ordförande (S)", ("S", None, "ordförande", True)),
        ("Anna Berg (S) Mora kommun", ("S", "Mora", "ledamot", True)),
        ("Ordförande Anna Berg (S)", ("S", None, "ordförande", True)),
        ("Anna Berg (S), ordförande, deltar ej", ("S", None, "ordförande", False)),
        ("Anna Berg (S) ordförande §§ 1-5", ("S", None, "ordförande", True)),
        ("Anna Berg (S), 2:e vice ordförande", ("S", None, "vice ordförande", True)),
        ("Anna Berg, förbundsdirektör", (None, None, "tjänsteperson", True)),
    ],
)
def test_forms_of_an_attendance_entry(entry: str, expected: tuple[str | None, str | None, str, bool]) -> None:
    text = f"PROTOKOLL\nStyrelsen\nDatum: 2012-03-05\nLedamöter\n{entry}\nBo Lind (M)\nCarl Ek (C)\n\n§ 1 Val av justerare\n§ 2 Avslutning\n"
    anna = people(extract(text))["Anna Berg"]
    assert (anna["party"], anna["municipality"], anna["role"], anna["present"]) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Ärendet föredras av Anna Berg.",
        "Information lämnas av ekonomichef Anna Berg.",
        "Vid mötet informerar Anna Berg om budgeten.",
        "Information från Anna Berg om budgeten.",
        "Anna Berg, ekonomichef, informerar om budgeten.",
        "Föredragande tjänsteperson Anna Berg",
    ],
)
def test_who_presents_however_it_is_said(sentence: str) -> None:
    text = (
        "PROTOKOLL\nStyrelsen\nDatum: 2012-03-05\nNärvarande: Carl Ek (S), ordförande, Eva Ros (M)\n\n"
        f"§ 1 Val av justerare\nEva Ros utses att justera.\n§ 2 Budget\n{sentence}\n§ 3 Avslutning\n"
    )
    assert extract(text)["items"][1]["presenters"] == ["Anna Berg"]


def test_a_forbundsordning_is_the_agreement_of_the_federation_it_constitutes() -> None:
    result = run("forbundsordning.txt")
    assert (result["kind"], result["organisation"], result["date"]) == (
        "agreement", "Kommunalförbundet Samverkan Västra Skaraborg", "2021-01-01"
    )  # fmt: skip
    assert [t for _, t in items(result)] == ["Namn och säte", "Medlemmar", "Ändamål", "Organisation", "Ikraftträdande"]
    assert {(i["type"], i["decision"]) for i in result["items"]} == {("other", None)}


@pytest.mark.parametrize(
    "sentence",
    ["Gruppen enades om att skjuta frågan till nästa möte.", "Överenskoms att kansliet bjuder in regionen."],
)
def test_what_a_group_of_officials_agreed_on_is_recorded(sentence: str) -> None:
    text = (
        "Minnesanteckningar\nLedningsgruppen\nDatum: 2012-03-05\nNärvarande: Carl Ek, Mora kommun, Eva Ros, Falu kommun"
        f"\n\n1. Mötets öppnande\n2. Rapport\n{sentence}\n3. Avslutning\n"
    )
    assert extract(text)["items"][1]["decision"] == sentence


def test_a_flattened_portal_agenda_whose_titles_end_like_a_page_or_day_word() -> None:
    # "Ärenden 1 ...", "Meddelanden 4 ...", "Upprop 2 ...": a title ending in "-den" or "-p" is not "den 4" or
    # "p 2" (a day, a point referred to), so the number after it still starts the next item.
    result = run("portal_flattened_titles_ending_like_labels.txt")
    assert items(result) == [
        ("1", "Upprop"),
        ("2", "Val av justerare"),
        ("3", "Meddelanden"),
        ("4", "Uppföljning av tandvårdsstödet"),
        ("5", "Delegationsbeslut som anmäls p 2"),
        ("6", "Anmälningsärenden"),
        ("7", "Övriga frågor"),
    ]
    # The portal's meeting title, the organ before its date, is the body.
    assert (result["body"], result["date"], result["start_time"]) == (
        "Nämnden för folkhälsa och tandvård",
        "2021-05-12",
        "13:00",
    )


def test_the_organ_in_the_cells_of_a_flattened_page_header() -> None:
    # "Sammanträdesdatum Sida 1 (9) Utbildningsnämnden 2019-10-22": the organ stands between the page's cells.
    result = run("page_header_cells_around_the_organ.txt")
    assert (result["kind"], result["body"], result["date"]) == ("protocol", "Utbildningsnämnden", "2019-10-22")
    assert [n for n, _ in items(result)] == ["§ 61", "§ 62", "§ 63", "§ 64"]
    assert result["adjusters"] == ["Jenny Dahl"]


def test_a_flattened_table_of_contents_is_not_the_paragraphs() -> None:
    # "§ 101 Val av justerare 2 § 102 ... 3": entries ending in their page, the paragraphs come after them.
    result = run("flattened_table_of_contents.txt")
    assert items(result) == [
        ("KS § 101", "Val av justerare"),
        ("KS § 102", "Godkännande av dagordning"),
        ("KS § 103", "Årsredovisning 2013"),
        ("KS § 104", "Bredbandsstrategi"),
    ]
    assert all(i["decision"] for i in result["items"])
    assert result["adjusters"] == ["Ulf Rask"]  # "Justeringens tid: 2014-06-09" is a label of its own


def test_the_protocols_number_and_a_paragraph_opening_in_the_passive() -> None:
    result = run("protocol_number_and_passive_sentences.txt")
    assert result["body"] == "Äldrenämnden"  # not "Nr 3/2011 Äldrenämnden"
    by_number = {i["number"]: i for i in result["items"]}
    assert (by_number["§ 14"]["title"], by_number["§ 14"]["decision"]) == ("Dagordning", "Dagordningen godkändes.")
    assert (by_number["§ 15"]["title"], by_number["§ 15"]["presenters"]) == ("Hemtjänstens kvalitet", ["Mia Sten"])


def test_who_signs_as_adjuster_where_no_appointment_is_recorded() -> None:
    text = (
        "PROTOKOLL\nStyrelsen\nDatum: 2012-03-05\nNärvarande: Anna Berg (S), ordförande, Bo Lind (M), Carl Ek (C)\n\n"
        "§ 1 Budget\nBudgeten antas.\n\nUnderskrifter\nSekreterare ..........\nEva Ros\nOrdförande ..........\n"
        "Anna Berg\nJusterande ..........\nCarl Ek\n"
    )
    assert extract(text)["adjusters"] == ["Carl Ek"]
    # Under "Val av justerare", a sentence that names people is not a list of adjusters.
    text = text.replace("§ 1 Budget\nBudgeten antas.", "§ 1 Val av justerare\nBo Lind informerade om läget.")
    assert extract(text)["adjusters"] == ["Carl Ek"]


def test_a_list_of_members_without_commas_each_ending_at_their_party() -> None:
    # "Gun Bergqvist (s) ordförande Lars Norén (m) vice ordf. Ove Malm (c) ...": the party closes an entry.
    result = run("party_ends_each_entry.txt")
    assert [(p["name"], p["party"], p["role"]) for p in result["attendees"]] == [
        ("Gun Bergqvist", "S", "ordförande"),
        ("Lars Norén", "M", "vice ordförande"),
        ("Ove Malm", "C", "ledamot"),
        ("Rita Ek", "V", "ledamot"),
        ("Jan Höök", "S", "ersättare"),
        ("Elin Dahl", "KD", "ersättare"),
        ("Karin Ståhl", None, "sekreterare"),
    ]
    assert (result["start_time"], result["end_time"]) == ("18:00", "20:30")


@pytest.mark.parametrize(
    ("written", "times"),
    [
        ("kl. 18.00-20.30", ("18:00", "20:30")),
        ("18:30–21:15", ("18:30", "21:15")),
        ("kl 19-22", ("19:00", "22:00")),
        ("klockan 20.00", ("20:00", None)),
        ("kl. 8.30-12.00", ("08:30", "12:00")),
    ],
)
def test_evening_meetings_end_after_eight(written: str, times: tuple[str, str | None]) -> None:
    result = extract(f"PROTOKOLL\nDirektionen\nDatum: 2012-03-05\nTid: {written}\n\n§ 1 Val av justerare\n")
    assert (result["start_time"], result["end_time"]) == times


def test_vid_protokollet_names_the_secretary_and_the_signatures_end_at_the_notice() -> None:
    # "Vid protokollet Sara Wik Ordförande Göran Lund Justerare Berit Holm Justeringen har tillkännagivits ...":
    # the minute-taker is not the chair's municipality, and "Justeringen" is not part of a name.
    result = run("vid_protokollet_and_attendance_on_page_two.txt")
    found = people(result)
    assert (found["Sara Wik"]["role"], found["Sara Wik"]["municipality"]) == ("sekreterare", None)
    assert (found["Göran Lund"]["role"], found["Göran Lund"]["party"]) == ("ordförande", "S")
    assert found["Nils Ros"]["role"] == "ersättare"
    assert result["adjusters"] == ["Berit Holm"]
    assert [n for n, _ in items(result)] == ["§ 70", "§ 71", "§ 72"]


def test_an_agreements_parties_are_not_its_body() -> None:
    result = run("agreement_between_municipalities.txt")
    assert (result["kind"], result["body"], result["date"]) == ("agreement", None, "2016-01-01")
    assert result["organisation"].startswith("Torsby kommun, Sunne kommun och Munkfors")
    assert [t for _, t in items(result)] == [
        "Parter",
        "Bakgrund",
        "Organisation",
        "Kostnadsfördelning",
        "Giltighetstid",
    ]


def test_paragraphs_without_numbers_under_headings_in_capitals() -> None:
    result = run("headings_in_capitals.txt")
    assert items(result) == [
        (None, "Val av justerare"),
        (None, "Godkännande av dagordning"),
        (None, "Verksamhetsplan och budget 2018"),
        (None, "Rapport från förbundschefen"),
    ]
    assert [bool(i["decision"]) for i in result["items"]] == [True, True, True, False]
    assert [p["name"] for p in result["attendees"]] == ["Helena Brink", "Tomas Ek", "Ylva Sand", "Johan Norell"]
    assert result["adjusters"] == ["Ylva Sand"]


def test_flattened_notes_with_the_secretary_labelled_after_those_absent() -> None:
    result = run("flattened_notes_secretary_label.txt")
    # "Styrgruppsmöte Samordningsförbundet Ådalen": the steering group's meeting, of that federation.
    assert (result["kind"], result["body"], result["organisation"]) == (
        "notes",
        "Styrgruppen",
        "Samordningsförbundet Ådalen",
    )
    found = people(result)
    assert (found["Maja Öhman"]["present"], found["Maja Öhman"]["municipality"]) == (False, "Sollefteå")
    assert (found["Pia Norling"]["role"], found["Pia Norling"]["present"]) == ("sekreterare", True)
    assert [n for n, _ in items(result)] == ["1", "2", "3", "4"]


def test_a_flattened_notice_calling_the_body_to_its_meeting() -> None:
    result = run("flattened_notice_kallas_till_sammantrade.txt")
    assert (result["kind"], result["body"], result["organisation"]) == (
        "notice", "Förbundsdirektionen", "Kommunalförbundet Norra Sjöbygden"
    )  # fmt: skip
    assert (result["date"], result["start_time"], result["place"]) == (
        "2020-03-12",
        "13:00",
        "Stationshuset, Hallsberg",
    )
    assert [t for _, t in items(result)][-1] == "Val av revisorer"


def test_flattened_points_numbered_with_a_parenthesis() -> None:
    result = run("flattened_points_with_parenthesis.txt")
    assert items(result) == [
        ("1", "Inledning"),
        ("2", "Föregående protokoll"),
        ("3", "Psykiatrisk öppenvård"),
        ("4", "Övrigt"),  # "Inget övrigt att ta upp." starts the text
    ]
    assert result["items"][2]["presenters"] == ["Karin Lööf"]
    assert len(result["attendees"]) == 4


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        # "Plats och tid" on a line of its own, its value on the next: the place, not "och tid".
        (
            "Direktionen\nSammanträdesprotokoll\n2019-03-14\nPlats och tid\nKommunhuset, kl. 13.00-15.30",
            ("Direktionen", None, "Kommunhuset"),
        ),
        # A title that runs on past a hundred characters still names the kind and the body.
        (
            "Protokoll fört vid sammanträde med styrelsen för Samordningsförbundet Sydväst den 14 mars 2019 i Kommunhuset",
            ("Styrelsen", "Samordningsförbundet Sydväst", None),
        ),
        ("PROTOKOLL\nStyrelsemöte 14/3 2019\nPlats: Kommunhuset", ("Styrelsen", None, "Kommunhuset")),
    ],
)
def test_header_forms_of_a_protocol(header: str, expected: tuple[str, str | None, str | None]) -> None:
    result = extract(
        header + "\nNärvarande: Anna Ek (S), ordförande, Bo Lind (M)\n\n§ 1 Val av justerare\nBo Lind utses.\n"
    )
    assert (result["kind"], result["date"]) == ("protocol", "2019-03-14")
    assert (result["body"], result["organisation"], result["place"] or None) == expected


def test_an_attendance_table_of_members_and_substitutes_side_by_side_each_with_a_presence_column() -> None:
    result = run("attendance_table_of_column_pairs.txt")
    assert {p["name"]: (p["party"], p["role"], p["present"]) for p in result["attendees"]} == {
        "Kjell Dahl": ("S", "ordförande", True),
        "Maria Sten": ("S", "ersättare", True),
        "Anders Rye": ("M", "ledamot", True),
        "Lisbeth Ek": ("M", "ersättare", False),  # no mark: not there
        "Olle Kron": ("C", "ledamot", False),
        "Sanna Berg": ("C", "ersättare", True),
    }
    assert result["adjusters"] == ["Anders Rye"]


def test_paragraphs_headed_paragraf_and_their_number() -> None:
    text = (
        "PROTOKOLL\nDirektionen\n2015-06-11\nNärvarande: Anna Ek (S), ordförande, Bo Lind (M)\n\n"
        "Paragraf 31\nVal av justerare\nBo Lind utses att justera protokollet.\n"
        "Paragraf 32 Budget 2016\nDirektionen beslutar att anta budgeten.\n"
    )
    assert items(extract(text)) == [("§ 31", "Val av justerare"), ("§ 32", "Budget 2016")]


# --- Fourth round: layout families no earlier document covered ---------------------------------------------


def test_items_in_a_table_with_headed_columns() -> None:
    """ "Nr | Ärende | Dnr | Beslut": each row is an item, its decision the Beslut column."""
    result = run("items_in_a_table_with_headed_columns.txt")
    assert items(result) == [("1", "Val av justerare"), ("2", "Årsredovisning 2018"), ("3", "Budget 2020")]
    assert [i["decision"] for i in result["items"]] == ["Bo Lind utses", "Godkänns", "Bordläggs"]
    assert result["adjusters"] == ["Bo Lind"]


def test_the_number_before_the_paragraph_sign() -> None:
    result = run("number_before_paragraph_sign.txt")
    assert items(result) == [("§ 1", "Val av justerare"), ("§ 2", "Delårsrapport"), ("§ 3", "Internkontroll")]
    assert all(i["decision"] for i in result["items"])


@pytest.mark.parametrize("form", ["§{n} {title}", "{n} § {title}", "§ {n}. {title}"])
def test_forms_of_a_paragraph_number(form: str) -> None:
    titles = ["Val av justerare", "Delårsrapport", "Internkontroll"]
    text = "PROTOKOLL\nKommunstyrelsen\n2018-11-20\n\n" + "".join(
        form.format(n=n, title=t) + "\nKommunstyrelsen beslutar att godkänna förslaget.\n"
        for n, t in enumerate(titles, 12)
    )
    assert items(extract(text)) == [(f"§ {n}", t) for n, t in enumerate(titles, 12)]


def test_paragraphs_dealt_with_together() -> None:
    """ "§§ 14-15 Internkontroll och riskanalys" is one item, and § 16 may follow it."""
    result = run("paragraphs_in_a_range.txt")
    assert items(result) == [
        ("§ 12", "Val av justerare"),
        ("§ 13", "Delårsrapport"),
        ("§§ 14-15", "Internkontroll och riskanalys"),
    ]


def test_the_paragraph_number_printed_after_the_title() -> None:
    result = run("paragraph_number_after_title.txt")
    assert items(result) == [("§ 12", "Val av justerare"), ("§ 13", "Delårsrapport"), ("§ 14", "Internkontroll")]
    assert result["adjusters"] == ["Bo Lind"]


def test_a_page_header_ending_in_a_paragraph_number_is_no_title() -> None:
    text = (
        "PROTOKOLL\nKommunstyrelsen\n2018-11-20\n\n"
        "Kommunstyrelsen 2018-11-20 § 12\nVal av justerare\n\n"
        "Kommunstyrelsen 2018-11-20 § 13\nBudget\n"
    )
    assert all(t != "Kommunstyrelsen 2018-11-20" for _, t in items(extract(text)))


def test_a_programme_that_is_a_timetable() -> None:
    result = run("programme_as_timetable.txt")
    assert [t for _, t in items(result)] == [
        "Registrering och kaffe", "Välkommen", "Samverkan i länet", "Workshop", "Avslutning"
    ]  # fmt: skip
    assert (result["date"], result["start_time"], result["place"]) == ("2014-03-03", "09:00", "Folkets hus, Åby")


def test_points_of_a_workshop_named_dagordningspunkt() -> None:
    result = run("workshop_dagordningspunkt.txt")
    assert [t for _, t in items(result)] == ["Inledning", "Gruppdiskussion", "Sammanfattning"]
    assert result["kind"] == "notes" and not any(i["decision"] for i in result["items"])


@pytest.mark.parametrize("written", ["3-4 mars 2014", "3–4 mars 2014", "3 och 4 mars 2014", "måndag 3 mars 2014"])
def test_a_meeting_over_two_days_is_dated_by_its_first(written: str) -> None:
    result = extract(f"PROTOKOLL\nRegionfullmäktige\nDatum: {written}\n\n§ 1 Mötets öppnande\n§ 2 Val av justerare\n")
    assert result["date"] == "2014-03-03"


ADJUSTER_HEAD = (
    "PROTOKOLL\nDirektionen, Kommunalförbundet Västerå\nDatum: 2019-05-14\n\n"
    "Närvarande: Anna Ek (S), ordförande, Bo Lind (M), Cecilia Ström (C), Dan Berg (S)\n\n"
    "§ 1 Mötets öppnande\nOrdföranden öppnade mötet.\n§ 2 Val av justerare\n"
)
ADJUSTER_TAIL = "\n§ 3 Budget 2020\nDirektionen beslutar att fastställa budgeten.\n"


@pytest.mark.parametrize(
    ("sentence", "adjusters"),
    [
        ("Protokollet justeras den 20 maj 2019 av Bo Lind.", ["Bo Lind"]),
        ("Protokollet justeras 2019-05-20 av Bo Lind och Dan Berg.", ["Bo Lind", "Dan Berg"]),
        ("Förutom ordföranden utses Bo Lind att justera protokollet.", ["Bo Lind"]),
        ("Att jämte ordföranden justera dagens protokoll utses Bo Lind och Dan Berg.", ["Bo Lind", "Dan Berg"]),
        ("Justering sker på förbundskansliet den 20 maj. Bo Lind utses att justera.", ["Bo Lind"]),
        ("Justerare: Bo Lind (M)", ["Bo Lind"]),
    ],
)
def test_adjusters_in_the_forms_of_an_appointment(sentence: str, adjusters: list[str]) -> None:
    for text in (
        ADJUSTER_HEAD + sentence + ADJUSTER_TAIL,
        " ".join((ADJUSTER_HEAD + sentence + ADJUSTER_TAIL).split("\n")),
    ):
        assert extract(text)["adjusters"] == adjusters


@pytest.mark.parametrize("name", ["signature_block_adjuster_below_dots.txt", "signature_block_no_appointment.txt"])
def test_the_adjuster_who_signs_under_justerare(name: str) -> None:
    """ "Bo Lind utses." under "Val av justerare", or no appointment at all: who signs as "Justerare"."""
    assert run(name)["adjusters"] == ["Bo Lind"]


def test_a_flattened_signature_row_ends_at_the_next_role() -> None:
    text = (
        ADJUSTER_HEAD
        + "Protokollet justeras."
        + ADJUSTER_TAIL
        + "Justerare ........ Bo Lind Ordförande ........ Anna Ek"
    )
    assert extract(" ".join(text.split("\n")))["adjusters"] == ["Bo Lind"]


PEOPLE_HEAD = (
    "PROTOKOLL\nFörbundsstyrelsen, Samordningsförbundet Västerå\nDatum: 2019-05-14\nPlats: Förbundshuset, Åby\n\n"
)
PEOPLE_TAIL = (
    "\n§ 1 Mötets öppnande\nOrdföranden öppnade mötet.\n§ 2 Val av justerare\nBo Lind utses att justera protokollet.\n"
)


@pytest.mark.parametrize("flattened", [False, True])
def test_attendance_labels_inside_one_line(flattened: bool) -> None:
    text = (
        PEOPLE_HEAD
        + (
            "Närvarande: Anna Ek (S), ordförande, Bo Lind (M), Cecilia Ström (C) Frånvarande: Dan Berg (S) "
            "Övriga: Gun Ås, förbundschef\n"
        )
        + PEOPLE_TAIL
    )
    result = extract(" ".join(text.split("\n")) if flattened else text)
    found = {p["name"]: (p["role"], p["present"]) for p in result["attendees"]}
    assert found == {
        "Anna Ek": ("ordförande", True),
        "Bo Lind": ("ledamot", True),
        "Cecilia Ström": ("ledamot", True),
        "Dan Berg": ("ledamot", False),
        "Gun Ås": ("tjänsteperson", True),
    }
    assert result["place"] == "Förbundshuset, Åby"


@pytest.mark.parametrize("flattened", [False, True])
def test_roles_labelled_before_the_names(flattened: bool) -> None:
    text = (
        PEOPLE_HEAD
        + (
            "Ordförande: Anna Ek (S)\nVice ordförande: Bo Lind (M)\nLedamöter: Cecilia Ström (C), Dan Berg (S)\n"
            "Sekreterare: Gun Ås\n"
        )
        + PEOPLE_TAIL
    )
    result = extract(" ".join(text.split("\n")) if flattened else text)
    assert {p["name"]: p["role"] for p in result["attendees"]} == {
        "Anna Ek": "ordförande",
        "Bo Lind": "vice ordförande",
        "Cecilia Ström": "ledamot",
        "Dan Berg": "ledamot",
        "Gun Ås": "sekreterare",
    }
    assert result["place"] == "Förbundshuset, Åby"


def test_a_flattened_list_of_participants_under_deltagare() -> None:
    text = PEOPLE_HEAD + "Deltagare\nAnna Ek, Åby kommun\nBo Lind, Region Västerå\nCecilia Ström, Försäkringskassan\n"
    result = extract(" ".join((text + PEOPLE_TAIL).split("\n")))
    assert [p["name"] for p in result["attendees"]] == ["Anna Ek", "Bo Lind", "Cecilia Ström"]
    assert result["place"] == "Förbundshuset, Åby"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("paragraphs_in_a_range.txt", ["§ 12", "§ 13", "§§ 14-15"]),
        ("workshop_dagordningspunkt.txt", ["Dagordningspunkt 1", "Dagordningspunkt 2", "Dagordningspunkt 3"]),
    ],
)
def test_item_forms_in_flattened_text(name: str, expected: list[str]) -> None:
    """The same documents with every page flattened into one line."""
    result = extract(" ".join((HERE / name).read_text(encoding="utf-8").split("\n")))
    assert [n for n, _ in items(result)] == expected
    assert [t for _, t in items(result)] == [t for _, t in items(run(name))]


def test_flattened_points_named_arende_whose_text_opens_with_its_label() -> None:
    text = (
        "PROTOKOLL Förbundsstyrelsen, Kommunalförbundet Västerå 2018-11-20 "
        "Ärende 1 Val av justerare Beslut: Bo Lind utses att justera protokollet. "
        "Ärende 2 Delårsrapport Beslut: Delårsrapporten godkänns. "
        "Ärende 3 Internkontroll Beslut: Planen fastställs. "
        + "Förbundsstyrelsen sammanträder nästa gång i december. "
        * 3
    )
    result = extract(text)
    assert items(result) == [
        ("Ärende 1", "Val av justerare"),
        ("Ärende 2", "Delårsrapport"),
        ("Ärende 3", "Internkontroll"),
    ]
    assert all(i["decision"] for i in result["items"])
    assert result["adjusters"] == ["Bo Lind"]


def test_a_point_that_is_who_does_what_keeps_its_whole_title() -> None:
    text = (
        "Minnesanteckningar Arbetsgruppen Västerå 2018-11-20 Närvarande: Anna Ek, Bo Lind, Cecilia Ström "
        "1 Mötets öppnande Ordföranden hälsade välkommen. 2 Anna Ek informerar om läget i projektet Hon berättade "
        "om arbetet under våren. 3 Nästa möte Nästa möte hålls den 5 december."
    )
    assert [t for _, t in items(extract(text))][1] == "Anna Ek informerar om läget i projektet"


def test_paragrafer_with_a_range_is_no_paragraph() -> None:
    result = run("flattened_table_of_contents.txt")
    assert result["items"][0]["title"] == "Val av justerare"


ITEMS_TAIL = "\n\n§ 1 Mötets öppnande\nOrdföranden öppnade mötet.\n§ 2 Val av justerare\nBo Lind utses att justera protokollet.\n"


@pytest.mark.parametrize("flattened", [False, True])
@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            "Samordningsförbundet Västerå\nBox 123, 123 45 Åby\nTel 0123-456 78\n\nPROTOKOLL\nFörbundsstyrelsen\n2014-03-03",
            ("protocol", "Förbundsstyrelsen", "Samordningsförbundet Västerå"),
        ),
        (
            "KOMMUNALFÖRBUNDET NORRSJÖN\nStorgatan 1, 987 65 Norrby\nwww.norrsjon.se\n\nMinnesanteckningar\n"
            "Ledningsgruppen\nDatum: 2014-03-03",
            ("notes", "Ledningsgruppen", "Kommunalförbundet Norrsjön"),
        ),
        (
            "PROTOKOLL\nStyrelsen för Samordningsförbundet Västerå\nSammanträde måndag 3 mars 2014 kl. 13.00–16.15",
            ("protocol", "Styrelsen", "Samordningsförbundet Västerå"),
        ),
    ],
)
def test_a_letterhead_with_its_address_and_a_weekday_before_the_date(
    header: str, expected: tuple[str, str, str], flattened: bool
) -> None:
    text = header + ITEMS_TAIL
    result = extract(" ".join(text.split("\n")) if flattened else text)
    assert (result["kind"], result["body"], result["organisation"]) == expected
    assert result["date"] == "2014-03-03"


def test_a_forbundsordning_with_the_number_before_the_sign() -> None:
    result = run("forbundsordning_number_before_sign.txt")
    assert result["kind"] == "agreement"
    assert [t for _, t in items(result)] == ["Namn och säte", "Medlemmar", "Ändamål", "Organisation"]
    flat = extract(" ".join((HERE / "forbundsordning_number_before_sign.txt").read_text(encoding="utf-8").split("\n")))
    assert [n for n, _ in items(flat)] == ["§ 1", "§ 2", "§ 3", "§ 4"]


def test_a_paragraph_of_the_law_is_no_paragraph_of_the_minutes() -> None:
    text = (
        "PROTOKOLL Kommunstyrelsen 2018-11-20 § 1 Val av justerare Bo Lind utses att justera protokollet. "
        "§ 2 Jäv Enligt 6 kap. 28 § Kommunallagen får ledamoten inte delta. § 3 Budget Budgeten fastställs. "
        "Ärendet har beretts enligt 5 § Förvaltningslagen och inget mer finns att tillägga i detta ärende."
    )
    assert [n for n, _ in items(extract(text))] == ["§ 1", "§ 2", "§ 3"]


def test_agreement_sections_named_avsnitt() -> None:
    result = run("agreement_sections_named_avsnitt.txt")
    assert items(result) == [("Avsnitt 1", "Bakgrund"), ("Avsnitt 2", "Syfte"), ("Avsnitt 3", "Uppföljning")]


def test_the_parties_on_the_line_below_an_agreements_title_are_no_body() -> None:
    result = run("agreement_between_parties_on_the_line_below.txt")
    assert (result["kind"], result["body"], result["organisation"]) == ("agreement", None, None)
    assert [t for _, t in items(result)] == ["Parter", "Syfte", "Giltighetstid"]


def test_a_flattened_timetable_with_who_presents_each_point() -> None:
    result = run("programme_flattened_timetable.txt")
    assert [(t, i["presenters"]) for t, i in zip([t for _, t in items(result)], result["items"], strict=True)] == [
        ("Registrering och kaffe", []),
        ("Välkommen", ["Anna Ek"]),
        ("Samverkan i länet", ["Bo Lind"]),
        ("Workshop i grupper", []),
        ("Avslutning och utvärdering av dagen", []),
    ]
    assert (result["date"], result["start_time"], result["place"]) == ("2014-03-03", "09:00", "Folkets hus, Åby")


@pytest.mark.parametrize(
    ("sentence", "adjusters"),
    [
        ("Till justeringsman utsågs Bo Lind.", ["Bo Lind"]),
        ("Till justeringsmän utsågs Bo Lind och Dan Berg.", ["Bo Lind", "Dan Berg"]),
        ("Justeringsmän: Bo Lind och Dan Berg", ["Bo Lind", "Dan Berg"]),
        ("Justerande ledamot: Bo Lind", ["Bo Lind"]),
        ("Protokollet justeras av ledamoten Bo Lind.", ["Bo Lind"]),
        ("Bo Lind ska justera protokollet.", ["Bo Lind"]),
    ],
)
def test_adjusters_in_older_and_plainer_words(sentence: str, adjusters: list[str]) -> None:
    """Older minutes appoint "justeringsmän"; some say who "ska justera" or name the member's seat."""
    for text in (
        ADJUSTER_HEAD + sentence + ADJUSTER_TAIL,
        " ".join((ADJUSTER_HEAD + sentence + ADJUSTER_TAIL).split("\n")),
    ):
        assert extract(text)["adjusters"] == adjusters


@pytest.mark.parametrize("flattened", [False, True])
@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (
            "Ordinarie ledamöter\nAnna Ek (S), ordförande\nBo Lind (M)\nTjänstgörande suppleanter\nGun Ås (S)\n"
            "Ej tjänstgörande suppleanter\nHans Ruth (M)\n",
            {"Anna Ek": "ordförande", "Bo Lind": "ledamot", "Gun Ås": "ersättare", "Hans Ruth": "ersättare"},
        ),
        (
            "Ledamöter\nAnna Ek (S), ordförande\nBo Lind (M)\nPersonal\nGun Ås, förbundschef\nHans Ruth, controller\n",
            {"Anna Ek": "ordförande", "Bo Lind": "ledamot", "Gun Ås": "tjänsteperson", "Hans Ruth": "tjänsteperson"},
        ),
        (
            "Ledamöter\nAnna Ek (S), ordförande\nBo Lind (M)\nRevisorer\nGun Ås\n",
            {"Anna Ek": "ordförande", "Bo Lind": "ledamot", "Gun Ås": "övrig"},
        ),
    ],
)
def test_attendance_headed_in_older_and_other_words(block: str, expected: dict[str, str], flattened: bool) -> None:
    """ "Suppleant" is the older word for a substitute; staff listed under "Personal", auditors under "Revisorer"."""
    text = PEOPLE_HEAD + block + PEOPLE_TAIL
    result = extract(" ".join(text.split("\n")) if flattened else text)
    assert {p["name"]: p["role"] for p in result["attendees"]} == expected
    assert all(p["municipality"] is None for p in result["attendees"])


def test_val_av_suppleanter_keeps_its_word() -> None:
    text = (
        PEOPLE_HEAD
        + "Ledamöter\nAnna Ek (S)\nBo Lind (M)\n"
        + PEOPLE_TAIL
        + "§ 3 Val av suppleanter\nTill suppleant väljs Gun Ås.\n"
    )
    assert items(extract(text))[-1] == ("§ 3", "Val av suppleanter")


def test_an_attendance_table_with_a_row_for_each_member_municipality() -> None:
    text = (
        PEOPLE_HEAD
        + (
            "Närvarande\nKommun\tLedamot\tErsättare\nÅby\tAnna Ek (S)\tDan Berg (S)\nBrunna\tBo Lind (M)\t-\n"
            "Cedertuna\tCecilia Ström (C)\tEva Holm (V)\n"
        )
        + PEOPLE_TAIL
    )
    found = {p["name"]: (p["party"], p["municipality"], p["role"]) for p in extract(text)["attendees"]}
    assert found == {
        "Anna Ek": ("S", "Åby", "ledamot"),
        "Dan Berg": ("S", "Åby", "ersättare"),
        "Bo Lind": ("M", "Brunna", "ledamot"),
        "Cecilia Ström": ("C", "Cedertuna", "ledamot"),
        "Eva Holm": ("V", "Cedertuna", "ersättare"),
    }


@pytest.mark.parametrize("flattened", [False, True])
def test_an_extract_of_paragraphs_not_in_sequence(flattened: bool) -> None:
    """A protocol's extract prints some of its paragraphs (§ 45, § 52, § 61): each is an item."""
    text = (HERE / "extract_of_paragraphs_not_in_sequence.txt").read_text(encoding="utf-8")
    result = extract(" ".join(text.split("\n")) if flattened else text)
    assert items(result) == [
        ("§ 45", "Samverkansavtal om räddningstjänst"),
        ("§ 52", "Taxa för tillsyn"),
        ("§ 61", "Bredbandsstrategi"),
    ]
    assert all(i["decision"] for i in result["items"])


def test_the_paragraphs_a_member_attended_are_no_items() -> None:
    text = (
        "PROTOKOLL\nStyrelsen\n2007-01-11\n\nBeslutande: Anna Ek ordförande\nBo Lind § 1-14 Carl Holm\n"
        "Dan Berg § 12-18 Eva Ström\nÖvriga deltagare: Gun Ås sekreterare\n\n"
        "§ 1 Val av justerare\nBo Lind utses att justera protokollet.\n§ 2 Budget\nBudgeten fastställs.\n"
    )
    for written in (text, " ".join(text.split("\n"))):
        assert [n for n, _ in items(extract(written))] == ["§ 1", "§ 2"]


def test_paragraphs_numbered_with_their_year_or_a_letter() -> None:
    text = (
        "PROTOKOLL\nDirektionen\n2017-04-11\n\n§ 12/2017 Val av justerare\nBo Lind utses att justera protokollet.\n"
        "§ 13/2017 Budget 2018\nDirektionen beslutar att fastställa budgeten.\n"
    )
    assert items(extract(text)) == [("§ 12/2017", "Val av justerare"), ("§ 13/2017", "Budget 2018")]
    text = (
        "PROTOKOLL\nDirektionen\n2017-04-11\n\n§ 12 Val av justerare\nBo Lind utses att justera protokollet.\n"
        "§ 12 a Tilläggsärende om lokaler\nDirektionen beslutar att hyra lokalen.\n§ 13 Verksamhetsplan 2018\n"
        "Direktionen beslutar att anta planen.\n"
    )
    assert items(extract(text)) == [
        ("§ 12", "Val av justerare"),
        ("§ 12 a", "Tilläggsärende om lokaler"),
        ("§ 13", "Verksamhetsplan 2018"),  # a title in the first lines is no letterhead address
    ]


def test_notes_whose_points_are_headings_without_numbers() -> None:
    result = run("notes_headings_without_numbers.txt")
    assert [t for _, t in items(result)] == [
        "Föregående minnesanteckningar", "Ekonomi", "Aktuellt från verksamheterna", "Nästa möte"
    ]  # fmt: skip
    assert [i["presenters"] for i in result["items"]][1:3] == [["Bo Lind"], ["Cecilia Ström"]]


def test_an_agenda_table_with_a_column_of_presenters() -> None:
    result = run("agenda_table_with_presenters.txt")
    assert [(n, t, i["presenters"]) for (n, t), i in zip(items(result), result["items"], strict=True)] == [
        ("1", "Val av justerare", []),
        ("2", "Budget 2020", ["Bo Lind"]),
        ("3", "Verksamhetsplan", ["Gun Ås"]),
    ]


def test_the_diary_number_printed_left_of_the_paragraph_number() -> None:
    text = (
        "PROTOKOLL\nKommunstyrelsen\n2019-05-14\n\nDnr KS 2019/45\t§ 12\nVal av justerare\n"
        "Bo Lind utses att justera protokollet.\n\nDnr KS 2019/46\t§ 13\nBudget 2020\n"
        "Kommunstyrelsen beslutar att fastställa budgeten.\n"
    )
    assert items(extract(text)) == [("§ 12", "Val av justerare"), ("§ 13", "Budget 2020")]


@pytest.mark.parametrize("flattened", [False, True])
def test_roles_printed_before_the_names_without_colons(flattened: bool) -> None:
    text = (
        PEOPLE_HEAD
        + (
            "Närvarande\nOrdförande Anna Ek (S)\nVice ordförande Bo Lind (M)\nLedamot Cecilia Ström (C)\nSekreterare Gun Ås\n"
        )
        + PEOPLE_TAIL
    )
    result = extract(" ".join(text.split("\n")) if flattened else text)
    assert {p["name"]: p["role"] for p in result["attendees"]} == {
        "Anna Ek": "ordförande",
        "Bo Lind": "vice ordförande",
        "Cecilia Ström": "ledamot",
        "Gun Ås": "sekreterare",
    }


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Datum: 14-03-03\nTid: 13.00-15.00", ("2014-03-03", "13:00", "15:00")),
        ("Datum: 3/3-14", ("2014-03-03", None, None)),
        ("Tid: Tisdagen den 4 mars kl. 9.00-12.00", ("2014-03-04", "09:00", "12:00")),  # the year in the title
        ("Datum: 2014-03-03\nTid: 09.00–10.30, 10.45–11.45", ("2014-03-03", "09:00", "11:45")),
        ("Datum: 2014-03-03\nStarttid: 09.00\nSluttid: 11.45", ("2014-03-03", "09:00", "11:45")),
    ],
)
def test_more_forms_of_the_date_and_the_times(header: str, expected: tuple[str, str | None, str | None]) -> None:
    result = extract("PROTOKOLL 2014\nStyrelsen\n" + header + ITEMS_TAIL)
    assert (result["date"], result["start_time"], result["end_time"]) == expected


@pytest.mark.parametrize("body", ["Presidiet", "Förbundsmötet"])
def test_a_presidium_and_a_federations_general_meeting_are_bodies(body: str) -> None:
    result = extract(f"PROTOKOLL\n{body}\nKommunförbundet Västerå\n2014-03-03" + ITEMS_TAIL)
    assert (result["body"], result["organisation"]) == (body, "Kommunförbundet Västerå")


NOTES_HEAD = "Minnesanteckningar\nNätverket för samordnare\nDatum: 2019-05-14\n\n"
NOTES_TAIL = (
    "\n1. Inledning\nAnna Ek hälsade välkommen.\n2. Ekonomi\nBo Lind redovisade läget.\n3. Nästa möte\nDen 5 juni.\n"
)


@pytest.mark.parametrize("flattened", [False, True])
@pytest.mark.parametrize(
    "block",
    [
        "Närvarande: Anna Ek (Åby kommun), Bo Lind (Försäkringskassan), Cecilia Ström (Region Västerå)\n",
        "Närvarande: Anna Ek/Åby kommun, Bo Lind/Försäkringskassan, Cecilia Ström/Region Västerå\n",
    ],
)
def test_participants_with_their_organisation_in_parentheses_or_after_a_slash(block: str, flattened: bool) -> None:
    text = NOTES_HEAD + block + NOTES_TAIL
    result = extract(" ".join(text.split("\n")) if flattened else text)
    assert {p["name"]: p["municipality"] for p in result["attendees"]} == {
        "Anna Ek": "Åby kommun",
        "Bo Lind": "Försäkringskassan",
        "Cecilia Ström": "Region Västerå",
    }


def test_participants_grouped_under_an_agency() -> None:
    text = NOTES_HEAD + "Närvarande:\nÅby kommun: Anna Ek, Dan Berg\nFörsäkringskassan: Bo Lind\n" + NOTES_TAIL
    assert {p["name"]: p["municipality"] for p in extract(text)["attendees"]} == {
        "Anna Ek": "Åby kommun",
        "Dan Berg": "Åby kommun",
        "Bo Lind": "Försäkringskassan",
    }


def test_those_who_sent_word_under_forhinder_are_absent_in_flattened_text() -> None:
    text = NOTES_HEAD + "Närvarande: Anna Ek, Bo Lind, Cecilia Ström\nFörhinder: Dan Berg, Eva Holm\n" + NOTES_TAIL
    found = {p["name"]: p["present"] for p in extract(" ".join(text.split("\n")))["attendees"]}
    assert found == {"Anna Ek": True, "Bo Lind": True, "Cecilia Ström": True, "Dan Berg": False, "Eva Holm": False}


@pytest.mark.parametrize("flattened", [False, True])
def test_a_notice_signed_by_its_chair_under_the_last_point(flattened: bool) -> None:
    text = (HERE / "notice_with_sections_and_signature.txt").read_text(encoding="utf-8")
    result = extract(" ".join(text.split("\n")) if flattened else text)
    assert result["kind"] == "notice"
    assert [t for _, t in items(result)][-2:] == ["Rapport från förbundschefen", "Aktuellt från parterna"]
    assert [i["type"] for i in result["items"]] == ["beslut"] * 4 + ["information"] * 2
    assert result["items"][2]["presenters"] == ["Gun Ås"]
