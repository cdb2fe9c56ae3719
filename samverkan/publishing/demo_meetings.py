"""The seeds' meetings, loaded as demo data through the meetings services.

- Seed 000: VästKom's board, the meeting of 17 December 2018 as its notice gives it (items 1-9,
  the absences already notified) and the board's meeting dates for 2019 (item 6 of the notice).
- Seed 001: SRO's meeting of 28 April 2022 on Teams: items 1-11, the roll call, a stand-in, the
  chair handed over at item 4, the decisions; its notes are published when drawn up.
- Seed 004: GR's steering group for social welfare, 3 October 2019, § 31-37, with attendance by
  paragraph, adjusted by Ove Dröscher and published.

Only what the seeds state is recorded; a field the seeds say nothing about stays empty (no clock
time is invented: a meeting whose time is not given has `time_decided=False` at 00:00). People are
found by the key the structure loader gives a name (examples/vastra-gotaland.yaml must be loaded
first); someone the structure does not know (a guest, a stand-in) is created.

`samverkan demo` imports the seeds first (samverkan/importer), so the meetings are there already,
as the importer made them: it then only adds what the importer cannot know (see
`load_demo_meetings`). Without the imports (the browser tests call it on its own) it builds the
meetings by hand, as described above.

Running it again creates nothing: a meeting of the body on that day that already exists is only
completed where something is missing (a meeting this loader built, or one completed before, is
left exactly as it is). Each meeting is written in its own transaction, so a meeting is either
there whole or not at all.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from samverkan.importer.models import ImportedDocument
from samverkan.importer.services import normalise
from samverkan.meetings import services
from samverkan.meetings.models import Absence, AgendaItem, Attendance, Meeting, MeetingSettings, Minutes
from samverkan.structure import services as structure_services
from samverkan.structure.models import Body, Membership, Person

SOURCE = "cli:demo"
STOCKHOLM = ZoneInfo("Europe/Stockholm")

Kind = AgendaItem.Kind
Status = Attendance.Status
Capacity = Attendance.Capacity


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    """An aware wall-clock time in Sweden."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


# --- Seed 000: VästKom's board ------------------------------------------------------------------

BOARD = "vastkom-styrelse"
BOARD_START = local(2018, 12, 17, 17, 30)
BOARD_END = local(2018, 12, 17, 18, 30)
BOARD_NOTE = "Efter styrelsemötet bjuds till traditionsenlig måltid på Fiskekrogen."

# The notice's agenda: (title, type, proposed decision). "Bilaga"/"Se bilaga" (items 3 and 4)
# refer to papers that are not part of the seed as files, so no attachment is added.
BOARD_ITEMS: list[tuple[str, str, str]] = [
    ("Mötet öppnas", Kind.OPENING, ""),
    ("Val av justerande", Kind.ADJUSTER, ""),
    (
        "Verksamhetsplan och budget 2019 för VästKom",
        Kind.DECISION,
        # The tjänsteutlåtande's "Förslag till beslut".
        "VästKoms styrelse fastställer Verksamhetsplan och Budget 2019 enligt bilagda förslag.",
    ),
    ("Information om projekt Psykisk hälsa 2019-2020", Kind.INFORMATION, ""),
    (
        "Rekrytering av direktör till VästKom",
        Kind.DECISION,
        "Av praktiska skäl föreslås styrelsen besluta att till arbetsutskottet delegera beslut om anställning av ny direktör.",
    ),
    (
        "Styrelsemöten 2019",
        Kind.DECISION,
        "8 januari (prel. inställs mötet), 2 april, 18 juni, 3 september, 22 oktober samt 19 november.",
    ),
    ("Information om övriga aktuella frågor i verksamheten", Kind.INFORMATION, ""),
    ("Övriga frågor", Kind.OTHER_BUSINESS, ""),
    ("Avslutning", Kind.CLOSING, ""),
]

# "Förhinder är sedan tidigare noterat för ..."
BOARD_NOTIFIED = [
    "Ann-Sofie Hermansson",
    "Anna-Karin Skatt",
    "Bengt Hilmersson",
    "Liselotte Fröjd",
    "Tomas Johansson",
    "Martin Carling",
    "Paul Åkerlund",
    "Mattias Josefsson",
]

# Item 6 of the notice: the dates only (no time, no place).
BOARD_PLAN_2019: list[tuple[datetime.date, str]] = [
    (datetime.date(2019, 1, 8), Meeting.Status.PRELIMINARILY_CANCELLED),
    (datetime.date(2019, 4, 2), Meeting.Status.PLANNED),
    (datetime.date(2019, 6, 18), Meeting.Status.PLANNED),
    (datetime.date(2019, 9, 3), Meeting.Status.PLANNED),
    (datetime.date(2019, 10, 22), Meeting.Status.PLANNED),
    (datetime.date(2019, 11, 19), Meeting.Status.PLANNED),
]

# --- Seed 001: SRO, 28 April 2022 ---------------------------------------------------------------

SRO = "sro"
SRO_START = local(2022, 4, 28, 13)
SRO_END = local(2022, 4, 28, 15)

# (title, type, presenters, decision) for items 1-11; the notes are in SRO_NOTES below.
# Item 9's "läns gemensam" is as the seed writes it.
SRO_ITEMS: list[tuple[str, str, str, str]] = [
    ("Mötets öppnande", Kind.OPENING, "", ""),
    (
        "Godkännande av dagens agenda",
        Kind.AGENDA,
        "",
        "Dagens agenda godkänns med komplettering av fråga från Helena Söderbäck, Västkom.",
    ),
    ("Föregående mötesanteckning", Kind.PREVIOUS_MINUTES, "", ""),
    ("Lägesrapport om Ukraina", Kind.INFORMATION, "Per Albertsson, VGR", "SRO noterar informationen."),
    (
        "Återkoppling från Vårdsamverkan Västra Götaland (VVG)",
        Kind.INFORMATION,
        "Helena Söderbäck, VästKom, Kaarina Sundelin, VGR",
        "SRO noterar informationen.",
    ),
    (
        "Förlängning av befintligt inriktningsdokument för ungdomsmottagningarna i Västra Götaland",
        Kind.POSITION,
        "Catharina Sundström, Västkom",
        "SRO ställer sig bakom förslaget till förlängning av befintligt inriktningsdokument för "
        "ungdomsmottagningarna i Västra Götaland till och med dess ett nytt samverkansavtal är framtaget, "
        "dock längst till och med 2024.",
    ),
    (
        "Fördelning av länsgemensamma medel för ungdomsmottagningarna 2022",
        Kind.POSITION,
        "Anna Simonsson, VGR, Catharina Sundström, Västkom",
        "SRO ställer sig bakom förslaget till fördelning av länsgemensamma medel för ungdomsmottagningarna 2022.\n"
        "SRO ställer sig bakom förslaget att de länsgemensamma medlen rekvireras av Västra Götalandsregionen 2022.",
    ),
    (
        "Fördjupad analys av arbetet med handlingsplan psykisk hälsa 2018–2021",
        Kind.INFORMATION,
        "Amanda Gumpert, Lumell Associates, Catharina Sundström, Västkom, Anna Simonsson, VGR",
        "SRO noterar informationen.",
    ),
    (
        "Förlängning av läns gemensam handlingsplan för psykisk hälsa 2023–2024",
        Kind.POSITION,
        "Anna Simonsson, VGR, Catharina Sundström, Västkom",
        "SRO ställer sig bakom förlängning av läns gemensam handlingsplan för psykisk hälsa 2023–2024 samt "
        "överlämnar handlingsplanen till huvudmännen för beslut.",
    ),
    (
        "Förslag till samverkansavtal digitala hjälpmedel",
        Kind.POSITION,
        "Emma Övelius, Lumell Associates, Adam Krantz, Västkom",
        "SRO ställer sig bakom förslag till samverkansavtal digitala hjälpmedel och rekommenderar respektive "
        "huvudman att besluta i enlighet med förslaget.",
    ),
    (
        "Mötet med SRO den 30 juni klockan 13.00-15.00 - digitalt eller på plats?",
        Kind.INFORMATION,
        "Axel Josefsson, vice ordförande",
        "Förslag och beslut om att mötet hålls digitalt.",
    ),
]

