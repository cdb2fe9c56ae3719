"""Meetings of a body: the year's plan, agendas and papers, absences, attendance, minutes,
adjustment and publication. Matters (ärenden) travel across bodies through agenda items."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.core.models import TimeStampedModel
from samverkan.core.paths import fast_reverse
from samverkan.documents.models import Readable
from samverkan.structure.models import Body, Person

STANDARD_PROCEDURAL_ITEMS = [
    {"kind": "opening", "title": "Mötet öppnas"},
    {"kind": "adjuster", "title": "Val av justerare"},
    {"kind": "agenda", "title": "Godkännande av dagordningen"},
    {"kind": "previous_minutes", "title": "Föregående protokoll"},
    {"kind": "other_business", "title": "Övriga frågor"},
    {"kind": "closing", "title": "Mötet avslutas"},
]


# The roles as Swedish attendee lists state them (the importer's keys, kept in an attendance's
# title), by their names in the interface's language.
STATED_ROLES = {
    "ordförande": _("chair"),
    "vice ordförande": _("vice chair"),
    "ledamot": _("member"),
    "ersättare": _("substitute"),
    "sekreterare": _("secretary"),
    "tjänsteperson": _("official"),
    "övrig": _("other (guest)"),
}


class MeetingSettings(TimeStampedModel):
    """How a body keeps its minutes."""

    class Numbering(models.TextChoices):
        PER_YEAR = "per_year", _("continuous per calendar year (§ 31–37)")
        PER_MEETING = "per_meeting", _("from 1 at every meeting")

    body = models.OneToOneField(Body, on_delete=models.CASCADE, related_name="meeting_settings")
    numbering = models.CharField(
        _("paragraph numbering"), max_length=20, choices=Numbering.choices, default=Numbering.PER_YEAR
    )
    adjustment_days = models.PositiveSmallIntegerField(_("days to adjust the minutes"), default=14)
    posts_adjustment_notice = models.BooleanField(
        _("posts a notice of adjustment"),
        default=False,
        help_text=_("Bodies whose decisions can be appealed post the adjusted minutes on the notice board."),
    )
    procedural_template = models.JSONField(_("procedural items"), default=list, blank=True)
    requires_adjustment = models.BooleanField(
        _("minutes are adjusted"),
        default=True,
        help_text=_("Off for bodies that keep meeting notes: they are published when drawn up."),
    )

    class Meta:
        verbose_name = _("meeting settings")
        verbose_name_plural = _("meeting settings")

    def __str__(self) -> str:
        return str(self.body)

    def template_items(self) -> list[dict[str, str]]:
        return self.procedural_template or STANDARD_PROCEDURAL_ITEMS


class Meeting(TimeStampedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        PRELIMINARILY_CANCELLED = "prel_cancelled", _("preliminarily cancelled")
        CANCELLED = "cancelled", _("cancelled")
        HELD = "held", _("held")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="meetings")
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"), null=True, blank=True)
    time_decided = models.BooleanField(
        _("time decided"), default=True, help_text=_("Off while only the date is set; calendars then show a whole day.")
    )
    location_name = models.CharField(_("place"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    online_url = models.URLField(_("link to the online meeting"), blank=True)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    sequence = models.PositiveIntegerField(
        default=0, help_text="iCalendar SEQUENCE: raised whenever time, place or status changes."
    )
    notice_sent_at = models.DateTimeField(_("notice sent"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking (core.editing)

    class Meta:
        ordering = ["start"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        # (start): lists across bodies newest first (the API's decisions and meetings, OParl)
        # walk it backwards and stop at the page instead of sorting every meeting.
        indexes = [models.Index(fields=["body", "start"]), models.Index(fields=["start"], name="meeting_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=models.F("start")), name="meeting_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.body} {timezone.localtime(self.start):%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return fast_reverse("meetings:meeting_detail", pk=self.pk)

    @property
    def is_planned(self) -> bool:
        """Neither held nor (preliminarily) cancelled."""
        return self.status == self.Status.PLANNED

    @property
    def takes_a_notice(self) -> bool:
        """Whether a notice can still be sent: not cancelled, not held, not begun (the rule
        `notices.notice_check` applies, saying why not)."""
        return self.status not in (self.Status.CANCELLED, self.Status.HELD) and self.start > timezone.now()

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and not (self.location_name or self.address or self.room)


class Matter(TimeStampedModel):
    """An ärende: a case that may pass through several bodies, with its reference number."""

    reference = models.CharField(_("reference number"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["reference"]
        verbose_name = _("matter")
        verbose_name_plural = _("matters")

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return fast_reverse("meetings:matter_detail", pk=self.pk)


class AgendaItem(TimeStampedModel):
    class Kind(models.TextChoices):
        INFORMATION = "information", _("information")
        DECISION = "decision", _("decision")
        POSITION = "position", _("position")
        OPENING = "opening", _("opening")
        ADJUSTER = "adjuster", _("choice of adjuster")
        AGENDA = "agenda", _("approval of the agenda")
        PREVIOUS_MINUTES = "previous_minutes", _("previous minutes")
        OTHER_BUSINESS = "other_business", _("other business")
        CLOSING = "closing", _("closing")

    PROCEDURAL = {Kind.OPENING, Kind.ADJUSTER, Kind.AGENDA, Kind.PREVIOUS_MINUTES, Kind.OTHER_BUSINESS, Kind.CLOSING}
    # The kinds whose paragraph records a decision (a position is decided too); information and
    # procedural items may have none.
    TAKES_DECISION = {Kind.DECISION, Kind.POSITION}

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("number on the agenda"))
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.INFORMATION)
    presenters = models.CharField(_("presenters"), max_length=300, blank=True)
    proposal = models.TextField(_("proposed decision"), blank=True)
    matter = models.ForeignKey(
        Matter, verbose_name=_("matter"), null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    confidential = models.BooleanField(
        _("confidential"), default=False, help_text=_("Never shown on public pages, feeds or the API.")
    )
    notes = models.TextField(_("notes"), blank=True)
    decision = models.TextField(_("decision"), blank=True)
    clauses = models.JSONField(_("decision clauses"), default=list, blank=True)
    paragraph = models.PositiveIntegerField(_("paragraph"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        # The public decisions (meetings.selectors.public_decisions, the API's /decisions): counted
        # and paged from this small index instead of reading every item.
        indexes = [
            models.Index(
                fields=["meeting"],
                name="item_public_decision_idx",
                condition=Q(confidential=False) & (~Q(decision="") | ~Q(clauses=[])),
            )
        ]
        constraints = [models.UniqueConstraint(fields=["meeting", "position"], name="item_position_unique")]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    @property
    def label(self) -> str:
        return f"§ {self.paragraph}" if self.paragraph else f"{self.position}."

    @property
    def is_procedural(self) -> bool:
        """Opening, adjusters, agenda, previous minutes, other business, closing: an item whose
        title already says its type ("Mötet öppnas (öppnande)" says it twice)."""
        return self.kind in self.PROCEDURAL

    @property
    def lacks_decision(self) -> bool:
        """A decision or position item with neither a decision text nor decision clauses."""
        return (
            self.kind in self.TAKES_DECISION
            and not self.decision.strip()
            and not any(str(c).strip() for c in self.clauses or [])
        )


class Attachment(TimeStampedModel, Readable):
    """A paper attached to an item (bilaga), kept with its extracted text."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="attachments/%Y/")
    original_name = models.CharField(max_length=300)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["item", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title


class Absence(TimeStampedModel):
    """Absence reported in advance (förhinder)."""

    class Via(models.TextChoices):
        LINK = "link", _("link in the notice")
        LOGIN = "login", _("logged in")
        SECRETARY = "secretary", _("the secretary")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="absences")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="absences")
    via = models.CharField(max_length=20, choices=Via.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # When the secretaries were mailed that the roll call had the person present before this
    # report (meetings.mail.absence_conflict_send): claimed before sending, so one report is
    # mailed once however often the task runs.
    conflict_mailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["meeting", "person__name"]
        verbose_name = _("notified absence")
        verbose_name_plural = _("notified absences")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="absence_once")]

    def __str__(self) -> str:
        return f"{self.person} – {self.meeting}"


