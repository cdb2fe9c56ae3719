"""Reads of the money pages: who sees what (a non-public record only to the deciding body's
secretaries and administrators) and what each figure is computed from. The query count of a
page does not grow with the number of principals."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from samverkan.core.access import is_administrator
from samverkan.finance.models import Allocation, Budget, BudgetLine, FeePayer, FeeSchedule, Fund, FundYear
from samverkan.finance.money import round_to
from samverkan.finance.rules import Projected, co_financed_split, fee_amount, project, rounding_rules_giving
from samverkan.structure.models import Population, Principal


def _visible(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
    if is_administrator(user):
        return queryset
    if not getattr(user, "is_authenticated", False):
        return queryset.filter(public=True)
    return queryset.filter(Q(public=True) | Q(body__secretaries=user)).distinct()


# The money page shows the first records of each kind, in the order of the kind's own page (the
# newest year first; funds by title); its headings link to the full lists.
MONEY_INDEX_SHOWN = 10


def money_index(user: Any) -> dict[str, Any]:
    """The money page's four lists: the first `MONEY_INDEX_SHOWN` allocations, fees, budgets
    and funds the user may see (the page stays the same size however many there are), with only
    what the page shows of each: a title, an address and a figure; and under `more` which lists
    go on (their own pages hold them all). Four queries."""

    def shown(queryset: QuerySet[Any], *fields: str) -> list[Any]:
        return list(queryset.select_related(None).only("key", "title", *fields)[: MONEY_INDEX_SHOWN + 1])

    lists = {
        "allocations": shown(visible_allocations(user), "year", "amount"),
        "fees": shown(visible_fees(user), "year", "rate"),
        "budgets": shown(visible_budgets(user), "year", "status"),
        "funds": shown(visible_funds(user)),
    }
    more = {name: len(rows) > MONEY_INDEX_SHOWN for name, rows in lists.items()}
    return {**{name: rows[:MONEY_INDEX_SHOWN] for name, rows in lists.items()}, "more": more}


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


def visible_fees(user: Any) -> QuerySet[FeeSchedule]:
    return _visible(FeeSchedule.objects.select_related("collector", "body"), user)


def public_fees() -> QuerySet[FeeSchedule]:
    return FeeSchedule.objects.filter(public=True)


def fee_for(user: Any, key: str) -> FeeSchedule | None:
    return visible_fees(user).filter(key=key).first()


@dataclass
class MemberRow:
    principal: Principal
    inhabitants: int | None
    amount: int | None = None  # öre: inhabitants x rate, not rounded


@dataclass
class PayerRow:
    payer: FeePayer
    members: list[MemberRow]
    inhabitants: int | None  # None while a member lacks a figure
    exact: int | None  # öre
    amount: int | None  # öre, rounded as the decision says

    @property
    def principal(self) -> Principal:
        return self.payer.principal

    @property
    def difference(self) -> int | None:
        return None if self.amount is None or self.exact is None else self.amount - self.exact


@dataclass
class OfficialTotal:
    day: datetime.date
    inhabitants: int
    difference: int | None  # the stated basis minus this total


@dataclass
class FeeBasis:
    fee: FeeSchedule
    rows: list[PayerRow] = field(default_factory=list)
    missing: list[Principal] = field(default_factory=list)
    officials: list[OfficialTotal] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return bool(self.rows) and not self.missing

    @property
    def inhabitants(self) -> int | None:
        return sum(r.inhabitants or 0 for r in self.rows) if self.complete else None

    @property
    def exact(self) -> int | None:
        return sum(r.exact or 0 for r in self.rows) if self.complete else None

    @property
    def amount(self) -> int | None:
        """The sum of the payers' rounded amounts: what is invoiced."""
        return sum(r.amount or 0 for r in self.rows) if self.complete else None

    @property
    def difference(self) -> int | None:
        return None if self.amount is None or self.exact is None else self.amount - self.exact

    @property
    def stated_exact(self) -> int | None:
        """The stated basis times the rate (2 kr x 1 700 605 = 3 401 210 kr)."""
        if self.fee.stated_inhabitants is None:
            return None
        return fee_amount(self.fee.stated_inhabitants, self.fee.rate)

    @property
    def stated_difference(self) -> int | None:
        if self.fee.stated_amount is None or self.stated_exact is None:
            return None
        return self.fee.stated_amount - self.stated_exact

    @property
    def stated_rules(self) -> list[tuple[int, str]]:
        if self.fee.stated_amount is None or self.stated_exact is None:
            return []
        return rounding_rules_giving(self.stated_exact, self.fee.stated_amount)


