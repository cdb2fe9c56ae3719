"""A line chart of an indicator's values drawn on the server as SVG (no script, no CDN). The
chart is an image with a title and a summary; the page always shows the same values as a
table next to it, so nothing is told by the drawing alone.

It is drawn twice, as the money charts are (finance/charts.py), and CSS shows one (the other is
`display: none`, out of the accessibility tree too): the wide one (640 px) and a narrow one for a
phone (340 px, a 375 px window less the page's margins), its text as large, the periods thinned
out so that they do not run into each other. The wide one scrolled sideways in a phone's window,
the latest values and the target's label out of view.

Colours and type are SVG presentation attributes, not a <style> element and not classes: the
site's Content-Security-Policy (style-src 'self') refuses inline styles, and without them the
line was drawn as a black filled shape and the axes and the target line not at all."""

from __future__ import annotations

import math
from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from samverkan.followup.status import number

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 40
NARROW_WIDTH, NARROW_HEIGHT = 340, 240
CHAR_WIDTH = 7.5  # a generous guess of a character's width at 13 px (no font metrics here)

INK = "#1b1b1b"
LINE = "#1f5c99"
TARGET = "#b35900"
FONT = {"font-family": "sans-serif", "font-size": "13", "fill": INK}


def line_chart(
    points: list[tuple[str, Decimal]],
    *,
    title: str,
    summary: str,
    target: Decimal | None,
    target_label: str,
    ident: str,
) -> SafeString:
    """`points` are (period, value) in order. Returns the wide and the narrow <svg> (site.css
    shows the one that fits), or an empty string without points."""
    if not points:
        return SafeString("")

    def drawing(width: int, height: int, left: int, right: int, css: str, suffix: str) -> str:
        return _drawing(
            points,
            width=width,
            height=height,
            left=left,
            right=right,
            css=css,
            ident=f"{ident}{suffix}",
            title=title,
            summary=summary,
            target=target,
            target_label=target_label,
        )

    wide = drawing(WIDTH, HEIGHT, LEFT, RIGHT, "chart chart-line", "")
    ticks = [number(v) for v in _scale(points, target)]
    left = max(36, math.ceil(max(len(t) for t in ticks) * CHAR_WIDTH) + 10)
    right = max(8, math.ceil(len(points[-1][0]) * CHAR_WIDTH / 2) + 2)  # the last period, centred
    narrow = drawing(NARROW_WIDTH, NARROW_HEIGHT, left, right, "chart chart-line-narrow", "-narrow")
    return mark_safe(wide + narrow)  # noqa: S308 - both built by format_html


def _scale(points: list[tuple[str, Decimal]], target: Decimal | None) -> tuple[Decimal, Decimal]:
    values = [v for _p, v in points] + ([target] if target is not None else [])
    low, high = min([*values, Decimal(0)]), max(values)
    return (low, low + 1) if high == low else (low, high)


def _text(x: object, y: object, anchor: str, text: str, css: str) -> SafeString:
    return format_html(
        '<text class="{}" x="{}" y="{}" text-anchor="{}" font-family="{}" font-size="{}" fill="{}">{}</text>',
        css,
        x,
        y,
        anchor,
        FONT["font-family"],
        FONT["font-size"],
        FONT["fill"],
        text,
    )


def _drawing(
    points: list[tuple[str, Decimal]],
    *,
    width: int,
    height: int,
    left: int,
    right: int,
    css: str,
    ident: str,
    title: str,
    summary: str,
    target: Decimal | None,
    target_label: str,
) -> str:
    low, high = _scale(points, target)
    plot_w, plot_h = width - left - right, height - TOP - BOTTOM

    def x(i: int) -> str:
        return f"{left + (plot_w / 2 if len(points) == 1 else plot_w * i / (len(points) - 1)):.1f}"

    def y(v: Decimal, shift: float = 0) -> str:
        return f"{TOP + plot_h * float((high - v) / (high - low)) + shift:.1f}"

    parts = [
        format_html(
            '<svg class="{}" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" '
            'xmlns="http://www.w3.org/2000/svg"><title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
            css,
            width,
            height,
            ident,
            ident,
            ident,
            title,
            ident,
            summary,
        )
    ]
    # Axes and the scale: the lowest and highest values.
    axis = '<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>'
    parts.append(format_html(axis, left, TOP, left, TOP + plot_h, INK))
    parts.append(format_html(axis, left, TOP + plot_h, width - right, TOP + plot_h, INK))
    for v in (low, high):
        parts.append(_text(left - 6, y(v, 4), "end", number(v), "tick"))
    if target is not None:
        ty = y(target)
        parts.append(
            format_html(
                '<line class="target" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2" '
                'stroke-dasharray="6 4"/>',
                left,
                ty,
                width - right,
                ty,
                TARGET,
            )
        )
        parts.append(_text(width - right, y(target, -6), "end", target_label, "target-label"))
    path = " ".join(f"{'M' if i == 0 else 'L'}{x(i)},{y(v)}" for i, (_p, v) in enumerate(points))
    parts.append(format_html('<path class="line" d="{}" fill="none" stroke="{}" stroke-width="2"/>', path, LINE))
    # Every period under its point, unless they would run into each other: then every k-th,
    # counted back from the latest, which is always shown.
    spacing = plot_w / max(len(points) - 1, 1)
    widest = max(len(p) for p, _v in points) * CHAR_WIDTH + 6
    every = max(1, math.ceil(widest / spacing)) if len(points) > 1 else 1
    for i, (period, v) in enumerate(points):
        parts.append(format_html('<circle class="point" cx="{}" cy="{}" r="4" fill="{}"/>', x(i), y(v), LINE))
        if (len(points) - 1 - i) % every == 0:
            parts.append(_text(x(i), height - BOTTOM + 18, "middle", period, "tick"))
    parts.append(SafeString("</svg>"))
    return "".join(str(p) for p in parts)
