"""Read real Vietnamese office spreadsheets (.xlsx) into plain, normalised rows.

This is the first layer of the staff import: it writes nothing and knows no models. It finds the
header row under the title block, understands two-row headers (a "Ngày sinh" group over "Nam" and
"Nữ" columns, a "Trình độ" group over "Chuyên môn", "Ngoại ngữ" ...), skips the column-numbering
row, stops at the signature block, NFC-normalises and trims text and converts cells typed in the
legacy TCVN3 and VNI fonts. Anything that is not a readable workbook raises ReadError with a
message for the user.
"""

import datetime
import functools
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.worksheet import Worksheet

from binhdang.core.vietnamese import fold, format_date, normalise, parse_date
from binhdang.registry.importing import legacy

__all__ = [
    "Cell",
    "Header",
    "ReadError",
    "Row",
    "Sheet",
    "Workbook",
    "YearOnlyDate",
    "match_header",
    "parse_cell_date",
    "read_workbook",
]

HEADER_SEARCH_ROWS = 15  # the header row is looked for in this many rows at the top of a sheet
MIN_HEADER_FIELDS = 2  # a row is a header row only if at least this many headings are recognised


class ReadError(Exception):
    """The file cannot be read as a workbook; message is meant for the user, already translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Cell:
    sheet: str
    row: int  # 1-based, as Excel shows it
    column: int  # 1-based
    column_letter: str  # "A", "B", ... "AA"
    value: object  # the raw value openpyxl gave (str, int, float, datetime, bool or None)
    text: str  # normalised text: NFC, trimmed, legacy encodings converted; dates as dd/mm/yyyy
    legacy_encoding: str | None = None  # "tcvn3" or "vni" if text was converted from it
    legacy_suspect: bool = False  # looks legacy-encoded but could not be converted confidently


@dataclass(frozen=True)
class Header:
    column: int
    column_letter: str
    text: str  # the heading as written (with its group heading, "Ngày sinh / Nam", for two-row headers)
    field: str | None  # canonical field name, or None if the heading is not recognised


@dataclass
class Row:
    sheet: str
    row: int
    fields: dict[str, Cell] = field(default_factory=dict)  # by canonical field, non-empty cells only
    extra: dict[str, Cell] = field(default_factory=dict)  # by column letter: unrecognised or repeated headings

    def text(self, name: str) -> str:
        cell = self.fields.get(name)
        return cell.text if cell else ""

    def value(self, name: str) -> object:
        cell = self.fields.get(name)
        return cell.value if cell else None


@dataclass
class Sheet:
    name: str
    hidden: bool
    header_rows: tuple[int, ...]  # 1-based rows that make the header (two for a two-row header)
    headers: list[Header]
    columns: dict[str, int]  # canonical field -> column number (first column wins)
    rows: list[Row]


@dataclass
class Workbook:
    filename: str
    sheets: list[Sheet]  # only the sheets where a header row was found


# --- Header matching --------------------------------------------------------------------------

_HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "full_name": (
        "ho va ten",
        "ho ten",
        "ho chu dem va ten",
        "ho chu dem ten",
        "ho va ten can bo",
        "ho ten can bo",
        "ho va ten cong chuc",
        "ho va ten khai sinh",
    ),
    "family_name": ("ho va ten dem", "ho dem", "ho va dem", "ho va chu dem", "ho chu dem", "ho"),
    "given_name": ("ten",),
    "birth_date": ("ngay sinh", "ngay thang nam sinh", "nam sinh", "sinh ngay", "ngay thang nam"),
    "birth_date_male": ("ngay sinh nam", "ngay thang nam sinh nam", "nam sinh nam"),
    "birth_date_female": ("ngay sinh nu", "ngay thang nam sinh nu", "nam sinh nu"),
    "sex": ("gioi tinh", "gioi", "nam nu"),
    "ethnicity": ("dan toc",),
    "post_title": ("chuc vu", "chuc danh", "chuc vu chuc danh", "chuc vu hien tai", "chuc vu hien nay"),
    "unit": ("don vi", "phong ban", "don vi cong tac", "co quan don vi", "phong ban don vi", "bo phan"),
    "employee_code": (
        "ma can bo",
        "ma cbccvc",
        "ma cbcc",
        "ma cb",
        "so hieu can bo",
        "so hieu cong chuc",
        "ma nhan vien",
        "ma so can bo",
    ),
    "civil_service_rank": ("ngach", "ngach cong chuc", "ngach vien chuc", "ngach cong chuc vien chuc"),
    "degree": ("trinh do chuyen mon", "chuyen mon", "trinh do dao tao", "chuyen mon nghiep vu"),
    "political_theory": ("ly luan chinh tri", "trinh do ly luan chinh tri", "llct"),
    "state_management": ("quan ly nha nuoc", "trinh do quan ly nha nuoc", "qlnn"),
    "foreign_language": ("ngoai ngu", "trinh do ngoai ngu"),
    "it_level": ("tin hoc", "trinh do tin hoc"),
    "party_member_since": ("ngay vao dang", "ngay ket nap dang", "ngay vao dang csvn", "ngay vao dang cong san"),
    "employment_type": ("loai can bo", "doi tuong", "loai doi tuong"),
    "row_number": ("stt", "tt", "so tt", "so thu tu"),
}
_HEADER_LOOKUP: dict[str, str] = {key: name for name, keys in _HEADER_SYNONYMS.items() for key in keys}
# Under a birth-date group heading, "Nam" and "Nữ" are the birth dates of men and of women.
_BIRTH_GROUP = frozenset(_HEADER_SYNONYMS["birth_date"])
_SEX_COLUMNS = {"nam": "birth_date_male", "nu": "birth_date_female"}

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_PARENTHESISED = re.compile(r"\([^()]*\)")


def _header_key(text: str) -> str:
    return " ".join(_NOT_ALNUM.sub(" ", fold(text)).split())


def match_header(text: str, parent: str | None = None) -> str | None:
    """The canonical field of a column heading, or None if it is not recognised.

    Case, spacing, diacritics, punctuation and notes in parentheses ("Ngày sinh (dd/mm/yyyy)") are
    ignored. parent is the group heading above a two-row header: "Nam"/"Nữ" under "Ngày sinh"
    become birth_date_male/birth_date_female, and a sub-heading that means nothing alone is tried
    together with its group ("Trình độ" over "Chuyên môn" is degree either way).
    """
    candidates = [text, _PARENTHESISED.sub(" ", text)]
    parent_key = _header_key(_PARENTHESISED.sub(" ", parent)) if parent else ""
    for candidate in candidates:
        key = _header_key(candidate)
        if not key:
            continue
        if parent_key in _BIRTH_GROUP and key in _SEX_COLUMNS:
            return _SEX_COLUMNS[key]
        if key in _SEX_COLUMNS:
            continue  # "Nam" or "Nữ" alone says nothing about what the column holds
        if key in _HEADER_LOOKUP:
            return _HEADER_LOOKUP[key]
        if parent_key and f"{parent_key} {key}" in _HEADER_LOOKUP:
            return _HEADER_LOOKUP[f"{parent_key} {key}"]
    return None


# --- Dates ------------------------------------------------------------------------------------


class YearOnlyDate(datetime.date):
    """A date of which only the year is known ("Năm sinh: 1985"); it stands as 1 January."""

    __slots__ = ()


_DMY_SHORT = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{2})", re.ASCII)
_DATE_LIKE = re.compile(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}", re.ASCII)
_YEAR = re.compile(r"\d{4}", re.ASCII)
_MIN_YEAR, _MAX_YEAR = 1900, 2100
_MAX_SERIAL = 2958465  # 31/12/9999 in Excel


def _two_digit_year(year: int) -> int:
    # Staff birth dates and recent events: 00-29 are 2000-2029, 30-99 are 1930-1999.
    return 2000 + year if year < 30 else 1900 + year


def parse_cell_date(value: object) -> tuple[datetime.date | None, str | None]:
    """Read a date from a cell: (date, None), (None, error message), or (None, None) if empty.

    Accepted: Excel dates; Excel serial numbers (a whole number from 1900 to 2100 is read as a
    year instead, since a serial number in that range would be a date in 1905); "dd/mm/yyyy",
    "d/m/yyyy", with "/", "-" or "." between the parts; "d/m/yy", where a two-digit year 00-29
    means 2000-2029 and 30-99 means 1930-1999; "yyyy-mm-dd"; a year alone ("1985"), returned as a
    YearOnlyDate on 1 January (isinstance(result, YearOnlyDate) tells that only the year is known).
    """
    if value is None or (isinstance(value, str) and not normalise(value)):
        return None, None
    if isinstance(value, datetime.datetime):
        return value.date(), None
    if isinstance(value, datetime.date):
        return value, None
    if isinstance(value, bool):
        return None, _("“%(value)s” is not a date: write it as dd/mm/yyyy.") % {"value": value}
    if isinstance(value, int | float):
        if value == int(value) and _MIN_YEAR <= value <= _MAX_YEAR:
            return YearOnlyDate(int(value), 1, 1), None
        if 1 <= value <= _MAX_SERIAL:
            return from_excel(value).date(), None
        return None, _("“%(value)s” is not a date: write it as dd/mm/yyyy.") % {"value": value}
    text = normalise(str(value))
    if parsed := parse_date(text):
        return parsed, None
    try:
        if match := _DMY_SHORT.fullmatch(text):
            day, month, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
            return datetime.date(_two_digit_year(year), month, day), None
        if _YEAR.fullmatch(text) and _MIN_YEAR <= int(text) <= _MAX_YEAR:
            return YearOnlyDate(int(text), 1, 1), None
    except ValueError:
        pass
    if _DATE_LIKE.fullmatch(text) or _DMY_SHORT.fullmatch(text):
        return None, _("“%(value)s” is not a real date: check the day and the month.") % {"value": text}
    return None, _("“%(value)s” is not a date: write it as dd/mm/yyyy.") % {"value": text}


# --- File kinds -------------------------------------------------------------------------------

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # stream name in an encrypted .xlsx
_NOT_SPREADSHEET_SIGNATURES = (
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"BM",  # Windows bitmap
    b"II*\x00",  # TIFF
    b"MM\x00*",
    b"{\\rtf",
    b"Rar!",
    b"7z\xbc\xaf",
    b"\x1f\x8b",  # gzip
)


def _old_xls_message() -> str:
    return _("This is an old .xls file: open it in Excel and save it as .xlsx (Excel Workbook), then upload it again.")


def _not_spreadsheet_message() -> str:
    return _("This file is not a spreadsheet: upload an Excel workbook (.xlsx).")


def _damaged_message() -> str:
    return _("The file is damaged and cannot be read: open it in Excel, save it again as .xlsx and upload it again.")


def _looks_like_text(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return False
    for encoding in ("utf-8", "cp1252"):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        return all(char.isprintable() or char in "\r\n\t" for char in text)
    return False


def _check_kind(data: bytes) -> None:
    """Raise ReadError unless data looks like an .xlsx workbook (a zip holding xl/workbook.xml)."""
    if not data or not data.strip():
        raise ReadError(_("The file is empty."))
    if data.startswith(_OLE2):
        if _ENCRYPTED_PACKAGE in data:
            raise ReadError(
                _(
                    "The file is password-protected: open it in Excel, remove the password "
                    "(File > Info > Protect Workbook > Encrypt with Password), save it and upload it again."
                )
            )
        raise ReadError(_old_xls_message())
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            raise ReadError(_damaged_message()) from None
        if "content.xml" in names and "mimetype" in names:
            raise ReadError(
                _("This is an OpenDocument spreadsheet (.ods): open it and save it as .xlsx, then upload it again.")
            )
        if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
            raise ReadError(_not_spreadsheet_message())
        if "xl/workbook.bin" in names:
            raise ReadError(
                _("This is a binary Excel workbook (.xlsb): open it in Excel, save it as .xlsx and upload it again.")
            )
        return
    if any(data.startswith(signature) for signature in _NOT_SPREADSHEET_SIGNATURES):
        raise ReadError(_not_spreadsheet_message())
    if _looks_like_text(data):
        message = _(
            "This is a CSV or text file: open it in Excel and save it as .xlsx (Excel Workbook), then upload it again."
        )
        raise ReadError(message)
    raise ReadError(_not_spreadsheet_message())


# --- Cells ------------------------------------------------------------------------------------


def _number_text(value: float) -> str:
    if value == int(value):
        return str(int(value))
    return repr(value)


@functools.lru_cache(maxsize=65536)
def _read_text(value: str) -> tuple[str, str | None, bool]:
    """(normalised text, legacy encoding it was converted from, looks legacy but unconvertible).

    Cached: units, posts, ethnic groups and sexes repeat on every row of a large file.
    """
    text = normalise(value)
    if text.isascii():
        return text, None, False
    encoding = legacy.detect(text)
    if encoding:
        return normalise(legacy.to_unicode(text, encoding)), encoding, False
    return text, None, legacy.looks_legacy(text)


def _make_cell(sheet: str, row: int, column: int, value: object) -> Cell:
    encoding: str | None = None
    suspect = False
    if value is None:
        text = ""
    elif isinstance(value, str):
        text, encoding, suspect = _read_text(value)
    elif isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, datetime.datetime | datetime.date):
        day = value.date() if isinstance(value, datetime.datetime) else value
        text = format_date(day)
    elif isinstance(value, int | float):
        text = _number_text(value)
    else:
        text = normalise(str(value))
    return Cell(sheet, row, column, get_column_letter(column), value, text, encoding, suspect)


def _convert_by_column(grid: dict[tuple[int, int], Cell], first_row: int) -> None:
    """Convert cells that are ambiguous alone ("Vò") in columns whose other cells are all legacy.

    A column qualifies when, below the header, some cells were detected in exactly one legacy
    encoding and none holds a letter that only Unicode has.
    """
    columns: dict[int, list[Cell]] = {}
    for (row, column), cell in grid.items():
        if row >= first_row and isinstance(cell.value, str) and cell.text:
            columns.setdefault(column, []).append(cell)
    for cells in columns.values():
        encodings = {cell.legacy_encoding for cell in cells if cell.legacy_encoding}
        if len(encodings) != 1 or any(_has_unicode_only_letter(cell) for cell in cells):
            continue
        encoding = encodings.pop()
        for cell in cells:
            if cell.legacy_encoding is None and legacy.converts_cleanly(cell.text, encoding):
                text = normalise(legacy.to_unicode(cell.text, encoding))
                grid[cell.row, cell.column] = Cell(
                    cell.sheet, cell.row, cell.column, cell.column_letter, cell.value, text, encoding, False
                )


def _has_unicode_only_letter(cell: Cell) -> bool:
    if cell.legacy_encoding:
        return False
    return any(ord(char) > 0xFF and char.isalpha() for char in cell.text)


# --- Sheets -----------------------------------------------------------------------------------

_STOP_MARKERS = (
    "nguoi lap bieu",
    "nguoi lap",
    "thu truong don vi",
    "thu truong co quan",
    "thu truong",
    "ghi chu",
    "noi nhan",
    "xac nhan cua",
)
_PLACE_DATE_LINE = re.compile(r"\bngay\b.*\bthang\b.*\bnam\b")
_NUMBER_LABEL = re.compile(r"\(?\d{1,3}\)?", re.ASCII)


def _merged_values(ws: Worksheet) -> tuple[dict[tuple[int, int], tuple[int, int]], set[tuple[int, int, int, int]]]:
    """Map every cell covered by a merged range to the range's top-left cell; and the ranges."""
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    ranges: set[tuple[int, int, int, int]] = set()
    for merged in ws.merged_cells.ranges:
        min_col, min_row, max_col, max_row = merged.bounds
        ranges.add((min_row, min_col, max_row, max_col))
        for row in range(min_row, max_row + 1):
            for column in range(min_col, max_col + 1):
                covered[row, column] = (min_row, min_col)
    return covered, ranges