def fee_payers(fee: FeeSchedule) -> list[FeePayer]:
    return list(
        fee.payers.select_related("principal", "members")
        .prefetch_related(Prefetch("members__principals", queryset=Principal.objects.order_by("name")))
        .order_by("principal__name")
    )


def basis_principals(payer: FeePayer) -> list[Principal]:
    """Whose inhabitants the payer pays for: the grouping's principals, or its own."""
    if payer.members is not None:
        return list(payer.members.principals.all())
    return [payer.principal]


def fee_basis(fee: FeeSchedule) -> FeeBasis:
    """The invoice basis (fakturaunderlag) per payer from the figures on the fee's date, each
    payer's amount rounded as the decision says, the differences shown; and the basis the
    decision states beside the official 31 December totals of the years before the fee's."""
    payers = fee_payers(fee)
    everyone = {p.pk: p for payer in payers for p in basis_principals(payer)}
    years = range(fee.year - 3, fee.year + 1)
    days = {fee.population_date, *(datetime.date(y, 12, 31) for y in years)}
    figures: dict[tuple[int, datetime.date], int] = {
        (f.principal_id, f.reference_date): f.inhabitants
        for f in Population.objects.filter(principal__in=list(everyone.values()), reference_date__in=days)
    }
    basis = FeeBasis(fee=fee)
    missing: dict[int, Principal] = {}
    for payer in payers:
        members = []
        for p in basis_principals(payer):
            people = figures.get((p.pk, fee.population_date))
            members.append(MemberRow(p, people, None if people is None else fee_amount(people, fee.rate)))
        for row in members:
            if row.inhabitants is None:
                missing[row.principal.pk] = row.principal
        known = all(row.inhabitants is not None for row in members) and bool(members)
        inhabitants = sum(row.inhabitants or 0 for row in members) if known else None
        exact = fee_amount(inhabitants, fee.rate) if inhabitants is not None else None
        amount = round_to(exact, fee.rounding, mode=fee.rounding_mode) if exact is not None else None
        basis.rows.append(PayerRow(payer, members, inhabitants, exact, amount))
    basis.missing = sorted(missing.values(), key=lambda p: p.name)
    for year in years:
        day = datetime.date(year, 12, 31)
        values = [figures.get((pk, day)) for pk in everyone]
        if everyone and all(v is not None for v in values):
            total = sum(v or 0 for v in values)
            stated = fee.stated_inhabitants
            basis.officials.append(OfficialTotal(day, total, None if stated is None else stated - total))
    return basis


def visible_budgets(user: Any) -> QuerySet[Budget]:
    """Public budgets for everyone (a proposal that went out with a notice is public, marked as a
    proposal); the others only to the deciding body's secretaries and administrators."""
    return _visible(Budget.objects.select_related("organisation", "body"), user)


def public_budgets() -> QuerySet[Budget]:
    return Budget.objects.filter(public=True)


def budget_for(user: Any, key: str) -> Budget | None:
    return visible_budgets(user).filter(key=key).first()


def budget_lines_of(budget: Budget) -> list[BudgetLine]:
    return list(budget.lines.order_by("position"))


@dataclass
class Adoption:
    """What a budget page says of the proposal-adoption pair, for the user looking: whether the
    proposal has been adopted, and the adopted budget and the proposal, only if the user may see
    them (an adopted budget not yet public is not linked, and not claimed absent either)."""

    adopted: bool
    adopted_version: Budget | None
    proposal: Budget | None


