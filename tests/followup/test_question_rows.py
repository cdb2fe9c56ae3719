"""A survey's table of questions written in Python (followup's `question_rows`, issue 19) reads
exactly as the template that wrote it before: questions measuring a goal with or without a target
share or none, shares shown or too few answers, every status, the staff's edit links, text that
needs escaping, both languages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import engines
from django.test import Client
from django.utils import translation

from samverkan.followup import selectors, services
from samverkan.followup.models import Goal, Project, Survey
from tests.followup.test_surveys import e1, project, survey  # noqa: F401 - the fixtures

pytestmark = pytest.mark.django_db

# The rows as followup/survey_detail.html wrote them before the tag.
BEFORE = """{% load i18n layout %}{% for row, visible in rows %}<tr>
<th scope="row"{% content_lang %}>{{ row.question.text }}</th>
<td>{% if row.question.goal %}<a href="{{ project.get_absolute_url }}#{{ row.question.goal.anchor }}">{{ row.question.goal.code }}</a>{% if row.question.goal.target_share is not None %} ({% blocktranslate with share=row.question.goal.target_share|floatformat:"-1" %}target at least {{ share }} %{% endblocktranslate %}){% endif %}{% else %}–{% endif %}</td>
{% if visible %}<td>{{ row.share.text }}</td><td>{% include "followup/_status.html" with status=row.share.status %}</td>
{% else %}<td colspan="2">{% blocktranslate %}Fewer than {{ min_public }} answers: not shown{% endblocktranslate %}</td>{% endif %}
{% if may_edit %}<td><a href="{% url 'followup:question_edit' key=project.key pk=survey.pk question_pk=row.question.pk %}">{% translate "Edit question" %}</a></td>{% endif %}
</tr>{% endfor %}"""
AFTER = "{% load followup %}{% question_rows rows project survey may_edit min_public %}"


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("staff", [False, True])
def test_the_rows_read_as_the_template_wrote_them(
    project: Project,  # noqa: F811
    e1: Goal,  # noqa: F811
    survey: Survey,  # noqa: F811
    language: str,
    staff: bool,
) -> None:
    e2 = services.goal_create(actor=None, project=project, code="E2 <b>", text="Utan mål", target_share=None)
    e3 = services.goal_create(actor=None, project=project, code="E3", text="Högt", target_share=Decimal("72.5"))
    asked = {
        'Nöjd & "trygg"?': (e1, (60, 45)),
        "Utan målandel": (e2, (10, 5)),
        "Under målet <x>": (e3, (20, 5)),
        "För få svar": (e1, (3, 2)),
        "Utan mål": (None, (8, 8)),
        "Inga svar": (e3, None),
    }
    for text, (goal, counts) in asked.items():
        question = services.question_create(actor=None, survey=survey, text=text, goal=goal)
        if counts:
            services.answers_record(actor=None, survey=survey, counts={question: counts})
    found, rows = selectors.survey_page(project.key, survey.pk)
    context = {
        "rows": [(row, selectors.shown(row.share, staff)) for row in rows],
        "project": project,
        "survey": found,
        "may_edit": staff,
        "min_public": selectors.MIN_PUBLIC_ANSWERS,
    }
    with translation.override(language):
        written = engines["django"].from_string(AFTER).render(context)
        assert written == engines["django"].from_string(BEFORE).render(context)
    assert written.count("<tr>") == len(asked)
    assert "status-reached" in written and "status-not-measured" in written and ">E2 &lt;b&gt;</a>" in written
    assert ('colspan="2"' in written) != staff  # too few answers: shown to staff only
    assert written.count("</a></td>\n</tr>") == (len(asked) if staff else 0)  # the edit links
    if language == "sv" and not staff:  # the page is in Swedish
        assert f"<tbody>{written}</tbody>" in Client().get(survey.get_absolute_url()).content.decode()
