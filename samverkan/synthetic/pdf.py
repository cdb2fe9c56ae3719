"""A few tiny, valid PDF files for the synthetic papers: many Attachment rows point at the same
stored file (each row keeps its own text), so a national data set does not write 500,000 files."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

FILES = 8


def tiny_pdf(title: str) -> bytes:
    """A one-page PDF 1.4 with one line of text (Helvetica, ASCII), with a correct xref table."""
    return one_line_pdf(title)


def one_line_pdf(text: str, *, size: int = 14, top: int = 770, encoding: str = "ascii") -> bytes:
    """A valid one-page PDF 1.4 whose page says `text` in Helvetica at `size` points, written byte
    by byte (correct xref table) so that what a reader extracts is exactly `text`."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 {size} Tf 72 {top} Td ({escaped}) Tj ET".encode(encoding)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n".encode() + b"0000000000 65535 f \n"
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def store_files() -> list[tuple[str, int, str]]:
    """Store the files (once; a second run finds them) and return (name, size, sha256) of each."""
    stored = []
    for number in range(1, FILES + 1):
        data = tiny_pdf(f"Bilaga {number} - syntetiskt underlag")
        name = f"attachments/synthetic/bilaga-{number}.pdf"
        if not default_storage.exists(name):
            saved = default_storage.save(name, ContentFile(data))
            assert saved == name, f"the storage renamed {name} to {saved}"
        stored.append((name, len(data), hashlib.sha256(data).hexdigest()))
    return stored
