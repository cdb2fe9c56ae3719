"""Runs of the archive export: one package of one body and year, made by the worker (or the
command line), with its progress, its outcome and the package kept for the administrator."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samverkan.core.models import TimeStampedModel
from samverkan.structure.models import Body


class ArchiveExport(TimeStampedModel):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    closed = models.BooleanField(
        _("closed package"), default=False, help_text=_("Includes confidential papers; marked so throughout.")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("through"), max_length=20, default="web")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("documents"), default=0)
    done = models.PositiveIntegerField(_("documents made"), default=0)
    package_id = models.CharField(_("package identifier"), max_length=200, blank=True)
    file = models.FileField(_("package"), upload_to="archive/%Y/", blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    # Paths of documents whose recorded hash did not match when the package was made.
    failed_checks = models.JSONField(default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("archive export")
        verbose_name_plural = _("archive exports")

    def __str__(self) -> str:
        return self.package_id or f"{self.body} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("archive:export", kwargs={"pk": self.pk})

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def failed(self) -> bool:
        return self.status == self.Status.FAILED
