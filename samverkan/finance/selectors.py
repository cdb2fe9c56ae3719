"""Reads of the money pages: who sees what (a non-public record only to the deciding body's
secretaries and administrators) and what each figure is computed from. The query count of a
page does not grow with the number of principals."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db.models import Q, QuerySet

from samverkan.core.access import is_administrator
from samverkan.finance.models import Allocation
from samverkan.finance.rules import co_financed_split
from samverkan.structure.models import Population, Principal


def _visible(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
    if is_administrator(user):
        return queryset
    if not getattr(user, "is_authenticated", False):
        return queryset.filter(public=True)
    return queryset.filter(Q(public=True) | Q(body__secretaries=user)).distinct()


def public_allocations() -> QuerySet[Allocation]:
    return Allocation.objects.filter(public=True)


def visible_allocations(user: Any) -> QuerySet[Allocation]:
    return _visible(Allocation.objects.select_related("co_financier", "body"), user)


def allocation_for(user: Any, key: str) -> Allocation | None:
    return visible_allocations(user).filter(key=key).first()


def populations_on(principals: list[Principal], day: datetime.date) -> dict[int, Population]:
    """Each principal's figure on the date (one query); a principal without one is missing."""
    figures = Population.objects.filter(principal__in=principals, reference_date=day)
    return {figure.principal_id: figure for figure in figures}


@dataclass
class ShareRow:
    principal: Principal
    inhabitants: int | None  # None for the co-financier's fixed part
    share: Fraction  # of the whole amount
    exact: Fraction  # öre
    amount: int  # öre
    co_financier: bool = False

    @property
    def rounding(self) -> Fraction:
        return self.amount - self.exact


@dataclass
class AllocationResult:
    allocation: Allocation
    rows: list[ShareRow] = field(default_factory=list)
    missing: list[Principal] = field(default_factory=list)
    total_population: int = 0

    @property
    def complete(self) -> bool:
        return not self.missing and bool(self.rows)

    @property
    def total(self) -> int:
        return sum(row.amount for row in self.rows)

    @property
    def co_row(self) -> ShareRow | None:
        return next((row for row in self.rows if row.co_financier), None)

    @property
    def principal_rows(self) -> list[ShareRow]:
        return [row for row in self.rows if not row.co_financier]

    @property
    def principals_amount(self) -> int:
        return sum(row.amount for row in self.principal_rows)

    @property
    def largest(self) -> ShareRow | None:
        rows = self.principal_rows
        return max(rows, key=lambda row: row.amount) if rows else None


def allocation_result(allocation: Allocation) -> AllocationResult:
    """The shares of an allocation, computed from the population figures held on its date.
    While any principal lacks a figure the shares are not computed: the page says which."""
    principals = sorted(allocation.principals.all(), key=lambda p: p.name)
    figures = populations_on(principals, allocation.population_date)
    result = AllocationResult(allocation=allocation)
    result.missing = [p for p in principals if p.pk not in figures]
    if result.missing or not principals:
        return result
    inhabitants = [figures[p.pk].inhabitants for p in principals]
    result.total_population = sum(inhabitants)
    co_part = allocation.co_financier_part if allocation.co_financier is not None else None
    split = co_financed_split(allocation.amount, inhabitants, co_part=co_part)
    if allocation.co_financier is not None:
        assert co_part is not None
        result.rows.append(
            ShareRow(
                principal=allocation.co_financier,
                inhabitants=None,
                share=co_part,
                exact=split.exact[0],
                amount=split.parts[0],
                co_financier=True,
            )
        )
    for principal, people, exact, amount in zip(
        principals, inhabitants, split.principal_exact, split.principal_parts, strict=True
    ):
        result.rows.append(
            ShareRow(
                principal=principal,
                inhabitants=people,
                share=exact / allocation.amount,
                exact=exact,
                amount=amount,
            )
        )
    return result
