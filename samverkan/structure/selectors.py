"""Reads of the structure, with the prefetching each page needs (the query count of a page
must not grow with the number of members, bodies or principals)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django.db.models import Case, Exists, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext

from samverkan.core.access import is_administrator
from samverkan.core.choosing import Found, Option, any_case
from samverkan.core.formatting import short_dates
from samverkan.structure.models import Body, Grouping, Mandate, Membership, Person, Population, Principal


def membership_queryset() -> QuerySet[Membership]:
    return Membership.objects.select_related("person", "principal", "term", "substitute_for", "body")


# What a body's members need of each row (the page and the API): a body has up to a hundred
# seats, each read with four related rows; their other columns (the timestamps above all, parsed
# per row) were most of the page's reading.
BODY_MEMBERSHIP_FIELDS = (
    *("body_id", "role", "party", "delegation", "title", "start", "end"),
    *("person__key", "person__name", "principal__key", "principal__name"),
    *("term__key", "term__name", "substitute_for__key", "substitute_for__name"),
)


def body_membership_queryset() -> QuerySet[Membership]:
    """A body's seats (the body comes from the prefetch), with only what is shown of them."""
    return Membership.objects.select_related("person", "principal", "term", "substitute_for").only(
        *BODY_MEMBERSHIP_FIELDS
    )


@dataclass
class RoleGroup:
    role: str
    label: str
    memberships: list[Membership]


def group_by_role(memberships: list[Membership]) -> list[RoleGroup]:
    order = {role: i for i, role in enumerate(Membership.ROLE_ORDER)}
    ordered = sorted(memberships, key=lambda m: (order.get(m.role, 99), m.delegation, m.person.name))
    return [
        RoleGroup(role=role, label=str(Membership.Role(role).label), memberships=list(items))
        for role, items in groupby(ordered, key=lambda m: m.role)
    ]


@dataclass
class BodyPage:
    body: Body
    mandate: Mandate | None
    mandate_history: list[Mandate]
    children: list[Body]
    reporting_bodies: list[Body]
    current: list[RoleGroup]
    delegations: list[str]
    past: list[Membership]
    owners: list[Principal] = field(default_factory=list)


def body_page(key: str) -> BodyPage:
    body = get_object_or_404(
        Body.objects.select_related("parent", "reports_to").prefetch_related(
            "owners",
            "mandates",
            Prefetch("children", queryset=Body.objects.order_by("name")),
            Prefetch("reporting_bodies", queryset=Body.objects.order_by("name")),
            Prefetch("memberships", queryset=body_membership_queryset()),
        ),
        key=key,
    )
    today = timezone.localdate()
    memberships = list(body.memberships.all())
    current = [m for m in memberships if m.is_current(today)]
    past = sorted((m for m in memberships if not m.is_current(today)), key=lambda m: m.end or today, reverse=True)
    mandates = sorted(body.mandates.all(), key=lambda m: m.valid_from, reverse=True)
    in_force = next((m for m in mandates if m.valid_from <= today), None)
    return BodyPage(
        body=body,
        mandate=in_force,
        mandate_history=[m for m in mandates if m is not in_force],
        children=list(body.children.all()),
        reporting_bodies=[b for b in body.reporting_bodies.all() if b.parent_id != body.pk],
        current=group_by_role(current),
        delegations=sorted({m.delegation for m in current if m.delegation}),
        past=past,
        owners=list(body.owners.all()),
    )


@dataclass(frozen=True)
class MemberRow:
    """One seat as the body's page shows it: plain text and addresses, worked out once here
    rather than per row in the template (a body has up to a hundred seats; a URL reversed, a
    date formatted and a role translated per row were most of the page's time)."""

    pk: int
    name: str
    url: str
    title: str
    role: str
    party: str
    delegation: str
    principal: str
    principal_url: str
    start: str
    end: str
    term: str
    substitute_for: str


@dataclass(frozen=True)
class MemberGroup:
    label: str
    rows: list[MemberRow]


@dataclass(frozen=True)
class MemberRows:
    current: list[MemberGroup]
    past: list[MemberRow]


