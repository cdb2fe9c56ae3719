"""Reading PDF, DOCX, HTML and text files into text. (To be written.)"""

from __future__ import annotations

from dataclasses import dataclass

MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Document:
    text: str
    content_type: str  # application/pdf, application/vnd...docx, text/html, text/plain
    pages: int | None = None


class DocumentError(Exception):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def read_document(data: bytes, filename: str = "") -> Document:
    raise NotImplementedError
