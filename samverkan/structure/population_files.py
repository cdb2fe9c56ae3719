"""Reading official population figures (folkmängd) in the formats SCB publishes them, for
`samverkan load population` (docs/population.md):

- the PxWeb CSV export as saved from Statistikdatabasen (Latin-1 or UTF-8; comma, semicolon or
  tab; an optional title above the header; region labels such as "1480 Göteborg"; one column
  per year; notes below the table);
- PxWebApi 2.0 JSON-stat2 (table TAB638, contents code BE0101N1);
- a plain `code,name,population` CSV, dated by `--date` or by a date in the file's name.

Reading only parses: every problem is collected with its line, and a file with any problem is
refused as a whole. Matching the codes to principals and writing the figures is done by
`read_figures` and the service `population_load`.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

from samverkan.structure.models import Principal
from samverkan.structure.services import PopulationFigure

MAX_BYTES = 20 * 1024 * 1024
CONTENTS_CODE = "BE0101N1"  # SCB: Folkmängd, 31 december
LABEL = re.compile(r"^\s*(\d{4}|\d{2})\s+(.+?)\s*$")
YEAR = re.compile(r"(?<!\d)((?:19|20|21)\d{2})(?!\d)")
DATE_IN_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
NUMBER = re.compile(r"^\d+$")
REGION_HEADERS = {"region", "kommun", "län", "lan"}


@dataclass(frozen=True)
class Problem:
    line: int
    message: str


class FileRefused(Exception):
    """The file cannot be loaded; `problems` says why, each with its line (0: the whole file)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: p.line)
        super().__init__("\n".join(f"line {p.line}: {p.message}" for p in self.problems))


@dataclass(frozen=True)
class Row:
    line: int
    code: str
    name: str
    reference_date: datetime.date
    inhabitants: int


@dataclass
class PopulationFile:
    format: str
    rows: list[Row]
    source: str


# --- Reading ---------------------------------------------------------------------------------


