"""Requests about one person's personal data (GDPR art. 15, 17 and 20): each export and each
erasure, with what it did, kept as a log (and audited)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samverkan.core.models import TimeStampedModel


class PrivacyRequest(TimeStampedModel):
    class Kind(models.TextChoices):
        EXPORT = "export", _("export (art. 15 and 20)")
        ERASURE = "erasure", _("erasure (art. 17)")

    class Outcome(models.TextChoices):
        EXPORTED = "exported", _("exported")
        ERASED = "erased", _("erased entirely")
        ANONYMISED = "anonymised", _("erased, name kept in public records")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    # Who the request was about, as the administrator found them. Replaced by a neutral label
    # when the person is erased entirely, so that the log keeps no personal data of theirs.
    subject = models.CharField(_("about"), max_length=300)
    person = models.ForeignKey("structure.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_by_label = models.CharField(_("handled by (as recorded)"), max_length=200)
    note = models.TextField(_("note"), blank=True, help_text=_("For example how the request came in."))
    # What was done: {"erased": [...], "anonymised": [...], "kept": [...], "counts": {...}}
    receipt = models.JSONField(_("receipt"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("privacy:request", kwargs={"pk": self.pk})


class ThinningRun(TimeStampedModel):
    """One run of the thinning (gallring): at most one a day, claimed by the day's unique row so
    that several workers never run it twice; what it removed, by kind, and the retention in force."""

    # The kinds of data thinned, by their names in the interface (the audit trail's keys and
    # the keys of `removed` and `retention`).
    AUDIT_LABELS = {
        "absences": _("reported absences"),
        "link_addresses": _("addresses personal links went to"),
        "import_staging": _("imported documents never applied"),
        "archive_packages": _("archive packages' files"),
        "sessions": _("expired sessions"),
    }

    day = models.DateField(_("day"), unique=True)
    source = models.CharField(_("through"), max_length=20, default="worker")
    retention = models.JSONField(_("retention (days)"), default=dict, blank=True)
    removed = models.JSONField(_("removed"), default=dict, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("thinning run")
        verbose_name_plural = _("thinning runs")

    def __str__(self) -> str:
        return f"{_('Thinning')} {self.day:%Y-%m-%d}"

    def removed_rows(self) -> list[tuple[str, int]]:
        """What the run removed, as (kind by its name, count)."""
        return [(str(self.AUDIT_LABELS.get(kind, kind)), count) for kind, count in (self.removed or {}).items()]
