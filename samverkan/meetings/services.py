"""Every write to meetings and minutes: validated, in one transaction, in the audit trail."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.core.audit import audit_record, create_instance, set_many, update_instance
from samverkan.core.editing import ConcurrentEdit, update_at_version
from samverkan.core.models import AuditEvent
from samverkan.documents.models import Reading
from samverkan.documents.papers import check_upload
from samverkan.documents.tasks import enqueue_reading
from samverkan.meetings.absence_checks import recorded_present_before, reported_after_present
from samverkan.meetings.models import (
    Absence,
    Adjuster,
    AgendaItem,
    Attachment,
    Attendance,
    Correction,
    Matter,
    Meeting,
    MeetingSettings,
    Minutes,
)
from samverkan.structure import services as structure_services
from samverkan.structure.models import Body, Membership, Person

Changes = dict[str, tuple[Any, Any]]
SCHEDULE_FIELDS = {"start", "end", "location_name", "address", "room", "online_url", "status"}
MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
APPEAL_PERIOD = datetime.timedelta(weeks=3)


class MinutesLocked(ValidationError):
    """The minutes are drawn up or adjusted: their content can no longer be edited."""


# --- Settings and the plan -------------------------------------------------------------------


def settings_for(body: Body) -> MeetingSettings:
    settings, _created = MeetingSettings.objects.get_or_create(body=body)
    return settings


@transaction.atomic
def meeting_settings_update(*, actor: Any, body: Body, source: str = "web", **fields: Any) -> Changes:
    return update_instance(settings_for(body), fields, actor=actor, source=source)


@transaction.atomic
def meeting_plan(
    *, actor: Any, body: Body, with_procedural_items: bool = True, source: str = "web", **fields: Any
) -> Meeting:
    """Put a meeting in the body's plan; its agenda starts from the body's procedural items."""
    meeting: Meeting = create_instance(Meeting, {"body": body, **fields}, actor=actor, source=source)
    if with_procedural_items:
        for position, template in enumerate(settings_for(body).template_items(), start=1):
            AgendaItem.objects.create(
                meeting=meeting, position=position, title=template["title"], kind=template["kind"]
            )
    return meeting


@transaction.atomic
def meetings_plan_year(
    *,
    actor: Any,
    body: Body,
    dates: list[datetime.date],
    start_time: datetime.time | None = None,
    end_time: datetime.time | None = None,
    today: datetime.date | None = None,
    source: str = "web",
    **fields: Any,
) -> list[Meeting]:
    """Plan several meetings at once, the time and place copied to each: all or nothing. Refused,
    naming the dates, when a date is in the past, given twice, or already has a meeting of the
    body (a cancelled one aside). Without a start time the meetings have only their date."""
    today = today or timezone.localdate()
    problems = []
    past = sorted({d for d in dates if d < today})
    if past:
        problems.append(_("These dates have passed: %(dates)s.") % {"dates": ", ".join(d.isoformat() for d in past)})
    twice = sorted(d for d, n in Counter(dates).items() if n > 1)
    if twice:
        problems.append(
            _("These dates are given twice: %(dates)s.") % {"dates": ", ".join(d.isoformat() for d in twice)}
        )
    taken = sorted(
        {
            timezone.localdate(start)
            for start in Meeting.objects.filter(body=body)
            .exclude(status=Meeting.Status.CANCELLED)
            .values_list("start", flat=True)
        }
        & set(dates)
    )
    if taken:
        problems.append(
            _("The body already has a meeting on %(dates)s.") % {"dates": ", ".join(d.isoformat() for d in taken)}
        )
    if problems:
        problems.append(_("No meeting was added."))
        raise ValidationError({"dates": problems}, code="invalid")
    planned = []
    for day in sorted(dates):
        start = timezone.make_aware(datetime.datetime.combine(day, start_time or datetime.time(0, 0)))
        end = timezone.make_aware(datetime.datetime.combine(day, end_time)) if start_time and end_time else None
        planned.append(
            meeting_plan(
                actor=actor,
                body=body,
                start=start,
                end=end,
                time_decided=start_time is not None,
                source=source,
                **fields,
            )
        )
    return planned


@transaction.atomic
def meeting_update(
    *, actor: Any, meeting: Meeting, version: int | None = None, source: str = "web", **fields: Any
) -> Changes:
    """Change a meeting. A change of time, place or status raises its calendar SEQUENCE so that
    calendar programs replace the event they have. `version`: the one the edit form showed; a
    save on top of someone else's is refused (ConcurrentEdit)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    changes = update_at_version(meeting, version, fields, actor=actor, source=source)
    if SCHEDULE_FIELDS & set(changes):
        Meeting.objects.filter(pk=meeting.pk).update(sequence=F("sequence") + 1)
    return changes


