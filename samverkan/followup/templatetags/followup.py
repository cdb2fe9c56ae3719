from decimal import Decimal

from django import template

from samverkan.followup.status import number as number_text

register = template.Library()


@register.filter
def number(value: Decimal | None) -> str:
    """A value with only the decimals it needs, the Swedish way (72.40 -> "72,4")."""
    return "–" if value is None else number_text(value)
