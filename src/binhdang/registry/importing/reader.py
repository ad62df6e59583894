"""Read real Vietnamese office spreadsheets (.xlsx) into plain, normalised rows.

This is the first layer of the staff import: it writes nothing and knows no models. It finds the
header row under the title block, understands two-row headers (a "Ngày sinh" group over "Nam" and
"Nữ" columns, a "Trình độ" group over "Chuyên môn", "Ngoại ngữ" ...), skips the column-numbering
row, stops at the signature block, NFC-normalises and trims text and converts cells typed in the
legacy TCVN3 and VNI fonts. Anything that is not a readable workbook raises ReadError with a
message for the user.
"""

from __future__ import annotations

import datetime
import functools
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from binhdang.core.archives import IMPORT_LIMITS, ArchiveError, check_archive
from binhdang.core.vietnamese import fold, format_date, normalise, parse_date
from binhdang.registry.importing import legacy

__all__ = [
    "Cell",
    "ExcelError",
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


class Row:
    """One data row. Values are kept raw and turned into Cells on demand, so that a 100,000-row
    file fits in memory: only the sheet's shared layout and a list of raw values per row are held."""

    __slots__ = ("_layout", "_values", "row", "sheet")

    def __init__(self, sheet: str, row: int, layout: _Layout, values: list[object]) -> None:
        self.sheet = sheet
        self.row = row
        self._layout = layout
        self._values = values  # raw values, one per heading of the sheet, None where empty

    def __repr__(self) -> str:
        return f"Row({self.sheet!r}, {self.row})"

    def cell(self, name: str) -> Cell | None:
        index = self._layout.index.get(name)
        if index is None or self._values[index] is None:
            return None
        return self._layout.cell(self, index)

    def text(self, name: str) -> str:
        index = self._layout.index.get(name)
        if index is None:
            return ""
        value = self._values[index]
        if value is None:
            return ""
        return self._layout.text(index, value)[0]

    def text_and_suspect(self, name: str) -> tuple[str, bool]:
        """The cell's text and whether it looks legacy-encoded but could not be converted."""
        index = self._layout.index.get(name)
        if index is None:
            return "", False
        value = self._values[index]
        if value is None:
            return "", False
        text, _encoding, suspect = self._layout.text(index, value)
        return text, suspect

    def value(self, name: str) -> object:
        index = self._layout.index.get(name)
        return None if index is None else self._values[index]

    @property
    def fields(self) -> dict[str, Cell]:
        """Non-empty cells by canonical field (the first column of a field only)."""
        layout = self._layout
        return {
            name: layout.cell(self, index) for name, index in layout.index.items() if self._values[index] is not None
        }

    @property
    def extra(self) -> dict[str, Cell]:
        """Non-empty cells of unrecognised or repeated headings, by column letter."""
        layout = self._layout
        return {
            layout.headers[index].column_letter: layout.cell(self, index)
            for index in layout.extra
            if self._values[index] is not None
        }


class _Layout:
    """What the rows of one sheet share: the headings, where each field is, column encodings."""

    def __init__(self, sheet: str, headers: list[Header]) -> None:
        self.sheet = sheet
        self.headers = headers
        self.index: dict[str, int] = {}
        for position, header in enumerate(headers):
            if header.field and header.field not in self.index:
                self.index[header.field] = position
        primary = set(self.index.values())
        self.extra = [position for position in range(len(headers)) if position not in primary]
        self.forced: dict[int, str] = {}  # heading position -> legacy encoding of the whole column

    def text(self, index: int, value: object) -> tuple[str, str | None, bool]:
        if isinstance(value, str):
            text, encoding, suspect = _read_text(value)
            forced = self.forced.get(index)
            if forced and encoding is None:
                converted = _forced_text(text, forced)
                if converted is not None:
                    return converted, forced, False
            return text, encoding, suspect
        return _plain_text(value), None, False

    def cell(self, row: Row, index: int) -> Cell:
        header = self.headers[index]
        value = row._values[index]
        text, encoding, suspect = self.text(index, value)
        return Cell(self.sheet, row.row, header.column, header.column_letter, value, text, encoding, suspect)


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
        for lookup in (_HEADER_LOOKUP, _template_lookup()):
            if key in lookup:
                return lookup[key]
            if parent_key and f"{parent_key} {key}" in lookup:
                return lookup[f"{parent_key} {key}"]
    return None


def _template_lookup() -> dict[str, str]:
    """The template's own headings (both languages) and the other sheets' synonyms."""
    from binhdang.registry.importing.schema import column_header_lookup

    return column_header_lookup()


# --- Dates ------------------------------------------------------------------------------------


class ExcelError(str):
    """A cell that shows an Excel error (#N/A, #REF!, #VALUE! ...) instead of a value."""

    __slots__ = ()


_ERROR_CELL = re.compile(rb'<c\b([^>]*\bt="e"[^>]*)>(.*?)</c>', re.S)
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_CELL_VALUE = re.compile(rb"<v>([^<]*)</v>")
_SHEET_ENTRY = re.compile(rb"<sheet\b[^>]*>")
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')
_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*>")


def _error_cells(data: bytes) -> dict[str, dict[tuple[int, int], ExcelError]]:
    """Cells holding Excel errors, by sheet name: calamine reads them as empty cells, which would
    silently mean "no value" (an empty unit is the unit imported into)."""
    from openpyxl.utils import column_index_from_string

    found: dict[str, dict[tuple[int, int], ExcelError]] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            workbook = archive.read("xl/workbook.xml")
            rels = archive.read("xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in names else b""
            targets = {}
            for match in _RELATIONSHIP.finditer(rels):
                attributes = dict(_ATTRIBUTE.findall(match.group(0)))
                target = attributes.get(b"Target", b"").decode("utf-8", "replace").lstrip("/")
                targets[attributes.get(b"Id", b"")] = target if target.startswith("xl/") else f"xl/{target}"
            for match in _SHEET_ENTRY.finditer(workbook):
                attributes = dict(_ATTRIBUTE.findall(match.group(0)))
                path = targets.get(attributes.get(b"r:id", b""))
                if not path or path not in names:
                    continue
                xml = archive.read(path)
                if b't="e"' not in xml:
                    continue
                name = _xml_unescape(attributes.get(b"name", b"").decode("utf-8", "replace"))
                cells = found.setdefault(name, {})
                for cell in _ERROR_CELL.finditer(xml):
                    ref = _CELL_REF.search(cell.group(1))
                    value = _CELL_VALUE.search(cell.group(2))
                    if ref:
                        column = column_index_from_string(ref.group(1).decode())
                        text = value.group(1).decode("utf-8", "replace") if value else "#VALUE!"
                        cells[int(ref.group(2)), column] = ExcelError(text)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return {}
    return found


def _xml_unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


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
    sample = data[:65536].removeprefix(b"\xef\xbb\xbf")  # Excel's "CSV UTF-8" starts with a BOM
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
        if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
            raise ReadError(_old_xls_message())
        raise ReadError(_not_spreadsheet_message())  # a Word .doc or another Office 97 file
    if data.startswith(b"PK"):
        try:
            check_archive(data, IMPORT_LIMITS)
        except ArchiveError as error:
            raise ReadError(error.message) from None
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


# --- Cells ---------------------------------------------------------------------------------


def _number_text(value: float) -> str:
    if value == int(value):
        return str(int(value))
    return repr(value)


def _plain_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime | datetime.date):
        day = value.date() if isinstance(value, datetime.datetime) else value
        return format_date(day)
    if isinstance(value, int | float):
        return _number_text(value)
    return normalise(str(value))


@functools.lru_cache(maxsize=65536)
def _read_text(value: str) -> tuple[str, str | None, bool]:
    """(normalised text, legacy encoding it was converted from, looks legacy but unconvertible).

    Cached: units, posts, ethnic groups and sexes repeat on every row of a large file.
    """
    text = normalise(value)
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
        text = text[1:]  # neutralised by our export against formula injection
    if text.isascii():
        return text, None, False
    encoding = legacy.detect(text)
    if encoding:
        return normalise(legacy.to_unicode(text, encoding)), encoding, False
    return text, None, legacy.looks_legacy(text)


@functools.lru_cache(maxsize=4096)
def _forced_text(text: str, encoding: str) -> str | None:
    """text converted from encoding if the conversion is clean (for cells of a legacy column)."""
    if legacy.converts_cleanly(text, encoding):
        return normalise(legacy.to_unicode(text, encoding))
    return None


def _cleaned(value: object) -> object:
    """The raw value, or None for an empty cell (calamine gives "" for empty cells)."""
    if isinstance(value, ExcelError):
        return value
    if value is None or value == "":
        return None
    if isinstance(value, str) and not normalise(value):
        return None
    if isinstance(value, datetime.time | datetime.timedelta):
        return str(value)
    return value


def _convert_by_column(layout: _Layout, rows: list[Row]) -> None:
    """Convert cells that are ambiguous alone ("Vò") in columns whose other cells are all legacy.

    A column qualifies when, below the header, some cells were detected in exactly one legacy
    encoding and none holds a letter that only Unicode has.
    """
    for index in range(len(layout.headers)):
        encodings: set[str] = set()
        unicode_only = False
        for row in rows:
            value = row._values[index]
            if not isinstance(value, str) or value.isascii():
                continue
            text, encoding, _suspect = _read_text(value)
            if encoding:
                encodings.add(encoding)
            elif any(ord(char) > 0xFF and char.isalpha() for char in text):
                unicode_only = True
                break
        if len(encodings) == 1 and not unicode_only:
            layout.forced[index] = encodings.pop()


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


def _merged_values(
    merged_ranges: list[tuple[tuple[int, int], tuple[int, int]]],
) -> tuple[dict[tuple[int, int], tuple[int, int]], set[tuple[int, int, int, int]]]:
    """Map every cell covered by a merged range to the range's top-left cell; and the ranges.

    calamine gives ranges 0-based as ((first row, first column), (last row, last column)); here
    they are 1-based (min_row, min_col, max_row, max_col), as Excel shows them.
    """
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    ranges: set[tuple[int, int, int, int]] = set()
    for (top, left), (bottom, right) in merged_ranges:
        min_row, min_col, max_row, max_col = top + 1, left + 1, bottom + 1, right + 1
        if (max_row - min_row + 1) * (max_col - min_col + 1) > 100_000:
            continue  # a whole column merged by mistake says nothing about the table
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


def _read_sheet(name: str, hidden: bool, grid: list[list[object]], merged_ranges: list) -> Sheet | None:
    """Read one sheet from calamine's grid (rows of raw values from A1, "" where empty)."""
    max_row = len(grid)
    max_col = max((len(values) for values in grid[: HEADER_SEARCH_ROWS + 2]), default=0)
    covered, ranges = _merged_values(merged_ranges)

    def raw_at(row: int, column: int) -> object:
        if row > max_row:
            return None
        values = grid[row - 1]
        return _cleaned(values[column - 1]) if column <= len(values) else None

    def text_at(row: int, column: int, *, fill: bool = True) -> str:
        if fill and (row, column) in covered:
            row, column = covered[row, column]
        value = raw_at(row, column)
        if value is None:
            return ""
        if isinstance(value, str):
            return _read_text(value)[0]
        return _plain_text(value)

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
    layout = _Layout(name, headers)
    columns = {header_field: headers[index].column for header_field, index in layout.index.items()}

    first_data_row = sub_row + 1 if two_rows else sub_row
    header_columns = [header.column for header in headers]
    if _is_numbering_row(text_at(first_data_row, column) for column in header_columns):
        first_data_row += 1

    # In data rows, only ranges merged down (a unit written once for several people) are filled in.
    vertical = {
        (row, column): (r[0], r[1])
        for r in ranges
        if r[2] > r[0] and r[2] >= first_data_row
        for row in range(max(r[0], first_data_row), r[2] + 1)
        for column in range(r[1], r[3] + 1)
    }
    positions = [column - 1 for column in header_columns]
    shared: dict[tuple[type, object], object] = {}
    rows: list[Row] = []
    for row in range(first_data_row, max_row + 1):
        source = grid[row - 1]
        width = len(source)
        values = [_cleaned(source[position]) if position < width else None for position in positions]
        # One object per distinct value: units, sexes, ranks and dates repeat on every row, and a
        # 100,000-row file otherwise holds a million copies of a few hundred values.
        # Keyed with the type: 1 == 1.0 == True, and an ExcelError equals its text.
        values = [shared.setdefault((type(value), value), value) if value is not None else None for value in values]
        if vertical:
            for index, column in enumerate(header_columns):
                origin = vertical.get((row, column))
                if origin is not None and origin != (row, column):
                    values[index] = raw_at(*origin)
        filled = [value for value in values if value is not None]
        if not filled:
            continue
        if len(filled) <= 3 and _is_stop_row([text_at(row, column, fill=False) for column in header_columns]):
            break
        rows.append(Row(name, row, layout, values))
    _convert_by_column(layout, rows)
    header_rows = (header_row, sub_row) if two_rows else (header_row,)
    return Sheet(name, hidden, header_rows, headers, columns, rows)


def read_workbook(data: bytes, filename: str) -> Workbook:
    """Read an uploaded .xlsx file into sheets of normalised rows, or raise ReadError.

    Only worksheets with a recognisable header row are returned (an instructions sheet is left
    out); hidden sheets are returned with hidden=True. Formula cells give the value Excel saved.
    Cells are read with calamine (Rust): openpyxl needs 36 s and 1.3 GB for 100,000 rows.
    """
    _check_kind(data)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        errors = _error_cells(data)
        sheets: list[Sheet] = []
        anything = False
        for meta in book.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue
            ws = book.get_sheet_by_name(meta.name)
            grid = ws.to_python(skip_empty_area=False)
            for (row, column), error in errors.get(meta.name, {}).items():
                while len(grid) < row:
                    grid.append([])
                values = grid[row - 1]
                if len(values) < column:
                    values.extend([""] * (column - len(values)))
                values[column - 1] = error
            anything = anything or any(_cleaned(value) is not None for values in grid[:50] for value in values)
            sheet = _read_sheet(meta.name, meta.visible != SheetVisibleEnum.Visible, grid, ws.merged_cell_ranges or [])
            del grid
            if sheet is not None:
                sheets.append(sheet)
    except ReadError:
        raise
    except Exception:  # calamine raises its own errors (and zip, XML ones) for a broken file
        raise ReadError(_damaged_message()) from None
    if not sheets:
        if anything:
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
