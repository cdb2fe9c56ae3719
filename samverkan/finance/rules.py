"""The computations of money, as pure functions of integers and fractions (no database): the
co-financed split of an allocation. Property-tested in tests/finance/test_rules.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from samverkan.finance.money import largest_remainder, round_to


@dataclass(frozen=True)
class Split:
    """The parts of an amount: the co-financier's (if any) first, then one per principal in the
    order given. `exact` are the exact shares in öre, `parts` the whole öre paid out."""

    exact: list[Fraction]
    parts: list[int]
    co_financier: bool

    @property
    def principal_parts(self) -> list[int]:
        return self.parts[1:] if self.co_financier else self.parts

    @property
    def principal_exact(self) -> list[Fraction]:
        return self.exact[1:] if self.co_financier else self.exact


def co_financed_split(amount: int, populations: Sequence[int], *, co_part: Fraction | None = None) -> Split:
    """`amount` öre divided: a co-financier takes `co_part` (e.g. 2/3) when given, and the rest
    is shared by the principals in proportion to `populations`. All parts are rounded together
    by the largest remainder, so they sum to `amount` exactly and none is a whole öre off."""
    if not populations and co_part != 1:
        raise ValueError("Nobody to share the amount between.")
    total = sum(populations)
    if populations and total <= 0:
        raise ValueError("The principals have no inhabitants.")
    weights: list[Fraction] = []
    if co_part is not None:
        if not 0 <= co_part <= 1:
            raise ValueError("The co-financier's part must be between 0 and 1.")
        weights.append(co_part)
    rest = 1 - (co_part or Fraction(0))
    weights.extend(rest * Fraction(p, total) for p in populations)
    exact = [amount * w for w in weights]
    parts = largest_remainder(amount, weights) if sum(weights) else [0] * len(weights)
    return Split(exact=exact, parts=parts, co_financier=co_part is not None)


ROUNDING_STEPS = (1, 100, 1_000, 10_000, 100_000)
ROUNDING_MODES = ("nearest", "down", "up")


def fee_amount(inhabitants: int, rate: int) -> int:
    """The exact amount of a fee per inhabitant: inhabitants x rate (öre)."""
    return inhabitants * rate


def rounding_rules_giving(exact: int, stated: int) -> list[tuple[int, str]]:
    """Which roundings (step in öre, direction) turn the exact amount into the stated one,
    coarsest step first: 3 401 210 kr -> 3 401 200 kr is "to whole hundreds, down or to the
    nearest" (and to whole tens, down or nearest). None if no rounding explains it."""
    found = []
    for step in sorted(ROUNDING_STEPS, reverse=True):
        for mode in ROUNDING_MODES:
            if round_to(exact, step, mode=mode) == stated:
                found.append((step, mode))
    return found


@dataclass(frozen=True)
class Projected:
    year: int
    opening: int
    income: int
    cost: int
    closing: int
    plan_year: int  # the year whose planned income and costs were used


def project(start_year: int, start_balance: int, plans: dict[int, tuple[int, int]], until: int) -> list[Projected]:
    """The balance year by year from `start_balance` (the closing of `start_year`): each year's
    closing is its opening plus the planned income minus the planned costs; a year without a
    plan repeats the latest plan before it. Nothing before the first plan is projected."""
    result = []
    balance = start_balance
    plan_year: int | None = None
    for year in range(start_year + 1, until + 1):
        if year in plans:
            plan_year = year
        if plan_year is None:
            break
        income, cost = plans[plan_year]
        closing = balance + income - cost
        result.append(Projected(year, balance, income, cost, closing, plan_year))
        balance = closing
    return result
