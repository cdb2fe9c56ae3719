"""Recommendations and consultations sent by a body to the principals, and their answers.

A recommendation asks each recipient principal to decide (or, for a consultation, to answer in
writing) by a deadline. Every answer is an event (`Response`): a changed answer adds a row and
the recipient's `current_response` moves to it; the history stays. Reminders and the
report-back are rows too, so that each happens once and can be shown in a log.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samverkan.core.models import TimeStampedModel
from samverkan.core.paths import fast_reverse
from samverkan.documents.models import Readable, Reading
from samverkan.meetings.models import AgendaItem, Meeting
from samverkan.structure.models import Body, Principal


def default_reminder_days() -> list[int]:
    return [14, 3]


class Recommendation(TimeStampedModel):
    class Kind(models.TextChoices):
        DECISION = "decision", _("recommendation (a decision is asked for)")
        CONSULTATION = "consultation", _("consultation (a written answer is asked for)")

    class Rule(models.TextChoices):
        ALL = "all", _("all recipients approve")
        AT_LEAST = "at_least", _("at least a number of recipients approve")
        POPULATION_SHARE = "population_share", _("the approvers cover a share of the population")
        APPROVERS = "approvers", _("in force for those who approve")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SENT = "sent", _("sent")
        WITHDRAWN = "withdrawn", _("withdrawn")

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="recommendations")
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("decided under"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations",
    )
    title = models.CharField(_("title"), max_length=300)
    question = models.TextField(
        _("question to the principals"),
        help_text=_("What each principal is asked to decide, e.g. “X kommun ställer sig bakom …”."),
    )
    background = models.TextField(_("background"), blank=True)
    condition = models.TextField(
        _("condition"), blank=True, help_text=_("For example “provided the government decides …”.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DECISION)
    rule = models.CharField(_("adoption rule"), max_length=20, choices=Rule.choices, default=Rule.ALL)
    rule_count = models.PositiveSmallIntegerField(
        _("number of approvals needed"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    rule_share = models.PositiveSmallIntegerField(
        _("share of the population needed (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    deadline = models.DateField(_("deadline"))
    grace_days = models.PositiveSmallIntegerField(
        _("days the links work after the deadline"), default=30, validators=[MaxValueValidator(365)]
    )
    reminder_days = models.JSONField(
        _("reminders (days before the deadline)"), default=default_reminder_days, blank=True
    )
    public = models.BooleanField(
        _("public"), default=True, help_text=_("Shown on the public site and in the open data once sent.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("population year"), null=True, blank=True, help_text=_("The year whose figures the population rule uses.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-deadline", "-pk"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        indexes = [models.Index(fields=["status", "public", "deadline"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(rule="at_least") | Q(rule_count__isnull=False), name="recommendation_count_needed"
            ),
            models.CheckConstraint(
                condition=~Q(rule="population_share") | Q(rule_share__isnull=False),
                name="recommendation_share_needed",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return fast_reverse("referrals:detail", pk=self.pk)

    @property
    def links_expire(self) -> datetime.date:
        """The last day the personal links work."""
        return self.deadline + datetime.timedelta(days=self.grace_days)

    @property
    def is_draft(self) -> bool:
        """Not sent: nobody has been asked, and the public does not see it."""
        return self.status == self.Status.DRAFT

    @property
    def is_sent(self) -> bool:
        """Sent and not withdrawn: the principals' links work and reminders go out."""
        return self.status == self.Status.SENT

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    @property
    def is_public(self) -> bool:
        """Marked public and past the draft: anyone may read and follow it."""
        return self.public and not self.is_draft

    @property
    def is_editable(self) -> bool:
        """A withdrawn recommendation is kept as it was; before that it may be edited and get papers."""
        return not self.is_withdrawn

    @property
    def can_be_sent(self) -> bool:
        return self.is_draft

    @property
    def can_be_withdrawn(self) -> bool:
        return self.is_sent

    @property
    def papers_removable(self) -> bool:
        """Papers may be removed only from a draft: once sent, they are what the principals received."""
        return self.is_draft


