from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from samverkan.api.params import KeyPath, errors
from samverkan.structure import selectors
from samverkan.structure.models import Grouping, Membership, Person, Principal

router = Router(tags=["structure"])


class PopulationOut(Schema):
    reference_date: datetime.date
    year: int | None = Field(description="Set for a 31 December figure: the year whose official figure it is.")
    inhabitants: int
    source: str
    loaded_at: datetime.datetime


class PrincipalRef(Schema):
    key: str
    name: str
    short_name: str
    kind: str


class PrincipalOut(PrincipalRef):
    org_number: str
    website: str
    scb_code: str = Field(
        description="SCB's kommunkod (4 digits) or, for a region, länskod (2 digits); empty if unknown."
    )
    populations: list[PopulationOut]
    groupings: list[str]


class GroupingOut(Schema):
    key: str
    name: str
    description: str
    owner: str | None
    principals: list[str]


class BodyRef(Schema):
    key: str
    name: str
    short_name: str


class MandateOut(Schema):
    valid_from: datetime.date
    text: str
    source: str


class MembershipOut(Schema):
    person: str
    person_name: str
    role: str
    party: str
    principal: str | None
    delegation: str
    title: str
    term: str | None
    start: datetime.date | None
    end: datetime.date | None
    substitute_for: str | None


class BodyOut(BodyRef):
    kind: str
    level: str
    owners: list[str]
    parent: str | None
    reports_to: str | None
    meeting_rhythm: str
    mandates: list[MandateOut]
    members: list[MembershipOut]
    past_members: list[MembershipOut]


class PersonMembershipOut(MembershipOut):
    body: str


class PersonOut(Schema):
    key: str
    name: str
    title: str
    memberships: list[PersonMembershipOut]


def _membership(m: Membership) -> dict:
    return {
        "person": m.person.key,
        "person_name": m.person.name,
        "role": m.role,
        "party": m.party,
        "principal": m.principal.key if m.principal else None,
        "delegation": m.delegation,
        "title": m.title,
        "term": m.term.key if m.term else None,
        "start": m.start,
        "end": m.end,
        "substitute_for": m.substitute_for.key if m.substitute_for else None,
        "body": m.body.key,
    }


@router.get("/principals", response=list[PrincipalRef], url_name="principal_list", openapi_extra=errors(invalid=False))
def principal_list(request: HttpRequest) -> list[Principal]:
    return list(selectors.principal_list())


@router.get(
    "/principals/{key}", response=PrincipalOut, url_name="principal_detail", openapi_extra=errors(not_found=True)
)
def principal_detail(request: HttpRequest, key: KeyPath) -> dict:
    page = selectors.principal_page(key)
    p = page.principal
    return {
        "key": p.key,
        "name": p.name,
        "short_name": p.short_name,
        "kind": p.kind,
        "org_number": p.org_number,
        "website": p.website,
        "scb_code": p.scb_code,
        "populations": [
            {
                "reference_date": x.reference_date,
                "year": x.year,
                "inhabitants": x.inhabitants,
                "source": x.source,
                "loaded_at": x.created_at,
            }
            for x in page.populations
        ],
        "groupings": [g.key for g in page.groupings],
    }


@router.get("/groupings", response=list[GroupingOut], url_name="grouping_list", openapi_extra=errors(invalid=False))
def grouping_list(request: HttpRequest) -> list[dict]:
    groupings = Grouping.objects.select_related("owner").prefetch_related("principals").order_by("name")
    return [
        {
            "key": g.key,
            "name": g.name,
            "description": g.description,
            "owner": g.owner.key if g.owner else None,
            "principals": sorted(p.key for p in g.principals.all()),
        }
        for g in groupings
    ]


@router.get("/bodies", response=list[BodyRef], url_name="body_list", openapi_extra=errors(invalid=False))
def body_list(request: HttpRequest) -> list[Any]:
    # The list's own order, as plain values: neither the parents nor the owners that the site's
    # list of bodies shows (one query instead of two, and no model instances).
    return list(selectors.body_list().select_related(None).prefetch_related(None).values("key", "name", "short_name"))


@router.get("/bodies/{key}", response=BodyOut, url_name="body_detail", openapi_extra=errors(not_found=True))
def body_detail(request: HttpRequest, key: KeyPath) -> dict:
    page = selectors.body_page(key)
    b = page.body
    mandates = [m for m in [page.mandate, *page.mandate_history] if m is not None]
    return {
        "key": b.key,
        "name": b.name,
        "short_name": b.short_name,
        "kind": b.kind,
        "level": b.level,
        "owners": [o.key for o in page.owners],
        "parent": b.parent.key if b.parent else None,
        "reports_to": b.reports_to.key if b.reports_to else None,
        "meeting_rhythm": b.meeting_rhythm,
        "mandates": [{"valid_from": m.valid_from, "text": m.text, "source": m.source} for m in mandates],
        "members": [_membership(m) for group in page.current for m in group.memberships],
        "past_members": [_membership(m) for m in page.past],
    }


@router.get("/people/{key}", response=PersonOut, url_name="person_detail", openapi_extra=errors(not_found=True))
def person_detail(request: HttpRequest, key: KeyPath) -> dict:
    person = get_object_or_404(Person, key=key)
    memberships = selectors.membership_queryset().filter(person=person).order_by("body__name")
    return {
        "key": person.key,
        "name": person.name,
        "title": person.title,
        "memberships": [_membership(m) for m in memberships],
    }
