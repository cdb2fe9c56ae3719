"""The fund page's rows written in Python (finance_rows' `fund_rows`, issue 19) read exactly as
the template that wrote them before: actual, estimated and projected years, merged columns, an
opening that is not the previous closing, a projection that differs from the estimate, a year
repeating an earlier plan, with and without a note, text that needs escaping, both languages."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import engines
from django.test import Client
from django.utils import translation

from samverkan.finance import selectors
from tests.finance.test_funds import YEARS, make, year
from tests.support import Personas

pytestmark = pytest.mark.django_db

# The rows as the fund page's template (finance/fund_detail.html) wrote them before the tag.
BEFORE = """{% load i18n layout money %}{% for row in page.rows %}{% with r=row.record %}<tr>
<th scope="row">{{ row.year|stringformat:"d" }}</th>
<td class="num">{% if r.opening is not None %}{{ r.opening|kr }}{% endif %}{% if row.opening_differs %}<br><strong>{% translate "not the previous closing" %}</strong>{% endif %}</td>
{% for label in part_labels %}<td class="num">{% for k, v in r.parts.items %}{% if k == label %}{{ v|kr }}{% endif %}{% endfor %}</td>{% endfor %}
<td class="num">{% if r.income is not None %}{{ r.income|kr }}{% endif %}</td>
<td class="num">{% if r.cost is not None %}{{ r.cost|kr }}{% endif %}</td>
<td class="num">{% if row.change is not None %}{{ row.change|kr }}{% endif %}</td>
<td class="num">{% if r.closing is not None %}{{ r.closing|kr }}{% endif %}</td>
<td>{% if not r %}{% translate "projection" %}{% elif r.estimate %}{% translate "estimate" %}{% else %}{% translate "actual" %}{% endif %}</td>
<td class="num">{% if row.projected %}{{ row.projected.closing|kr }}{% if row.projection_difference %}<br><span class="muted">{% blocktranslate with d=row.projection_difference|kr %}{{ d }} against the estimate{% endblocktranslate %}</span>{% endif %}{% endif %}</td>
<td>{{ r.note|content_lang }}{% if row.projected and row.projected.plan_year != row.year %}{% if r.note %}; {% endif %}{% blocktranslate with year=row.projected.plan_year|stringformat:"d" %}repeats the plan of {{ year }}{% endblocktranslate %}{% endif %}</td>
</tr>{% endwith %}{% endfor %}"""

VARIANTS: list[list[Any]] = [
    YEARS,
    [
        year(2014, 21_463_427, 28_355_768, parts={"6-kronan": 20_372_509, "eHälsa <b>": 1_090_918}),
        year(2015, 28_355_768, 26_668_279, parts={"6-kronan": 28_355_763, "eHälsa <b>": 5}),
        year(2016, 26_000_000, 25_868_996, note='Överskott "sammanfört" & <flyttat>'),
        year(2017, 25_868_996, None),
        year(2018, None, 19_000_000, estimate=True),
        year(2019, 19_000_000, 9_973_054, estimate=True, income=10_203_054, cost=19_230_000),
        year(2020, None, 900_000, estimate=True, note="Osäkert"),
        year(2021, -5, -100, estimate=True, income=0, cost=0),
    ],
]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("variant", [0, 1])
def test_the_rows_read_as_the_template_wrote_them(personas: Personas, language: str, variant: int) -> None:
    fund = make(personas, years=VARIANTS[variant], project_until=2024)
    page = selectors.fund_page(fund)
    parts = sorted({label for row in page.rows if row.record for label in row.record.parts})
    before = engines["django"].from_string(BEFORE)
    after = engines["django"].from_string("{% load finance_rows %}{% fund_rows page part_labels %}")
    with translation.override(language):
        context = {"page": page, "part_labels": parts}
        written = after.render(context)
        assert written == before.render(context)
    if language == "sv":  # the page is in Swedish
        assert f"<tbody>{written}</tbody>" in Client().get(fund.get_absolute_url()).content.decode()
    assert written.count("<tr>") == len(page.rows) >= 8