class Paper(TimeStampedModel, Readable):
    """A paper sent with the recommendation (the proposal, an agreement, a report), kept with
    its text."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="recommendations/%Y/")
    original_name = models.CharField(max_length=300)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["recommendation_id", "pk"]
        verbose_name = _("paper")
        verbose_name_plural = _("papers")

    def __str__(self) -> str:
        return self.title

    @property
    def is_removable(self) -> bool:
        """From a draft, yes; once sent, the papers stay as the principals received them, except
        one the reader refused (it was never shown to them)."""
        return self.recommendation.papers_removable or self.is_refused


class Recipient(TimeStampedModel):
    """A principal asked by a recommendation, with its personal link's state."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="recipients")
    principal = models.ForeignKey(Principal, on_delete=models.PROTECT, related_name="recommendation_recipients")
    link_version = models.PositiveIntegerField(
        default=1, help_text="Raised when the link is revoked or re-issued: older links stop working."
    )
    link_revoked = models.BooleanField(_("link revoked"), default=False)
    invited_at = models.DateTimeField(_("invitation sent"), null=True, blank=True)
    invited_to = models.TextField(_("sent to"), blank=True)
    current_response = models.OneToOneField(
        "Response", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["recommendation_id", "pk"]
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "principal"], name="recipient_once"),
        ]

    def __str__(self) -> str:
        return f"{self.principal} – {self.recommendation}"


class Response(TimeStampedModel):
    """One answer from a principal. A changed answer is a new row; the latest is current."""

    class Answer(models.TextChoices):
        APPROVED = "approved", _("approved")
        APPROVED_WITH_CONDITION = "approved_with_condition", _("approved with a condition")
        REJECTED = "rejected", _("rejected")
        WRITTEN = "written", _("written answer")

    class DecidedBy(models.TextChoices):
        COUNCIL = "council", _("council (fullmäktige)")
        EXECUTIVE = "executive", _("executive board (kommunstyrelse, regionstyrelse)")
        COMMITTEE = "committee", _("a committee (nämnd)")
        OFFICIAL = "official", _("an official by delegation")
        OTHER = "other", _("other")

    class Via(models.TextChoices):
        LINK = "link", _("personal link")
        LOGIN = "login", _("logged in")
        SECRETARY = "secretary", _("recorded by the secretary")
        DEMO = "demo", _("demo data")

    APPROVING = (Answer.APPROVED, Answer.APPROVED_WITH_CONDITION)

    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="responses")
    answer = models.CharField(_("answer"), max_length=30, choices=Answer.choices)
    condition = models.TextField(_("condition"), blank=True)
    text = models.TextField(_("written answer"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.CharField(_("decided by"), max_length=20, choices=DecidedBy.choices, blank=True)
    decided_by_name = models.CharField(_("name of the deciding body"), max_length=200, blank=True)
    paragraph = models.CharField(_("paragraph"), max_length=60, blank=True)
    extract = models.FileField(_("extract of the minutes"), upload_to="extracts/%Y/", blank=True)
    extract_name = models.CharField(max_length=300, blank=True)
    extract_sha256 = models.CharField(max_length=64, blank=True)
    # The extract is read by the worker after the answer is recorded (the answer never waits for
    # it): being read or refused, it is shown to nobody but as its state (and the refusal's reason).
    extract_reading = models.CharField(
        _("extract"), max_length=10, choices=Reading.choices, default=Reading.READ, blank=True
    )
    extract_refusal = models.TextField(_("why the extract was refused"), blank=True)
    answered_at = models.DateTimeField(_("answered"))
    late = models.BooleanField(_("late"), default=False)
    via = models.CharField(_("via"), max_length=20, choices=Via.choices)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submission = models.UUIDField(
        default=uuid.uuid4, unique=True, help_text="The form's one-time key: a second submit records nothing."
    )

    class Meta:
        ordering = ["recipient_id", "answered_at", "pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.recipient.principal}: {self.get_answer_display()}"

    @property
    def approves(self) -> bool:
        return self.answer in self.APPROVING

    @property
    def is_demo(self) -> bool:
        return self.via == self.Via.DEMO


class Reminder(TimeStampedModel):
    """A reminder to a recipient that has not answered: one per scheduled day, ever."""

    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.SmallIntegerField(_("days before the deadline"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_to = models.TextField(_("sent to"), blank=True)

    class Meta:
        ordering = ["recipient_id", "-days_before"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [models.UniqueConstraint(fields=["recipient", "days_before"], name="reminder_once")]

    def __str__(self) -> str:
        return f"{self.recipient} ({self.days_before})"


class ReportBack(TimeStampedModel):
    """The report-back (återrapportering) put on the body's next meeting's agenda: once."""

    recommendation = models.OneToOneField(Recommendation, on_delete=models.CASCADE, related_name="report_back")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(AgendaItem, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(max_length=20)

    class Meta:
        verbose_name = _("report-back")
        verbose_name_plural = _("report-backs")

    def __str__(self) -> str:
        return f"{self.recommendation} → {self.meeting}"
