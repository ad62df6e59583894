"""Test material for the plan reader: the seeds as .docx and .pdf built in memory, and mutations of their
text (markdown, glued words, a web page around the document, CRLF/NBSP/NFD, page numbers)."""

from __future__ import annotations

import io
import random
import re
import unicodedata
import zlib
from pathlib import Path

from binhdang.plans.tests.seed_expectations import SEEDS_DIR

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
SEED_NAMES = sorted(path.name for path in SEEDS_DIR.glob("*.txt"))


def seed_text(name: str) -> str:
    return (SEEDS_DIR / name).read_text(encoding="utf-8")


def paragraphs(text: str) -> list[str]:
    """The seed's non-empty lines, markdown removed (what a Word or PDF version of it would hold)."""
    found = []
    for line in text.splitlines():
        line = re.sub(r"^#+\s*", "", line.strip()).replace("*", "").strip()
        if line:
            found.append(line)
    return found


# --- Key fields: what every mutation must leave unchanged -------------------------------------------------


def key_fields(draft: dict) -> dict:
    return {
        "number": draft["number"],
        "date": draft["date"],
        "place": draft["place"],
        "issuer": draft["issuer"],
        "title": draft["title"],
        "period": draft["period"],
        "legal_bases": [(entry["number"], entry["date"]) for entry in draft["legal_bases"]],
        "targets": [(t["indicator"], t["value"], t["comparator"], t["year"]) for t in draft["targets"]],
        "tasks": [(t["label"], t["text"][:40], t["unit_in_charge"], t["cooperating_units"]) for t in draft["tasks"]],
        "deadlines": [(d["kind"], d["due"]) for d in draft["report_deadlines"]],
        "recipients": draft["recipients"],
        "signer": draft["signer"],
        "classes": [(c["name"], c["dates"]) for c in draft["classes"]],
        "missing": draft["missing"],
    }


# --- Text mutations -------------------------------------------------------------------------------------

_ROMAN_LINE = re.compile(r"^([IVX]+\.\s.*)$")
_NUMBER_LINE = re.compile(r"^(\d+(?:\.\d+)*\.\s.*)$")


def add_markdown(text: str) -> str:
    """Headings and emphasis as a converter to markdown writes them (like seed 004)."""
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped in ("KẾ HOẠCH",):
            lines.append(f"## **{stripped}**")
        elif _ROMAN_LINE.match(stripped):
            lines.append(f"#### **{stripped}**")
        elif _NUMBER_LINE.match(stripped) and len(stripped) < 160:
            lines.append(f"##### **{stripped}**")
        elif stripped.startswith("Nơi nhận"):
            lines.append(f"***{stripped}***")
        elif stripped in ("GIÁM ĐỐC", "TRƯỞNG BAN", "TM. ỦY BAN NHÂN DÂN"):
            lines.append(f"**{stripped}**")
        else:
            lines.append(line)
    return "\n".join(lines)


def remove_markdown(text: str) -> str:
    return "\n".join(re.sub(r"^#+\s*", "", line).replace("*", "") for line in text.splitlines())


def glue_words(text: str) -> str:
    """Spaces lost as PDF text extraction loses them: "Số:662/KH-SNgV", "ngày06 tháng9 năm2021"."""
    text = re.sub(r"Số:\s+", "Số:", text)
    text = re.sub(r"(ngày|tháng|năm) (\d)", r"\1\2", text)
    text = text.replace("KẾ HOẠCH", "KẾHOẠCH").replace("Nơi nhận:", "Nơinhận:")
    text = re.sub(r"^([IVX]+)\. ", r"\1.", text, flags=re.MULTILINE)
    text = re.sub(r"^(\d+)\. ", r"\1.", text, flags=re.MULTILINE)
    return re.sub(r",\s+ngày", ",ngày", text)


WEB_PREFIX = """Cổng thông tin điện tử tỉnh
Trang chủ | Giới thiệu | Tin tức - Sự kiện | Văn bản | Liên hệ
Trang chủ > Văn bản chỉ đạo điều hành > Kế hoạch
Văn bản mới
Số: 12/QĐ-UBND Ngày ban hành: 12/03/2021 Quyết định về việc kiện toàn Ban Vì sự tiến bộ của phụ nữ
Số: 15/KH-UBND Ngày ban hành: 15/03/2021 Kế hoạch tổ chức Tháng hành động
Số: 20/CV-SNV Ngày ban hành: 01/04/2021 Về việc báo cáo số liệu
Xem chi tiết
Lượt xem: 1250
"""

WEB_SUFFIX = """
In trang
Chia sẻ
Facebook
Zalo
Tin liên quan
- Hội nghị tổng kết công tác bình đẳng giới năm 2020
- Kế hoạch số 20/KH-UBND về công tác dân tộc
- Tập huấn kỹ năng lồng ghép giới
Bản quyền © 2021 Cổng thông tin điện tử tỉnh. Địa chỉ: số 1 đường Trần Phú, điện thoại 0203 3812 345
"""


