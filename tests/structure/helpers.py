"""Helpers shared by the structure tests."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml
from django.apps import apps
from django.conf import settings

EXAMPLES = Path(settings.BASE_DIR) / "examples"
VASTRA_GOTALAND = EXAMPLES / "vastra-gotaland.yaml"
VASTERBOTTEN = EXAMPLES / "vasterbotten.yaml"


def db_state() -> dict[str, list[tuple]]:
    """Every row of every table of our apps and of the user accounts, many-to-many tables
    included, with every column (so a changed `updated_at` shows too)."""
    state: dict[str, list[tuple]] = {}
    for label in ("accounts", "core", "structure"):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            state[model._meta.label] = list(model.objects.order_by("pk").values_list())
    return state


def row_counts() -> dict[str, int]:
    return {label: len(rows) for label, rows in db_state().items()}


def expected_from_file(path: Path) -> Counter:
    """What loading the file into an empty database must create, counted from the YAML itself
    (read with PyYAML's plain loader, independently of the loader under test)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    people_refs = {p["key"]: p["key"] for p in data.get("people", [])} | {
        p["name"]: p["key"] for p in data.get("people", [])
    }
    people = set(people_refs.values())
    memberships = 0
    for group in data.get("memberships", []):
        for member in group["members"]:
            memberships += 1
            for ref in (member["person"], member.get("substitute_for")):
                if ref is not None:
                    people.add(people_refs.get(ref, ref))
    return Counter(
        {
            "structure.Term": len(data.get("terms", [])),
            "structure.Principal": len(data.get("principals", [])),
            "structure.Population": sum(len(p.get("population") or {}) for p in data.get("principals", [])),
            "structure.Grouping": len(data.get("groupings", [])),
            "structure.Body": len(data.get("bodies", [])),
            "structure.Mandate": sum(len(b.get("mandates", [])) for b in data.get("bodies", [])),
            "structure.Person": len(people),
            "structure.Membership": memberships,
        }
    )


@dataclass
class Table:
    caption: str
    rows: list[list[str]] = field(default_factory=list)


class _Tables(HTMLParser):
    """Collects every table of a page: its caption and its body rows as lists of cell texts
    (whitespace collapsed; header rows in <thead> left out)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self._row: list[str] | None = None
        self._text: list[str] | None = None
        self._in_head = False
        self._in_caption = False

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag == "table":
            self.tables.append(Table(caption=""))
        elif tag == "caption":
            self._in_caption, self._text = True, []
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and not self._in_head:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._text = []
        elif tag == "br" and self._text is not None:
            self._text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption" and self._text is not None:
            self.tables[-1].caption = " ".join("".join(self._text).split())
            self._in_caption, self._text = False, None
        elif tag == "thead":
            self._in_head = False
        elif tag in ("td", "th") and self._row is not None and self._text is not None:
            self._row.append(" ".join("".join(self._text).split()))
            self._text = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].rows.append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


def tables(response: Any) -> list[Table]:
    parser = _Tables()
    parser.feed(response.content.decode())
    return parser.tables
