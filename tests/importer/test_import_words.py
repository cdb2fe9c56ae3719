"""Swedish first, really (issue 12, point 7): the import page names the kind of document and the
attendees' roles in words of the chosen language, never by their internal keys ("protocol",
"other"), and in English no Swedish key ("övrig") is left; the plan names fields by their labels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from samverkan.importer.models import ImportedDocument
from samverkan.importer.services import Row
from tests.importer.test_import_web import sro_secretary, upload  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


def test_the_kind_and_the_roles_in_swedish_and_in_english(sro_secretary: Any, seeds: list[Path]) -> None:  # noqa: F811
    upload(sro_secretary, seeds[1])
    doc = ImportedDocument.objects.get()
    assert doc.kind == "notes"
    swedish = sro_secretary.get(doc.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "<dd>minnesanteckningar</dd>" in swedish
    assert '<option value="övrig">övrig (gäst)</option>' in swedish
    sro_secretary.cookies.load({"django_language": "en"})
    english = sro_secretary.get(doc.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<dd>notes (minnesanteckningar)</dd>" in english
    assert '<option value="övrig">other (guest)</option>' in english
    assert '<option value="ordförande">chair</option>' in english
    ImportedDocument.objects.filter(pk=doc.pk).update(kind="other")
    again = sro_secretary.get(doc.get_absolute_url()).content.decode()
    assert "<dd>other document</dd>" in again and ">other<" not in again


def test_the_plan_names_fields_and_values_by_their_labels() -> None:
    from django.utils import translation

    with translation.override("sv"):
        row = Row("item", "§ 3 Budget", "update", "kind", "information", "decision")
        assert (row.field_label, row.old_shown, row.new_shown) == ("typ", "information", "beslut")
        place = Row("meeting", "SRO", "update", "location_name", "A", "B")
        assert place.field_label == "plats"


def test_an_imported_role_word_reads_in_the_pages_language() -> None:
    """An imported attendee's title is the document's role word ("övrig"): the attendance table
    of the minutes and of the adjustment page shows it in the page's language; a real title stays."""
    from django.template.loader import render_to_string
    from django.utils import translation

    rows = [
        {"person": "Erik Lindqvist", "description": "övrig", "status": "present", "party": "", "represents": ""},
        {"person": "Eva Ek", "description": "Förvaltningschef", "status": "present", "party": "", "represents": ""},
    ]
    with translation.override("en"):
        english = render_to_string("meetings/_attendance_table.html", {"attendance": rows})
    with translation.override("sv"):
        swedish = render_to_string("meetings/_attendance_table.html", {"attendance": rows})
    assert '<span class="muted">other (guest)</span>' in english and "övrig" not in english
    assert '<span class="muted">övrig (gäst)</span>' in swedish
    assert '<span class="muted">Förvaltningschef</span>' in english