def _is_numbering_row(texts: Iterable[str]) -> bool:
    values = [text for text in texts if text]
    return len(values) >= MIN_HEADER_FIELDS and all(_NUMBER_LABEL.fullmatch(text) for text in values)


def _is_stop_row(texts: list[str]) -> bool:
    values = [text for text in texts if text]
    if not values or len(values) > 3:
        return False
    for key in map(_header_key, values):
        if any(key.startswith(marker) for marker in _STOP_MARKERS) or _PLACE_DATE_LINE.search(key):
            return True
    return False


def _read_sheet(ws: Worksheet) -> Sheet | None:
    name = ws.title
    max_row, max_col = ws.max_row, ws.max_column
    covered, ranges = _merged_values(ws)
    grid: dict[tuple[int, int], Cell] = {}
    for row_cells in ws.iter_rows(min_row=1, max_row=max_row, max_col=max_col):
        for cell in row_cells:
            if cell.value is not None:
                grid[cell.row, cell.column] = _make_cell(name, cell.row, cell.column, cell.value)

    def text_at(row: int, column: int, *, fill: bool = True) -> str:
        if fill and (row, column) in covered:
            row, column = covered[row, column]
        cell = grid.get((row, column))
        return cell.text if cell else ""

    # The header row is the row among the first ones where most headings are recognised.
    best_row, best_score = 0, 0
    for row in range(1, min(max_row, HEADER_SEARCH_ROWS) + 1):
        fields = {match_header(text_at(row, column)) for column in range(1, max_col + 1)} - {None}
        if len(fields) > best_score:
            best_row, best_score = row, len(fields)
    if best_score < MIN_HEADER_FIELDS:
        return None
    header_row = best_row

    # Two-row header: a range merged down from the header row, or headings under a merged group.
    sub_row = header_row + 1
    grouped = [r for r in ranges if r[0] == header_row and r[3] > r[1] and r[2] == header_row]
    two_rows = any(r[0] == header_row and r[2] >= sub_row for r in ranges) or any(
        text_at(sub_row, column, fill=False) and not _NUMBER_LABEL.fullmatch(text_at(sub_row, column, fill=False))
        for r in grouped
        for column in range(r[1], r[3] + 1)
    )
    headers: list[Header] = []
    for column in range(1, max_col + 1):
        parent = text_at(header_row, column)
        child = text_at(sub_row, column, fill=False) if two_rows and (sub_row, column) not in covered else ""
        if child and not _NUMBER_LABEL.fullmatch(child):
            label, found = f"{parent} / {child}" if parent else child, match_header(child, parent or None)
        elif parent:
            label, found = parent, match_header(parent)
        else:
            continue
        headers.append(Header(column, get_column_letter(column), label, found))
    columns: dict[str, int] = {}
    for header in headers:
        if header.field and header.field not in columns:
            columns[header.field] = header.column

    first_data_row = sub_row + 1 if two_rows else sub_row
    header_columns = [header.column for header in headers]
    if _is_numbering_row(text_at(first_data_row, column) for column in header_columns):
        first_data_row += 1
    _convert_by_column(grid, first_data_row)

    # In data rows, only ranges merged down (a unit written once for several people) are filled in.
    vertical = {
        (row, column): (r[0], r[1])
        for r in ranges
        if r[2] > r[0] and r[2] >= first_data_row
        for row in range(max(r[0], first_data_row), r[2] + 1)
        for column in range(r[1], r[3] + 1)
    }
    rows: list[Row] = []
    for row in range(first_data_row, max_row + 1):
        texts = [text_at(row, column, fill=False) for column in header_columns]
        if _is_stop_row(texts):
            break
        record = Row(name, row)
        for header in headers:
            source = vertical.get((row, header.column), (row, header.column))
            cell = grid.get(source)
            if cell is None or not cell.text:
                continue
            if source != (row, header.column):  # the filled-in value, placed at this row and column
                cell = Cell(name, row, header.column, header.column_letter, cell.value, cell.text,
                            cell.legacy_encoding, cell.legacy_suspect)  # fmt: skip
            if header.field and columns[header.field] == header.column:
                record.fields[header.field] = cell
            else:
                record.extra[header.column_letter] = cell
        if record.fields or record.extra:
            rows.append(record)
    header_rows = (header_row, sub_row) if two_rows else (header_row,)
    return Sheet(name, ws.sheet_state != "visible", header_rows, headers, columns, rows)


def read_workbook(data: bytes, filename: str) -> Workbook:
    """Read an uploaded .xlsx file into sheets of normalised rows, or raise ReadError.

    Only worksheets with a recognisable header row are returned (an instructions sheet is left
    out); hidden sheets are returned with hidden=True. Formula cells give the value Excel saved.
    """
    _check_kind(data)
    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # openpyxl raises many kinds (KeyError, XML errors ...) for a broken file
        raise ReadError(_damaged_message()) from None
    try:
        sheets = [sheet for ws in book.worksheets if (sheet := _read_sheet(ws)) is not None]
    finally:
        book.close()
    if not sheets:
        if any(ws.max_row > 1 or ws.max_column > 1 or ws.cell(1, 1).value is not None for ws in book.worksheets):
            raise ReadError(
                _(
                    "No row of column headings was found: the first %(rows)d rows of a sheet must include "
                    "headings such as “Họ và tên”, “Ngày sinh”, “Giới tính”, “Đơn vị”."
                )
                % {"rows": HEADER_SEARCH_ROWS}
            )
        raise ReadError(_("The workbook contains no data."))
    if not any(sheet.rows for sheet in sheets):
        raise ReadError(_("The workbook has column headings but no rows of data under them."))
    return Workbook(filename, sheets)
