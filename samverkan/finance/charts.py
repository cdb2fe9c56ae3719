"""Charts drawn on the server as SVG: no script, no library, nothing fetched. Each bar carries
its label and its value as text, so nothing is told by colour alone (WCAG 1.4.1); the page puts
the data table beside the chart and a one-sentence summary above it (WCAG 1.1.1). The SVG
scales to the width of its container (viewBox), but not below the width its text is readable at:
on a phone it scrolls sideways inside its labelled region (`{% scrollable %}`, site.css), never
the page, and the same figures are in the table below it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from samverkan.finance.money import format_money

# Colours and type as SVG presentation attributes, not a <style> element: the site's
# Content-Security-Policy (style-src 'self') refuses inline styles, which left the bars black,
# the hatching out and the values in 16 px serif running past the edge.
INK = "#1b1b1b"
BAR = "#1f5c99"
ALT = "#b35900"
HATCH = "#5a2d00"
FONT = f' font-family="sans-serif" font-size="13" fill="{INK}"'


@dataclass(frozen=True)
class Bar:
    label: str
    value: int  # öre
    note: str = ""  # e.g. "uppskattning", shown after the value
    emphasis: bool = False  # drawn hatched as well as in another colour


def _text(value: str) -> str:
    return str(escape(value))


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    description: str,
    chart_id: str,
    value_text: Callable[[int], str] = format_money,
) -> SafeString:
    """Horizontal bars, one per row, from a zero line (negative values extend to the left)."""
    row_height, label_width, value_width, bar_width = 22, 230, 190, 420
    width = label_width + bar_width + value_width
    height = row_height * len(bars) + 10
    low = min([0, *(bar.value for bar in bars)])
    high = max([0, *(bar.value for bar in bars)])
    span = (high - low) or 1
    zero_x = label_width + bar_width * (-low) / span
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-bars" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-title">{_text(title)}</title>',
        f'<desc id="{chart_id}-desc">{_text(description)}</desc>',
        '<defs><pattern id="' + chart_id + '-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{ALT}"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{HATCH}" stroke-width="2"/></pattern></defs>',
    ]
    for index, bar in enumerate(bars):
        y = 5 + index * row_height
        length = bar_width * abs(bar.value) / span
        x = zero_x if bar.value >= 0 else zero_x - length
        fill = f"url(#{chart_id}-hatch)" if bar.emphasis else BAR
        value = value_text(bar.value) + (f" ({bar.note})" if bar.note else "")
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end" class="chart-label"{FONT}>'
            f"{_text(bar.label)}</text>"
            f'<rect x="{x:.1f}" y="{y + 3}" width="{max(length, 1):.1f}" height="{row_height - 6}" '
            f'class="bar{" bar-alt" if bar.emphasis else ""}" fill="{fill}"/>'
            f'<text x="{label_width + bar_width + 6}" y="{y + 15}" class="chart-value"{FONT}>{_text(value)}</text>'
        )
    parts.append(
        f'<line x1="{zero_x:.1f}" y1="0" x2="{zero_x:.1f}" y2="{height}" class="axis" stroke="{INK}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it is escaped above
