"""Reading an uploaded paper: the one check every upload form of the domain apps goes through
(meeting attachments, recommendation papers, agreement versions, answer extracts)."""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from samverkan.documents.reader import MB, PAPERS, DocumentError, read_document

MAX_PAPER_BYTES = 25 * MB


@dataclass(frozen=True)
class ReadPaper:
    data: bytes
    content_type: str
    text: str

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def read_upload(
    upload: UploadedFile, *, accept: Collection[str] = PAPERS, max_bytes: int = MAX_PAPER_BYTES
) -> ReadPaper:
    """An upload's bytes, type (by content, not by name) and text, read within the reader's limits.
    A file that is too large, of another type, damaged, protected by a password or hostile raises
    ValidationError with the reader's message and code; nothing has been stored. A PDF without a
    text layer (a scan) is accepted with no text. Leaves the upload rewound for storing."""
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
        document = read_document(data, upload.name or "", accept=accept, require_text=False, ocr=False)
    except DocumentError as exc:
        raise ValidationError(exc.message, code=exc.code) from None
    upload.seek(0)
    return ReadPaper(data=data, content_type=document.content_type, text=document.text.strip())
