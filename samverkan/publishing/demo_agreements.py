"""The seeds' agreements in the register, loaded as demo data through the services.

- Seed 001, SRO 28 April 2022, item 6: the direction document (inriktningsdokument) for the
  youth clinics (ungdomsmottagningarna) of Västra Götaland, common to the region and the 49
  municipalities, valid 2018–2022, is extended "until a new cooperation agreement exists, at
  the latest through 2024"; such documents will from now on be called samarbetsavtal, so it is
  renamed. (Seed 001, lines 85–99.)
- Seed 000: the health and medical care agreement of Västra Götaland (Hälso- och
  sjukvårdsavtalet) came into force during 2017 and has sub-agreements (underavtal); the
  agreement and guideline on leaving in-patient care (in- och utskrivning) is kept under it.
  The seed gives the year, not the day: the register shows 1 January 2017, and says so.
- Seed 001, item 10: the collaboration agreement on digital aids, out for consultation to the
  region and the 49 municipalities 19 January – 18 April 2022, endorsed by SRO on 28 April
  2022 and recommended to every principal (the demo recommendation of demo_referrals), so it
  is in force for those that approve.

Running it again changes nothing: an agreement whose key exists is left as it is.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from samverkan.agreements import services
from samverkan.agreements.models import Agreement
from samverkan.publishing.demo_meetings import SRO, SRO_START
from samverkan.publishing.demo_referrals import DIGITAL_AIDS, find_item
from samverkan.referrals.models import Recommendation
from samverkan.structure.models import Body, Grouping, Principal

SOURCE = "cli:demo"
PARTIES = "vg-kommuner-och-regionen"
SRO_DAY = SRO_START.date()

YOUTH_CLINICS = "ungdomsmottagningar-vg"
HEALTH_CARE = "halso-och-sjukvardsavtalet-vg"
DISCHARGE = "in-och-utskrivning-vg"
DIGITAL_AIDS_KEY = "samverkansavtal-digitala-hjalpmedel"


def load_demo_agreements(*, actor: Any) -> list[str]:
    """Register the demo agreements that are not there yet; returns what was done, line by line."""
    sro = Body.objects.filter(key=SRO).first()
    grouping = Grouping.objects.filter(key=PARTIES).first()
    if sro is None or grouping is None:
        return ["SRO or the grouping of the region and the 49 municipalities is missing: the demo agreements skipped."]
    parties = list(grouping.principals.all())
    lines = []
    for key, load in [
        (YOUTH_CLINICS, _youth_clinics),
        (HEALTH_CARE, _health_care),
        (DIGITAL_AIDS_KEY, _digital_aids),
    ]:
        if Agreement.objects.filter(key=key).exists():
            lines.append(f"Agreement {key}: already there, left as it is.")
            continue
        with transaction.atomic():
            agreement = load(actor, sro, parties)
        lines.append(f"Agreement {key}: registered “{agreement.title}” ({len(parties)} parties).")
    return lines


def _youth_clinics(actor: Any, sro: Body, parties: list[Principal]) -> Agreement:
    item = find_item(sro, SRO_START, title_contains="inriktningsdokument för ungdomsmottagningarna", number=6)
    agreement = services.agreement_create(
        actor=actor,
        key=YOUTH_CLINICS,
        title="Inriktningsdokument för ungdomsmottagningarna i Västra Götaland",
        kind=Agreement.Kind.DIRECTION,
        status=Agreement.Status.ADOPTED,
        body=sro,
        summary=(
            "Inriktningsdokumentet är gemensamt för Västra Götalandsregionen och länets 49 kommuner och "
            "ligger till grund för lokala avtal och överenskommelser om ungdomsmottagningarna."
        ),
        valid_from=datetime.date(2018, 1, 1),
        valid_until=datetime.date(2022, 12, 31),
        public=True,
        parties=parties,
        on=datetime.date(2018, 1, 1),
        note="Gäller under perioden 2018–2022.",
        source=SOURCE,
    )
    services.agreement_extend(
        actor=actor,
        agreement=agreement,
        version=agreement.version,
        until=datetime.date(2024, 12, 31),
        until_replaced=True,
        on=SRO_DAY,
        agenda_item=item,
        note=(
            "SRO ställer sig bakom förslaget till förlängning av befintligt inriktningsdokument för "
            "ungdomsmottagningarna i Västra Götaland till och med dess ett nytt samverkansavtal är framtaget, "
            "dock längst till och med 2024."
        ),
        source=SOURCE,
    )
    agreement.refresh_from_db()
    services.agreement_update(
        actor=actor,
        agreement=agreement,
        version=agreement.version,
        title="Samarbetsavtal för ungdomsmottagningarna i Västra Götaland",
        kind=Agreement.Kind.COOPERATION,
        on=SRO_DAY,
        agenda_item=item,
        note="Framöver kommer inriktningsdokument att heta samarbetsavtal.",
        source=SOURCE,
    )
    agreement.refresh_from_db()
    return agreement


def _health_care(actor: Any, sro: Body, parties: list[Principal]) -> Agreement:
    agreement = services.agreement_create(
        actor=actor,
        key=HEALTH_CARE,
        title="Hälso- och sjukvårdsavtalet i Västra Götaland",
        kind=Agreement.Kind.AGREEMENT,
        status=Agreement.Status.ADOPTED,
        body=sro,
        summary=(
            "Hälso- och sjukvårdsavtalet i Västra Götaland trädde i kraft under 2017 (dagen anges inte i "
            "underlaget). I avtalet och dess underavtal identifieras ett antal utvecklingsområden där "
            "samarbetet fortsatt behöver utvecklas och fördjupas."
        ),
        valid_from=datetime.date(2017, 1, 1),
        follow_up_on=datetime.date(2019, 12, 31),
        public=True,
        parties=parties,
        on=datetime.date(2017, 1, 1),
        note="Trädde i kraft under 2017; följs upp under 2019.",
        source=SOURCE,
    )
    services.agreement_create(
        actor=actor,
        key=DISCHARGE,
        title="Överenskommelse och riktlinje för samverkan vid in- och utskrivning från sluten hälso- och sjukvård",
        kind=Agreement.Kind.ACCORD,
        status=Agreement.Status.ADOPTED,
        body=sro,
        parent=agreement,
        summary=(
            "Underavtal till Hälso- och sjukvårdsavtalet. Implementering, uppföljning, följeforskning och en "
            "utvärdering av den ekonomiska betalningsmodellen pågår under 2019, med IT-tjänsten SAMSA."
        ),
        public=True,
        parties=parties,
        source=SOURCE,
    )
    return agreement


def _digital_aids(actor: Any, sro: Body, parties: list[Principal]) -> Agreement:
    item = find_item(sro, SRO_START, title_contains="samverkansavtal digitala hjälpmedel", number=10)
    recommendation = Recommendation.objects.filter(body=sro, title=DIGITAL_AIDS["title"]).first()
    agreement = services.agreement_create(
        actor=actor,
        key=DIGITAL_AIDS_KEY,
        title="Samverkansavtal digitala hjälpmedel",
        kind=Agreement.Kind.COOPERATION,
        status=Agreement.Status.CONSULTATION,
        body=sro,
        summary=(
            "Baserat på utredningen Välfärdsteknik i samverkan: ett samverkansavtal för digitala hjälpmedel "
            "mellan Västra Götalandsregionen och de 49 kommunerna."
        ),
        public=True,
        parties=parties,
        on=datetime.date(2022, 1, 19),
        note="Ute på remiss till Västra Götalandsregionen och de 49 kommunerna 19 januari – 18 april 2022.",
        source=SOURCE,
    )
    services.agreement_update(
        actor=actor,
        agreement=agreement,
        version=agreement.version,
        status=Agreement.Status.ADOPTED,
        recommendation=recommendation,
        decided_under=item,
        on=SRO_DAY,
        agenda_item=item,
        note="SRO ställer sig bakom förslaget och rekommenderar respektive huvudman att besluta i enlighet med det.",
        source=SOURCE,
    )
    agreement.refresh_from_db()
    return agreement