def read_population_file(data: bytes, *, filename: str, date: datetime.date | None = None) -> PopulationFile:
    """Parse a file of population figures, whatever SCB format it is in."""
    if len(data) > MAX_BYTES:
        raise FileRefused([Problem(0, f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")])
    if not data.strip():
        raise FileRefused([Problem(0, "the file is empty")])
    text = _decode(data)
    if text.lstrip().startswith("{"):
        return _json_stat(text, filename=filename, date=date)
    return _csv(text, filename=filename, date=date)


def _decode(data: bytes) -> str:
    """UTF-8 (with or without a byte order mark), else Latin-1, as Statistikdatabasen saves it."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _count(value: str, line: int, problems: list[Problem], what: str) -> int | None:
    cleaned = value.strip().replace("\u00a0", "").replace(" ", "")
    if cleaned in {"..", ".", "-", ""}:
        problems.append(Problem(line, f"{what}: there is no figure ({value.strip() or 'empty'})"))
        return None
    if not NUMBER.match(cleaned):
        problems.append(Problem(line, f"{what}: {value.strip()!r} is not a whole number of inhabitants"))
        return None
    return int(cleaned)


def _date_from_name(filename: str) -> datetime.date | None:
    match = DATE_IN_NAME.search(filename)
    if match is None:
        return None
    try:
        return datetime.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def _csv(text: str, *, filename: str, date: datetime.date | None) -> PopulationFile:
    lines = text.splitlines()
    sample = "\n".join([line for line in lines if line.strip()][:10])
    delimiter = max((",", ";", "\t"), key=sample.count)
    rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
    header_at = next((i for i, row in enumerate(rows) if _cells(row)), None)
    if header_at is None:
        raise FileRefused([Problem(0, "the file is empty")])
    # A PxWeb export may start with its title on a line of its own.
    title = ""
    if len(_cells(rows[header_at])) == 1 and _cells(rows[header_at])[0].lower() not in REGION_HEADERS:
        title = _cells(rows[header_at])[0]
        header_at = next((i for i in range(header_at + 1, len(rows)) if _cells(rows[i])), len(rows))
        if header_at == len(rows):
            raise FileRefused([Problem(1, "there is a title but no table")])
    header = [cell.strip() for cell in rows[header_at]]
    if [cell.lower() for cell in header] == ["code", "name", "population"]:
        return _plain(rows, header_at, filename=filename, date=date)
    if header[0].lower() in REGION_HEADERS:
        return _pxweb(rows, header_at, header, title=title, filename=filename, date=date)
    raise FileRefused(
        [
            Problem(
                header_at + 1,
                "this is not a population file this command reads: expected SCB's PxWeb export "
                "(a first column 'region' with labels such as \"1480 Göteborg\"), JSON-stat2 from "
                "PxWebApi 2.0, or the columns code,name,population",
            )
        ]
    )


def _cells(row: list[str]) -> list[str]:
    return [cell.strip() for cell in row if cell.strip()]


def _plain(rows: list[list[str]], header_at: int, *, filename: str, date: datetime.date | None) -> PopulationFile:
    problems: list[Problem] = []
    when = date or _date_from_name(filename)
    if when is None:
        raise FileRefused(
            [
                Problem(
                    header_at + 1,
                    "the file does not say its date: give it with --date YYYY-MM-DD or in the file's name",
                )
            ]
        )
    result: list[Row] = []
    for index in range(header_at + 1, len(rows)):
        row, line = rows[index], index + 1
        if not _cells(row):
            continue
        if len(row) != 3:
            problems.append(Problem(line, f"expected 3 columns (code,name,population), found {len(row)}"))
            continue
        code, name, value = (cell.strip() for cell in row)
        if not re.fullmatch(r"\d{4}|\d{2}", code):
            problems.append(Problem(line, f"{code!r} is not a kommunkod (four digits) or länskod (two digits)"))
            continue
        inhabitants = _count(value, line, problems, f"{code} {name}")
        if inhabitants is not None:
            result.append(Row(line, code, name, when, inhabitants))
    if problems:
        raise FileRefused(problems)
    return PopulationFile("code,name,population CSV", _no_repeats(result), f"{_base(filename)} ({when.isoformat()})")


def _pxweb(
    rows: list[list[str]],
    header_at: int,
    header: list[str],
    *,
    title: str,
    filename: str,
    date: datetime.date | None,
) -> PopulationFile:
    problems: list[Problem] = []
    columns: list[tuple[int, datetime.date]] = []
    values = [(i, cell) for i, cell in enumerate(header) if i > 0 and cell]
    if date is not None:
        if len(values) != 1:
            raise FileRefused(
                [Problem(header_at + 1, f"--date gives one date, but the file has {len(values)} columns of figures")]
            )
        columns = [(values[0][0], date)]
    else:
        for i, cell in values:
            years = YEAR.findall(cell)
            if len(years) != 1:
                problems.append(
                    Problem(
                        header_at + 1,
                        f"the column {cell!r} does not name one year: give the date of the figures with --date YYYY-MM-DD",
                    )
                )
                continue
            columns.append((i, datetime.date(int(years[0]), 12, 31)))  # BE0101N1: 31 December
    if problems:
        raise FileRefused(problems)
    if not columns:
        raise FileRefused([Problem(header_at + 1, "the table has no column of figures")])
    result: list[Row] = []
    for index in range(header_at + 1, len(rows)):
        row, line = rows[index], index + 1
        cells = _cells(row)
        if not cells:
            break  # the notes below the table follow an empty line
        label = LABEL.match(row[0]) if row else None
        if label is None:
            if len(cells) == 1:
                break  # a note straight after the table
            problems.append(Problem(line, f'{row[0].strip()!r} is not a region label such as "1480 Göteborg"'))
            continue
        code, name = label.groups()
        for column, when in columns:
            if column >= len(row):
                problems.append(Problem(line, f"{code} {name}: the row has no figure for {header[column]!r}"))
                continue
            inhabitants = _count(row[column], line, problems, f"{code} {name}")
            if inhabitants is not None:
                result.append(Row(line, code, name, when, inhabitants))
    if problems:
        raise FileRefused(problems)
    if not result:
        raise FileRefused([Problem(header_at + 1, "the table has no rows")])
    described = f"{title}, " if title else ""
    return PopulationFile("PxWeb CSV", _no_repeats(result), f"SCB Statistikdatabasen: {described}{_base(filename)}")


def _json_stat(text: str, *, filename: str, date: datetime.date | None) -> PopulationFile:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileRefused([Problem(exc.lineno, f"this is not valid JSON: {exc.msg}")]) from exc
    if not isinstance(data, dict) or data.get("class") != "dataset" or not isinstance(data.get("dimension"), dict):
        raise FileRefused([Problem(1, "this is not a JSON-stat2 dataset (PxWebApi 2.0, outputFormat=json-stat2)")])

    def line_of(needle: str) -> int:
        at = text.find(needle)
        return text.count("\n", 0, at) + 1 if at >= 0 else 1

    ids, sizes, dimensions = data.get("id"), data.get("size"), data["dimension"]
    if not isinstance(ids, list) or not isinstance(sizes, list) or len(ids) != len(sizes):
        raise FileRefused([Problem(line_of('"id"'), "the dataset's id and size do not match")])
    role = data.get("role") or {}
    time_id = _one_of(ids, role.get("time"), ("Tid", "tid", "year", "Year"))
    geo_id = _one_of(ids, role.get("geo"), ("Region", "region"))
    metric_id = _one_of(ids, role.get("metric"), ("ContentsCode", "contentscode"))
    if geo_id is None or time_id is None:
        raise FileRefused([Problem(line_of('"dimension"'), "the dataset has no region and year dimensions")])
    categories: dict[str, list[str]] = {}
    labels: dict[str, dict[str, str]] = {}
    for dim_id in ids:
        category = (dimensions.get(dim_id) or {}).get("category") or {}
        index = category.get("index")
        if isinstance(index, dict):
            codes = sorted(index, key=lambda code: index[code])
        elif isinstance(index, list):
            codes = list(index)
        else:
            codes = list(category.get("label") or {})
        categories[dim_id] = [str(code) for code in codes]
        labels[dim_id] = {str(k): str(v) for k, v in (category.get("label") or {}).items()}
    for dim_id, size in zip(ids, sizes, strict=True):
        if len(categories[dim_id]) != size:
            raise FileRefused(
                [Problem(line_of(f'"{dim_id}"'), f"the dimension {dim_id} does not have {size} categories")]
            )
    if metric_id is not None and categories[metric_id] != [CONTENTS_CODE]:
        raise FileRefused(
            [
                Problem(
                    line_of(f'"{metric_id}"'),
                    f"the contents are {', '.join(categories[metric_id])}, not {CONTENTS_CODE} (folkmängd)",
                )
            ]
        )
    for dim_id in ids:
        if dim_id not in (geo_id, time_id, metric_id):
            chosen = ", ".join(labels[dim_id].get(c, c) for c in categories[dim_id])
            raise FileRefused(
                [
                    Problem(
                        line_of(f'"{dim_id}"'),
                        f"the figures are broken down by {dim_id} ({chosen}): load the whole population "
                        "(leave that variable out of the query)",
                    )
                ]
            )
    dates: dict[str, datetime.date] = {}
    problems: list[Problem] = []
    for code in categories[time_id]:
        if date is not None:
            if len(categories[time_id]) != 1:
                raise FileRefused([Problem(line_of(f'"{time_id}"'), "--date gives one date, but the file has several")])
            dates[code] = date
        elif re.fullmatch(r"\d{4}", code):
            dates[code] = datetime.date(int(code), 12, 31)
        else:
            problems.append(
                Problem(line_of(f'"{code}"'), f"the time {code!r} is not a year: give the date with --date")
            )
    if problems:
        raise FileRefused(problems)
    values = data.get("value")
    total = 1
    for size in sizes:
        total *= size
    if isinstance(values, dict):
        values = [values.get(str(i)) for i in range(total)]
    if not isinstance(values, list) or len(values) != total:
        raise FileRefused([Problem(line_of('"value"'), f"the dataset should have {total} values")])
    strides = [1] * len(ids)
    for i in range(len(ids) - 2, -1, -1):
        strides[i] = strides[i + 1] * sizes[i + 1]
    geo_at, time_at = ids.index(geo_id), ids.index(time_id)
    result: list[Row] = []
    for g, code in enumerate(categories[geo_id]):
        name = labels[geo_id].get(code, code)
        labelled = LABEL.match(name)  # some tables label a region "1480 Göteborg"
        if labelled is not None:
            name = labelled.group(2)
        if not re.fullmatch(r"\d{4}|\d{2}", code):
            problems.append(Problem(line_of(f'"{code}"'), f"{code!r} is not a kommunkod or länskod"))
            continue
        for t, when in enumerate(categories[time_id]):
            value = values[g * strides[geo_at] + t * strides[time_at]]
            line = line_of(f'"{code}"')
            if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value) or value < 0:
                problems.append(
                    Problem(line, f"{code} {name} {when}: there is no whole number of inhabitants ({value!r})")
                )
                continue
            result.append(Row(line, code, name, dates[when], int(value)))
    if problems:
        raise FileRefused(problems)
    px = (data.get("extension") or {}).get("px") or {}
    table = px.get("tableid") or ""
    updated = data.get("updated") or ""
    parts = [data.get("source") or "SCB", f"tabell {table}" if table else "", CONTENTS_CODE]
    source = " ".join(p for p in parts if p) + (f" (uppdaterad {updated[:10]})" if updated else "")
    return PopulationFile("JSON-stat2", _no_repeats(result), source)


def _one_of(ids: list[str], preferred: Any, names: tuple[str, ...]) -> str | None:
    for candidate in [*(preferred if isinstance(preferred, list) else []), *names]:
        if candidate in ids:
            return str(candidate)
    return None


def _base(filename: str) -> str:
    return filename.replace("\\", "/").rsplit("/", 1)[-1]


def _no_repeats(rows: list[Row]) -> list[Row]:
    seen: dict[tuple[str, datetime.date], Row] = {}
    problems = []
    for row in rows:
        earlier = seen.get((row.code, row.reference_date))
        if earlier is not None:
            problems.append(
                Problem(
                    row.line, f"{row.code} {row.name} on {row.reference_date} is already given on line {earlier.line}"
                )
            )
        seen[(row.code, row.reference_date)] = row
    if problems:
        raise FileRefused(problems)
    return rows


# --- Matching --------------------------------------------------------------------------------


@dataclass
class Matched:
    figures: list[PopulationFigure] = field(default_factory=list)
    unmatched: list[Row] = field(default_factory=list)  # codes of no principal here
    warnings: list[Problem] = field(default_factory=list)


def _simple(text: str) -> str:
    return re.sub(r"[^a-zåäöéü]", "", text.lower())


def match_rows(rows: list[Row]) -> Matched:
    """Each row's principal, by its kommunkod (or länskod). A name that does not fit the
    principal's is a warning (a wrong code in the structure is then easy to see)."""
    principals = {p.scb_code: p for p in Principal.objects.exclude(scb_code="")}
    matched = Matched()
    for row in rows:
        principal = principals.get(row.code)
        if principal is None:
            matched.unmatched.append(row)
            continue
        name = _simple(row.name.removesuffix(" kommun").removesuffix(" län"))
        if name and not any(name in _simple(n) for n in (principal.name, principal.short_name) if n):
            matched.warnings.append(
                Problem(row.line, f"{row.code} is {row.name!r} in the file, but {principal.name!r} here")
            )
        matched.figures.append(PopulationFigure(principal, row.reference_date, row.inhabitants, row.line))
    return matched
