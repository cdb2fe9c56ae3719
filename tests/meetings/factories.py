"""Factories and seed-based scenarios for the meetings tests.

The scenarios rebuild what the seed documents show (shared/seeds/): the VästKom board and its
notice for 17 Dec 2018 (000), the SRO meeting of 28 Apr 2022 (001), GR's steering group for
social welfare on 3 Oct 2019, § 31-37 (004). Where a seed says nothing (substitutes, a clock
time, an online link) the value is invented and marked so. What the demo loads of the same seeds
(the agendas, who was absent, who attended which paragraph) is read from its data file,
examples/demo/meetings.yaml, so the two cannot drift apart.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import factory
from django.db.models import Max

from samverkan.meetings import services
from samverkan.meetings.models import AgendaItem, Attendance, Meeting, MeetingSettings
from samverkan.publishing.demo_loader import demo_facts
from samverkan.structure.models import Body, Membership, Person, Principal
from tests.factories import BodyFactory, MembershipFactory, PersonFactory, PrincipalFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")
D = datetime.date
SEEDS = demo_facts("meetings")  # the seeds' meetings as the demo loads them


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    """An aware wall-clock time in Sweden."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


@contextmanager
def frozen_at(moment: datetime.datetime) -> Iterator[None]:
    """Make `django.utils.timezone.now()` (and so `localdate()`, auto_now fields and every
    service's idea of "now") return `moment`."""
    with mock.patch("django.utils.timezone.now", return_value=moment.astimezone(datetime.UTC)):
        yield


def next_position(item: Any) -> int:
    last = AgendaItem.objects.filter(meeting=item.meeting).aggregate(last=Max("position"))["last"]
    return (last or 0) + 1


class MeetingFactory(factory.django.DjangoModelFactory):
    """A planned meeting, without agenda items (use services.meeting_plan for those)."""

    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    start = factory.Sequence(lambda n: local(2019, 1, 1, 13) + datetime.timedelta(days=n))
    end = factory.LazyAttribute(lambda m: m.start + datetime.timedelta(hours=2))
    location_name = "Sammanträdesrummet"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    """An information item at the end of its meeting's agenda."""

    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.LazyAttribute(next_position)
    title = factory.Sequence(lambda n: f"Ärende {n}")
    kind = AgendaItem.Kind.INFORMATION


class MeetingSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingSettings
        django_get_or_create = ("body",)

    body = factory.SubFactory(BodyFactory)


# --- 000: VästKom's board and the notice for 17 December 2018 ----------------------------------

VASTKOM_TEMPLATE = [
    {"kind": "opening", "title": "Mötet öppnas"},
    {"kind": "adjuster", "title": "Val av justerande"},
    {"kind": "other_business", "title": "Övriga frågor"},
    {"kind": "closing", "title": "Avslutning"},
]

VASTKOM_BOARD = [
    ("Ulf Olsson", Membership.Role.CHAIR),
    ("Tomas Johansson", Membership.Role.MEMBER),
    ("Bengt Hilmersson", Membership.Role.MEMBER),
    ("Mattias Josefsson", Membership.Role.MEMBER),
    ("Jonas Ransgård", Membership.Role.VICE_CHAIR),
    ("Miguel Odhner", Membership.Role.MEMBER),
    ("Stefan Svensson", Membership.Role.MEMBER),
    ("Ann-Sofie Hermansson", Membership.Role.MEMBER),
    ("Martin Carling", Membership.Role.MEMBER),
    ("Liselotte Fröjd", Membership.Role.MEMBER),
    ("Paul Åkerlund", Membership.Role.MEMBER),
    ("Ingemar Samuelsson", Membership.Role.MEMBER),
    ("Katarina Jonsson", Membership.Role.MEMBER),
    ("Jonas Sundström", Membership.Role.MEMBER),
    ("Anna-Karin Skatt", Membership.Role.MEMBER),
    ("Johan Abrahamsson", Membership.Role.MEMBER),
]

# "Förhinder är sedan tidigare noterat för ..." (000, the notice).
VASTKOM_ABSENT: list[str] = SEEDS["board"]["notified"]

# The notice's items 3-7 (title, kind): those between the body's procedural items.
NOTICE_ITEMS: list[tuple[str, str]] = [
    (item["title"], item["kind"])
    for item in SEEDS["board"]["items"]
    if item["kind"] not in {"opening", "adjuster", "other_business", "closing"}
]


