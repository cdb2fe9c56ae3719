"""Every write to the agreement register: one transaction, validated, audited, and with an
`AgreementEvent` for each change a reader of the register must be able to follow (status,
validity, name, replacement)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.agreements.models import Agreement, AgreementEvent, AgreementVersion
from samverkan.core.audit import audit_record, create_instance, set_many, update_instance
from samverkan.core.editing import ConcurrentEdit as ConcurrentEdit  # the refusal callers catch
from samverkan.core.editing import lock_at_version, version_raise
from samverkan.core.models import AuditEvent
from samverkan.documents.models import Reading
from samverkan.documents.papers import check_upload
from samverkan.documents.tasks import enqueue_reading
from samverkan.meetings.models import AgendaItem
from samverkan.structure.models import Principal

# Fields whose change is an event of its own in the register (besides the audit trail).
RENAMING = ("title", "kind")
VALIDITY = ("valid_from", "valid_until", "until_replaced")


def _event(
    *,
    agreement: Agreement,
    kind: str,
    actor: Any,
    on: datetime.date | None,
    note: str = "",
    agenda_item: AgendaItem | None = None,
    changes: dict[str, tuple[Any, Any]] | None = None,
) -> AgreementEvent:
    return AgreementEvent.objects.create(
        agreement=agreement,
        kind=kind,
        on=on or timezone.localdate(),
        note=note,
        agenda_item=agenda_item,
        changes={k: [_plain(old), _plain(new)] for k, (old, new) in (changes or {}).items()},
        made_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value)
    return value


def _check_links(agreement: Agreement) -> None:
    """A sub-agreement's chain of parents, and a replacement, never leads back to itself."""
    seen = {agreement.pk}
    parent = agreement.parent
    while parent is not None:
        if parent.pk in seen:
            raise ValidationError({"parent": _("An agreement cannot be a part of itself.")}, code="cycle")
        seen.add(parent.pk)
        parent = parent.parent
    if agreement.replaces_id is not None and agreement.replaces_id == agreement.pk:
        raise ValidationError({"replaces": _("An agreement cannot replace itself.")}, code="cycle")


@transaction.atomic
def agreement_create(
    *,
    actor: Any,
    key: str,
    title: str,
    kind: str = Agreement.Kind.AGREEMENT,
    parties: Iterable[Principal] = (),
    on: datetime.date | None = None,
    note: str = "",
    source: str = "web",
    **fields: Any,
) -> Agreement:
    """Register an agreement. `on` is the date the register gives for it (the decision, or today)."""
    values = {"key": key, "title": title, "kind": kind, **fields}
    if values.get("status", Agreement.Status.DRAFT) == Agreement.Status.DRAFT:
        values["public"] = False
    agreement = create_instance(Agreement, values, actor=actor, source=source)
    _check_links(agreement)
    set_many(agreement, "parties", parties, actor=actor, source=source)
    _event(
        agreement=agreement,
        kind=AgreementEvent.Kind.CREATED,
        actor=actor,
        on=on,
        note=note,
        agenda_item=fields.get("decided_under"),
    )
    if agreement.replaces is not None:
        _replaced(agreement.replaces, by=agreement, actor=actor, on=on, source=source)
    return agreement


def _replaced(old: Agreement, *, by: Agreement, actor: Any, on: datetime.date | None, source: str) -> None:
    _event(
        agreement=old,
        kind=AgreementEvent.Kind.REPLACED,
        actor=actor,
        on=on or by.valid_from,
        note=_("Replaced by “%(title)s”.") % {"title": by.title},
        changes={"replaced_by": (None, by.title)},
    )
    audit_record(
        actor=actor, action=AuditEvent.Action.UPDATE, target=old, changes={"replaced_by": (None, by)}, source=source
    )


