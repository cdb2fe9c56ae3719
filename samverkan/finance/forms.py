from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from samverkan.core.editing import VersionedModelForm
from samverkan.finance.models import Allocation, Budget, FeeSchedule, Fund
from samverkan.finance.money import format_money, parse_money
from samverkan.structure.forms import DateInput
from samverkan.structure.models import Body, Grouping, Principal


class MoneyField(forms.CharField):
    """An amount typed in kronor ("25 000 000", "1 234,50 kr"), cleaned to öre (an int)."""

    default_error_messages = {
        "invalid": _("Write an amount in kronor, e.g. 25 000 000 or 1 234,50."),
        "negative": _("The amount must be more than zero."),
    }

    def __init__(self, *, allow_negative: bool = False, **kwargs: Any) -> None:
        self.allow_negative = allow_negative
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int):
            return format_money(value, unit=False).replace("\u00a0", " ")
        return value

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if text is None or text in self.empty_values:
            return None
        try:
            ore = parse_money(text)
        except ValueError as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc
        if ore <= 0 and not self.allow_negative:
            raise forms.ValidationError(self.error_messages["negative"], code="negative")
        return ore


def parse_part(text: str) -> Fraction:
    """ "2/3", "66,5 %", "0,25" as a Fraction between 0 and 1; ValueError otherwise."""
    cleaned = text.strip().replace("\u00a0", " ")
    if match := re.fullmatch(r"(\d+)\s*/\s*(\d+)", cleaned):
        numerator, denominator = int(match[1]), int(match[2])
        if denominator == 0:
            raise ValueError(text)
        part = Fraction(numerator, denominator)
    elif match := re.fullmatch(r"(\d+(?:[.,]\d+)?)\s*%", cleaned):
        part = Fraction(match[1].replace(",", ".")) / 100
    elif match := re.fullmatch(r"\d+(?:[.,]\d+)?", cleaned):
        part = Fraction(cleaned.replace(",", "."))
    else:
        raise ValueError(text)
    if not 0 <= part <= 1:
        raise ValueError(text)
    return part