@dataclass
class VastKomBoard:
    body: Body
    principal: Principal
    people: dict[str, Person] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Person:
        return self.people[name]


def vastkom_board() -> VastKomBoard:
    """The board as listed on the notice, seated since 2015, plus (invented, the seed names no
    substitutes): Sara Ersättare for Ann-Sofie Hermansson; Eva and Lars Ersättare for Bengt
    Hilmersson; Olof Ersättare for Ulf Olsson; Nils Ersättare for Tomas Johansson, whose seat
    ended on 30 June 2018; and the director Thomas Jungbeck as an official."""
    principal = PrincipalFactory(
        key="vastkom", name="Västsvenska kommunalförbundens samorganisation", short_name="VästKom"
    )
    body = BodyFactory(key="vastkom-styrelse", name="VästKoms styrelse", owners=[principal])
    board = VastKomBoard(body=body, principal=principal)
    since = D(2015, 1, 1)
    for name, role in VASTKOM_BOARD:
        board.people[name] = person = PersonFactory(name=name)
        MembershipFactory(body=body, person=person, role=role, start=since, principal=principal)
    for name, stands_for, end in [
        ("Sara Ersättare", "Ann-Sofie Hermansson", None),
        ("Eva Ersättare", "Bengt Hilmersson", None),
        ("Lars Ersättare", "Bengt Hilmersson", None),
        ("Olof Ersättare", "Ulf Olsson", None),
        ("Nils Ersättare", "Tomas Johansson", D(2018, 6, 30)),
    ]:
        board.people[name] = person = PersonFactory(name=name)
        MembershipFactory(
            body=body,
            person=person,
            role=Membership.Role.SUBSTITUTE,
            substitute_for=board.people[stands_for],
            start=since,
            end=end,
            principal=principal,
        )
    board.people["Thomas Jungbeck"] = person = PersonFactory(name="Thomas Jungbeck")
    MembershipFactory(body=body, person=person, role=Membership.Role.OFFICIAL, start=since, title="direktör")
    return board


def notice_meeting(actor: Any, board: VastKomBoard) -> Meeting:
    """The meeting of the notice: 17 Dec 2018, 17.30-18.30, Chalmersska huset, Kanalrummet,
    items 1-9 (the body's four procedural items and the notice's five items)."""
    services.meeting_settings_update(actor=actor, body=board.body, procedural_template=VASTKOM_TEMPLATE)
    meeting = services.meeting_plan(
        actor=actor,
        body=board.body,
        start=local(2018, 12, 17, 17, 30),
        end=local(2018, 12, 17, 18, 30),
        location_name="Chalmersska huset",
        address="Södra Hamngatan 11, Göteborg",
        room="Kanalrummet",
    )
    for title, kind in NOTICE_ITEMS:
        services.item_add(actor=actor, meeting=meeting, title=title, kind=kind)
    return meeting


# --- 004: GR's steering group for social welfare, 3 October 2019 -------------------------------

GR_MEMBERS_PRESENT = [
    ("Kent Lagrell", "M", "Öckerö", "ordförande"),
    ("Marie Raask", "S", "Partille", ""),
    ("Ove Dröscher", "S", "Mölndal", ""),
    ("Britt-Marie Kuylenstierna", "MP", "Alingsås", ""),
    ("Nina Miskovsky", "M", "Göteborg", ""),
    ("Eva Andersson", "C", "Lerum", ""),
    ("Kalle Pässe Sundvall", "M", "Kungsbacka", ""),
    ("Marita Henriksson", "SD", "Ale", ""),
    ("Kristina Bergman Alme", "L", "Göteborg", ""),
    ("Erling Alsin", "V", "Tjörn", ""),
    ("Alexandra Odelsheim", "SD", "Stenungsund", ""),
]
GR_MEMBERS_ABSENT = [
    ("Patrik Linde", "S", "Härryda", "vice ordförande"),
    ("Mariette Risberg", "D", "Göteborg", ""),
    ("Pia Gillerstedt", "S", "Kungälv", ""),
    ("Linda Holmér Nordlund", "V", "Lilla Edet", ""),
]
# (name, represents, title, paragraphs present for; None = the whole meeting)
GR_OTHERS: list[tuple[str, str, str, list[int] | None]] = [
    (other["name"], other["represents"], other["title"], other["paragraphs"] or None) for other in SEEDS["gr"]["others"]
]
# (title, kind, presenters, decision) for § 31-37, as the demo has them, with two changes the
# scenario makes: § 31 names the adjuster as he signs (the seed writes "Dröschler"), and § 33
# names its presenters without their employer.
GR_ITEMS: list[tuple[str, str, str, str]] = [
    (item["title"], item["kind"], item.get("presenters", ""), item.get("decision", "")) for item in SEEDS["gr"]["items"]
]
GR_ITEMS[0] = (*GR_ITEMS[0][:3], "Ove Dröscher utses till justerare.")
GR_ITEMS[2] = (GR_ITEMS[2][0], GR_ITEMS[2][1], "Linnéa Björk, Erik Lindqvist", GR_ITEMS[2][3])


