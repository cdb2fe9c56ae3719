from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.forms import ModelMultipleChoiceField
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from samverkan.core.widgets import PlainCheckbox, PlainSelect
from samverkan.referrals.models import Recommendation, Response
from samverkan.structure.forms import DateInput
from samverkan.structure.models import Body, Grouping, Principal


class ReminderDaysField(forms.Field):
    """Days before the deadline, written "14, 3"."""

    widget = forms.TextInput

    def to_python(self, value: Any) -> list[int]:
        text = str(value or "").replace(";", ",")
        try:
            days = sorted({int(part) for part in text.split(",") if part.strip()}, reverse=True)
        except ValueError as exc:
            raise forms.ValidationError(_("Write whole days separated by commas, e.g. “14, 3”.")) from exc
        if any(d < 0 or d > 365 for d in days):
            raise forms.ValidationError(_("A reminder is between 0 and 365 days before the deadline."))
        return days

    def prepare_value(self, value: Any) -> str:
        if isinstance(value, list | tuple):
            return ", ".join(str(d) for d in value)
        return str(value or "")


class RecommendationForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    principals = forms.ModelMultipleChoiceField(
        label=_("Recipients"),
        queryset=Principal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    groupings = forms.ModelMultipleChoiceField(
        label=_("Recipient groupings"),
        queryset=Grouping.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every principal of a chosen grouping becomes a recipient."),
    )
    reminder_days = ReminderDaysField(
        label=capfirst(_("reminders (days before the deadline)")),
        required=False,
        initial=[14, 3],
        help_text=_("For example “14, 3”: registrars who have not answered get a reminder 14 and 3 days before."),
    )

    class Meta:
        model = Recommendation
        fields = [
            "title",
            "kind",
            "question",
            "condition",
            "background",
            "deadline",
            "rule",
            "rule_count",
            "rule_share",
            "grace_days",
            "public",
        ]
        widgets = {
            "deadline": DateInput(),
            "question": forms.Textarea(attrs={"rows": 3}),
            "condition": forms.Textarea(attrs={"rows": 2}),
            "background": forms.Textarea(attrs={"rows": 4}),
            "kind": forms.RadioSelect,
            "rule": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(ModelMultipleChoiceField, self.fields["principals"]).queryset = Principal.objects.order_by("kind", "name")
        cast(ModelMultipleChoiceField, self.fields["groupings"]).queryset = Grouping.objects.order_by("name")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["principals"].initial = list(self.instance.recipients.values_list("principal_id", flat=True))
            self.fields["reminder_days"].initial = self.instance.reminder_days
            if self.instance.status != Recommendation.Status.DRAFT:
                for name in ("title", "kind", "question", "condition", "rule", "rule_count", "rule_share"):
                    self.fields[name].disabled = True
                del self.fields["principals"]
                del self.fields["groupings"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        rule = data.get("rule")
        if data.get("kind") == Recommendation.Kind.CONSULTATION and not self.fields["rule"].disabled:
            # A consultation asks for written answers: no adoption rule applies. Without this,
            # a rule left at "at least" would fail the model's constraint with a cryptic message.
            data["rule"] = Recommendation.Rule.ALL
            data["rule_count"] = data["rule_share"] = None
        if data.get("kind") == Recommendation.Kind.DECISION:
            if rule == Recommendation.Rule.AT_LEAST and not data.get("rule_count"):
                self.add_error("rule_count", _("Say how many approvals are needed."))
            if rule == Recommendation.Rule.POPULATION_SHARE and not data.get("rule_share"):
                self.add_error("rule_share", _("Say which share of the population is needed."))
        return data

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("version", "principals", "groupings"):
            data.pop(name, None)
        for name in list(data):
            if name in self.fields and self.fields[name].disabled:
                data.pop(name)
        return data


def response_choices(recommendation: Recommendation) -> list[tuple[str, Any]]:
    if recommendation.kind == Recommendation.Kind.CONSULTATION:
        return [(Response.Answer.WRITTEN, Response.Answer.WRITTEN.label)]
    return [
        (Response.Answer.APPROVED, _("Approved (bifall)")),
        (Response.Answer.APPROVED_WITH_CONDITION, _("Approved with a condition")),
        (Response.Answer.REJECTED, _("Rejected (avslag)")),
    ]


class ResponseForm(forms.Form):
    submission = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    answer = forms.ChoiceField(label=_("The decision"), widget=forms.RadioSelect)
    condition = forms.CharField(
        label=_("The condition"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only for an approval with a condition."),
    )
    text = forms.CharField(
        label=_("The answer to the consultation"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    decided_by = forms.ChoiceField(label=_("Decided by"), choices=[("", "—"), *Response.DecidedBy.choices])
    decided_by_name = forms.CharField(
        label=_("Name of the deciding body"),
        required=False,
        max_length=200,
        help_text=_("For example “Kommunstyrelsen” or “Socialnämnden”."),
    )
    paragraph = forms.CharField(
        label=_("Paragraph"), required=False, max_length=60, help_text=_("For example “§ 123”.")
    )
    extract = forms.FileField(
        label=_("Extract of the minutes (PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args: Any, recommendation: Recommendation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.recommendation = recommendation
        cast(forms.ChoiceField, self.fields["answer"]).choices = response_choices(recommendation)
        if recommendation.kind == Recommendation.Kind.CONSULTATION:
            self.fields["answer"].initial = Response.Answer.WRITTEN
            self.fields["answer"].widget = forms.HiddenInput()
            del self.fields["condition"]
            self.fields["decided_on"].required = False
            self.fields["decided_by"].required = False
        else:
            del self.fields["text"]


class BoardFilterForm(forms.Form):
    # The selects render in one pass (core.widgets): the board's filters were a fifth of its time.
    body = forms.ModelChoiceField(
        label=_("Body"),
        queryset=Body.objects.none(),
        required=False,
        to_field_name="key",
        widget=PlainSelect,
        empty_label=_("all"),  # as the other filters say, not "---------"
    )
    year = forms.IntegerField(label=_("Deadline year"), required=False, min_value=1990, max_value=2100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("all")), *Recommendation.Kind.choices], widget=PlainSelect
    )
    principal_kind = forms.ChoiceField(
        label=_("Principals"), required=False, choices=[("", _("all")), *Principal.Kind.choices], widget=PlainSelect
    )
    open_only = forms.BooleanField(label=_("Only those awaiting answers"), required=False, widget=PlainCheckbox)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["body"]).queryset = (
            Body.objects.filter(recommendations__isnull=False).distinct().order_by("name").only("key", "name")
        )