# --- Agenda ----------------------------------------------------------------------------------


def _ensure_editable(meeting: Meeting) -> None:
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is not None and minutes.status != Minutes.Status.DRAFT:
        raise MinutesLocked(
            _("The minutes of this meeting are drawn up; the agenda and decisions can no longer be changed."),
            code="locked",
        )


@transaction.atomic
def item_add(
    *, actor: Any, meeting: Meeting, position: int | None = None, source: str = "web", **fields: Any
) -> AgendaItem:
    """Add an item; without a position it goes before the closing procedural items."""
    _ensure_editable(meeting)
    items = list(AgendaItem.objects.select_for_update().filter(meeting=meeting).order_by("position"))
    if position is None:
        tail = [i for i in items if i.kind in (AgendaItem.Kind.OTHER_BUSINESS, AgendaItem.Kind.CLOSING)]
        position = tail[0].position if tail else (items[-1].position + 1 if items else 1)
    position = max(1, min(position, (items[-1].position + 1) if items else 1))  # no gaps
    for later in sorted((i for i in items if i.position >= position), key=lambda i: -i.position):
        AgendaItem.objects.filter(pk=later.pk).update(position=later.position + 1)
    item: AgendaItem = create_instance(
        AgendaItem, {"meeting": meeting, "position": position, **fields}, actor=actor, source=source
    )
    return item


@transaction.atomic
def item_update(*, actor: Any, item: AgendaItem, version: int, source: str = "web", **fields: Any) -> Changes:
    """Save an item edited from `version`. If someone saved it in between, refuse."""
    _ensure_editable(item.meeting)
    return update_at_version(
        item,
        version,
        fields,
        actor=actor,
        source=source,
        message=_(
            "Someone else saved this item while you were editing it. Nothing of yours was lost: "
            "your text is still in the form. Compare with the saved version and save again."
        ),
    )


@transaction.atomic
def item_delete(*, actor: Any, item: AgendaItem, source: str = "web") -> None:
    _ensure_editable(item.meeting)
    list(AgendaItem.objects.select_for_update().filter(meeting_id=item.meeting_id))  # lock the agenda
    item = AgendaItem.objects.get(pk=item.pk)  # its position now, not when the caller read it
    audit_record(actor=actor, action=AuditEvent.Action.DELETE, target=item, source=source)
    meeting, position = item.meeting, item.position
    item.delete()
    for later in AgendaItem.objects.filter(meeting=meeting, position__gt=position).order_by("position"):
        AgendaItem.objects.filter(pk=later.pk).update(position=later.position - 1)


@transaction.atomic
def matter_create(*, actor: Any, source: str = "web", **fields: Any) -> Matter:
    matter: Matter = create_instance(Matter, fields, actor=actor, source=source)
    return matter


# --- Attachments -----------------------------------------------------------------------------


@transaction.atomic
def attachment_add(
    *, actor: Any, item: AgendaItem, upload: UploadedFile, title: str = "", source: str = "web"
) -> Attachment:
    """Attach a PDF or DOCX to an item, checked by size and by its content (not its name), stored as
    being read; the worker reads it with the one reader in a capped process (samverkan.documents)
    and only then is it shown to the public and searchable."""
    _ensure_editable(item.meeting)
    paper = check_upload(upload, max_bytes=MAX_ATTACHMENT_BYTES)
    attachment = Attachment(
        item=item,
        title=title or (upload.name or "bilaga").rsplit(".", 1)[0],
        original_name=upload.name or "",
        content_type=paper.content_type,
        size=paper.size,
        sha256=paper.sha256,
        reading=Reading.READING,
    )
    # Validate before anything reaches the file store, so a refusal leaves no orphaned file.
    attachment.full_clean(exclude=["file"])
    attachment.file.save(upload.name or "bilaga", upload, save=False)
    attachment.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=attachment,
        changes={"file": (None, attachment.original_name), "item": (None, str(item))},
        source=source,
    )
    enqueue_reading(attachment)
    return attachment


# --- Absence and attendance ------------------------------------------------------------------


