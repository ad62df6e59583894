"""The one guard against formula injection (core.cells), on its own."""

from __future__ import annotations

import io

from openpyxl import Workbook

from binhdang.core.cells import csv_text, text_cell, text_cells
from binhdang.core.tests.formulas import INJECTIONS, assert_typed_text_kept


def test_an_ordinary_workbook_keeps_typed_formulas_as_text():
    book = Workbook()
    book.active.append([*INJECTIONS, 12, "Hà Nội"])
    buffer = io.BytesIO()
    text_cells(book).save(buffer)
    assert_typed_text_kept(buffer.getvalue())


def test_a_write_only_sheet_keeps_typed_formulas_as_text():
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Cán bộ")
    sheet.append([text_cell(sheet, value) for value in (*INJECTIONS, 12)])
    buffer = io.BytesIO()
    book.save(buffer)
    assert_typed_text_kept(buffer.getvalue())


def test_without_the_guard_openpyxl_writes_a_formula():
    # The reason for the guard: openpyxl stores any string that starts with "=" as a formula.
    book = Workbook()
    book.active.append([INJECTIONS[0]])
    assert book.active["A1"].data_type == "f"


def test_csv_fields_that_start_like_a_formula_get_an_apostrophe_but_numbers_do_not():
    assert [csv_text(value) for value in INJECTIONS] == [
        '\'=HYPERLINK("http://x","y")', "'+1+1", "-1", "'@SUM(A1)"
    ]
    assert csv_text("-1+cmd|' /C calc'!A0") == "'-1+cmd|' /C calc'!A0"
    assert csv_text("Sở Nội vụ") == "Sở Nội vụ" and csv_text(12) == 12
