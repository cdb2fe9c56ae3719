"""The demo's money: the seed's 25 000 000 kr for the youth clinics allocated as an example
split (the region two thirds, the 49 municipalities one third by population), and the
population rule of a recommendation usable on the demo's figures.

The demo is run twice once for the module, inside a transaction rolled back at the end."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from samverkan.finance import selectors
from samverkan.finance.models import Allocation
from samverkan.publishing.management.commands import demo as demo_command
from samverkan.referrals import services as referral_services
from samverkan.referrals.models import Recommendation
from samverkan.structure.models import Body, Grouping

pytestmark = pytest.mark.django_db

if not (demo_command.seeds_dir().parent / "data").is_dir():
    pytest.skip("the population figures of ../shared/data are not there", allow_module_level=True)


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[tuple[str, str]]:
    with django_db_blocker.unblock(), transaction.atomic():
        first, second = StringIO(), StringIO()
        call_command("demo", password="x", stdout=first, stderr=StringIO())
        call_command("demo", password="x", stdout=second, stderr=StringIO())
        yield first.getvalue(), second.getvalue()
        transaction.set_rollback(True)


def test_the_youth_clinics_money_is_split_two_thirds_to_the_region_to_the_ore(demo: tuple[str, str]) -> None:
    first, second = demo
    assert "Allocation ungdomsmottagningar-2022: recorded" in first
    assert "Allocation ungdomsmottagningar-2022: already there, left as it is." in second
    allocation = Allocation.objects.get(key="ungdomsmottagningar-2022")
    result = selectors.allocation_result(allocation)
    assert result.complete and allocation.example
    assert len(result.principal_rows) == 49
    assert result.co_row is not None
    assert (result.co_row.principal.key, result.co_row.amount) == ("vgr", 1_666_666_667)
    assert result.principals_amount == 833_333_333
    assert result.total == 2_500_000_000
    assert result.total_population == 1_744_859  # the 49 municipalities on 31 December 2021
    goteborg = next(row for row in result.rows if row.principal.key == "goteborg")
    assert goteborg.inhabitants is not None
    assert abs(goteborg.amount - goteborg.exact) < 1
    page = Client().get(allocation.get_absolute_url()).content.decode().replace("\u00a0", " ")
    assert "Exempel på fördelning." in page and "16 666 666,67 kr" in page and "Göteborgs kommun" in page


def test_a_recommendation_to_the_region_and_the_municipalities_can_use_the_population_rule(
    demo: tuple[str, str],
) -> None:
    from samverkan.referrals.models import Recipient

    body = Body.objects.get(key="sro")
    recommendation = referral_services.recommendation_create(
        actor=None,
        body=body,
        title="Befolkningsregel i demon",
        question="X ställer sig bakom förslaget.",
        kind=Recommendation.Kind.DECISION,
        rule=Recommendation.Rule.POPULATION_SHARE,
        rule_share=75,
        population_year=2021,
        deadline=datetime.date(2022, 9, 30),
        groupings=[Grouping.objects.get(key="vg-kommuner-och-regionen")],
        source="test",
    )
    assert referral_services.missing_populations(recommendation) == []
    sent = referral_services.recommendation_send(
        actor=None,
        recommendation=recommendation,
        at=datetime.datetime(2022, 5, 2, 9, tzinfo=datetime.UTC),
        notify=False,
        source="test",
    )
    assert (sent.status, sent.population_year) == (Recommendation.Status.SENT, 2021)
    assert Recipient.objects.filter(recommendation=recommendation).count() == 50


def test_the_2019_member_fee_shows_its_stated_basis_beside_the_official_figures(demo: tuple[str, str]) -> None:
    from samverkan.finance.models import FeeSchedule

    fee = FeeSchedule.objects.get(key="medlemsavgift-vastkom-2019")
    basis = selectors.fee_basis(fee)
    assert basis.complete
    assert sorted(row.principal.key for row in basis.rows) == ["borasregionen", "fyrbodal", "gr", "skaraborg"]
    assert basis.inhabitants == 1_690_782  # the 49 municipalities on 31 December 2017
    assert sum(len(row.members) for row in basis.rows) == 49
    assert all(abs(row.difference or 0) <= 5_000 for row in basis.rows)  # each rounded to the hundred
    # 2 kr x 1 700 605 = 3 401 210 kr; the decision writes 3 401 200: rounded to whole hundreds.
    assert (basis.stated_exact, fee.stated_amount, basis.stated_difference) == (340_121_000, 340_120_000, -1_000)
    assert basis.stated_rules == [(10_000, "nearest"), (10_000, "down")]
    officials = {o.day.year: (o.inhabitants, o.difference) for o in basis.officials}
    assert officials[2017] == (1_690_782, 9_823)
    assert officials[2018] == (1_709_814, -9_209)
    page = " ".join(Client().get(fee.get_absolute_url()).content.decode().replace("\u00a0", " ").split())
    assert "Beslutet anger 1 700 605 invånare: 2 kr × 1 700 605 = 3 401 210 kr." in page
    assert "3 401 210 kr avrundat till hela hundratal kronor (till närmaste eller nedåt) är 3 401 200 kr." in page
    assert "1 690 782" in page and "1 709 814" in page and "9 823" in page and "−9 209" in page
    it_fee = selectors.fee_basis(FeeSchedule.objects.get(key="6-kronan-2019"))
    assert (it_fee.stated_exact, it_fee.stated_difference, len(it_fee.rows)) == (1_020_305_400, 0, 49)


def test_the_2019_budget_keeps_its_net_and_shows_where_its_lines_do_not_add_up(demo: tuple[str, str]) -> None:
    from samverkan.finance.models import Budget

    budget = Budget.objects.get(key="vastkom-budget-2019")
    page = selectors.budget_page(budget)
    assert page.stated is not None
    assert (page.stated.income, page.stated.cost, page.stated.net) == (520_120_000, 559_240_000, -39_120_000)
    assert page.income == 520_120_000
    assert [g.code for g in page.groups] == ["100", "110", "111", "112", "113", "114", "115"]
    assert [g.code for g in page.differing_groups] == ["100", "110"]
    html = " ".join(Client().get(budget.get_absolute_url()).content.decode().replace("\u00a0", " ").split())
    assert "−391 200 kr" in html and "5 592 400 kr" in html and "5 201 200 kr" in html
    assert "Förslag, inte fastställt." in html


def test_the_it_fund_is_projected_from_its_2019_plan(demo: tuple[str, str]) -> None:
    from samverkan.finance.models import Fund

    page = selectors.fund_page(Fund.objects.get(key="6-kronan"))
    by_year = {row.year: row for row in page.rows}
    assert list(by_year) == list(range(2010, 2022))
    assert by_year[2014].record is not None and by_year[2014].record.parts == {
        "6-kronan": 2_037_250_900,
        "eHälsa": 109_091_800,
    }
    assert not any(row.opening_differs for row in page.rows)
    projected = {r.year: r.projected.closing for r in page.projected_rows if r.projected}
    assert projected == {2019: 997_305_400, 2020: 94_610_800, 2021: -808_083_800}
    assert by_year[2019].projection_difference == 0 and by_year[2020].projection_difference == 0
    assert page.runs_out == 2021
    region = Client().get("/huvudman/vgr/").content.decode().replace("\u00a0", " ")
    assert "Länsgemensamma medel för ungdomsmottagningarna 2022" in region and "16 666 666,67 kr" in region