@transaction.atomic
def absence_report(
    *, actor: Any, meeting: Meeting, person: Person, via: str, note: str = "", source: str = "web"
) -> tuple[Absence, bool]:
    """Report that a person cannot come. Reporting twice changes nothing. A member's own report
    (by link or logged in) is refused once the meeting has started or is cancelled; the secretary
    may still note an absence that was notified in advance, for the record."""
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("The meeting is cancelled."), code="cancelled")
    late = meeting.status == Meeting.Status.HELD or meeting.start <= timezone.now()
    if late and via != Absence.Via.SECRETARY:
        raise ValidationError(_("The meeting has already taken place."), code="too_late")
    existing = Absence.objects.filter(meeting=meeting, person=person).first()
    if existing is not None:
        return existing, False
    absence: Absence = create_instance(
        Absence, {"meeting": meeting, "person": person, "via": via, "note": note}, actor=actor, source=source
    )
    # Their statement is recorded all the same; a roll call that already has them present now
    # contradicts it, and the body's secretaries are told by e-mail (the pages show it too).
    if via != Absence.Via.SECRETARY and recorded_present_before(absence):
        from samverkan.meetings import tasks

        tasks.tell_secretaries_of_absence.enqueue(absence.pk)
    return absence, True


def absence_conflicts(meeting: Meeting) -> QuerySet[Attendance]:
    """The meeting's attendance rows recorded present whose person reported absence afterwards
    (by name): the roll call contradicts the member's own statement. One query."""
    return (
        Attendance.objects.filter(meeting=meeting, status=Attendance.Status.PRESENT)
        .filter(reported_after_present())
        .select_related("person")
        .order_by("person__name")
    )


def absence_conflict_messages(meeting: Meeting) -> list[str]:
    """The secretary's pages' warnings: one line per person in `absence_conflicts`. One query."""
    return [absence_conflict_message(row.person.name) for row in absence_conflicts(meeting)]


def absence_conflict_message(name: str) -> str:
    """How the secretary's pages name one conflict."""
    return _("%(name)s reported absence after being recorded present.") % {"name": name}


def invited_memberships(meeting: Meeting) -> list[Membership]:
    """The body's members who are called to the meeting (current on the meeting's day)."""
    day = timezone.localtime(meeting.start).date()
    order = {role: i for i, role in enumerate(Membership.ROLE_ORDER)}
    # Membership.is_current(day), in SQL: a body's seats of every earlier term are not read.
    seats = list(
        Membership.objects.filter(body=meeting.body)
        .filter(Q(start__isnull=True) | Q(start__lte=day), Q(end__isnull=True) | Q(end__gte=day))
        .exclude(role=Membership.Role.OFFICIAL)
        .select_related("person__user", "principal", "substitute_for")
    )
    return sorted(seats, key=lambda m: (order.get(m.role, 99), m.person.name))


@dataclass(frozen=True)
class SubstituteCall:
    """Whom to call in for an absent member: the substitutes paired with them (`paired`), or,
    when none is, the body's substitutes of the same party, or else of the same side (`basis`
    is "party" or "side", `group` the party or side)."""

    member: Person
    substitutes: list[Person]
    paired: bool
    basis: str = ""
    group: str = ""


def substitutes_to_call(meeting: Meeting) -> list[SubstituteCall]:
    """For each member who reported absence: the substitutes who have not reported absence
    themselves, paired with the member, or else of the member's party or side (leaving out those
    paired with another absent member), as a secretary would look for them."""
    absent = set(Absence.objects.filter(meeting=meeting).values_list("person_id", flat=True))
    seats = invited_memberships(meeting)
    free = [s for s in seats if s.role == Membership.Role.SUBSTITUTE and s.person_id not in absent]
    # A substitute paired with another absent member is called in for them.
    reserved = {s.person_id for s in free if s.substitute_for_id in absent}
    result = []
    listed: set[int] = set()
    for seat in seats:
        if seat.person_id not in absent or seat.role == Membership.Role.SUBSTITUTE or seat.person_id in listed:
            continue
        listed.add(seat.person_id)
        paired = [s.person for s in free if s.substitute_for_id == seat.person_id]
        if paired:
            result.append(SubstituteCall(seat.person, paired, paired=True))
            continue
        call = SubstituteCall(seat.person, [], paired=False)
        for basis, field in (("party", "party"), ("side", "delegation")):
            group = getattr(seat, field)
            same = {
                s.person_id: s.person
                for s in free
                if group and getattr(s, field) == group and s.person_id not in reserved
            }
            if same:
                call = SubstituteCall(seat.person, list(same.values()), paired=False, basis=basis, group=group)
                break
        result.append(call)
    return result


