"""Charts drawn on the server as SVG: no script, no library, nothing fetched. Each bar carries
its label and its value as text, so nothing is told by colour alone (WCAG 1.4.1); the page puts
the data table beside the chart and a one-sentence summary above it (WCAG 1.1.1). The SVG
scales to the width of its container (viewBox), but not below the width its text is readable at:
where it does not fit it scrolls sideways inside its labelled region (`{% scrollable %}`,
site.css), never the page, and the same figures are in the table below it.

A bar chart is drawn twice, and CSS shows one (the other is `display: none`, so out of the
accessibility tree too): the wide one, label | bar | value on one line, and a narrow one for a
phone, the label on a line of its own above its bar and value, which fits a 375 px window. The
wide one scrolled in a phone's window opened on its right-aligned labels' empty left side, with
the bars and values out of view."""

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


# The narrow drawing's width in px at 13 px text (a 375 px window less the page's margins), and
# a generous guess of the width of a character of that text (no font metrics on the server).
NARROW_WIDTH = 340
CHAR_WIDTH = 7.5


def _text_width(value: str) -> float:
    return len(value) * CHAR_WIDTH


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    description: str,
    chart_id: str,
    value_text: Callable[[int], str] = format_money,
) -> SafeString:
    """The wide and the narrow drawing of the same bars (site.css shows the one that fits)."""
    values = [value_text(bar.value) + (f" ({bar.note})" if bar.note else "") for bar in bars]
    return mark_safe(  # noqa: S308 - both are built from escaped text
        _wide_bars(bars, values, title=title, description=description, chart_id=chart_id)
        + _narrow_bars(bars, values, title=title, description=description, chart_id=f"{chart_id}-narrow")
    )


def _head(chart_id: str, css: str, width: float, height: float, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css}" viewBox="0 0 {width:.0f} {height}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-title">{_text(title)}</title>',
        f'<desc id="{chart_id}-desc">{_text(description)}</desc>',
        '<defs><pattern id="' + chart_id + '-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{ALT}"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{HATCH}" stroke-width="2"/></pattern></defs>',
    ]


def _narrow_bars(bars: Sequence[Bar], values: list[str], *, title: str, description: str, chart_id: str) -> str:
    """A phone's drawing: each row is its label, then below it the bar from the zero line and its
    value just after the bar (right of the zero line for a negative one), all within the width."""
    row_height = 38
    value_width = max([0.0, *(_text_width(v) for v in values)]) + 6
    width = max([NARROW_WIDTH, *(_text_width(bar.label) + 2 for bar in bars)])
    bar_width = max(width - value_width, width / 3)
    height = row_height * len(bars) + 6
    low = min([0, *(bar.value for bar in bars)])
    high = max([0, *(bar.value for bar in bars)])
    span = (high - low) or 1
    zero_x = 1 + (bar_width - 2) * (-low) / span
    parts = _head(chart_id, "chart chart-bars-narrow", width, height, title, description)
    for index, (bar, value) in enumerate(zip(bars, values, strict=True)):
        y = 3 + index * row_height
        length = (bar_width - 2) * abs(bar.value) / span
        x = zero_x if bar.value >= 0 else zero_x - length
        fill = f"url(#{chart_id}-hatch)" if bar.emphasis else BAR
        parts.append(
            f'<text x="0" y="{y + 13}" class="chart-label"{FONT}>{_text(bar.label)}</text>'
            f'<rect x="{x:.1f}" y="{y + 18}" width="{max(length, 1):.1f}" height="14" '
            f'class="bar{" bar-alt" if bar.emphasis else ""}" fill="{fill}"/>'
            f'<text x="{max(x + length, zero_x) + 6:.1f}" y="{y + 30}" class="chart-value"{FONT}>{_text(value)}</text>'
            # The zero line on the bar's line only, never through the label above it.
            f'<line x1="{zero_x:.1f}" y1="{y + 16}" x2="{zero_x:.1f}" y2="{y + 34}" class="axis" '
            f'stroke="{INK}" stroke-width="1"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _wide_bars(bars: Sequence[Bar], values: list[str], *, title: str, description: str, chart_id: str) -> str:
    """Horizontal bars, one per row, from a zero line (negative values extend to the left)."""
    row_height, label_width, value_width, bar_width = 22, 230, 190, 420
    width = label_width + bar_width + value_width
    height = row_height * len(bars) + 10
    low = min([0, *(bar.value for bar in bars)])
    high = max([0, *(bar.value for bar in bars)])
    span = (high - low) or 1
    zero_x = label_width + bar_width * (-low) / span
    parts = _head(chart_id, "chart chart-bars", width, height, title, description)
    for index, (bar, value) in enumerate(zip(bars, values, strict=True)):
        y = 5 + index * row_height
        length = bar_width * abs(bar.value) / span
        x = zero_x if bar.value >= 0 else zero_x - length
        fill = f"url(#{chart_id}-hatch)" if bar.emphasis else BAR
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
    return "".join(parts)
