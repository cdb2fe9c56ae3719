"""`{% load money %}`: amounts of öre the Swedish way ("3 401 200 kr"), exact shares, percent and
whole numbers with Swedish grouping (the same in both languages of the interface)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django import template

from samverkan.core.formatting import NBSP, format_money, group_digits, sign_of

register = template.Library()


@register.filter
def kr(ore: Any) -> str:
    """An amount of öre in kronor: 340120000 -> "3 401 200 kr"; nothing (unknown) -> "–"."""
    if ore is None or ore == "":
        return "–"
    return format_money(int(ore))


def exact_kr(ore: Fraction) -> str:
    """Öre as kronor with four decimals ("16 666 666,6667 kr"): the exact value behind a share."""
    ten_thousandths = round(Fraction(ore) * 100)  # kronor * 10 000
    sign = sign_of(ten_thousandths)
    kronor, rest = divmod(abs(ten_thousandths), 10_000)
    return f"{sign}{group_digits(kronor)},{rest:04d}{NBSP}kr"


@register.filter
def kr_exact(value: Any) -> str:
    return "–" if value is None else exact_kr(Fraction(value))


def percent_text(share: Fraction, decimals: int = 2) -> str:
    scaled = round(Fraction(share) * 100 * 10**decimals)
    whole, rest = divmod(abs(scaled), 10**decimals)
    sign = sign_of(scaled)
    return f"{sign}{group_digits(whole)},{rest:0{decimals}d}{NBSP}%" if decimals else f"{sign}{whole}{NBSP}%"


@register.filter
def percent(share: Any, decimals: int = 2) -> str:
    """A Fraction as percent: Fraction(2, 3) -> "66,67 %"."""
    return "–" if share is None else percent_text(Fraction(share), int(decimals))


@register.filter
def number(value: Any) -> str:
    """A whole number with Swedish grouping: 1700605 -> "1 700 605"; None -> "–"."""
    if value is None or value == "":
        return "–"
    return group_digits(int(value))
