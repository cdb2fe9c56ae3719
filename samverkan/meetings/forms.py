from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.urls import reverse_lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from samverkan.core.choosing import Lookup, SearchChoiceField
from samverkan.core.editing import VersionedModelForm
from samverkan.core.widgets import PlainSelect, PlainTextInput
from samverkan.meetings.models import (
    STANDARD_PROCEDURAL_ITEMS,
    AgendaItem,
    Attendance,
    Matter,
    Meeting,
    MeetingSettings,
)
from samverkan.meetings.selectors import MATTERS
from samverkan.structure.forms import DateInput
from samverkan.structure.models import Person
from samverkan.structure.selectors import PEOPLE


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MeetingForm(VersionedModelForm):
    online_url = forms.URLField(label=capfirst(_("link to the online meeting")), required=False, assume_scheme="https")

    class Meta:
        model = Meeting
        fields = ["start", "end", "time_decided", "status", "location_name", "address", "room", "online_url", "note"]
        widgets = {"start": DateTimeInput(), "end": DateTimeInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("location_name") and not data.get("online_url"):
            raise forms.ValidationError(_("Give a place, or a link for an online meeting."))
        return data


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class YearPlanForm(forms.Form):
    """Several meetings at once: the dates, and the time and place copied to each."""

    dates = forms.CharField(
        label=_("Dates"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One date per line (or separated by commas), as 2027-02-14."),
    )
    start_time = forms.TimeField(
        label=_("Starts at"),
        required=False,
        widget=TimeInput(),
        help_text=_("Empty while the time is not decided: the calendars then show the whole day."),
    )
    end_time = forms.TimeField(label=_("Ends at"), required=False, widget=TimeInput())
    location_name = forms.CharField(label=capfirst(_("place")), required=False, max_length=200)
    address = forms.CharField(label=capfirst(_("address")), required=False, max_length=200)
    room = forms.CharField(label=capfirst(_("room")), required=False, max_length=100)
    online_url = forms.URLField(label=capfirst(_("link to the online meeting")), required=False, assume_scheme="https")

    def clean_dates(self) -> list[datetime.date]:
        parts = [p.strip() for line in self.cleaned_data["dates"].splitlines() for p in line.split(",")]
        found: list[datetime.date] = []
        unreadable = []
        for part in (p for p in parts if p):
            try:
                found.append(datetime.date.fromisoformat(part))
            except ValueError:
                unreadable.append(part)
        if unreadable:
            raise forms.ValidationError(
                _("Not a date as 2027-02-14: %(values)s. Nothing was saved.") % {"values": ", ".join(unreadable)}
            )
        if not found:
            raise forms.ValidationError(_("Give at least one date."))
        if len(found) > MAX_PLANNED_AT_ONCE:
            raise forms.ValidationError(
                _("At most %(n)s meetings at once; plan the rest in a second round.") % {"n": MAX_PLANNED_AT_ONCE}
            )
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("location_name") and not data.get("online_url") and not self.errors.get("online_url"):
            raise forms.ValidationError(_("Give a place, or a link for an online meeting."))
        if data.get("end_time") and not data.get("start_time"):
            self.add_error("end_time", _("Give the start time as well, or neither."))
        elif data.get("end_time") and data["end_time"] <= data["start_time"]:
            self.add_error("end_time", _("The meeting must end after it starts."))
        return data


MAX_PLANNED_AT_ONCE = 60
PROCEDURAL_ORDER = [entry["kind"] for entry in STANDARD_PROCEDURAL_ITEMS]
SPARE_ROWS = 2


class MeetingSettingsForm(forms.ModelForm):
    """The minutes settings, and the procedural items a new meeting starts with: a row per item
    in their order, each a type (by its name, never its internal key) and a title. All rows empty:
    the standard items."""

    class Meta:
        model = MeetingSettings
        fields = ["numbering", "requires_adjustment", "adjustment_days", "posts_adjustment_notice"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(AgendaItem.Kind.choices)
        kinds = [("", _("(no item)"))] + [(kind, labels[kind]) for kind in PROCEDURAL_ORDER]
        current = list(self.instance.template_items())
        self.procedural_rows = []
        for i in range(len(current) + SPARE_ROWS):
            entry = current[i] if i < len(current) else {"kind": "", "title": ""}
            self.fields[f"item_{i}_kind"] = forms.ChoiceField(
                label=_("Type of item %(n)s") % {"n": i + 1}, choices=kinds, required=False, initial=entry["kind"]
            )
            self.fields[f"item_{i}_title"] = forms.CharField(
                label=_("Title of item %(n)s") % {"n": i + 1}, required=False, max_length=300, initial=entry["title"]
            )
            self.procedural_rows.append((i + 1, self[f"item_{i}_kind"], self[f"item_{i}_title"]))
        self.row_count = len(current) + SPARE_ROWS

    def settings_fields(self) -> list[Any]:
        return [self[name] for name in self.Meta.fields]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        items = []
        for i in range(self.row_count):
            kind, title = data.get(f"item_{i}_kind") or "", (data.get(f"item_{i}_title") or "").strip()
            if kind and not title:
                self.add_error(f"item_{i}_title", _("Give the item a title, or choose “(no item)”."))
            elif title and not kind:
                self.add_error(f"item_{i}_kind", _("Choose the type of the item."))
            elif kind:
                items.append({"kind": kind, "title": title})
        data["procedural_template"] = items
        return data

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in [*self.Meta.fields, "procedural_template"]}


class ItemForm(VersionedModelForm):
    # A search field, not a <select> of every matter (thousands nationally): core.choosing.
    matter = SearchChoiceField(
        label=_("Matter"),
        required=False,
        lookup=MATTERS,
        suggest_url=reverse_lazy("meetings:matter_suggestions"),
        help_text=_("Its reference number, or a part of it or of its title."),
        error_messages={"none": _("No matter has “%(text)s” in its reference number or title.")},
    )
    clauses_text = forms.CharField(
        label=_("Decision clauses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_('One clause per line, each beginning "att ...".'),
    )

    class Meta:
        model = AgendaItem
        fields = ["title", "kind", "presenters", "proposal", "matter", "confidential", "notes", "decision"]
        widgets = {
            "proposal": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 6}),
            "decision": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, matters: Lookup = MATTERS, **kwargs: Any) -> None:
        """`matters`: the matters the user may find by text (selectors.matters_for)."""
        super().__init__(*args, **kwargs)
        cast(SearchChoiceField, self.fields["matter"]).lookup = matters
        if not self.is_bound and self.instance.matter_id:
            matter = self.instance.matter
            self.initial["matter"] = MATTERS.option(matter.reference, matter.title).label if matter else ""
        if self.instance.pk:
            self.fields["clauses_text"].initial = "\n".join(self.instance.clauses)

    def clean_matter(self) -> Matter | None:
        reference = self.cleaned_data.get("matter") or ""
        return Matter.objects.filter(reference=reference).first() if reference else None

    def clean_clauses_text(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data.get("clauses_text", "").splitlines()]
        return [line for line in lines if line]


class NewItemForm(ItemForm):
    new_matter_reference = forms.CharField(label=_("or a new matter: reference number"), required=False, max_length=60)
    new_matter_title = forms.CharField(label=_("the new matter's title"), required=False, max_length=300)
    # "or a new matter" right under the matter it is the alternative to.
    field_order = [
        "title",
        "kind",
        "presenters",
        "proposal",
        "matter",
        "new_matter_reference",
        "new_matter_title",
        "confidential",
        "clauses_text",
    ]

    class Meta(ItemForm.Meta):
        fields = ["title", "kind", "presenters", "proposal", "matter", "confidential"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        reference = (data.get("new_matter_reference") or "").strip()
        if reference and data.get("matter"):
            raise forms.ValidationError(_("Choose a matter or give a new one, not both."))
        if reference and Matter.objects.filter(reference=reference).exists():
            self.add_error("new_matter_reference", _("A matter with this reference number exists: choose it."))
        return data


class MatterForm(forms.ModelForm):
    class Meta:
        model = Matter
        fields = ["reference", "title"]


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File (PDF or Word)"))
    title = forms.CharField(label=_("Title"), required=False, max_length=300)


class AbsenceOnBehalfForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Member"), queryset=Person.objects.none())
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(ModelChoiceField, self.fields["person"]).queryset = people if people is not None else Person.objects.none()


class AttendanceForm(forms.ModelForm):
    # A search field, not a <select> of the whole register (30,000 people nationally).
    replaced_by = SearchChoiceField(
        label=_("Replaced by"),
        required=False,
        lookup=PEOPLE,
        suggest_url=reverse_lazy("structure:person_suggestions"),
        help_text=_("Who stood in: a part of the name."),
        error_messages={"none": _("No one named “%(text)s” is in the register.")},
    )

    class Meta:
        model = Attendance
        fields = ["capacity", "status", "replaced_by", "party", "represents", "description", "items", "chair_items"]
        widgets = {"items": forms.CheckboxSelectMultiple, "chair_items": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        items = AgendaItem.objects.filter(meeting=meeting).order_by("position")
        cast(ModelMultipleChoiceField, self.fields["items"]).queryset = items
        cast(ModelMultipleChoiceField, self.fields["chair_items"]).queryset = items
        if not self.is_bound and self.instance.replaced_by_id:
            replaced = PEOPLE.get(self.instance.replaced_by.key) if self.instance.replaced_by else None
            self.initial["replaced_by"] = replaced.label if replaced else ""
        self.fields["items"].help_text = _("Leave empty if present for the whole meeting.")

    def clean_replaced_by(self) -> Person | None:
        key = self.cleaned_data.get("replaced_by") or ""
        return Person.objects.filter(key=key).first() if key else None

    def validate_unique(self) -> None:
        pass


def _offer(field: forms.ModelChoiceField, people: list[tuple[int, str]]) -> forms.ModelChoiceField:
    """The field accepts any person (one query by key when saved) but offers only `people`
    (meetings.selectors.people_to_add), not the whole register."""
    field.widget.choices = [("", "---------"), *people]
    return field


class AddAttendeeForm(forms.Form):
    """Someone not in the roll call: a guest, a stand-in or an official. The list offers the
    body's people (selectors.people_to_add); `find` searches the register for others."""

    person = forms.ModelChoiceField(
        label=_("Person"), queryset=Person.objects.all(), required=False, widget=PlainSelect
    )
    new_person_name = forms.CharField(label=_("or a new person's name"), required=False, max_length=200)
    capacity = forms.ChoiceField(label=_("As"), choices=Attendance.Capacity.choices, initial=Attendance.Capacity.GUEST)
    description = forms.CharField(label=_("Title"), required=False, max_length=200)
    find = forms.CharField(
        label=_("Not in the list? Find a person by name"),
        required=False,
        max_length=200,
        help_text=_(
            "The list has the body's members and substitutes, and its officials and guests of the last two years."
        ),
    )

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(cast(ModelChoiceField, self.fields["person"]), people)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("person")) == bool(data.get("new_person_name")):
            raise forms.ValidationError(_("Choose a person or give a new person's name."))
        return data


ADDED_ROWS = 3


class RollCallForm(forms.Form):
    """The roll call on one screen: per row (services.RollCallRow) the capacity, status, who
    replaced the person and their title; below, up to three officials or guests to add. The
    hidden `version` is the roll call as read (services.roll_call_version). Those to add are
    chosen among the body's people (selectors.people_to_add), `find` searches the register for
    others."""

    version = forms.CharField(widget=forms.HiddenInput)
    find = forms.CharField(label=_("Not in the list? Find a person by name"), required=False, max_length=200)

    def __init__(
        self, *args: Any, rows: list[Any], people: list[Person], to_add: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.people = {p.pk: p for p in people}
        replacing = [("", "–"), *((str(p.pk), p.name) for p in people)]
        # Translated once a form, not once per row's select; the text inputs in one pass too
        # (core.widgets): a row's worth of widgets on every row.
        capacities = [(value, str(label)) for value, label in Attendance.Capacity.choices]
        statuses = [(value, str(label)) for value, label in Attendance.Status.choices]
        for row in rows:
            pid, name = row.person.pk, row.person.name
            self.fields[f"capacity-{pid}"] = forms.ChoiceField(
                label=_("As: %(name)s") % {"name": name},
                choices=capacities,
                initial=row.capacity,
                widget=PlainSelect,
            )
            self.fields[f"status-{pid}"] = forms.ChoiceField(
                label=_("Status: %(name)s") % {"name": name},
                choices=statuses,
                initial=row.status,
                widget=PlainSelect,
            )
            self.fields[f"replaced_by-{pid}"] = forms.TypedChoiceField(
                label=_("Replaced by: %(name)s") % {"name": name},
                choices=[c for c in replacing if c[0] != str(pid)],
                coerce=int,
                empty_value=None,
                required=False,
                initial=row.replaced_by_id or "",
                widget=PlainSelect,
            )
            self.fields[f"description-{pid}"] = forms.CharField(
                label=_("Title: %(name)s") % {"name": name},
                required=False,
                max_length=200,
                initial=row.description,
                widget=PlainTextInput,
            )
        for i in range(ADDED_ROWS):
            self.fields[f"new-{i}-person"] = _offer(
                forms.ModelChoiceField(
                    label=_("Person"), queryset=Person.objects.all(), required=False, widget=PlainSelect
                ),
                to_add,
            )
            self.fields[f"new-{i}-name"] = forms.CharField(
                label=_("or a new person's name"), required=False, max_length=200, widget=PlainTextInput
            )
            self.fields[f"new-{i}-capacity"] = forms.ChoiceField(
                label=_("As"),
                choices=Attendance.Capacity.choices,
                initial=Attendance.Capacity.OFFICIAL,
                widget=PlainSelect,
            )
            self.fields[f"new-{i}-description"] = forms.CharField(
                label=_("Title"), required=False, max_length=200, widget=PlainTextInput
            )

    def row_fields(self) -> list[tuple[Any, list[Any]]]:
        return [
            (row, [self[f"{f}-{row.person.pk}"] for f in ("capacity", "status", "replaced_by", "description")])
            for row in self.rows
        ]

    def added_fields(self) -> list[list[Any]]:
        return [
            [self[f"new-{i}-{f}"] for f in ("person", "name", "capacity", "description")] for i in range(ADDED_ROWS)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in range(ADDED_ROWS):
            if data.get(f"new-{i}-person") and (data.get(f"new-{i}-name") or "").strip():
                self.add_error(f"new-{i}-name", _("Choose a person or give a new person's name."))
        return data

    def saved_rows(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        return [
            {
                "person": row.person,
                "capacity": data[f"capacity-{row.person.pk}"],
                "status": data[f"status-{row.person.pk}"],
                "replaced_by": self.people.get(data[f"replaced_by-{row.person.pk}"] or 0),
                "party": row.party,
                "represents": row.represents,
                "description": data[f"description-{row.person.pk}"],
            }
            for row in self.rows
        ]

    def added(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        found = []
        for i in range(ADDED_ROWS):
            person, name = data.get(f"new-{i}-person"), (data.get(f"new-{i}-name") or "").strip()
            if person or name:
                found.append(
                    {
                        "person": person,
                        "new_person_name": name,
                        "capacity": data[f"new-{i}-capacity"],
                        "description": data.get(f"new-{i}-description", ""),
                    }
                )
        return found


class DrawUpForm(forms.Form):
    adjusters = forms.ModelMultipleChoiceField(
        label=_("Adjusters"), queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )
    first_paragraph = forms.IntegerField(
        label=_("First paragraph number"),
        min_value=1,
        help_text=_("Computed from the body's earlier meetings this year; change it only for older minutes."),
    )
    secretary = forms.ModelChoiceField(label=_("Keeper of the minutes"), queryset=Person.objects.none(), required=False)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(ModelMultipleChoiceField, self.fields["adjusters"]).queryset = people
        cast(ModelChoiceField, self.fields["secretary"]).queryset = people


class CorrectionForm(forms.Form):
    paragraph = forms.IntegerField(label=_("Paragraph"), required=False, min_value=1)
    text = forms.CharField(label=_("Correction"), widget=forms.Textarea(attrs={"rows": 3}))


__all__ = ["DateInput"]