@transaction.atomic
def attendance_record(
    *,
    actor: Any,
    meeting: Meeting,
    person: Person,
    items: list[AgendaItem] | None = None,
    chair_items: list[AgendaItem] | None = None,
    source: str = "web",
    **fields: Any,
) -> Attendance:
    """Record (or correct) one person's attendance."""
    _ensure_editable(meeting)
    attendance = Attendance.objects.filter(meeting=meeting, person=person).first()
    if attendance is None:
        attendance = create_instance(
            Attendance, {"meeting": meeting, "person": person, **fields}, actor=actor, source=source
        )
    else:
        update_instance(attendance, fields, actor=actor, source=source)
    if items is not None:
        set_many(attendance, "items", items, actor=actor, source=source)
    if chair_items is not None:
        set_many(attendance, "chair_items", chair_items, actor=actor, source=source)
    return attendance


@transaction.atomic
def roll_call_prepare(*, actor: Any, meeting: Meeting, source: str = "web") -> int:
    """Start the roll call from the structure: every invited member, present unless they
    reported absence. Returns how many rows were added; existing rows are kept."""
    _ensure_editable(meeting)
    absent = set(Absence.objects.filter(meeting=meeting).values_list("person_id", flat=True))
    known = set(Attendance.objects.filter(meeting=meeting).values_list("person_id", flat=True))
    added = 0
    for seat in invited_memberships(meeting):
        if seat.person_id in known:
            continue
        capacity = {
            Membership.Role.SUBSTITUTE: Attendance.Capacity.SUBSTITUTE,
            Membership.Role.SECRETARY: Attendance.Capacity.SECRETARY,
        }.get(Membership.Role(seat.role), Attendance.Capacity.MEMBER)
        attendance_record(
            actor=actor,
            meeting=meeting,
            person=seat.person,
            capacity=capacity,
            status=Attendance.Status.NOTIFIED if seat.person_id in absent else Attendance.Status.PRESENT,
            party=seat.party,
            represents=seat.principal.name if seat.principal else "",
            description=seat.role,  # the Swedish role word, whatever the interface language
            source=source,
        )
        known.add(seat.person_id)
        added += 1
    return added


@dataclass(frozen=True)
class RollCallRow:
    """One row of the roll call on one screen: a recorded attendance, or a member of the body
    not yet recorded (`attendance` None), with the values the screen starts from."""

    person: Person
    attendance: Attendance | None
    capacity: str
    status: str
    replaced_by_id: int | None
    party: str
    represents: str
    description: str
    seat: str  # the person's role in the body, for the screen ("" for officials and guests)
    # Recorded present, then the person reported absence (see absence_conflicts).
    absence_after_present: bool = False


def roll_call_rows(meeting: Meeting) -> list[RollCallRow]:
    """Every row of the roll call on one screen: those recorded, then the body's members and
    substitutes not yet recorded (present, or absence notified if they reported it). Three
    queries, whatever the number of people."""
    recorded = {
        a.person_id: a for a in Attendance.objects.filter(meeting=meeting).select_related("person").order_by("pk")
    }
    absent = dict(Absence.objects.filter(meeting=meeting).values_list("person_id", "created_at"))
    seats: dict[int, Membership] = {}
    for seat in invited_memberships(meeting):
        seats.setdefault(seat.person_id, seat)
    rows = []
    for person_id, seat in seats.items():
        found = recorded.pop(person_id, None)
        if found is not None:
            rows.append(_row_of(found, seat.role, absent))
            continue
        rows.append(
            RollCallRow(
                person=seat.person,
                attendance=None,
                capacity=_capacity_of(seat),
                status=Attendance.Status.NOTIFIED if person_id in absent else Attendance.Status.PRESENT,
                replaced_by_id=None,
                party=seat.party,
                represents=seat.principal.name if seat.principal else "",
                description=seat.role,
                seat=seat.role,
            )
        )
    rows.extend(_row_of(a, "", absent) for a in sorted(recorded.values(), key=lambda a: (a.capacity, a.person.name)))
    return rows


def roll_call_conflicts(rows: Iterable[RollCallRow]) -> list[str]:
    """What the roll call screen warns of: each person recorded present who reported absence
    afterwards (from the rows as read, no query)."""
    return [absence_conflict_message(r.person.name) for r in rows if r.absence_after_present]


def _row_of(attendance: Attendance, seat: str, absent: dict[int, datetime.datetime]) -> RollCallRow:
    reported = absent.get(attendance.person_id)
    return RollCallRow(
        person=attendance.person,
        attendance=attendance,
        capacity=attendance.capacity,
        status=attendance.status,
        replaced_by_id=attendance.replaced_by_id,
        party=attendance.party,
        represents=attendance.represents,
        description=attendance.description,
        seat=seat,
        absence_after_present=(
            attendance.status == Attendance.Status.PRESENT and reported is not None and reported > attendance.updated_at
        ),
    )


