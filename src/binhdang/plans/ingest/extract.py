"""From an uploaded file's bytes to its text: Word (.docx), PDF with a text layer, plain text or markdown.

The kind is decided from the bytes (core.uploads.sniff), never from the name. Everything that cannot
be read gives an IngestError whose message tells the user what to do.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from collections.abc import Iterator

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from binhdang.core.archives import ArchiveError, check_archive
from binhdang.core.uploads import sniff

__all__ = ["IngestError", "extract_text"]

logger = logging.getLogger(__name__)

# Fewer letters than this in a whole document is not a plan (nor anything we could read).
_MIN_LETTERS = 20
# A PDF whose pages average fewer letters than this is a scan (images of pages).
_MIN_LETTERS_PER_PAGE = 25


class IngestError(Exception):
    """The document cannot be read; `message` is a sentence for the user, already translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _letters(text: str) -> int:
    return sum(1 for char in text if char.isalpha())


# --- Plain text -------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1258/1252 if the result reads as text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise IngestError(_("The text file is damaged: it says UTF-16 but its bytes are not.")) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    for encoding in ("cp1258", "cp1252"):
        try:
            # Windows-1258 writes tone marks as combining characters: compose them before judging.
            text = unicodedata.normalize("NFC", data.decode(encoding))
        except UnicodeDecodeError:
            continue
        # Windows code pages decode almost any bytes; real text has no control characters and is
        # mostly letters, digits, spaces and punctuation.
        if _CONTROL.search(text):
            continue
        readable = sum(1 for char in text if char.isalnum() or char.isspace() or char in ".,;:()-/%\"'")
        if readable >= 0.9 * len(text):
            return text
    raise IngestError(_("The text file is not in a known encoding: save it as UTF-8 (Unicode) and upload it again."))


# --- Word -------------------------------------------------------------------------------------------


