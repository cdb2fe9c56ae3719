"""Who may use the money pages (see samverkan/core/access.py). The public pages are open; a
record that is not public answers 404 to those who may not see it (decided by the selectors).
Records are kept by the secretaries of the deciding body, and administrators."""

from __future__ import annotations

from typing import Any

from samverkan.core.access import PUBLIC, ObjectLoader, Policy, is_administrator
from samverkan.finance.models import Allocation, Budget, FeeSchedule, Fund
from samverkan.structure.roles import is_secretary_of


def may_keep_money(user: Any) -> bool:
    """A secretary of any body, or an administrator: they may record new money records."""
    return bool(user.is_authenticated and (is_administrator(user) or user.secretary_of.exists()))


def may_edit(user: Any, record: Any) -> bool:
    if is_administrator(user):
        return True
    return record.body is not None and is_secretary_of(user, record.body)


# The records the URLs name (<key>), with their deciding body.
ALLOCATION = ObjectLoader(Allocation.objects.select_related("body"), field="key")
FEE = ObjectLoader(FeeSchedule.objects.select_related("body"), field="key")
BUDGET = ObjectLoader(Budget.objects.select_related("body"), field="key")
FUND = ObjectLoader(Fund.objects.select_related("body"), field="key")


MONEY_KEEPER = Policy(
    "money keeper",
    lambda user, kw: may_keep_money(user),
    "The secretaries of any body (the form offers the bodies they run), and administrators.",
)
ALLOCATION_EDITOR = Policy(
    "allocation editor",
    lambda user, kw: user.is_authenticated and may_edit(user, ALLOCATION(kw)),
    "The secretaries of the allocation's deciding body, and administrators.",
)

FEE_EDITOR = Policy(
    "fee editor",
    lambda user, kw: user.is_authenticated and may_edit(user, FEE(kw)),
    "The secretaries of the fee's deciding body, and administrators.",
)
BUDGET_EDITOR = Policy(
    "budget editor",
    lambda user, kw: user.is_authenticated and may_edit(user, BUDGET(kw)),
    "The secretaries of the budget's deciding body, and administrators.",
)
FUND_EDITOR = Policy(
    "fund editor",
    lambda user, kw: user.is_authenticated and may_edit(user, FUND(kw)),
    "The secretaries of the fund's deciding body, and administrators.",
)

URL_POLICIES = {
    "finance:index": PUBLIC,
    "finance:allocation_list": PUBLIC,
    "finance:allocation_detail": PUBLIC,
    "finance:allocation_csv": PUBLIC,
    "finance:allocation_xlsx": PUBLIC,
    "finance:allocation_pdf": PUBLIC,
    "finance:allocation_create": MONEY_KEEPER,
    "finance:allocation_edit": ALLOCATION_EDITOR,
    "finance:fee_list": PUBLIC,
    "finance:fee_detail": PUBLIC,
    "finance:fee_xlsx": PUBLIC,
    "finance:fee_payer_pdf": PUBLIC,
    "finance:fee_create": MONEY_KEEPER,
    "finance:fee_edit": FEE_EDITOR,
    "finance:budget_list": PUBLIC,
    "finance:budget_detail": PUBLIC,
    "finance:budget_xlsx": PUBLIC,
    "finance:budget_create": MONEY_KEEPER,
    "finance:budget_edit": BUDGET_EDITOR,
    "finance:budget_lines": BUDGET_EDITOR,
    "finance:budget_adopt": BUDGET_EDITOR,
    "finance:fund_list": PUBLIC,
    "finance:fund_detail": PUBLIC,
    "finance:fund_create": MONEY_KEEPER,
    "finance:fund_edit": FUND_EDITOR,
    "finance:fund_years": FUND_EDITOR,
}
