from __future__ import annotations

import functools
from collections.abc import Iterable

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from samverkan.referrals.models import Recipient, Response
from samverkan.referrals.selectors import Cell

register = template.Library()


@register.simple_tag
def answer_cell(answer: Response | None) -> SafeString:
    """A principal's current answer with its badges (late, demo), or "not answered".

    Written in Python rather than as an included template: the board shows it for every
    principal and recommendation (50 x 100 cells), where an include per cell takes seconds.
    A cell depends only on the answer, its two badges and the language, so each of the few
    distinct cells is built once per process and language."""
    if not answer:
        return _cell(get_language(), None, False, False)
    return _cell(get_language(), answer.answer, answer.late, answer.is_demo)


@functools.lru_cache(maxsize=256)
def _cell(language: str | None, answer: str | None, late: bool, demo: bool) -> SafeString:
    if answer is None:
        return format_html('<span class="answer answer-none">{}</span>', _("not answered"))
    label = Response.Answer(answer).label if answer in Response.Answer.values else answer
    html = format_html('<span class="answer answer-{}">{}</span>', answer, label)
    if late:
        html += format_html(' <span class="badge">{}</span>', _("late"))
    if demo:
        html += format_html(' <span class="badge">{}</span>', _("demo"))
    return html


def _board_cell(language: str | None, cell: Recipient | Cell) -> SafeString:
    if isinstance(cell, Cell):
        return _cell(language, cell.answer, cell.late, cell.demo)
    answer = cell.current_response
    return (
        _cell(language, answer.answer, answer.late, answer.is_demo) if answer else _cell(language, None, False, False)
    )


@register.simple_tag
def board_cells(cells: Iterable[Recipient | Cell | None]) -> SafeString:
    """One row of the board: a cell per recommendation, empty where the principal was not asked.
    The language is read once a row, and the cells (safe HTML, see _cell) joined as they are."""
    language = get_language()
    not_asked = _not_asked(language)
    return mark_safe(  # noqa: S308 - each cell is safe HTML built by format_html
        "".join(f"<td>{_board_cell(language, cell) if cell else not_asked}</td>" for cell in cells)
    )


@functools.lru_cache(maxsize=16)
def _not_asked(language: str | None) -> SafeString:
    return format_html('<span class="visually-hidden">{}</span>', _("not asked"))
