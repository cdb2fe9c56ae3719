"""`{% load finance_rows %}`: a fund's table rows written in Python (issue 19).

`{% fund_rows page part_labels %}` writes the rows of "Balance year by year" exactly as the
fund page's template wrote them (tests/finance/test_fund_rows.py renders both): ten cells a
year, each an amount, a translation or both, were half of the page's template time.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from samverkan.core.widgets import escaped
from samverkan.finance.selectors import FundPage
from samverkan.finance.templatetags.money import kr

register = template.Library()


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
        cells.append(f"</td>\n<td>{escaped(note)}")
        if projected and projected.plan_year != row.year:
            if note:
                cells.append("; ")
            cells.append(repeats % {"year": escaped("%d" % projected.plan_year)})  # noqa: UP031 - the filter's
        cells.append("</td>\n</tr>")
        rows.append("".join(cells))
    return mark_safe("".join(rows))  # noqa: S308 - every value is escaped above
