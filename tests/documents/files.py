"""Hostile and awkward files, crafted byte by byte as an attacker would (issue 11, points 2, 3, 9).

Each is small on disk; what it costs to read is what the reader's limits are for."""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib

MB = 1024 * 1024
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'wordprocessingml.document.main+xml"/></Types>'
)


def _docx(body: bytes, *, extra: dict[str, bytes] | None = None, stored: dict[str, bytes] | None = None) -> bytes:
    """A Word document whose word/document.xml holds `body` (compressed as Word does), with `extra`
    parts compressed and `stored` parts kept uncompressed."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr(
            "word/document.xml",
            b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="'
            + W.encode()
            + b'"><w:body>'
            + body
            + b"</w:body></w:document>",
        )
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
        for name, data in (stored or {}).items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_STORED)
    return out.getvalue()


def paragraph(text: str) -> bytes:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()


def word(*paragraphs: str) -> bytes:
    return _docx(b"".join(paragraph(p) for p in paragraphs))


def word_bomb(expanded_mb: int = 100) -> bytes:
    """A DOCX of about 0.15 MB whose word/document.xml expands to `expanded_mb` MB of
    paragraphs (issue 11 point 2: 1.19 MB expanding to 500 MB)."""
    return _docx(paragraph("Protokoll") + b"<w:p/>" * (expanded_mb * MB // 6))


def padded_bomb() -> bytes:
    """Issue 11 point 3: about 30 MB of <w:p> in document.xml plus 1.1 MB of stored random data, so
    that the archive's total stays under 100 MB and its ratio under 100 (the old check's limits)."""
    body = paragraph("Protokoll") + b"<w:p><w:r><w:t>a</w:t></w:r></w:p>" * (30 * MB // 35)
    return _docx(body, stored={"word/media/image1.bin": os.urandom(1_100_000)})


def padded_below_the_part_limit() -> bytes:
    """Under the parsed part's size limit, but millions of elements (each costs memory parsed)."""
    return _docx(b"<w:p/>" * (18 * MB // 6), stored={"word/media/image1.bin": os.urandom(300_000)})


def many_paragraphs(count: int = 60_000) -> bytes:
    """More paragraphs than are read, in few elements and bytes (padded against the ratio check)."""
    return _docx(b"<w:p/>" * count, stored={"word/media/image1.bin": os.urandom(60_000)})


def lying_header() -> bytes:
    """A DOCX whose document.xml claims 1 KB in its headers but expands to 50 MB."""
    data = bytearray(_docx(b"<w:p/>" * (50 * MB // 6)))
    real = 50 * MB // 6 * 6
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            name_length = struct.unpack("<H", data[start + offset + 4 : start + offset + 6])[0]
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + name_length] == b"word/document.xml":
                size = struct.unpack("<I", data[start + offset : start + offset + 4])[0]
                assert size > real  # the XML around the paragraphs
                data[start + offset : start + offset + 4] = struct.pack("<I", 1024)
            start += 4
    return bytes(data)


def _pdf(pages: list[bytes]) -> bytes:
    """A PDF whose pages draw the given content streams (compressed) in Helvetica."""
    count = len(pages)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(count))
        + b"] /Count %d >>" % count,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, content in enumerate(pages):
        packed = zlib.compress(content, 9)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R >>" % (5 + 2 * i)
        )
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def text_page(text: str) -> bytes:
    return b"BT /F1 12 Tf 72 760 Td (" + text.encode("latin-1") + b") Tj ET\n"


def slow_pdf(operators: int = 600_000, pages: int = 1) -> bytes:
    """Issue 11 point 3: a PDF of a few kilobytes with `operators` text operators on each page."""
    page = b"BT /F1 12 Tf 72 760 Td\n" + b"(a) Tj\n" * operators + b"ET\n"
    return _pdf([page] * pages)


def text_pdf(text: str = "Protokoll fört vid sammanträde") -> bytes:
    return _pdf([text_page(text)])


def encrypted_pdf(user_password: str, text: str = "Protokollsutdrag") -> bytes:
    """A PDF encrypted with AES; with an empty user password anyone can open it (only the owner may
    change it), with another one it needs that password to be opened."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(text_pdf(text))).pages:
        writer.add_page(page)
    writer.encrypt(user_password=user_password, owner_password="ägaren", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def utf16_text(text: str = "Anteckningar från mötet i Göteborg.\n") -> bytes:
    """Text as Windows' Notepad saves "Unicode": UTF-16 little-endian with a byte-order mark."""
    return text.encode("utf-16")
