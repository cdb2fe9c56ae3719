"""One way of writing dates, times and numbers (samverkan/formats/, core/formatting.py): a time
in Swedish is "09.11" everywhere (kl. 17.30, as the notices and minutes write it), never
"09:11" on one page and "09.11" on the next; a negative number has the minus sign."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from samverkan.core.formatting import format_count, format_money, group_digits

TEMPLATES = Path(settings.BASE_DIR) / "samverkan"
# A clock written into a template's own date pattern: the named formats carry it instead.
CLOCK_PATTERN = re.compile(r"""\|(date|time):["'][^"']*[GgHh][.:]i[^"']*["']""")


def test_no_template_writes_its_own_clock_pattern() -> None:
    found = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in TEMPLATES.rglob("templates/**/*")
        if path.suffix in (".html", ".txt")
        for match in CLOCK_PATTERN.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, "use DATETIME_FORMAT, SHORT_DATETIME_FORMAT or TIME_FORMAT:\n" + "\n".join(found)


def test_the_named_formats_write_a_swedish_clock_and_an_english_one() -> None:
    moment = datetime.datetime(2026, 12, 6, 7, 39)
    template = Template(
        '{{ t|date:"DATETIME_FORMAT" }} | {{ t|date:"SHORT_DATETIME_FORMAT" }} | {{ t|time:"TIME_FORMAT" }}'
    )
    with translation.override("sv"):
        assert template.render(Context({"t": moment})) == "6 december 2026 07.39 | 2026-12-06 07.39 | 07.39"
    with translation.override("en"):
        assert template.render(Context({"t": moment})) == "6 December 2026 07:39 | 2026-12-06 07:39 | 07:39"


def test_numbers_and_money_have_grouped_digits_and_the_minus_sign() -> None:
    assert group_digits(-1_700_605) == "\u22121\xa0700\xa0605"
    assert format_money(-39_120_000) == "\u2212391\xa0200\xa0kr"
    assert format_count(2019) == "2019" and format_count(17_000) == "17\xa0000" and format_count(-5) == "\u22125"


def test_follow_up_values_have_the_minus_sign_too() -> None:
    from decimal import Decimal

    from samverkan.followup.status import number, percent

    with translation.override("sv"):
        assert number(Decimal("-1234.5")) == "\u22121\xa0234,5"
        assert percent(Decimal("-4.55")) == "\u22124,6\xa0%"
        assert number(Decimal("72.40")) == "72,4"
