from decimal import Decimal
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from samverkan.core.widgets import escaped
from samverkan.followup.status import number as number_text

register = template.Library()


@register.filter
def number(value: Decimal | None) -> str:
    """A value with only the decimals it needs, the Swedish way (72.40 -> "72,4")."""
    return "–" if value is None else number_text(value)


@register.simple_tag
def value_rows(values: list[Any], unit: str) -> SafeString:
    """The rows of an indicator's table of values (period, value with its unit, source,
    comment), as followup/indicator_detail.html wrote them (tests/followup/test_value_rows.py
    renders both): a filter and three defaults a row were a fifth of the page (issue 19)."""
    after = f" {escaped(unit)}" if unit else ""
    return mark_safe(  # noqa: S308 - every value is escaped
        "".join(
            f'<tr><th scope="row">{escaped(v.period)}</th><td class="num">{escaped(number(v.value))}{after}</td>'
            f"<td>{escaped(v.source or '–')}</td><td>{escaped(v.comment or '–')}</td></tr>"
            for v in values
        )
    )
