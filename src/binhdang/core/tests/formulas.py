"""What a formula-injection test types and how it reads an exported file back."""

from __future__ import annotations

import io
import re
import zipfile

from openpyxl import load_workbook

# A link that phones home, arithmetic, a negative number typed as text, and Lotus-style "@".
INJECTIONS = ('=HYPERLINK("http://x","y")', "+1+1", "-1", "@SUM(A1)")
_FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[ >/]")


def text_values(data: bytes) -> list[object]:
    """Every cell value of an .xlsx file, after asserting that no cell of any sheet is a formula (as
    openpyxl reads it back, and in the sheets' XML itself)."""
    book = load_workbook(io.BytesIO(data))
    formulas = [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert not formulas, formulas
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                assert not _FORMULA_ELEMENT.search(archive.read(name)), name
    return [cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_typed_text_kept(data: bytes, typed: tuple[str, ...] = INJECTIONS) -> None:
    """The file holds each typed text as it was typed (as text, see text_values)."""
    values = text_values(data)
    for text in typed:
        assert any(isinstance(value, str) and text in value for value in values), text
