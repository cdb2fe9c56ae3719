from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from samverkan.followup.models import DecisionPoint, Goal, Project
from samverkan.referrals.models import Recommendation
from samverkan.structure.forms import DateInput
from samverkan.structure.models import Body


class ProjectForm(forms.ModelForm):
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Project
        fields = ["key", "name", "body", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, bodies: QuerySet[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]
        self.fields["body"].required = True
        if self.instance.pk:
            self.fields["key"].disabled = True

    def service_fields(self) -> dict[str, Any]:
        names = ["name", "body", "description"] if self.instance.pk else self.Meta.fields
        return {name: self.cleaned_data[name] for name in names}


class GoalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} ({obj.get_level_display()}): {obj.text[:120]}"


class GoalForm(forms.ModelForm):
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    contributes_to = GoalChoiceField(
        label=_("Contributes to"),
        queryset=Goal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The goals this goal helps to reach (traceability), for example P2 to E1 and E5."),
    )

    class Meta:
        model = Goal
        fields = ["level", "code", "text", "reference_value", "target", "period", "owner", "position"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "reference_value": forms.Textarea(attrs={"rows": 2}),
            "target": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = project.goals.order_by("position", "code")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
            self.fields["contributes_to"].initial = list(self.instance.contributes_to.all())
        self.fields["contributes_to"].queryset = others  # type: ignore[attr-defined]
        self.fields["position"].required = False
        self.project = project

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        taken = self.project.goals.filter(code=code)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("The project already has a goal with this code."), code="unique")
        return code

    def service_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        if data["position"] is None:
            data.pop("position")
        return data


class DecisionPointForm(forms.ModelForm):
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = DecisionPoint
        fields = ["code", "title", "planned", "requirement", "recommendation", "reached_on", "position"]
        widgets = {"requirement": forms.Textarea(attrs={"rows": 2}), "reached_on": DateInput}

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        recommendations = Recommendation.objects.none()
        if project.body is not None:
            recommendations = Recommendation.objects.filter(body=project.body).order_by("-created_at")
        if self.instance.pk and self.instance.recommendation_id:
            recommendations = recommendations | Recommendation.objects.filter(pk=self.instance.recommendation_id)
        self.fields["recommendation"].queryset = recommendations  # type: ignore[attr-defined]
        self.fields["position"].required = False
        self.project = project

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        taken = self.project.decision_points.filter(code=code)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("The project already has a decision point with this code."), code="unique")
        return code

    def service_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        if data["position"] is None:
            data.pop("position")
        return data
