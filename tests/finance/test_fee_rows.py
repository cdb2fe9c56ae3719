"""The fee page's invoice basis written in Python (finance_rows' `fee_rows`, issue 19) reads
exactly as the template that wrote it before: payers for their members (one and several) and for
themselves, a payer whose amount is unknown, names and keys that need escaping or quoting, both
languages."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import engines
from django.test import Client
from django.utils import translation

from samverkan.finance import selectors
from tests.factories import PrincipalFactory
from tests.finance.test_fees import associations, make, town  # noqa: F401 - the fixture
from tests.support import Personas

pytestmark = pytest.mark.django_db

# The rows as the fee page's template (finance/fee_detail.html) wrote them before the tag.
BEFORE = """{% load i18n money %}{% for row in basis.rows %}<tr>
<th scope="row"><a href="{{ row.principal.get_absolute_url }}">{{ row.principal.name }}</a>{% if row.payer.members %}<br><span class="muted">{% blocktranslate count n=row.members|length %}for {{ n }} member{% plural %}for {{ n }} members{% endblocktranslate %}</span>{% endif %}</th>
<td class="num">{{ row.inhabitants|number }}</td><td class="num">{{ row.exact|kr }}</td><td class="num">{{ row.amount|kr }}</td><td class="num">{{ row.difference|kr }}</td>
<td>{% if row.amount is not None %}<a href="{% url 'finance:fee_payer_pdf' key=fee.key payer=row.principal.key %}">PDF<span class="visually-hidden"> {{ row.principal.name }}</span></a>{% else %}{% translate "unknown" %}{% endif %}</td>
</tr>{% endfor %}"""


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("unknown", [False, True])
def test_the_rows_read_as_the_template_wrote_them(
    personas: Personas,
    associations: dict[str, Any],  # noqa: F811 - the fixture imported above
    language: str,
    unknown: bool,
) -> None:
    alone = town("d-o", 'Dals-Ed <"kommun"> & co', y2017=4_800)
    payers = [(associations["gr"], associations["gr_members"]), (associations["fyrbodal"], associations["fb_members"])]
    if unknown:
        associations["fb_members"].principals.add(PrincipalFactory(key="ny", name="Nyby kommun"))
    fee = make(personas, associations, payers=[*payers, (alone, None)])
    basis = selectors.fee_basis(fee)
    before = engines["django"].from_string(BEFORE)
    after = engines["django"].from_string("{% load finance_rows %}{% fee_rows basis %}")
    with translation.override(language):
        written = after.render({"basis": basis})
        assert written == before.render({"basis": basis, "fee": fee})
    assert written.count("<tr>") == 3 and ("PDF" in written)
    if language == "sv":  # the page is in Swedish
        assert f"<tbody>{written}</tbody>" in Client().get(fee.get_absolute_url()).content.decode()
