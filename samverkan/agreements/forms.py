from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samverkan.agreements.models import Agreement
from samverkan.meetings.models import AgendaItem
from samverkan.structure.forms import DateInput
from samverkan.structure.models import Body, Principal


class AgreementFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("Status"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args: Any, states: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["state"]).choices = [("", _("all")), *states.items()]
        cast(forms.ChoiceField, self.fields["kind"]).choices = [("", _("all")), *Agreement.Kind.choices]


def body_items(body: Body | None) -> QuerySet[AgendaItem]:
    """The items of the body's meetings that can decide something, newest first."""
    if body is None:
        return AgendaItem.objects.none()
    return (
        AgendaItem.objects.filter(meeting__body=body, kind__in=[AgendaItem.Kind.DECISION, AgendaItem.Kind.POSITION])
        .select_related("meeting")
        .order_by("-meeting__start", "position")
    )


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.meeting.start:%Y-%m-%d} {obj.label} {obj.title}"


class EventFields(forms.Form):
    """When and under which decision a change was made, and a note for the register."""

    on = forms.DateField(label=_("Decided on"), required=False, widget=DateInput)
    agenda_item = ItemChoiceField(label=_("Decided under"), queryset=AgendaItem.objects.none(), required=False)
    note = forms.CharField(label=_("Note for the register"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, body: Body | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = body_items(body)  # type: ignore[attr-defined]


class AgreementForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    parties = forms.ModelMultipleChoiceField(
        label=_("Parties"),
        queryset=Principal.objects.order_by("kind", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    on = forms.DateField(
        label=_("Date of the change"),
        required=False,
        widget=DateInput,
        help_text=_("The date the register gives a change of name, validity or status; today if empty."),
    )
    note = forms.CharField(
        label=_("Note for the register"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example “Extended until a new agreement exists, at the latest through 2024.”"),
    )

    class Meta:
        model = Agreement
        fields = [
            "key",
            "title",
            "kind",
            "status",
            "body",
            "summary",
            "valid_from",
            "valid_until",
            "until_replaced",
            "follow_up_on",
            "alert_months",
            "parent",
            "replaces",
            "public",
        ]
        widgets = {
            "valid_from": DateInput,
            "valid_until": DateInput,
            "follow_up_on": DateInput,
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, bodies: QuerySet[Body], agreements: QuerySet[Agreement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]
        self.fields["body"].required = True
        others = agreements.exclude(pk=self.instance.pk) if self.instance.pk else agreements
        self.fields["parent"].queryset = others  # type: ignore[attr-defined]
        self.fields["replaces"].queryset = others  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["key"].disabled = True
            self.fields["parties"].initial = list(self.instance.parties.all())
            self.fields["version"].initial = self.instance.version

    def service_fields(self) -> dict[str, Any]:
        """The agreement's fields (not its key once registered), its parties, and the date and
        note the register gives the change."""
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields if name != "key" or not self.instance.pk}
        return fields | {"parties": data["parties"], "on": data["on"], "note": data["note"]}


class ExtendForm(EventFields):
    version = forms.IntegerField(widget=forms.HiddenInput)
    until = forms.DateField(label=_("Extended until"), widget=DateInput)
    until_replaced = forms.BooleanField(
        label=_("Until a new agreement exists, at the latest on that date"), required=False
    )


class VersionForm(forms.Form):
    label = forms.CharField(label=_("Version"), max_length=60, help_text=_("For example “2018” or “2.1”."))
    adopted_on = forms.DateField(
        label=pgettext_lazy("agreement version, a date field", "Adopted on"), required=False, widget=DateInput
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    file = forms.FileField(label=_("The agreement's text (PDF or Word)"))