def _capacity_of(seat: Membership) -> str:
    return {
        Membership.Role.SUBSTITUTE: Attendance.Capacity.SUBSTITUTE,
        Membership.Role.SECRETARY: Attendance.Capacity.SECRETARY,
    }.get(Membership.Role(seat.role), Attendance.Capacity.MEMBER)


def roll_call_version(meeting: Meeting, recorded: list[Attendance] | None = None) -> str:
    """A fingerprint of the meeting's recorded attendance: the roll call screen carries it, and
    saving is refused when it changed meanwhile (someone else saved). `recorded`: the meeting's
    attendance rows as just read (roll_call_rows has them all), instead of reading them again."""
    rows = (
        sorted(recorded, key=lambda a: a.pk)
        if recorded is not None
        else Attendance.objects.filter(meeting=meeting).order_by("pk")
    )
    state = [
        [a.pk, a.person_id, a.capacity, a.status, a.replaced_by_id, a.party, a.represents, a.description] for a in rows
    ]
    return hashlib.sha256(json.dumps(state, default=str).encode()).hexdigest()[:32]


@transaction.atomic
def roll_call_save(
    *,
    actor: Any,
    meeting: Meeting,
    version: str,
    rows: list[dict[str, Any]],
    added: list[dict[str, Any]] | None = None,
    source: str = "web",
) -> int:
    """Save the whole roll call at once: each row (`person`, `capacity`, `status`,
    `replaced_by`, `party`, `represents`, `description`) recorded or corrected, and the added
    officials and guests (`person`, or `new_person_name`, with `capacity` and `description`).
    All or nothing, each change audited as `attendance_record` does. Refused (ConcurrentEdit)
    when someone saved the roll call since `version` was read. Returns the rows changed or added."""
    Meeting.objects.select_for_update().get(pk=meeting.pk)  # one saver at a time
    _ensure_editable(meeting)
    if (saved := roll_call_version(meeting)) != version:
        raise ConcurrentEdit(
            _(
                "Someone else saved the roll call while you were filling it in. Nothing was saved; "
                "what you chose is still in the form. Check the rows and save again."
            ),
            current=saved,
        )
    problems = []
    people = {row["person"].pk for row in rows}
    added = added or []
    for entry in added:
        person = entry.get("person")
        if person is not None and person.pk in people:
            problems.append(_("%(name)s is already in the roll call.") % {"name": person.name})
    for row in rows:
        if row["status"] == Attendance.Status.REPLACED and row.get("replaced_by") is None:
            problems.append(_("Say who replaced %(name)s.") % {"name": row["person"].name})
        if row.get("replaced_by") is not None and row["replaced_by"].pk == row["person"].pk:
            problems.append(_("%(name)s cannot replace themselves.") % {"name": row["person"].name})
    if problems:
        raise ValidationError(problems, code="invalid")
    known = {a.person_id: a for a in Attendance.objects.filter(meeting=meeting)}
    changed = 0
    for row in rows:
        fields = {k: v for k, v in row.items() if k != "person"}
        if fields["status"] != Attendance.Status.REPLACED:
            fields["replaced_by"] = None
        existing = known.get(row["person"].pk)
        if existing is not None and all(
            getattr(existing, f"{k}_id" if k == "replaced_by" else k)
            == (v.pk if k == "replaced_by" and v is not None else v)
            for k, v in fields.items()
        ):
            continue
        attendance_record(actor=actor, meeting=meeting, person=row["person"], source=source, **fields)
        changed += 1
    for entry in added:
        person = entry.get("person")
        if person is None:
            person = structure_services.person_create_from_name(
                actor=actor, name=entry["new_person_name"], source=source
            )
        attendance_record(
            actor=actor,
            meeting=meeting,
            person=person,
            capacity=entry["capacity"],
            description=entry.get("description", ""),
            source=source,
        )
        changed += 1
    return changed


# --- Minutes ---------------------------------------------------------------------------------


def minutes_for(meeting: Meeting) -> Minutes:
    minutes, _created = Minutes.objects.get_or_create(meeting=meeting)
    return minutes


def next_paragraph(meeting: Meeting) -> int:
    """The number the meeting's first paragraph gets: 1, or with continuous numbering the next
    after the body's earlier meetings that calendar year."""
    if settings_for(meeting.body).numbering == MeetingSettings.Numbering.PER_MEETING:
        return 1
    year = timezone.localtime(meeting.start).year
    earlier = AgendaItem.objects.filter(
        meeting__body=meeting.body,
        meeting__start__year=year,
        meeting__start__lt=meeting.start,
        paragraph__isnull=False,
    ).aggregate(last=Max("paragraph"))["last"]
    return (earlier or 0) + 1