# "Frånvarande: ..." (all of them members).
SRO_ABSENT = [
    "Nina Miskovsky",
    "Katarina Jonsson",
    "Ulf Olsson",
    "Martin Carling",
    "Johnny Magnusson",
    "Madeleine Jonsson",
    "Kerstin Brunnström",
]

# "Inbjudna: ...": (name, represents as the seed writes it, status). Jonas Lundberg and Ulrika
# Söderlund "har meddelat förhinder".
SRO_GUESTS: list[tuple[str, str, str]] = [
    ("Per Albertsson", "VGR", Status.PRESENT),
    ("Catharina Sundström", "Västkom", Status.PRESENT),
    ("Ulrika Söderlund", "VGR", Status.NOTIFIED),
    ("Anna Simonsson", "VGR", Status.PRESENT),
    ("Amanda Gumpert", "Lumell Associates", Status.PRESENT),
    ("Jonas Lundberg", "Lumell Associates", Status.NOTIFIED),
    ("Emma Övelius", "Lumell Associates", Status.PRESENT),
    ("Adam Krantz", "Västkom", Status.PRESENT),
]
SRO_REPLACED = "Anna Lärk Ståhlberg"
SRO_STAND_IN = ("Karin Engström", "Fyrbodals kommunalförbund", "socialstrateg")
SRO_OPENED_BY = "Axel Josefsson"  # items 1-3
SRO_CHAIR_FROM_ITEM_4 = "Helene Eliasson"  # the seed spells her "Helen Elisson" there
SRO_SECRETARY = "Johanna Karlsson Deucher"

# --- Seed 004: GR's steering group for social welfare, 3 October 2019 ---------------------------

GR = "gr-styrgrupp-social-valfard"
GR_START = local(2019, 10, 3)  # "Protokoll 2019-10-03": no clock time is given
GR_FIRST_PARAGRAPH = 31

# (title, type, presenters, decision) for § 31-37; the notes are in GR_NOTES below. The
# presenters are those the minutes say inform (informerar, berättar, beskriver). § 31 is as the
# seed writes it ("Dröschler"; the adjuster signs as Ove Dröscher).
GR_ITEMS: list[tuple[str, str, str, str]] = [
    ("Justerare", Kind.ADJUSTER, "", "Ove Dröschler utses till justerare."),
    (
        "Tema: Boende, bostäder och social hållbarhet",
        Kind.INFORMATION,
        "Sara Nordenhielm, Maja Wadstein",
        "Informationen antecknas.",
    ),
    (
        "Tema: Funktionshinder",
        Kind.INFORMATION,
        "Linnéa Björk och Erik Lindqvist, Länsstyrelsen Västra Götaland",
        "Informationen antecknas.",
    ),
    ("FoU i Väst", Kind.INFORMATION, "Margareta Forsberg", "Informationen antecknas."),
    (
        "Hälso- och sjukvårdsfrågor",
        Kind.INFORMATION,
        "Rosanna Björklund, Maria Ljung",
        "Informationen antecknas. GR tar med sig medskick kring FVM i kommande process.",
    ),
    (
        'Fokusområden "Plan för uppföljning 2020"',
        Kind.DECISION,
        "",
        "Styrgruppen för social välfärd beslutar att för sin del godkänna förslag till fokusområden 2020. "
        "GR och presidiet tar med sig medskick inför processen för planen 2021.",
    ),
    ("Rapport från förbundsstyrelse (26-27 sep)", Kind.INFORMATION, "Kent Lagrell", "Informationen antecknas."),
]

# "EJ NÄRVARANDE, Ledamöter": Mariette Risberg "(avböjt)" declined in advance.
GR_NOT_PRESENT: list[tuple[str, str]] = [
    ("Patrik Linde", Status.ABSENT),
    ("Mariette Risberg", Status.NOTIFIED),
    ("Pia Gillerstedt", Status.ABSENT),
    ("Linda Holmér Nordlund", Status.ABSENT),
]
GR_CHAIR = "Kent Lagrell"
GR_SECRETARY = ("Sara Nordenhielm", "beredningsansvarig")
GR_ADJUSTER = "Ove Dröscher"

# "Övriga": (name, represents, title, the paragraphs present for; empty = the whole meeting).
# Sara Nordenhielm, also listed there (as planeringsledare), is the secretary: one row.
GR_OTHERS: list[tuple[str, str, str, list[int]]] = [
    ("Lena Holmlund", "Göteborgsregionen", "avdelningschef", []),
    ("Maria Ljung", "Göteborgsregionen", "planeringsledare", [35]),
    ("Rosanna Björklund", "Göteborgsregionen", "digitaliseringsstrateg", [35]),
    ("Margareta Forsberg", "Göteborgsregionen", "FoU-chef", [34]),
    ("Maja Wadstein", "Göteborgsregionen", "regionplanerare", [32]),
    ("Linnéa Björk", "Länsstyrelsen Västra Götaland", "", [33]),
    ("Erik Lindqvist", "Länsstyrelsen Västra Götaland", "", [33]),
]


# --- Loading -----------------------------------------------------------------------------------


def load_demo_meetings(*, actor: Any) -> list[str]:
    """Create the seeds' meetings that are not there yet, and complete those that are; returns
    what was done, line by line.

    A meeting the importer made from a seed (`samverkan demo` imports the seeds first) gets what
    the importer cannot know, through the same services: the notified absences of the notice, the
    proposals and texts of the items, the stand-in and the chairs, the attendance by paragraph,
    and the notes or minutes drawn up and published (the minutes adjusted by the adjuster the
    seed names). What is there already is left as it is, so a meeting this loader built itself,
    or one completed before, is not touched."""
    lines: list[str] = []
    lines += _vastkom_board(actor)
    lines += _sro(actor)
    lines += _gr_social_welfare(actor)
    return lines


def _label(body: Body, start: datetime.datetime) -> str:
    return f"{body.label} {start.astimezone(STOCKHOLM):%Y-%m-%d}"


