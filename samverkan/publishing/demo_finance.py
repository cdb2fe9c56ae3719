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

The facts are in examples/demo/finance.yaml. Running it again changes nothing: a record whose key
exists is left as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any

from django.db import transaction

from samverkan.finance import services
from samverkan.finance.models import Allocation, Budget, FeeSchedule, Fund
from samverkan.publishing.demo_loader import demo_facts
from samverkan.structure.models import Body, Grouping, Principal

SOURCE = "cli:demo"

# The facts, as examples/demo/finance.yaml gives them.
FACTS = demo_facts("finance")


def _ore(kronor: int | None) -> int | None:
    return None if kronor is None else kronor * 100


def load_demo_finance(*, actor: Any) -> list[str]:
    """Record the demo's money that is not there yet; returns what was done, line by line."""
    facts = FACTS["allocation"]
    sro = Body.objects.filter(key=facts["body"]).first()
    grouping = Grouping.objects.filter(key=facts["principals"]).first()
    region = Principal.objects.filter(key=facts["co_financier"]).first()
    if sro is None or grouping is None or region is None:
        return ["SRO, the region or the grouping of the 49 municipalities is missing: the demo's money skipped."]
    lines = []
    if Allocation.objects.filter(key=facts["key"]).exists():
        lines.append(f"Allocation {facts['key']}: already there, left as it is.")
    else:
        numerator, denominator = facts["co_financier_part"]
        with transaction.atomic():
            allocation = services.allocation_create(
                actor=actor,
                source=SOURCE,
                key=facts["key"],
                title=facts["title"],
                description=facts["description"],
                year=facts["year"],
                amount=_ore(facts["amount"]),
                direction=facts["direction"],
                population_date=facts["population_date"],
                principals=list(grouping.principals.all()),
                co_financier=region,
                co_financier_numerator=numerator,
                co_financier_denominator=denominator,
                body=sro,
                decision=facts["decision"],
                example=facts["example"],
                public=facts["public"],
            )
        lines.append(f"Allocation {allocation.key}: recorded “{allocation.title}” (example split).")
    vastkom = FACTS["vastkom"]
    board = Body.objects.filter(key=vastkom["body"]).first()
    if board is None or not Principal.objects.filter(key=vastkom["organisation"]).exists():
        lines.append("VästKom's board is missing: the demo's fees and budget skipped.")
        return lines
    records: list[tuple[str, Any, Mapping[str, Any], Any]] = [
        *(("Fee", FeeSchedule, fee, _fee) for fee in vastkom["fees"]),
        ("Budget", Budget, vastkom["budget"], _budget),
        ("Fund", Fund, vastkom["fund"], _fund),
    ]
    for label, model, record_facts, load in records:
        key = record_facts["key"]
        if model.objects.filter(key=key).exists():
            lines.append(f"{label} {key}: already there, left as it is.")
            continue
        with transaction.atomic():
            record = load(actor, board, record_facts)
        lines.append(f"{label} {key}: recorded “{record}”.")
    return lines


def _payers(payers: Mapping[str, Any]) -> list[tuple[Principal, Grouping | None]]:
    """Who pays: each association for the municipalities of its grouping (the grouping's owner),
    or each principal of a grouping for itself, in name order."""
    if "associations" in payers:
        return [
            (grouping.owner, grouping)
            for grouping in Grouping.objects.filter(key__in=payers["associations"])
            .select_related("owner")
            .order_by("key")
            if grouping.owner is not None
        ]
    return [(m, None) for m in Grouping.objects.get(key=payers["principals"]).principals.order_by("name")]


def _fee(actor: Any, board: Body, facts: Mapping[str, Any]) -> FeeSchedule:
    return services.fee_create(
        actor=actor,
        source=SOURCE,
        key=facts["key"],
        title=facts["title"],
        description=facts["description"],
        year=facts["year"],
        rate=_ore(facts["rate"]),
        collector=Principal.objects.get(key=FACTS["vastkom"]["organisation"]),
        population_date=facts["population_date"],
        stated_inhabitants=facts["stated_inhabitants"],
        stated_amount=_ore(facts["stated_amount"]),
        rounding=FeeSchedule.Rounding[facts["rounding"].upper()],
        rounding_mode=facts["rounding_mode"],
        body=board,
        decision=facts["decision"],
        payers=_payers(facts["payers"]),
    )


def _budget(actor: Any, board: Body, facts: Mapping[str, Any]) -> Budget:
    lines = [
        SimpleNamespace(
            code=line["code"],
            heading=line.get("heading", ""),
            name=line["name"],
            income=_ore(line.get("income", 0)),
            cost=_ore(line.get("cost", 0)),
            note=line.get("note", ""),
            stated_sum=line.get("stated_sum", False),
        )
        for line in facts["lines"]
    ]
    return services.budget_create(
        actor=actor,
        source=SOURCE,
        key=facts["key"],
        title=facts["title"],
        year=facts["year"],
        organisation=Principal.objects.get(key=FACTS["vastkom"]["organisation"]),
        body=board,
        status=facts["status"],
        note=facts["note"],
        lines=lines,
    )


def _fund(actor: Any, board: Body, facts: Mapping[str, Any]) -> Fund:
    years = [
        SimpleNamespace(
            year=year["year"],
            opening=_ore(year.get("opening")),
            parts={label: value * 100 for label, value in year.get("parts", {}).items()},
            income=_ore(year.get("income")),
            cost=_ore(year.get("cost")),
            closing=_ore(year.get("closing")),
            estimate=year.get("estimate", False),
            note=year.get("note", ""),
        )
        for year in facts["years"]
    ]
    return services.fund_create(
        actor=actor,
        source=SOURCE,
        key=facts["key"],
        title=facts["title"],
        description=facts["description"],
        organisation=Principal.objects.get(key=FACTS["vastkom"]["organisation"]),
        body=board,
        fee=FeeSchedule.objects.filter(key=facts["fee"]).first(),
        project_until=facts["project_until"],
        years=years,
    )
