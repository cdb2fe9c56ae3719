"""PDF/A papers of the archive package that no other screen prints: a recommendation with every
principal's answers, and an agreement's entry in the register. Swedish, on the meetings' paper
style sheet, written by WeasyPrint as PDF/A-2b (samverkan/meetings/pdf.py)."""

from __future__ import annotations

from typing import Any

from samverkan.meetings import pdf


def recommendation_pdf(record: dict[str, Any]) -> bytes:
    context = record | {
        "title": f"{record['kind_label'].capitalize()}: {record['title']}",
        "author": record["body"],
        "head_left": f"Rekommendation {record['sent'] or ''}".strip(),
        "head_right": record["body"],
    }
    return pdf.write_pdf("archive/pdf/recommendation.html", context, pdf_variant=pdf.ARCHIVAL_VARIANT)


def agreement_pdf(record: dict[str, Any]) -> bytes:
    context = record | {
        "title": f"Avtalsregistret: {record['title']}",
        "author": record["body"] or "Samverkan",
        "head_left": "Avtalsregistret",
        "head_right": record["body"],
    }
    return pdf.write_pdf("archive/pdf/agreement.html", context, pdf_variant=pdf.ARCHIVAL_VARIANT)
