"""Deterministic synthetic data: the structure, ten years of meetings with minutes, papers,
recommendations with answers, and the search index. See docs/synthetic-data.md.

Everything random comes from `random.Random` seeded by the seed (per body, by the seed and the
body's key, so a body's meetings do not depend on how the work is chunked), and every date from
the fixed calendar in `scales.py`."""

from __future__ import annotations

import datetime
import math
import random
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, models, transaction
from django.utils.text import slugify

from samverkan.meetings import services as meeting_services
from samverkan.meetings.models import (
    STANDARD_PROCEDURAL_ITEMS,
    Adjuster,
    AgendaItem,
    Attachment,
    Attendance,
    Matter,
    Meeting,
    MeetingSettings,
    Minutes,
)
from samverkan.referrals.models import Paper, Recipient, Recommendation, Response
from samverkan.search import kinds as search_kinds
from samverkan.search.index import BulkIndex, rebuild
from samverkan.search.index import registry as search_registry
from samverkan.structure.models import (
    Body,
    Grouping,
    Mandate,
    Membership,
    Person,
    Population,
    Principal,
    Term,
)
from samverkan.synthetic import names
from samverkan.synthetic.money import MoneyAndFollowup
from samverkan.synthetic.pdf import store_files
from samverkan.synthetic.scales import FIRST_DAY, LAST_DAY, REFERENCE_DAY, TERMS, YEARS, Scale
from samverkan.synthetic.writer import Writer

Progress = Callable[..., Iterable[Any]]
PDF = "application/pdf"
FLUSH_ITEMS = 40_000
NO_MINUTES = Meeting.minutes.related  # agenda items held in memory before the meetings are written


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([p for p, _w in pairs], weights=[w for _p, w in pairs])[0]


