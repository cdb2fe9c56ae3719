"""Downloads of the money pages: CSV (semicolons and a BOM, for Swedish Excel), XLSX (amounts as
numbers of kronor with two decimals, formatted "# ##0,00 kr" by Excel's own locale) and PDF
(WeasyPrint, on the style sheet of the meeting papers)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse

from samverkan.meetings.pdf import write_pdf

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = '#,##0.00 "kr"'
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def kronor(ore: int) -> Decimal:
    """Öre as a Decimal of kronor for a spreadsheet cell: exact, never a float."""
    return Decimal(ore) / 100


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(filename: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return _attachment(HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"), filename)


def xlsx_response(
    filename: str,
    sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[Any]]]],
    *,
    money_columns: Sequence[int] = (),
) -> HttpResponse:
    """One workbook; each sheet (title, header, rows). Decimal cells in `money_columns` (0-based)
    get the money format; text that would be a formula stays text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    first = True
    for title, header, rows in sheets:
        sheet = book.active if first else book.create_sheet()
        assert sheet is not None
        first = False
        sheet.title = title[:31]
        sheet.append(list(header))
        for row in rows:
            sheet.append(list(row))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row_cells in sheet.iter_rows(min_row=2):
            for cell in row_cells:
                if cell.data_type == "f":
                    cell.data_type = "s"
                if cell.column - 1 in money_columns and isinstance(cell.value, int | float | Decimal):
                    cell.number_format = MONEY_FORMAT
        for index, _name in enumerate(header, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = 22 if index > 1 else 34
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE), filename)


def pdf_response(template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    data = write_pdf(template, context)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
