"""Numbers and money the Swedish way, in one place for every app: digits grouped by a
non-breaking space ("1 700 605"), a decimal comma, the minus sign (U+2212, "−391 200 kr") and
never a hyphen for it, "kr" after the amount. The same in both languages of the interface: a
figure read in English keeps the Swedish form the papers it comes from use.

Dates and times are formatted by Django's format files (samverkan/formats/), through the `date`
and `time` filters with the named formats (DATE_FORMAT, SHORT_DATE_FORMAT, TIME_FORMAT, ...):
never with a pattern written in a template.
"""

from __future__ import annotations

NBSP = "\u00a0"  # thousands separator and the space before "kr": never broken over two lines
MINUS = "\u2212"  # the minus sign: a hyphen is not one (and a line may break after a hyphen)
ORE_PER_KRONA = 100


def sign_of(number: int | float) -> str:
    return MINUS if number < 0 else ""


def group_digits(number: int) -> str:
    """12345678 -> "12 345 678" (non-breaking spaces); -5 -> "−5"."""
    digits = str(abs(number))
    groups = []
    while digits:
        groups.append(digits[-3:])
        digits = digits[:-3]
    return sign_of(number) + NBSP.join(reversed(groups))


def format_money(ore: int, *, unit: bool = True, decimals: bool | None = None) -> str:
    """An amount of öre in kronor, the Swedish way: "3 401 200 kr", "−391 200 kr",
    "16 666 666,67 kr". Öre are shown only when there are any (or `decimals=True`)."""
    kronor, rest = divmod(abs(ore), ORE_PER_KRONA)
    show_ore = bool(rest) if decimals is None else decimals
    text = sign_of(ore) + group_digits(kronor) + (f",{rest:02d}" if show_ore else "")
    return text + (NBSP + "kr" if unit else "")


def format_count(number: int) -> str:
    """A whole number that is a quantity, not a year or a code: grouped from five digits up
    (Språkrådet: "1700" or "1 700", but "17 000"), so a year held in a number stays "2019"."""
    return group_digits(number) if abs(number) >= 10_000 else sign_of(number) + str(abs(number))
