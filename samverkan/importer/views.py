"""The importer's pages: upload, a batch's progress, and the review of one document. Who may
open each one is declared in permissions.py."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from samverkan.core.access import is_administrator
from samverkan.importer import selectors, services, tasks
from samverkan.importer.extract import DocumentError
from samverkan.importer.forms import ReviewForm, UploadForm
from samverkan.importer.models import ImportBatch, ImportedDocument
from samverkan.importer.permissions import DOCUMENT
from samverkan.structure.models import Body
from samverkan.structure.roles import is_secretary_of

logger = logging.getLogger(__name__)

# What a whole upload may weigh (a larger one is refused before its body is read).
MAX_REQUEST_BYTES = services.MAX_REQUEST_MB * 1024 * 1024


class SizeLimitHandler(FileUploadHandler):
    """Stops receiving a file as soon as it passes the limit, and remembers it was refused."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.refused: list[tuple[str, str]] = []
        self.received = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > services.MAX_UPLOAD_BYTES:
            self.refused.append((self.file_name or "", services.size_error(self.received + 1) or ""))
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def _too_large_response(request: HttpRequest, size: int) -> HttpResponse:
    message = _(
        "The upload is too large: %(size)s MB. At most %(max)s MB per file and %(total)s MB per upload "
        "are accepted; nothing was stored."
    ) % {"size": round(size / (1024 * 1024)), "max": services.MAX_UPLOAD_MB, "total": services.MAX_REQUEST_MB}
    return render(
        request,
        "importer/upload.html",
        {
            "form": UploadForm(),
            "refused": [("", message)],
            "batches": selectors.recent_batches(request.user),
        },
        status=413,
    )


@csrf_exempt
def upload(request: HttpRequest) -> HttpResponse:
    """Refuse an upload that is too large before reading it; otherwise the real view, with its
    CSRF check (which reads the body)."""
    if request.method == "POST":
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_REQUEST_BYTES:
            return _too_large_response(request, length)
        handler = SizeLimitHandler(request)
        request.upload_handlers = [handler, *request.upload_handlers]
        request.size_handler = handler  # type: ignore[attr-defined]
    return _upload(request)


@csrf_protect
def _upload(request: HttpRequest) -> HttpResponse:
    refused: list[tuple[str, str]] = []
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        handler: SizeLimitHandler | None = getattr(request, "size_handler", None)
        refused += handler.refused if handler else []
        if form.is_valid() or refused:
            files = form.cleaned_data.get("documents", []) if form.is_valid() else []
            if len(files) > services.MAX_FILES:
                form.add_error("documents", _("At most %(n)s files at a time.") % {"n": services.MAX_FILES})
            else:
                batch, more = _receive(request, files)
                refused += more
                if batch is not None:
                    if refused:
                        for name, message in refused:
                            messages.error(request, f"{name}: {message}" if name else message)
                    return redirect(batch)
                if refused:
                    form = UploadForm()
        status = 400 if refused else 200
    else:
        form = UploadForm()
        status = 200
    return render(
        request,
        "importer/upload.html",
        {"form": form, "refused": refused, "batches": selectors.recent_batches(request.user)},
        status=status,
    )


