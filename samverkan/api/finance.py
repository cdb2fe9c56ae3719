"""Money as open data: public fees with their invoice bases, budgets with their lines, funds
with their years and projection, and allocations with their shares. Amounts are integers of öre
(`*_ore`); a figure that cannot be computed (a population figure is missing) is null. Records not
marked public never appear, and their keys answer 404.

No `from __future__ import annotations` here: ninja resolves the annotations at run time."""

import datetime
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest
from ninja import Router, Schema

from samverkan.api.params import KeyPath, errors
from samverkan.finance import selectors
from samverkan.structure.models import Principal

router = Router(tags=["money"])


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


class RecordOut(Schema):
    key: str
    title: str
    year: int | None
    url: str


class ShareOut(Schema):
    principal: str
    name: str
    inhabitants: int | None
    fixed_part: bool
    amount_ore: int
    exact_ore: str  # the exact share as a fraction "numerator/denominator"


class AllocationOut(Schema):
    key: str
    title: str
    year: int
    amount_ore: int
    direction: str
    population_date: datetime.date
    co_financier: str | None
    co_financier_part: str | None
    example: bool
    decision: str
    complete: bool
    missing_population: list[str]
    shares: list[ShareOut]
    url: str


class PayerOut(Schema):
    payer: str
    name: str
    for_members_of: str | None
    members: list[str]
    inhabitants: int | None
    exact_ore: int | None
    amount_ore: int | None
    rounding_ore: int | None


class FeeOut(Schema):
    key: str
    title: str
    year: int
    rate_ore: int
    paid_to: str | None
    population_date: datetime.date
    rounding_step_ore: int
    rounding_mode: str
    stated_inhabitants: int | None
    stated_amount_ore: int | None
    decision: str
    payers: list[PayerOut]
    total_ore: int | None
    url: str


class BudgetLineOut(Schema):
    code: str
    heading: str
    name: str
    income_ore: int
    cost_ore: int
    note: str
    stated_sum: bool


class BudgetOut(Schema):
    key: str
    title: str
    year: int
    status: str
    adopted_by: str
    organisation: str | None
    income_ore: int
    cost_ore: int
    net_ore: int
    lines: list[BudgetLineOut]
    url: str


class FundYearOut(Schema):
    year: int
    opening_ore: int | None
    parts_ore: dict[str, int]
    income_ore: int | None
    cost_ore: int | None
    closing_ore: int | None
    estimate: bool
    projected_closing_ore: int | None
    note: str


class FundOut(Schema):
    key: str
    title: str
    organisation: str | None
    years: list[FundYearOut]
    runs_out_in: int | None
    url: str


class MoneyLineOut(Schema):
    year: int
    direction: str
    title: str
    amount_ore: int | None
    url: str


@router.get("/money", response=dict[str, list[RecordOut]], url_name="money_index", openapi_extra=errors())
def money_index(request: HttpRequest) -> dict[str, list[dict[str, Any]]]:
    """Every public fee, budget, fund and allocation, with its key and address."""

    def records(queryset: Any, year: bool = True) -> list[dict[str, Any]]:
        return [
            {"key": r.key, "title": r.title, "year": r.year if year else None, "url": _absolute(r.get_absolute_url())}
            for r in queryset.order_by("pk")
        ]

    return {
        "fees": records(selectors.public_fees()),
        "budgets": records(selectors.public_budgets()),
        "funds": records(selectors.public_funds(), year=False),
        "allocations": records(selectors.public_allocations()),
    }


@router.get(
    "/allocations/{key}", response=AllocationOut, url_name="allocation_detail", openapi_extra=errors(not_found=True)
)
def allocation_detail(request: HttpRequest, key: KeyPath) -> dict[str, Any]:
    """A public allocation with every principal's share, to the öre."""
    allocation = selectors.public_allocations().select_related("co_financier").filter(key=key).first()
    if allocation is None:
        raise Http404
    result = selectors.allocation_result(allocation)
    return {
        "key": allocation.key,
        "title": allocation.title,
        "year": allocation.year,
        "amount_ore": allocation.amount,
        "direction": allocation.direction,
        "population_date": allocation.population_date,
        "co_financier": allocation.co_financier.key if allocation.co_financier else None,
        "co_financier_part": str(allocation.co_financier_part) if allocation.co_financier else None,
        "example": allocation.example,
        "decision": allocation.decision,
        "complete": result.complete,
        "missing_population": [p.key for p in result.missing],
        "shares": [
            {
                "principal": row.principal.key,
                "name": row.principal.name,
                "inhabitants": row.inhabitants,
                "fixed_part": row.co_financier,
                "amount_ore": row.amount,
                "exact_ore": str(row.exact),
            }
            for row in result.rows
        ],
        "url": _absolute(allocation.get_absolute_url()),
    }