@transaction.atomic
def agreement_update(
    *,
    actor: Any,
    agreement: Agreement,
    version: int,
    parties: Iterable[Principal] | None = None,
    on: datetime.date | None = None,
    note: str = "",
    agenda_item: AgendaItem | None = None,
    source: str = "web",
    **fields: Any,
) -> dict[str, tuple[Any, Any]]:
    """Change an agreement opened at `version`. A change of name or kind is recorded as a
    renaming, of validity as an extension (or a changed validity), of status as a status
    change, each with its date, note and the agenda item that decided it."""
    current = lock_at_version(
        agreement,
        version,
        _(
            "Someone else saved this agreement while you were editing it. Your changes have not "
            "been saved; compare with the saved version and save again."
        ),
    )
    if fields.get("status", current.status) == Agreement.Status.DRAFT and fields.get("public", current.public):
        fields["public"] = False
    old_replaces = current.replaces
    old = {name: getattr(current, name) for name in (*RENAMING, *VALIDITY, "status")}
    changes = update_instance(current, fields, actor=actor, source=source)
    _check_links(current)
    if parties is not None:
        changes.update(set_many(current, "parties", parties, actor=actor, source=source))
    if not changes:
        return {}
    version_raise(current)
    _events_for(current, old, changes, actor=actor, on=on, note=note, agenda_item=agenda_item)
    if "replaces" in changes and current.replaces is not None and current.replaces != old_replaces:
        _replaced(current.replaces, by=current, actor=actor, on=on, source=source)
    agreement.version = current.version
    return changes


def _events_for(
    agreement: Agreement,
    old: dict[str, Any],
    changes: dict[str, tuple[Any, Any]],
    *,
    actor: Any,
    on: datetime.date | None,
    note: str,
    agenda_item: AgendaItem | None,
) -> None:
    common = {"agreement": agreement, "actor": actor, "on": on, "note": note, "agenda_item": agenda_item}
    renamed = {k: v for k, v in changes.items() if k in RENAMING}
    if renamed:
        _event(kind=AgreementEvent.Kind.RENAMED, changes=renamed, **common)
    validity = {k: v for k, v in changes.items() if k in VALIDITY}
    if validity:
        old_end, new_end = old["valid_until"], agreement.valid_until
        longer = new_end is not None and (old_end is None or new_end > old_end)
        kind = AgreementEvent.Kind.EXTENDED if longer and "valid_until" in validity else AgreementEvent.Kind.STATUS
        _event(kind=kind, changes=validity, **common)
    if "status" in changes:
        _event(kind=AgreementEvent.Kind.STATUS, changes={"status": changes["status"]}, **common)


def agreement_extend(
    *,
    actor: Any,
    agreement: Agreement,
    version: int,
    until: datetime.date,
    until_replaced: bool,
    on: datetime.date | None = None,
    note: str = "",
    agenda_item: AgendaItem | None = None,
    source: str = "web",
) -> dict[str, tuple[Any, Any]]:
    """Extend an agreement to `until` (with `until_replaced`: until a new one exists, at the
    latest then)."""
    if agreement.valid_until is not None and until <= agreement.valid_until:
        raise ValidationError(
            {
                "until": _("An extension must end after the agreement's current end (%(end)s).")
                % {"end": agreement.valid_until}
            },
            code="not_longer",
        )
    return agreement_update(
        actor=actor,
        agreement=agreement,
        version=version,
        valid_until=until,
        until_replaced=until_replaced,
        on=on,
        note=note,
        agenda_item=agenda_item,
        source=source,
    )


@transaction.atomic
def version_add(
    *,
    actor: Any,
    agreement: Agreement,
    upload: UploadedFile,
    label: str,
    adopted_on: datetime.date | None = None,
    note: str = "",
    source: str = "web",
) -> AgreementVersion:
    """Add the agreement's text as adopted at one time: a PDF or DOCX checked by content."""
    if AgreementVersion.objects.filter(agreement=agreement, label=label).exists():
        raise ValidationError(
            {"label": _("This agreement already has a version called “%(label)s”.") % {"label": label}}
        )
    paper = check_upload(upload)
    version = AgreementVersion(
        agreement=agreement,
        label=label,
        adopted_on=adopted_on,
        note=note,
        original_name=upload.name or "",
        content_type=paper.content_type,
        size=paper.size,
        sha256=paper.sha256,
        reading=Reading.READING,
        added_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    version.full_clean(exclude=["file"])  # before the file store is touched: a refusal leaves no file
    version.file.save(upload.name or "avtal", upload, save=False)
    version.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=version,
        changes={"label": (None, label), "file": (None, version.original_name), "sha256": (None, version.sha256)},
        source=source,
    )
    Agreement.objects.filter(pk=agreement.pk).update(updated_at=timezone.now())
    enqueue_reading(version)
    return version