def day_bounds(start: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    day = start.astimezone(STOCKHOLM).date()
    following = day + datetime.timedelta(days=1)
    return local(day.year, day.month, day.day), local(following.year, following.month, following.day)


def meeting_on(body: Body, start: datetime.datetime) -> Meeting | None:
    """The body's meeting at `start`, else its (first) meeting on that day in Sweden: a meeting
    imported from the seed has the seed's date, and its time only when the document gives one."""
    exact = Meeting.objects.filter(body=body, start=start).order_by("pk").first()
    if exact is not None:
        return exact
    first, following = day_bounds(start)
    return Meeting.objects.filter(body=body, start__gte=first, start__lt=following).order_by("start", "pk").first()


def _person(name: str) -> Person:
    """A person of the structure, by the key the structure loader makes of the name."""
    person = Person.objects.filter(key=slugify(name)).first()
    if person is None:
        raise LookupError(
            f"{name} (key {slugify(name)!r}) is not in the structure; load examples/vastra-gotaland.yaml first."
        )
    return person


def _person_or_new(actor: Any, name: str, created: list[str]) -> Person:
    """A person the structure may not know (a guest, a stand-in): found by key, else created."""
    key = slugify(name)
    person = Person.objects.filter(key=key).first()
    if person is None:
        person = structure_services.person_create(actor=actor, key=key, name=name, source=SOURCE)
        created.append(name)
    return person


def _attendee(actor: Any, meeting: Meeting, name: str, created: list[str]) -> Person:
    """The person of that name in the meeting's attendance (the importer may have created them,
    with a key of its own), else as `_person_or_new` finds or makes them."""
    wanted = normalise(name)
    for row in Attendance.objects.filter(meeting=meeting).select_related("person"):
        if normalise(row.person.name) == wanted:
            return row.person
    return _person_or_new(actor, name, created)


def _seat(body: Body, person: Person, day: datetime.date) -> Membership | None:
    seats = Membership.objects.filter(body=body, person=person).select_related("principal")
    return next((seat for seat in seats if seat.is_current(day)), None)


def _seat_fields(body: Body, person: Person, day: datetime.date) -> dict[str, Any]:
    """Party, principal and role as the roll call takes them from the person's seat."""
    seat = _seat(body, person, day)
    if seat is None:
        return {}
    return {
        "party": seat.party,
        "represents": seat.principal.name if seat.principal else "",
        "description": seat.get_role_display(),
    }


def _body(key: str) -> Body | None:
    return Body.objects.filter(key=key).first()


def _similar(have: str, want: str) -> bool:
    """The same title, or one that begins with the other ("... 2019 för VästKom. Bilaga")."""
    if not have or not want:
        return False
    if have == want:
        return True
    shorter, longer = sorted((have, want), key=len)
    return len(shorter) >= 8 and longer.startswith(shorter)


def match_items(meeting: Meeting, titles: list[str], paragraphs: list[int] | None = None) -> list[AgendaItem | None]:
    """The meeting's items for the seed's items, in the seed's order: by paragraph (when given),
    else by title, else the item at the same place if no other seed item took it."""
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("position"))
    found: list[AgendaItem | None] = [None] * len(titles)
    used: set[int] = set()

    def take(index: int, item: AgendaItem) -> None:
        found[index] = item
        used.add(item.pk)

    if paragraphs is not None:
        by_paragraph = {item.paragraph: item for item in items if item.paragraph is not None}
        for index, number in enumerate(paragraphs):
            item = by_paragraph.get(number)
            if item is not None and item.pk not in used:
                take(index, item)
    for index, title in enumerate(titles):
        if found[index] is None:
            wanted = normalise(title)
            item = next((i for i in items if i.pk not in used and _similar(normalise(i.title), wanted)), None)
            if item is not None:
                take(index, item)
    for index in range(len(titles)):
        if found[index] is None and index < len(items) and items[index].pk not in used:
            take(index, items[index])
    return found


def _fill(actor: Any, item: AgendaItem | None, **fields: str) -> bool:
    """Set those of the item's fields that are still empty; True if any was."""
    if item is None:
        return False
    values = {name: value for name, value in fields.items() if value and not getattr(item, name)}
    if not values:
        return False
    services.item_update(actor=actor, item=item, version=item.version, source=SOURCE, **values)
    return True


def _minutes(meeting: Meeting) -> Minutes | None:
    return Minutes.objects.filter(meeting=meeting).first()


def _imported_adjusters(meeting: Meeting) -> list[str]:
    """The adjusters named in the document the meeting was imported from (as corrected)."""
    for proposal in ImportedDocument.objects.filter(meeting=meeting).order_by("pk").values_list("proposal", flat=True):
        names = [str(name) for name in (proposal or {}).get("adjusters") or [] if str(name).strip()]
        if names:
            return names
    return []


def _vastkom_board(actor: Any) -> list[str]:
    body = _body(BOARD)
    if body is None:
        return [f"No body {BOARD!r} in the structure: VästKom's board meetings skipped."]
    lines = []
    existing = meeting_on(body, BOARD_START)
    if existing is not None:
        lines += _complete_board(actor, body, existing)
    else:
        with transaction.atomic():
            meeting = services.meeting_plan(
                actor=actor,
                body=body,
                with_procedural_items=False,
                source=SOURCE,
                start=BOARD_START,
                end=BOARD_END,
                location_name="Chalmersska huset",
                address="Södra Hamngatan 11, Göteborg",
                room="Kanalrummet",
                note=BOARD_NOTE,
                status=Meeting.Status.HELD,
            )
            for position, (title, kind, proposal) in enumerate(BOARD_ITEMS, start=1):
                services.item_add(
                    actor=actor,
                    meeting=meeting,
                    position=position,
                    title=title,
                    kind=kind,
                    proposal=proposal,
                    source=SOURCE,
                )
            _board_absences(actor, body, meeting, [])
        lines.append(
            f"{_label(body, BOARD_START)}: held, items 1-{len(BOARD_ITEMS)}, "
            f"{len(BOARD_NOTIFIED)} absences notified in advance (no minutes in the seed)."
        )
    planned = 0
    for day, status in BOARD_PLAN_2019:
        start = local(day.year, day.month, day.day)
        if meeting_on(body, start):
            continue
        with transaction.atomic():
            services.meeting_plan(
                actor=actor,
                body=body,
                with_procedural_items=False,
                source=SOURCE,
                start=start,
                time_decided=False,
                status=status,
            )
        planned += 1
    if planned:
        lines.append(
            f"{body.label} 2019: {planned} meeting date(s) planned (date only; 8 January preliminarily cancelled)."
        )
    else:
        lines.append(f"{body.label} 2019: the meeting dates are already there.")
    return lines


def _board_absences(actor: Any, body: Body, meeting: Meeting, created: list[str]) -> int:
    """The absences notified before the meeting (the notice lists them): the secretary notes
    them, and in the roll call they are what they were: notified (a row the roll call already
    has is left as it is). Returns how many absences were noted now."""
    day = meeting.start.astimezone(STOCKHOLM).date()
    noted = 0
    for name in BOARD_NOTIFIED:
        person = _attendee(actor, meeting, name, created)
        _absence, new = services.absence_report(
            actor=actor, meeting=meeting, person=person, via=Absence.Via.SECRETARY, source=SOURCE
        )
        noted += new
        if not Attendance.objects.filter(meeting=meeting, person=person).exists():
            services.attendance_record(
                actor=actor,
                meeting=meeting,
                person=person,
                source=SOURCE,
                capacity=Capacity.MEMBER,
                status=Status.NOTIFIED,
                **_seat_fields(body, person, day),
            )
    return noted


def _complete_board(actor: Any, body: Body, meeting: Meeting) -> list[str]:
    """An existing meeting of 17 December 2018 (imported from the notice): the proposed decisions
    of the tjänsteutlåtande and the absences notified in advance, where missing; held, as it was."""
    label = _label(body, meeting.start)
    created: list[str] = []
    with transaction.atomic():
        items = match_items(meeting, [title for title, _kind, _proposal in BOARD_ITEMS])
        proposals = sum(
            _fill(actor, item, proposal=proposal)
            for item, (_title, _kind, proposal) in zip(items, BOARD_ITEMS, strict=True)
        )
        noted = _board_absences(actor, body, meeting, created)
        # The notice's "Plats:" runs on into the invitation to dinner: the place holds the place,
        # the dinner is a note.
        place: dict[str, Any] = {
            "location_name": "Chalmersska huset",
            "address": "Södra Hamngatan 11, Göteborg",
            "room": "Kanalrummet",
            "note": BOARD_NOTE,
        }
        placed = any(getattr(meeting, name) != value for name, value in place.items())
        if placed:
            services.meeting_update(actor=actor, meeting=meeting, source=SOURCE, **place)
        # A notice gives a planned meeting; this one has long since taken place.
        held = meeting.status == Meeting.Status.PLANNED and meeting.start < timezone.now()
        if held:
            services.meeting_update(actor=actor, meeting=meeting, status=Meeting.Status.HELD, source=SOURCE)
    if not (proposals or noted or created or held or placed):
        return [f"{label}: already there, nothing to add."]
    lines = [
        f"{label}: completed: {'held, ' if held else ''}{'place and note set apart, ' if placed else ''}"
        f"{noted} absence(s) notified in advance noted, "
        f"{proposals} proposed decision(s) added."
    ]
    if created:
        lines.append(f"  people added: {', '.join(created)}.")
    return lines


