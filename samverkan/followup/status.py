"""How a goal or an indicator stands, shown as text with an icon and a colour (never colour
alone), and shares written the Swedish way ("45 av 60 = 75 %")."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samverkan.core.badges import Badge
from samverkan.core.formatting import MINUS

REACHED = "reached"
ON_TRACK = "on_track"
NOT_REACHED = "not_reached"
NOT_MEASURED = "not_measured"


@dataclass(frozen=True)
class Status:
    code: str
    label: Promise
    icon: str  # a character shown before the label, hidden from screen readers (the label says it)

    @property
    def css(self) -> str:
        return f"status-{self.code.replace('_', '-')}"

    @property
    def badge(self) -> Badge:
        return Badge(self.label, f"status {self.css}", self.icon)


STATUSES = {
    REACHED: Status(REACHED, _("Reached"), "✓"),
    ON_TRACK: Status(ON_TRACK, _("On track"), "↗"),
    NOT_REACHED: Status(NOT_REACHED, _("Not reached"), "✗"),
    NOT_MEASURED: Status(NOT_MEASURED, _("Not measured"), "?"),
}


def number(value: Decimal) -> str:
    """A value as few decimals as it needs, the Swedish way: 72.40 -> "72,4", 75.00 -> "75"."""
    exponent = value.normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return _minus(number_format(value, decimal_pos=places))


def _minus(text: str) -> str:
    """The minus sign, not the hyphen Django's number_format writes (see core/formatting.py)."""
    return MINUS + text[1:] if text.startswith("-") else text


def percent(value: Decimal) -> str:
    """75 -> "75 %", 74.55 -> "74,6 %" (one decimal when not whole, the locale's comma)."""
    rounded = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        text = number_format(int(rounded))
    else:
        text = number_format(rounded, decimal_pos=1)
    return f"{_minus(text)}\u00a0%"


@dataclass(frozen=True)
class Share:
    """The yes answers of a question against the goal's target share."""

    agreed: int
    answered: int
    invited: int
    target: Decimal | None
    demo: bool

    @property
    def value(self) -> Decimal | None:
        if not self.answered:
            return None
        return Decimal(self.agreed * 100) / Decimal(self.answered)

    @property
    def status(self) -> Status | None:
        """Not measured without answers; reached or not against a target share; None (nothing
        to judge against) when the goal has no target share."""
        value = self.value
        if value is None:
            return STATUSES[NOT_MEASURED]
        if self.target is None:
            return None
        return STATUSES[REACHED if value >= self.target else NOT_REACHED]

    @property
    def text(self) -> str:
        """ "45 av 60 = 75 %" (in the active language)."""
        value = self.value
        if value is None:
            return gettext("no answers yet")
        return gettext("%(agreed)s of %(answered)s = %(share)s") % {
            "agreed": number_format(self.agreed),
            "answered": number_format(self.answered),
            "share": percent(value),
        }