def member_rows(page: BodyPage) -> MemberRows:
    """The body page's seats as plain rows, in the page's groups and order."""
    short_date = short_dates()
    roles = {value: capfirst(str(label)) for value, label in Membership.Role.choices}

    def row(m: Membership) -> MemberRow:
        principal = m.principal
        return MemberRow(
            pk=m.pk,
            name=m.person.name,
            url=m.person.get_absolute_url(),
            title=m.title,
            role=roles.get(m.role, m.role),
            party=m.party,
            delegation=m.delegation,
            principal=principal.name if principal else "",
            principal_url=principal.get_absolute_url() if principal else "",
            start=short_date(m.start),
            end=short_date(m.end),
            term=m.term.name if m.term else "",
            substitute_for=m.substitute_for.name if m.substitute_for else "",
        )

    return MemberRows(
        current=[MemberGroup(label=capfirst(g.label), rows=[row(m) for m in g.memberships]) for g in page.current],
        past=[row(m) for m in page.past],
    )


def body_list() -> QuerySet[Body]:
    return Body.objects.select_related("parent").prefetch_related("owners").order_by("level", "name")


def owner_labels(body_ids: set[int]) -> dict[int, list[str]]:
    """The labels of each body's owners (`Principal.label`), by name: what tells apart two
    bodies of the same name ("Regionstyrelsen (VGR)"). One query, none for no bodies; plain
    values, since at the national scale this is thousands of rows."""
    owners: dict[int, list[str]] = {}
    if body_ids:
        rows = Body.owners.through.objects.filter(body_id__in=body_ids).order_by("principal__name")
        for body_id, short_name, name in rows.values_list("body_id", "principal__short_name", "principal__name"):
            owners.setdefault(body_id, []).append(short_name or name)  # Principal.label
    return owners


def body_labels(rows: list[tuple[int, str, str, bool]]) -> list[tuple[str, str]]:
    """(key, label) of bodies given as (pk, key, name, whether another body has the name): the
    name, or where another body has it the name with its owners ("Regionstyrelsen (VGR)",
    `owner_labels`: one query)."""
    owners = owner_labels({pk for pk, _key, _name, shared in rows if shared})
    return [(key, f"{name} ({', '.join(owners[pk])})" if pk in owners else name) for pk, key, name, _s in rows]


class BodyLookup:
    """The bodies for a `core.choosing.SearchChoiceField`: by key, or by a part of the name or
    short name (the label "Regionstyrelsen (VGR)" finds the VGR's own), labelled as
    `body_labels` labels them. Two queries a lookup, the second only for shared names."""

    def _rows(self, bodies: QuerySet[Body], limit: int) -> list[tuple[int, str, str, bool]]:
        shared = Exists(Body.objects.filter(name=OuterRef("name")).exclude(pk=OuterRef("pk")))
        return list(bodies.annotate(shared=shared).values_list("pk", "key", "name", "shared")[:limit])

    def get(self, key: str) -> Option | None:
        rows = self._rows(Body.objects.filter(key=key), 1)
        return Option(*body_labels(rows)[0]) if rows else None

    def find(self, text: str, limit: int) -> Found:
        text = text.strip()
        if not text:
            return Found([], False)
        matches = any_case("name", "contains", text) | any_case("short_name", "exact", text)
        ranks = [
            When(any_case("name", "exact", text) | any_case("short_name", "exact", text), then=Value(1)),
            When(any_case("name", "startswith", text), then=Value(2)),
        ]
        name, paren, rest = text.rpartition(" (")
        if paren and rest.endswith(")") and name.strip():  # a label: "Regionstyrelsen (VGR)"
            owner = rest[:-1].split(", ")[0]
            owned = Body.owners.through.objects.filter(body_id=OuterRef("pk")).filter(
                Q(principal__short_name=owner) | Q(principal__short_name="", principal__name=owner)
            )
            matches |= any_case("name", "exact", name.strip())
            ranks.insert(0, When(any_case("name", "exact", name.strip()) & Exists(owned), then=Value(0)))
        bodies = Body.objects.filter(matches).annotate(rank=Case(*ranks, default=Value(3)))
        rows = self._rows(bodies.order_by("rank", "name", "key"), limit + 1)
        return Found([Option(key, label) for key, label in body_labels(rows[:limit])], len(rows) > limit)


