"""Every write of the money records: keyword-only, one transaction, validated and audited
(who, when, through what). Nothing is sent or indexed from here (the search index follows the
commit by itself)."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.core.audit import audit_record, create_instance, set_many, update_instance
from samverkan.core.editing import lock_at_version, version_raise
from samverkan.core.formatting import MINUS, format_money
from samverkan.core.models import AuditEvent
from samverkan.finance.models import Allocation, Budget, BudgetLine, FeePayer, FeeSchedule, Fund, FundYear
from samverkan.structure.models import Grouping, Principal


def _check_allocation(allocation: Allocation, principals: list[Principal]) -> None:
    if not principals:
        raise ValidationError({"principals": _("Choose the principals who share the amount.")}, code="empty")
    if allocation.co_financier is not None and allocation.co_financier in principals:
        raise ValidationError(
            {"co_financier": _("The co-financier pays a fixed part and cannot also share by population.")},
            code="twice",
        )
    if allocation.co_financier is None and allocation.co_financier_numerator:
        raise ValidationError({"co_financier": _("Say who pays the fixed part.")}, code="no_co_financier")


@transaction.atomic
def allocation_create(*, actor: Any, principals: Iterable[Principal], source: str = "web", **fields: Any) -> Allocation:
    """Record an allocation; its shares are computed from the population figures on its date."""
    chosen = list(principals)
    draft = Allocation(**fields)
    _check_allocation(draft, chosen)
    allocation = create_instance(Allocation, fields, actor=actor, source=source)
    set_many(allocation, "principals", chosen, actor=actor, source=source)
    return allocation


@transaction.atomic
def allocation_update(
    *,
    actor: Any,
    allocation: Allocation,
    version: int | None = None,
    principals: Iterable[Principal] | None = None,
    source: str = "web",
    **fields: Any,
) -> dict[str, tuple[Any, Any]]:
    """Change an allocation opened at `version` (see core.editing.lock_at_version); returns
    what changed (audited)."""
    locked = lock_at_version(allocation, version)
    chosen = list(principals) if principals is not None else list(locked.principals.all())
    draft = copy.copy(locked)
    for name, value in fields.items():
        setattr(draft, name, value)
    _check_allocation(draft, chosen)
    changes = update_instance(locked, fields, actor=actor, source=source)
    if principals is not None:
        changes.update(set_many(locked, "principals", chosen, actor=actor, source=source))
    if changes:
        version_raise(locked)
    allocation.refresh_from_db()
    return changes


def _set_payers(
    fee: FeeSchedule, payers: Sequence[tuple[Principal, Grouping | None]], *, actor: Any, source: str
) -> dict[str, tuple[Any, Any]]:
    if not payers:
        raise ValidationError({"own_payers": _("Choose who pays the fee.")}, code="no_payers")
    principals = [principal for principal, _members in payers]
    if len(set(principals)) != len(principals):
        raise ValidationError({"own_payers": _("A principal can pay a fee only once.")}, code="twice")
    old = sorted((p.principal_id, p.members_id) for p in fee.payers.all())
    new = sorted((principal.pk, members.pk if members else None) for principal, members in payers)
    if old == new:
        return {}
    before = [str(p.principal) + (f" ({p.members})" if p.members_id else "") for p in fee.payers.all()]
    fee.payers.all().delete()
    FeePayer.objects.bulk_create(
        [FeePayer(fee=fee, principal=principal, members=members) for principal, members in payers]
    )
    after = [str(principal) + (f" ({members})" if members else "") for principal, members in payers]
    changes: dict[str, tuple[Any, Any]] = {"payers": (before, after)}
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, target=fee, changes=changes, source=source)
    return changes


@transaction.atomic
def fee_create(
    *, actor: Any, payers: Sequence[tuple[Principal, Grouping | None]], source: str = "web", **fields: Any
) -> FeeSchedule:
    """Record a fee schedule and who pays it; the invoice bases are computed from it."""
    fee = create_instance(FeeSchedule, fields, actor=actor, source=source)
    _set_payers(fee, payers, actor=actor, source=source)
    return fee


@transaction.atomic
def fee_update(
    *,
    actor: Any,
    fee: FeeSchedule,
    version: int | None = None,
    payers: Sequence[tuple[Principal, Grouping | None]] | None = None,
    source: str = "web",
    **fields: Any,
) -> dict[str, tuple[Any, Any]]:
    """Change a fee schedule opened at `version` and who pays it; returns what changed."""
    locked = lock_at_version(fee, version)
    changes = update_instance(locked, fields, actor=actor, source=source)
    if payers is not None:
        changes.update(_set_payers(locked, payers, actor=actor, source=source))
    if changes:
        version_raise(locked)
    fee.refresh_from_db()
    return changes


def _line_text(line: Any) -> str:
    stated = " (angiven summa)" if getattr(line, "stated_sum", False) else ""
    return f"{line.code} {line.name}{stated}: {format_money(line.income)} / {format_money(line.cost)}".strip()


@transaction.atomic
def budget_lines_set(
    *, actor: Any, budget: Budget, lines: Iterable[Any], source: str = "web"
) -> dict[str, tuple[Any, Any]]:
    """Replace the budget's lines by `lines` (objects with code, heading, name, income, cost and
    note, amounts in öre), in order; audited as one change with the lines before and after."""
    new = [
        BudgetLine(
            budget=budget,
            position=position,
            code=line.code,
            heading=line.heading,
            name=line.name,
            income=line.income,
            cost=line.cost,
            note=line.note,
            stated_sum=getattr(line, "stated_sum", False),
        )
        for position, line in enumerate(lines, start=1)
    ]
    for line in new:
        line.full_clean(exclude=["budget"])
    old = list(budget.lines.order_by("position"))
    if [_line_text(x) + x.heading + x.note for x in old] == [_line_text(x) + x.heading + x.note for x in new]:
        return {}
    budget.lines.all().delete()
    BudgetLine.objects.bulk_create(new)
    changes: dict[str, tuple[Any, Any]] = {"lines": ([_line_text(x) for x in old], [_line_text(x) for x in new])}
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, target=budget, changes=changes, source=source)
    Budget.objects.filter(pk=budget.pk).update(updated_at=timezone.now())
    return changes


@transaction.atomic
def budget_create(*, actor: Any, lines: Iterable[Any] = (), source: str = "web", **fields: Any) -> Budget:
    """Record a budget (proposed or adopted) with its lines."""
    if fields.get("status") == Budget.Status.ADOPTED and not fields.get("adopted_by"):
        raise ValidationError({"adopted_by": _("Say which decision adopted the budget.")}, code="adopted_by")
    budget = create_instance(Budget, fields, actor=actor, source=source)
    budget_lines_set(actor=actor, budget=budget, lines=list(lines), source=source)
    return budget


@transaction.atomic
def budget_update(
    *, actor: Any, budget: Budget, version: int | None = None, source: str = "web", **fields: Any
) -> dict[str, tuple[Any, Any]]:
    locked = lock_at_version(budget, version)
    status = fields.get("status", locked.status)
    if status == Budget.Status.ADOPTED and not fields.get("adopted_by", locked.adopted_by):
        raise ValidationError({"adopted_by": _("Say which decision adopted the budget.")}, code="adopted_by")
    changes = update_instance(locked, fields, actor=actor, source=source)
    if changes:
        version_raise(locked)
    budget.refresh_from_db()
    return changes


@transaction.atomic
def budget_adopt(*, actor: Any, proposal: Budget, key: str, adopted_by: str, source: str = "web") -> Budget:
    """The adopted version of a proposed budget: a new record with the same lines, linked to the
    proposal, which stays as it was."""
    if proposal.status != Budget.Status.PROPOSED:
        raise ValidationError(_("Only a proposed budget can be adopted."), code="not_proposed")
    return budget_create(
        actor=actor,
        source=source,
        key=key,
        title=proposal.title,
        year=proposal.year,
        organisation=proposal.organisation,
        body=proposal.body,
        status=Budget.Status.ADOPTED,
        adopted_by=adopted_by,
        proposal=proposal,
        note=proposal.note,
        public=proposal.public,
        lines=list(proposal.lines.order_by("position")),
    )


def _year_text(year: Any) -> str:
    marks = " (uppskattning)" if year.estimate else ""

    def kr(ore: int | None) -> str:
        return "–" if ore is None else format_money(ore)

    return f"{year.year}{marks}: {kr(year.opening)} + {kr(year.income)} {MINUS} {kr(year.cost)} = {kr(year.closing)}"


@transaction.atomic
def fund_years_set(*, actor: Any, fund: Fund, years: Iterable[Any], source: str = "web") -> dict[str, tuple[Any, Any]]:
    """Replace the fund's years (objects with year, opening, parts, income, cost, closing,
    estimate and note; amounts in öre, None where unknown). An estimate replaced by an actual is
    a change like any other, audited with the years before and after."""
    new = [
        FundYear(
            fund=fund,
            year=y.year,
            opening=y.opening,
            parts=dict(y.parts or {}),
            income=y.income,
            cost=y.cost,
            closing=y.closing,
            estimate=y.estimate,
            note=y.note,
        )
        for y in sorted(years, key=lambda y: y.year)
    ]
    seen: set[int] = set()
    for year in new:
        if year.year in seen:
            raise ValidationError(_("The year %(year)d is given twice.") % {"year": year.year}, code="twice")
        seen.add(year.year)
        if year.parts and year.opening is not None and sum(year.parts.values()) != year.opening:
            raise ValidationError(
                _("%(year)d: the parts of the opening balance do not add up to it.") % {"year": year.year},
                code="parts",
            )
        year.full_clean(exclude=["fund"])
    old = list(fund.years.order_by("year"))
    before = [_year_text(y) + y.note + str(sorted(y.parts.items())) for y in old]
    after = [_year_text(y) + y.note + str(sorted(y.parts.items())) for y in new]
    if before == after:
        return {}
    fund.years.all().delete()
    FundYear.objects.bulk_create(new)
    changes: dict[str, tuple[Any, Any]] = {"years": ([_year_text(y) for y in old], [_year_text(y) for y in new])}
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, target=fund, changes=changes, source=source)
    Fund.objects.filter(pk=fund.pk).update(updated_at=timezone.now())
    return changes


@transaction.atomic
def fund_create(*, actor: Any, years: Iterable[Any] = (), source: str = "web", **fields: Any) -> Fund:
    fund = create_instance(Fund, fields, actor=actor, source=source)
    fund_years_set(actor=actor, fund=fund, years=list(years), source=source)
    return fund


@transaction.atomic
def fund_update(
    *, actor: Any, fund: Fund, version: int | None = None, source: str = "web", **fields: Any
) -> dict[str, tuple[Any, Any]]:
    locked = lock_at_version(fund, version)
    changes = update_instance(locked, fields, actor=actor, source=source)
    if changes:
        version_raise(locked)
    fund.refresh_from_db()
    return changes