class Attendance(TimeStampedModel):
    """Who was at the meeting, and how (the roll call)."""

    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        ABSENT = "absent", _("absent")
        NOTIFIED = "notified", _("absence notified")
        REPLACED = "replaced", _("replaced")

    class Capacity(models.TextChoices):
        MEMBER = "member", _("member")
        SUBSTITUTE = "substitute", _("substitute")
        STAND_IN = "stand_in", _("stand-in")
        OFFICIAL = "official", _("official")
        SECRETARY = "secretary", _("secretary")
        GUEST = "guest", _("guest")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances")
    capacity = models.CharField(_("as"), max_length=20, choices=Capacity.choices, default=Capacity.MEMBER)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PRESENT)
    replaced_by = models.ForeignKey(
        Person, verbose_name=_("replaced by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    party = models.CharField(_("party"), max_length=20, blank=True)
    represents = models.CharField(_("represents"), max_length=200, blank=True)
    description = models.CharField(_("title"), max_length=200, blank=True)
    items = models.ManyToManyField(
        AgendaItem, verbose_name=_("present only for"), blank=True, related_name="partial_attendees"
    )
    chair_items = models.ManyToManyField(AgendaItem, verbose_name=_("chairs"), blank=True, related_name="chairs")

    class Meta:
        ordering = ["meeting", "capacity", "person__name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_status_display()})"

    @classmethod
    def roll_order(cls) -> list[Any]:
        """The roll's order for `order_by`: members, substitutes, stand-ins, officials, the
        secretary, guests (as `Capacity` lists them, not the codes' alphabetical order, which put
        guests first), then by name."""
        rank = models.Case(
            *(models.When(capacity=value, then=models.Value(i)) for i, value in enumerate(cls.Capacity.values)),
            default=models.Value(len(cls.Capacity.values)),
            output_field=models.IntegerField(),
        )
        return [rank, "person__name"]

    def roll_key(self) -> tuple[int, str]:
        """The same order for rows in hand."""
        values = self.Capacity.values
        return (values.index(self.capacity) if self.capacity in values else len(values), self.person.name)


class Minutes(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        AWAITING_ADJUSTMENT = "awaiting", _("awaiting adjustment")
        ADJUSTED = "adjusted", _("adjusted")

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    secretary = models.ForeignKey(
        Person,
        verbose_name=_("keeper of the minutes"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    drawn_up_at = models.DateTimeField(_("drawn up"), null=True, blank=True)
    adjustment_deadline = models.DateField(_("to be adjusted by"), null=True, blank=True)
    adjusted_at = models.DateTimeField(_("adjusted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    posted_on = models.DateField(_("posted on the notice board"), null=True, blank=True)
    appeal_ends = models.DateField(_("appeal period ends"), null=True, blank=True)
    content = models.JSONField(default=dict, blank=True, help_text="The frozen minutes, as adjusted.")
    content_hash = models.CharField(max_length=64, blank=True)
    # The version of the adjusters' links: raised when the minutes are reopened, so every link
    # sent before stops working, also for a person removed now and named again later.
    links_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        # Which meetings have published minutes (meetings.selectors.public_decisions, the feeds),
        # read from this small index: the rows themselves carry the frozen content, and SQLite
        # reads a row's overflow pages up to `meeting_id`, which comes after it.
        indexes = [models.Index(fields=["meeting", "status", "published_at"], name="minutes_published_idx")]

    def __str__(self) -> str:
        return f"{_('Minutes')} {self.meeting}"

    @property
    def is_published(self) -> bool:
        return Minutes.published(self.status, self.published_at)

    @staticmethod
    def published(status: str, published_at: datetime.datetime | None) -> bool:
        """Whether minutes in this state are out (adjusted and published), for minutes read as
        plain values (the OParl meeting list)."""
        return status == Minutes.Status.ADJUSTED and published_at is not None

    @property
    def is_draft(self) -> bool:
        """Being written: not yet drawn up."""
        return self.status == self.Status.DRAFT

    @property
    def is_awaiting_adjustment(self) -> bool:
        """Drawn up, waiting for the adjusters to confirm (or to be taken back to draft)."""
        return self.status == self.Status.AWAITING_ADJUSTMENT


class Adjuster(TimeStampedModel):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="adjusters")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_via = models.CharField(max_length=20, blank=True)
    link_sent_at = models.DateTimeField(_("link sent"), null=True, blank=True)
    link_sent_to = models.CharField(_("link sent to"), max_length=254, blank=True)

    class Meta:
        ordering = ["minutes", "pk"]
        verbose_name = _("adjuster")
        verbose_name_plural = _("adjusters")
        constraints = [models.UniqueConstraint(fields=["minutes", "person"], name="adjuster_once")]

    def __str__(self) -> str:
        return str(self.person)


class Correction(TimeStampedModel):
    """A correction to adjusted minutes: shown beside them, never written into them."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="corrections")
    paragraph = models.PositiveIntegerField(_("paragraph"), null=True, blank=True)
    text = models.TextField(_("correction"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["minutes", "created_at"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self) -> str:
        return f"{self.minutes}: {self.text[:40]}"