BODIES = BodyLookup()


class PersonLookup:
    """The people for a `core.choosing.SearchChoiceField` (who replaced a member at a meeting):
    by key, or by a part of the name; a name two people share is told apart by the key
    ("Anna Andersson (anna-andersson-2)"). One query, however many people."""

    def _options(self, people: QuerySet[Person], limit: int) -> list[Option]:
        shared = Exists(Person.objects.filter(name=OuterRef("name")).exclude(pk=OuterRef("pk")))
        rows = people.annotate(shared=shared).values_list("key", "name", "shared")[:limit]
        return [Option(key, f"{name} ({key})" if twin else name) for key, name, twin in rows]

    def get(self, key: str) -> Option | None:
        found = self._options(Person.objects.filter(key=key), 1)
        return found[0] if found else None

    def find(self, text: str, limit: int) -> Found:
        text = text.strip()
        if not text:
            return Found([], False)
        _name, paren, rest = text.rpartition(" (")
        matches = any_case("name", "contains", text)
        if paren and rest.endswith(")"):  # a label: "Anna Andersson (anna-andersson-2)"
            matches |= Q(key=rest[:-1])
        rank = Case(
            When(any_case("name", "exact", text), then=Value(0)),
            When(any_case("name", "startswith", text), then=Value(1)),
            default=Value(2),
        )
        options = self._options(
            Person.objects.filter(matches).annotate(rank=rank).order_by("rank", "name", "key"), limit + 1
        )
        return Found(options[:limit], len(options) > limit)


PEOPLE = PersonLookup()


class PrincipalLookup:
    """The principals for a `core.choosing.SearchChoiceField` (the search's principal filter):
    by key, or by a part of the name or the short name ("VGR"). One query."""

    def get(self, key: str) -> Option | None:
        row = Principal.objects.filter(key=key).values_list("key", "name").first()
        return Option(*row) if row else None

    def find(self, text: str, limit: int) -> Found:
        text = text.strip()
        if not text:
            return Found([], False)
        rank = Case(
            When(any_case("name", "exact", text) | any_case("short_name", "exact", text), then=Value(0)),
            When(any_case("name", "startswith", text), then=Value(1)),
            default=Value(2),
        )
        rows = list(
            Principal.objects.filter(any_case("name", "contains", text) | any_case("short_name", "exact", text))
            .annotate(rank=rank)
            .order_by("rank", "name", "key")
            .values_list("key", "name")[: limit + 1]
        )
        return Found([Option(*row) for row in rows[:limit]], len(rows) > limit)


PRINCIPALS = PrincipalLookup()


def principal_list() -> QuerySet[Principal]:
    return Principal.objects.order_by("kind", "name")


@dataclass
class PrincipalPage:
    principal: Principal
    populations: list
    groupings: list[Grouping]
    owned_bodies: list[Body]
    representatives: list[Membership]


def principal_page(key: str) -> PrincipalPage:
    principal = get_object_or_404(
        Principal.objects.prefetch_related(
            "populations",
            Prefetch("groupings", queryset=Grouping.objects.order_by("name")),
            Prefetch("owned_bodies", queryset=Body.objects.order_by("name")),
        ),
        key=key,
    )
    today = timezone.localdate()
    representatives = [
        m
        for m in membership_queryset().filter(principal=principal).order_by("body__name", "person__name")
        if m.is_current(today)
    ]
    return PrincipalPage(
        principal=principal,
        populations=sorted(principal.populations.all(), key=lambda p: p.reference_date, reverse=True),
        groupings=list(principal.groupings.all()),
        owned_bodies=list(principal.owned_bodies.all()),
        representatives=representatives,
    )


def grouping_page(key: str) -> Grouping:
    return get_object_or_404(
        Grouping.objects.select_related("owner").prefetch_related(
            Prefetch("principals", queryset=Principal.objects.order_by("name"))
        ),
        key=key,
    )


@dataclass
class PersonPage:
    person: Person
    current: list[Membership]
    past: list[Membership]