class AllocationForm(VersionedModelForm):
    amount = MoneyField(label=_("Amount (kr)"), help_text=_("In kronor, öre allowed: 25 000 000 or 1 234,50."))
    groupings = forms.ModelMultipleChoiceField(
        label=_("Share between the principals of"),
        queryset=Grouping.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every principal of the chosen groupings shares by population, with those chosen below."),
    )
    principals = forms.ModelMultipleChoiceField(
        label=_("Principals sharing by population"),
        queryset=Principal.objects.order_by("kind", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    co_financier_part = forms.CharField(
        label=_("Co-financier's part"),
        required=False,
        help_text=_("A fraction or percent of the amount, e.g. 2/3 or 50 %; empty without a co-financier."),
    )

    class Meta:
        model = Allocation
        fields = [
            "key",
            "title",
            "description",
            "year",
            "amount",
            "direction",
            "population_date",
            "co_financier",
            "body",
            "decision",
            "example",
            "public",
        ]
        widgets = {"population_date": DateInput, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, bodies: QuerySet[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]
        self.fields["body"].required = True
        self.fields["co_financier"].queryset = Principal.objects.order_by("kind", "name")  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["key"].disabled = True
            self.initial["principals"] = list(self.instance.principals.all())
            if self.instance.co_financier_id:
                self.initial["co_financier_part"] = (
                    f"{self.instance.co_financier_numerator}/{self.instance.co_financier_denominator}"
                )

    def clean_co_financier_part(self) -> Fraction | None:
        text = self.cleaned_data["co_financier_part"]
        if not text:
            return None
        try:
            return parse_part(text)
        except ValueError as exc:
            raise forms.ValidationError(
                _("Write the part as a fraction (2/3) or a percent (50 %)."), code="part"
            ) from exc

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("co_financier") and data.get("co_financier_part") is None:
            self.add_error("co_financier_part", _("Say how large the co-financier's part is."))
        return data

    def chosen_principals(self) -> list[Principal]:
        chosen = {p.pk: p for p in self.cleaned_data.get("principals") or []}
        for grouping in self.cleaned_data.get("groupings") or []:
            chosen.update({p.pk: p for p in grouping.principals.all()})
        return list(chosen.values())

    def service_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}
        part = self.cleaned_data.get("co_financier_part")
        if data.get("co_financier") is None or part is None:
            data["co_financier"] = None
            data["co_financier_numerator"], data["co_financier_denominator"] = 0, 1
        else:
            data["co_financier_numerator"], data["co_financier_denominator"] = part.numerator, part.denominator
        data["principals"] = self.chosen_principals()
        if self.instance.pk:
            data.pop("key", None)  # the key names the record; it is not changed here
        return data


class FeeForm(VersionedModelForm):
    rate = MoneyField(label=_("Amount per inhabitant (kr)"), help_text=_("In kronor, öre allowed: 2 or 0,50."))
    stated_amount = MoneyField(
        label=_("Amount stated in the decision (kr)"),
        required=False,
        help_text=_("The total as the decision writes it, e.g. 3 401 200; the page shows how it was rounded."),
    )
    member_groupings = forms.ModelMultipleChoiceField(
        label=_("Associations paying for their members"),
        queryset=Grouping.objects.filter(owner__isnull=False).select_related("owner").order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The grouping's owner pays for the inhabitants of the grouping's principals."),
    )
    own_payers = forms.ModelMultipleChoiceField(
        label=_("Principals paying for their own inhabitants"),
        queryset=Principal.objects.order_by("kind", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = FeeSchedule
        fields = [
            "key",
            "title",
            "description",
            "year",
            "rate",
            "collector",
            "population_date",
            "stated_inhabitants",
            "stated_amount",
            "rounding",
            "rounding_mode",
            "body",
            "decision",
            "public",
        ]
        widgets = {"population_date": DateInput, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, bodies: QuerySet[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]
        self.fields["body"].required = True
        if self.instance.pk:
            self.fields["key"].disabled = True
            payers = list(self.instance.payers.all())
            self.initial["member_groupings"] = [p.members_id for p in payers if p.members_id]
            self.initial["own_payers"] = [p.principal_id for p in payers if not p.members_id]

    def payers(self) -> list[tuple[Principal, Grouping | None]]:
        chosen: list[tuple[Principal, Grouping | None]] = [
            (grouping.owner, grouping) for grouping in self.cleaned_data.get("member_groupings") or []
        ]
        chosen += [(principal, None) for principal in self.cleaned_data.get("own_payers") or []]
        return chosen

    def service_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}
        data["payers"] = self.payers()
        if self.instance.pk:
            data.pop("key", None)
        return data


class BudgetForm(VersionedModelForm):
    file = forms.FileField(
        label=_("Lines from a spreadsheet (XLSX or CSV)"),
        required=False,
        help_text=_(
            "Columns Kod, Rubrik, Post, Intäkter, Kostnader, Not; rows of sums (Summa, Totalt) are kept as the document's own sums, not counted."
        ),
    )

    class Meta:
        model = Budget
        fields = ["key", "title", "year", "organisation", "body", "status", "adopted_by", "note", "public"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, bodies: QuerySet[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]
        self.fields["body"].required = True
        if self.instance.pk:
            self.fields["key"].disabled = True
            del self.fields["file"]

    def service_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}
        if self.instance.pk:
            data.pop("key", None)
        return data


class BudgetLineForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20, required=False)
    heading = forms.CharField(label=_("Heading"), max_length=200, required=False)
    name = forms.CharField(label=_("Item"), max_length=200, required=False)
    income = MoneyField(label=_("Income (kr)"), required=False, allow_negative=True)
    cost = MoneyField(label=_("Cost (kr)"), required=False, allow_negative=True)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    stated_sum = forms.BooleanField(
        label=_("Sum as stated"), required=False, help_text=_("The document's own sum: shown, not counted.")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = any(data.get(k) not in (None, "") for k in ("code", "heading", "name", "income", "cost", "note"))
        if filled and not data.get("name"):
            self.add_error("name", _("Give the line a name."))
        for key in ("income", "cost"):
            if (data.get(key) or 0) < 0:
                self.add_error(key, _("Write income and cost as positive amounts (the net is computed)."))
        return data

    def line(self) -> Any | None:
        data = self.cleaned_data
        if not data.get("name") or data.get("DELETE"):
            return None
        from types import SimpleNamespace

        return SimpleNamespace(
            code=data.get("code") or "",
            heading=data.get("heading") or "",
            name=data["name"],
            income=data.get("income") or 0,
            cost=data.get("cost") or 0,
            note=data.get("note") or "",
            stated_sum=bool(data.get("stated_sum")),
        )


BudgetLineFormSet = forms.formset_factory(BudgetLineForm, extra=5, can_delete=True)


class BudgetImportForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (XLSX or CSV)"))


class BudgetAdoptForm(forms.Form):
    key = forms.SlugField(label=_("Key of the adopted budget"), max_length=80)
    adopted_by = forms.CharField(
        label=_("Adopted by"), max_length=300, help_text=_("The decision, e.g. the board 2018-12-17, item 3.")
    )

    def service_fields(self) -> dict[str, Any]:
        return {"key": self.cleaned_data["key"], "adopted_by": self.cleaned_data["adopted_by"]}


def parse_parts(text: str) -> dict[str, int]:
    """ "6-kronan: 20 372 509; eHälsa: 1 090 918" -> {"6-kronan": 2037250900, "eHälsa": 109091800}."""
    parts: dict[str, int] = {}
    for chunk in text.split(";"):
        if not chunk.strip():
            continue
        label, sep, amount = chunk.rpartition(":")
        if not sep or not label.strip():
            raise ValueError(chunk)
        parts[label.strip()] = parse_money(amount)
    return parts


def parts_text(parts: dict[str, int]) -> str:
    """The parts by label (PostgreSQL's jsonb keeps no order of its own)."""
    return "; ".join(
        f"{label}: {format_money(ore, unit=False)}".replace("\u00a0", " ") for label, ore in sorted(parts.items())
    )


class FundForm(VersionedModelForm):
    class Meta:
        model = Fund
        fields = ["key", "title", "description", "organisation", "body", "fee", "project_until", "public"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, bodies: QuerySet[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]
        self.fields["body"].required = True
        if self.instance.pk:
            self.fields["key"].disabled = True

    def service_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}
        if self.instance.pk:
            data.pop("key", None)
        return data


class FundYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2200, required=False)
    opening = MoneyField(label=_("Opening balance (kr)"), required=False, allow_negative=True)
    parts = forms.CharField(
        label=_("Parts of the opening balance"),
        required=False,
        help_text=_("Where the document keeps columns apart, e.g. “6-kronan: 20 372 509; eHälsa: 1 090 918”."),
    )
    income = MoneyField(label=_("Income (kr)"), required=False, allow_negative=True)
    cost = MoneyField(label=_("Cost (kr)"), required=False, allow_negative=True)
    closing = MoneyField(label=_("Closing balance (kr)"), required=False, allow_negative=True)
    estimate = forms.BooleanField(label=_("Estimate"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean_parts(self) -> dict[str, int]:
        try:
            return parse_parts(self.cleaned_data.get("parts") or "")
        except ValueError as exc:
            raise forms.ValidationError(_("Write the parts as “label: amount; label: amount”."), code="parts") from exc

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = any(data.get(k) not in (None, "", {}, False) for k in ("opening", "income", "cost", "closing", "note"))
        if filled and not data.get("year"):
            self.add_error("year", _("Give the year."))
        for key in ("income", "cost"):
            if (data.get(key) or 0) < 0:
                self.add_error(key, _("Write income and cost as positive amounts (the net is computed)."))
        return data

    def fund_year(self) -> Any | None:
        data = self.cleaned_data
        if not data.get("year") or data.get("DELETE"):
            return None
        from types import SimpleNamespace

        return SimpleNamespace(
            year=data["year"],
            opening=data.get("opening"),
            parts=data.get("parts") or {},
            income=data.get("income"),
            cost=data.get("cost"),
            closing=data.get("closing"),
            estimate=bool(data.get("estimate")),
            note=data.get("note") or "",
        )


FundYearFormSet = forms.formset_factory(FundYearForm, extra=3, can_delete=True)
