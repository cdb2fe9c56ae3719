"""Reading a budget from the spreadsheet officials keep: XLSX, or CSV (semicolons or commas,
UTF-8 or Latin-1). The first row names the columns, in Swedish or English:

    Kod;Rubrik;Post;Intäkter;Kostnader;Not
    100;Styrning-ledning;Medlemsavgifter;3 401 200;;1 700 605 invånare
    100;Styrning-ledning;Styrelsen;;25 000;

Only "Post" (the line's name) is required; amounts are kronor as people write them ("25 000",
"1 234,50 kr", empty or "-" for none). Rows of sums ("Summa 100", "Totalt") are kept as the sums
the document states, never counted: the page computes the sums and shows where the document's
differ. "Netto" rows are left out (the net is computed). A row with a bad amount is refused with
its line, and then nothing is read."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from samverkan.finance.money import parse_money

COLUMNS = {
    "code": ("kod", "konto", "code", "account"),
    "heading": ("rubrik", "område", "verksamhet", "heading", "group"),
    "name": ("post", "benämning", "namn", "name", "item"),
    "income": ("intäkter", "intäkt", "income"),
    "cost": ("kostnader", "kostnad", "cost", "costs"),
    "note": ("not", "kommentar", "anmärkning", "note", "comment"),
}
SUM_WORDS = ("summa", "totalt", "total", "sum")
NET_WORDS = ("netto", "net", "resultat")


@dataclass
class LineRow:
    code: str
    heading: str
    name: str
    income: int
    cost: int
    note: str
    line: int
    stated_sum: bool = False


@dataclass
class ReadBudget:
    rows: list[LineRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # lines of net left out


def _cells(data: bytes, filename: str) -> list[list[str]]:
    if data[:4] == b"PK\x03\x04":
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # a damaged or foreign file
            raise ValueError(_("The file is not a spreadsheet that can be read (XLSX).")) from exc
        sheet = book.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append(["" if v is None else _cell_text(v) for v in values])
        return rows
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    if "\x00" in text:
        raise ValueError(_("The file is neither a CSV file nor an XLSX spreadsheet."))
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") >= first.count(",") and ";" in first else ("\t" if "\t" in first else ",")
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _cell_text(value: object) -> str:
    if isinstance(value, float):
        # A spreadsheet's number: kronor with at most two decimals, written the Swedish way.
        return f"{value:.2f}".replace(".", ",")
    return str(value)


def _amount(text: str) -> int:
    cleaned = text.strip()
    if cleaned in ("", "-", "–", "-kr", "- kr", "0"):
        return 0
    return parse_money(cleaned)


def read_budget_file(data: bytes, filename: str = "") -> ReadBudget:
    result = ReadBudget()
    try:
        rows = _cells(data, filename)
    except ValueError as exc:
        result.errors.append(str(exc))
        return result
    if not rows:
        result.errors.append(_("The file is empty."))
        return result
    header = [cell.strip().lower() for cell in rows[0]]
    where: dict[str, int] = {}
    for key, names in COLUMNS.items():
        for index, cell in enumerate(header):
            if cell in names:
                where[key] = index
                break
    if "name" not in where or not ({"income", "cost"} & set(where)):
        result.errors.append(
            _(
                "Line 1: the first row must name the columns, at least Post and Intäkter or Kostnader (found: %(found)s)."
            )
            % {"found": ", ".join(c for c in rows[0] if c) or "–"}
        )
        return result
    for number, cells in enumerate(rows[1:], start=2):

        def get(key: str, cells: list[str] = cells) -> str:
            index = where.get(key)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        name = get("name")
        if not any(c.strip() for c in cells):
            continue
        if not name:
            result.errors.append(_("Line %(line)d: the line has no name (Post).") % {"line": number})
            continue
        first_word = name.lower().split(" ")[0].rstrip(":")
        if first_word in NET_WORDS:
            result.skipped.append(number)
            continue
        stated_sum = first_word in SUM_WORDS
        code = get("code")
        if stated_sum and not code and first_word == "summa" and len(name.split()) > 1:
            code = name.split()[1]  # "Summa 100"
        try:
            income, cost = _amount(get("income")), _amount(get("cost"))
        except ValueError:
            result.errors.append(
                _("Line %(line)d: “%(value)s” is not an amount in kronor.")
                % {"line": number, "value": (get("income") + " " + get("cost")).strip()}
            )
            continue
        if income < 0 or cost < 0:
            result.errors.append(
                _("Line %(line)d: write income and cost as positive amounts (the net is computed).") % {"line": number}
            )
            continue
        result.rows.append(
            LineRow(
                code=code[:20],
                heading=get("heading")[:200],
                name=name[:200],
                income=income,
                cost=cost,
                note=get("note")[:300],
                line=number,
                stated_sum=stated_sum,
            )
        )
    if not result.rows and not result.errors:
        result.errors.append(_("The file has no budget lines."))
    return result