def _sro(actor: Any) -> list[str]:
    body = _body(SRO)
    if body is None:
        return [f"No body {SRO!r} in the structure: SRO's meeting skipped."]
    existing = meeting_on(body, SRO_START)
    if existing is not None:
        return _complete_sro(actor, body, existing)
    created: list[str] = []
    day = SRO_START.date()
    with transaction.atomic():
        _sro_settings(actor, body)
        meeting = services.meeting_plan(
            actor=actor,
            body=body,
            with_procedural_items=False,
            source=SOURCE,
            start=SRO_START,
            end=SRO_END,
            note="Teamsmöte",
            status=Meeting.Status.HELD,
        )
        items = [
            services.item_add(
                actor=actor,
                meeting=meeting,
                position=number,
                title=title,
                kind=kind,
                presenters=presenters,
                notes=SRO_NOTES.get(number, ""),
                decision=decision,
                source=SOURCE,
            )
            for number, (title, kind, presenters, decision) in enumerate(SRO_ITEMS, start=1)
        ]
        services.roll_call_prepare(actor=actor, meeting=meeting, source=SOURCE)
        for name in SRO_ABSENT:
            services.attendance_record(
                actor=actor, meeting=meeting, person=_person(name), status=Status.ABSENT, source=SOURCE
            )
        # The officials listed in the notes' heading (the roll call calls members only).
        officials = Membership.objects.filter(body=body, role=Membership.Role.OFFICIAL).select_related(
            "person", "principal"
        )
        for seat in officials:
            if not seat.is_current(day) or seat.person.name == SRO_REPLACED:
                continue
            services.attendance_record(
                actor=actor,
                meeting=meeting,
                person=seat.person,
                source=SOURCE,
                capacity=Capacity.OFFICIAL,
                status=Status.PRESENT,
                party=seat.party,
                represents=seat.principal.name if seat.principal else "",
                description=seat.title,
            )
        stand_in_name, stand_in_represents, stand_in_title = SRO_STAND_IN
        stand_in = _person_or_new(actor, stand_in_name, created)
        replaced = _person(SRO_REPLACED)
        replaced_seat = _seat(body, replaced, day)
        services.attendance_record(
            actor=actor,
            meeting=meeting,
            person=replaced,
            source=SOURCE,
            capacity=Capacity.OFFICIAL,
            status=Status.REPLACED,
            replaced_by=stand_in,
            represents=replaced_seat.principal.name if replaced_seat and replaced_seat.principal else "",
            description=replaced_seat.title if replaced_seat else "",
        )
        services.attendance_record(
            actor=actor,
            meeting=meeting,
            person=stand_in,
            source=SOURCE,
            capacity=Capacity.STAND_IN,
            status=Status.PRESENT,
            represents=stand_in_represents,
            description=stand_in_title,
        )
        for name, represents, status in SRO_GUESTS:
            services.attendance_record(
                actor=actor,
                meeting=meeting,
                person=_person_or_new(actor, name, created),
                source=SOURCE,
                capacity=Capacity.GUEST,
                status=status,
                represents=represents,
            )
        _sro_chairs(actor, meeting, items, created)
        minutes = services.minutes_draw_up(
            actor=actor, meeting=meeting, adjusters=[], secretary=_person(SRO_SECRETARY), source=SOURCE
        )
        rows = meeting.attendances.count()
    lines = [
        f"{_label(body, SRO_START)}: held on Teams, items 1-{len(items)}, {rows} attendance rows, "
        f"chair handed over at item 4; notes {'published' if minutes.is_published else 'drawn up'}."
    ]
    if created:
        lines.append(f"  people added: {', '.join(created)}.")
    return lines


def _sro_settings(actor: Any, body: Body) -> None:
    """SRO keeps meeting notes: numbered 1, 2, ... at each meeting, published when drawn up."""
    services.meeting_settings_update(
        actor=actor,
        body=body,
        source=SOURCE,
        requires_adjustment=False,
        numbering=MeetingSettings.Numbering.PER_MEETING,
    )


def _sro_chairs(actor: Any, meeting: Meeting, items: Sequence[AgendaItem | None], created: list[str]) -> None:
    """Opened by the vice chair (items 1-3); from item 4 Helene Eliasson chairs."""
    opening = [item for item in items[:3] if item is not None]
    rest = [item for item in items[3:] if item is not None]
    services.attendance_record(
        actor=actor,
        meeting=meeting,
        person=_attendee(actor, meeting, SRO_OPENED_BY, created),
        chair_items=opening,
        source=SOURCE,
    )
    services.attendance_record(
        actor=actor,
        meeting=meeting,
        person=_attendee(actor, meeting, SRO_CHAIR_FROM_ITEM_4, created),
        chair_items=rest,
        source=SOURCE,
    )


def _complete_sro(actor: Any, body: Body, meeting: Meeting) -> list[str]:
    """An existing meeting of 28 April 2022 (imported from the notes): the texts under the items,
    the stand-in, the chair handed over at item 4, and the notes drawn up (and so published)."""
    label = _label(body, meeting.start)
    minutes = _minutes(meeting)
    if minutes is not None and minutes.status != Minutes.Status.DRAFT:
        state = "published" if minutes.is_published else "drawn up"
        return [f"{label}: already there, notes {state}; nothing to add."]
    created: list[str] = []
    with transaction.atomic():
        _sro_settings(actor, body)
        items = match_items(meeting, [title for title, _kind, _presenters, _decision in SRO_ITEMS])
        texts = sum(_fill(actor, item, notes=SRO_NOTES.get(number, "")) for number, item in enumerate(items, start=1))
        stand_in_name, _represents, _title = SRO_STAND_IN
        stand_in = _attendee(actor, meeting, stand_in_name, created)
        replaced = _attendee(actor, meeting, SRO_REPLACED, created)
        services.attendance_record(
            actor=actor,
            meeting=meeting,
            person=replaced,
            source=SOURCE,
            capacity=Capacity.OFFICIAL,
            status=Status.REPLACED,
            replaced_by=stand_in,
        )
        services.attendance_record(
            actor=actor,
            meeting=meeting,
            person=stand_in,
            source=SOURCE,
            capacity=Capacity.STAND_IN,
            status=Status.PRESENT,
        )
        _sro_chairs(actor, meeting, items, created)
        minutes = services.minutes_draw_up(
            actor=actor,
            meeting=meeting,
            adjusters=[],
            secretary=_attendee(actor, meeting, SRO_SECRETARY, created),
            source=SOURCE,
        )
    lines = [
        f"{label}: completed: {texts} item text(s), {stand_in.name} standing in for {replaced.name}, "
        f"chair handed over at item 4; notes {'published' if minutes.is_published else 'drawn up'}."
    ]
    if created:
        lines.append(f"  people added: {', '.join(created)}.")
    return lines


