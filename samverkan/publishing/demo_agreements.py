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

The facts are in examples/demo/agreements.yaml. Running it again changes nothing: an agreement
whose key exists is left as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from samverkan.agreements import services
from samverkan.agreements.models import Agreement
from samverkan.meetings.models import AgendaItem
from samverkan.publishing import demo_referrals
from samverkan.publishing.demo_loader import demo_facts, local_time
from samverkan.publishing.demo_referrals import find_item
from samverkan.referrals.models import Recommendation
from samverkan.structure.models import Body, Grouping, Principal

SOURCE = "cli:demo"

# The facts, as examples/demo/agreements.yaml gives them.
FACTS = demo_facts("agreements")
YOUTH_CLINICS: str = FACTS["agreements"][0]["key"]


def load_demo_agreements(*, actor: Any) -> list[str]:
    """Register the demo agreements that are not there yet; returns what was done, line by line."""
    sro = Body.objects.filter(key=FACTS["body"]).first()
    grouping = Grouping.objects.filter(key=FACTS["parties"]).first()
    if sro is None or grouping is None:
        return ["SRO or the grouping of the region and the 49 municipalities is missing: the demo agreements skipped."]
    parties = list(grouping.principals.all())
    lines = []
    for facts in FACTS["agreements"]:
        key = facts["key"]
        if Agreement.objects.filter(key=key).exists():
            lines.append(f"Agreement {key}: already there, left as it is.")
            continue
        with transaction.atomic():
            agreement = _register(actor, sro, parties, facts)
        lines.append(f"Agreement {key}: registered “{agreement.title}” ({len(parties)} parties).")
    return lines


def _item(sro: Body, facts: Mapping[str, Any] | None) -> AgendaItem | None:
    if facts is None:
        return None
    return find_item(sro, local_time(facts["meeting"]), title_contains=facts["title_contains"], number=facts["number"])


def _recommendation(sro: Body, name: str) -> Recommendation | None:
    """The demo recommendation `name` of referrals.yaml, by its title."""
    title = demo_referrals.FACTS[name]["recommendation"]["title"]
    return Recommendation.objects.filter(body=sro, title=title).first()


def _register(actor: Any, sro: Body, parties: list[Principal], facts: Mapping[str, Any]) -> Agreement:
    """Register the agreement and its parts, then take it through its steps."""
    item = _item(sro, facts.get("agenda_item"))
    agreement = services.agreement_create(
        actor=actor, key=facts["key"], body=sro, parties=parties, source=SOURCE, **facts["create"]
    )
    for part in facts.get("parts", []):
        services.agreement_create(
            actor=actor,
            key=part["key"],
            body=sro,
            parent=agreement,
            parties=parties,
            source=SOURCE,
            **part["create"],
        )
    for step in facts.get("steps", []):
        ((action, fields),) = step.items()
        fields = dict(fields)
        if "recommendation" in fields:
            fields["recommendation"] = _recommendation(sro, fields["recommendation"])
        if fields.pop("decided_under_item", False):
            fields["decided_under"] = item
        common = {"actor": actor, "agreement": agreement, "version": agreement.version, "agenda_item": item}
        if action == "extend":
            services.agreement_extend(**common, source=SOURCE, **fields)
        else:
            services.agreement_update(**common, source=SOURCE, **fields)
        agreement.refresh_from_db()
    return agreement
