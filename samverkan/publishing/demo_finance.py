"""The seeds' money, loaded as demo data through the finance services.

- Seed 000, VästKom's board 17 December 2018, item 3 (the 2019 plan and budget): the member fee
  of 2 kr per inhabitant from each of the four associations for its member municipalities
  ("Medlemsavgifter 3 401 200 kr, 1 700 605 invånare"), its invoice basis per association from
  the official figures of 31 December 2017; the "6-kronan", 6 kr per inhabitant from each
  municipality ("6-kronan ger för året 10 203 054"); and the proposed budget 2019 with its lines
  and the document's own sums (totals 5 201 200 / 5 592 400 / net -391 200 kr), which its lines
  do not all add up to; the page shows both; and the IT fund "6-kronan" with its balances
  2010-2018 (the eHälsa part of 2014-2015 kept apart), the 2019 plan and the document's
  estimates, projected to 2021.
- Seed 001, SRO 28 April 2022, item 7: about 25 000 000 kr of state money for the youth clinics
  (ungdomsmottagningarna) of Västra Götaland, distributed at the county level, the region
  requisitioning it. The seed gives no split, so the demo shows an *example* split (marked as
  such): the region two thirds, the 49 municipalities one third by their population on
  31 December 2021 (the latest official figures the demo holds).

Running it again changes nothing: a record whose key exists is left as it is.
"""

from __future__ import annotations

import datetime
from fractions import Fraction
from types import SimpleNamespace
from typing import Any

from django.db import transaction

from samverkan.finance import services
from samverkan.finance.models import Allocation, Budget, FeeSchedule, Fund
from samverkan.publishing.demo_meetings import SRO
from samverkan.structure.models import Body, Grouping, Principal

SOURCE = "cli:demo"
MUNICIPALITIES = "vg-kommuner"
REGION = "vgr"

YOUTH_CLINICS_2022 = "ungdomsmottagningar-2022"
MEMBER_FEE_2019 = "medlemsavgift-vastkom-2019"
IT_FEE_2019 = "6-kronan-2019"
BUDGET_2019 = "vastkom-budget-2019"
IT_FUND = "6-kronan"
BOARD = "vastkom-styrelse"
ASSOCIATION_GROUPINGS = ("gr-kommuner", "fyrbodal-kommuner", "borasregionen-kommuner", "skaraborg-kommuner")
REGION_PART = Fraction(2, 3)


def load_demo_finance(*, actor: Any) -> list[str]:
    """Record the demo's money that is not there yet; returns what was done, line by line."""
    sro = Body.objects.filter(key=SRO).first()
    grouping = Grouping.objects.filter(key=MUNICIPALITIES).first()
    region = Principal.objects.filter(key=REGION).first()
    if sro is None or grouping is None or region is None:
        return ["SRO, the region or the grouping of the 49 municipalities is missing: the demo's money skipped."]
    lines = []
    if Allocation.objects.filter(key=YOUTH_CLINICS_2022).exists():
        lines.append(f"Allocation {YOUTH_CLINICS_2022}: already there, left as it is.")
    else:
        with transaction.atomic():
            allocation = services.allocation_create(
                actor=actor,
                source=SOURCE,
                key=YOUTH_CLINICS_2022,
                title="Länsgemensamma medel för ungdomsmottagningarna 2022",
                description=(
                    "I överenskommelsen om psykisk hälsa och suicidprevention mellan regeringen och Sveriges "
                    "Kommuner och Regioner riktas år 2022 totalt 150 000 000 kr till ungdomsmottagningarna; för "
                    "Västra Götalands del cirka 25 000 000 kr. SRO ställer sig bakom förslaget till fördelning och "
                    "att medlen rekvireras av Västra Götalandsregionen. Protokollet anger ingen fördelning mellan "
                    "huvudmännen: den här är ett exempel där regionen står för två tredjedelar och kommunerna för "
                    "en tredjedel efter invånarantal."
                ),
                year=2022,
                amount=25_000_000 * 100,
                direction=Allocation.Direction.RECEIVE,
                population_date=datetime.date(2021, 12, 31),
                principals=list(grouping.principals.all()),
                co_financier=region,
                co_financier_numerator=REGION_PART.numerator,
                co_financier_denominator=REGION_PART.denominator,
                body=sro,
                decision="SRO 2022-04-28, punkt 7 (ställningstagande)",
                example=True,
                public=True,
            )
        lines.append(f"Allocation {allocation.key}: recorded “{allocation.title}” (example split).")
    board = Body.objects.filter(key=BOARD).first()
    if board is None or not Principal.objects.filter(key="vastkom").exists():
        lines.append("VästKom's board is missing: the demo's fees and budget skipped.")
        return lines
    for label, model, key, load in (
        ("Fee", FeeSchedule, MEMBER_FEE_2019, _member_fee),
        ("Fee", FeeSchedule, IT_FEE_2019, _it_fee),
        ("Budget", Budget, BUDGET_2019, _budget_2019),
        ("Fund", Fund, IT_FUND, _it_fund),
    ):
        if model.objects.filter(key=key).exists():
            lines.append(f"{label} {key}: already there, left as it is.")
            continue
        with transaction.atomic():
            record = load(actor, board)
        lines.append(f"{label} {key}: recorded “{record}”.")
    return lines


