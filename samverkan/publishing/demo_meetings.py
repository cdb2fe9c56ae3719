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

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from samverkan.importer.models import ImportedDocument
from samverkan.importer.services import normalise
from samverkan.meetings import services
from samverkan.meetings.models import Absence, AgendaItem, Attendance, Meeting, MeetingSettings, Minutes
from samverkan.publishing.demo_loader import STOCKHOLM, demo_facts, local_time
from samverkan.structure import services as structure_services
from samverkan.structure.models import Body, Membership, Person

SOURCE = "cli:demo"
# The texts an item of a seed document may carry (examples/demo/meetings.yaml).
ITEM_TEXTS = ("proposal", "presenters", "notes", "decision")

Status = Attendance.Status
Capacity = Attendance.Capacity

# The facts, as examples/demo/meetings.yaml gives them.
FACTS = demo_facts("meetings")
BOARD_FACTS: dict[str, Any] = FACTS["board"]
SRO_FACTS: dict[str, Any] = FACTS["sro"]
GR_FACTS: dict[str, Any] = FACTS["gr"]

BOARD: str = BOARD_FACTS["body"]
BOARD_START = local_time(BOARD_FACTS["start"])
BOARD_END = local_time(BOARD_FACTS["end"])
SRO: str = SRO_FACTS["body"]
SRO_START = local_time(SRO_FACTS["start"])
SRO_END = local_time(SRO_FACTS["end"])
GR: str = GR_FACTS["body"]
GR_START = local_time(GR_FACTS["date"])  # no clock time is given
GR_FIRST_PARAGRAPH: int = GR_FACTS["first_paragraph"]


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
    return local_time(day), local_time(following)


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


def body_by_key(key: str) -> Body | None:
    """The body a seed document is about, if the loaded structure has it."""
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


def _held_meeting(
    actor: Any, body: Body, item_facts: list[dict[str, Any]], **plan: Any
) -> tuple[Meeting, list[AgendaItem]]:
    """A meeting that has taken place, as a seed document tells it: planned as held, its items
    numbered in the document's order with the texts the document gives (absent texts empty)."""
    meeting = services.meeting_plan(
        actor=actor, body=body, with_procedural_items=False, source=SOURCE, status=Meeting.Status.HELD, **plan
    )
    items = [
        services.item_add(
            actor=actor,
            meeting=meeting,
            position=position,
            title=item["title"],
            kind=item["kind"],
            source=SOURCE,
            **{name: item.get(name, "") for name in ITEM_TEXTS},
        )
        for position, item in enumerate(item_facts, start=1)
    ]
    return meeting, items


def _with_people_added(lines: list[str], created: list[str]) -> list[str]:
    """A step's report lines, and the people it had to add to the register, if any."""
    return [*lines, f"  people added: {', '.join(created)}."] if created else lines


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
    body = body_by_key(BOARD)
    if body is None:
        return [f"No body {BOARD!r} in the structure: VästKom's board meetings skipped."]
    lines = []
    existing = meeting_on(body, BOARD_START)
    if existing is not None:
        lines += _complete_board(actor, body, existing)
    else:
        with transaction.atomic():
            meeting, _items = _held_meeting(
                actor,
                body,
                BOARD_FACTS["items"],
                start=BOARD_START,
                end=BOARD_END,
                **BOARD_FACTS["place"],
                note=BOARD_FACTS["note"],
            )
            _board_absences(actor, body, meeting, [])
        lines.append(
            f"{_label(body, BOARD_START)}: held, items 1-{len(BOARD_FACTS['items'])}, "
            f"{len(BOARD_FACTS['notified'])} absences notified in advance (no minutes in the seed)."
        )
    planned = 0
    for date in BOARD_FACTS["dates_2019"]:
        start = local_time(date["day"])
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
                status=date["status"],
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
    for name in BOARD_FACTS["notified"]:
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
        items = match_items(meeting, [item["title"] for item in BOARD_FACTS["items"]])
        proposals = sum(
            _fill(actor, item, proposal=fact.get("proposal", ""))
            for item, fact in zip(items, BOARD_FACTS["items"], strict=True)
        )
        noted = _board_absences(actor, body, meeting, created)
        # The notice's "Plats:" runs on into the invitation to dinner: the place holds the place,
        # the dinner is a note.
        place: dict[str, Any] = {**BOARD_FACTS["place"], "note": BOARD_FACTS["note"]}
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
    return _with_people_added(lines, created)