@dataclass
class GrScenario:
    body: Body
    earlier: Meeting  # the year's first meeting, 30 paragraphs, drawn up
    meeting: Meeting  # 3 October 2019
    items: list[AgendaItem]  # § 31-37 in order (paragraphs are set when drawn up)
    people: dict[str, Person] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Person:
        return self.people[name]


def gr_body() -> Body:
    gr = PrincipalFactory(
        key="gr", name="Göteborgsregionens kommunalförbund", short_name="GR", kind="municipal_association"
    )
    return BodyFactory(key="gr-social-valfard", name="Styrgruppen för social välfärd", owners=[gr])


def meeting_with_items(body: Body, start: datetime.datetime, count: int) -> Meeting:
    meeting = MeetingFactory(body=body, start=start)
    for n in range(1, count + 1):
        AgendaItemFactory(meeting=meeting, position=n, title=f"Ärende {n} den {start:%Y-%m-%d}")
    return meeting


def gr_scenario(actor: Any, *, attendance: bool = True) -> GrScenario:
    """The year's first meeting (invented: 13 June 2019, 30 items, drawn up with Kent Lagrell
    as adjuster), then the meeting of 3 Oct 2019 (invented clock time 09.00-12.00) with its
    seven items and, unless `attendance=False`, the attendance of the minutes."""
    body = gr_body()
    people = {
        name: PersonFactory(name=name)
        for name in [
            *(m[0] for m in GR_MEMBERS_PRESENT),
            *(m[0] for m in GR_MEMBERS_ABSENT),
            "Sara Nordenhielm",
            *(o[0] for o in GR_OTHERS),
        ]
    }
    earlier = meeting_with_items(body, local(2019, 6, 13, 9), 30)
    services.minutes_draw_up(actor=actor, meeting=earlier, adjusters=[people["Kent Lagrell"]])
    meeting = services.meeting_plan(
        actor=actor,
        body=body,
        with_procedural_items=False,
        start=local(2019, 10, 3, 9),
        end=local(2019, 10, 3, 12),
        location_name="GR",
        address="Anders Personsgatan 8, Göteborg",
    )
    items = [
        services.item_add(
            actor=actor, meeting=meeting, title=title, kind=kind, presenters=presenters, decision=decision
        )
        for title, kind, presenters, decision in GR_ITEMS
    ]
    scenario = GrScenario(body=body, earlier=earlier, meeting=meeting, items=items, people=people)
    if attendance:
        record_gr_attendance(actor, scenario)
    return scenario


def record_gr_attendance(actor: Any, gr: GrScenario) -> None:
    meeting = gr.meeting
    for members, status in ((GR_MEMBERS_PRESENT, "present"), (GR_MEMBERS_ABSENT, "absent")):
        for name, party, municipality, title in members:
            services.attendance_record(
                actor=actor,
                meeting=meeting,
                person=gr[name],
                capacity=Attendance.Capacity.MEMBER,
                status=status,
                party=party,
                represents=municipality,
                description=title,
                chair_items=gr.items if name == "Kent Lagrell" else None,
            )
    services.attendance_record(
        actor=actor,
        meeting=meeting,
        person=gr["Sara Nordenhielm"],
        capacity=Attendance.Capacity.SECRETARY,
        represents="Göteborgsregionen",
        description="beredningsansvarig",
    )
    by_paragraph = {31 + n: item for n, item in enumerate(gr.items)}
    for name, represents, title, paragraphs in GR_OTHERS:
        services.attendance_record(
            actor=actor,
            meeting=meeting,
            person=gr[name],
            capacity=Attendance.Capacity.GUEST if paragraphs else Attendance.Capacity.OFFICIAL,
            represents=represents,
            description=title,
            items=[by_paragraph[p] for p in paragraphs] if paragraphs else None,
        )