def _member_fee(actor: Any, board: Body) -> FeeSchedule:
    """Seed 000, the 2019 budget: "Medlemsavgifter 3 401 200 kr, 1 700 605 invånare", 2 kr per
    inhabitant from each of the four associations for its member municipalities."""
    payers = [
        (grouping.owner, grouping)
        for grouping in Grouping.objects.filter(key__in=ASSOCIATION_GROUPINGS).select_related("owner").order_by("key")
        if grouping.owner is not None
    ]
    return services.fee_create(
        actor=actor,
        source=SOURCE,
        key=MEMBER_FEE_2019,
        title="Medlemsavgift till VästKom 2019",
        description=(
            "VästKoms basverksamhet finansieras av en medlemsavgift från kommunalförbunden: två kronor per "
            "invånare, oförändrad sedan VästKom bildades år 2000. Budgeten 2019 anger "
            "”Medlemsavgifter 3 401 200 kr, 1 700 605 invånare”. Fakturaunderlaget nedan bygger på den "
            "officiella folkmängden den 31 december 2017, den senaste som fanns när budgeten fastställdes."
        ),
        year=2019,
        rate=200,
        collector=Principal.objects.get(key="vastkom"),
        population_date=datetime.date(2017, 12, 31),
        stated_inhabitants=1_700_605,
        stated_amount=3_401_200 * 100,
        rounding=FeeSchedule.Rounding.HUNDRED,
        rounding_mode=FeeSchedule.RoundingMode.NEAREST,
        body=board,
        decision="VästKoms styrelse 2018-12-17, punkt 3 (Verksamhetsplan och budget 2019)",
        payers=payers,
    )


def _it_fee(actor: Any, board: Body) -> FeeSchedule:
    """Seed 000: the IT collaboration is financed "med särskilda medel från varje kommun
    motsvarande sex kr per invånare"; "6-kronan ger för året 10 203 054" (2019)."""
    municipalities = Grouping.objects.get(key=MUNICIPALITIES).principals.order_by("name")
    return services.fee_create(
        actor=actor,
        source=SOURCE,
        key=IT_FEE_2019,
        title="6-kronan 2019 (IT-samverkan)",
        description=(
            "Verksamheten med IT-samverkan finansieras med särskilda medel från varje kommun motsvarande sex "
            "kronor per invånare. Budgeten 2019 anger ”6-kronan ger för året 10 203 054”; det motsvarar "
            "1 700 509 invånare (10 203 054 / 6), ett underlag som beslutet inte skriver ut."
        ),
        year=2019,
        rate=600,
        collector=Principal.objects.get(key="vastkom"),
        population_date=datetime.date(2017, 12, 31),
        stated_inhabitants=1_700_509,
        stated_amount=10_203_054 * 100,
        rounding=FeeSchedule.Rounding.KRONA,
        rounding_mode=FeeSchedule.RoundingMode.NEAREST,
        body=board,
        decision="VästKoms styrelse 2018-12-17, punkt 3 (Verksamhetsplan och budget 2019)",
        payers=[(m, None) for m in municipalities],
    )


