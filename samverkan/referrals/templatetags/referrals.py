from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable
from typing import Any

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import linebreaks_filter, truncatechars
from django.template.defaulttags import CsrfTokenNode
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import conditional_escape as _escaped
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from samverkan.core.badges import Badge
from samverkan.core.paths import fast_reverse
from samverkan.core.templatetags.layout import content_lang_attribute
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


@register.simple_tag
def board_rows(rows: Iterable[tuple[Any, Iterable[Recipient | Cell | None]]]) -> SafeString:
    """The board's rows: per principal its name (a link to its page) and its cells (see
    board_cells). Written in Python, as the cells: a row's template lookups and its URL were
    most of what the board's rows still cost (tests/referrals/test_rows_in_python.py)."""
    language = get_language()
    not_asked = _not_asked(language)
    parts = []
    for principal, cells in rows:
        parts.append(
            f'<tr><th scope="row"><a href="{_escaped(principal.get_absolute_url())}">{_escaped(principal.label)}</a></th>\n'
        )
        parts.append("".join(f"<td>{_board_cell(language, cell) if cell else not_asked}</td>" for cell in cells))
        parts.append("\n</tr>")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped, each cell is safe HTML


@register.simple_tag
def board_heads(columns: Iterable[tuple[Any, Any]]) -> SafeString:
    """The board's column heads: per recommendation its title (a link, cut at 60 characters),
    its deadline and its outcome's badge. In Python, as the rows: the head included the outcome's
    template once a column (tests/referrals/test_rows_in_python.py compares the two)."""
    parts = []
    lang = content_lang_attribute()  # the titles are Swedish: lang="sv" in the English interface
    for rec, outcome in columns:
        badge = outcome.badge if outcome is not None else Badge(_("Cannot be computed yet"), "outcome")
        deadline = rec.deadline
        parts.append(
            f'<th scope="col"><a href="{_escaped(rec.get_absolute_url())}"{lang}>{_escaped(truncatechars(rec.title, 60))}</a>'
            f'<br><span class="muted">{deadline.year:04d}-{deadline.month:02d}-{deadline.day:02d}</span>'
            f"<br>{badge.__html__()}{OUTCOME_END}</th>"
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped, the badge is safe HTML


OUTCOME_END = "\n"  # what referrals/_outcome.html, included in the heads before, ended with


@functools.lru_cache(maxsize=16)
def _not_asked(language: str | None) -> SafeString:
    return format_html('<span class="visually-hidden">{}</span>', _("not asked"))


_ANY_PK = 987654321  # a placeholder recipient in a reversed URL, replaced by each row's


@register.simple_tag(takes_context=True)
def recipient_admin(context: Any, recipient: Recipient) -> SafeString:
    """The secretary's cell of a recipient on the recommendation's page: when the link was sent
    and to whom, whether it was revoked, the reminders, and (while the recommendation is out)
    the forms to send a new link or revoke it and the link to record an answer.

    Written in Python rather than in the page's template: with 50 recipients the cell's template
    work (two URLs reversed, a CSRF field, two dates and a dozen translations a row) was most of
    the page's time. The page's URLs are reversed once (the row's number put in), the strings and
    their escaping are the template's."""
    recommendation = context["recommendation"]
    cache = context.render_context
    urls = cache.get("recipient_admin")
    if urls is None:
        urls = cache["recipient_admin"] = (
            reverse("referrals:link", kwargs={"pk": recommendation.pk, "recipient_pk": _ANY_PK}),
            reverse("referrals:answer", kwargs={"pk": _ANY_PK}),
            CsrfTokenNode().render(context),
        )
    link, answer, csrf = urls
    sent = recommendation.status == recommendation.Status.SENT
    parts = ["\n    "]
    if recipient.invited_at:
        parts.append(
            _("Sent %(when)s to %(to)s")
            % {"when": _escaped(_date(recipient.invited_at)), "to": _escaped(recipient.invited_to)}
        )
    elif sent and getattr(recipient, "reachable", False):
        parts.append(f'<span class="badge">{_escaped(_("Invitation waiting in the mail queue"))}</span>')
    elif sent:
        parts.append(f'<span class="badge">{_escaped(_("No registrar with an e-mail address"))}</span>')
    parts.append("\n    ")
    if recipient.link_revoked:
        parts.append(f'<br><span class="badge">{_escaped(_("link revoked"))}</span>')
    parts.append("\n    ")
    for reminder in recipient.reminder_log:  # type: ignore[attr-defined]
        text = _("Reminder %(days)s days before: %(when)s") % {
            "days": _escaped(localize(reminder.days_before)),
            "when": _escaped(_date(reminder.sent_at)),
        }
        parts.append(f"<br>{text}")
    parts.append("\n    ")
    if sent:
        pk = str(recipient.pk)
        name = _escaped(recipient.principal.name)
        hidden = f'<span class="visually-hidden"> – {name}</span>'
        parts.append(
            f'\n    <form method="post" action="{link.replace(str(_ANY_PK), pk)}">{csrf}'
            f'\n      <button type="submit" name="action" value="reissue" class="button secondary">'
            f"{_escaped(_('Send a new link'))}{hidden}</button>\n      "
        )
        if not recipient.link_revoked:
            parts.append(
                '<button type="submit" name="action" value="revoke" class="button secondary">'
                f"{_escaped(_('Revoke the link'))}{hidden}</button>"
            )
        parts.append(
            f'\n    </form>\n    <a href="{answer.replace(str(_ANY_PK), pk)}">{_escaped(_("Record an answer"))}{hidden}</a>'
            "\n    "
        )
    parts.append("\n  ")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above


@register.simple_tag(takes_context=True)
def recipient_rows(context: Any, recipients: Iterable[Recipient]) -> SafeString:
    """The rows of "Where each principal stands" on the recommendation's page: per recipient
    (loaded by selectors.recipients_with_history) the principal, its current answer with its
    condition, text and earlier answers, when and by whom it was decided, the paragraph, the
    extract, and for the secretary the link and reminders (recipient_admin).

    Written in Python rather than in the page's template, as the secretary's cell before it:
    with 50 recipients the rows' template work (a dozen lookups, dates, a display method and
    a URL a row) was half of the page's time. It reads exactly as the template did
    (tests/referrals/test_rows_in_python.py compares the two); the strings and their escaping
    are the template's."""
    recommendation = context["recommendation"]
    secretary = bool(context.get("secretary"))
    language = get_language()
    draft = recommendation.status == recommendation.Status.DRAFT
    not_sent = f'<span class="answer answer-none">{_escaped(_("not sent yet"))}</span>'
    condition = _escaped(_("Condition"))
    read_answer = _escaped(_("Read the answer"))
    earlier = _escaped(_("Earlier answers"))
    extract = _escaped(_("Extract (PDF)"))
    parts = []
    for r in recipients:
        answer = r.current_response
        name = _escaped(r.principal.name)
        parts.append(
            f'\n<tr id="mottagare-{r.pk}">\n  <th scope="row"><a href="{_escaped(r.principal.get_absolute_url())}">'
            f"{name}</a></th>\n  <td>"
        )
        if draft:
            parts.append(not_sent)
        elif answer:
            parts.append(_cell(language, answer.answer, answer.late, answer.is_demo))
        else:
            parts.append(_cell(language, None, False, False))
        parts.append("\n    ")
        if answer and answer.condition:
            parts.append(f'<br><span class="muted">{condition}:</span> {_escaped(answer.condition)}')
        parts.append("\n    ")
        if answer and answer.text:
            parts.append(f"<details><summary>{read_answer}</summary>{linebreaks_filter(answer.text, True)}</details>")
        parts.append("\n    ")
        history = r.history  # type: ignore[attr-defined]
        if len(history) > 1:
            parts.append(f"<details><summary>{earlier}</summary><ul>")
            for h in history[1:]:
                parts.append(f"<li>{_escaped(_date(h.answered_at))}: {_escaped(h.get_answer_display())}")
                if h.condition:
                    parts.append(f" ({_escaped(h.condition)})")
                parts.append("</li>")
            parts.append("</ul></details>")
        parts.append("\n  </td>\n  <td>")
        if answer:
            if answer.decided_on:
                parts.append(_escaped(_date(answer.decided_on)))
            parts.append("</td>\n  <td>")
            parts.append(_escaped(answer.decided_by_name or answer.get_decided_by_display()))
            parts.append(f"</td>\n  <td>{_escaped(answer.paragraph)}</td>\n  <td>")
            if answer.extract:
                if answer.extract_reading == "read":
                    url = fast_reverse("referrals:extract", pk=recommendation.pk, response_pk=answer.pk)
                    parts.append(
                        f'<a href="{_escaped(url)}">{extract}<span class="visually-hidden">, {name}</span></a>'
                    )
                elif secretary:
                    reading = get_template("documents/reading.html").render(
                        {"state": answer.extract_reading, "refusal": answer.extract_refusal}
                    )
                    parts.append(f"{extract} {reading}")
            parts.append("</td>\n  ")
        else:
            parts.append("</td>\n  <td></td>\n  <td></td>\n  <td></td>\n  ")
        if secretary:
            parts.append(f"<td>{recipient_admin(context, r)}</td>")
        parts.append("\n</tr>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above


@register.simple_tag
def inbox_rows(recipients: Iterable[Recipient]) -> SafeString:
    """The rows of a part of the registrar's inbox: the recommendation (a link to answer it) and
    its body, the principal, the deadline and the current answer. Written in Python, as the
    recommendation page's rows (its template's lookups, a date and a URL reversed per row were
    most of the page's time); it reads exactly as the template did (tests/referrals/
    test_rows_in_python.py)."""
    language = get_language()
    parts = []
    for r in recipients:
        rec = r.recommendation
        answer = r.current_response
        cell = (
            _cell(language, answer.answer, answer.late, answer.is_demo)
            if answer
            else _cell(language, None, False, False)
        )
        parts.append(
            f'<tr>\n<td><a href="{_escaped(fast_reverse("referrals:answer", pk=r.pk))}">{_escaped(rec.title)}</a>'
            f'<br><span class="muted">{_escaped(rec.body.name)}</span></td>\n<td>{_escaped(r.principal.name)}</td>\n'
            f"<td>{_escaped(_date(rec.deadline))}</td>\n<td>{cell}</td>\n</tr>"
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above


def _date(value: Any) -> str:
    """As the template's `value|date:"j F Y"` (in the local time zone), each day formatted once a
    process and language (the invitations of a recommendation went out on the same day)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):  # in the local time zone, as the template's filter reads it
        value = (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    return _day(value, get_language())


@functools.lru_cache(maxsize=1024)
def _day(day: datetime.date, language: str | None) -> str:
    return str(date_filter(day, "j F Y"))