def _gr_social_welfare(actor: Any) -> list[str]:
    body = _body(GR)
    if body is None:
        return [f"No body {GR!r} in the structure: GR's meeting skipped."]
    existing = meeting_on(body, GR_START)
    if existing is not None:
        return _complete_gr(actor, body, existing)
    created: list[str] = []
    with transaction.atomic():
        meeting = services.meeting_plan(
            actor=actor,
            body=body,
            with_procedural_items=False,
            source=SOURCE,
            start=GR_START,
            time_decided=False,
            location_name="GR",
            address="Anders Personsgatan 8, Göteborg",
            status=Meeting.Status.HELD,
        )
        items = [
            services.item_add(
                actor=actor,
                meeting=meeting,
                position=position,
                title=title,
                kind=kind,
                presenters=presenters,
                notes=GR_NOTES.get(GR_FIRST_PARAGRAPH + position - 1, ""),
                decision=decision,
                source=SOURCE,
            )
            for position, (title, kind, presenters, decision) in enumerate(GR_ITEMS, start=1)
        ]
        services.roll_call_prepare(actor=actor, meeting=meeting, source=SOURCE)
        for name, status in GR_NOT_PRESENT:
            services.attendance_record(actor=actor, meeting=meeting, person=_person(name), status=status, source=SOURCE)
        services.attendance_record(
            actor=actor, meeting=meeting, person=_person(GR_CHAIR), chair_items=items, source=SOURCE
        )
        secretary_name, secretary_title = GR_SECRETARY
        secretary = _person(secretary_name)
        services.attendance_record(
            actor=actor,
            meeting=meeting,
            person=secretary,
            source=SOURCE,
            capacity=Capacity.SECRETARY,
            status=Status.PRESENT,
            description=secretary_title,
        )
        for name, represents, title, paragraphs in GR_OTHERS:
            services.attendance_record(
                actor=actor,
                meeting=meeting,
                person=_person_or_new(actor, name, created),
                items=[items[p - GR_FIRST_PARAGRAPH] for p in paragraphs],
                source=SOURCE,
                capacity=Capacity.OFFICIAL,
                status=Status.PRESENT,
                represents=represents,
                description=title,
            )
        adjuster = _person(GR_ADJUSTER)
        minutes = _gr_adjust(actor, meeting, [adjuster], secretary)
        rows = meeting.attendances.count()
    last = GR_FIRST_PARAGRAPH + len(items) - 1
    lines = [
        f"{_label(body, GR_START)}: held, § {GR_FIRST_PARAGRAPH}-{last}, {rows} attendance rows; minutes "
        f"{'adjusted by ' + adjuster.name + ' and published' if minutes.is_published else 'awaiting adjustment'}."
    ]
    if created:
        lines.append(f"  people added: {', '.join(created)}.")
    return lines


def _gr_adjust(actor: Any, meeting: Meeting, adjusters: list[Person], secretary: Person | None) -> Minutes:
    """Draw up the minutes from § 31 (the body's earlier paragraphs of 2019 are not in the
    system) and have the adjusters confirm them, which publishes them."""
    minutes = services.minutes_draw_up(
        actor=actor,
        meeting=meeting,
        adjusters=adjusters,
        secretary=secretary,
        first_paragraph=GR_FIRST_PARAGRAPH,
        source=SOURCE,
    )
    for person in adjusters:
        services.adjustment_confirm(actor=actor, minutes=minutes, person=person, via="demo", source=SOURCE)
    minutes.refresh_from_db()
    if minutes.status == Minutes.Status.ADJUSTED:
        # The seed's minutes say "Justerat" without a date: not the day the demo was loaded.
        services.minutes_adjusted_on_set(actor=actor, minutes=minutes, adjusted_on=None, source=SOURCE)
        minutes.refresh_from_db()
    return minutes


def _complete_gr(actor: Any, body: Body, meeting: Meeting) -> list[str]:
    """An existing meeting of 3 October 2019 (imported from the minutes): the texts of the
    paragraphs, the chair, who was present for which paragraph, and the minutes drawn up from
    § 31, adjusted by the adjuster the minutes name and published."""
    label = _label(body, meeting.start)
    minutes = _minutes(meeting)
    if minutes is not None and minutes.status != Minutes.Status.DRAFT:
        state = "published" if minutes.is_published else "awaiting adjustment"
        return [f"{label}: already there, minutes {state}; nothing to add."]
    created: list[str] = []
    numbers = [GR_FIRST_PARAGRAPH + offset for offset in range(len(GR_ITEMS))]
    with transaction.atomic():
        items = match_items(meeting, [title for title, _kind, _presenters, _decision in GR_ITEMS], numbers)
        by_paragraph = dict(zip(numbers, items, strict=True))
        texts = sum(_fill(actor, item, notes=GR_NOTES.get(number, "")) for number, item in by_paragraph.items())
        services.attendance_record(
            actor=actor,
            meeting=meeting,
            person=_attendee(actor, meeting, GR_CHAIR, created),
            chair_items=[item for item in items if item is not None],
            source=SOURCE,
        )
        for name, _represents, _title, paragraphs in GR_OTHERS:
            if paragraphs:
                services.attendance_record(
                    actor=actor,
                    meeting=meeting,
                    person=_attendee(actor, meeting, name, created),
                    items=[item for p in paragraphs if (item := by_paragraph[p]) is not None],
                    source=SOURCE,
                )
        adjusters = [_attendee(actor, meeting, name, created) for name in _imported_adjusters(meeting) or [GR_ADJUSTER]]
        secretary = _attendee(actor, meeting, GR_SECRETARY[0], created)
        minutes = _gr_adjust(actor, meeting, adjusters, secretary)
        items_now = list(meeting.items.order_by("position").values_list("paragraph", flat=True))
    span = f"§ {items_now[0]}-{items_now[-1]}" if items_now else "no paragraphs"
    names = " and ".join(person.name for person in adjusters)
    lines = [
        f"{label}: completed: {texts} paragraph text(s), the chair, attendance by paragraph; minutes {span} "
        f"{'adjusted by ' + names + ' and published' if minutes.is_published else 'awaiting adjustment'}."
    ]
    if created:
        lines.append(f"  people added: {', '.join(created)}.")
    return lines


# --- The seeds' texts ----------------------------------------------------------------------------