def _receive(request: HttpRequest, files: list[Any]) -> tuple[ImportBatch | None, list[tuple[str, str]]]:
    """Store the files of a type that can be read (checked by their first bytes); a file that
    cannot be is refused with its message and leaves nothing behind. The stored ones are read and
    processed by a task in the worker (a file that then cannot be read fails with the message)."""
    refused: list[tuple[str, str]] = []
    entries: list[dict[str, Any]] = []
    batch: ImportBatch | None = None
    for upload in files:
        name = upload.name or "dokument"
        error = services.size_error(upload.size)
        if error:
            refused.append((name, error))
            continue
        data = upload.read()
        existing = services.existing_document(data)
        if existing is not None:
            entries.append(
                {"name": name, "document": existing.pk, "outcome": "unchanged", "message": _("already imported")}
            )
            continue
        try:
            if batch is None:
                batch = _new_batch(request)
            doc, _created = services.store_document(
                data=data, filename=name, actor=request.user, batch=batch, recognise_now=False, read_later=True
            )
        except DocumentError as exc:
            refused.append((name, exc.message))
            continue
        entries.append({"name": name, "document": doc.pk, "outcome": "new", "message": ""})
    if not entries:
        if batch is not None:
            batch.delete()
        return None, refused
    if batch is None:
        batch = _new_batch(request)
    pending = sum(1 for e in entries if e["outcome"] == "new")
    unchanged = len(entries) - pending
    ImportBatch.objects.filter(pk=batch.pk).update(
        entries=entries, total=len(entries), processed=unchanged, unchanged=unchanged
    )
    if pending:
        tasks.process_batch.enqueue(batch.pk)
    return batch, refused


def _new_batch(request: HttpRequest) -> ImportBatch:
    return ImportBatch.objects.create(created_by=request.user, source=ImportBatch.Source.WEB)  # type: ignore[misc]


def batch(request: HttpRequest, pk: int) -> HttpResponse:
    """The documents of an upload, with the progress of their processing."""
    batch = get_object_or_404(ImportBatch, pk=pk)
    rows = selectors.batch_rows(batch)
    processed = sum(1 for r in rows if r["processed"])
    return render(
        request,
        "importer/batch.html",
        {"batch": batch, "rows": rows, "processed": processed, "total": len(rows), "done": processed >= len(rows)},
    )


def _bodies_for(user: Any, doc: ImportedDocument) -> QuerySet[Body]:
    if is_administrator(user):
        return Body.objects.all()
    chosen = (doc.proposal or {}).get("body")
    return Body.objects.filter(secretaries=user) | Body.objects.filter(pk=chosen or 0)


def document(request: HttpRequest, pk: int) -> HttpResponse:
    """Review a document's proposal: correct it, see what applying would change, apply."""
    doc = DOCUMENT.get(pk)
    bodies = _bodies_for(request.user, doc).distinct()
    form = None
    if doc.status == ImportedDocument.Status.PROPOSED and doc.proposal.get("applicable"):
        form = ReviewForm(request.POST or None, proposal=doc.proposal, bodies=bodies)
        if request.method == "POST" and form.is_valid():
            proposal = form.corrected()
            body = Body.objects.filter(pk=int(proposal["body"])).first() if proposal.get("body") else None
            if body is not None and not is_secretary_of(request.user, body):
                form.add_error("body", _("You are not a secretary of this body."))
            else:
                services.proposal_update(doc, proposal, actor=request.user)
                doc.refresh_from_db()
                if "apply" in request.POST:
                    try:
                        outcome = services.apply_document(doc, actor=request.user, source="web:import")
                    except ValidationError as exc:
                        form.add_error(None, exc.messages)
                    else:
                        messages.success(request, _result_message(outcome.result))
                        return redirect(doc)
                else:
                    messages.success(request, _("Your corrections are saved. Check the changes below, then apply."))
                    return redirect(doc)
    # A document with nothing to apply has no plan: its reason is shown once, above, and it is
    # not asked for a meeting date it never had.
    plan = services.make_plan(doc.proposal) if doc.is_open and not doc.has_nothing_to_apply else None
    register_agreement = None
    if doc.proposal.get("kind") == "agreement":
        register_agreement = reverse("agreements:create") + "?" + urlencode(services.agreement_draft(doc))
    return render(
        request,
        "importer/document.html",
        {"doc": doc, "form": form, "plan": plan, "register_agreement": register_agreement},
    )


def _result_message(result: str) -> str:
    return {
        "created": _("Applied: the meeting was created with its attendance and items."),
        "updated": _("Applied: the changes were made."),
        "unchanged": _("Nothing to change: the records already say this."),
    }[result]