def person_page(key: str) -> PersonPage:
    person = get_object_or_404(Person, key=key)
    today = timezone.localdate()
    memberships = list(membership_queryset().filter(person=person).order_by("-start", "body__name"))
    return PersonPage(
        person=person,
        current=[m for m in memberships if m.is_current(today)],
        past=[m for m in memberships if not m.is_current(today)],
    )


def structure_bodies() -> list[Body]:
    """Every body with what the diagram needs, in one query plus one for the owners."""
    return list(Body.objects.select_related("parent", "reports_to").prefetch_related("owners").order_by("name"))


def year_populations(years: Iterable[int], principal_ids: Iterable[int] | None = None) -> dict[tuple[int, int], int]:
    """Official inhabitants (the 31 December figures) by (principal id, year), in one query."""
    queryset = Population.objects.filter(year__in=set(years))
    if principal_ids is not None:
        queryset = queryset.filter(principal_id__in=set(principal_ids))
    return {
        (pid, year): inhabitants
        # No order: a mapping does not need the principals' (a join and a sort).
        for pid, year, inhabitants in queryset.order_by().values_list("principal_id", "year", "inhabitants")
        if year is not None
    }


@dataclass(frozen=True)
class MailAddress:
    """Where a person's mail goes: their own address, or else the address of the user account
    linked to them (`via_account`). Without either, `address` is empty and `reason` says why."""

    address: str
    via_account: bool = False
    reason: str = ""


def mail_address(person: Person) -> MailAddress:
    """The address to mail `person` at (select_related("user") keeps this free of queries)."""
    if person.email:
        return MailAddress(person.email)
    user = person.user if person.user_id else None
    if user is None:
        return MailAddress("", reason=gettext("no e-mail address and no user account"))
    if not user.is_active:
        return MailAddress("", reason=gettext("no e-mail address; the linked user account is closed"))
    if not user.email:
        return MailAddress("", reason=gettext("no e-mail address, neither here nor on the user account"))
    return MailAddress(user.email, via_account=True)


def bodies_kept_by(user: Any, also: Body | None = None) -> QuerySet[Body]:
    """The bodies `user` may choose in a staff form: those they are secretary of (every body for
    an administrator), and `also`, the body the record being edited already has."""
    bodies = Body.objects.all() if is_administrator(user) else Body.objects.filter(secretaries=user)
    if also is not None:
        bodies = (bodies | Body.objects.filter(pk=also.pk)).distinct()
    return bodies.order_by("name")


def membership_of(body: Body, pk: int) -> Membership | None:
    """A seat in the body with its person, its body the one given."""
    membership = Membership.objects.select_related("person").filter(pk=pk, body=body).first()
    if membership is not None:
        membership.body = body
    return membership


def person_of_user(user: Any) -> Person | None:
    """The person in the structure that a user account is (with the user, for mail_address)."""
    return Person.objects.select_related("user").filter(user__pk=user.pk or 0).first()


def role_holders(target: Body | Principal) -> list[Any]:
    """Who holds the role a roles screen manages: a body's secretaries, a principal's
    registrars, by user name."""
    return list(_role_field(target).order_by("username"))


def role_holder(target: Body | Principal, user_id: object) -> Any | None:
    """One holder of the role, by the user id a form posted (None when no such holder)."""
    try:
        return _role_field(target).filter(pk=int(str(user_id))).first()
    except ValueError:
        return None


def _role_field(target: Body | Principal) -> Any:
    return target.secretaries if isinstance(target, Body) else target.registrars


def structure_counts() -> dict[str, int]:
    """How many principals, bodies and people the structure holds (the start page)."""
    return {"principals": Principal.objects.count(), "bodies": Body.objects.count(), "people": Person.objects.count()}


def top_bodies() -> list[Body]:
    """The bodies at the top of the structure, by name; a name two of them share (each region's
    "Regionstyrelsen") is told apart by its owners (`owner_names`, empty for a name no other top
    body has)."""
    top = list(Body.objects.filter(parent__isnull=True).order_by("name"))
    names = Counter(body.name for body in top)
    owners = owner_labels({body.pk for body in top if names[body.name] > 1})
    for body in top:
        body.owner_names = ", ".join(owners.get(body.pk, []))  # type: ignore[attr-defined]
    return top