def _share(total: int, weights: list[int], minimum: int = 1) -> list[int]:
    """`total` split by `weights` (largest remainder), each part at least `minimum`."""
    whole = sum(weights)
    raw = [total * w / whole for w in weights]
    parts = [max(minimum, int(r)) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    for i in order[: max(0, total - sum(parts))]:
        parts[i] += 1
    return parts


@dataclass
class Seat:
    """A chair in a body that different people hold term after term."""

    role: str
    principal: Principal
    politician: bool
    delegation: str
    pair: int | None = None  # index of the seat a substitute stands in for


@dataclass
class BodyPlan:
    body: Body
    region: int
    area: int
    constituency: list[Principal]
    seats: list[Seat]
    per_year: int
    settings: MeetingSettings
    # term index -> person per seat (same order as seats)
    holders: dict[int, list[Person]] = field(default_factory=dict)
    memberships: dict[int, list[Membership]] = field(default_factory=dict)


@dataclass
class Candidate:
    """A published decision item a recommendation can be decided under."""

    body_id: int
    item_id: int
    day: datetime.date
    topic: str
    region: int
    preferred: bool


class Generator:
    def __init__(self, *, scale: Scale, seed: int, progress: Progress, log: Callable[[str], None]) -> None:
        self.scale = scale
        self.seed = seed
        self.rng = random.Random(f"{seed}/structure")  # noqa: S311 - reproducible, not secret
        self.progress = progress
        self.log = log
        self.writer = Writer()
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.regions: list[Principal] = []
        self.region_municipalities: dict[int, list[Principal]] = {}
        self.region_associations: dict[int, list[Principal]] = {}
        self.association_members: dict[int, list[Principal]] = {}
        self.terms: list[Term] = []
        self.plans: list[BodyPlan] = []
        self.people: list[Person] = []
        self.candidates: list[Candidate] = []
        self.files: list[tuple[str, int, str]] = []
        self.matter_numbers: dict[int, int] = {}
        self.population: dict[tuple[int, int], int] = {}
        self.principal_keys: set[str] = {key for key, *_rest in names.REGIONS}

    # --- helpers -------------------------------------------------------------------------------

    def _id(self, model: type[models.Model]) -> int:
        return self.writer.next_id(model)

    def _aware(self, day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
        return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.tz)

    def _principal_key(self, name: str) -> str:
        """A unique key: Håbo and Habo are both 'habo', so the second is 'habo-2'."""
        base = slugify(name)[:56].strip("-")
        key, n = base, 1
        while key in self.principal_keys:
            n += 1
            key = f"{base}-{n}"
        self.principal_keys.add(key)
        return key

    def _term_of(self, day: datetime.date) -> int:
        for index, (first, last) in enumerate(TERMS):
            if first <= day.year <= last:
                return index
        raise ValueError(day)

    # --- the whole run -------------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        self.files = store_files()
        with transaction.atomic():
            self.structure()
        self.meetings()
        with transaction.atomic():
            self.recommendations()
        with transaction.atomic():
            self.log("money and follow-up")
            MoneyAndFollowup(self).run()
        self.index_the_rest()
        with transaction.atomic():
            self.writer.reset_sequences()
        return dict(sorted(self.writer.counts.items()))

    # --- structure -----------------------------------------------------------------------------

    def structure(self) -> None:
        w = self.writer
        self.terms = [
            Term(
                id=self._id(Term),
                key=f"{first}-{last}",
                name=f"Mandatperioden {first}–{last}",
                start=datetime.date(first, 1, 1),
                end=datetime.date(last, 12, 31),
            )
            for first, last in TERMS
        ]
        w.write(Term, self.terms)

        principals: list[Principal] = []
        groupings: list[Grouping] = []
        grouping_members: list[Any] = []
        GroupingThrough = Grouping.principals.through
        association_counts = _share(
            self.scale.associations, [names.REGIONS[r][3] for r in self.scale.regions], minimum=1
        )
        for region_index, n_associations in zip(self.scale.regions, association_counts, strict=True):
            key, name, county, _count = names.REGIONS[region_index]
            region = Principal(
                id=self._id(Principal),
                key=key,
                name=name,
                short_name=name.replace("Region ", "")[:40] if name.startswith("Region ") else "VGR",
                kind=Principal.Kind.REGION,
                website=f"https://www.{key}.example.se/",
            )
            principals.append(region)
            self.regions.append(region)
            places = list(names.municipalities_of(region_index))
            if self.scale.municipalities_per_region is not None:
                places = places[: self.scale.municipalities_per_region]
            municipalities = []
            for place in places:
                slug = self._principal_key(place)
                municipalities.append(
                    Principal(
                        id=self._id(Principal),
                        key=slug,
                        name=names.municipality_name(place),
                        short_name=place[:40],
                        kind=Principal.Kind.MUNICIPALITY,
                        website=f"https://www.{slug}.example.se/",
                    )
                )
            principals += municipalities
            self.region_municipalities[region.pk] = municipalities
            associations = []
            size = math.ceil(len(municipalities) / n_associations)
            for a in range(n_associations):
                members = municipalities[a * size : (a + 1) * size] or municipalities[-1:]
                place = members[0].short_name
                template = (
                    "{place}regionens kommunalförbund",
                    "Kommunalförbundet {place} med omnejd",
                    "Samordningsförbundet {place}",
                    "{place}s kommunalförbund",
                )[a % 4]
                assoc_name = template.format(place=place)
                association = Principal(
                    id=self._id(Principal),
                    key=self._principal_key(assoc_name),
                    name=assoc_name,
                    short_name=f"KF {place}"[:40],
                    kind=Principal.Kind.MUNICIPAL_ASSOCIATION,
                )
                associations.append(association)
                self.association_members[association.pk] = members
                grouping = Grouping(
                    id=self._id(Grouping),
                    key=f"{association.key}-medlemmar"[:60],
                    name=f"Medlemskommuner i {assoc_name}",
                    owner=association,
                )
                groupings.append(grouping)
                grouping_members += [
                    GroupingThrough(id=self._id(GroupingThrough), grouping_id=grouping.pk, principal_id=m.pk)
                    for m in members
                ]
            principals += associations
            self.region_associations[region.pk] = associations
            everyone = Grouping(
                id=self._id(Grouping),
                key=f"kommunerna-{slugify(county)}"[:60],
                name=f"Kommunerna i {county}",
                description=f"Samtliga kommuner i {county}.",
                owner=region,
            )
            groupings.append(everyone)
            grouping_members += [
                GroupingThrough(id=self._id(GroupingThrough), grouping_id=everyone.pk, principal_id=m.pk)
                for m in municipalities
            ]
        w.write(Principal, principals)
        w.write(Grouping, groupings)
        w.write(GroupingThrough, grouping_members)
        self._populations(principals)
        self._bodies()
        self._people_and_memberships()

    def _populations(self, principals: list[Principal]) -> None:
        rng = self.rng
        rows = []
        base: dict[int, int] = {}
        for p in principals:
            if p.kind == Principal.Kind.MUNICIPALITY:
                big = {"Stockholm": 980_000, "Göteborg": 590_000, "Malmö": 360_000, "Uppsala": 240_000}
                base[p.pk] = big.get(p.short_name, int(rng.lognormvariate(10.0, 0.9)) + 2_400)
        for year in range(2016, 2027):
            for p in principals:
                if p.kind != Principal.Kind.MUNICIPALITY:
                    continue
                growth = 1 + 0.006 * (year - 2016) + ((p.pk * 7919 + year) % 11 - 5) / 2000
                self.population[(p.pk, year)] = int(base[p.pk] * growth)
            for region in self.regions:
                self.population[(region.pk, year)] = sum(
                    self.population[(m.pk, year)] for m in self.region_municipalities[region.pk]
                )
                for association in self.region_associations[region.pk]:
                    self.population[(association.pk, year)] = sum(
                        self.population[(m.pk, year)] for m in self.association_members[association.pk]
                    )
        for (pk, year), inhabitants in self.population.items():
            rows.append(
                Population(
                    id=self._id(Population),
                    principal_id=pk,
                    year=year,
                    inhabitants=inhabitants,
                    reference_date=datetime.date(year, 12, 31),
                    source="SCB (syntetiska siffror)",
                )
            )
        rows.sort(key=lambda r: r.pk)
        self.writer.write(Population, rows)

    def _bodies(self) -> None:
        rng, w = self.rng, self.writer
        weights = [len(self.region_municipalities[r.pk]) + 4 for r in self.regions]
        per_region = _share(self.scale.bodies, weights, minimum=2)
        # Bodies started later and cancelled meetings make about a tenth fewer: asked for more.
        mean_per_year = 1.1 * self.scale.meetings / self.scale.bodies / YEARS
        bodies: list[Body] = []
        mandates: list[Mandate] = []
        settings_rows: list[MeetingSettings] = []
        owners: list[Any] = []
        OwnerThrough = Body.owners.through
        used_keys: set[str] = set()

        def unique_key(text: str) -> str:
            base = slugify(text)[:54].strip("-")
            key, n = base, 1
            while key in used_keys:
                n += 1
                key = f"{base}-{n}"
            used_keys.add(key)
            return key

        for region_index, region, count in zip(self.scale.regions, self.regions, per_region, strict=True):
            associations = self.region_associations[region.pk]
            municipalities = self.region_municipalities[region.pk]
            region_short = region.short_name
            specs: list[tuple[str, str, str, Principal | None, int]] = [
                # name, short name, kind, association (None: the whole region), area
                (f"Politiskt samrådsorgan {region_short}", "SRO", "political", None, 8),
                (f"Tjänstepersonsberedning {region_short}", "TPB", "officials", None, 8),
            ]
            for association in associations:
                specs.append((f"Förbundsstyrelsen {association.name}", "FS", "political", association, 6))
            combos = [
                (prefix, kind, area, association)
                for association in [None, *associations]
                for area in range(len(names.AREAS))
                for prefix, kind in names.BODY_PREFIXES
            ]
            rng.shuffle(combos)
            for prefix, kind, area, group in combos[: max(0, count - len(specs))]:
                area_name = names.AREAS[area][0]
                where = f" i {group.short_name.replace('KF ', '')}" if group else ""
                specs.append((f"{prefix} {area_name}{where}", "", kind, group, area))
            top: Body | None = None
            boards: dict[int, Body] = {}
            for index, (name, short, kind, owner, area) in enumerate(specs[:count]):
                level = Body.Level.REGIONAL if owner is None else Body.Level.SUBREGIONAL
                active_from = datetime.date(2015, 1, 1)
                if index >= 2 and rng.random() < 0.25:
                    active_from = datetime.date(rng.randint(2017, 2023), rng.randint(1, 12), 1)
                body = Body(
                    id=self._id(Body),
                    key=unique_key(f"{name} {region_short}" if index < 2 else name),
                    name=name,
                    short_name=short,
                    kind=kind,
                    level=level,
                    meeting_rhythm="",
                    active_from=active_from,
                )
                if index == 0:
                    top = body
                elif owner is not None and name.startswith("Förbundsstyrelsen"):
                    body.reports_to_id = top.pk if top else None
                    boards[owner.pk] = body
                else:
                    parent = boards.get(owner.pk) if owner is not None else top
                    body.reports_to_id = parent.pk if parent else None
                    body.parent_id = parent.pk if parent and kind != "political" else None
                per_year = max(1, round(mean_per_year * rng.uniform(0.6, 1.4)))
                body.meeting_rhythm = f"{per_year} sammanträden per år"
                bodies.append(body)
                area_name = names.AREAS[area][0]
                mandates.append(
                    Mandate(
                        id=self._id(Mandate),
                        body_id=body.pk,
                        valid_from=active_from,
                        text=(
                            f"{name} ska samordna arbetet med {area_name} mellan regionen och kommunerna, "
                            "bereda överenskommelser och avtal samt följa upp dem."
                        ),
                        source="Syntetiskt beslut",
                    )
                )
                if rng.random() < 0.3:
                    mandates.append(
                        Mandate(
                            id=self._id(Mandate),
                            body_id=body.pk,
                            valid_from=datetime.date(2023, 1, 1),
                            text=(
                                f"{name} ansvarar för den gemensamma utvecklingen av {area_name} och "
                                "lämnar rekommendationer till huvudmännen."
                            ),
                            source="Syntetiskt beslut",
                        )
                    )
                owner_list = [region, *associations] if owner is None else [owner]
                owners += [
                    OwnerThrough(id=self._id(OwnerThrough), body_id=body.pk, principal_id=o.pk) for o in owner_list
                ]
                political = kind != "officials"
                adjusted = kind != "officials" or rng.random() < 0.5
                settings_row = MeetingSettings(
                    id=self._id(MeetingSettings),
                    body=body,
                    numbering=MeetingSettings.Numbering.PER_YEAR
                    if rng.random() < 0.6
                    else MeetingSettings.Numbering.PER_MEETING,
                    adjustment_days=14,
                    posts_adjustment_notice=political and owner is not None,
                    procedural_template=[],
                    requires_adjustment=adjusted,
                )
                settings_rows.append(settings_row)
                constituency = [region, *municipalities] if owner is None else self.association_members[owner.pk]
                self.plans.append(
                    BodyPlan(
                        body=body,
                        region=region_index,
                        area=area,
                        constituency=constituency,
                        seats=self._seats(kind, constituency, region, owner),
                        per_year=per_year,
                        settings=settings_row,
                    )
                )
        w.write(Body, bodies)
        w.write(Mandate, mandates)
        w.write(OwnerThrough, owners)
        w.write(MeetingSettings, settings_rows)

    def _seats(
        self, kind: str, constituency: list[Principal], region: Principal, association: Principal | None
    ) -> list[Seat]:
        rng = self.rng
        home = association or region
        political = kind == "political"
        n = rng.randint(7, 13) if political else rng.randint(5, 10)
        order = constituency[:]
        rng.shuffle(order)
        if region in constituency:  # the region sits first
            order.remove(region)
            order.insert(0, region)
        seats: list[Seat] = []
        for i in range(n):
            principal = order[i % len(order)]
            side = ("Regionen" if principal == region else "Kommunerna") if association is None else ""
            role = Membership.Role.CHAIR if i == 0 else Membership.Role.VICE_CHAIR if i == 1 else Membership.Role.MEMBER
            politician = political or (kind == "mixed" and i % 2 == 0)
            seats.append(Seat(role, principal, politician, side))
        if political:
            for i in range(0, n, 2):
                seats.append(Seat(Membership.Role.SUBSTITUTE, seats[i].principal, True, seats[i].delegation, pair=i))
        seats.append(Seat(Membership.Role.SECRETARY, home, False, ""))
        if rng.random() < 0.5:
            seats.append(Seat(Membership.Role.OFFICIAL, home, False, ""))
        return seats

    def _people_and_memberships(self) -> None:
        rng, w = self.rng, self.writer
        # People are made for the seats' principals in proportion to how many seats each has.
        demand: dict[tuple[int, bool], int] = {}
        principals: dict[int, Principal] = {}
        for plan in self.plans:
            for seat in plan.seats:
                k = (seat.principal.pk, seat.politician)
                demand[k] = demand.get(k, 0) + 1
                principals[seat.principal.pk] = seat.principal
        keys = sorted(demand)
        counts = _share(self.scale.people, [demand[k] for k in keys], minimum=1)
        pools: dict[tuple[int, bool], list[Person]] = {}
        used_keys: set[str] = set()
        people: list[Person] = []
        party_of: dict[int, str] = {}
        for k, n in zip(keys, counts, strict=True):
            principal = principals[k[0]]
            pool = []
            for _ in range(n):
                first = rng.choice(names.FIRST_NAMES)
                last = rng.choice(names.SURNAMES)
                if rng.random() < 0.08:
                    last = f"{last} {rng.choice(names.SURNAMES)}"
                name = f"{first} {last}"
                base = slugify(name)
                key, suffix = base, 1
                while key in used_keys:
                    suffix += 1
                    key = f"{base}-{suffix}"
                used_keys.add(key)
                title = "" if k[1] else f"{rng.choice(names.OFFICIAL_TITLES).capitalize()}, {principal.name}"
                if k[1] and rng.random() < 0.15:
                    title = "Kommunalråd" if principal.kind == Principal.Kind.MUNICIPALITY else "Regionråd"
                made = Person(id=self._id(Person), key=key, name=name, title=title, email=f"{key}@exempel.invalid")
                if k[1]:
                    party_of[made.pk] = _weighted(rng, names.PARTIES)
                pool.append(made)
            pools[k] = pool
            people += pool
        self.people = people
        w.write(Person, people)

        memberships: list[Membership] = []
        cursor: dict[tuple[int, bool], int] = {}
        for plan in self.plans:
            for term_index, term in enumerate(self.terms[:3]):
                if plan.body.active_from and plan.body.active_from.year > TERMS[term_index][1]:
                    continue
                previous = plan.holders.get(term_index - 1)
                taken: set[int] = set()
                holders: list[Person] = []
                for s, seat in enumerate(plan.seats):
                    k = (seat.principal.pk, seat.politician)
                    pool = pools[k]
                    person: Person | None = previous[s] if previous and rng.random() < 0.6 else None
                    if person is not None and person.pk in taken:
                        person = None
                    if person is None:
                        for _attempt in range(len(pool)):
                            c = cursor.get(k, rng.randrange(len(pool)))
                            cursor[k] = (c + 1) % len(pool)
                            if pool[c].pk not in taken:
                                person = pool[c]
                                break
                    if person is None:  # a tiny pool: somebody from the whole list
                        person = next(p for p in people if p.pk not in taken)
                    taken.add(person.pk)
                    holders.append(person)
                plan.holders[term_index] = holders
                start = max(term.start, plan.body.active_from or term.start)
                end = term.end if term_index < 2 else None
                seats = []
                for seat, person in zip(plan.seats, holders, strict=True):
                    seats.append(
                        Membership(
                            id=self._id(Membership),
                            body_id=plan.body.pk,
                            person=person,
                            role=seat.role,
                            party=party_of.get(person.pk, "") if seat.politician else "",
                            principal=seat.principal,
                            delegation=seat.delegation,
                            title="" if seat.politician else person.title.split(",")[0],
                            term_id=term.pk,
                            start=start,
                            end=end,
                            substitute_for=holders[seat.pair] if seat.pair is not None else None,
                        )
                    )
                plan.memberships[term_index] = seats
                memberships += seats
        w.write(Membership, memberships)

    # --- meetings ------------------------------------------------------------------------------

    def meetings(self) -> None:
        buffers = Buffers()
        index = BulkIndex(batch_size=5000)
        for plan in self.progress(self.plans, desc="meetings", unit="body"):
            self._meetings_of(plan, buffers)
            if len(buffers.items) >= FLUSH_ITEMS:
                self._write_meetings(buffers, index)
                buffers = Buffers()
        self._write_meetings(buffers, index)
        index.flush()
        for key, n in index.counts.items():
            self.writer.counts[f"search:{key}"] += n

    def _write_meetings(self, b: Buffers, index: BulkIndex) -> None:
        w = self.writer
        with transaction.atomic():
            w.write(Matter, b.matters)
            w.write(Meeting, b.meetings)
            w.write(AgendaItem, b.items)
            w.write(Attachment, b.attachments)
            w.write(Attendance, b.attendances)
            w.write(Minutes, b.minutes)
            w.write(Adjuster, b.adjusters)
            for item in b.items:
                index.add(search_kinds.ITEM, item.pk, search_kinds.build_item(item))
                index.add(search_kinds.DECISION, item.pk, search_kinds.build_decision(item))
            for paper in b.attachments:
                index.add(search_kinds.ATTACHMENT, paper.pk, search_kinds.build_attachment(paper))
            index.flush()

    def _meeting_days(self, plan: BodyPlan, rng: random.Random) -> Iterator[datetime.date]:
        first = max(FIRST_DAY, plan.body.active_from or FIRST_DAY)
        for year in range(FIRST_DAY.year, LAST_DAY.year + 1):
            for i in range(plan.per_year):
                month = 1 + (12 * i) // plan.per_year + rng.randint(0, max(0, 12 // plan.per_year - 1))
                month = min(12, month)
                if month == 7:
                    month = 8  # not in July
                day = datetime.date(year, month, rng.randint(1, 26))
                while day.weekday() >= 5:
                    day += datetime.timedelta(days=1)
                if first <= day <= LAST_DAY:
                    yield day

    def _meetings_of(self, plan: BodyPlan, b: Buffers) -> None:
        rng = random.Random(f"{self.seed}/body/{plan.body.key}")  # noqa: S311
        body, settings_row = plan.body, plan.settings
        topics = names.AREAS[plan.area][1]
        paragraph_year, paragraph_next = 0, 1
        venue = rng.choice(names.VENUES)
        address = f"{rng.choice(names.PLACES_STREETS)} {rng.randint(1, 40)}, {plan.constituency[0].short_name}"
        label = body.short_name or body.name.split(" ")[0]
        for day in self._meeting_days(plan, rng):
            hour = rng.choice((9, 9, 10, 13, 13))
            start = self._aware(day, hour, rng.choice((0, 0, 30)))
            end = start + datetime.timedelta(hours=rng.choice((2, 2, 3)))
            online = rng.random() < 0.15
            held = day < REFERENCE_DAY
            status = Meeting.Status.HELD if held else Meeting.Status.PLANNED
            if held and rng.random() < 0.02:
                status = Meeting.Status.CANCELLED
            elif not held and rng.random() < 0.05:
                status = Meeting.Status.PRELIMINARILY_CANCELLED
            time_decided = held or day < REFERENCE_DAY + datetime.timedelta(days=90) or rng.random() < 0.3
            meeting = Meeting(
                id=self._id(Meeting),
                uid=_uuid(rng),
                body=body,
                start=start,
                end=end if time_decided else None,
                time_decided=time_decided,
                location_name="" if online else venue,
                address="" if online else address,
                room="" if online else rng.choice(names.ROOMS),
                online_url=f"https://mote.exempel.invalid/{body.key}/{day:%Y%m%d}" if online else "",
                status=status,
                sequence=0,
                notice_sent_at=self._aware(day - datetime.timedelta(days=10), 8) if held else None,
            )
            b.meetings.append(meeting)
            NO_MINUTES.set_cached_value(meeting, None)  # until _minutes() makes them: no query
            term = self._term_of(day)
            seats = plan.memberships.get(term) or plan.memberships.get(max(plan.memberships))
            assert seats is not None
            drawn_up = status == Meeting.Status.HELD
            items = self._items(meeting, plan, seats, rng, topics, label, drawn_up, b)
            if drawn_up:
                if day.year != paragraph_year or settings_row.numbering == MeetingSettings.Numbering.PER_MEETING:
                    paragraph_year, paragraph_next = day.year, 1
                for item in items:
                    item.paragraph = paragraph_next
                    paragraph_next += 1
                attendance = self._attendance(meeting, seats, rng, b)
                self._minutes(meeting, plan, items, attendance, rng, b)
                for item in items:
                    if (
                        item.kind == AgendaItem.Kind.DECISION
                        and not item.confidential
                        and item.decision
                        and body.kind != Body.Kind.OFFICIALS
                    ):
                        self.candidates.append(
                            Candidate(
                                body.pk, item.pk, day, item.title, plan.region, item.title.startswith("Rekommendation")
                            )
                        )

    def _items(
        self,
        meeting: Meeting,
        plan: BodyPlan,
        seats: list[Membership],
        rng: random.Random,
        topics: tuple[str, ...],
        label: str,
        held: bool,
        b: Buffers,
    ) -> list[AgendaItem]:
        year = meeting.start.year
        procedural = STANDARD_PROCEDURAL_ITEMS
        substantive = rng.randint(2, 14)
        officials = [m.person.name for m in seats if not m.party] or [seats[0].person.name]
        body_word = plan.body.name.split(" ")[0]
        rows: list[AgendaItem] = []
        specs: list[tuple[str, str, bool, str]] = [(t["title"], t["kind"], False, "") for t in procedural[:4]]
        for _ in range(substantive):
            topic = rng.choice(topics) if rng.random() < 0.7 else rng.choice(rng.choice(names.AREAS)[1])
            if rng.random() < 0.015:
                title = rng.choice(names.CONFIDENTIAL_TITLES).format(topic=topic)
                specs.append((title, AgendaItem.Kind.DECISION, True, topic))
            else:
                template, kind = rng.choice(names.ITEM_TITLES)
                specs.append((template.format(topic=topic, year=year), kind, False, topic))
        specs += [(t["title"], t["kind"], False, "") for t in procedural[4:]]
        for position, (title, kind, confidential, topic) in enumerate(specs, start=1):
            item = AgendaItem(
                id=self._id(AgendaItem),
                meeting=meeting,
                position=position,
                title=title[:300],
                kind=kind,
                confidential=confidential,
                clauses=[],
                version=1,
            )
            if topic:
                item.presenters = ", ".join(rng.sample(officials, min(len(officials), rng.randint(1, 2))))
                decision = rng.choice(names.DECISIONS.get(kind, names.DECISIONS["information"]))
                decision = decision.format(body=body_word, topic=topic)
                if kind != AgendaItem.Kind.INFORMATION:
                    item.proposal = "Förslag till beslut: " + decision
                if held:
                    item.notes = rng.choice(names.NOTES)
                    item.decision = decision
                    if kind != AgendaItem.Kind.INFORMATION:
                        item.clauses = rng.sample(names.CLAUSES, rng.randint(1, 3))
                if kind == AgendaItem.Kind.DECISION and rng.random() < 0.25:
                    number = self.matter_numbers.get(year, 0) + 1
                    self.matter_numbers[year] = number
                    matter = Matter(
                        id=self._id(Matter),
                        reference=f"SAM {year}/{number:05d}",
                        title=title[:300],
                        description=f"Ärende om {topic}.",
                    )
                    b.matters.append(matter)
                    item.matter = matter
                for _ in range(self._papers(rng)):
                    self._attachment(item, topic, plan, rng, b)
            rows.append(item)
            b.items.append(item)
        return rows

    def _papers(self, rng: random.Random) -> int:
        share = self.scale.papers_per_item
        n = 0
        while rng.random() < share / (1 + share) and n < 3:
            n += 1
        return n

    def _attachment(self, item: AgendaItem, topic: str, plan: BodyPlan, rng: random.Random, b: Buffers) -> None:
        name, size, sha = self.files[rng.randrange(len(self.files))]
        place = plan.constituency[rng.randrange(len(plan.constituency))].short_name
        year = item.meeting.start.year
        sentences = rng.sample(names.PAPER_SENTENCES, rng.randint(4, 10))
        text = " ".join(s.format(topic=topic, place=place, year=year) for s in sentences)
        kind = rng.choice(("Tjänsteskrivelse", "Underlag", "Förslag till avtal", "Rapport", "Bilaga"))
        title = f"{kind}: {topic}"
        b.attachments.append(
            Attachment(
                id=self._id(Attachment),
                item=item,
                title=title,
                file=name,
                original_name=f"{slugify(title)}.pdf",
                content_type=PDF,
                size=size,
                sha256=sha,
                text=text,
            )
        )
        b.papers_of.setdefault(item.pk, []).append({"title": title, "sha256": sha})

    def _attendance(
        self, meeting: Meeting, seats: list[Membership], rng: random.Random, b: Buffers
    ) -> list[Attendance]:
        rows: list[Attendance] = []
        away: set[int] = set()
        for seat in seats:
            if seat.role in (Membership.Role.OFFICIAL, Membership.Role.SUBSTITUTE):
                continue
            roll = rng.random()
            status = (
                Attendance.Status.PRESENT
                if roll < 0.85 or seat.role == Membership.Role.SECRETARY
                else Attendance.Status.NOTIFIED
                if roll < 0.95
                else Attendance.Status.ABSENT
            )
            if status != Attendance.Status.PRESENT:
                away.add(seat.person_id)
            rows.append(self._attendance_row(meeting, seat, status))
        present = {r.person_id for r in rows}
        for seat in seats:
            if (
                seat.role == Membership.Role.SUBSTITUTE
                and seat.substitute_for_id in away
                and seat.person_id not in present
            ):
                rows.append(self._attendance_row(meeting, seat, Attendance.Status.PRESENT))
                present.add(seat.person_id)
        b.attendances += rows
        return rows

    def _attendance_row(self, meeting: Meeting, seat: Membership, status: str) -> Attendance:
        capacity = {
            Membership.Role.SUBSTITUTE: Attendance.Capacity.SUBSTITUTE,
            Membership.Role.SECRETARY: Attendance.Capacity.SECRETARY,
        }.get(Membership.Role(seat.role), Attendance.Capacity.MEMBER)
        return Attendance(
            id=self._id(Attendance),
            meeting_id=meeting.pk,
            person=seat.person,
            capacity=capacity,
            status=status,
            party=seat.party,
            represents=seat.principal.name if seat.principal else "",
            description=seat.role,
        )

    def _minutes(
        self,
        meeting: Meeting,
        plan: BodyPlan,
        items: list[AgendaItem],
        attendance: list[Attendance],
        rng: random.Random,
        b: Buffers,
    ) -> None:
        day = meeting.start.date()
        settings_row = plan.settings
        secretary = next((a.person for a in attendance if a.capacity == Attendance.Capacity.SECRETARY), None)
        members = [a.person for a in attendance if a.status == Attendance.Status.PRESENT and a.person != secretary]
        drawn = self._aware(day + datetime.timedelta(days=rng.randint(1, 5)), 15)
        minutes = Minutes(
            id=self._id(Minutes),
            meeting=meeting,
            secretary=secretary,
            drawn_up_at=drawn,
        )
        adjusters = rng.sample(members, min(2, len(members))) if settings_row.requires_adjustment else []
        recent = day >= REFERENCE_DAY - datetime.timedelta(days=21)
        if settings_row.requires_adjustment:
            minutes.adjustment_deadline = drawn.date() + datetime.timedelta(days=settings_row.adjustment_days)
        if settings_row.requires_adjustment and (recent or not adjusters):
            minutes.status = Minutes.Status.AWAITING_ADJUSTMENT
            confirmed = None
        else:
            done = drawn + datetime.timedelta(days=rng.randint(1, 9)) if adjusters else drawn
            confirmed = done
            minutes.status = Minutes.Status.ADJUSTED
            minutes.adjusted_at = minutes.published_at = done
            if settings_row.posts_adjustment_notice:
                minutes.posted_on = done.date()
                minutes.appeal_ends = done.date() + meeting_services.APPEAL_PERIOD
        b.adjusters += [
            Adjuster(
                id=self._id(Adjuster),
                minutes_id=minutes.pk,
                person_id=p.pk,
                confirmed_at=confirmed,
                confirmed_via="link" if confirmed else "",
            )
            for p in adjusters
        ]
        if minutes.status == Minutes.Status.ADJUSTED:
            minutes.content = self._snapshot(
                meeting, items, attendance, [p.name for p in adjusters], secretary, b.papers_of
            )
            minutes.content_hash = meeting_services.content_hash(minutes.content)
        b.minutes.append(minutes)

    def _snapshot(
        self,
        meeting: Meeting,
        items: list[AgendaItem],
        attendance: list[Attendance],
        adjusters: list[str],
        secretary: Person | None,
        papers_of: dict[int, list[dict[str, str]]],
    ) -> dict[str, Any]:
        """What `meetings.services.snapshot()` makes of these rows, by the same function, from
        memory: the roll in its order (capacity, then name). Nobody is generated present for only
        some paragraphs or chairing some, so those lists are empty, as the service gives them."""
        ordered = sorted(attendance, key=Attendance.roll_key)
        return meeting_services.minutes_content(
            meeting,
            items,
            ordered,
            adjusters=adjusters,
            secretary=secretary,
            papers=lambda item: papers_of.get(item.pk, []),
        )

    # --- recommendations -----------------------------------------------------------------------

    def recommendations(self) -> None:
        rng = random.Random(f"{self.seed}/recommendations")  # noqa: S311
        w = self.writer
        wanted = self.scale.recommendations
        preferred = [c for c in self.candidates if c.preferred]
        others = [c for c in self.candidates if not c.preferred]
        chosen = rng.sample(preferred, min(wanted, len(preferred)))
        if len(chosen) < wanted:
            chosen += rng.sample(others, min(wanted - len(chosen), len(others)))
        chosen.sort(key=lambda c: (c.day, c.item_id))
        recs: list[Recommendation] = []
        papers: list[Paper] = []
        recipients: list[Recipient] = []
        responses: list[Response] = []
        for candidate in chosen:
            region = self.regions[self.scale.regions.index(candidate.region)]
            principals = [region, *self.region_municipalities[region.pk]]
            topic = candidate.topic.replace("Rekommendation om ", "")
            roll = rng.random()
            status = (
                Recommendation.Status.DRAFT
                if roll < 0.04
                else Recommendation.Status.WITHDRAWN
                if roll < 0.07
                else Recommendation.Status.SENT
            )
            consultation = rng.random() < 0.1
            rule = (
                Recommendation.Rule.ALL
                if consultation
                else _weighted(rng, (("all", 50), ("at_least", 15), ("population_share", 20), ("approvers", 15)))
            )
            sent_at = (
                self._aware(candidate.day + datetime.timedelta(days=rng.randint(3, 20)), 10)
                if status != Recommendation.Status.DRAFT
                else None
            )
            if sent_at and sent_at.date() >= REFERENCE_DAY:
                sent_at = self._aware(REFERENCE_DAY - datetime.timedelta(days=1), 10)
            base_day = sent_at.date() if sent_at else candidate.day
            deadline = base_day + datetime.timedelta(days=rng.randint(60, 200))
            rec = Recommendation(
                id=self._id(Recommendation),
                body_id=candidate.body_id,
                agenda_item_id=candidate.item_id,
                title=f"Rekommendation om {topic}"[:300]
                if not topic.startswith(("Avtal", "Överenskommelse"))
                else f"Rekommendation: {topic}"[:300],
                question=f"Kommunen ställer sig bakom överenskommelsen om {topic} och avtalet med regionen.",
                background=(
                    f"Regionen och kommunerna har tagit fram ett gemensamt förslag om {topic}. "
                    "Beredningen har skett i tjänstepersonsnätverken och i samtliga kommuner."
                ),
                condition="Under förutsättning att samtliga huvudmän fattar likalydande beslut."
                if rng.random() < 0.2
                else "",
                kind=Recommendation.Kind.CONSULTATION if consultation else Recommendation.Kind.DECISION,
                rule=rule,
                rule_count=math.ceil(len(principals) * 2 / 3) if rule == "at_least" else None,
                rule_share=rng.choice((75, 80, 90)) if rule == "population_share" else None,
                deadline=deadline,
                grace_days=30,
                reminder_days=[14, 3],
                public=rng.random() < 0.93,
                status=status,
                sent_at=sent_at,
                population_year=min(2026, base_day.year - 1) if rule == "population_share" else None,
                version=1,
            )
            recs.append(rec)
            name, size, sha = self.files[rng.randrange(len(self.files))]
            papers.append(
                Paper(
                    id=self._id(Paper),
                    recommendation_id=rec.pk,
                    title=f"Förslag till överenskommelse om {topic}",
                    file=name,
                    original_name=f"{slugify(topic)}.pdf",
                    content_type=PDF,
                    size=size,
                    sha256=sha,
                    text=" ".join(
                        s.format(topic=topic, place=region.short_name, year=deadline.year)
                        for s in rng.sample(names.PAPER_SENTENCES, 6)
                    ),
                )
            )
            for principal in principals:
                recipient = Recipient(
                    id=self._id(Recipient),
                    recommendation_id=rec.pk,
                    principal_id=principal.pk,
                    link_version=1,
                    invited_at=sent_at,
                    invited_to=f"registrator@{principal.key}.exempel.invalid" if sent_at else "",
                )
                recipients.append(recipient)
                if sent_at is None:
                    continue
                responses += self._responses(rec, recipient, principal, consultation, rng)
        w.write(Recommendation, recs)
        w.write(Paper, papers)
        w.write(Recipient, recipients)
        w.write(Response, responses)

    def _responses(
        self, rec: Recommendation, recipient: Recipient, principal: Principal, consultation: bool, rng: random.Random
    ) -> list[Response]:
        assert rec.sent_at is not None
        sent = rec.sent_at.date()
        if sent >= REFERENCE_DAY:
            return []
        span = max(1, (rec.deadline - sent).days)
        elapsed = (REFERENCE_DAY - sent).days
        chance = 0.9 if elapsed >= span else 0.9 * elapsed / span
        if rng.random() >= chance:
            return []
        rows: list[Response] = []
        answers = 2 if rng.random() < 0.05 else 1
        day = sent
        for n in range(answers):
            day = day + datetime.timedelta(days=rng.randint(5, max(6, int(span * 1.1) // answers)))
            day = min(day, REFERENCE_DAY - datetime.timedelta(days=1))
            answer: str
            if consultation:
                answer = Response.Answer.WRITTEN
            elif n == 0 and answers == 2:
                answer = Response.Answer.REJECTED
            else:
                answer = _weighted(rng, (("approved", 82), ("approved_with_condition", 9), ("rejected", 9)))
            council = principal.kind == Principal.Kind.MUNICIPALITY and rng.random() < 0.5
            decided_name = (
                ("Kommunfullmäktige" if council else "Kommunstyrelsen")
                if principal.kind == Principal.Kind.MUNICIPALITY
                else "Regionstyrelsen"
            )
            rows.append(
                Response(
                    id=self._id(Response),
                    recipient_id=recipient.pk,
                    answer=answer,
                    condition="Under förutsättning att finansieringen är klar."
                    if answer == Response.Answer.APPROVED_WITH_CONDITION
                    else "",
                    text=f"{principal.name} har inga invändningar mot förslaget om {rec.title.lower()}."
                    if consultation
                    else "",
                    decided_on=day,
                    decided_by=Response.DecidedBy.COUNCIL if council else Response.DecidedBy.EXECUTIVE,
                    decided_by_name=f"{decided_name}, {principal.name}",
                    paragraph=f"§ {rng.randint(1, 250)}",
                    answered_at=self._aware(day, 14),
                    late=day > rec.deadline,
                    via=Response.Via.LINK if rng.random() < 0.7 else Response.Via.SECRETARY,
                    submission=_uuid(rng),
                )
            )
        recipient.current_response_id = rows[-1].pk
        return rows

    # --- the rest of the index -----------------------------------------------------------------

    def index_the_rest(self) -> None:
        # Every registered kind but those indexed in bulk as the meetings were written: whatever a
        # higher app registers (money, goals, indicators, surveys...) is in the index as `reindex`
        # would make it.
        bulk = {search_kinds.ITEM, search_kinds.DECISION, search_kinds.ATTACHMENT}
        keys = [key for key in search_registry.kinds if key not in bulk]
        self.log("indexing " + ", ".join(keys))
        for key, n in rebuild(keys).items():
            self.writer.counts[f"search:{key}"] += n


@dataclass
class Buffers:
    matters: list[Matter] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    items: list[AgendaItem] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    attendances: list[Attendance] = field(default_factory=list)
    minutes: list[Minutes] = field(default_factory=list)
    adjusters: list[Adjuster] = field(default_factory=list)
    papers_of: dict[int, list[dict[str, str]]] = field(default_factory=dict)


def wipe() -> None:
    """Remove the synthetic data (the caller has checked that it is synthetic): every row of the
    structure, meetings, referrals, money, follow-up and search apps and the Dataset records."""
    from django.apps import apps

    tables: list[str] = []
    for label in ("search", "followup", "finance", "referrals", "meetings", "structure", "synthetic"):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy and model._meta.db_table not in tables:
                tables.append(model._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            quoted = ", ".join(connection.ops.quote_name(t) for t in tables)
            # Rows written earlier in the same transaction leave deferred foreign-key checks
            # pending, which TRUNCATE refuses: run them first.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            cursor.execute("DELETE FROM search_fts")
            for table in tables:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608 - model tables
            cursor.execute(
                "DELETE FROM sqlite_sequence WHERE name IN (%s)" % ", ".join(["%s"] * len(tables)),  # noqa: S608, UP031
                tables,
            )