def _docx_blocks(document: object) -> Iterator[str]:
    """Paragraphs and table cells in document order (a cell merged over several columns once)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    def walk(parent: object, element: object) -> Iterator[str]:
        for child in element.iterchildren():  # type: ignore[attr-defined]
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                yield Paragraph(child, parent).text  # type: ignore[arg-type]
            elif tag == "tbl":
                table = Table(child, parent)  # type: ignore[arg-type]
                for row in table.rows:
                    seen: set[int] = set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:
                            continue
                        seen.add(id(cell._tc))
                        yield from walk(cell, cell._tc)
            elif tag == "sdt":
                content = child.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sdtContent")
                if content is not None:
                    yield from walk(parent, content)

    body = document.element.body  # type: ignore[attr-defined]
    yield from walk(document, body)


def _read_docx(data: bytes) -> str:
    try:
        check_archive(data)
    except ArchiveError as error:
        raise IngestError(error.message) from None
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        lines = list(_docx_blocks(document))
    except Exception:  # python-docx raises many kinds of errors on damaged parts
        logger.info("unreadable .docx", exc_info=True)
        raise IngestError(_("The Word file is damaged and cannot be opened.")) from None
    return "\n".join(lines)


# --- PDF --------------------------------------------------------------------------------------------

# A line that starts a new block even right after a full-width line.
_BLOCK_START = re.compile(r"^(?:[-–+•]|[IVX]{1,5}\s?[.)]|\d{1,2}(?:\.\d{1,2})*\s?[.)]|[a-zđ]\s?\)|Nơi nhận)")
_PAGE_NUMBER = re.compile(r"^\s*(?:Trang\s*)?[-–]?\s*\d{1,3}\s*(?:/\s*\d{1,3})?\s*[-–]?\s*$")


def _stands_alone(text: str) -> bool:
    """A line in capitals ("PHÓ GIÁM ĐỐC", "KẾ HOẠCH") or in brackets ("(Đã ký)") is a paragraph of its own."""
    letters = [char for char in text if char.isalpha()]
    capitals = (
        bool(letters)
        and all(char.isupper() for char in letters)
        and len(text.split()) >= 2
        and "," not in text
        and not text.endswith((".", ";", ":"))
    )
    return capitals or (text[:1] == "(" and text[-1:] == ")")


def _is_capitals(text: str) -> bool:
    """A heading in capitals ("I. MỤC ĐÍCH, YÊU CẦU"): Word sets no space between it and its first paragraph."""
    letters = [char for char in text if char.isalpha()]
    return len(letters) >= 4 and all(char.isupper() for char in letters)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


# Two columns of a line are apart by at least this many spaces (justified text stretches less).
_COLUMN_GAP = re.compile(r"\S {6,}(?=\S)")


def _segments(line: str) -> list[tuple[int, str]]:
    """(start column, text) of each column of a layout line."""
    found, start = [], _indent(line)
    for gap in _COLUMN_GAP.finditer(line, start):
        found.append((start, line[start : gap.start() + 1]))
        start = gap.end()
    found.append((start, line[start:]))
    return found


def _read_columns(rows: list[str], full: int) -> list[tuple[str, bool]]:
    """The page's lines in reading order, each with whether it stands alone (comes from a column).

    Word documents print the header (agency and number | motto, place and date) and the end
    (recipients | signature) in two columns. Such a region is read column by column, as the Word file
    itself would be: the left column's lines, then the right column's."""
    out: list[tuple[str, bool]] = []
    index = 0
    while index < len(rows):
        split = _segments(rows[index]) if rows[index].strip() else []
        if len(split) > 2:
            out.extend((text, True) for _, text in split)  # a table row: each cell on its own
            index += 1
            continue
        if len(split) < 2:
            out.append((rows[index], False))
            index += 1
            continue
        # A two-column region: from this row to the last two-column row before body text (a blank or a
        # full line); short one-column rows in between belong to the column they are aligned with.
        left_start, right_start = split[0][0], split[1][0]
        last = index
        for following in range(index + 1, len(rows)):
            parts = _segments(rows[following]) if rows[following].strip() else []
            if len(parts) == 2:
                last = following
            elif len(parts) == 1 and abs(parts[0][0] - right_start) <= 2:
                last = following  # a line of the right column alone ("VIỆT NAM", a year broken off its date)
            elif len(parts) != 1 or len(rows[following]) >= 0.85 * full:
                break
        left: list[str] = []
        right: list[str] = []
        for row in rows[index : last + 1]:
            for start, text in _segments(row):
                (right if abs(start - right_start) < abs(start - left_start) else left).append(text)
        out.extend((text, True) for text in left + right)
        index = last + 1
    return out


def _mend_pdf_lines(pages: list[str]) -> str:
    """Rebuild paragraphs from a PDF's lines, as pypdf's layout mode places them (indent kept).

    A PDF has no paragraphs, only lines. A line continues the paragraph above when it is not indented
    (a paragraph's first line is, in Vietnamese official documents) and does not start an item or a
    heading. When the document does not indent first lines, either paragraphs are set apart by space (a
    blank line in pypdf's layout) or the line above must reach the right margin (justified text is cut
    there; a paragraph's last line stops short).
    """
    rows = [[line.rstrip() for line in page.split("\n") if not _PAGE_NUMBER.match(line)] for page in pages]
    filled = [line for page in rows for line in page if line.strip()]
    if not filled:
        return ""
    # Blank lines stand for the space between paragraphs (Word's "spacing after"); in a document spaced
    # line by line they stand between most lines and say nothing.
    blanks = sum(
        1 for page in rows for above, line in zip(page, page[1:], strict=False) if above.strip() and not line.strip()
    )
    if blanks > 0.6 * len(filled):
        rows = [[line for line in page if line.strip()] for page in rows]
    # Paragraphs set apart by space: a line with no blank above continues the paragraph, whatever its length
    # (left-aligned text stops short of the margin anywhere).
    by_spacing = 0.05 * len(filled) <= blanks <= 0.6 * len(filled)
    margin = min(_indent(line) for line in filled)
    lengths = sorted(len(line) for line in filled)
    full = lengths[int(len(lengths) * 0.9)]
    entries = [(*entry, number) for number, page in enumerate(rows) for entry in _read_columns(page, full)]
    # Whether paragraphs start indented, judged on the body's lines: the right column of a two-column
    # header or signature is far from the margin without being a paragraph's first line.
    body = [line for line, alone, _ in entries if line.strip() and not alone]
    indented = sum(1 for line in body if _indent(line) - margin >= 2)
    by_indent = 0.1 * len(body) <= indented <= 0.9 * len(body)
    paragraphs: list[list[str]] = []
    above_full = above_alone = False
    above_blank = True
    above_page = 0
    for line, alone, page_number in entries:
        text = line.strip()
        if not text:
            above_blank = True
            continue
        # The space between two paragraphs is lost at a page break: a sentence that ends the page ends its
        # paragraph when the next page starts with a capital.
        page_break = page_number != above_page and bool(paragraphs) and paragraphs[-1][-1].endswith((".", ";", ":"))
        continues = (
            paragraphs
            and not above_blank
            and (
                not (page_break and text[:1].isupper()) and not _is_capitals(" ".join(paragraphs[-1]))
                if by_spacing
                else (above_full or by_indent)
            )
            and _indent(line) - margin < 2
            and not _BLOCK_START.match(text)
            and not (alone or above_alone or _stands_alone(text))
        )
        if continues:
            paragraphs[-1].append(text)
        else:
            paragraphs.append([text])
        above_full = len(line) >= 0.85 * full
        above_alone = alone or _stands_alone(text)
        above_blank = False
        above_page = page_number
    return "\n".join(" ".join(parts) for parts in paragraphs)


def _page_text(page: object) -> str:
    """The page's text with its layout (indents, columns); the plain text if the layout cannot be made."""
    try:
        return page.extract_text(extraction_mode="layout", layout_mode_space_vertically=True) or ""  # type: ignore[attr-defined]
    except Exception:  # pypdf's layout mode gives up on some fonts and transforms
        logger.info("PDF layout extraction failed, reading plain text", exc_info=True)
        return page.extract_text() or ""  # type: ignore[attr-defined]


def _read_pdf(data: bytes) -> str:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:  # pypdf raises DependencyError, NotImplementedError ... for some ciphers
                opened = 0
            if not opened:
                raise IngestError(
                    _("The PDF is protected by a password: remove the protection (or print it to a new PDF) first.")
                )
        pages = [_page_text(page) for page in reader.pages]
    except IngestError:
        raise
    except Exception:  # a damaged PDF can fail anywhere inside pypdf
        logger.info("unreadable PDF", exc_info=True)
        raise IngestError(_("The PDF is damaged and cannot be opened.")) from None
    letters = sum(_letters(page) for page in pages)
    if not pages or letters < max(_MIN_LETTERS, _MIN_LETTERS_PER_PAGE * len(pages) // 2):
        raise IngestError(
            _(
                "The PDF has no text layer (it is a scan, pictures of the pages): convert it with OCR first, "
                "or upload the Word file."
            )
        )
    return _mend_pdf_lines(pages)


# --- Dispatch ---------------------------------------------------------------------------------------

_ENCRYPTED_OOXML = "EncryptedPackage".encode("utf-16-le")


def extract_text(data: bytes, filename: str) -> str:
    """The text of a plan document, NFC-normalised; IngestError if it cannot be read. The file's kind comes
    from its bytes; `filename` only names it in the log."""
    try:
        return _extract(data)
    except IngestError as error:
        logger.info("plan document %r not read: %s", filename, error.message)
        raise


def _extract(data: bytes) -> str:
    limit = settings.PLAN_DOCUMENT_MAX_BYTES
    if not data:
        raise IngestError(_("The file is empty."))
    if len(data) > limit:
        raise IngestError(
            _("The file is %(size)s; a plan document can be at most %(limit)s.")
            % {"size": filesizeformat(len(data)), "limit": filesizeformat(limit)}
        )
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        kind: str | None = "text"
    else:
        kind = sniff(head, io.BytesIO(data))
    if kind is None and not head.startswith(b"PK") and b"\x00" not in head:
        kind = "text"  # not UTF-8: maybe a Windows code page, which _decode_text checks
    if kind == "doc":
        if _ENCRYPTED_OOXML in data:
            raise IngestError(
                _(
                    "The Word file is protected by a password: open it in Word, remove the password, "
                    "save it and upload it again."
                )
            )
        raise IngestError(
            _("This is an old Word file (.doc or another Office 97–2003 file): open it in Word and save it as .docx.")
        )
    if kind == "docx":
        text = _read_docx(data)
    elif kind == "pdf":
        text = _read_pdf(data)
    elif kind == "text":
        text = _decode_text(data)
    elif kind in ("png", "jpeg"):
        raise IngestError(_("This is a picture, not a document: convert it with OCR, or upload the Word or PDF file."))
    elif kind in ("xlsx", "pptx", "odt"):
        raise IngestError(_("Only Word (.docx), PDF and text files can be read as a plan: save it as .docx or PDF."))
    elif head.startswith(b"PK"):
        raise IngestError(_("This is a zip archive, not a Word document: unpack it and upload the .docx inside."))
    else:
        raise IngestError(_("This file is not a document that can be read: upload a Word (.docx), PDF or text file."))
    text = unicodedata.normalize("NFC", text)
    if _letters(text) < _MIN_LETTERS:
        raise IngestError(_("The file holds no readable text."))
    return text
