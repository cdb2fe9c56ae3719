"""The agreement register: agreements between the principals (avtal, överenskommelser,
riktlinjer, inriktningsdokument, samarbetsavtal, handlingsplaner), their parties, their texts
in versions, their validity with its extensions, renamings, sub-agreements, what replaced
them, and the recommendation through which the principals adopted them.

Changes to validity, name and status are events (`AgreementEvent`), never overwritten silently:
the agreement's own fields hold the current state, the events say how it came to be.
"""

from __future__ import annotations

import calendar
import datetime

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samverkan.core.models import TimeStampedModel
from samverkan.core.paths import fast_reverse
from samverkan.documents.models import Readable
from samverkan.meetings.models import AgendaItem
from samverkan.referrals.models import Recommendation
from samverkan.structure.models import KEY_VALIDATOR, Body, Principal


class Agreement(TimeStampedModel):
    class Kind(models.TextChoices):
        AGREEMENT = "agreement", _("agreement (avtal)")
        ACCORD = "accord", _("agreement (överenskommelse)")
        GUIDELINE = "guideline", _("guideline (riktlinje)")
        DIRECTION = "direction", _("direction document (inriktningsdokument)")
        COOPERATION = "cooperation", _("cooperation agreement (samarbetsavtal)")
        ACTION_PLAN = "action_plan", _("action plan (handlingsplan)")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        CONSULTATION = "consultation", _("out for consultation")
        # The agreement (ett avtal) is adopted: "antaget"; a budget or a recommendation agrees otherwise.
        ADOPTED = "adopted", pgettext_lazy("agreement status", "adopted")
        TERMINATED = "terminated", _("terminated")

    key = models.SlugField(_("key"), max_length=80, unique=True, validators=[KEY_VALIDATOR])
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.AGREEMENT)
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    body = models.ForeignKey(
        Body,
        verbose_name=_("responsible body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    parties = models.ManyToManyField(Principal, verbose_name=_("parties"), blank=True, related_name="agreements")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_agreements",
        help_text=_("For a sub-agreement (underavtal): the agreement it belongs to."),
    )
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("adopted through the recommendation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreements",
        help_text=_("The agreement is in force for the principals that approved it."),
    )
    decided_under = models.ForeignKey(
        AgendaItem,
        verbose_name=_("decided under"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreements",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("Leave empty for an agreement that runs until further notice."),
    )
    until_replaced = models.BooleanField(
        _("until a new one exists"),
        default=False,
        help_text=_("Valid until a new agreement replaces it, at the latest on the date above."),
    )
    follow_up_on = models.DateField(_("to be followed up"), null=True, blank=True)
    alert_months = models.CharField(
        _("alerts, months before"),
        max_length=40,
        blank=True,
        default="6, 3",
        validators=[
            RegexValidator(
                r"^\s*([1-9][0-9]?)(\s*,\s*[1-9][0-9]?)*\s*$",
                _("Write whole months from 1 to 99, separated by commas, e.g. “6, 3”."),
            )
        ],
        help_text=_(
            "How many months before the agreement ends, and before its follow-up date, the responsible "
            "body's secretaries and the agreement's subscribers are mailed, e.g. “6, 3”. Empty: no alerts."
        ),
    )
    public = models.BooleanField(_("public"), default=True, help_text=_("Drafts are never public."))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["title"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="agreement_valid_until_after_from",
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="agreement_not_its_own_part"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return fast_reverse("agreements:detail", key=self.key)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_public(self) -> bool:
        """Marked public and past the draft: anyone may read and follow it (selectors.public_agreements)."""
        return self.public and not self.is_draft

    @property
    def alert_lead_months(self) -> list[int]:
        """The alerts' lead times in months, longest first ("6, 3" -> [6, 3])."""
        return sorted({int(part) for part in self.alert_months.split(",") if part.strip().isdigit()}, reverse=True)


class AgreementVersion(TimeStampedModel, Readable):
    """The agreement's text as adopted at one time (a PDF or DOCX, kept with its text)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    label = models.CharField(_("version"), max_length=60, help_text=_("For example “2018” or “2.1”."))
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    file = models.FileField(_("file"), upload_to="agreements/%Y/")
    original_name = models.CharField(max_length=300)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    text = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["agreement", "-adopted_on", "-pk"]
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        constraints = [models.UniqueConstraint(fields=["agreement", "label"], name="agreement_version_label_unique")]

    def __str__(self) -> str:
        return f"{self.agreement} ({self.label})"


class AgreementEvent(TimeStampedModel):
    """Something that happened to an agreement: adopted, extended, renamed, replaced, ended.
    Rows are only added."""

    class Kind(models.TextChoices):
        CREATED = "created", _("registered")
        STATUS = "status", _("status changed")
        EXTENDED = "extended", _("extended")
        RENAMED = "renamed", _("renamed")
        REPLACED = "replaced", _("replaced")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("decided under"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What changed, as a person reads it: {"valid_until": ["2022-12-31", "2024-12-31"], ...}
    changes = models.JSONField(default=dict, blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["agreement", "on", "pk"]
        verbose_name = _("agreement event")
        verbose_name_plural = _("agreement events")

    def __str__(self) -> str:
        return f"{self.agreement}: {self.get_kind_display()} {self.on:%Y-%m-%d}"


def validity_state(agreement: Agreement, today: datetime.date) -> str:
    """Where the agreement stands on `today`, from its own fields: draft, consultation,
    terminated, replaced, upcoming, in_force, expired. (Whether it has been replaced is known
    by the caller, who passes an agreement whose `replaced_by` is loaded.)"""
    if agreement.status == Agreement.Status.DRAFT:
        return "draft"
    if agreement.status == Agreement.Status.CONSULTATION:
        return "consultation"
    if agreement.status == Agreement.Status.TERMINATED:
        return "terminated"
    successor = getattr(agreement, "replaced_by", None)
    if successor is not None and successor.status == Agreement.Status.ADOPTED:
        start = successor.valid_from
        if start is None or start <= today:
            return "replaced"
    if agreement.valid_from is not None and today < agreement.valid_from:
        return "upcoming"
    if agreement.valid_until is not None and today > agreement.valid_until:
        return "expired"
    return "in_force"


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months earlier (the month's last day where it is shorter:
    six months before 31 August is 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
