"""A line chart of an indicator's values drawn on the server as SVG (no script, no CDN). The
chart is an image with a title and a summary; the page always shows the same values as a
table next to it, so nothing is told by the drawing alone."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from samverkan.followup.status import number

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 40


def line_chart(
    points: list[tuple[str, Decimal]],
    *,
    title: str,
    summary: str,
    target: Decimal | None,
    target_label: str,
    ident: str,
) -> SafeString:
    """`points` are (period, value) in order. Returns the <svg> (empty string without points)."""
    if not points:
        return SafeString("")
    values = [v for _p, v in points] + ([target] if target is not None else [])
    low, high = min([*values, Decimal(0)]), max(values)
    if high == low:
        high = low + 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(i: int) -> str:
        return f"{LEFT + (plot_w / 2 if len(points) == 1 else plot_w * i / (len(points) - 1)):.1f}"

    def y(v: Decimal, shift: float = 0) -> str:
        return f"{TOP + plot_h * float((high - v) / (high - low)) + shift:.1f}"

    parts = [
        format_html(
            '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" '
            'xmlns="http://www.w3.org/2000/svg"><title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
            WIDTH,
            HEIGHT,
            ident,
            ident,
            ident,
            title,
            ident,
            summary,
        )
    ]
    # Axes and the scale: the lowest and highest values.
    parts.append(format_html('<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"/>', LEFT, TOP, LEFT, TOP + plot_h))
    parts.append(
        format_html(
            '<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"/>', LEFT, TOP + plot_h, WIDTH - RIGHT, TOP + plot_h
        )
    )
    for v in (low, high):
        parts.append(
            format_html('<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>', LEFT - 6, y(v, 4), number(v))
        )
    if target is not None:
        ty = y(target)
        label_y = y(target, -6)
        parts.append(format_html('<line class="target" x1="{}" y1="{}" x2="{}" y2="{}"/>', LEFT, ty, WIDTH - RIGHT, ty))
        parts.append(
            format_html(
                '<text class="target-label" x="{}" y="{}" text-anchor="end">{}</text>',
                WIDTH - RIGHT,
                label_y,
                target_label,
            )
        )
    path = " ".join(f"{'M' if i == 0 else 'L'}{x(i)},{y(v)}" for i, (_p, v) in enumerate(points))
    parts.append(format_html('<path class="line" d="{}"/>', path))
    for i, (period, v) in enumerate(points):
        parts.append(format_html('<circle class="point" cx="{}" cy="{}" r="4"/>', x(i), y(v)))
        parts.append(
            format_html(
                '<text class="tick" x="{}" y="{}" text-anchor="middle">{}</text>',
                x(i),
                HEIGHT - BOTTOM + 18,
                period,
            )
        )
    parts.append(SafeString("</svg>"))
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - every part escaped by format_html
