"""Funds: the balance year by year, actual and estimated, merged columns kept, the projection
computed from the planned income and costs (never stored), where the fund runs out, the chart
with its summary and table, the staff screen recording an actual over an estimate (audited),
visibility and query counts."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.core.models import AuditEvent
from samverkan.finance import selectors, services
from samverkan.finance.models import Fund, FundYear
from samverkan.finance.rules import project
from tests.support import Personas

pytestmark = pytest.mark.django_db

NB = "\u00a0"


def plain(text: str) -> str:
    return " ".join(text.replace(NB, " ").replace("&nbsp;", " ").split())


def year(y: int, opening: int | None, closing: int | None, *, estimate: bool = False, **extra: Any) -> SimpleNamespace:
    return SimpleNamespace(
        year=y,
        opening=None if opening is None else opening * 100,
        parts={k: v * 100 for k, v in extra.get("parts", {}).items()},
        income=None if extra.get("income") is None else extra["income"] * 100,
        cost=None if extra.get("cost") is None else extra["cost"] * 100,
        closing=None if closing is None else closing * 100,
        estimate=estimate,
        note=extra.get("note", ""),
    )


YEARS = [
    year(2014, 21_463_427, 28_355_768, parts={"6-kronan": 20_372_509, "eHälsa": 1_090_918}),
    year(2015, 28_355_768, 26_668_279),
    year(2016, 26_668_279, 25_868_996, note="Överskott sammanfört"),
    year(2017, 25_868_996, 22_723_722),
    year(2018, 22_723_722, 19_000_000, estimate=True),
    year(2019, 19_000_000, 9_973_054, estimate=True, income=10_203_054, cost=19_230_000),
    year(2020, None, 946_108, estimate=True),
]


def make(personas: Personas, **fields: Any) -> Fund:
    values: dict[str, Any] = {
        "key": "sexkronan",
        "title": "6-kronan",
        "body": personas.body,
        "project_until": 2021,
        "years": YEARS,
    }
    values.update(fields)
    return services.fund_create(actor=personas.secretary, source="test", **values)


def test_a_projection_repeats_the_latest_plan() -> None:
    steps = project(2018, 1_900_000_000, {2019: (1_020_305_400, 1_923_000_000)}, 2021)
    assert [(p.year, p.closing, p.plan_year) for p in steps] == [
        (2019, 997_305_400, 2019),
        (2020, 94_610_800, 2019),
        (2021, -808_083_800, 2019),
    ]
    assert project(2018, 100, {}, 2021) == []


def test_the_fund_is_projected_from_its_plan_and_runs_out_in_2021(personas: Personas) -> None:
    page = selectors.fund_page(make(personas))
    assert [r.year for r in page.rows] == [2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021]
    assert page.start is not None and page.start.year == 2018
    projected = {r.year: r.projected.closing for r in page.projected_rows if r.projected}
    assert projected == {2019: 997_305_400, 2020: 94_610_800, 2021: -808_083_800}
    by_year = {r.year: r for r in page.rows}
    assert by_year[2019].projection_difference == 0  # the document's own estimate agrees
    assert by_year[2020].projection_difference == 0
    assert by_year[2021].record is None
    assert page.runs_out == 2021
    assert page.last_actual is not None and page.last_actual.year == 2017
    assert not any(r.opening_differs for r in page.rows)
    assert FundYear.objects.filter(year=2021).count() == 0  # a projection is never stored


def test_the_page_says_it_in_a_sentence_draws_it_and_tabulates_it(
    personas: Personas, login: Callable[[str], Any]
) -> None:
    fund = make(personas)
    page = plain(login("anonymous").get(fund.get_absolute_url()).content.decode())
    assert (
        "Behållningen var 22 723 722 kr vid slutet av 2017, den senaste faktiska siffran. Beräknat från planerade "
        "intäkter och kostnader: 9 973 054 kr vid slutet av 2019, 946 108 kr vid slutet av 2020, −8 080 838 kr "
        "vid slutet av 2021. I den takten tar fonden slut under 2021." in page
    )
    assert ">2021</text>" in page and ">−8 080 838 kr (prognos)</text>" in page
    assert ">19 000 000 kr (uppskattning)</text>" in page
    assert "varav eHälsa" in page and "1 090 918 kr" in page and "Överskott sammanfört" in page
    assert "upprepar planen för 2019" in page


def test_an_actual_recorded_over_an_estimate_is_audited_and_moves_the_projection(
    personas: Personas, login: Callable[[str], Any]
) -> None:
    fund = make(personas)
    client = login("secretary")
    url = reverse("finance:fund_years", kwargs={"key": fund.key})
    form = client.get(url).content.decode()
    assert 'value="6-kronan: 20 372 509; eHälsa: 1 090 918"' in form
    data: dict[str, Any] = {"years-TOTAL_FORMS": "2", "years-INITIAL_FORMS": "0"}
    rows = [
        ("2018", "22 723 722", "", "", "", "18 500 000", ""),
        ("2019", "18 500 000", "", "10 203 054", "19 230 000", "", "on"),
    ]
    for i, (y, opening, parts, income, cost, closing, estimate) in enumerate(rows):
        data.update(
            {
                f"years-{i}-year": y,
                f"years-{i}-opening": opening,
                f"years-{i}-parts": parts,
                f"years-{i}-income": income,
                f"years-{i}-cost": cost,
                f"years-{i}-closing": closing,
            }
        )
        if estimate:
            data[f"years-{i}-estimate"] = estimate
    bad = {**data, "years-0-parts": "6-kronan 1"}
    assert "Skriv delarna som" in client.post(url, bad).content.decode()
    assert client.post(url, data).status_code == 302
    page = selectors.fund_page(Fund.objects.get(pk=fund.pk))
    assert page.last_actual is not None and page.last_actual.year == 2018
    assert {r.year: r.projected.closing for r in page.projected_rows if r.projected}[2019] == 947_305_400
    trail = AuditEvent.objects.filter(target_type=ContentType.objects.get_for_model(Fund), target_id=str(fund.pk))
    last = trail.order_by("id").last()
    assert last is not None and last.actor == personas.secretary
    assert last.changes["years"][1][0] == "2018: 22\xa0723\xa0722\xa0kr + – − – = 18\xa0500\xa0000\xa0kr"


def test_parts_that_do_not_add_up_are_refused(personas: Personas) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        make(personas, years=[year(2014, 21_463_427, None, parts={"6-kronan": 1, "eHälsa": 2})])
    assert not Fund.objects.exists()


def test_a_non_public_fund_is_seen_only_by_its_body(personas: Personas, login: Callable[[str], Any]) -> None:
    fund = make(personas, public=False)
    assert login("anonymous").get(fund.get_absolute_url()).status_code == 404
    assert login("secretary").get(fund.get_absolute_url()).status_code == 200


def test_the_fund_pages_make_as_many_queries_with_twice_the_data(
    personas: Personas, login: Callable[[str], Any]
) -> None:
    fund = make(personas)
    client = login("anonymous")

    def counts() -> list[int]:
        result = []
        for url in (reverse("finance:fund_list"), fund.get_absolute_url()):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    def add(offset: int) -> None:
        earlier = [year(2000 + offset + i, 100, 200) for i in range(5)]
        services.fund_years_set(actor=None, fund=fund, years=[*earlier, *YEARS])
        make(personas, key=f"annan-{offset}")

    add(0)
    before = counts()
    add(5)
    assert counts() == before
