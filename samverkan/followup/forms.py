from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.agreements.models import Agreement
from samverkan.core.editing import VersionedModelForm
from samverkan.followup.indicator_files import PERIOD, Row
from samverkan.followup.models import (
    DecisionPoint,
    Goal,
    GoalReport,
    Indicator,
    Project,
    Question,
    ReportSection,
    Risk,
    Survey,
)
from samverkan.referrals.models import Recommendation
from samverkan.structure.forms import DateInput
from samverkan.structure.models import Body, Principal


class PlacedForm(VersionedModelForm):
    """A row kept in order by its `position`: left empty, the service places it last."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        self.fields["position"].initial = None

    def service_fields(self) -> dict[str, Any]:
        data = super().service_fields()
        if data.get("position") is None:
            data.pop("position", None)
        return data

    def unused_code(self, rows: Any, taken: Any) -> str:
        """The code typed, unless another of `rows` has it (`taken` says so)."""
        code = str(self.cleaned_data["code"]).strip()
        others = rows.filter(code=code)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(taken, code="unique")
        return code


class ProjectForm(VersionedModelForm):
    class Meta:
        model = Project
        fields = ["key", "name", "kind", "body", "organisation", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, bodies: QuerySet[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]
        self.fields["body"].required = True
        self.fields["organisation"].queryset = Principal.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["kind"].required = False  # empty: a project
        if self.instance.pk:
            self.fields["key"].disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("kind"):
            data["kind"] = Project.Kind.PROJECT
        if data.get("kind") == Project.Kind.PLAN and not data.get("organisation"):
            self.add_error("organisation", _("Name the organisation whose goals these are."))
        return data

    def service_fields(self) -> dict[str, Any]:
        names = ["name", "kind", "body", "organisation", "description"] if self.instance.pk else self.Meta.fields
        return {name: self.cleaned_data[name] for name in names}


class GoalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} ({obj.get_level_display()}): {obj.text[:120]}"


class GoalForm(PlacedForm):
    contributes_to = GoalChoiceField(
        label=_("Contributes to"),
        queryset=Goal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The goals this goal helps to reach (traceability), for example P2 to E1 and E5."),
    )

    class Meta:
        model = Goal
        fields = ["level", "code", "text", "reference_value", "target", "target_share", "period", "owner", "position"]
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
        self.project = project

    def clean_code(self) -> str:
        return self.unused_code(self.project.goals, _("The project already has a goal with this code."))

    def service_fields(self) -> dict[str, Any]:
        data = super().service_fields()
        data["contributes_to"] = self.cleaned_data["contributes_to"]
        return data


class DecisionPointForm(PlacedForm):
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
        self.project = project

    def clean_code(self) -> str:
        return self.unused_code(
            self.project.decision_points, _("The project already has a decision point with this code.")
        )


class SurveyForm(VersionedModelForm):
    class Meta:
        model = Survey
        fields = ["title", "asked", "invited", "period", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class QuestionForm(PlacedForm):
    class Meta:
        model = Question
        fields = ["text", "goal", "position"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = survey.project.goals.order_by("position", "code")  # type: ignore[attr-defined]


class AnswerCountsForm(forms.Form):
    """Answers in aggregate: for each question, how many answered and how many answered yes."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            self.fields[f"answered_{q.pk}"] = forms.IntegerField(
                label=_("“%(question)s”: answered") % {"question": q.text}, min_value=0, required=False
            )
            self.fields[f"agreed_{q.pk}"] = forms.IntegerField(
                label=_("“%(question)s”: of them yes") % {"question": q.text}, min_value=0, required=False
            )

    def counts(self) -> dict[Question, tuple[int, int]]:
        data = self.cleaned_data
        return {q: (data[f"answered_{q.pk}"] or 0, data[f"agreed_{q.pk}"] or 0) for q in self.questions}


