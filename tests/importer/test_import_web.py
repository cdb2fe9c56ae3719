"""The upload screen: upload, the batch's progress, review, correct, apply."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.core.models import AuditEvent
from samverkan.importer.models import ImportBatch, ImportedDocument
from samverkan.meetings.models import Meeting
from samverkan.structure.models import Body
from tests.support import Personas

pytestmark = pytest.mark.django_db


def upload(client: Any, *paths: Path) -> Any:
    files = [SimpleUploadedFile(p.name, p.read_bytes(), content_type="text/plain") for p in paths]
    return client.post(reverse("importer:upload"), {"documents": files})


@pytest.fixture
def sro_secretary(structure: None, personas: Personas, login: Callable[[str], Any]) -> Any:
    """The secretary persona, made secretary of SRO and of VästKom's board too."""
    for key in ("sro", "vastkom-styrelse", "gr-styrgrupp-social-valfard", "vb-styrgrupp-regionkommun"):
        Body.objects.get(key=key).secretaries.add(personas.secretary)
    return login("secretary")


def form_data(page: Any) -> dict[str, Any]:
    """The values of the review form as the browser would send them."""
    form = page.context["form"]
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(value, bool) or field.__class__.__name__ == "BooleanField":
            if value:
                data[name] = "on"
            continue
        if value is None:
            continue
        data[name] = value.isoformat() if hasattr(value, "isoformat") else value
        if hasattr(value, "strftime") and not hasattr(value, "year"):
            data[name] = value.strftime("%H:%M")
    return data


def test_upload_review_correct_and_apply(sro_secretary: Any, seeds: list[Path]) -> None:
    response = upload(sro_secretary, seeds[1])
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
    page = sro_secretary.get(batch.get_absolute_url())
    html = page.content.decode()
    assert "1 av 1" in html or "1 of 1" in html
    assert "<progress" in html and 'http-equiv="refresh"' not in html  # done: no more refreshing
    doc = ImportedDocument.objects.get()
    assert doc.status == "proposed" and doc.text and doc.batch == batch
    assert Meeting.objects.count() == 0  # nothing before a person applies
    review = sro_secretary.get(doc.get_absolute_url())
    assert review.status_code == 200
    data = form_data(review)
    assert data["body"] == Body.objects.get(key="sro").pk
    data["place"] = "Rättad plats"
    data["save"] = "1"
    saved = sro_secretary.post(doc.get_absolute_url(), data)
    assert saved.status_code == 302
    doc.refresh_from_db()
    assert doc.proposal["place"] == "Rättad plats"
    data.pop("save")
    data["apply"] = "1"
    applied = sro_secretary.post(doc.get_absolute_url(), data)
    assert applied.status_code == 302
    doc.refresh_from_db()
    assert doc.status == "applied"
    meeting = Meeting.objects.get(body__key="sro")
    assert meeting.location_name == "Rättad plats"
    assert meeting.items.count() > 0 and meeting.attendances.count() > 0
    assert AuditEvent.objects.filter(actor__username="secretary", target_type__model="meeting").exists()
    # Applying again changes nothing: the page no longer offers the form.
    again = sro_secretary.get(doc.get_absolute_url())
    assert again.context["form"] is None


def test_the_same_file_again_is_reported_unchanged(sro_secretary: Any, seeds: list[Path]) -> None:
    upload(sro_secretary, seeds[1])
    response = upload(sro_secretary, seeds[1])
    assert ImportedDocument.objects.count() == 1
    batch = ImportBatch.objects.order_by("-pk").first()
    assert batch is not None and response["Location"] == batch.get_absolute_url()
    assert batch.entries[0]["outcome"] == "unchanged"
    page = sro_secretary.get(batch.get_absolute_url()).content.decode()
    assert "oförändrad" in page or "unchanged" in page