def _sro(actor: Any) -> list[str]:
    body = body_by_key(SRO)
    if body is None:
        return [f"No body {SRO!r} in the structure: SRO's meeting skipped."]
    existing = meeting_on(body, SRO_START)
    if existing is not None:
        return _complete_sro(actor, body, existing)
    created: list[str] = []
    day = SRO_START.date()
    with transaction.atomic():
        _sro_settings(actor, body)
        meeting, items = _held_meeting(
            actor, body, SRO_FACTS["items"], start=SRO_START, end=SRO_END, note=SRO_FACTS["note"]
        )
        services.roll_call_prepare(actor=actor, meeting=meeting, source=SOURCE)
        for name in SRO_FACTS["absent"]:
            services.attendance_record(
                actor=actor, meeting=meeting, person=_person(name), status=Status.ABSENT, source=SOURCE
            )
        # The officials listed in the notes' heading (the roll call calls members only).
        officials = Membership.objects.filter(body=body, role=Membership.Role.OFFICIAL).select_related(
            "person", "principal"
        )
        for seat in officials:
            if not seat.is_current(day) or seat.person.name == SRO_FACTS["replaced"]:
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
        stand_in_facts = SRO_FACTS["stand_in"]
        stand_in = _person_or_new(actor, stand_in_facts["name"], created)
        replaced = _person(SRO_FACTS["replaced"])
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
            represents=stand_in_facts["represents"],
            description=stand_in_facts["title"],
        )
        for guest in SRO_FACTS["guests"]:
            services.attendance_record(
                actor=actor,
                meeting=meeting,
                person=_person_or_new(actor, guest["name"], created),
                source=SOURCE,
                capacity=Capacity.GUEST,
                status=guest["status"],
                represents=guest["represents"],
            )
        _sro_chairs(actor, meeting, items, created)
        minutes = services.minutes_draw_up(
            actor=actor, meeting=meeting, adjusters=[], secretary=_person(SRO_FACTS["secretary"]), source=SOURCE
        )
        rows = meeting.attendances.count()
    lines = [
        f"{_label(body, SRO_START)}: held on Teams, items 1-{len(items)}, {rows} attendance rows, "
        f"chair handed over at item 4; notes {'published' if minutes.is_published else 'drawn up'}."
    ]
    return _with_people_added(lines, created)


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
        person=_attendee(actor, meeting, SRO_FACTS["opened_by"], created),
        chair_items=opening,
        source=SOURCE,
    )
    services.attendance_record(
        actor=actor,
        meeting=meeting,
        person=_attendee(actor, meeting, SRO_FACTS["chair_from_item_4"], created),
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
        items = match_items(meeting, [fact["title"] for fact in SRO_FACTS["items"]])
        texts = sum(
            _fill(actor, item, notes=fact.get("notes", ""))
            for item, fact in zip(items, SRO_FACTS["items"], strict=True)
        )
        stand_in = _attendee(actor, meeting, SRO_FACTS["stand_in"]["name"], created)
        replaced = _attendee(actor, meeting, SRO_FACTS["replaced"], created)
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
            secretary=_attendee(actor, meeting, SRO_FACTS["secretary"], created),
            source=SOURCE,
        )
    lines = [
        f"{label}: completed: {texts} item text(s), {stand_in.name} standing in for {replaced.name}, "
        f"chair handed over at item 4; notes {'published' if minutes.is_published else 'drawn up'}."
    ]
    return _with_people_added(lines, created)


