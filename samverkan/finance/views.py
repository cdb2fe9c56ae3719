"""The money pages. Who may open each is declared in permissions.py; what a user may see on
them comes from the selectors (a record that is not public answers 404 to outsiders). Writes go
through services.py."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from samverkan.core.editing import errors_to_form, save_create, save_edit, save_rows
from samverkan.finance import selectors, services
from samverkan.finance.budget_files import read_budget_file
from samverkan.finance.charts import Bar, bar_chart
from samverkan.finance.exports import csv_response, kronor, pdf_response, xlsx_response
from samverkan.finance.forms import (
    AllocationForm,
    BudgetAdoptForm,
    BudgetForm,
    BudgetImportForm,
    BudgetLineFormSet,
    FeeForm,
    FundForm,
    FundYearFormSet,
    parts_text,
)
from samverkan.finance.models import BudgetLine
from samverkan.finance.money import format_money, group_digits
from samverkan.finance.permissions import ALLOCATION, BUDGET, FEE, FUND, may_edit, may_keep_money
from samverkan.finance.templatetags.money import percent_text
from samverkan.structure.selectors import bodies_kept_by


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "finance/index.html", selectors.money_index(request.user))


# --- Allocations ---------------------------------------------------------------------------------


def allocation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "finance/allocation_list.html",
        {
            "allocations": list(selectors.visible_allocations(request.user)),
            "may_create": may_keep_money(request.user),
        },
    )


def _allocation(request: HttpRequest, key: str) -> selectors.AllocationResult:
    allocation = selectors.allocation_for(request.user, key)
    if allocation is None:
        raise Http404
    return selectors.allocation_result(allocation)


def allocation_summary(result: selectors.AllocationResult) -> str:
    """The one sentence above the chart: what the chart shows, in words."""
    allocation = result.allocation
    values = {
        "amount": format_money(allocation.amount),
        "count": len(result.principal_rows),
        "date": date_format(allocation.population_date, "DATE_FORMAT"),
    }
    co = result.co_row
    largest = result.largest
    if co is not None and largest is not None:
        return _(
            "Of %(amount)s, %(co)s takes %(co_part)s (%(co_amount)s) and %(count)d principals share "
            "%(rest)s by population on %(date)s; the largest share is %(largest)s's, %(largest_amount)s."
        ) % {
            **values,
            "co": co.principal.name,
            "co_part": percent_text(co.share),
            "co_amount": format_money(co.amount),
            "rest": format_money(result.principals_amount),
            "largest": largest.principal.name,
            "largest_amount": format_money(largest.amount),
        }
    assert largest is not None
    return _(
        "%(amount)s is shared by %(count)d principals by population on %(date)s; the largest share is "
        "%(largest)s's, %(largest_amount)s."
    ) % {**values, "largest": largest.principal.name, "largest_amount": format_money(largest.amount)}


def allocation_detail(request: HttpRequest, key: str) -> HttpResponse:
    result = _allocation(request, key)
    chart = summary = None
    if result.complete:
        summary = allocation_summary(result)
        chart = bar_chart(
            [Bar(label=row.principal.label, value=row.amount, emphasis=row.co_financier) for row in result.rows],
            title=_("Allocation by principal"),
            description=summary,
            chart_id="allocation-chart",
        )
    return render(
        request,
        "finance/allocation_detail.html",
        {
            "result": result,
            "allocation": result.allocation,
            "chart": chart,
            "summary": summary,
            "may_edit": may_edit(request.user, result.allocation),
        },
    )


EXPORT_HEADER = ("Huvudman", "Del", "Invånare", "Andel", "Belopp (kr)")


def _export_rows(result: selectors.AllocationResult) -> list[list[Any]]:
    if not result.complete:
        raise Http404  # nothing to export while a population figure is missing
    rows: list[list[Any]] = [
        [
            row.principal.name,
            "fast andel" if row.co_financier else "efter invånarantal",
            row.inhabitants,
            percent_text(row.share, 4),
            kronor(row.amount),
        ]
        for row in result.rows
    ]
    rows.append(["Summa", "", result.total_population or None, percent_text(Fraction(1), 4), kronor(result.total)])
    return rows


def allocation_csv(request: HttpRequest, key: str) -> HttpResponse:
    result = _allocation(request, key)
    return csv_response(f"fordelning-{key}.csv", EXPORT_HEADER, _export_rows(result))


def allocation_xlsx(request: HttpRequest, key: str) -> HttpResponse:
    result = _allocation(request, key)
    return xlsx_response(
        f"fordelning-{key}.xlsx", [("Fördelning", EXPORT_HEADER, _export_rows(result))], money_columns=(4,)
    )


def allocation_pdf(request: HttpRequest, key: str) -> HttpResponse:
    result = _allocation(request, key)
    if not result.complete:
        raise Http404
    allocation = result.allocation
    context = {
        "title": allocation.title,
        "author": allocation.body.name if allocation.body else "",
        "head_left": allocation.body.name if allocation.body else "",
        "head_right": f"Fördelning {allocation.year}",
        "result": result,
        "allocation": allocation,
    }
    return pdf_response("finance/pdf/allocation.html", context, f"fordelning-{key}.pdf")


def allocation_create(request: HttpRequest) -> HttpResponse:
    bodies = bodies_kept_by(request.user)
    if not bodies.exists():
        raise PermissionDenied
    form = AllocationForm(request.POST or None, bodies=bodies)
    allocation = save_create(request, form, _("The allocation was recorded."), services.allocation_create)
    if allocation is not None:
        return redirect(allocation)
    return render(request, "finance/allocation_form.html", {"form": form, "allocation": None})


def allocation_edit(request: HttpRequest, key: str) -> HttpResponse:
    allocation = ALLOCATION.get(key)
    form = AllocationForm(
        request.POST or None, instance=allocation, bodies=bodies_kept_by(request.user, allocation.body)
    )
    if save_edit(request, form, services.allocation_update, allocation=allocation):
        return redirect(allocation)
    return render(request, "finance/allocation_form.html", {"form": form, "allocation": allocation})


# --- Fees ------------------------------------------------------------------------------------------

STEP_LABELS = {
    1: _l("to the öre"),
    100: _l("to whole kronor"),
    1_000: _l("to whole tens of kronor"),
    10_000: _l("to whole hundreds of kronor"),
    100_000: _l("to whole thousands of kronor"),
}
MODE_LABELS = {"nearest": _l("to the nearest"), "down": _l("down"), "up": _l("up")}


def rounding_text(step: int, modes: list[str]) -> str:
    """ "to whole hundreds of kronor (down or to the nearest)"."""
    return _("%(step)s (%(modes)s)") % {
        "step": STEP_LABELS[step],
        "modes": _(" or ").join(str(MODE_LABELS[m]) for m in modes),
    }


def stated_explanation(basis: selectors.FeeBasis) -> str | None:
    """Which rule turns the stated basis times the rate into the stated amount."""
    if basis.stated_exact is None or basis.fee.stated_amount is None:
        return None
    rules = basis.stated_rules
    if not rules:
        return _(
            "No rounding of %(exact)s gives %(stated)s: the decision's amount is not the basis times the rate."
        ) % {
            "exact": format_money(basis.stated_exact),
            "stated": format_money(basis.fee.stated_amount),
        }
    coarsest = rules[0][0]
    return _("%(exact)s rounded %(rule)s is %(stated)s.") % {
        "exact": format_money(basis.stated_exact),
        "rule": rounding_text(coarsest, [mode for step, mode in rules if step == coarsest]),
        "stated": format_money(basis.fee.stated_amount),
    }


def fee_summary(basis: selectors.FeeBasis) -> str:
    fee = basis.fee
    largest = max(basis.rows, key=lambda r: r.amount or 0)
    return _(
        "%(count)d payers pay %(rate)s per inhabitant for %(people)s inhabitants on %(date)s: %(amount)s in all; "
        "the largest amount is %(largest)s's, %(largest_amount)s."
    ) % {
        "count": len(basis.rows),
        "rate": format_money(fee.rate),
        "people": group_digits(basis.inhabitants or 0),
        "date": date_format(fee.population_date, "DATE_FORMAT"),
        "amount": format_money(basis.amount or 0),
        "largest": largest.principal.name,
        "largest_amount": format_money(largest.amount or 0),
    }


def fee_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "finance/fee_list.html",
        {"fees": list(selectors.visible_fees(request.user)), "may_create": may_keep_money(request.user)},
    )


def _fee(request: HttpRequest, key: str) -> selectors.FeeBasis:
    fee = selectors.fee_for(request.user, key)
    if fee is None:
        raise Http404
    return selectors.fee_basis(fee)


def fee_detail(request: HttpRequest, key: str) -> HttpResponse:
    basis = _fee(request, key)
    chart = summary = None
    if basis.complete:
        summary = fee_summary(basis)
        chart = bar_chart(
            [Bar(label=row.principal.label, value=row.amount or 0) for row in basis.rows],
            title=_("Fee by payer"),
            description=summary,
            chart_id="fee-chart",
        )
    return render(
        request,
        "finance/fee_detail.html",
        {
            "basis": basis,
            "fee": basis.fee,
            "chart": chart,
            "summary": summary,
            "explanation": stated_explanation(basis),
            "rounding": rounding_text(basis.fee.rounding, [basis.fee.rounding_mode]),
            "may_edit": may_edit(request.user, basis.fee),
        },
    )


FEE_HEADER = (
    "Betalare",
    "Avser",
    "Invånare",
    "Avgift per invånare (kr)",
    "Exakt belopp (kr)",
    "Belopp (kr)",
    "Avrundning (kr)",
)
MEMBER_HEADER = ("Huvudman", "Invånare", "Avgift per invånare (kr)", "Belopp (kr)")


def fee_xlsx(request: HttpRequest, key: str) -> HttpResponse:
    basis = _fee(request, key)
    if not basis.complete:
        raise Http404
    fee = basis.fee
    rows: list[list[Any]] = [
        [
            row.principal.name,
            row.payer.members.name if row.payer.members else "egna invånare",
            row.inhabitants,
            kronor(fee.rate),
            kronor(row.exact or 0),
            kronor(row.amount or 0),
            kronor(row.difference or 0),
        ]
        for row in basis.rows
    ]
    rows.append(
        [
            "Summa",
            "",
            basis.inhabitants,
            None,
            kronor(basis.exact or 0),
            kronor(basis.amount or 0),
            kronor(basis.difference or 0),
        ]
    )
    sheets: list[tuple[str, Sequence[str], Sequence[Sequence[Any]]]] = [("Fakturaunderlag", FEE_HEADER, rows)]
    for row in basis.rows:
        members = [
            [m.principal.name, m.inhabitants, kronor(fee.rate), kronor((m.inhabitants or 0) * fee.rate)]
            for m in row.members
        ]
        members.append(["Summa", row.inhabitants, None, kronor(row.exact or 0)])
        sheets.append((row.principal.label, MEMBER_HEADER, members))
    return xlsx_response(f"fakturaunderlag-{key}.xlsx", sheets, money_columns=(2, 3, 4, 5, 6))


def fee_payer_pdf(request: HttpRequest, key: str, payer: str) -> HttpResponse:
    basis = _fee(request, key)
    row = next((r for r in basis.rows if r.principal.key == payer), None)
    if row is None or row.amount is None:
        raise Http404
    fee = basis.fee
    context = {
        "title": f"Fakturaunderlag {fee.title}, {row.principal.name}",
        "author": fee.collector.name if fee.collector else "",
        "head_left": fee.collector.name if fee.collector else (fee.body.name if fee.body else ""),
        "head_right": f"Fakturaunderlag {fee.year}",
        "fee": fee,
        "row": row,
    }
    with translation.override("sv"):
        context["rounding"] = rounding_text(fee.rounding, [fee.rounding_mode])
    return pdf_response("finance/pdf/fee_payer.html", context, f"fakturaunderlag-{key}-{payer}.pdf")


def fee_create(request: HttpRequest) -> HttpResponse:
    bodies = bodies_kept_by(request.user)
    if not bodies.exists():
        raise PermissionDenied
    form = FeeForm(request.POST or None, bodies=bodies)
    fee = save_create(request, form, _("The fee was recorded."), services.fee_create)
    if fee is not None:
        return redirect(fee)
    return render(request, "finance/fee_form.html", {"form": form, "fee": None})


def fee_edit(request: HttpRequest, key: str) -> HttpResponse:
    fee = FEE.get(key)
    form = FeeForm(request.POST or None, instance=fee, bodies=bodies_kept_by(request.user, fee.body))
    if save_edit(request, form, services.fee_update, fee=fee):
        return redirect(fee)
    return render(request, "finance/fee_form.html", {"form": form, "fee": fee})


# --- Budgets -------------------------------------------------------------------------------------


def budget_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "finance/budget_list.html",
        {"budgets": list(selectors.visible_budgets(request.user)), "may_create": may_keep_money(request.user)},
    )


def _budget(request: HttpRequest, key: str) -> selectors.BudgetPage:
    budget = selectors.budget_for(request.user, key)
    if budget is None:
        raise Http404
    return selectors.budget_page(budget)


def budget_summary(page: selectors.BudgetPage) -> str:
    largest = max(page.groups, key=lambda g: g.cost)
    text = _(
        "Income %(income)s and costs %(cost)s give a net of %(net)s; the largest costs are %(largest)s's, "
        "%(largest_cost)s."
    ) % {
        "income": format_money(page.income),
        "cost": format_money(page.cost),
        "net": format_money(page.net),
        "largest": largest.label,
        "largest_cost": format_money(largest.cost),
    }
    if page.stated is not None and page.stated_differs:
        text += " " + _(
            "The document states income %(income)s, costs %(cost)s and a net of %(net)s, which the lines do not add up to."
        ) % {
            "income": format_money(page.stated.income),
            "cost": format_money(page.stated.cost),
            "net": format_money(page.stated.net),
        }
    return text


def budget_detail(request: HttpRequest, key: str) -> HttpResponse:
    page = _budget(request, key)
    chart = summary = None
    if page.groups:
        summary = budget_summary(page)
        chart = bar_chart(
            [Bar(label=group.label[:32], value=group.net, emphasis=group.net < 0) for group in page.groups],
            title=_("Net by budget line"),
            description=summary,
            chart_id="budget-chart",
        )
    return render(
        request,
        "finance/budget_detail.html",
        {
            "page": page,
            "budget": page.budget,
            "chart": chart,
            "summary": summary,
            "may_edit": may_edit(request.user, page.budget),
            "adoption": selectors.adoption_of(page.budget, request.user),
        },
    )


BUDGET_HEADER = ("Kod", "Rubrik", "Post", "Intäkter", "Kostnader", "Netto", "Not")


def _stated_row(line: BudgetLine) -> list[Any]:
    """A sum as the document states it, named so in the sheet (never a formula)."""
    return [
        line.code,
        line.heading,
        f"{line.name} (angiven)",
        kronor(line.income),
        kronor(line.cost),
        kronor(line.net),
        line.note,
    ]


def budget_xlsx(request: HttpRequest, key: str) -> HttpResponse:
    page = _budget(request, key)
    rows: list[list[Any]] = []
    for group in page.groups:
        for line in group.lines:
            rows.append(
                [
                    line.code,
                    line.heading,
                    line.name,
                    kronor(line.income),
                    kronor(line.cost),
                    kronor(line.net),
                    line.note,
                ]
            )
        if len(group.lines) > 1:
            rows.append(
                [
                    group.code,
                    group.heading,
                    f"Summa {group.code}".strip(),
                    kronor(group.income),
                    kronor(group.cost),
                    kronor(group.net),
                    "",
                ]
            )
        if group.stated is not None:
            rows.append(_stated_row(group.stated))
    rows.append(["", "", "Totalt", kronor(page.income), kronor(page.cost), kronor(page.net), ""])
    if page.stated is not None:
        rows.append(_stated_row(page.stated))
    return xlsx_response(
        f"budget-{key}.xlsx", [(f"Budget {page.budget.year}", BUDGET_HEADER, rows)], money_columns=(3, 4, 5)
    )


def _line_rows(request: HttpRequest, form: Any) -> list[Any] | None:
    upload = form.cleaned_data.get("file")
    if not upload:
        return []
    if upload.size > 5 * 1024 * 1024:
        form.add_error("file", _("The file is larger than 5 MB."))
        return None
    read = read_budget_file(upload.read(), upload.name)
    if read.errors:
        for error in read.errors:
            form.add_error("file", error)
        return None
    return read.rows


def budget_create(request: HttpRequest) -> HttpResponse:
    bodies = bodies_kept_by(request.user)
    if not bodies.exists():
        raise PermissionDenied
    form = BudgetForm(request.POST or None, request.FILES or None, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        rows = _line_rows(request, form)
        if rows is not None:
            try:
                budget = services.budget_create(actor=request.user, lines=rows, **form.service_fields())
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("The budget was recorded."))
                return redirect("finance:budget_lines", key=budget.key)
    return render(request, "finance/budget_form.html", {"form": form, "budget": None})


def budget_edit(request: HttpRequest, key: str) -> HttpResponse:
    budget = BUDGET.get(key)
    form = BudgetForm(request.POST or None, instance=budget, bodies=bodies_kept_by(request.user, budget.body))
    if save_edit(request, form, services.budget_update, budget=budget):
        return redirect(budget)
    return render(request, "finance/budget_form.html", {"form": form, "budget": budget})


def budget_lines(request: HttpRequest, key: str) -> HttpResponse:
    """The lines on one screen: edit, add, remove; or replace them all from a spreadsheet."""
    budget = BUDGET.get(key)
    initial = [
        {
            "code": line.code,
            "heading": line.heading,
            "name": line.name,
            "income": line.income,
            "cost": line.cost,
            "note": line.note,
            "stated_sum": line.stated_sum,
        }
        for line in selectors.budget_lines_of(budget)
    ]
    formset = BudgetLineFormSet(request.POST or None, initial=initial, prefix="lines")
    upload = BudgetImportForm(request.POST or None, request.FILES or None, prefix="import")
    if request.method == "POST" and "import-file" in request.FILES:
        formset = BudgetLineFormSet(initial=initial, prefix="lines")
        if upload.is_valid():
            rows = _line_rows(request, upload)
            if rows is not None:
                services.budget_lines_set(actor=request.user, budget=budget, lines=rows)
                messages.success(request, _("%(n)d lines were read from the file.") % {"n": len(rows)})
                return redirect(budget)
    elif request.method == "POST":
        upload = BudgetImportForm(prefix="import")
        if formset.is_valid():
            lines = [line for form in formset.forms if (line := form.line()) is not None]
            if save_rows(request, formset, services.budget_lines_set, budget=budget, lines=lines):
                return redirect(budget)
    return render(request, "finance/budget_lines.html", {"budget": budget, "formset": formset, "upload": upload})


def budget_adopt(request: HttpRequest, key: str) -> HttpResponse:
    proposal = BUDGET.get(key)
    form = BudgetAdoptForm(request.POST or None, initial={"key": f"{proposal.key}-faststalld"[:80]})
    adopted = save_create(
        request, form, _("The adopted budget was recorded."), services.budget_adopt, proposal=proposal
    )
    if adopted is not None:
        return redirect(adopted)
    return render(request, "finance/budget_adopt.html", {"form": form, "budget": proposal})


# --- Funds ---------------------------------------------------------------------------------------


def fund_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "finance/fund_list.html",
        {"funds": list(selectors.visible_funds(request.user)), "may_create": may_keep_money(request.user)},
    )


def fund_summary(page: selectors.FundPage) -> str:
    parts = []
    actual = page.last_actual
    if actual is not None and actual.closing is not None:
        parts.append(
            _("The balance was %(amount)s at the end of %(year)d, the last actual figure.")
            % {"amount": format_money(actual.closing), "year": actual.year}
        )
    projected = [r for r in page.projected_rows if r.projected is not None]
    if projected:
        steps = ", ".join(
            _("%(amount)s at the end of %(year)d") % {"amount": format_money(r.projected.closing), "year": r.year}
            for r in projected
            if r.projected is not None
        )
        parts.append(_("Projected from the planned income and costs: %(steps)s.") % {"steps": steps})
        if page.runs_out is not None:
            parts.append(_("At this rate the fund runs out during %(year)d.") % {"year": page.runs_out})
    return " ".join(parts) or _("The fund has no balances recorded yet.")


def fund_detail(request: HttpRequest, key: str) -> HttpResponse:
    fund = selectors.fund_for(request.user, key)
    if fund is None:
        raise Http404
    page = selectors.fund_page(fund)
    summary = fund_summary(page)
    bars = []
    for row in page.rows:
        balance = row.shown_balance
        if balance is None:
            continue
        if row.closing is None:
            note = _("projection")
        elif row.record is not None and row.record.estimate:
            note = _("estimate")
        else:
            note = ""
        bars.append(Bar(label=str(row.year), value=balance, note=note, emphasis=bool(note)))
    chart = (
        bar_chart(bars, title=_("Closing balance year by year"), description=summary, chart_id="fund-chart")
        if bars
        else None
    )
    parts = sorted({label for row in page.rows if row.record for label in row.record.parts})
    return render(
        request,
        "finance/fund_detail.html",
        {
            "fund": fund,
            "page": page,
            "chart": chart,
            "summary": summary,
            "part_labels": parts,
            "may_edit": may_edit(request.user, fund),
        },
    )


def fund_create(request: HttpRequest) -> HttpResponse:
    bodies = bodies_kept_by(request.user)
    if not bodies.exists():
        raise PermissionDenied
    form = FundForm(request.POST or None, bodies=bodies)
    fund = save_create(request, form, _("The fund was recorded."), services.fund_create)
    if fund is not None:
        return redirect("finance:fund_years", key=fund.key)
    return render(request, "finance/fund_form.html", {"form": form, "fund": None})


def fund_edit(request: HttpRequest, key: str) -> HttpResponse:
    fund = FUND.get(key)
    form = FundForm(request.POST or None, instance=fund, bodies=bodies_kept_by(request.user, fund.body))
    if save_edit(request, form, services.fund_update, fund=fund):
        return redirect(fund)
    return render(request, "finance/fund_form.html", {"form": form, "fund": fund})


def fund_years(request: HttpRequest, key: str) -> HttpResponse:
    """The years on one screen: record actuals over estimates, add plans, remove a year."""
    fund = FUND.get(key)
    initial = [
        {
            "year": y.year,
            "opening": y.opening,
            "parts": parts_text(y.parts),
            "income": y.income,
            "cost": y.cost,
            "closing": y.closing,
            "estimate": y.estimate,
            "note": y.note,
        }
        for y in selectors.fund_years_of(fund)
    ]
    formset = FundYearFormSet(request.POST or None, initial=initial, prefix="years")
    if request.method == "POST" and formset.is_valid():
        years = [year for form in formset.forms if (year := form.fund_year()) is not None]
        if save_rows(request, formset, services.fund_years_set, fund=fund, years=years):
            return redirect(fund)
    return render(request, "finance/fund_years.html", {"fund": fund, "formset": formset})