def _assign_paragraphs(meeting: Meeting, first: int | None = None) -> None:
    items = list(AgendaItem.objects.select_for_update().filter(meeting=meeting).order_by("position"))
    if first is not None:
        for offset, item in enumerate(items):
            AgendaItem.objects.filter(pk=item.pk).update(paragraph=first + offset)
        return
    settings = settings_for(meeting.body)
    first = 1
    if settings.numbering == MeetingSettings.Numbering.PER_YEAR:
        year = timezone.localtime(meeting.start).year
        earlier = AgendaItem.objects.filter(
            meeting__body=meeting.body,
            meeting__start__year=year,
            meeting__start__lt=meeting.start,
            paragraph__isnull=False,
        ).aggregate(last=Max("paragraph"))["last"]
        first = (earlier or 0) + 1
    for offset, item in enumerate(items):
        AgendaItem.objects.filter(pk=item.pk).update(paragraph=first + offset)


def _refuse_missing_decisions(meeting: Meeting, first: int) -> None:
    """Minutes are not drawn up (sent for adjustment, or published as notes) while a decision or
    position item has no decision: refused, naming each by the paragraph it would get and its
    title. Information and procedural items need none."""
    items = AgendaItem.objects.filter(meeting=meeting).order_by("position")
    missing = [f"§ {first + offset} {item.title}" for offset, item in enumerate(items) if item.lacks_decision]
    if missing:
        raise ValidationError(
            _("These items have no decision yet: %(items)s. Write the decision on each before drawing up the minutes.")
            % {"items": "; ".join(missing)},
            code="no_decision",
        )


@transaction.atomic
def minutes_draw_up(
    *,
    actor: Any,
    meeting: Meeting,
    adjusters: list[Person],
    secretary: Person | None = None,
    first_paragraph: int | None = None,
    source: str = "web",
) -> Minutes:
    """Draw up the minutes: number the paragraphs, name the adjusters, open the adjustment
    window, and enqueue the e-mail of each adjuster's personal link. From now on the content is
    locked. `first_paragraph` overrides the computed first number (minutes of a year whose
    earlier meetings are not in the system). A body that keeps meeting notes without adjustment
    has them published at once."""
    minutes = Minutes.objects.select_for_update().get(pk=minutes_for(meeting).pk)
    if minutes.status != Minutes.Status.DRAFT:
        raise MinutesLocked(_("These minutes are already drawn up."), code="locked")
    if meeting.start > timezone.now():
        raise ValidationError(_("Minutes can be drawn up once the meeting has begun."), code="too_early")
    if first_paragraph is not None and first_paragraph < next_paragraph(meeting):
        raise ValidationError(
            _("Paragraphs up to § %(last)s are already used by the body's earlier meetings this year.")
            % {"last": next_paragraph(meeting) - 1},
            code="paragraph_taken",
        )
    requires_adjustment = settings_for(meeting.body).requires_adjustment
    if requires_adjustment and not adjusters:
        raise ValidationError(_("Choose at least one adjuster."), code="no_adjuster")
    _refuse_missing_decisions(meeting, first_paragraph if first_paragraph is not None else next_paragraph(meeting))
    _assign_paragraphs(meeting, first_paragraph)
    if not requires_adjustment:
        update_instance(minutes, {"drawn_up_at": timezone.now(), "secretary": secretary}, actor=actor, source=source)
        if meeting.status != Meeting.Status.HELD:
            meeting_update(actor=actor, meeting=meeting, status=Meeting.Status.HELD, source=source)
        _freeze(minutes, actor=actor, source=source)
        return minutes
    # Exactly the adjusters chosen now (a reopened draft may have had others).
    before = sorted(a.person.name for a in minutes.adjusters.select_related("person"))
    Adjuster.objects.filter(minutes=minutes).exclude(person__in=adjusters).delete()
    for person in adjusters:
        Adjuster.objects.get_or_create(minutes=minutes, person=person)
    after = sorted(p.name for p in adjusters)
    if before != after:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            target=minutes,
            changes={"adjusters": (before, after)},
            source=source,
        )
    deadline = timezone.localdate() + datetime.timedelta(days=settings_for(meeting.body).adjustment_days)
    update_instance(
        minutes,
        {
            "status": Minutes.Status.AWAITING_ADJUSTMENT,
            "drawn_up_at": timezone.now(),
            "adjustment_deadline": deadline,
            "secretary": secretary,
        },
        actor=actor,
        source=source,
    )
    if meeting.status != Meeting.Status.HELD:
        meeting_update(actor=actor, meeting=meeting, status=Meeting.Status.HELD, source=source)
    from samverkan.meetings import tasks

    tasks.send_adjustment_links.enqueue(minutes.pk)
    return minutes