@router.get("/fees/{key}", response=FeeOut, url_name="fee_detail", openapi_extra=errors(not_found=True))
def fee_detail(request: HttpRequest, key: KeyPath) -> dict[str, Any]:
    """A public fee with the invoice basis of every payer."""
    fee = selectors.public_fees().select_related("collector").filter(key=key).first()
    if fee is None:
        raise Http404
    basis = selectors.fee_basis(fee)
    return {
        "key": fee.key,
        "title": fee.title,
        "year": fee.year,
        "rate_ore": fee.rate,
        "paid_to": fee.collector.key if fee.collector else None,
        "population_date": fee.population_date,
        "rounding_step_ore": fee.rounding,
        "rounding_mode": fee.rounding_mode,
        "stated_inhabitants": fee.stated_inhabitants,
        "stated_amount_ore": fee.stated_amount,
        "decision": fee.decision,
        "payers": [
            {
                "payer": row.principal.key,
                "name": row.principal.name,
                "for_members_of": row.payer.members.key if row.payer.members else None,
                "members": [m.principal.key for m in row.members],
                "inhabitants": row.inhabitants,
                "exact_ore": row.exact,
                "amount_ore": row.amount,
                "rounding_ore": row.difference,
            }
            for row in basis.rows
        ],
        "total_ore": basis.amount,
        "url": _absolute(fee.get_absolute_url()),
    }


@router.get("/budgets/{key}", response=BudgetOut, url_name="budget_detail", openapi_extra=errors(not_found=True))
def budget_detail(request: HttpRequest, key: KeyPath) -> dict[str, Any]:
    """A public budget with its lines (a stated sum is the document's own, not counted)."""
    budget = selectors.public_budgets().select_related("organisation").filter(key=key).first()
    if budget is None:
        raise Http404
    page = selectors.budget_page(budget)
    return {
        "key": budget.key,
        "title": budget.title,
        "year": budget.year,
        "status": budget.status,
        "adopted_by": budget.adopted_by,
        "organisation": budget.organisation.key if budget.organisation else None,
        "income_ore": page.income,
        "cost_ore": page.cost,
        "net_ore": page.net,
        "lines": [
            {
                "code": line.code,
                "heading": line.heading,
                "name": line.name,
                "income_ore": line.income,
                "cost_ore": line.cost,
                "note": line.note,
                "stated_sum": line.stated_sum,
            }
            for line in budget.lines.order_by("position")
        ],
        "url": _absolute(budget.get_absolute_url()),
    }


@router.get("/funds/{key}", response=FundOut, url_name="fund_detail", openapi_extra=errors(not_found=True))
def fund_detail(request: HttpRequest, key: KeyPath) -> dict[str, Any]:
    """A public fund, year by year, with the projection computed from its plan."""
    fund = selectors.public_funds().select_related("organisation").filter(key=key).first()
    if fund is None:
        raise Http404
    page = selectors.fund_page(fund)
    return {
        "key": fund.key,
        "title": fund.title,
        "organisation": fund.organisation.key if fund.organisation else None,
        "years": [
            {
                "year": row.year,
                "opening_ore": row.record.opening if row.record else None,
                "parts_ore": dict(row.record.parts) if row.record else {},
                "income_ore": row.record.income if row.record else None,
                "cost_ore": row.record.cost if row.record else None,
                "closing_ore": row.record.closing if row.record else None,
                "estimate": bool(row.record.estimate) if row.record else True,
                "projected_closing_ore": row.projected.closing if row.projected else None,
                "note": row.record.note if row.record else "",
            }
            for row in page.rows
        ],
        "runs_out_in": page.runs_out,
        "url": _absolute(fund.get_absolute_url()),
    }


@router.get(
    "/principals/{key}/money",
    response=list[MoneyLineOut],
    url_name="principal_money",
    openapi_extra=errors(not_found=True),
)
def principal_money(request: HttpRequest, key: KeyPath) -> list[dict[str, Any]]:
    """What a principal pays and receives per year, from the public fees and allocations."""
    principal = Principal.objects.filter(key=key).first()
    if principal is None:
        raise Http404
    return [
        {
            "year": line.year,
            "direction": line.direction,
            "title": line.title,
            "amount_ore": line.amount,
            "url": _absolute(line.url),
        }
        for line in selectors.principal_money(principal)
    ]
