"""Reads of the agreement register: who sees what (drafts and non-public agreements only to
the responsible body's secretaries and administrators), where each agreement stands today, and
for which principals it is in force. Query counts do not grow with the data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from samverkan.agreements.models import Agreement, AgreementEvent, AgreementVersion, validity_state
from samverkan.core.access import is_administrator
from samverkan.core.badges import Badge
from samverkan.documents.models import Reading
from samverkan.referrals import outcome as outcomes
from samverkan.referrals import selectors as referral_selectors
from samverkan.referrals.models import Recipient, Response
from samverkan.structure.models import Principal

STATE_LABELS = {
    "draft": _("draft"),
    "consultation": _("out for consultation"),
    "terminated": _("terminated"),
    "replaced": _("replaced"),
    "upcoming": _("adopted, not yet in force"),
    "in_force": _("in force"),
    "expired": _("expired"),
    # Adopted through a recommendation, in force by its dates, but:
    "pending": _("awaiting the principals' decisions"),
    "not_adopted": _("not adopted by the principals"),
}
STATES = list(STATE_LABELS)


def public_agreements() -> QuerySet[Agreement]:
    return Agreement.objects.filter(public=True).exclude(status=Agreement.Status.DRAFT)


def visible_agreements(user: Any) -> QuerySet[Agreement]:
    """Public agreements, and for a secretary also the drafts and non-public agreements of the
    bodies they run; everything for administrators."""
    if is_administrator(user):
        return Agreement.objects.all()
    if not user.is_authenticated:
        return public_agreements()
    return Agreement.objects.filter(
        (Q(public=True) & ~Q(status=Agreement.Status.DRAFT)) | Q(body__secretaries=user)
    ).distinct()


def agreement_choices(user: Any) -> QuerySet[Agreement]:
    """The agreements a form may point to (what replaces what): those the user sees, by title."""
    return visible_agreements(user).order_by("title")


def state_of(agreement: Agreement, today: datetime.date) -> str:
    return validity_state(agreement, today)


def state_badge(state: str, label: Any) -> Badge:
    return Badge(label, f"agreement-state state-{state}")


@dataclass(frozen=True)
class Row:
    agreement: Agreement
    state: str
    label: Any

    @property
    def badge(self) -> Badge:
        return state_badge(self.state, self.label)


def agreement_rows(user: Any, today: datetime.date, *, state: str = "", kind: str = "") -> list[Row]:
    """The register's list: the agreements with their successors and bodies and the parties
    counted in one query; the recommendations they were adopted through and their answers (and
    populations, for a population rule) in at most three more, whatever the number of rows."""
    queryset = (
        visible_agreements(user)
        .select_related("body", "replaced_by", "parent")
        .annotate(party_count=Count("parties", distinct=True))
        .order_by("title", "pk")
    )
    if kind:
        queryset = queryset.filter(kind=kind)
    agreements = list(queryset)
    # An agreement adopted through a (public) recommendation is in force only as the principals
    # decided: the list says what the detail page says (issue 12, point 6). Two more queries.
    public_recs = {
        r.pk: r
        for r in referral_selectors.public_recommendations().filter(
            pk__in={a.recommendation_id for a in agreements if a.recommendation_id}
        )
    }
    results = referral_selectors.outcomes_of(public_recs.values())
    rows = []
    for a in agreements:
        s = validity_state(a, today)
        label = STATE_LABELS[s]
        outcome = results.get(a.recommendation_id) if a.recommendation_id else None
        if s == "in_force" and outcome is not None:
            s, label = _through_recommendation(outcome, outcome.approved)
        rows.append(Row(a, s, label))
    if state:
        rows = [r for r in rows if r.state == state]
    return rows


@dataclass(frozen=True)
class Page:
    agreement: Agreement
    state: str
    label: Any
    parties: list[Principal]
    sub_agreements: list[Agreement]
    versions: list[AgreementVersion]
    events: list[AgreementEvent]
    in_force_for: list[Principal] | None  # None: the agreement does not follow a recommendation
    outcome: Any

    @property
    def badge(self) -> Badge:
        return state_badge(self.state, self.label)

    replaced_by: Agreement | None


def _through_recommendation(outcome: Any, approved: int) -> tuple[str, Any]:
    """Where an agreement in force by its own dates stands when the principals adopt it through
    a recommendation: in force for all, for those who approved, not yet, or not at all."""
    if outcome.status == outcomes.NOT_ADOPTED:
        return "not_adopted", STATE_LABELS["not_adopted"]
    if outcome.status == outcomes.ADOPTED_FOR and approved:
        label = ngettext("in force for %(n)s principal", "in force for %(n)s principals", approved)
        return "in_force", label % {"n": approved}
    if outcome.status == outcomes.ADOPTED:
        return "in_force", STATE_LABELS["in_force"]
    return "pending", STATE_LABELS["pending"]


def agreement_page(user: Any, key: str, today: datetime.date) -> Page | None:
    agreement = (
        visible_agreements(user)
        .select_related(
            "body", "parent", "replaces", "replaced_by", "recommendation__body", "decided_under__meeting__body"
        )
        .prefetch_related(
            Prefetch("parties", queryset=Principal.objects.order_by("kind", "name"), to_attr="party_list"),
            Prefetch(
                "sub_agreements",
                queryset=visible_agreements(user).select_related("replaced_by").order_by("title"),
                to_attr="visible_parts",
            ),
            Prefetch("versions", queryset=AgreementVersion.objects.defer("text"), to_attr="version_list"),
            Prefetch(
                "events",
                queryset=AgreementEvent.objects.select_related("agenda_item__meeting__body"),
                to_attr="event_list",
            ),
        )
        .filter(key=key)
        .first()
    )
    if agreement is None:
        return None
    if agreement.parent is not None and not visible_agreements(user).filter(pk=agreement.parent.pk).exists():
        agreement.parent = None  # a draft parent is not shown to those who may not see it
    in_force_for: list[Principal] | None = None
    outcome = None
    recommendation = agreement.recommendation
    if recommendation is not None and referral_selectors.public_recommendations().filter(pk=recommendation.pk).exists():
        recipients = list(
            Recipient.objects.filter(recommendation=recommendation)
            .select_related("principal", "current_response")
            .order_by("principal__name")
        )
        outcome = referral_selectors.outcome_for(recommendation, recipients)
        in_force_for = [
            r.principal
            for r in recipients
            if r.current_response is not None and r.current_response.answer in Response.APPROVING
        ]
    state = validity_state(agreement, today)
    label = STATE_LABELS[state]
    if state == "in_force" and outcome is not None and in_force_for is not None:
        state, label = _through_recommendation(outcome, len(in_force_for))
    successor = getattr(agreement, "replaced_by", None)
    if successor is not None and not visible_agreements(user).filter(pk=successor.pk).exists():
        successor = None
    return Page(
        agreement=agreement,
        state=state,
        label=label,
        parties=getattr(agreement, "party_list", []),
        sub_agreements=getattr(agreement, "visible_parts", []),
        versions=getattr(agreement, "version_list", []),
        events=getattr(agreement, "event_list", []),
        in_force_for=in_force_for,
        outcome=outcome,
        replaced_by=successor,
    )


def version_for(user: Any, key: str, pk: int) -> AgreementVersion | None:
    return (
        AgreementVersion.objects.filter(
            agreement__in=visible_agreements(user), agreement__key=key, pk=pk, reading=Reading.READ
        )
        .select_related("agreement")
        .first()
    )