@transaction.atomic
def minutes_reopen(*, actor: Any, minutes: Minutes, source: str = "web") -> Changes:
    """Take drawn-up minutes back to draft (before adjustment): confirmations are cleared."""
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if minutes.status != Minutes.Status.AWAITING_ADJUSTMENT:
        raise MinutesLocked(_("Only minutes awaiting adjustment can be reopened."), code="locked")
    # Drawn up again, the minutes go to the adjusters again, with new links: the old ones are revoked.
    Adjuster.objects.filter(minutes=minutes).update(
        confirmed_at=None, confirmed_via="", link_sent_at=None, link_sent_to=""
    )
    Minutes.objects.filter(pk=minutes.pk).update(links_version=F("links_version") + 1)
    minutes.links_version += 1
    return update_instance(minutes, {"status": Minutes.Status.DRAFT}, actor=actor, source=source)


def keeps_notes(minutes: Minutes) -> bool:
    """Meeting notes (mötesanteckningar) rather than minutes to adjust: frozen without
    adjusters, or, before that, of a body whose minutes are not adjusted."""
    if minutes.content:
        return not minutes.content.get("adjusters")
    return not settings_for(minutes.meeting.body).requires_adjustment


def snapshot(minutes: Minutes) -> dict[str, Any]:
    """The minutes as a plain document: what adjusters confirm and what is frozen."""
    meeting = minutes.meeting
    items = AgendaItem.objects.filter(meeting=meeting).order_by("position").prefetch_related("attachments")
    attendances = (
        Attendance.objects.filter(meeting=meeting)
        .select_related("person", "replaced_by")
        .prefetch_related("items", "chair_items")
        .order_by(*Attendance.roll_order())
    )
    return minutes_content(
        meeting,
        items,
        attendances,
        adjusters=[a.person.name for a in minutes.adjusters.select_related("person")],
        secretary=minutes.secretary,
        papers=lambda item: [{"title": a.title, "sha256": a.sha256} for a in item.attachments.all()],
        present_for=lambda row: row.items.all(),
        chaired=lambda row: row.chair_items.all(),
    )


def _none(_row: Attendance) -> Iterable[AgendaItem]:
    return ()


def minutes_content(
    meeting: Meeting,
    items: Iterable[AgendaItem],
    attendance: Iterable[Attendance],
    *,
    adjusters: Sequence[str],
    secretary: Person | None,
    papers: Callable[[AgendaItem], Iterable[dict[str, str]]],
    present_for: Callable[[Attendance], Iterable[AgendaItem]] = _none,
    chaired: Callable[[Attendance], Iterable[AgendaItem]] = _none,
) -> dict[str, Any]:
    """The document `snapshot()` freezes, made of rows in hand: the items in agenda order and the
    attendance in the roll's order (capacity, then name); `papers(item)` gives an item's papers
    as {"title", "sha256"}, `present_for(row)` and `chaired(row)` the items a person was present
    for or chaired only (none: the whole meeting). The synthetic generator builds the minutes it
    writes with it, from rows not yet in the database."""
    return {
        "body": meeting.body.name,
        "start": timezone.localtime(meeting.start).isoformat(),
        "end": timezone.localtime(meeting.end).isoformat() if meeting.end else None,
        "time_decided": meeting.time_decided,
        "place": ", ".join(p for p in (meeting.location_name, meeting.address, meeting.room) if p),
        "online": meeting.online_url,
        "attendance": [
            {
                "person": a.person.name,
                "capacity": a.capacity,
                "status": a.status,
                "replaced_by": a.replaced_by.name if a.replaced_by else None,
                "party": a.party,
                "represents": a.represents,
                "description": a.description,
                "paragraphs": sorted(i.paragraph for i in present if i.paragraph),
                "positions": sorted(i.position for i in present),
                "chairs": sorted(i.paragraph for i in chairs if i.paragraph),
                "chair_positions": sorted(i.position for i in chairs),
            }
            for a in attendance
            for present, chairs in [(list(present_for(a)), list(chaired(a)))]
        ],
        "items": [
            {
                "paragraph": i.paragraph,
                "position": i.position,
                "title": i.title,
                "kind": i.kind,
                "presenters": i.presenters,
                "notes": i.notes,
                "decision": i.decision,
                "clauses": list(i.clauses),
                "confidential": i.confidential,
                "matter": i.matter.reference if i.matter_id and i.matter else None,
                "attachments": list(papers(i)),
            }
            for i in items
        ],
        "adjusters": list(adjusters),
        "secretary": secretary.name if secretary else None,
    }


