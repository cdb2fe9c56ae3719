"""The upload form and the form a person corrects a proposal with."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from samverkan.core.widgets import PlainCheckbox, PlainSelect, PlainTextarea, PlainTextInput
from samverkan.importer.services import MAX_FILES, MAX_REQUEST_MB, MAX_UPLOAD_MB, ROLE_LABELS, ROLES
from samverkan.meetings.models import AgendaItem
from samverkan.structure.models import Body


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class UploadForm(forms.Form):
    documents = MultipleFileField(label=_("Documents"), required=True, allow_empty_file=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["documents"].help_text = _(
            "PDF (with a text layer), Word (DOCX), web pages (HTML) or text files; at most %(files)s files "
            "of at most %(mb)s MB each, %(total)s MB together."
        ) % {"files": MAX_FILES, "mb": MAX_UPLOAD_MB, "total": MAX_REQUEST_MB}


def _time(value: Any) -> datetime.time | None:
    try:
        return datetime.time.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


class ReviewForm(forms.Form):
    """The proposal, one field per value a person may correct. Attendees and items are numbered
    rows (`att-3-name`, `item-5-title`)."""

    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.none(), required=False)
    date = forms.DateField(label=_("Date"), required=False)
    start_time = forms.TimeField(label=_("Starts"), required=False)
    end_time = forms.TimeField(label=_("Ends"), required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)

    def __init__(self, *args: Any, proposal: dict[str, Any], bodies: QuerySet[Body], **kwargs: Any) -> None:
        self.proposal = proposal
        initial = {
            "body": proposal.get("body"),
            "date": proposal.get("date"),
            "start_time": _time(proposal.get("start_time")),
            "end_time": _time(proposal.get("end_time")),
            "place": proposal.get("place"),
        }
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]
        # The labels translated once a form, not once per row's option and field (170 fields).
        role_choices = [(r, str(ROLE_LABELS[r])) for r in ROLES]
        kind_choices = [(value, str(label)) for value, label in AgendaItem.Kind.choices]
        new_person, found_person = str(_("new person")), str(_("the person found"))
        label = {
            name: str(text)
            for name, text in {
                "include": _("Include"),
                "name": _("Name"),
                "person": _("Person"),
                "role": _("Role"),
                "party": _("Party"),
                "represents": _("Represents"),
                "present": _("Present"),
                "number": _("Number"),
                "title": _("Title"),
                "type": _("Type"),
                "presenters": _("Presenters"),
                "decision": _("Decision"),
            }.items()
        }
        self.attendee_rows: list[dict[str, Any]] = []
        for i, row in enumerate(proposal.get("attendees", [])):
            prefix = f"att-{i}-"
            match_choices = [("new", new_person)]
            if row.get("person"):
                match_choices.insert(0, ("match", found_person))
            fields = {
                "include": forms.BooleanField(
                    label=label["include"], required=False, initial=row.get("include", True), widget=PlainCheckbox
                ),
                "name": forms.CharField(
                    label=label["name"], max_length=200, initial=row.get("name"), widget=PlainTextInput
                ),
                "match": forms.ChoiceField(
                    label=label["person"],
                    choices=match_choices,
                    initial="new" if row.get("match") == "new" or not row.get("person") else "match",
                    widget=PlainSelect,
                ),
                "role": forms.ChoiceField(
                    label=label["role"], choices=role_choices, initial=row.get("role"), widget=PlainSelect
                ),
                "party": forms.CharField(
                    label=label["party"], max_length=20, required=False, initial=row.get("party"), widget=PlainTextInput
                ),
                "municipality": forms.CharField(
                    label=label["represents"],
                    max_length=200,
                    required=False,
                    initial=row.get("municipality"),
                    widget=PlainTextInput,
                ),
                "present": forms.BooleanField(
                    label=label["present"], required=False, initial=row.get("present"), widget=PlainCheckbox
                ),
            }
            for name, field in fields.items():
                self.fields[prefix + name] = field
            self.attendee_rows.append({"index": i, "prefix": prefix, "row": row})
        self.item_rows: list[dict[str, Any]] = []
        for i, row in enumerate(proposal.get("items", [])):
            prefix = f"item-{i}-"
            fields = {
                "include": forms.BooleanField(
                    label=label["include"], required=False, initial=row.get("include", True), widget=PlainCheckbox
                ),
                "number": forms.CharField(
                    label=label["number"],
                    max_length=20,
                    required=False,
                    initial=row.get("number"),
                    widget=PlainTextInput,
                ),
                "title": forms.CharField(
                    label=label["title"], max_length=300, initial=row.get("title"), widget=PlainTextInput
                ),
                "type": forms.ChoiceField(
                    label=label["type"], choices=kind_choices, initial=row.get("type"), widget=PlainSelect
                ),
                "presenters": forms.CharField(
                    label=label["presenters"],
                    max_length=300,
                    required=False,
                    initial=row.get("presenters"),
                    widget=PlainTextInput,
                ),
                "decision": forms.CharField(
                    label=label["decision"],
                    required=False,
                    initial=row.get("decision"),
                    widget=PlainTextarea(attrs={"rows": 2}),
                ),
            }
            for name, field in fields.items():
                self.fields[prefix + name] = field
            self.item_rows.append({"index": i, "prefix": prefix, "row": row})

    def _rows(self, source: list[dict[str, Any]], names: list[str]) -> list[dict[str, Any]]:
        return [{**r, "fields": {n: self[r["prefix"] + n] for n in names}} for r in source]

    @property
    def attendee_fields(self) -> list[dict[str, Any]]:
        """The attendee rows with their bound fields, for the template."""
        return self._rows(self.attendee_rows, ["include", "name", "match", "role", "party", "municipality", "present"])

    @property
    def item_fields(self) -> list[dict[str, Any]]:
        return self._rows(self.item_rows, ["include", "number", "title", "type", "presenters", "decision"])

    def corrected(self) -> dict[str, Any]:
        """The proposal with the person's corrections."""
        data = self.cleaned_data
        proposal = dict(self.proposal)
        body = data.get("body")
        proposal.update(
            {
                "body": body.pk if body else None,
                "date": data["date"].isoformat() if data.get("date") else None,
                "start_time": data["start_time"].strftime("%H:%M") if data.get("start_time") else None,
                "end_time": data["end_time"].strftime("%H:%M") if data.get("end_time") else None,
                "place": data.get("place") or "",
            }
        )
        attendees = []
        for r in self.attendee_rows:
            p, row = r["prefix"], dict(r["row"])
            name = data[p + "name"].strip()
            found = row.get("match") if row.get("match") in ("member", "person") else "person"
            match = "new" if data[p + "match"] == "new" or not row.get("person") else found
            row.update(
                {
                    "include": data[p + "include"],
                    "name": name,
                    "match": match,
                    "role": data[p + "role"],
                    "party": data[p + "party"].strip().upper(),
                    "municipality": data[p + "municipality"].strip(),
                    "present": data[p + "present"],
                }
            )
            attendees.append(row)
        items = []
        for r in self.item_rows:
            p, row = r["prefix"], dict(r["row"])
            row.update(
                {
                    "include": data[p + "include"],
                    "number": data[p + "number"].strip(),
                    "title": data[p + "title"].strip(),
                    "type": data[p + "type"],
                    "presenters": data[p + "presenters"].strip(),
                    # Browsers send a textarea's lines with \r\n: stored as the extractor writes
                    # them, or a later corrected import would see every multi-line decision changed.
                    "decision": data[p + "decision"].replace("\r\n", "\n").strip(),
                }
            )
            items.append(row)
        proposal["attendees"] = attendees
        proposal["items"] = items
        return proposal