# Seed 001, the text under each item (link and layout artefacts of the extraction removed).
SRO_NOTES: dict[int, str] = {
    1: (
        "Närvaro/upprop\n\n"
        "Frånvarande: Nina Miskovsky, Katarina Jonsson, Ulf Olsson, Martin Carling, Johnny Magnusson, Madeleine Jonsson, Kerstin Brunnström. Jonas Lundberg från Lumell Associates och Ulrika Söderlund från VGR har meddelat förhinder.\n\n"
        "Jeanette Lämmel har avslutat sin tjänst som förbundsdirektör för Fyrbodals kommunalförbund. Anna Lärk Ståhlberg, teamchef på förbundet, har utsetts till tillförordnad direktör till dess att en ny ordinarie förbundsdirektör är utsedd. På dagens möte ersätts hon av socialstrateg Karin Engström.\n\n"
        "Dagens möte öppnas av vice ordförande Axel Josefsson och vid ärende fyra tar Helen Elisson över som dagens mötesordförande.\n\n"
        "Övriga frågor\n\n"
        "Helena Söderbäck och Västkom's arbetsutskott önskar diskutera processen kring hälso- och sjukvårdsavtalet. Diskussionen om hälso- och sjukvårdsavtalet tar vid sist på mötet med utgången att fortsätta ha en öppen dialog med kommunerna via kommunalförbunden."
    ),
    3: "Inga synpunkter på mötesanteckningen från förra mötet.",
    4: (
        "I Sverige har vi sett en minskning av flyktingströmmen. I mitten av mars kom cirka 9000 människor varje vecka och nu är det mellan 1200-1500. Det är mestadels kvinnor och barn och den stora majoriteten är unga. Av dessa är 22 procent av barnen i skolåldern. Nästan alla är friska men det finns sjukdomar som behöver uppmärksammas, vissa barnsjukdomar är vanligare och även rabies. Av de som kommer är ungefär 35 procent vaccinerade mot Covid-19.\n\n"
        "Gällande erbjuden sjukvård till barn och vuxna är det samma vård som till våra egna medborgare, inklusive tandvård. För vuxna gäller vård som inte kan anstå inklusive mödrahälsovård. Inom tandvården har vi sett en ökad belastning men inte inom övrig sjukvård. Just nu är det fokus på hälsoundersökningar och vårt mål är att de som kommer ska få en hälsoundersökning inom två månader efter fastställt boende. Vi ser också ett behov av att informera om hur svensk sjukvård fungerar. EU har bett om hjälp med vårdplatser och Sahlgrenska Universitetssjukhuset kommer hjälpa till att ta emot patienter. I närtid är det tre patienter som är aktuella.\n\n"
        "Belastningen är ojämn ute i våra kommuner vad gäller boende, skola och sjukvård. De större kommunerna har en lättare belastning än våra mindre kommuner som får en tydligt ökad belastning men det fungerar än så länge bra."
    ),
    5: (
        "Det senaste mötet med VVG hade fokus på dialog inför samverkan under sommaren 2022. Frågeställningen inför mötet var att få en kort lägesrapport från våra samverkansområden om vilka utmaningar man står inför och vilka lärdomar och lösningar man har med sig från förra året. Syftet med dialogen var ett lärande över gränserna och det blev ett bra samtal. Bland annat nämndes att det är viktigt med dialog och täta möten för att hålla varandra uppdaterade, gärna 1-2 gånger i veckan. Man diskuterade även bemanningsproblematiken och i samband med detta, utbildning i samverkan till våra sommarvikarier. Det kommer bli en tuff sommar även detta år och diskussionen fortsätter vid nästa möte.\n\n"
        "I arbetet framåt kommer VVG arbeta med att säkerställa att information och kunskap om stärkt läkarmedverkan i den kommunala hälso- och sjukvården sprids ordentligt. Vid nästa möte kommer ett avsnitt att handla om vårdval vårdcentral med fokus på våra sköra äldre. Mer information finns i mötesanteckning 2022-04-06 från VVG."
    ),
    6: (
        "Inriktningsdokumentet ligger till grund för lokala avtal och överenskommelser. I Västra Götaland finns ett inriktningsdokument för länets ungdomsmottagningar. Inriktningsdokumentet är gemensamt för Västra Götalandsregionen och länets 49 kommuner och ligger till grund för lokala avtal och överenskommelser om ungdomsmottagningarna.\n\n"
        "Befintligt inriktningsdokument gäller under perioden 2018–2022 och framtagande av uppdragshandling för utvärdering och revidering av inriktningsdokumentet är påbörjat och är planerat att tas upp i SRO under juni 2022. Ett nytt samverkansavtal kommer dock inte hinna antas innan nuvarande inriktningsdokument går ut. För att inte få något glapp och för att lokala avtal för ungdomsmottagningar ska kunna förlängas behöver nuvarande inriktningsdokument förlängas.\n\n"
        "Inriktningsdokumentet föreslås förlängas tills ett nytt samverkansavtal är framtaget, dock längst till och med 2024. Framöver kommer inriktningsdokument att heta samarbetsavtal."
    ),
    7: (
        "I överenskommelsen om psykisk hälsa och suicidprevention mellan regeringen och Sveriges kommuner och regioner riktas år 2022 totalt 150 000 000 kr till ungdomsmottagningarna. För Västra Götalands del handlar det om cirka 25 000 000 kr. För de medel som fördelas till länsgemensam nivå ska vi besluta om fördelning samt vilken huvudman det är som ska rekvirera medlen. Tidigare har dessa rekvirerats av Västra Götalandsregionen och regionen föreslås rekvirera medlen även år 2022. Förslaget är framtaget av partsgemensam grupp för ungdomsmottagningarna."
    ),
    8: (
        "Denna rapport har beställts av styrgrupp psykisk hälsa. Rapporten syftar till att identifiera lärdomar från det länsgemensamma arbetet med Handlingsplan psykisk hälsa. I rapporten redovisas observationer inom tre områden:\n\n"
        "- Fördelningen av medel\n- Organisation, ledning och styrning\n- Genomförda aktiviteter och potentiella resultat.\n\n"
        "Handlingsplanens utformning\n\n"
        "Handlingsplan psykisk hälsa tar utgångspunkt i att samverkan över organisatoriska gränser med människan i centrum är en förutsättning för att möjliggöra en god psykisk hälsa för medborgarna. I handlingsplanen framkommer att delregional vårdssamverkan har ansvar för genomförandet av handlingsplanens mål. Vilka aktiviteter som delregionerna ska genomföra för att nå målen anges inte, utan i stället beskrivs lokala aktiviteter inom vårdssamverkan i genomförandeplaner. Syftet med de delregionala genomförandeplanerna är att möjliggöra anpassningar till geografiska och befolkningsmässiga skillnader som finns i länet. I handlingsplanen beskrivs länsgemensamma aktiviteter inom 9 av 15 mål.\n\n"
        "Vad har vi lärt oss från det länsgemensamma arbetet med handlingsplanen?\n\n"
        "I nuläget genomförs ett utbrett arbete för att nå handlingsplanens mål. Däremot saknas det i viss utsträckning tydliga kopplingar mellan hur medel fördelas, vilka aktiviteter som genomförs och handlingsplanens mål. Ledningen är väl införstådda med handlingsplanens mål och arbetar för att dessa ska nås. Däremot uppfattas styrningen som otydlig och det saknas i vissa fall kommunikationsvägar för att involvera samtliga relevanta parter. Andra exempel:\n\n"
        "- Arbetet med handlingsplanen upplevs ha lyft frågan om psykisk hälsa och resulterat i ökad samverkan men resultatet för invånaren är svårt att uppskatta.\n- Samtliga vårdssamverkansområden har arbetat med att öka brukardelaktigheten.\n- Styrgruppen ses som värdefull av dess medlemmar men utomstående ser utvecklingsområden.\n- Handlingsplanen har till viss del styrt arbetet med psykisk hälsa men andra faktorer har också påverkat prioriteringar och val av aktiviteter.\n- Det finns en tendens att i första hand genomföra utbildningar.\n- Vårdssamverkans organisatoriska uppbyggnad skiljer sig åt och påverkar hur man kan arbeta med handlingsplanen.\n- Synen på styrningen och den organisatoriska strukturen i arbetet med handlingsplanen varierar.\n\n"
        "Så kan arbetet stärkas framöver\n\n"
        "Utifrån analysen har möjliga vägar för att stärka det länsgemensamma arbetet framåt identifierats. Här är några exempel:\n\n"
        "- Ta fram preliminära planer årligen för nyttjande av eventuella medel. Trots att beslut om medelstildelning sker relativt sent på året är det möjligt att utifrån överenskommelserna planera för användning av medel.\n- Västkom och VGR behöver stötta vårdsamverkan i att implementera lyckade arbeten inom handlingsplan psykisk hälsa i ordinarie verksamhet. På så vis säkerställs en långsiktighet där aktiviteter inte är beroende av att tilldelning av stimulansmedel fortgår.\n- Håll tät dialog med SKR (Sveriges Kommuner och Regioner) så att eventuella framtida justeringar av handlingsplanen ligger i linje med den framtida nationella strategin.\n- Säkerställ kommunikationsvägar mellan delregionala processledare och vårdsamverkansområdets representanter i styrgruppen.\n- Skapa strukturer för att möjliggöra ett långsiktigt arbete med handlingsplanen, trots omsättning av personal.\n\n"
        "Arbetet med nästa handlingsplan\n\n"
        "För att nå det önskade läget bör utformningen av en ny handlingsplan vägledas av en tydlig verksamhetslogik. Arbetet med handlingsplanen bör utgå från de slutmål som man vill uppnå och utifrån dessa bör det finnas en tydlig koppling mellan resurser, aktiviteter och resultat. För att möjliggöra goda förutsättningar för arbetet är det viktigt att säkerställa en samsyn där samtliga involverade parter är överens om vad som ska uppnås och möjliga vägar att nå dit.\n\n"
        "Kommentarer från SRO\n\n"
        "- Styrning ska utgå från individen men jag ser inte det i analysen?\nSvar: I denna analys gjorde vi inte några invånarintervjuer men rapportens målområden är tagna med stort mått av medborgarinvolvering. Denna rapport är verksamhetsfokuserad.\n- Det är viktigt med lokal brukarsamverkan och samverkan mellan skolhälsovården och barn- och ungdomspsykiatri.\n- Se över samverkansadministrationen så att det inte blir överadministration."
    ),
    9: (
        "Bakgrund\n\n"
        "Sedan år 2016 finns en strukturerad samverkan mellan huvudmännen kring frågor rörande psykisk hälsa på länsövergripande nivå. Detta har varit ett krav och en förutsättning för de statsbidrag som lämnats. År 2017 fattade huvudmännen beslut om en gemensam handlingsplan för psykisk hälsa för åren 2018–2020.\n\n"
        "Handlingsplanen togs fram i samverkan mellan Västra Götalandsregionen, de 49 kommunerna samt Nationell Samverkan för Psykisk Hälsa i Västra Götaland och Göteborg inom ramen för vårdsamverkan. År 2019 gjordes en fördjupad analys som gav stöd för ett fortsatt arbete och handlingsplanen förlängdes därefter till och med år 2022, med tankar om att en reviderad plan skulle tas fram och börja gälla från och med 2023.\n\n"
        "Ny långsiktig, nationell strategi och handlingsplan för psykisk hälsa från år 2025\n\n"
        "I juli 2020 gav regeringen Folkhälsomyndigheten och Socialstyrelsen i uppdrag att ta fram underlag för en ny nationell strategi kring psykisk hälsa. Senast 1 september 2023 ska myndigheterna presentera sitt förslag till en ny nationell strategi och en ny nationell handlingsplan för psykisk hälsa. Handlingsplanen föreslås bli gällande för 5–10 år och den ska också innehålla mål och indikatorer. När de nya nationella dokumenten kan komma att bli gällande går inte att säkert säga i nuläget men Regeringskansliet menar att en rimlig uppskattning är att det finns en ny nationell strategi och handlingsplan för psykisk hälsa från och med år 2025.\n\n"
        "Styrgrupp psykisk hälsa har hanterat informationen och anser att vi bör synkronisera vårt arbete och vår läns gemensamma handlingsplan med den nationella processen.\n\n"
        "Styrgrupp psykisk hälsa föreslår en förlängning av nuvarande läns gemensamma handlingsplan för psykisk hälsa 2023–2024. Handlingsplanen omfattar totalt perioden 2018–2024."
    ),
    10: (
        "Brett stöd för samverkan inom välfärdsteknik\n\n"
        "Utredningen Välfärdsteknik i samverkan pågick mellan mars – december 2021.\n\n"
        "Resultaten från utredningen visar att invånarna får en mer jämlik tillgång till digitala hjälpmedel inom vård och socialtjänst om regionen och kommunerna kan samarbeta kring att tillhandahålla digitala hjälpmedel. Vidare framkommer av utredningen att det finns en samsyn kring att en sådan samverkan kan ge bättre användning av de gemensamma resurserna, exempelvis kopplat till upphandling, logistik och support. Det finns också ett brett stöd i regionen och bland kommunerna för den principiella modellen för hur en sådan samverkan ska fungera.\n\n"
        "Baserat på utredningen Välfärdsteknik i samverkan utvecklades ett förslag på samverkansavtal för digitala hjälpmedel som varit ute på remiss till Västra Götalandsregionen och de 49 kommunerna i Västra Götaland under perioden 19 januari – 18 april 2022. Remissvaren visade att huvudmännen var positiva till att etablera en utökad samverkan i linje med det föreslagna avtalet och det finns stora fördelar.\n\n"
        "Exempel på medskick från remissvaren:\n\n"
        "- Utreda och beakta frågor kring datahantering och IT-säkerhet.\n- Önskemål om en bred politisk förankring i nämnder.\n- Säkerställa att fördelningen av kostnadsansvaret blir tydligt.\n- Förslag på språkliga ändringar i avtalet.\n\n"
        "Nästa steg i processen\n\n"
        "Vi kommer att svara alla instanser som skickat remissvar. Om det är många kommuner som säger nej till avtalet behöver vi avbryta, om det är ett fåtal skalar vi ner samarbetet och utrullningstakten. Kraften ligger dock i att alla är med."
    ),
    11: "Mötessekreterare frågar om man vill ha det sista mötet innan sommaren digitalt eller på plats.",
}