def public_content(content: dict[str, Any]) -> dict[str, Any]:
    """Frozen minutes as the public may read them: no confidential paragraph, and no trace of
    one in the attendance (people present only for confidential paragraphs are left out)."""
    hidden = {i["paragraph"] for i in content.get("items", []) if i.get("confidential")}
    hidden_positions = {i["position"] for i in content.get("items", []) if i.get("confidential")}
    attendance = []
    for row in content.get("attendance", []):
        paragraphs = [p for p in row.get("paragraphs", []) if p not in hidden]
        if row.get("paragraphs") and not paragraphs:
            continue  # present only for confidential paragraphs
        attendance.append(
            row
            | {
                "paragraphs": paragraphs,
                "positions": [p for p in row.get("positions", []) if p not in hidden_positions],
                "chairs": [p for p in row.get("chairs", []) if p not in hidden],
                "chair_positions": [p for p in row.get("chair_positions", []) if p not in hidden_positions],
            }
        )
    return content | {
        "items": [i for i in content.get("items", []) if not i.get("confidential")],
        "attendance": attendance,
    }


def content_hash(content: dict[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def minutes_verify(minutes: Minutes) -> bool:
    """True if the frozen content is still exactly what was adjusted."""
    return bool(minutes.content_hash) and content_hash(minutes.content) == minutes.content_hash


@transaction.atomic
def adjustment_confirm(*, actor: Any, minutes: Minutes, person: Person, via: str, source: str = "web") -> bool:
    """An adjuster confirms the minutes. When the last one does, the minutes are frozen and
    published. Returns True when this confirmation completed the adjustment."""
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if minutes.status != Minutes.Status.AWAITING_ADJUSTMENT:
        raise ValidationError(_("These minutes are not awaiting adjustment."), code="not_awaiting")
    if minutes.adjustment_deadline and timezone.localdate() > minutes.adjustment_deadline:
        raise ValidationError(
            _("The time to adjust these minutes ended on %(date)s; ask the secretary.")
            % {"date": minutes.adjustment_deadline.isoformat()},
            code="deadline",
        )
    adjuster = Adjuster.objects.select_for_update().filter(minutes=minutes, person=person).first()
    if adjuster is None:
        raise ValidationError(_("You are not an adjuster of these minutes."), code="not_adjuster")
    if adjuster.confirmed_at is None:
        update_instance(adjuster, {"confirmed_at": timezone.now(), "confirmed_via": via}, actor=actor, source=source)
    if Adjuster.objects.filter(minutes=minutes, confirmed_at__isnull=True).exists():
        return False
    _freeze(minutes, actor=actor, source=source)
    return True


def _freeze(minutes: Minutes, *, actor: Any, source: str) -> None:
    """Keep the minutes as they are now, with their hash, and publish them."""
    content = snapshot(minutes)
    now = timezone.now()
    values: dict[str, Any] = {
        "status": Minutes.Status.ADJUSTED,
        "adjusted_at": now,
        "published_at": now,
        "content": content,
        "content_hash": content_hash(content),
    }
    if settings_for(minutes.meeting.body).posts_adjustment_notice:
        posted = timezone.localdate()
        values |= {"posted_on": posted, "appeal_ends": posted + APPEAL_PERIOD}
    update_instance(minutes, values, actor=actor, source=source)


@transaction.atomic
def minutes_adjusted_on_set(
    *, actor: Any, minutes: Minutes, adjusted_on: datetime.date | None, source: str = "web"
) -> Changes:
    """For minutes adjusted on paper before they came into the system (the demo, an import):
    the day the document gives, or None when it gives none (the pages then say the date is not
    known), instead of the day they were entered. Audited."""
    if minutes.status != Minutes.Status.ADJUSTED:
        raise ValidationError(_("Only adjusted minutes have a date of adjustment."), code="not_adjusted")
    at = (
        timezone.make_aware(datetime.datetime.combine(adjusted_on, datetime.time(12)))
        if adjusted_on is not None
        else None
    )
    return update_instance(minutes, {"adjusted_at": at}, actor=actor, source=source)


@transaction.atomic
def correction_add(
    *, actor: Any, minutes: Minutes, text: str, paragraph: int | None = None, source: str = "web"
) -> Correction:
    """Correct adjusted minutes: a visible record beside them; the minutes stay as adjusted."""
    if minutes.status != Minutes.Status.ADJUSTED:
        raise ValidationError(_("Only adjusted minutes are corrected; edit the draft instead."), code="not_adjusted")
    correction: Correction = create_instance(
        Correction,
        {"minutes": minutes, "paragraph": paragraph, "text": text, "made_by": actor},
        actor=actor,
        source=source,
    )
    return correction
