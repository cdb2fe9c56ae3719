"""The seeds' money, loaded as demo data through the finance services.

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
from typing import Any

from django.db import transaction

from samverkan.finance import services
from samverkan.finance.models import Allocation
from samverkan.publishing.demo_meetings import SRO
from samverkan.structure.models import Body, Grouping, Principal

SOURCE = "cli:demo"
MUNICIPALITIES = "vg-kommuner"
REGION = "vgr"

YOUTH_CLINICS_2022 = "ungdomsmottagningar-2022"
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
    return lines
