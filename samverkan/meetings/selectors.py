"""Reads of meetings, with the visibility rules in one place: drafts and confidential items
never reach the public. The pages read through these (never the ORM themselves): a selector
for one thing the user may not see returns None, and the view answers 404.

A page about one meeting gets the meeting from `permissions.MEETING` (the object its policy
already fetched, so no second query) and passes it here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Exists, OuterRef, Prefetch, Q, QuerySet, Value, When, prefetch_related_objects
from django.utils import timezone

from samverkan.core.access import is_administrator
from samverkan.core.choosing import Found, Option, any_case
from samverkan.documents.models import Reading
from samverkan.meetings import services
from samverkan.meetings.absence_checks import present_before_report, reported_after_present
from samverkan.meetings.models import (
    Absence,
    Adjuster,
    AgendaItem,
    Attachment,
    Attendance,
    Correction,
    Matter,
    Meeting,
    Minutes,
)
from samverkan.meetings.services import public_content
from samverkan.structure.models import Body, Person
from samverkan.structure.roles import is_member_of, is_secretary_of


def sees_confidential(user: Any, meeting: Meeting) -> bool:
    """Who sees a meeting's confidential items and their papers, its reported absences and the
    members' version of its notice: the body's current members and secretaries, and
    administrators."""
    return is_member_of(user, meeting.body)


def public_items() -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(confidential=False).order_by("position")


def meetings_of_body(body_id: int) -> QuerySet[Meeting]:
    # Not the minutes' frozen content: a list of meetings shows whether minutes are out, and
    # reading every snapshot back from JSON cost more than the rest of the page.
    return (
        Meeting.objects.filter(body_id=body_id)
        .select_related("body", "minutes")
        .defer("minutes__content")
        .order_by("start")
    )


def _agenda(*, public: bool) -> Prefetch[Any]:
    """The items in order (the public ones only, for the public) with their matters and papers."""
    items = public_items() if public else AgendaItem.objects.order_by("position")
    return Prefetch(
        "items",
        queryset=items.select_related("matter").prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.order_by("pk"))
        ),
    )


def meeting_with_agenda(pk: int, *, public: bool) -> Meeting:
    return Meeting.objects.select_related("body").prefetch_related(_agenda(public=public)).get(pk=pk)


def agenda_of(meeting: Meeting, *, public: bool) -> list[AgendaItem]:
    """The agenda of a meeting already loaded (two queries: items with matters, papers)."""
    prefetch_related_objects([meeting], _agenda(public=public))
    return list(meeting.items.all())


def minutes_of(meeting: Meeting) -> Minutes | None:
    """The meeting's minutes in any state (for the meeting's own pages), or None."""
    return Minutes.objects.filter(meeting=meeting).first()


def drawn_up(minutes: Minutes | None) -> bool:
    """Once the minutes are drawn up (no longer a draft) the agenda and the roll call are locked."""
    return minutes is not None and minutes.status != Minutes.Status.DRAFT


def minutes_drawn_up(meeting: Meeting) -> bool:
    """`drawn_up` asked of the database alone (one query, without reading the minutes)."""
    return Minutes.objects.filter(meeting=meeting).exclude(status=Minutes.Status.DRAFT).exists()


@dataclass
class MeetingPage:
    """A meeting as the user may see it: its agenda (confidential items only to insiders), its
    minutes, and what the user has to do there."""

    meeting: Meeting
    items: list[AgendaItem]
    minutes: Minutes | None
    insider: bool  # sees confidential items (sees_confidential)
    secretary: bool
    my_absence: Absence | None
    is_adjuster: bool  # named to adjust the minutes and not yet confirmed

    @property
    def published(self) -> bool:
        return self.minutes is not None and self.minutes.is_published


def meeting_page(user: Any, meeting: Meeting) -> MeetingPage:
    """The meeting's page for the user: the roles (one or two queries), the agenda (two), the
    minutes (one), and for a user linked to a person their absence and adjustment (two)."""
    insider = sees_confidential(user, meeting)
    minutes = minutes_of(meeting)
    person = getattr(user, "person", None) if user.is_authenticated else None
    return MeetingPage(
        meeting=meeting,
        items=agenda_of(meeting, public=not insider),
        minutes=minutes,
        insider=insider,
        secretary=insider and is_secretary_of(user, meeting.body),  # a secretary is an insider
        my_absence=Absence.objects.filter(meeting=meeting, person=person).first() if person else None,
        is_adjuster=bool(
            person
            and minutes
            and Adjuster.objects.filter(minutes=minutes, person=person, confirmed_at__isnull=True).exists()
        ),
    )


def next_and_last_meetings(body: Any, shown: int = 5) -> tuple[list[Meeting], list[Meeting]]:
    """The body's next `shown` meetings and its last `shown` (newest first), with whether their
    minutes are out (not the minutes' frozen content): two queries."""
    now = timezone.now()
    # Only what the summary shows (a date, a status, whether minutes are out): the meeting's and
    # the minutes' other columns, the frozen content above all, cost more than the two queries.
    meetings = (
        Meeting.objects.filter(body=body)
        .select_related("minutes")
        .only("body_id", "start", "status", "minutes__meeting", "minutes__status", "minutes__published_at")
    )
    return (
        list(meetings.filter(start__gte=now).order_by("start")[:shown]),
        list(meetings.filter(start__lt=now).order_by("-start")[:shown]),
    )


def public_attendances_of(person: Person, shown: int = 50) -> list[tuple[int, str, datetime.datetime, str]]:
    """Meetings the person attended, newest first, from published minutes only, as plain rows
    (meeting id, body name, start, attendance status). Like the public minutes
    (services.public_content), it leaves out a meeting where the person was present only for
    confidential items. One query."""
    only_for = Attendance.items.through.objects.filter(attendance_id=OuterRef("pk"))
    return list(
        Attendance.objects.filter(
            person=person,
            meeting__minutes__status=Minutes.Status.ADJUSTED,
            meeting__minutes__published_at__isnull=False,
        )
        .filter(~Exists(only_for) | Exists(only_for.filter(agendaitem__confidential=False)))
        .order_by("-meeting__start")
        .values_list("meeting_id", "meeting__body__name", "meeting__start", "status")[:shown]
    )


def published_minutes() -> QuerySet[Minutes]:
    return Minutes.objects.filter(status=Minutes.Status.ADJUSTED, published_at__isnull=False).select_related(
        "meeting__body"
    )


def published_minutes_of(meeting_pk: int) -> Minutes | None:
    """The meeting's minutes if they are published (adjusted and out), else None."""
    return published_minutes().filter(meeting_id=meeting_pk).first()


def posted_minutes_of(meeting_pk: int) -> Minutes | None:
    """Published minutes whose adjustment was posted on the notice board (anslag), else None."""
    return published_minutes().filter(meeting_id=meeting_pk, posted_on__isnull=False).first()


@dataclass
class PublicMinutes:
    """Published minutes as the public reads them: the frozen content without confidential
    paragraphs (services.public_content), and the corrections of the paragraphs shown."""

    minutes: Minutes
    content: dict[str, Any]
    corrections: list[Correction]


def public_minutes(meeting_pk: int) -> PublicMinutes | None:
    """The meeting's published minutes for the public (two queries), None when not published."""
    minutes = published_minutes_of(meeting_pk)
    if minutes is None:
        return None
    # A correction of a confidential paragraph is as confidential as the paragraph.
    hidden = {i.get("paragraph") for i in minutes.content.get("items", []) if i.get("confidential")}
    return PublicMinutes(
        minutes=minutes,
        content=public_content(minutes.content),
        corrections=[c for c in minutes.corrections.order_by("created_at") if c.paragraph not in hidden],
    )


def corrections_of(minutes: Minutes) -> list[Correction]:
    """Every correction of the minutes, oldest first (the secretary's page)."""
    return list(minutes.corrections.order_by("created_at"))


def adjusters_of(minutes: Minutes) -> list[Adjuster]:
    return list(minutes.adjusters.select_related("person__user"))


def adjuster_of(minutes: Minutes, person: Person) -> Adjuster | None:
    return Adjuster.objects.filter(minutes=minutes, person=person).first()


def adjustable_minutes(meeting_pk: int) -> Minutes | None:
    """The meeting's minutes with the meeting and its body, for an adjuster's page."""
    return Minutes.objects.select_related("meeting__body").filter(meeting_id=meeting_pk).first()


def attachment_for(user: Any, meeting_pk: int, attachment_pk: int) -> Attachment | None:
    """A paper of the meeting that the user may read: one that has been read (a paper being read
    or refused is served to nobody), of a public item, or of a confidential one for insiders."""
    paper = (
        Attachment.objects.select_related("item__meeting__body")
        .filter(pk=attachment_pk, item__meeting_id=meeting_pk, reading=Reading.READ)
        .first()
    )
    if paper is None or (paper.item.confidential and not sees_confidential(user, paper.item.meeting)):
        return None
    return paper


def roll_call_people(rows: list[services.RollCallRow]) -> list[Person]:
    """Who the roll call's "replaced by" offers, by name: the people of its rows, and anyone a
    row is already replaced by who has no row (chosen on the person's own attendance page from
    the whole register), so that the roll call shows and keeps the replacement. One query, only
    when there is such a person."""
    people = {row.person.pk: row.person for row in rows}
    outside = {row.replaced_by_id for row in rows if row.replaced_by_id} - people.keys()
    if outside:
        people.update((p.pk, p) for p in Person.objects.filter(pk__in=outside))
    return sorted(people.values(), key=lambda p: p.name)


def public_matters() -> QuerySet[Matter]:
    """The matters the public may see: those with a public item. A matter gets its title from the
    item it was created on, so one dealt with only in confidential items (or in none yet) is not
    shown: its title could say what the confidentiality protects."""
    return Matter.objects.filter(Exists(public_items().filter(matter=OuterRef("pk"))))


def matter_page(pk: int) -> tuple[Matter, list[AgendaItem]] | None:
    """A matter and every public item that dealt with it, across bodies, by meeting date."""
    matter = (
        public_matters()
        .prefetch_related(
            Prefetch(
                "items",
                queryset=public_items().select_related("meeting__body").order_by("meeting__start"),
            )
        )
        .filter(pk=pk)
        .first()
    )
    return None if matter is None else (matter, list(matter.items.all()))


def item_of(meeting: Meeting, item_pk: int, *, papers: bool = False) -> AgendaItem | None:
    """An item of the meeting (with its papers, `papers`), its meeting the one given."""
    items = AgendaItem.objects.filter(meeting=meeting, pk=item_pk)
    item = (items.prefetch_related("attachments") if papers else items).first()
    if item is not None:
        item.meeting = meeting
    return item


def absence_of(meeting: Meeting, person: Person) -> Absence | None:
    return Absence.objects.filter(meeting=meeting, person=person).first()


def absences_of(meeting: Meeting) -> list[Absence]:
    """The meeting's reported absences with their people, each with `after_present`: the roll
    call had the person present before the report (absence_checks). One query."""
    return list(
        Absence.objects.filter(meeting=meeting).select_related("person").annotate(after_present=present_before_report())
    )


def people(pks: list[int]) -> QuerySet[Person]:
    """These people by name (the choices of a form)."""
    return Person.objects.filter(pk__in=pks).order_by("name")


def present_people(meeting: Meeting) -> QuerySet[Person]:
    """Those recorded present at the meeting, by name (whom the minutes may name)."""
    return Person.objects.filter(attendances__meeting=meeting, attendances__status=Attendance.Status.PRESENT).order_by(
        "name"
    )


def attendance_rows(meeting: Meeting) -> list[Attendance]:
    """The meeting's attendance with people, stand-ins and the items each was present for or
    chaired, each with `reported_absence_after`: the person reported absence after the row was
    recorded (absence_checks; counts only for a row present)."""
    return list(
        Attendance.objects.filter(meeting=meeting)
        .annotate(reported_absence_after=reported_after_present())
        .select_related("person", "replaced_by")
        .prefetch_related("items", "chair_items")
        .order_by(*Attendance.roll_order())
    )


def attendance_of(meeting: Meeting, attendance_pk: int) -> Attendance | None:
    """A row of the meeting's attendance with its person, its meeting the one given."""
    row = Attendance.objects.select_related("person").filter(meeting=meeting, pk=attendance_pk).first()
    if row is not None:
        row.meeting = meeting
    return row


class _Constant(Value):
    """A string constant written into the SQL instead of passed as a parameter. SQLite leaves out
    a condition that a partial index already guarantees only when it sees the constant; with a
    parameter it reads every row to test it again (counting the county's 43,000 decisions from
    item_public_decision_idx: 16 ms instead of 4)."""

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        if not isinstance(self.value, str) or "%" in self.value:
            raise ValueError("a plain string constant of ours only")
        return "'{}'".format(self.value.replace("'", "''")), []


# An item with a decision or decision clauses: item_public_decision_idx's condition (see
# AgendaItem.Meta), with its constants in the SQL.
WITH_DECISION = ~Q(decision=_Constant("")) | ~Q(clauses=_Constant("[]"))


def public_decisions(q: Q | None = None, *, to_count: bool = False) -> QuerySet[AgendaItem]:
    """Items of published minutes that are not confidential.

    Each item's minutes are looked up by its meeting (`EXISTS`), not joined: a list ordered by
    the meeting's start then walks the meetings' start index and stops at its page (SQLite
    otherwise reads every published meeting's items and sorts them). `to_count` matches the
    items against the list of published meetings (`IN`) instead, the cheaper way to count them
    all; both read the minutes from `minutes_published_idx`, never their frozen content."""
    published = Minutes.objects.filter(status=Minutes.Status.ADJUSTED, published_at__isnull=False)
    if to_count:
        qs = AgendaItem.objects.filter(confidential=False, meeting_id__in=published.values("meeting_id"))
    else:
        qs = AgendaItem.objects.filter(Exists(published.filter(meeting_id=OuterRef("meeting_id"))), confidential=False)
    return qs.filter(q) if q is not None else qs


PEOPLE_FOUND = 20
RECENT_GUESTS_DAYS = 2 * 365


def people_to_add(meeting: Meeting, find: str = "", keep: list[int] | None = None) -> list[tuple[int, str]]:
    """(pk, name) of whom the roll call and the attendance page offer to add to a meeting: those
    who hold or held a seat in its body, those recorded at the body's meetings of the last two
    years as official, secretary, stand-in or guest, and, when `find` is given, up to
    PEOPLE_FOUND more whose name contains it; `keep`, those already chosen in a form shown again.
    Not everyone in the register (a thousand people in a county): one query, two with a search."""
    since = timezone.now() - datetime.timedelta(days=RECENT_GUESTS_DAYS)
    body_people = Person.objects.filter(memberships__body_id=meeting.body_id).values("pk")
    recent = Attendance.objects.filter(
        meeting__body_id=meeting.body_id,
        meeting__start__gte=since,
        capacity__in=[
            Attendance.Capacity.OFFICIAL,
            Attendance.Capacity.SECRETARY,
            Attendance.Capacity.STAND_IN,
            Attendance.Capacity.GUEST,
        ],
    ).values("person_id")
    found = dict(
        Person.objects.filter(Q(pk__in=body_people) | Q(pk__in=recent) | Q(pk__in=keep or []))
        .order_by("name", "pk")
        .values_list("pk", "name")
    )
    find = find.strip()
    if find:
        found.update(
            Person.objects.filter(any_case("name", "contains", find))
            .order_by("name", "pk")
            .values_list("pk", "name")[:PEOPLE_FOUND]
        )
    return sorted(found.items(), key=lambda row: (row[1], row[0]))


def conflicts_in_attendance(rows: list[Attendance]) -> list[str]:
    """The attendance page's warnings, from `attendance_rows` as read (no query): each person
    recorded present who reported absence afterwards."""
    return [
        services.absence_conflict_message(row.person.name)
        for row in rows
        if row.status == Attendance.Status.PRESENT and getattr(row, "reported_absence_after", False)
    ]


def conflicts_in_absences(absences: list[Absence]) -> list[str]:
    """The absence page's warnings, from `absences_of` as read (no query), by name."""
    return sorted(
        (services.absence_conflict_message(a.person.name) for a in absences if getattr(a, "after_present", False)),
    )


class MatterLookup:
    """The matters for a `core.choosing.SearchChoiceField` (an agenda item's matter): by
    reference number (the key), by a part of it or of the title, or by the label the field
    shows ("SAM 2019/00012 Bredband"). One query, however many matters.

    Found by text (suggestions, a part typed): the public matters (`public_matters`), and for a
    secretary also those of the items of their bodies' meetings and those no item deals with yet
    (registered ahead); all for an administrator (see `matters_for`). By its whole reference
    number (`get`) any matter: the agenda form is the secretaries' and the number is known to
    whoever types it."""

    def __init__(self, also: Q | None = None, *, unused: bool = False, every: bool = False) -> None:
        self.also = also
        self.unused = unused
        self.every = every

    def _visible(self) -> QuerySet[Matter]:
        if self.every:
            return Matter.objects.all()
        shown = Q(Exists(public_items().filter(matter=OuterRef("pk"))))
        if self.also is not None:
            shown |= Q(Exists(AgendaItem.objects.filter(self.also, matter=OuterRef("pk"))))
        if self.unused:
            shown |= ~Q(Exists(AgendaItem.objects.filter(matter=OuterRef("pk"))))
        return Matter.objects.filter(shown)

    @staticmethod
    def option(reference: str, title: str) -> Option:
        return Option(reference, f"{reference} {title}")

    def get(self, key: str) -> Option | None:
        row = Matter.objects.filter(reference=key).values_list("reference", "title").first()
        return self.option(*row) if row else None

    def find(self, text: str, limit: int) -> Found:
        text = text.strip()
        if not text:
            return Found([], False)
        words = text.split()
        # A label starts with the reference number, which may hold spaces ("SAM 2019/00012").
        references = [" ".join(words[:n]) for n in range(1, min(len(words), 4) + 1)]
        matches = (
            any_case("reference", "contains", text) | any_case("title", "contains", text) | Q(reference__in=references)
        )
        rank = Case(
            When(any_case("reference", "exact", text), then=Value(0)),
            When(reference__in=references, then=Value(1)),
            When(any_case("reference", "startswith", text), then=Value(2)),
            default=Value(3),
        )
        rows = list(
            self._visible()
            .filter(matches)
            .annotate(rank=rank)
            .order_by("rank", "-reference")
            .values_list("reference", "title")[: limit + 1]
        )
        return Found([self.option(*row) for row in rows[:limit]], len(rows) > limit)


MATTERS = MatterLookup()  # by text, the public matters only


def matters_for(user: Any) -> MatterLookup:
    """The matters `user` may find by text: an administrator every one; a secretary (of any body)
    also those of the items of their bodies' meetings and those no item deals with yet; anyone
    else the public ones."""
    if is_administrator(user):
        return MatterLookup(every=True)
    if getattr(user, "is_authenticated", False) and Body.secretaries.through.objects.filter(user=user).exists():
        return MatterLookup(Q(meeting__body__secretaries=user), unused=True)
    return MATTERS