# --- 001: SRO, 28 April 2022, online --------------------------------------------------------------

# (title, kind, presenters, decision) of items 1-11, as the demo has them (item 9's "läns
# gemensam" is as the seed writes it): the positions have their decisions, or no minutes could be
# drawn up from them.
SRO_ITEMS: list[tuple[str, str, str, str]] = [
    (item["title"], item["kind"], item.get("presenters", ""), item.get("decision", ""))
    for item in SEEDS["sro"]["items"]
]


@dataclass
class SroScenario:
    body: Body
    meeting: Meeting
    items: list[AgendaItem]
    people: dict[str, Person] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Person:
        return self.people[name]


def sro_scenario(actor: Any) -> SroScenario:
    """The Teams meeting of 28 Apr 2022, 13.00-15.00 (the link is invented), numbered per
    meeting; Axel Josefsson opens it and Helene Eliasson chairs from item 4; Karin Engström
    stands in for Anna Lärk Ståhlberg; Per Albertsson is invited for item 4."""
    body = BodyFactory(key="sro", name="Politiskt samrådsorgan mellan VästKom och Västra Götalandsregionen")
    services.meeting_settings_update(actor=actor, body=body, numbering=MeetingSettings.Numbering.PER_MEETING)
    names = [
        "Axel Josefsson",
        "Helene Eliasson",
        "Nina Miskovsky",
        "Anna Lärk Ståhlberg",
        "Karin Engström",
        "Per Albertsson",
        "Johanna Karlsson Deucher",
    ]
    people = {name: PersonFactory(name=name) for name in names}
    meeting = services.meeting_plan(
        actor=actor,
        body=body,
        with_procedural_items=False,
        start=local(2022, 4, 28, 13),
        end=local(2022, 4, 28, 15),
        online_url="https://teams.example.test/sro-2022-04-28",
    )
    items = [
        services.item_add(
            actor=actor, meeting=meeting, title=title, kind=kind, presenters=presenters, decision=decision
        )
        for title, kind, presenters, decision in SRO_ITEMS
    ]
    scenario = SroScenario(body=body, meeting=meeting, items=items, people=people)
    record = services.attendance_record
    record(
        actor=actor,
        meeting=meeting,
        person=people["Axel Josefsson"],
        party="M",
        represents="Göteborgsregionen",
        description="vice ordförande",
        chair_items=items[:3],
    )
    record(
        actor=actor,
        meeting=meeting,
        person=people["Helene Eliasson"],
        party="S",
        represents="Västra Götalandsregionen",
        description="vice ordf. Regionstyrelsen",
        chair_items=items[3:],
    )
    record(
        actor=actor,
        meeting=meeting,
        person=people["Nina Miskovsky"],
        status=Attendance.Status.ABSENT,
        party="M",
        represents="Göteborgsregionen",
    )
    record(
        actor=actor,
        meeting=meeting,
        person=people["Anna Lärk Ståhlberg"],
        capacity=Attendance.Capacity.OFFICIAL,
        status=Attendance.Status.REPLACED,
        replaced_by=people["Karin Engström"],
        represents="Fyrbodals kommunalförbund",
        description="tillförordnad direktör",
    )
    record(
        actor=actor,
        meeting=meeting,
        person=people["Karin Engström"],
        capacity=Attendance.Capacity.STAND_IN,
        represents="Fyrbodals kommunalförbund",
        description="socialstrateg",
    )
    record(
        actor=actor,
        meeting=meeting,
        person=people["Per Albertsson"],
        capacity=Attendance.Capacity.GUEST,
        represents="VGR",
        items=[items[3]],
    )
    record(
        actor=actor,
        meeting=meeting,
        person=people["Johanna Karlsson Deucher"],
        capacity=Attendance.Capacity.SECRETARY,
        represents="VGR",
        description="sekreterare",
    )
    return scenario
