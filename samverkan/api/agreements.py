"""The agreement register as open data: public agreements only (`public_agreements()`); a draft
or an agreement not marked public never appears, and its key answers 404. The list reads in a
constant number of queries.

No `from __future__ import annotations` here: ninja's `paginate` resolves the view's
annotations in its own module, so they must be real objects."""

import datetime
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import paginate

from samverkan.agreements import selectors
from samverkan.agreements.models import Agreement, AgreementEvent, AgreementVersion
from samverkan.api.params import PAGE_MAX, BoundedPagination, KeyFilter, KeyPath, TextFilter, errors
from samverkan.documents.models import Reading
from samverkan.structure.models import Principal

router = Router(tags=["agreements"])


class AgreementPartyOut(Schema):
    key: str
    name: str
    kind: str


class AgreementVersionOut(Schema):
    label: str
    adopted_on: datetime.date | None
    note: str
    file_url: str
    sha256: str


class AgreementEventOut(Schema):
    kind: str
    on: datetime.date
    note: str
    changes: dict[str, Any]


class AgreementOut(Schema):
    key: str
    title: str
    kind: str
    status: str
    state: str
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    until_replaced: bool
    body: str | None
    parent: str | None
    replaces: str | None
    recommendation_id: int | None
    parties: list[AgreementPartyOut]
    url: str


class AgreementDetailOut(AgreementOut):
    summary: str
    sub_agreements: list[str]
    versions: list[AgreementVersionOut]
    events: list[AgreementEventOut]


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _agreement(agreement: Agreement, today: datetime.date, public_keys: set[int]) -> dict[str, Any]:
    return {
        "key": agreement.key,
        "title": agreement.title,
        "kind": agreement.kind,
        "status": agreement.status,
        "state": selectors.state_of(agreement, today),
        "valid_from": agreement.valid_from,
        "valid_until": agreement.valid_until,
        "until_replaced": agreement.until_replaced,
        "body": agreement.body.key if agreement.body else None,
        "parent": agreement.parent.key if agreement.parent and agreement.parent_id in public_keys else None,
        "replaces": agreement.replaces.key if agreement.replaces and agreement.replaces_id in public_keys else None,
        "recommendation_id": agreement.recommendation_id,
        "parties": [{"key": p.key, "name": p.name, "kind": p.kind} for p in agreement.party_list],  # type: ignore[attr-defined]
        "url": _absolute(agreement.get_absolute_url()),
    }


def _public() -> Any:
    return (
        selectors.public_agreements()
        .select_related("body", "parent", "replaces", "replaced_by")
        .prefetch_related(Prefetch("parties", queryset=Principal.objects.order_by("name"), to_attr="party_list"))
        .order_by("title", "pk")
    )


class AgreementPagination(BoundedPagination):
    def paginate_queryset(self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        items = list(page["items"])
        public = set(selectors.public_agreements().values_list("pk", flat=True))
        today = timezone.localdate()
        page["items"] = [_agreement(a, today, public) for a in items]
        return page


@router.get("/agreements", response=list[AgreementOut], url_name="agreement_list", openapi_extra=errors())
@paginate(AgreementPagination, max_limit=PAGE_MAX)
def agreement_list(request: HttpRequest, kind: TextFilter = None, party: KeyFilter = None) -> Any:
    """Public agreements with their parties and validity, by title. `state` is where each
    stands today: consultation, upcoming, in_force, expired, replaced or terminated. Filter by
    kind and by a party's key."""
    queryset = _public()
    if kind:
        queryset = queryset.filter(kind=kind)
    if party:
        queryset = queryset.filter(parties__key=party)
    return queryset


@router.get(
    "/agreements/{key}", response=AgreementDetailOut, url_name="agreement_detail", openapi_extra=errors(not_found=True)
)
def agreement_detail(request: HttpRequest, key: KeyPath) -> dict[str, Any]:
    """A public agreement with its sub-agreements, versions (the texts) and history."""
    agreement = (
        _public()
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=AgreementVersion.objects.filter(reading=Reading.READ).defer("text"),
                to_attr="version_list",
            ),
            Prefetch("events", queryset=AgreementEvent.objects.order_by("on", "pk"), to_attr="event_list"),
            Prefetch(
                "sub_agreements", queryset=selectors.public_agreements().order_by("title"), to_attr="public_parts"
            ),
        )
        .filter(key=key)
        .first()
    )
    if agreement is None:
        raise Http404
    public = set(selectors.public_agreements().values_list("pk", flat=True))
    return _agreement(agreement, timezone.localdate(), public) | {
        "summary": agreement.summary,
        "sub_agreements": [sub.key for sub in agreement.public_parts],
        "versions": [
            {
                "label": v.label,
                "adopted_on": v.adopted_on,
                "note": v.note,
                "file_url": _absolute(reverse("agreements:version_file", kwargs={"key": agreement.key, "pk": v.pk})),
                "sha256": v.sha256,
            }
            for v in agreement.version_list
        ],
        "events": [{"kind": e.kind, "on": e.on, "note": e.note, "changes": e.changes} for e in agreement.event_list],
    }