def adoption_of(budget: Budget, user: Any) -> Adoption:
    visible = visible_budgets(user)
    adopted_version = visible.filter(proposal=budget).first() if budget.is_proposal else None
    return Adoption(
        adopted=adopted_version is not None or (budget.is_proposal and Budget.objects.filter(proposal=budget).exists()),
        adopted_version=adopted_version,
        proposal=visible.filter(pk=budget.proposal_id).first() if budget.proposal_id else None,
    )


@dataclass
class BudgetGroup:
    code: str
    heading: str
    lines: list[BudgetLine]
    stated: BudgetLine | None = None  # the document's own sum of the group, if it gives one

    @property
    def income(self) -> int:
        return sum(line.income for line in self.lines)

    @property
    def cost(self) -> int:
        return sum(line.cost for line in self.lines)

    @property
    def net(self) -> int:
        return self.income - self.cost

    @property
    def label(self) -> str:
        return " ".join(part for part in (self.code, self.heading) if part) or self.lines[0].name

    @property
    def stated_differs(self) -> bool:
        return self.stated is not None and (self.stated.income, self.stated.cost) != (self.income, self.cost)


@dataclass
class BudgetPage:
    budget: Budget
    groups: list[BudgetGroup]
    stated: BudgetLine | None = None  # the document's own total, if it gives one

    @property
    def stated_differs(self) -> bool:
        return self.stated is not None and (self.stated.income, self.stated.cost) != (self.income, self.cost)

    @property
    def differing_groups(self) -> list[BudgetGroup]:
        return [group for group in self.groups if group.stated_differs]

    @property
    def income(self) -> int:
        return sum(group.income for group in self.groups)

    @property
    def cost(self) -> int:
        return sum(group.cost for group in self.groups)

    @property
    def net(self) -> int:
        return self.income - self.cost


def budget_page(budget: Budget) -> BudgetPage:
    """Consecutive lines with the same code (and heading) form a group with its subtotal; a
    stated sum with a code belongs to the group of that code, one without is the stated total.
    Stated sums are never counted."""
    page = BudgetPage(budget=budget, groups=[])
    groups = page.groups
    for line in budget.lines.order_by("position"):
        if line.stated_sum:
            owner = next((g for g in reversed(groups) if line.code and g.code == line.code), None)
            if owner is not None:
                owner.stated = line
            else:
                page.stated = line
        elif groups and line.code and (groups[-1].code, groups[-1].heading) == (line.code, line.heading):
            groups[-1].lines.append(line)
        else:
            groups.append(BudgetGroup(code=line.code, heading=line.heading, lines=[line]))
    return page


def visible_funds(user: Any) -> QuerySet[Fund]:
    return _visible(Fund.objects.select_related("organisation", "body", "fee"), user)


def public_funds() -> QuerySet[Fund]:
    return Fund.objects.filter(public=True)


def fund_for(user: Any, key: str) -> Fund | None:
    return visible_funds(user).filter(key=key).first()


@dataclass
class FundRow:
    year: int
    record: FundYear | None
    projected: Projected | None = None
    opening_differs: bool = False  # the opening is not the previous year's closing

    @property
    def closing(self) -> int | None:
        return self.record.closing if self.record is not None else None

    @property
    def change(self) -> int | None:
        """Closing minus opening, as recorded (the year's result)."""
        if self.record is None or self.record.opening is None or self.record.closing is None:
            return None
        return self.record.closing - self.record.opening

    @property
    def projection_difference(self) -> int | None:
        """The projection minus the document's own estimate of the closing balance."""
        if self.projected is None or self.closing is None:
            return None
        return self.projected.closing - self.closing

    @property
    def shown_balance(self) -> int | None:
        """The balance the chart shows: the recorded closing, else the projection."""
        if self.closing is not None:
            return self.closing
        return self.projected.closing if self.projected is not None else None