# Seed 000, "Budget 2019 för Välfärdsområdet VästKom": (code, heading, item, income kr, cost kr,
# note, a sum as the document states it). The document's own sums are kept as stated: the
# lines of 100 add up to 2 566 000 kr of costs where it writes 2 524 000, those of 110 to
# 1 230 400 where it writes 1 105 400; the page shows both.
BUDGET_2019_LINES: list[tuple[str, str, str, int, int, str, bool]] = [
    ("100", "Styrning-ledning", "Medlemsavgifter", 3_401_200, 0, "1 700 605 invånare", False),
    ("100", "Styrning-ledning", "Styrelsen", 0, 25_000, "", False),
    ("100", "Styrning-ledning", "Revision", 0, 40_000, "EY", False),
    ("100", "Styrning-ledning", "Personalkostnader", 0, 1_440_000, "inkl. administratör 1,0", False),
    ("100", "Styrning-ledning", "Sociala kostnader", 0, 576_000, "", False),
    ("100", "Styrning-ledning", "Pensionskostnader", 0, 300_000, "", False),
    ("100", "Styrning-ledning", "Leasingbil", 0, 75_000, "", False),
    ("100", "Styrning-ledning", "Resor/konferens", 0, 25_000, "", False),
    ("100", "Styrning-ledning", "Konsultstöd", 0, 20_000, "", False),
    ("100", "Styrning-ledning", "Kontorslokaler GR", 0, 25_000, "1/3 del av 75000", False),
    ("100", "Styrning-ledning", "Köpta tjänster Gryning", 0, 18_000, "1/3 del av 60 000", False),
    ("100", "Styrning-ledning", "Övr personalkostnader", 0, 15_000, "Telefoni, friskvård", False),
    ("100", "Styrning-ledning", "Gemensamma kostnader", 0, 7_000, "Försäkring etc", False),
    ("100", "Styrning-ledning", "Summa 100", 3_401_200, 2_524_000, "plus 877 200", True),
    ("110", "Välfärd bas", "Från 6-kronan", 500_000, 0, "", False),
    ("110", "Välfärd bas", "Personalkostnader", 0, 625_000, "", False),
    ("110", "Välfärd bas", "Sociala avgifter", 0, 240_400, "", False),
    ("110", "Välfärd bas", "Resor/konferens", 0, 100_000, "", False),
    ("110", "Välfärd bas", "Övr personalkostnader", 0, 25_000, "", False),
    ("110", "Välfärd bas", "Interna konferensarr.", 0, 70_000, "", False),
    ("110", "Välfärd bas", "Ext. konferensarrangemang", 0, 100_000, "", False),
    ("110", "Välfärd bas", "Kontorslokaler GR", 0, 25_000, "", False),
    ("110", "Välfärd bas", "Köpta tjänster Gryning", 0, 15_000, "", False),
    ("110", "Välfärd bas", "Oförutsett", 0, 30_000, "", False),
    ("110", "Välfärd bas", "Summa 110", 500_000, 1_105_400, "minus 605 400", True),
    ("111", "", "HoS-avtalet uppföljning", 0, 100_000, "", False),
    ("112", "Kommunikation", "Köpta tjänster VVG", 0, 400_000, "", False),
    ("113", "", "ÖK Trygg och effektiv", 300_000, 300_000, "", False),
    ("114", "", "Processledare Välfärd", 400_000, 803_000, "", False),
    ("115", "", "Kvinnofridsatsning", 600_000, 360_000, "plus 240 000", False),
    ("", "", "Totalt", 5_201_200, 5_592_400, "", True),
]


