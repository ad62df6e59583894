"""The statistical annex as an Excel workbook: one sheet per table, numbers kept as numbers.

Each sheet: the title, the table's caption, a bold header row (frozen, repeated on printed pages), the
rows, then the notes. Printing is set to A4, landscape for tables wider than 7 columns, fitted to the
page width. Text is always stored as text (core.cells): a cell that starts with "=" never becomes a formula.
"""

from __future__ import annotations

import io
import math
import re
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from binhdang.core.cells import text_cells
from binhdang.reports.rendering.content import Table, clean_text

FONT_NAME = "Times New Roman"
THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(name: str, index: int, taken: set[str]) -> str:
    title = _SHEET_FORBIDDEN.sub(" ", clean_text(name)).strip(" '")[:31] or f"Bảng {index}"
    candidate, suffix = title, 2
    while candidate.lower() in taken:
        tail = f" ({suffix})"
        candidate, suffix = title[: 31 - len(tail)] + tail, suffix + 1
    taken.add(candidate.lower())
    return candidate


def _value(value: object) -> object:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return clean_text(value)
    if isinstance(value, int | float | Decimal):
        number = float(value)
        return value if math.isfinite(number) else "—"
    return clean_text(value)[:32000]


def _number_format(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    if isinstance(value, int) or float(value).is_integer():
        return "#,##0"
    return "#,##0.0#"


def render_xlsx(tables: list[Table], title: str, sheet_names: list[str] | None = None) -> bytes:
    """The tables as a workbook, one sheet each, named by `sheet_names` or the captions."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    title = clean_text(title)
    for index, table in enumerate(tables or [Table("", [], [])], start=1):
        given = sheet_names[index - 1] if sheet_names and index <= len(sheet_names) else ""
        name = clean_text(given) or table.caption
        sheet = workbook.create_sheet(_sheet_title(name or "", index, taken))
        rows = [list(row) for row in table.rows]
        columns = max([len(table.columns), *(len(row) for row in rows)], default=1) or 1
        header = [clean_text(name) for name in table.columns] + [""] * (columns - len(table.columns))
        row_number = 1
        for text, size in ((title, 14), (clean_text(table.caption), 12)):
            if not text:
                continue
            cell = sheet.cell(row=row_number, column=1)
            cell.value, cell.data_type = text, "s"
            cell.font = Font(name=FONT_NAME, size=size, bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            if columns > 1:
                sheet.merge_cells(start_row=row_number, start_column=1, end_row=row_number, end_column=columns)
            sheet.row_dimensions[row_number].height = 20 * max(1, math.ceil(len(text) / (12 * columns)))
            row_number += 1
        if row_number > 1:
            row_number += 1  # a blank row between the title and the table
        header_row = row_number
        for column, text in enumerate(header, start=1):
            cell = sheet.cell(row=header_row, column=column)
            cell.value, cell.data_type = text, "s"
            cell.font = Font(name=FONT_NAME, size=12, bold=True)
            cell.fill, cell.border = HEADER_FILL, GRID
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        widths = [max(8, min(len(text), 30)) for text in header]
        last = len(rows) - 1
        for offset, row in enumerate(rows, start=1):
            bold = table.total_row and offset - 1 == last
            for column, raw in enumerate(row + [None] * (columns - len(row)), start=1):
                value = _value(raw)
                cell = sheet.cell(row=header_row + offset, column=column)
                cell.value = value
                cell.font = Font(name=FONT_NAME, size=12, bold=bold)
                cell.border = GRID
                number_format = _number_format(value)
                if number_format:
                    cell.number_format = number_format
                    cell.alignment = Alignment(horizontal="right", vertical="center")
                else:
                    center = raw is None
                    cell.alignment = Alignment(horizontal="center" if center else "left", vertical="center",
                                               wrap_text=True)  # fmt: skip
                widths[column - 1] = max(widths[column - 1], min(len(str(value)) + 2, 50))
        notes = clean_text(table.notes)
        if notes:
            cell = sheet.cell(row=header_row + len(rows) + 2, column=1)
            cell.value, cell.data_type = notes, "s"
            cell.font = Font(name=FONT_NAME, size=11, italic=True)
        for column, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = width
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
        sheet.print_title_rows = f"{header_row}:{header_row}"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.orientation = "landscape" if columns > 7 else "portrait"
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    workbook.properties.title = title[:255]
    workbook.properties.creator = "Bình Đẳng"
    buffer = io.BytesIO()
    text_cells(workbook).save(buffer)  # titles, captions and notes hold typed text too
    return buffer.getvalue()
