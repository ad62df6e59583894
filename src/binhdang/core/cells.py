"""User text in the spreadsheets and CSV files the platform writes stays text: the one guard against
formula injection (a title "=HYPERLINK(...)" or "+1+1" must not become a live formula in Excel).

- .xlsx written with openpyxl: `text_cells(book)` just before saving a workbook (every string cell is
  stored as a string — openpyxl would store "=..." as a formula — with Excel's quote prefix on text that
  starts like a formula, so it also stays text when someone edits the cell); `text_cell(ws, value)` for
  a write-only sheet, where cells cannot be revisited. No export of ours writes formulas on purpose.
- CSV: `csv_text(value)` puts an apostrophe before text that starts like a formula (the usual
  defence: a spreadsheet program shows the text, the apostrophe shows it was neutralised).
"""

from __future__ import annotations

import re
from typing import Any

from openpyxl.cell import WriteOnlyCell

__all__ = ["FORMULA_STARTS", "csv_text", "looks_like_formula", "text_cell", "text_cells"]

# What makes Excel, LibreOffice or Google Sheets read a typed or CSV value as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def looks_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def _mark(cell: Any) -> Any:
    cell.data_type = "s"
    if looks_like_formula(cell.value):
        cell.quotePrefix = True
    return cell


def text_cells(book: Any) -> Any:
    """Every string cell of an (ordinary, not write-only) openpyxl workbook stored as text; returns it."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    _mark(cell)
    return book


def text_cell(ws: Any, value: Any) -> Any:
    """What to append to a write-only sheet for `value`: a text cell for a string, else the value."""
    if not isinstance(value, str):
        return value
    return _mark(WriteOnlyCell(ws, value))


def csv_text(value: Any) -> Any:
    """`value` for a CSV field: text that starts like a formula gets a leading apostrophe (a plain number
    such as "-1" is left alone: it is data, and no program runs it)."""
    if looks_like_formula(value) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value
