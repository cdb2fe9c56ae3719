"""The money pages. Who may open each is declared in permissions.py; what a user may see on
them comes from the selectors (a record that is not public answers 404 to outsiders). Writes go
through services.py."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from samverkan.core.access import is_administrator
from samverkan.core.editing import errors_to_form, stale, version_of
from samverkan.finance import selectors, services
from samverkan.finance.charts import Bar, bar_chart
from samverkan.finance.exports import csv_response, kronor, pdf_response, xlsx_response
from samverkan.finance.forms import AllocationForm
from samverkan.finance.models import Allocation
from samverkan.finance.money import format_money
from samverkan.finance.permissions import may_edit, may_keep_money
from samverkan.finance.templatetags.money import percent_text
from samverkan.structure.models import Body


def _bodies_of(user: Any) -> QuerySet[Body]:
    if is_administrator(user):
        return Body.objects.order_by("name")
    return Body.objects.filter(secretaries=user).order_by("name")


def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "finance/index.html",
        {"allocations": list(selectors.visible_allocations(request.user))},
    )


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
        "date": allocation.population_date.isoformat(),
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


def _save_allocation(request: HttpRequest, form: AllocationForm, allocation: Allocation | None) -> Allocation | None:
    data = form.service_fields()
    try:
        if allocation is None:
            return services.allocation_create(actor=request.user, principals=form.chosen_principals(), **data)
        data.pop("key", None)
        changes = services.allocation_update(
            actor=request.user, allocation=allocation, principals=form.chosen_principals(), **data
        )
    except ValidationError as exc:
        errors_to_form(form, exc)
        return None
    messages.success(request, _("Your changes were saved.") if changes else _("Nothing was changed."))
    return allocation


def allocation_create(request: HttpRequest) -> HttpResponse:
    bodies = _bodies_of(request.user)
    if not bodies.exists():
        raise PermissionDenied
    form = AllocationForm(request.POST or None, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        allocation = _save_allocation(request, form, None)
        if allocation is not None:
            messages.success(request, _("The allocation was recorded."))
            return redirect(allocation)
    return render(request, "finance/allocation_form.html", {"form": form, "allocation": None})


def allocation_edit(request: HttpRequest, key: str) -> HttpResponse:
    allocation = get_object_or_404(Allocation.objects.select_related("body"), key=key)
    bodies = _bodies_of(request.user)
    if allocation.body is not None:
        bodies = (bodies | Body.objects.filter(pk=allocation.body.pk)).distinct()
    form = AllocationForm(
        request.POST or None, instance=allocation, bodies=bodies, initial={"version": version_of(allocation)}
    )
    saved = request.method == "POST" and form.is_valid() and not stale(form, allocation)
    if saved and _save_allocation(request, form, allocation) is not None:
        return redirect(allocation)
    return render(request, "finance/allocation_form.html", {"form": form, "allocation": allocation})
