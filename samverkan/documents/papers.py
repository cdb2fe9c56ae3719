"""Receiving an uploaded paper: the one check every upload form of the domain apps goes through
(meeting attachments, recommendation papers, agreement versions, answer extracts).

A request only checks what is cheap (the size, and the type by the file's first bytes) and the
paper is stored as being read (`Readable.Reading.READING`); the worker reads it in a capped child
process (`tasks.read_stored`, `capped.read_capped`) and fills in its text, or marks it refused
with the reader's message. See docs/decisions/0016-reading-in-the-worker.md."""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from samverkan.documents.reader import MB, PAPERS, DocumentError, sniff

MAX_PAPER_BYTES = 25 * MB


def stored_for_reading() -> str:
    """What an upload form says once the file is stored: it is read next, then shown."""
    return _(
        "The file has been received and is being read; it is shown to others and can be found in search once it "
        "has been read. If it cannot be read, the reason is shown here."
    )


@dataclass(frozen=True)
class CheckedUpload:
    data: bytes
    content_type: str

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def check_upload(
    upload: UploadedFile, *, accept: Collection[str] = PAPERS, max_bytes: int = MAX_PAPER_BYTES
) -> CheckedUpload:
    """An upload's bytes and type (by content, not by name), without reading it: a file that is too
    large, empty or of another type raises ValidationError with the reader's message and code, and
    nothing has been stored. Whether it can be read is for the worker to find out. Leaves the
    upload rewound for storing."""
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("The file is too large (at most %(mb)s MB).") % {"mb": max_bytes // MB}, code="too_large"
        )
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(
            _("The file is too large (at most %(mb)s MB).") % {"mb": max_bytes // MB}, code="too_large"
        )
    try:
        content_type = sniff(data, accept)
    except DocumentError as exc:
        raise ValidationError(exc.message, code=exc.code) from None
    upload.seek(0)
    return CheckedUpload(data=data, content_type=content_type)
