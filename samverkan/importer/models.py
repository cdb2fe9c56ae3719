"""Imported documents: each file is kept with its text, what was extracted from it, the records
proposed from it and what applying it wrote (so that re-applying is a no-op and a corrected
version changes only what the importer itself wrote)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samverkan.core.models import TimeStampedModel
from samverkan.documents.models import Readable


class ImportBatch(TimeStampedModel):
    """One upload (several files) or one run of `samverkan import`."""

    class Source(models.TextChoices):
        WEB = "web", _("upload")
        CLI = "cli", _("command line")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("through"), max_length=10, choices=Source.choices, default=Source.WEB)
    # One entry per file given: {"name", "document" (id or null), "outcome", "message"}. A file
    # already imported points at the existing document; a refused file has no document.
    entries = models.JSONField(default=list, blank=True)
    total = models.PositiveIntegerField(_("files"), default=0)
    processed = models.PositiveIntegerField(_("processed"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return f"{_('Import')} {self.pk} ({self.get_source_display()})"

    def get_absolute_url(self) -> str:
        return reverse("importer:batch", kwargs={"pk": self.pk})

    @property
    def done(self) -> bool:
        return self.processed >= self.total


# The kinds of document the reader tells apart (extract.structure.detect_kind), by their names.
DOCUMENT_KINDS = {
    "protocol": _("minutes (protokoll)"),
    "notes": _("notes (minnesanteckningar)"),
    "notice": _("notice (kallelse)"),
    "agreement": _("agreement"),
    "other": _("other document"),
}

# Why a document has nothing to apply, by its kind. Kept as source strings and translated when
# shown (`ImportedDocument.reason`): the proposal's stored "reason" is in the language of whoever
# ran the import, which is not the reader's.
AGREEMENT_REASON = _(
    "This is an agreement. It is kept with its text; register it in the agreement register "
    "from here: the form starts with what the document says, and you check it and save."
)
NOTHING_TO_APPLY_REASON = _(
    "This document is not the notice, notes or minutes of a meeting: it is kept with its "
    "text and can be searched, but there is nothing to apply."
)


def proposal_reason(proposal: dict[str, object]) -> str:
    """Why the proposal has nothing to apply, in the reader's language ("" when it has)."""
    if proposal.get("kind") == "agreement":
        return str(AGREEMENT_REASON)
    if proposal and not proposal.get("applicable"):
        return str(NOTHING_TO_APPLY_REASON)
    return ""


class ImportedDocument(TimeStampedModel, Readable):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be processed")
        PROPOSED = "proposed", _("proposed, to be reviewed")
        APPLIED = "applied", _("applied")
        UNCHANGED = "unchanged", _("applied, nothing changed")
        FAILED = "failed", _("failed")

    batch = models.ForeignKey(
        ImportBatch, verbose_name=_("batch"), null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    file = models.FileField(_("file"), upload_to="imports/%Y/")
    original_name = models.CharField(_("file name"), max_length=300)
    sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveBigIntegerField(_("size"))
    content_type = models.CharField(_("type"), max_length=100)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    recognised_pages = models.PositiveIntegerField(
        _("pages recognised"),
        null=True,
        blank=True,
        help_text="A scanned PDF: the pages whose text recognition (OCR) is done; empty for a document with text.",
    )
    kind = models.CharField(_("kind of document"), max_length=20, blank=True)
    extracted = models.JSONField(_("extracted"), default=dict, blank=True)
    proposal = models.JSONField(_("proposal"), default=dict, blank=True)
    applied = models.JSONField(
        _("applied"), default=dict, blank=True, help_text="What applying created and wrote (ids and values)."
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(_("error"), blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="imported_documents",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("imported document")
        verbose_name_plural = _("imported documents")

    def __str__(self) -> str:
        return self.original_name

    @property
    def kind_label(self) -> str:
        """The kind the reader found, by its name in the interface (never its key, "protocol")."""
        return str(DOCUMENT_KINDS.get(self.kind, self.kind))

    def get_absolute_url(self) -> str:
        return reverse("importer:document", kwargs={"pk": self.pk})

    @property
    def has_nothing_to_apply(self) -> bool:
        """Read and proposed, but not a meeting's paper: kept with its text, never applied."""
        return self.status == self.Status.PROPOSED and not self.proposal.get("applicable")

    @property
    def status_label(self) -> str:
        """The status as a person reads it: a document with nothing to apply is not waiting
        for a review ("proposed, to be reviewed" would send the secretary looking for one)."""
        if self.has_nothing_to_apply:
            return str(_("stored with its text; nothing to apply"))
        return str(self.get_status_display())

    @property
    def reason(self) -> str:
        return proposal_reason(self.proposal)

    @property
    def is_open(self) -> bool:
        """Still to be reviewed and applied."""
        return self.status == self.Status.PROPOSED

    @property
    def is_pending(self) -> bool:
        """Waiting to be read (its scanned pages may be being recognised)."""
        return self.status == self.Status.PENDING

    @property
    def is_applied(self) -> bool:
        """Applied, whether or not that changed anything."""
        return self.status in (self.Status.APPLIED, self.Status.UNCHANGED)
