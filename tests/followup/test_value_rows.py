"""An indicator's table of values written in Python (followup's `value_rows`, issue 19) reads
exactly as the template that wrote it before: values with and without decimals, negative ones,
with and without a unit, a source and a comment or neither, text that needs escaping, both
languages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import engines
from django.test import Client
from django.utils import translation

from samverkan.followup import selectors
from samverkan.followup.models import Indicator, IndicatorValue
from tests.followup.test_indicators import indicator, project  # noqa: F401 - the fixtures

pytestmark = pytest.mark.django_db

# The rows as followup/indicator_detail.html wrote them before the tag.
BEFORE = (
    '{% load followup layout %}{% for v in row.values %}<tr><th scope="row">{{ v.period }}</th><td class="num">'
    "{{ v.value|number }}{% if indicator.unit %} {{ indicator.unit|content_lang }}{% endif %}</td>"
    '<td>{{ v.source|content_lang|default:"–" }}</td><td>{{ v.comment|content_lang|default:"–" }}</td></tr>{% endfor %}'
)
AFTER = "{% load followup %}{% value_rows row.values indicator.unit %}"


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("unit", ["%", "", 'kr <per> & "år"'])
def test_the_rows_read_as_the_template_wrote_them(indicator: Indicator, language: str, unit: str) -> None:  # noqa: F811
    Indicator.objects.filter(pk=indicator.pk).update(unit=unit)
    for period, value, source, comment in [
        ("2019", Decimal("72.40"), "Kolada", ""),
        ("2020", Decimal("75"), "", 'Ny <metod> & "fler"'),
        ("2021", Decimal("-3.125"), "Egen mätning", "Osäker"),
        ("2022H1", Decimal("1234567.5"), "", ""),
    ]:
        IndicatorValue.objects.create(indicator=indicator, period=period, value=value, source=source, comment=comment)
    row = selectors.indicator_page(indicator.project.key, indicator.pk)
    context = {"row": row, "indicator": row.indicator}
    with translation.override(language):
        written = engines["django"].from_string(AFTER).render(context)
        assert written == engines["django"].from_string(BEFORE).render(context)
    assert written.count("<tr>") == 4
    if language == "sv":  # the page is in Swedish
        page = Client().get(f"/projekt/{indicator.project.key}/indikatorer/{indicator.pk}/").content.decode()
        assert f"<tbody>{written}</tbody>" in page