class OneRespondentForm(forms.Form):
    """One respondent's answers, entered from a paper or an interview: yes, no, or no answer.
    Nothing about the respondent is kept."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        choices = [("yes", _("Yes")), ("no", _("No")), ("", _("No answer"))]
        for q in questions:
            self.fields[f"q_{q.pk}"] = forms.ChoiceField(
                label=q.text, choices=choices, required=False, widget=forms.RadioSelect, initial=""
            )

    def counts(self) -> dict[Question, tuple[int, int]]:
        answers = {q: self.cleaned_data[f"q_{q.pk}"] for q in self.questions}
        return {q: (1, 1 if a == "yes" else 0) for q, a in answers.items() if a}


class IndicatorForm(VersionedModelForm):
    class Meta:
        model = Indicator
        fields = [
            "name",
            "goal",
            "unit",
            "direction",
            "target",
            "data_source",
            "kolada_kpi",
            "kolada_municipality",
            "agreement",
        ]

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = project.goals.order_by("position", "code")  # type: ignore[attr-defined]
        self.fields["agreement"].queryset = Agreement.objects.order_by("title")  # type: ignore[attr-defined]


class IndicatorValueForm(forms.Form):
    period = forms.RegexField(
        label=_("Period"),
        regex=PERIOD,
        help_text=_(
            "A year (“2019”) or a part of one (“2019-06”, “2019-H1”, “2019-Q3”). A value already recorded for the period is replaced."
        ),
        error_messages={"invalid": _("Write the period as a year (2019) or a part of one (2019-06).")},
    )
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2, localize=True)
    source = forms.CharField(label=_("Source"), max_length=200, required=False)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def row(self) -> Row:
        data = self.cleaned_data
        return Row(data["period"], data["value"].quantize(Decimal("0.01")), data["source"], data["comment"])


class IndicatorImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of file"),
        choices=[("csv", _("CSV: period;value;source;comment")), ("kolada", _("Kolada (JSON from its API)"))],
        widget=forms.RadioSelect,
        initial="csv",
    )
    file = forms.FileField(label=_("File"))

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == "kolada" and not (self.indicator.kolada_kpi and self.indicator.kolada_municipality):
            self.add_error(
                "kind",
                _("Give the indicator its Kolada key figure and municipality first: they say which values to read."),
            )
        return data


class RiskForm(PlacedForm):
    assessed_on = forms.DateField(
        label=_("Assessed on"),
        required=False,
        widget=DateInput,
        help_text=_("When the likelihood, consequence or status was judged so; empty: today."),
    )
    note = forms.CharField(
        label=_("Note on the assessment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the assessment when the likelihood, consequence or status changes."),
    )

    class Meta:
        model = Risk
        fields = ["title", "description", "likelihood", "consequence", "status", "owner", "mitigation", "position"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "mitigation": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("likelihood", "consequence"):
            self.fields[name].choices = [("", _("Not assessed")), *Risk.Level.choices]  # type: ignore[attr-defined]

    def clean_assessed_on(self) -> Any:
        day = self.cleaned_data.get("assessed_on")
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError(_("An assessment cannot be dated in the future."), code="future")
        return day

    def service_fields(self) -> dict[str, Any]:
        data = super().service_fields()
        for name in ("likelihood", "consequence"):
            data[name] = int(data[name]) if data[name] not in (None, "") else None
        data["assessed_on"] = self.cleaned_data["assessed_on"]
        data["note"] = self.cleaned_data["note"]
        return data


class GoalReportForm(VersionedModelForm):
    class Meta:
        model = GoalReport
        fields = ["body", "year", "title", "principal", "introduction"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, bodies: QuerySet[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]
        self.fields["principal"].queryset = Principal.objects.order_by("name")  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["body"].disabled = True
            self.fields["year"].disabled = True

    def service_fields(self) -> dict[str, Any]:
        names = ["title", "principal", "introduction"]
        if not self.instance.pk:
            names = ["body", "year", *names]
        return {name: self.cleaned_data[name] for name in names}


class ReportSectionForm(PlacedForm):
    class Meta:
        model = ReportSection
        fields = ["heading", "text", "position"]
        widgets = {"text": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class ReportApproveForm(forms.Form):
    approval = forms.CharField(
        label=_("Approved by"),
        max_length=200,
        required=False,
        help_text=_("The decision that approved it, for example “§ 12”."),
    )