@dataclass
class FundPage:
    fund: Fund
    rows: list[FundRow]
    start: FundYear | None = None  # the year whose closing the projection starts from

    @property
    def last_actual(self) -> FundRow | None:
        return next(
            (r for r in reversed(self.rows) if r.record and not r.record.estimate and r.closing is not None), None
        )

    @property
    def projected_rows(self) -> list[FundRow]:
        return [r for r in self.rows if r.projected is not None]

    @property
    def runs_out(self) -> int | None:
        """The first year whose projected closing is below zero."""
        return next((r.year for r in self.projected_rows if r.projected and r.projected.closing < 0), None)


def fund_years_of(fund: Fund) -> list[FundYear]:
    return list(fund.years.order_by("year"))


def fund_page(fund: Fund) -> FundPage:
    records = {record.year: record for record in fund.years.order_by("year")}
    plans = {
        y: (r.income, r.cost) for y, r in records.items() if r.estimate and r.income is not None and r.cost is not None
    }
    page = FundPage(fund=fund, rows=[])
    projected: dict[int, Projected] = {}
    if plans:
        first = min(plans)
        start = records.get(first - 1)
        balance = start.closing if start is not None and start.closing is not None else records[first].opening
        if balance is not None:
            page.start = start
            until = max(fund.project_until or 0, max(records))
            projected = {p.year: p for p in project(first - 1, balance, plans, until)}
    years = sorted(set(records) | set(projected))
    previous: FundYear | None = None
    for year in years:
        record = records.get(year)
        row = FundRow(year=year, record=record, projected=projected.get(year))
        if (
            record is not None
            and previous is not None
            and previous.year == year - 1
            and None not in (record.opening, previous.closing)
            and record.opening != previous.closing
        ):
            row.opening_differs = True
        previous = record or previous
        page.rows.append(row)
    return page


@dataclass
class MoneyLine:
    year: int
    direction: str  # "pays" or "receives"
    title: str
    url: str
    amount: int | None  # öre; None while a figure it depends on is missing
    detail: str = ""


def principal_money(principal: Principal) -> list[MoneyLine]:
    """What the principal pays and receives per year, from the public fees (where it is a
    payer) and allocations (where it shares or co-finances), newest year first. A constant
    number of queries, whatever the number of records."""
    allocations = list(
        public_allocations()
        .filter(Q(principals=principal) | Q(co_financier=principal))
        .distinct()
        .prefetch_related("principals")
    )
    payers = list(
        FeePayer.objects.filter(principal=principal, fee__public=True)
        .select_related("fee", "members")
        .prefetch_related("members__principals")
    )
    needed = {p.pk for a in allocations for p in a.principals.all()}
    for payer in payers:
        needed.update(p.pk for p in basis_principals(payer))
    days = {a.population_date for a in allocations} | {payer.fee.population_date for payer in payers}
    figures = {
        (f.principal_id, f.reference_date): f.inhabitants
        for f in Population.objects.filter(principal__in=needed, reference_date__in=days)
    }
    lines: list[MoneyLine] = []
    for allocation in allocations:
        sharing = sorted(allocation.principals.all(), key=lambda p: p.name)
        people = [figures.get((p.pk, allocation.population_date)) for p in sharing]
        amount: int | None = None
        if all(n is not None for n in people):
            co_part = allocation.co_financier_part if allocation.co_financier_id is not None else None
            split = co_financed_split(allocation.amount, [n or 0 for n in people], co_part=co_part)
            if allocation.co_financier_id == principal.pk:
                amount = split.parts[0]
            else:
                amount = split.principal_parts[[p.pk for p in sharing].index(principal.pk)]
        direction = "receives" if allocation.direction == Allocation.Direction.RECEIVE else "pays"
        lines.append(MoneyLine(allocation.year, direction, allocation.title, allocation.get_absolute_url(), amount))
    for payer in payers:
        fee = payer.fee
        counted = [figures.get((p.pk, fee.population_date)) for p in basis_principals(payer)]
        amount = None
        if counted and all(n is not None for n in counted):
            amount = round_to(fee_amount(sum(n or 0 for n in counted), fee.rate), fee.rounding, mode=fee.rounding_mode)
        lines.append(MoneyLine(fee.year, "pays", fee.title, fee.get_absolute_url(), amount))
    return sorted(lines, key=lambda line: (-line.year, line.direction, line.title))