def inside_web_page(text: str) -> str:
    return WEB_PREFIX + "\n" + text + "\n" + WEB_SUFFIX


def messy_whitespace(text: str) -> str:
    """CRLF, no-break spaces, tabs and decomposed (NFD) Vietnamese, as Windows tools and old web pages give."""
    text = text.replace(" ", "\u00a0", 40).replace(", ", ",\t", 30)
    return unicodedata.normalize("NFD", text).replace("\n", "\r\n")


def with_page_numbers(text: str) -> str:
    """A page number alone on a line every 25 lines, and a header line repeated on each page."""
    lines = text.splitlines()
    out = []
    for index, line in enumerate(lines, 1):
        out.append(line)
        if index % 25 == 0:
            out.extend(["", str(index // 25 + 1), ""])
    return "\n".join(out)


# Windows-1258 writes a toned vowel as the vowel (with its breve, circumflex or horn) and a combining tone mark.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def windows_1258(text: str) -> bytes:
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(mark for mark in parts if mark in _TONES)
        out.append(unicodedata.normalize("NFC", "".join(mark for mark in parts if mark not in _TONES)) + tones)
    return "".join(out).encode("cp1258")


def shuffled_lines(text: str, seed: int) -> str:
    lines = text.splitlines()
    random.Random(seed).shuffle(lines)
    return "\n".join(lines)


# --- The seeds as Word documents -------------------------------------------------------------------------

HEADER_BLOCK = {
    "000_e7bc9f945b31054a.txt": ("UBND TỈNH LẠNG SƠN", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"),
    "001_383a6f7f604cc505.txt": ("UBND TỈNH HÀ TĨNH", "SỞ NGOẠI VỤ"),
    "002_1a05a40473795db5.txt": ("UBND TỈNH LÀO CAI", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"),
    "004_0cb6f3bd0139f806.txt": ("UBND TỈNH LẠNG SƠN", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"),
}


def seed_docx(name: str) -> bytes:
    """The seed as a real .docx: the header (agency, number | motto, place and date) as a two-column table,
    "KẾ HOẠCH" in the Title style, roman sections as Heading 1, the rest as paragraphs."""
    import docx

    lines = paragraphs(seed_text(name))
    document = docx.Document()
    start = 0
    if lines[0].startswith("Số:"):
        table = document.add_table(rows=1, cols=2)
        left, right = table.rows[0].cells
        agency = HEADER_BLOCK.get(name, ())
        left.text = "\n".join([*agency, lines[0]])
        right.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n" + lines[1]
        start = 2
    for line in lines[start:]:
        if line == "KẾ HOẠCH":
            document.add_paragraph(line, style="Title")
        elif _ROMAN_LINE.match(line):
            document.add_heading(line, level=1)
        else:
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- The seeds as PDF ------------------------------------------------------------------------------------


class _Font:
    """DejaVu Sans embedded as a CID font: glyph ids from the font's cmap, widths for line wrapping."""

    def __init__(self) -> None:
        from matplotlib.ft2font import FT2Font

        self.data = FONT.read_bytes()
        self.face = FT2Font(str(FONT))
        self.face.set_size(10, 72)
        self.gids: dict[str, int] = {}
        self.widths: dict[int, int] = {}

    def gid(self, char: str) -> int:
        if char not in self.gids:
            gid = self.face.get_char_index(ord(char))
            self.gids[char] = gid
            glyph = self.face.load_glyph(gid)
            self.widths[gid] = round(glyph.linearHoriAdvance / 65536 / 10 * 1000)
        return self.gids[char]

    def width(self, text: str, size: float) -> float:
        return sum(self.widths[self.gid(char)] for char in text) * size / 1000


def _wrap(font: _Font, text: str, size: float, width: float, indent: float) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        limit = width - (indent if not lines else 0)
        if current and font.width(candidate, size) > limit:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def make_pdf(pages: list[list[tuple[float, float, float, str]]], font: _Font | None = None) -> bytes:
    """A PDF whose pages hold text lines (x, y, size, text), with DejaVu Sans embedded (Type0, Identity-H)
    and a ToUnicode map, so that any PDF reader extracts the text. An empty page list entry is a blank page."""
    font = font or _Font()
    for page in pages:
        for *_, text in page:
            for char in text:
                font.gid(char)
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(data: bytes, extra: str = "") -> bytes:
        packed = zlib.compress(data)
        return f"<< /Length {len(packed)} /Filter /FlateDecode {extra}>>\nstream\n".encode() + packed + b"\nendstream"

    chunks = [
        f"<{gid:04X}> <{char.encode('utf-16-be').hex().upper()}>"
        for char, gid in sorted(font.gids.items(), key=lambda item: item[1])
    ]
    bfchars = "".join(
        f"{len(chunks[i : i + 100])} beginbfchar\n" + "\n".join(chunks[i : i + 100]) + "\nendbfchar\n"
        for i in range(0, len(chunks), 100)
    )
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n" + bfchars + "endcmap CMapName currentdict /CMap "
        "defineresource pop end end"
    )
    catalog = add(b"")  # filled in below
    pages_id = add(b"")
    font_file = add(stream(font.data, f"/Length1 {len(font.data)} "))
    descriptor = add(
        f"<< /Type /FontDescriptor /FontName /DejaVuSans /Flags 32 /FontBBox [-1021 -463 1793 1232] "
        f"/ItalicAngle 0 /Ascent 928 /Descent -236 /CapHeight 729 /StemV 80 /FontFile2 {font_file} 0 R >>".encode()
    )
    widths = " ".join(f"{gid} [{width}]" for gid, width in sorted(font.widths.items()))
    cid_font = add(
        f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /DejaVuSans /CIDSystemInfo << /Registry (Adobe) "
        f"/Ordering (Identity) /Supplement 0 >> /FontDescriptor {descriptor} 0 R /CIDToGIDMap /Identity "
        f"/DW 600 /W [{widths}] >>".encode()
    )
    to_unicode = add(stream(cmap.encode()))
    type0 = add(
        f"<< /Type /Font /Subtype /Type0 /BaseFont /DejaVuSans /Encoding /Identity-H "
        f"/DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R >>".encode()
    )
    page_ids = []
    for page in pages:
        content = "".join(
            f"BT /F1 {size:g} Tf {x:.2f} {y:.2f} Td <{''.join(f'{font.gid(c):04X}' for c in text)}> Tj ET\n"
            for x, y, size, text in page
        )
        content_id = add(stream(content.encode()))
        page_ids.append(
            add(
                f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 595 842] /Contents {content_id} 0 R "
                f"/Resources << /Font << /F1 {type0} 0 R >> >> >>".encode()
            )
        )
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode()
    kids = " ".join(f"{page_id} 0 R" for page_id in page_ids)
    objects[pages_id - 1] = f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode()

    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def seed_pdf(name: str, official_layout: bool = False) -> bytes:
    """The seed typeset on A4 pages: paragraphs wrapped to the page width with a first-line indent and
    space between paragraphs, headings centred, a page number at the foot of each page.

    With `official_layout`, as a Word plan printed to PDF looks: the header in two columns (agency and
    number on the left, motto and date on the right) and the recipients beside the signature block."""
    font = _Font()
    size, leading, left, width, top, bottom = 11.0, 14.0, 70.0, 455.0, 780.0, 70.0
    pages: list[list[tuple[float, float, float, str]]] = [[]]
    y = top
    lines = paragraphs(seed_text(name))
    tail: list[str] = []
    if official_layout:
        head = [*HEADER_BLOCK.get(name, ()), lines[0]] if lines[0].startswith("Số:") else []
        right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
        if head:
            right.append(lines[1])
            lines = lines[2:]
        for row in range(max(len(head), len(right))):
            if row < len(head):
                pages[-1].append((left, y, 10.0, head[row]))
            if row < len(right):
                pages[-1].append((left + 200, y, 10.0, right[row]))
            y -= leading
        y -= 10
        at = next((index for index, line in enumerate(lines) if line.startswith("Nơi nhận")), len(lines))
        lines, tail = lines[:at], lines[at:]
    for line in lines:
        centred = line == "KẾ HOẠCH" or line.isupper()
        wrapped = _wrap(font, line, size, width, 0 if centred else 20)
        if y - leading * len(wrapped) < bottom:
            pages[-1].append((290.0, 40.0, 9.0, str(len(pages))))
            pages.append([])
            y = top
        for index, part in enumerate(wrapped):
            if centred:
                x = left + (width - font.width(part, size)) / 2
            else:
                x = left + (20 if index == 0 else 0)
            pages[-1].append((x, y, size, part))
            y -= leading
        y -= 6  # space after a paragraph
    if tail:
        recipients = [line for line in tail if line.startswith(("Nơi nhận", "-"))]
        signature = [line for line in tail if not line.startswith(("Nơi nhận", "-"))]
        signature = signature[:-1] + ["", "", ""] + signature[-1:]  # room for the signature and the seal
        if y - leading * max(len(recipients), len(signature)) < bottom:
            pages[-1].append((290.0, 40.0, 9.0, str(len(pages))))
            pages.append([])
            y = top
        for row in range(max(len(recipients), len(signature))):
            if row < len(recipients):
                pages[-1].append((left, y, 9.0, recipients[row]))
            if row < len(signature) and signature[row]:
                pages[-1].append((left + 280, y, size, signature[row]))
            y -= leading
    pages[-1].append((290.0, 40.0, 9.0, str(len(pages))))
    return make_pdf(pages, font)