def _gr_social_welfare(actor: Any) -> list[str]:
    body = body_by_key(GR)
    if body is None:
        return [f"No body {GR!r} in the structure: GR's meeting skipped."]
    existing = meeting_on(body, GR_START)
    if existing is not None:
        return _complete_gr(actor, body, existing)
    created: list[str] = []
    with transaction.atomic():
        meeting, items = _held_meeting(
            actor, body, GR_FACTS["items"], start=GR_START, time_decided=False, **GR_FACTS["place"]
        )
        services.roll_call_prepare(actor=actor, meeting=meeting, source=SOURCE)
        for row in GR_FACTS["not_present"]:
            services.attendance_record(
                actor=actor, meeting=meeting, person=_person(row["name"]), status=row["status"], source=SOURCE
            )
        services.attendance_record(
            actor=actor, meeting=meeting, person=_person(GR_FACTS["chair"]), chair_items=items, source=SOURCE
        )
        secretary = _person(GR_FACTS["secretary"]["name"])
        services.attendance_record(
            actor=actor,
            meeting=meeting,
            person=secretary,
            source=SOURCE,
            capacity=Capacity.SECRETARY,
            status=Status.PRESENT,
            description=GR_FACTS["secretary"]["title"],
        )
        for other in GR_FACTS["others"]:
            services.attendance_record(
                actor=actor,
                meeting=meeting,
                person=_person_or_new(actor, other["name"], created),
                items=[items[p - GR_FIRST_PARAGRAPH] for p in other["paragraphs"]],
                source=SOURCE,
                capacity=Capacity.OFFICIAL,
                status=Status.PRESENT,
                represents=other["represents"],
                description=other["title"],
            )
        adjuster = _person(GR_FACTS["adjuster"])
        minutes = _gr_adjust(actor, meeting, [adjuster], secretary)
        rows = meeting.attendances.count()
    last = GR_FIRST_PARAGRAPH + len(items) - 1
    lines = [
        f"{_label(body, GR_START)}: held, § {GR_FIRST_PARAGRAPH}-{last}, {rows} attendance rows; minutes "
        f"{'adjusted by ' + adjuster.name + ' and published' if minutes.is_published else 'awaiting adjustment'}."
    ]
    return _with_people_added(lines, created)


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
    facts = GR_FACTS["items"]
    numbers = [GR_FIRST_PARAGRAPH + offset for offset in range(len(facts))]
    with transaction.atomic():
        items = match_items(meeting, [fact["title"] for fact in facts], numbers)
        by_paragraph = dict(zip(numbers, items, strict=True))
        texts = sum(_fill(actor, item, notes=fact.get("notes", "")) for item, fact in zip(items, facts, strict=True))
        services.attendance_record(
            actor=actor,
            meeting=meeting,
            person=_attendee(actor, meeting, GR_FACTS["chair"], created),
            chair_items=[item for item in items if item is not None],
            source=SOURCE,
        )
        for other in GR_FACTS["others"]:
            if other["paragraphs"]:
                services.attendance_record(
                    actor=actor,
                    meeting=meeting,
                    person=_attendee(actor, meeting, other["name"], created),
                    items=[item for p in other["paragraphs"] if (item := by_paragraph[p]) is not None],
                    source=SOURCE,
                )
        adjusters = [
            _attendee(actor, meeting, name, created) for name in _imported_adjusters(meeting) or [GR_FACTS["adjuster"]]
        ]
        secretary = _attendee(actor, meeting, GR_FACTS["secretary"]["name"], created)
        minutes = _gr_adjust(actor, meeting, adjusters, secretary)
        items_now = list(meeting.items.order_by("position").values_list("paragraph", flat=True))
    span = f"§ {items_now[0]}-{items_now[-1]}" if items_now else "no paragraphs"
    names = " and ".join(person.name for person in adjusters)
    lines = [
        f"{label}: completed: {texts} paragraph text(s), the chair, attendance by paragraph; minutes {span} "
        f"{'adjusted by ' + names + ' and published' if minutes.is_published else 'awaiting adjustment'}."
    ]
    return _with_people_added(lines, created)