def test_a_batch_still_processing_refreshes_itself(sro_secretary: Any, seeds: list[Path]) -> None:
    upload(sro_secretary, seeds[1], seeds[3])
    batch = ImportBatch.objects.get()
    ImportedDocument.objects.filter(original_name=seeds[3].name).update(status="pending")
    html = sro_secretary.get(batch.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' in html
    assert 'max="2" value="1"' in html


def test_the_batch_page_takes_the_same_number_of_queries_for_one_or_five_files(
    sro_secretary: Any, seeds: list[Path]
) -> None:
    upload(sro_secretary, seeds[0])
    upload(sro_secretary, *seeds[1:])
    small, large = ImportBatch.objects.order_by("pk")
    counts = []
    for batch in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert sro_secretary.get(batch.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_another_bodys_secretary_may_not_review(
    sro_secretary: Any, seeds: list[Path], login: Callable[[str], Any]
) -> None:
    upload(sro_secretary, seeds[1])
    doc = ImportedDocument.objects.get()
    assert login("other_secretary").get(doc.get_absolute_url()).status_code == 403
    assert login("other_secretary").get(doc.batch.get_absolute_url()).status_code == 403
    assert login("member").get(reverse("importer:upload")).status_code == 403
    assert login("administrator").get(doc.get_absolute_url()).status_code == 200


def test_a_body_the_reviewer_is_not_secretary_of_is_refused(
    structure: None, personas: Personas, login: Callable[[str], Any], seeds: list[Path]
) -> None:
    client = login("secretary")  # secretary of the test body only
    upload(client, seeds[1])
    doc = ImportedDocument.objects.get()
    data = form_data(client.get(doc.get_absolute_url()))
    data["apply"] = "1"
    page = client.post(doc.get_absolute_url(), data)
    assert page.status_code == 200
    assert Meeting.objects.count() == 0


def test_an_agreement_is_registered_from_its_page_with_what_it_says(
    sro_secretary: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from samverkan.importer import extract as extraction

    monkeypatch.setattr(extraction, "extract", lambda text: {"kind": "agreement"})
    path = tmp_path / "avtal.txt"
    path.write_text("Avtal om samverkan\n\n1. Parter\n")
    upload(sro_secretary, path)
    doc = ImportedDocument.objects.get()
    page = sro_secretary.get(doc.get_absolute_url())
    assert page.context["form"] is None  # nothing to apply as a meeting
    link = page.context["register_agreement"]
    assert link.startswith(reverse("agreements:create") + "?") and link in page.content.decode().replace("&amp;", "&")
    form = sro_secretary.get(link).context["form"]
    assert form.initial["title"] == "Avtal om samverkan"
    assert form.initial["summary"] == "1. Parter"


def test_the_account_page_links_to_the_importer(sro_secretary: Any) -> None:
    page = sro_secretary.get(reverse("structure:my_account")).content.decode()
    assert reverse("importer:upload") in page


def test_a_decision_typed_in_the_browser_is_stored_with_plain_line_ends(sro_secretary: Any, seeds: list[Path]) -> None:
    """Browsers send a textarea's lines as \\r\\n; the proposal keeps \\n, as the extractor
    writes, so a corrected version imported later does not see the decision as changed."""
    upload(sro_secretary, seeds[1])
    doc = ImportedDocument.objects.get()
    data = form_data(sro_secretary.get(doc.get_absolute_url()))
    field = next(name for name in data if name.endswith("decision"))
    data[field] = "SRO noterar informationen.\r\nSRO ställer sig bakom förslaget."
    data["save"] = "1"
    assert sro_secretary.post(doc.get_absolute_url(), data).status_code == 302
    doc.refresh_from_db()
    decisions = [item["decision"] for item in doc.proposal["items"]]
    assert "SRO noterar informationen.\nSRO ställer sig bakom förslaget." in decisions
    assert not any("\r" in d for d in decisions)


def test_a_document_that_is_no_meeting_paper_is_stored_not_waiting_for_review(
    sro_secretary: Any, seeds: list[Path]
) -> None:
    """The fourth seed is a report, not a meeting's paper: its page says it is stored with
    nothing to apply (not "to be reviewed"), gives the reason once, asks for no meeting date,
    and gives the reason in the reader's language whoever imported it."""
    upload(sro_secretary, seeds[3])
    doc = ImportedDocument.objects.get()
    html = sro_secretary.get(doc.get_absolute_url()).content.decode()
    reason = "Dokumentet är varken en kallelse, minnesanteckningar eller ett protokoll"
    assert "<dd>sparat med sin text; inget att genomföra</dd>" in html
    assert "förslag som ska granskas" not in html
    assert html.count(reason) == 1
    assert "Ange ett datum" not in html and "Det här ändras om du genomför förslaget" not in html
    batch = sro_secretary.get(doc.batch.get_absolute_url()).content.decode()
    assert "sparat med sin text; inget att genomföra" in batch

    sro_secretary.cookies["django_language"] = "en"
    english = sro_secretary.get(doc.get_absolute_url()).content.decode()
    assert "<dd>stored with its text; nothing to apply</dd>" in english
    assert "This document is not the notice, notes or minutes of a meeting" in english
    assert reason not in english


def test_the_review_takes_the_same_number_of_queries_for_twice_the_rows(sro_secretary: Any, seeds: list[Path]) -> None:
    """Issue 19: the review of a document compared with a meeting already stored (every
    attendee and item a row of fields) does not grow with the rows, and stays within 10 queries
    beyond the policy's own read of the document."""
    upload(sro_secretary, seeds[1])
    doc = ImportedDocument.objects.get()
    review = sro_secretary.get(doc.get_absolute_url())
    assert sro_secretary.post(doc.get_absolute_url(), {**form_data(review), "apply": "1"}).status_code == 302
    doc.refresh_from_db()
    proposal = dict(doc.proposal)
    ImportedDocument.objects.filter(pk=doc.pk).update(status=ImportedDocument.Status.PROPOSED)

    def rows(page: Any) -> int:
        return len(page.context["form"].attendee_rows) + len(page.context["form"].item_rows)

    sro_secretary.get(doc.get_absolute_url())
    with CaptureQueriesContext(connection) as small:
        first = sro_secretary.get(doc.get_absolute_url())
    proposal["attendees"] = proposal["attendees"] + [
        {**a, "name": f"{a['name']} II", "person": None} for a in proposal["attendees"]
    ]
    proposal["items"] = proposal["items"] + [
        {**i, "title": f"{i['title']} (fortsättning)", "number": ""} for i in proposal["items"]
    ]
    ImportedDocument.objects.filter(pk=doc.pk).update(proposal=proposal)
    with CaptureQueriesContext(connection) as big:
        second = sro_secretary.get(doc.get_absolute_url())
    assert rows(second) == 2 * rows(first) > 0
    assert "(fortsättning)" in second.content.decode()
    assert len(big.captured_queries) == len(small.captured_queries), "\n".join(q["sql"] for q in big.captured_queries)
    assert len(big.captured_queries) <= 11, "\n".join(q["sql"] for q in big.captured_queries)
