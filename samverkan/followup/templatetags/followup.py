from decimal import Decimal
from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from samverkan.core.paths import fast_reverse
from samverkan.core.templatetags.layout import content_lang_attribute, content_lang_span
from samverkan.core.widgets import escaped
from samverkan.followup.status import number as number_text

register = template.Library()


@register.filter
def number(value: Decimal | None) -> str:
    """A value with only the decimals it needs, the Swedish way (72.40 -> "72,4")."""
    return "–" if value is None else number_text(value)


@register.simple_tag
def value_rows(values: list[Any], unit: str) -> SafeString:
    """The rows of an indicator's table of values (period, value with its unit, source,
    comment), as followup/indicator_detail.html wrote them (tests/followup/test_value_rows.py
    renders both): a filter and three defaults a row were a fifth of the page (issue 19)."""
    after = f" {content_lang_span(unit)}" if unit else ""
    return mark_safe(  # noqa: S308 - every value is escaped
        "".join(
            f'<tr><th scope="row">{escaped(v.period)}</th><td class="num">{escaped(number(v.value))}{after}</td>'
            f"<td>{content_lang_span(v.source) if v.source else '–'}</td>"
            f"<td>{content_lang_span(v.comment) if v.comment else '–'}</td></tr>"
            for v in values
        )
    )


@register.simple_tag
def question_rows(
    rows: list[tuple[Any, bool]], project: Any, survey: Any, may_edit: bool, min_public: int
) -> SafeString:
    """The rows of a survey's table of questions (the question, the goal it measures with its
    target share, the share of yes answers and its status, or that too few answered; the edit
    link for staff), as followup/survey_detail.html wrote them (tests/followup/
    test_question_rows.py renders both): a link, a translation with a number, a share's text and
    an include with a badge a row were most of the page's template (issue 19)."""
    page = escaped(project.get_absolute_url())
    at_least = gettext("target at least %(share)s %%")
    hidden = gettext("Fewer than %(min_public)s answers: not shown") % {"min_public": escaped(localize(min_public))}
    no_target = f'<span class="muted">{escaped(gettext("No measurable target"))}</span>'
    edit = escaped(gettext("Edit question"))
    lang = content_lang_attribute()
    written = []
    for row, visible in rows:
        question = row.question
        goal = question.goal
        if goal:
            measures = f'<a href="{page}#{escaped(goal.anchor())}">{escaped(goal.code)}</a>'
            if goal.target_share is not None:
                measures += f" ({at_least % {'share': escaped(floatformat(goal.target_share, '-1'))}})"
        else:
            measures = "–"
        if visible:
            status = row.share.status
            shown = f"<td>{escaped(row.share.text)}</td><td>{status.badge.__html__() if status else no_target}\n</td>\n"
        else:
            shown = f'<td colspan="2">{hidden}</td>'
        link = ""
        if may_edit:
            url = fast_reverse("followup:question_edit", key=project.key, pk=survey.pk, question_pk=question.pk)
            link = f'<td><a href="{escaped(url)}">{edit}</a></td>'
        written.append(
            f'<tr>\n<th scope="row"{lang}>{escaped(question.text)}</th>\n<td>{measures}</td>\n{shown}\n{link}\n</tr>'
        )
    return mark_safe("".join(written))  # noqa: S308 - every value is escaped
