"""Score `samverkan extract` on ../shared/importer-devset: its development part, its held-out part, or
both (the split is in devset_split.py), and the extractor that finds nothing, for comparison.

    .venv/bin/python tests/importer/score_devset.py [development|held-out|all] [--empty] [--per-document]

Extraction runs in this process (read_document + extract, what `samverkan extract FILE` prints).
Per-document rows are printed only for the development part: the held-out part is only scored.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[2] / "shared"
DEVSET = SHARED / "importer-devset"
SCORER = SHARED / "tools" / "score_import.py"
GROUPS = ("header", "people", "items", "adjusters", "doc")
EMPTY: dict[str, Any] = {
    "kind": None, "body": None, "organisation": None, "date": None, "start_time": None, "end_time": None,
    "place": None, "attendees": [], "items": [], "adjusters": [],
}  # fmt: skip


def available() -> bool:
    return (DEVSET / "docs").is_dir() and SCORER.is_file()


def scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_import", SCORER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def names(part: str) -> tuple[str, ...]:
    sys.path.insert(0, str(HERE))
    try:
        import devset_split
    finally:
        sys.path.remove(str(HERE))
    if part == "development":
        return devset_split.DEVELOPMENT
    if part == "held-out":
        return devset_split.HELD_OUT
    return devset_split.DEVELOPMENT + devset_split.HELD_OUT


def predict(name: str) -> dict[str, Any]:
    from samverkan.importer.extract import extract, read_document

    path = DEVSET / "docs" / name
    return extract(read_document(path.read_bytes(), path.name).text)


def score(part: str, *, empty: bool = False) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """(means over the part's documents, per-document scores) in the groups of the shared scorer."""
    score_document = scorer().score_document
    rows: dict[str, dict[str, float]] = {}
    for name in names(part):
        truth = json.loads((DEVSET / "truth" / name.replace(".txt", ".json")).read_text(encoding="utf-8"))
        scores = score_document(truth, EMPTY if empty else predict(name))
        scores["doc"] = sum(scores.values()) / 4
        rows[name] = scores
    means = {g: sum(r[g] for r in rows.values()) / len(rows) for g in GROUPS}
    return means, rows


def main(argv: list[str]) -> int:
    import django

    sys.path.insert(0, str(HERE.parents[1]))
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    part = next((a for a in argv if not a.startswith("--")), "all")
    if part not in ("development", "held-out", "all"):
        print(__doc__)
        return 2
    means, rows = score(part, empty="--empty" in argv)
    if "--per-document" in argv and part == "development":
        for name, s in rows.items():
            print(f"{name[:50]:50} " + " ".join(f"{s[g]:5.2f}" for g in GROUPS))
    print(f"{part} ({len(rows)} documents): " + " ".join(f"{g} {means[g]:.3f}" for g in GROUPS[:-1]))
    print(f"overall {means['doc']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
