"""Numbers and money the Swedish way, in one place for every app: digits grouped by a
non-breaking space ("1 700 605"), a decimal comma, the minus sign (U+2212, "−391 200 kr") and
never a hyphen for it, "kr" after the amount. The same in both languages of the interface: a
figure read in English keeps the Swedish form the papers it comes from use.

Dates and times are formatted by Django's format files (samverkan/formats/), through the `date`
and `time` filters with the named formats (DATE_FORMAT, SHORT_DATE_FORMAT, TIME_FORMAT, ...):
never with a pattern written in a template.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import dateformat, timezone
from django.utils.dates import MONTHS
from django.utils.formats import get_format

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


def date_formatter(format_name: str) -> Callable[[datetime.date | None], str]:
    """The `date` filter with this format (a named one like "SHORT_DATE_FORMAT", or a pattern)
    in the active language, as a function for a page that formats a date per row: the filter
    costs about 14 µs a date (it looks the format up, parses it, and translates the month each
    time). The formats of the site's rows ("Y-m-d", "j F Y") are written directly, the month's
    names translated once; any other through Django's formatter. An aware date and time is
    shown in local time, as the filter shows it; None gives "". Call it once per page."""
    pattern = get_format(format_name)

    def local(day: datetime.date) -> datetime.date:
        if isinstance(day, datetime.datetime) and timezone.is_aware(day):
            return timezone.localtime(day)
        return day

    if pattern == "Y-m-d":

        def short(day: datetime.date | None) -> str:
            if day is None:
                return ""
            day = local(day)
            return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"

        return short
    if pattern == "j F Y":
        months = {number: str(name) for number, name in MONTHS.items()}

        def long(day: datetime.date | None) -> str:
            if day is None:
                return ""
            day = local(day)
            return f"{day.day} {months[day.month]} {day.year:04d}"

        return long
    return lambda day: dateformat.format(local(day), pattern) if day is not None else ""


def short_dates() -> Callable[[datetime.date | None], str]:
    """`date_formatter("SHORT_DATE_FORMAT")`: "2026-12-06" in both languages."""
    return date_formatter("SHORT_DATE_FORMAT")
