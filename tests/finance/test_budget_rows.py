"""The budget page's groups of lines written in Python (finance_rows' `budget_groups`, issue 19)
read exactly as the template that wrote them before: groups with a heading or several lines and
their subtotal, single lines, the document's own sums agreeing or differing, with or without a
note, lines without income or cost, text that needs escaping, both languages."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import engines
from django.test import Client
from django.utils import translation

from samverkan.finance import selectors
from tests.finance.test_budgets import LINES, line, make
from tests.support import Personas

pytestmark = pytest.mark.django_db

# The groups as the budget page's template (finance/budget_detail.html) wrote them before the tag.
BEFORE = """{% load i18n layout money %}{% for group in page.groups %}<tbody>
{% if group.lines|length > 1 or group.heading %}<tr class="group-head"><th scope="rowgroup" colspan="6"{% content_lang %}>{{ group.label }}</th></tr>{% endif %}
{% for line in group.lines %}<tr><td>{{ line.code }}</td><th scope="row"{% content_lang %}>{{ line.name }}</th><td class="num">{% if line.income %}{{ line.income|kr }}{% endif %}</td><td class="num">{% if line.cost %}{{ line.cost|kr }}{% endif %}</td><td class="num">{{ line.net|kr }}</td><td>{{ line.note|content_lang }}</td></tr>{% endfor %}
{% if group.lines|length > 1 %}<tr class="subtotal"><td>{{ group.code }}</td><th scope="row">{% blocktranslate with code=group.code %}Sum {{ code }}{% endblocktranslate %}</th><td class="num">{{ group.income|kr }}</td><td class="num">{{ group.cost|kr }}</td><td class="num">{{ group.net|kr }}</td><td></td></tr>{% endif %}
{% if group.stated %}<tr class="stated"><td>{{ group.code }}</td><th scope="row">{{ group.stated.name|content_lang }} <span class="muted">({% translate "as the document states it" %})</span></th><td class="num">{{ group.stated.income|kr }}</td><td class="num">{{ group.stated.cost|kr }}</td><td class="num">{{ group.stated.net|kr }}</td><td>{% if group.stated_differs %}<strong>{% translate "differs from the lines" %}</strong>{% else %}{% translate "agrees with the lines" %}{% endif %}{% if group.stated.note %} {{ group.stated.note|content_lang }}{% endif %}</td></tr>{% endif %}
</tbody>{% endfor %}"""

VARIANTS: list[list[Any]] = [
    LINES,
    [
        line("100", "Medlemsavgifter <alla>", 3_401_200, heading="Styrning & ledning", note='"1 700 605" invånare'),
        line("100", "Personalkostnader", cost=1_440_000, heading="Styrning & ledning"),
        line("100", "Summa 100", 3_401_200, 1_440_000, heading="Styrning & ledning", stated_sum=True, note="Enl. <b>"),
        line("110", "Ensam rad", heading="Rubrik"),
        line("111", "HoS-avtalet uppföljning", cost=100_000),
        line("111", "Summa 111", cost=99_000, stated_sum=True),
        line("115", "Kvinnofridsatsning", 600_000, 360_000),
        line("115", "Mer", 5, 7),
        line("", "Utan kod", 1, 0),
        line("", "Totalt", 4_001_200, 1_850_000, stated_sum=True),
    ],
]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("variant", [0, 1])
def test_the_groups_read_as_the_template_wrote_them(personas: Personas, language: str, variant: int) -> None:
    budget = make(personas, lines=VARIANTS[variant])
    page = selectors.budget_page(budget)
    before = engines["django"].from_string(BEFORE)
    after = engines["django"].from_string("{% load finance_rows %}{% budget_groups page %}")
    with translation.override(language):
        written = after.render({"page": page})
        assert written == before.render({"page": page})
    assert written.count("<tbody>") == len(page.groups) >= 3
    if language == "sv":  # the page is in Swedish
        assert written in Client().get(budget.get_absolute_url()).content.decode()
