"""Whole documents: the seeds rendered by WeasyPrint as multi-page PDFs with a running header and footer
on every page and the text set in two columns, read back through the reader and extracted. The
development set's texts are excerpts; real imports are whole PDFs."""

from __future__ import annotations

import html
import json
import sys
from pathlib import Path

import pytest

from samverkan.importer.extract import extract, read_document

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[2] / "shared"
SEEDS = SHARED / "seeds"
SCORER_DIR = SHARED / "tools"

PAGE_CSS = """
@page { size: A4; margin: 24mm 18mm 22mm 18mm;
  @top-left { content: "%(org)s"; font-size: 8pt }
  @top-right { content: "%(kind)s"; font-size: 8pt }
  @bottom-center { content: "Sida " counter(page) " av " counter(pages); font-size: 8pt } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; columns: 2; column-gap: 8mm }
p { margin: 0 0 3pt 0; white-space: pre-wrap }
h1, h2, h3, h4 { font-size: 10.5pt; margin: 6pt 0 3pt 0 }
"""

needs_seeds = pytest.mark.skipif(
    not (SEEDS.is_dir() and (SCORER_DIR / "score_import.py").is_file()), reason="shared seeds not available"
)


def _html_line(line: str) -> str:
    """The seeds' Markdown headings as headings of the page, other lines as paragraphs."""
    level = len(line) - len(line.lstrip("#"))
    if 1 <= level <= 6 and line[level : level + 1] == " ":
        return f"<h{level}>{html.escape(line[level + 1 :])}</h{level}>"
    return f"<p>{html.escape(line)}</p>"


def render_pdf(text: str, *, org: str, kind: str, columns: bool = True) -> bytes:
    from weasyprint import HTML

    body = "".join(_html_line(line) for line in text.split("\n"))
    css = PAGE_CSS % {"org": org, "kind": kind}
    if not columns:
        css += "body { columns: auto }"
    return HTML(string=f"<html><head><style>{css}</style></head><body>{body}</body></html>").write_pdf()


def score(name: str, result: dict) -> float:
    sys.path.insert(0, str(SCORER_DIR))
    try:
        import score_import
    finally:
        sys.path.remove(str(SCORER_DIR))
    truth = json.loads((HERE / "truth" / f"{name}.json").read_text(encoding="utf-8"))
    scores = score_import.score_document(truth, result)
    return sum(scores.values()) / 4


@needs_seeds
@pytest.mark.parametrize(
    ("name", "org", "kind"),
    [
        ("004_6136fb1e9b2a1ba7", "Göteborgsregionen", "PROTOKOLL"),
        ("002_407439a8817790b8", "Region Västerbotten", "MINNESANTECKNINGAR"),
    ],
)
def test_seed_as_a_two_column_pdf_with_running_header_and_footer(name: str, org: str, kind: str) -> None:
    text = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
    pdf = render_pdf(text, org=org, kind=kind)
    document = read_document(pdf, f"{name}.pdf")
    assert document.pages is not None and document.pages >= 3
    assert document.text.count("Sida ") >= 3  # the footer is in the text of every page
    result = extract(document.text)
    assert score(name, result) >= 0.95
    names = {p["name"] for p in result["attendees"]}
    assert not any(org in n or "Sida" in n for n in names)
    assert all("Sida" not in (i["title"] or "") for i in result["items"])
