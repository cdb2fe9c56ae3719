"""What meine-stadt-transparent imported, as JSON on stdout: per OParl type the objects it holds
(by their OParl id, the deleted ones apart), the references between them as it stored them, and
what it made of each file it downloaded.

Run in meine-stadt-transparent's own environment (the acceptance venv), with its settings:
`python mst_report.py`. Nothing of Samverkan is imported here."""

from __future__ import annotations

import json
from typing import Any

import django

django.setup()

from mainapp import models as m  # noqa: E402 - after django.setup()

# OParl property -> the field meine-stadt-transparent stores it in, per type.
REFERENCES: dict[str, dict[str, str]] = {
    "Body": {},
    "LegislativeTerm": {},
    "Location": {},
    "Organization": {},
    "Person": {},
    "Membership": {"person": "person", "organization": "organization"},
    "Meeting": {
        "organization": "organizations",
        "location": "location",
        "participant": "persons",
        "resultsProtocol": "results_protocol",
        "auxiliaryFile": "auxiliary_files",
    },
    "AgendaItem": {"meeting": "meeting", "consultation": "consultation", "auxiliaryFile": "auxiliary_file"},
    "Paper": {"mainFile": "main_file"},
    # Its importer stores no organization for a Consultation (it ignores the property), so the
    # principal a consultation asks is not compared.
    "Consultation": {"paper": "paper", "meeting": "meeting"},
    "File": {},
}


def _ids(value: Any) -> list[str]:
    if value is None:
        return []
    if hasattr(value, "all"):
        return sorted(o.oparl_id for o in value.all() if o.oparl_id)
    return [value.oparl_id] if value.oparl_id else []


def report() -> dict[str, Any]:
    out: dict[str, Any] = {"objects": {}, "deleted": {}, "names": [], "files": {}, "meetings": {}}
    for type_name, fields in REFERENCES.items():
        model = getattr(m, type_name)
        objects: dict[str, dict[str, list[str]]] = {}
        for obj in model.objects.exclude(oparl_id=None):
            objects[obj.oparl_id] = {prop: _ids(getattr(obj, field)) for prop, field in fields.items()}
            name = getattr(obj, "name", None) or getattr(obj, "description", None)
            if name:
                out["names"].append(str(name))
        out["objects"][type_name] = objects
        out["deleted"][type_name] = sorted(
            model.objects_with_deleted.filter(deleted=True).exclude(oparl_id=None).values_list("oparl_id", flat=True)
        )
    for file in m.File.objects.exclude(oparl_id=None):
        out["files"][file.oparl_id] = {
            "mime_type": file.mime_type,
            "filesize": file.filesize,
            "page_count": file.page_count,
            "text": (file.parsed_text or "")[:2000],
        }
    for meeting in m.Meeting.objects.exclude(oparl_id=None):
        out["meetings"][meeting.oparl_id] = {"start": meeting.start.isoformat(), "cancelled": meeting.cancelled}
    return out


if __name__ == "__main__":
    print(json.dumps(report()))
