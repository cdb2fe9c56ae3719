"""Indicator values read from files: a CSV of periods and values, or Kolada's JSON (the API's
shape: {"values": [{"kpi", "municipality", "period", "values": [{"gender", "value"}]}]}).
Reading never writes: it returns the rows or raises FileProblem naming each problem and its
line; `services.indicator_values_import` then saves all of them or none."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

PERIOD = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]|H[12]|Q[1-4]|T[1-3]))?$")
MAX_BYTES = 2_000_000


class FileProblem(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Row:
    period: str
    value: Decimal
    source: str = ""
    comment: str = ""


def _decimal(text: str) -> Decimal:
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    value = Decimal(cleaned)
    if not value.is_finite() or abs(value) >= Decimal("1e12"):
        raise InvalidOperation
    return value.quantize(Decimal("0.01"))


def _text(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise FileProblem([_("The file is larger than 2 MB.")])
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileProblem([_("The file is not text (UTF-8 or Windows-1252).")])


def read_csv(data: bytes) -> list[Row]:
    """period;value[;source[;comment]] with a header line; semicolons (Swedish Excel) or commas;
    a decimal comma is read as a decimal point."""
    text = _text(data)
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") >= first.count(",") and ";" in first else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader, [])]
    names = {
        "period": ("period", "år", "ar"),
        "value": ("value", "värde", "varde"),
        "source": ("source", "källa", "kalla"),
        "comment": ("comment", "kommentar"),
    }
    columns: dict[str, int] = {}
    for key, aliases in names.items():
        for i, h in enumerate(header):
            if h in aliases:
                columns[key] = i
    if "period" not in columns or "value" not in columns:
        raise FileProblem(
            [_("The first line must name the columns: period and value (and, if you like, source and comment).")]
        )
    rows: list[Row] = []
    problems: list[str] = []
    seen: set[str] = set()
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        found = {key: cells[i].strip() for key, i in columns.items() if i < len(cells)}
        period, raw = found.get("period", ""), found.get("value", "")
        if not PERIOD.match(period):
            problems.append(
                _("Line %(line)s: “%(period)s” is not a period (a year such as 2019, or 2019-06).")
                % {"line": number, "period": period}
            )
            continue
        if period in seen:
            problems.append(_("Line %(line)s: the period %(period)s comes twice.") % {"line": number, "period": period})
            continue
        try:
            value = _decimal(raw)
        except (InvalidOperation, ValueError):
            problems.append(_("Line %(line)s: “%(value)s” is not a number.") % {"line": number, "value": raw})
            continue
        seen.add(period)
        rows.append(Row(period, value, found.get("source", "")[:200], found.get("comment", "")))
    if problems:
        raise FileProblem(problems)
    if not rows:
        raise FileProblem([_("The file holds no values.")])
    return rows


def read_kolada(data: bytes, *, kpi: str, municipality: str) -> list[Row]:
    """The values of one key figure for one municipality (or region), total of the genders
    ("T"), from Kolada's JSON."""
    try:
        document = json.loads(_text(data))
    except json.JSONDecodeError as exc:
        raise FileProblem(
            [_("The file is not JSON (line %(line)s: %(msg)s).") % {"line": exc.lineno, "msg": exc.msg}]
        ) from exc
    entries = document.get("values") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise FileProblem([_("The file is not Kolada's JSON: it has no list “values”.")])
    rows: list[Row] = []
    problems: list[str] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("values"), list):
            problems.append(_("Entry %(n)s is not a Kolada value.") % {"n": index})
            continue
        if str(entry.get("kpi", "")) != kpi or str(entry.get("municipality", "")) != municipality:
            continue
        period = str(entry.get("period", ""))
        if not PERIOD.match(period):
            problems.append(_("Entry %(n)s: “%(period)s” is not a period.") % {"n": index, "period": period})
            continue
        totals = [v for v in entry["values"] if isinstance(v, dict) and v.get("gender") == "T"]
        if not totals or totals[0].get("value") is None:
            continue  # Kolada has no value for the period (null): nothing to record
        try:
            value = _decimal(str(totals[0]["value"]))
        except (InvalidOperation, ValueError):
            problems.append(_("Entry %(n)s: “%(value)s” is not a number.") % {"n": index, "value": totals[0]["value"]})
            continue
        if period in seen:
            problems.append(_("Entry %(n)s: the period %(period)s comes twice.") % {"n": index, "period": period})
            continue
        seen.add(period)
        rows.append(Row(period, value, f"Kolada {kpi}, {municipality}"))
    if problems:
        raise FileProblem(problems)
    if not rows:
        raise FileProblem(
            [_("The file holds no value of %(kpi)s for %(municipality)s.") % {"kpi": kpi, "municipality": municipality}]
        )
    return rows