# Seed 004, the text of each paragraph before its decision (page headers and link artefacts removed).
GR_NOTES: dict[int, str] = {
    32: (
        "Sara Nordenhielm informerar om pågående arbete i socialchefsnätverket kring bostäder, boende och social hållbarhet, en av fyra prioriterade frågor för nätverkets arbete 2019–2020. Två arbetsgrupper arbetar på olika sätt för att stärka det GR-gemensamma arbetet, också i nära samarbete med nätverket för samhällsbyggnadschefer. Exempelvis har en kartläggning av kommunernas arbete med boendeprognoser inom äldre- och funktionshinderområdet genomförts samt kunskapssammanställningen Social hållbarhet ur ett samhällsplaneringsperspektiv. Fokus framöver rör bland annat effektiva boendemiljöer, gemensamma boendelösningar över kommungränserna och trygghetsbostäder.\n\n"
        "Maja Wadstein berättar om projektet Social Innovation i samhällsplanering (Vinnova-finansierat, 2017–2019). Projektet definierar social hållbarhet som jämlik tillgång till välfungerande boende- och livsmiljöer. Övergripande målsättningar är att stärka social sammanhållning och minska boendesegregationen i Göteborgsregionen samt öka tillgängligheten till den regionala bostadsmarknaden. I projektet testas olika metoder i innovationslab, på regional och lokal nivå, i samverkan mellan socialtjänst och samhällsplanering. Bland annat testas socialt bostadsförsörjningsprogram, markanvisning som socialt instrument och social konsekvensanalys. Erfarenheter visar på fortsatt behov att arbeta gemensamt kring frågan med att facilitera komplexa samhällsutmaningar samt samverka över sektorsgränserna.\n\n"
        "Projektet bjuder också in till seminarieriet På spaning för social hållbarhet, nästa tillfälle är 8 november. Inbjudan skickas till styrgruppen.\n\n"
        "Diskussion i styrgruppen kring att medvetenheten för det sociala perspektivet i samhällsplaneringen har ökat, men att det fortsatt är en angelägen fråga. Viktigt att också ta med erfarenheter från tidigare tidsepoker. En fråga kommer upp om kopplingen mellan projektets syfte och Agenda 2030, vilket besvaras med att den finns med som grund för definitioner i och styrning av projektet."
    ),
    33: (
        "Linnéa Björk och Erik Lindqvist Länsstyrelsen Västra Götaland, informerar om länsstyrelsens funktionshinderpolitiska uppdrag. Det nationella målet för funktionshinderpolitik är att uppnå jämlikhet i levnadsvillkor och full delaktighet i samhället för personer med funktionsnedsättning i ett samhälle med mångfald som grund. Nytt är att FN:s konvention om rättigheter för personer med funktionsnedsättning ska vara utgångspunkten. Det har skett en förskjutning inom funktionshinderpolitik från att fokusera på individens funktionsnedsättning till att förebygga och ta bort funktionshinder (som uppstår i relation till omgivningen).\n\n"
        "Om det nationella målet ska nås behöver funktionshinderperspektivet genomsyra all kommunal och regional verksamhet. Länsstyrelsens uppdrag är att stötta kommuner och regioner i detta arbete, dels genom enskilt och/eller samordnat stöd till kommuner och länsövergripande aktiviteter. En kartläggning av länets kommuner Västra Götalands län visar på framgångsfaktorer som politiskt förankrade strategier/handlingsplaner men också utmaningar som brist på kunskap och tvärasektoriellt samarbete. SKL:s positionspapper kan vara en viktig vägvisare, bilagas.\n\n"
        "Styrgruppens diskussioner rör involvering och delaktighet i den politiska processen, t.ex. utformningen av funktionshinderråd. Viktigt att se att olika grupper kan ha olika behov – men hur gör vi när dessa ställs emot varandra? Dialog mellan olika föreningar och organisationer är en viktig nyckel framåt, en positiv utveckling har skett senaste åren kring detta. En fråga som lyfts är att fokus ofta blir de svårigheter som är förknippade med funktionsnedsättningar, men vi måste också se till och stärka individens tillgångar. Styrgruppen diskuterar olikheterna mellan SoL och LSS kring levnadsnivå och konsekvenser av detta."
    ),
    34: (
        "Margareta Forsberg, som är ny FoU-chef sedan i mars i år, informerar om hur Göteborgsregionens FoU i Väst fungerar som resurs för medlemskommunerna för att stärka kunskapsutvecklingen inom välfärdsområdet samt är en mötesplats för forskning och praktik. FoU i Väst arbetar på olika sätt för att bidra till att arbetet i GR-kommunerna ska bygga på kunskap samt att det utvecklingsarbete som sker i kommunerna ska bli undersökt, beskrivet och synligt (också i regionala och nationella sammanhang). Det finns en starkare tradition inom hälso- och sjukvård att arbeta forskningsbaserat, men inom det sociala fältet behöver kopplingen mellan praktik och forskning stärkas.\n\n"
        "Margareta ger exempel på pågående FoU-projekt och berättar att FoU i Väst är den första miljön som fått medel beviljade från Forte, för dels ett projekt kring föräldrar till placerade barn (Föräldrar på avstånd) och dels nyligen till en treårig satsning på forskning kring effekter av behandling för män som utöver våld i nära relationer. Kommuner kan, enskilt eller tillsammans, vända sig till FoU i Väst utan upphandling för utvärderingar/följeforskning mm. Andra uppdragsgivare är regionala och nationella aktörer som VGR, Länsstyrelsen, SKL och Socialstyrelsen.\n\n"
        "Styrgruppen lyfter att FoU är en viktig resurs för att legitimera olika insatser/projekt i kommunerna, sprida goda exempel samt sammanställa befintlig kunskap. Diskussion också kring hur politiken kan efterfråga forskningsbaserat beslutsunderlag i större utsträckning än idag."
    ),
    35: (
        "Rosanna Björklund ger en aktuell lägesrapport kring Framtidens vårdinformationsmiljö. Tidplanen är reviderad på grund av att systemleverantören Cerner inte kan leverera i tid eftersom man inte förutsett omfattningen av anpassningsarbetet till patientdatalagen. Detta innebär en förskjutning av införandet av Millennium med cirka ett år. Kommunerna får nu längre tid på sig att avropa valda optioner, till och med mars 2020 (istället för 26 nov). Det skapar också möjligheter att se över kostnader teknikval och prismodell för drift och support. Exakt tidplan för de olika faserna kommer i november. Fortfarande kommer inte den totala prisbilden vara tydlig när kommunerna avropar optioner i mars. Kostnadsbild:\n\n"
        "- Millennium (kommunstorlek och antal avropade optioner)\nCerner-Licensavgift, betalas vid avrop\nCerner-Underhåll och Support- betalas vid driftstart.\nCerner- Implementeringsersättning (konsulttjänster vid införandet).\nKostnad som kommunen kan styra beroende på hur många timmar de beställer.\n- Millenniumtjänsten (antal användare)\nVGR - Support, förvaltning och drift. Betalas vid driftstart.\n\n"
        "VGR ser just nu över kostnadsbilden. Kommunerna kommer att behöva gå in med personer i arbetsgrupper redan nu i och med att SAMSA (system för kommunikation vid in- och utskrivningar mellan kommun och region) ska ersättas av FVM.\n\n"
        "Styrgruppen vill skicka med att kostnadsbilden är för oklar samt för hög i förhållande till kommunernas nytta. Positivt att tidplanen skjuts upp då det finns bättre förutsättningar för förankring och dialog.\n\n"
        "Maria Ljung beskriver resultatet av den workshop som hölls 5 sep kring kommunal hälso – och sjukvård där representanter från styrgruppen, socialchefs nätverket samt äldreomsorgs- och hälso- och sjukvårdschefs nätverket deltog. Syftet var att hitta gemensamma strategiska frågor där GR och medlemskommunerna kan bli starkare i samverkan samt prioritera bland dessa frågor. Följande frågor blev högst prioriterade: Nära vård, samsyn, ansvarsfördelning samt kompetensförsörjning och kompetensutveckling. GR fortsätter nu arbetet med utgångspunkt i de prioriterade frågorna. Vissa frågor kommer att behöva lyftas till politisk nivå, särskilt partsfrågor.\n\n"
        "Maria informerar om att GR ska svara på en remiss från Socialstyrelsen gällande belopp för utskrivningsklara patienter från slutenvård. GR kommer att lyfta kritik mot beloppet är för högt (förslaget är 8 200 kr) samt mot grunderna det räknats fram på (bygger på kostnad per patient i slutenvård, men borde utgå från korttidsplats). Förändringen 2019–2020 innebär en indexuppräknings på 5%. Det är en anmärkningsvärt hög kostnadsökning, högre än kommunernas uppräknings i budget årligen. Gapet mellan kommunernas kostnad för korttidsplats och det nationella beloppet för utskrivningsklara patienter är orimligt stort. Styrgruppen kommer att få remissvaret för kännedom."
    ),
    36: (
        "GR har fått i uppdrag från förbundsstyrelsen att verksamhetsplanen ska vara mindre omfattande än tidigare samt lättare att följa upp. Den strategiska inriktningen kompletteras därför med en årlig plan för uppföljning inom några aktuella fokusområden. Samtliga styrgrupper ger förslag till fokusområden medan förbundsstyrelsen och förbundsfullmäktige fattar beslut (22 nov respektive 17 dec) om vilka prioriterade fokusområden som ska ingå i Plan för uppföljning och detaljbudget 2020.\n\n"
        "Styrgruppen för social välfärds förslag till fokusområden för 2020 och som särskilt ska följas upp under verksamhetsåret:\n\n"
        "- Insatser som stöd för att öka kommunernas förutsättningar att arbeta mer kunskapsbaserat för att stärka ungas hälsa i Göteborgsregionen.\n- Insatser som stärker kommunerna som aktör i vårdsamverkan med Västra Götalandsregionen, i syfte att ge bättre förutsättningar för ett framgångsrikt införande av Nära vård.\n- Kompetensutvecklingsinsatser som främjar en ökad digital kunskap hos politiker, chefer och medarbetare i kommunerna och som kommer brukare och anhöriga till godo.\n\n"
        "Styrgruppen diskuterar om digitaliseringens påverkan på personalens arbetsmiljö bör lyftas in på något sätt. Styrgruppen för arbetsmarknad har dock arbetsmiljöperspektivet med i sina fokusområden. Styrgruppen framför att det är positivt med färre mål för uppföljning. Önskemål framkommer också kring en längre process i framtagandet av fokusområden för 2021.\n\n"
        "För kännedom tas ett nytt årshjul fram för beslut på nästa styrgruppsmöte, med utgångspunkt i prioriterade fokusområden."
    ),
    37: (
        "Kent Lagrell informerar om förbundsstyrelsekonferens 26-27 sep. Under konferensen diskuterades bland annat förbundsstyrelsens och styrgruppernas roll och uppdrag, nuvarande förbundsordning, valberedning till GR:s politiska uppdrag samt den strategiska inriktningen.\n\n"
        "Utifrån diskussionen fick förbundsdirektören i uppdrag att:\n\n"
        "- I den fortsatta planeringen och uppföljningen inom förbundet ta hänsyn till de inspel som gjordes under styrelsekonferensen utifrån GR:s strategiska inriktning.\n- Utreda vilken politisk organisation och struktur som är mest relevant för att genomföra förbundets uppdrag.\n- Utreda möjliga samarbetsformer med kommuner utanför GR."
    ),
}
