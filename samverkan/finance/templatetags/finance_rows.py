"""`{% load finance_rows %}`: the rows of the fund, budget and fee tables written in Python (issue 19).

`{% fund_rows page part_labels %}` writes the rows of "Balance year by year" exactly as the
fund page's template wrote them (tests/finance/test_fund_rows.py renders both): ten cells a
year, each an amount, a translation or both, were half of the page's template time.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from samverkan.core.paths import fast_reverse
from samverkan.core.templatetags.layout import content_lang_attribute, content_lang_span
from samverkan.core.widgets import escaped
from samverkan.finance.selectors import BudgetPage, FeeBasis, FundPage
from samverkan.finance.templatetags.money import kr, number

register = template.Library()


def _swedish(text: str) -> str:
    """`{{ text|content_lang }}`: the stored text, escaped, marked as Swedish on a page that is not."""
    return str(content_lang_span(text)) if text else ""


def _amount(value: Any) -> str:
    """`{% if value is not None %}{{ value|kr }}{% endif %}` (a missing record's field is None
    to `{% if %}`)."""
    return "" if value is None else escaped(kr(value))


@register.simple_tag
def fund_rows(page: FundPage, part_labels: list[str]) -> SafeString:
    not_previous = escaped(gettext("not the previous closing"))
    status = {
        "projection": escaped(gettext("projection")),
        "estimate": escaped(gettext("estimate")),
        "actual": escaped(gettext("actual")),
    }
    against = gettext("%(d)s against the estimate")
    repeats = gettext("repeats the plan of %(year)s")
    rows = []
    for row in page.rows:
        r = row.record
        opening, income, cost, closing = (
            (None, None, None, None) if r is None else (r.opening, r.income, r.cost, r.closing)
        )
        parts = {} if r is None else r.parts
        cells = [f'<tr>\n<th scope="row">{row.year:d}</th>\n<td class="num">{_amount(opening)}']
        if row.opening_differs:
            cells.append(f"<br><strong>{not_previous}</strong>")
        cells.append("</td>\n")
        for label in part_labels:
            shown = "".join(escaped(kr(v)) for k, v in parts.items() if k == label)
            cells.append(f'<td class="num">{shown}</td>')
        change = row.change
        cells.append(
            f'\n<td class="num">{_amount(income)}</td>\n<td class="num">{_amount(cost)}</td>\n'
            f'<td class="num">{"" if change is None else escaped(kr(change))}</td>\n'
            f'<td class="num">{_amount(closing)}</td>\n'
            f"<td>{status['projection'] if not r else status['estimate'] if r.estimate else status['actual']}</td>\n"
            '<td class="num">'
        )
        projected = row.projected
        if projected:
            cells.append(escaped(kr(projected.closing)))
            difference = row.projection_difference
            if difference:
                cells.append(f'<br><span class="muted">{against % {"d": escaped(kr(difference))}}</span>')
        note = "" if r is None else r.note
        cells.append(f"</td>\n<td>{_swedish(note)}")
        if projected and projected.plan_year != row.year:
            if note:
                cells.append("; ")
            cells.append(repeats % {"year": escaped("%d" % projected.plan_year)})  # noqa: UP031 - the filter's
        cells.append("</td>\n</tr>")
        rows.append("".join(cells))
    return mark_safe("".join(rows))  # noqa: S308 - every value is escaped above


def _stated(code: str, stated: Any, differs: bool, labels: dict[str, str]) -> str:
    """The row of the document's own sum of a group, and whether the lines agree with it."""
    verdict = f"<strong>{labels['differs']}</strong>" if differs else labels["agrees"]
    extra = f" {_swedish(stated.note)}" if stated.note else ""
    return (
        f'<tr class="stated"><td>{escaped(code)}</td><th scope="row">{_swedish(stated.name)} '
        f'<span class="muted">({labels["as_stated"]})</span></th><td class="num">{escaped(kr(stated.income))}</td>'
        f'<td class="num">{escaped(kr(stated.cost))}</td><td class="num">{escaped(kr(stated.net))}</td>'
        f"<td>{verdict}{extra}</td></tr>"
    )


@register.simple_tag
def budget_groups(page: BudgetPage) -> SafeString:
    """The budget page's groups of lines (a `<tbody>` each: a heading, the lines, the subtotal and
    the document's own sum), as finance/budget_detail.html wrote them (tests/finance/
    test_budget_rows.py renders both): six cells a line, each an amount or a text."""
    labels = {
        "as_stated": escaped(gettext("as the document states it")),
        "differs": escaped(gettext("differs from the lines")),
        "agrees": escaped(gettext("agrees with the lines")),
    }
    subtotal = gettext("Sum %(code)s")
    lang = content_lang_attribute()
    parts = []
    for group in page.groups:
        lines = group.lines
        parts.append("<tbody>\n")
        if len(lines) > 1 or group.heading:
            parts.append(
                f'<tr class="group-head"><th scope="rowgroup" colspan="6"{lang}>{escaped(group.label)}</th></tr>'
            )
        parts.append("\n")
        for line in lines:
            parts.append(
                f'<tr><td>{escaped(line.code)}</td><th scope="row"{lang}>{escaped(line.name)}</th>'
                f'<td class="num">{escaped(kr(line.income)) if line.income else ""}</td>'
                f'<td class="num">{escaped(kr(line.cost)) if line.cost else ""}</td>'
                f'<td class="num">{escaped(kr(line.net))}</td><td>{_swedish(line.note)}</td></tr>'
            )
        parts.append("\n")
        if len(lines) > 1:
            income, cost = group.income, group.cost
            parts.append(
                f'<tr class="subtotal"><td>{escaped(group.code)}</td>'
                f'<th scope="row">{subtotal % {"code": escaped(group.code)}}</th>'
                f'<td class="num">{escaped(kr(income))}</td><td class="num">{escaped(kr(cost))}</td>'
                f'<td class="num">{escaped(kr(income - cost))}</td><td></td></tr>'
            )
        parts.append("\n")
        if group.stated:
            parts.append(_stated(group.code, group.stated, group.stated_differs, labels))
        parts.append("\n</tbody>")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above


@register.simple_tag
def fee_rows(basis: FeeBasis) -> SafeString:
    """The fee page's invoice basis, a row per payer, as finance/fee_detail.html wrote it
    (tests/finance/test_fee_rows.py renders both): a link, an amount or a count per cell."""
    key = basis.fee.key
    unknown = escaped(gettext("unknown"))
    rows = []
    for row in basis.rows:
        principal = row.principal
        name = escaped(principal.name)
        members = ""
        if row.payer.members:
            n = len(row.members)
            counted = ngettext("for %(n)s member", "for %(n)s members", n) % {"n": escaped(localize(n))}
            members = f'<br><span class="muted">{counted}</span>'
        if row.amount is not None:
            pdf = fast_reverse("finance:fee_payer_pdf", key=key, payer=principal.key)
            invoice = f'<a href="{escaped(pdf)}">PDF<span class="visually-hidden"> {name}</span></a>'
        else:
            invoice = unknown
        rows.append(
            f'<tr>\n<th scope="row"><a href="{escaped(principal.get_absolute_url())}">{name}</a>{members}</th>\n'
            f'<td class="num">{escaped(number(row.inhabitants))}</td><td class="num">{escaped(kr(row.exact))}</td>'
            f'<td class="num">{escaped(kr(row.amount))}</td><td class="num">{escaped(kr(row.difference))}</td>\n'
            f"<td>{invoice}</td>\n</tr>"
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value is escaped above
