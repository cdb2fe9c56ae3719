"""Money as integers of öre, never floats: parsing what people type, formatting the Swedish way
("3 401 200 kr", "−391 200 kr", "1 666 666 666,67 kr"; see core/formatting.py) and dividing an amount exactly.

Every amount in the finance app is an `int` of öre (1 kr = 100 öre). Shares are computed as
`Fraction`s and turned into öre by the largest-remainder method, so the parts of an amount
always sum to it exactly and no part is more than one öre from its exact value.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction

# Formatting lives in core (every app shows numbers the same way); re-exported here for finance.
from samverkan.core.formatting import MINUS as MINUS
from samverkan.core.formatting import NBSP as NBSP
from samverkan.core.formatting import ORE_PER_KRONA as ORE_PER_KRONA
from samverkan.core.formatting import format_money as format_money
from samverkan.core.formatting import group_digits as group_digits

_AMOUNT = re.compile(r"^(?P<sign>[-−]?)(?P<kronor>\d{1,3}(?:[ \u00a0\u202f.]\d{3})*|\d+)(?:[,.](?P<ore>\d{1,2}))?$")


def parse_money(text: str) -> int:
    """What a person types as an amount of kronor, in öre: "25 000 000", "25000000 kr",
    "1 234,50", "-391 200 kr", "2,5". Raises ValueError for anything else (no floats are
    involved: "0,1" is exactly 10 öre)."""
    cleaned = text.strip()
    cleaned = re.sub(r"\s*(kr|kronor|SEK|:-)\.?$", "", cleaned, flags=re.IGNORECASE).strip()
    if cleaned.endswith(",-"):
        cleaned = cleaned[:-2]
    match = _AMOUNT.match(cleaned)
    if match is None:
        raise ValueError(text)
    kronor = int(re.sub(r"[ \u00a0\u202f.]", "", match["kronor"]))
    ore = int((match["ore"] or "0").ljust(2, "0"))
    value = kronor * ORE_PER_KRONA + ore
    return -value if match["sign"] else value


def largest_remainder(total: int, weights: Sequence[Fraction | int]) -> list[int]:
    """`total` (öre) divided in proportion to `weights`, in whole öre: each part is its exact
    share rounded down, and the öre left over go one each to the parts with the largest
    remainders (the earlier part first when two remainders are equal). The parts sum to `total`
    exactly and each is less than one öre from its exact share."""
    if total < 0:
        raise ValueError("The amount to divide must not be negative.")
    if any(w < 0 for w in weights):
        raise ValueError("A weight must not be negative.")
    whole = sum((Fraction(w) for w in weights), Fraction(0))
    if whole == 0:
        raise ValueError("The weights must not all be zero.")
    exact = [total * Fraction(w) / whole for w in weights]
    parts = [int(share) for share in exact]  # floor: every share is non-negative
    left = total - sum(parts)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return parts


def exact_shares(total: int, weights: Sequence[Fraction | int]) -> list[Fraction]:
    whole = sum((Fraction(w) for w in weights), Fraction(0))
    return [total * Fraction(w) / whole for w in weights]


def round_to(ore: int, step: int, *, mode: str = "nearest") -> int:
    """`ore` rounded to a multiple of `step` öre (100 = whole kronor, 10 000 = hundreds of
    kronor): "nearest" (half away from zero), "down" (towards zero) or "up" (away from zero)."""
    if step <= 1:
        return ore
    sign = -1 if ore < 0 else 1
    quotient, rest = divmod(abs(ore), step)
    if mode == "down":
        pass
    elif mode == "up":
        quotient += 1 if rest else 0
    elif mode == "nearest":
        quotient += 1 if rest * 2 >= step else 0
    else:
        raise ValueError(mode)
    return sign * quotient * step
