"""What a document says, as plain dataclasses: the one context every renderer (.docx, .pdf, .xlsx, the
web page) takes. No Django models, no querysets: the reports app fills these in.

The fixed words of an official document ("Số:", "Nơi nhận:", "ngày ... tháng ... năm ...") are
Vietnamese whatever the interface language, because the document is a Vietnamese legal document;
only messages shown to the user (errors) go through gettext.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

__all__ = [
    "Annex",
    "Block",
    "Chart",
    "Heading",
    "OfficialDocument",
    "Paragraph",
    "RenderError",
    "Signer",
    "Table",
    "TemplateError",
    "clean_text",
    "format_document_date",
    "format_number",
    "roman",
]


class RenderError(Exception):
    """A document could not be made; `message` says why, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TemplateError(RenderError):
    """The Word template cannot make a document; `message` says what is wrong with it."""


@dataclass
class Signer:
    """The signature block (Phụ lục I, NĐ 30/2020): "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC" / name."""

    authority_form: str = ""  # "", "TM.", "KT.", "TL.", "TUQ.", "Q."
    authority: str = ""  # after the form: "ỦY BAN NHÂN DÂN", "GIÁM ĐỐC", "CHỦ TỊCH"
    title: str = ""  # the signer's own title: "PHÓ GIÁM ĐỐC"
    name: str = ""  # "Nguyễn Thị Hà"

    @property
    def heading(self) -> str:
        """The line above the signer's title: "KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN"; "" when the
        head signs in their own name."""
        form = clean_text(self.authority_form).upper()
        if form and not form.endswith("."):
            form += "."
        return " ".join(part for part in (form, clean_text(self.authority).upper()) if part)


@dataclass
class Table:
    caption: str
    columns: list[str]
    rows: list[list[str | int | float | None]]
    widths_cm: list[float] | None = None
    total_row: bool = False  # the last row is a total, printed bold
    notes: str = ""


@dataclass
class Chart:
    title: str
    kind: Literal["bar", "line", "barh", "stacked"]
    categories: list[str]
    series: list[tuple[str, list[float | None]]]
    target: float | None = None
    unit: str = "%"


@dataclass
class Heading:
    text: str  # "I. KẾT QUẢ ĐẠT ĐƯỢC", "1. Công tác tuyên truyền"
    level: int = 1


@dataclass
class Paragraph:
    text: str  # each line of the text is a paragraph of its own
    bold: bool = False
    italic: bool = False


Block = Heading | Paragraph | Table | Chart


@dataclass
class Annex:
    title: str  # "Số liệu chỉ tiêu" (a leading "Phụ lục I —" is dropped: the renderer numbers annexes)
    blocks: list[Block]


@dataclass
class OfficialDocument:
    parent_agency: str  # cơ quan chủ quản, "UBND TỈNH LẠNG SƠN" ("" for none)
    agency: str  # the issuing agency, "SỞ NỘI VỤ"
    number: str  # "15/BC-SNV"; a blank number "/BC-SNV" is printed "Số:      /BC-SNV"
    place: str  # "Lạng Sơn"
    date: datetime.date | None  # None: "ngày     tháng     năm 2026" with the year of `year`
    kind: str  # "BÁO CÁO", "KẾ HOẠCH"
    title: str  # trích yếu
    body: list[Block]
    annexes: list[Annex] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)  # "Lưu: VT." is added last if missing
    signer: Signer = field(default_factory=Signer)
    year: int | None = None
    draft_mark: bool = False  # "DỰ THẢO" at the top, for drafts not yet submitted


# --- Text --------------------------------------------------------------------------------------

# XML 1.0 forbids C0 controls other than tab/newline/CR, lone surrogates and U+FFFE/U+FFFF; text pasted
# from other programs carries them, and one such character makes the whole .docx or .xlsx unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: object) -> str:
    """Text safe for a Word or Excel file: NFC, no characters XML cannot hold, CRLF as LF, trimmed."""
    if text is None:
        return ""
    value = unicodedata.normalize("NFC", _NOT_XML.sub("", str(text).replace("\r\n", "\n").replace("\r", "\n")))
    return value.strip()


_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip


def roman(number: int) -> str:
    """Roman numerals, as annexes are numbered: 1 -> "I", 4 -> "IV"."""
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


# --- Numbers and dates -------------------------------------------------------------------------


def format_number(value: object, decimals: int = 2) -> str:
    """A number the Vietnamese way: 1.234 for thousands, 45,5 for decimals (at most `decimals` places,
    trailing zeros dropped); "—" for None or not-a-number; text is returned as it is."""
    if value is None:
        return "—"
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return clean_text(value)
    if isinstance(value, float | Decimal) and not math.isfinite(float(value)):
        return "—"
    if isinstance(value, int):
        text = f"{value:,d}"
    else:
        text = f"{round(float(value), decimals):,.{decimals}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        if text in ("-0", ""):
            text = "0"
    # Swap the separators through a placeholder: "," (thousands) -> ".", "." (decimal) -> ",".
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


# "ngày     tháng     năm 2026": the clerk writes the day and month by hand when the document is issued.
_BLANK = "\u00a0" * 5


def format_document_date(place: str, day: datetime.date | None, year: int | None) -> str:
    """ "Lạng Sơn, ngày 05 tháng 02 năm 2026" (NĐ 30/2020, Phụ lục I: a day below 10 and the months 1
    and 2 take a leading zero); for no day, the blanks to fill in by hand and the year of `year`."""
    place = clean_text(place)
    prefix = f"{place}, " if place else ""
    if day is None:
        shown_year = year or datetime.date.today().year
        return f"{prefix}ngày{_BLANK}tháng{_BLANK}năm {shown_year}"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{prefix}ngày {day.day:02d} tháng {month} năm {day.year}"


def number_text(number: str) -> str:
    """The document number after "Số: ": "15/BC-SNV", or blanks before "/BC-SNV" for an unnumbered draft."""
    number = clean_text(number)
    if not number or number.startswith("/"):
        return f"{_BLANK}{number}"
    return number


def recipients_lines(recipients: list[str]) -> list[str]:
    """The "Nơi nhận" lines without their "- ": each ends with ";" and the last, "Lưu: VT, ..." (added
    when missing), with "."."""
    lines = []
    for recipient in recipients:
        text = re.sub(r"^[-–—+•*]\s*", "", clean_text(recipient)).strip()
        if text:
            lines.append(text)
    filed = [line for line in lines if re.match(r"(?i)^lưu\b", line)]
    lines = [line for line in lines if line not in filed] + (filed[-1:] or ["Lưu: VT"])
    out = [line.rstrip(";.,") + ";" for line in lines[:-1]]
    return [*out, lines[-1].rstrip(";.,") + "."]