def _budget_2019(actor: Any, board: Body) -> Budget:
    lines = [
        SimpleNamespace(
            code=code, heading=heading, name=name, income=income * 100, cost=cost * 100, note=note, stated_sum=stated
        )
        for code, heading, name, income, cost, note, stated in BUDGET_2019_LINES
    ]
    return services.budget_create(
        actor=actor,
        source=SOURCE,
        key=BUDGET_2019,
        title="Budget 2019 för Välfärdsområdet VästKom",
        year=2019,
        organisation=Principal.objects.get(key="vastkom"),
        body=board,
        status=Budget.Status.PROPOSED,
        note=(
            "Förslag till VästKoms styrelse 2018-12-17, punkt 3: ”VästKoms styrelse fastställer Verksamhetsplan "
            "och Budget 2019 enligt bilagda förslag.” (Kallelsen visar förslaget, inte beslutet.) Budgeten för "
            "2019 är underbalanserad: området ledning-styrning och välfärd har ett underskott på 391 000 kr som "
            "basfinansieringen, 2 kr/inv, inte täcker (tjänsteutlåtandet)."
        ),
        lines=lines,
    )


# Seed 000, "Historik/ framtid - Ingående balans, per år | eHälsa | Total": (year, opening, its
# parts, income, costs, closing, estimate, note), kronor. The first column is the opening balance
# of the 6-kronan part, eHälsa the part kept apart in 2014-2015, Total the closing balance. The
# 2019 budget of the IT collaboration gives that year's plan: "6-kronan ger för året
# 10 203 054", costs 19 230 000, "Uppskattad ingående balans 2019 19 000 000", "Uppskattad
# utgående balans 2019 9 973 054"; 2020's closing is estimated at 946 108.
FUND_YEARS: list[tuple[int, int | None, dict[str, int], int | None, int | None, int | None, bool, str]] = [
    (2010, None, {}, None, None, 5_143_865, False, "6-kronan"),
    (2011, 5_143_865, {}, None, None, 11_098_804, False, ""),
    (2012, 11_098_804, {}, None, None, 14_229_375, False, ""),
    (2013, 14_229_375, {}, None, None, 21_463_427, False, ""),
    (2014, 21_463_427, {"6-kronan": 20_372_509, "eHälsa": 1_090_918}, None, None, 28_355_768, False, ""),
    (2015, 28_355_768, {"6-kronan": 21_770_272, "eHälsa": 6_585_496}, None, None, 26_668_279, False, ""),
    (2016, 26_668_279, {}, None, None, 25_868_996, False, "Överskott sammanfört"),
    (2017, 25_868_996, {}, None, None, 22_723_722, False, ""),
    (2018, 22_723_722, {}, None, None, 19_000_000, True, "Uppskattad ingående balans 2019"),
    (2019, 19_000_000, {}, 10_203_054, 19_230_000, 9_973_054, True, "Budget 2019: 6-kronan ger för året 10 203 054"),
    (2020, None, {}, None, None, 946_108, True, "Uppskattning"),
]


def _it_fund(actor: Any, board: Body) -> Fund:
    years = [
        SimpleNamespace(
            year=year,
            opening=None if opening is None else opening * 100,
            parts={label: value * 100 for label, value in parts.items()},
            income=None if income is None else income * 100,
            cost=None if cost is None else cost * 100,
            closing=None if closing is None else closing * 100,
            estimate=estimate,
            note=note,
        )
        for year, opening, parts, income, cost, closing, estimate, note in FUND_YEARS
    ]
    return services.fund_create(
        actor=actor,
        source=SOURCE,
        key=IT_FUND,
        title="6-kronan: IT-samverkan i Västra Götaland",
        description=(
            "Det kommungemensamma arbetet för verksamhetsutveckling med stöd av IT finansieras med kommunbidrag "
            "motsvarande 6 kronor per invånare. Inom digitaliseringsområdet kommer den stora balans som "
            "upparbetats under åren genom sexkronan att minska avsevärt under 2019 för att sedan 2020 i stort "
            "sett vara helt förbrukad (tjänsteutlåtandet)."
        ),
        organisation=Principal.objects.get(key="vastkom"),
        body=board,
        fee=FeeSchedule.objects.filter(key=IT_FEE_2019).first(),
        project_until=2021,
        years=years,
    )
