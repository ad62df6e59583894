"""Broken and awkward upload files for the import corpus (test_corpus.py), built in memory.

Nothing here is a committed binary: every file is made with openpyxl or zipfile when a test asks
for it, so that dates relative to today (ages, "in the future") stay true whatever the day.
"""

from __future__ import annotations

import datetime
import io
import re
import struct
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from typing import Any

from openpyxl import Workbook

# The headings a Vietnamese office list uses for the Staff sheet; columns A-G.
STAFF = ["Mã cán bộ", "Họ và tên đệm", "Tên", "Giới tính", "Ngày sinh", "Dân tộc", "Đơn vị"]
# A good row for STAFF, for a new person of Văn phòng Sở.
GOOD = ["SNV300", "Nguyễn Văn", "An", "Nam", "05/09/1985", "Kinh", "TN-SNV-VP"]
# Posts sheet: A code, B name, C unit, D post, E key leader, F from, G to, H decision.
POSTS = ["Mã cán bộ", "Họ và tên", "Đơn vị", "Chức vụ", "Lãnh đạo chủ chốt", "Từ ngày", "Đến ngày", "Số quyết định"]
# Succession pool sheet: A code, B title planned for, C level, D period.
POOL = ["Mã cán bộ", "Chức danh quy hoạch", "Cấp", "Giai đoạn"]
# Training sheet: A code, B kind, C course, D from, E completed.
TRAINING = ["Mã cán bộ", "Loại đào tạo", "Khóa học", "Từ ngày", "Hoàn thành"]

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def today() -> datetime.date:
    return datetime.date.today()


def years_ago(years: int, *, days: int = 0) -> datetime.date:
    """The day `years` years before today (28 February for a 29 February), minus `days` days."""
    day = today()
    try:
        then = day.replace(year=day.year - years)
    except ValueError:
        then = day.replace(year=day.year - years, day=28)
    return then - datetime.timedelta(days=days)


def dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def good(**changes: Any) -> list[Any]:
    """GOOD with some of its cells changed, by field: code, family, given, sex, birth, ethnicity, unit."""
    names = ["code", "family", "given", "sex", "birth", "ethnicity", "unit"]
    row = list(GOOD)
    for name, value in changes.items():
        row[names.index(name)] = value
    return row


# --- Workbooks ------------------------------------------------------------------------------


def to_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx(
    sheets: dict[str, Iterable[Iterable[Any]]],
    *,
    hidden: Iterable[str] = (),
    merges: dict[str, Iterable[str]] | None = None,
) -> bytes:
    """A workbook with the given sheets (name -> rows, from A1), some hidden, some ranges merged."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(list(row))
        if name in hidden:
            ws.sheet_state = "hidden"
        for cells in (merges or {}).get(name, ()):
            ws.merge_cells(cells)
    return to_bytes(book)


def staff(*rows: list[Any], headings: list[str] = STAFF, sheet: str = "Cán bộ") -> bytes:
    return xlsx({sheet: [headings, *rows]})


def with_staff(extra: dict[str, list[list[Any]]], *staff_rows: list[Any]) -> bytes:
    """A staff sheet (GOOD if no rows are given) followed by other sheets."""
    return xlsx({"Cán bộ": [STAFF, *(staff_rows or [GOOD])], **extra})


def zip_bytes(files: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def rezip(data: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """The zip `data` with each member passed through change(name, content); None drops it."""
    source = zipfile.ZipFile(io.BytesIO(data))
    files: dict[str, bytes | str] = {}
    for name in source.namelist():
        content = change(name, source.read(name))
        if content is not None:
            files[name] = content
    return zip_bytes(files)


def with_cached_values(data: bytes, values: dict[str, tuple[str | None, str]], sheet: int = 1) -> bytes:
    """Give formula cells the value Excel saves with them (openpyxl writes formulas without one).

    values: cell reference -> (cell type: None for a number, "str", "e" for an error; the value).
    """

    def change(name: str, content: bytes) -> bytes:
        if name != f"xl/worksheets/sheet{sheet}.xml":
            return content
        text = content.decode()
        for ref, (kind, value) in values.items():
            typed = f' t="{kind}"' if kind else ""
            text, found = re.subn(
                # openpyxl writes an empty <v/> or <v></v> (with lxml installed, as python-docx brings).
                rf'<c r="{ref}"([^>]*)><f>(.*?)</f>(?:<v\s*/>|<v></v>)?',
                lambda match, typed=typed, value=value, ref=ref: (
                    f'<c r="{ref}"{match.group(1)}{typed}><f>{match.group(2)}</f><v>{value}</v>'
                ),
                text,
            )
            assert found == 1, f"no formula cell {ref}"
        return text.encode()

    return rezip(data, change)


# --- Files that are not .xlsx workbooks -------------------------------------------------------


def ole2(*streams: str) -> bytes:
    """An OLE2 compound file (the container of .xls, .doc and encrypted .xlsx) naming `streams`.

    Only the parts the reader looks at are real: the 512-byte header with its signature and a
    directory sector holding the stream names in UTF-16, as Excel and Word write them.
    """
    header = OLE2 + b"\x00" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\x00" * 6
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 0x1000, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    header = header.ljust(512, b"\xff")
    entries = b""
    for name in ("Root Entry", *streams):
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        entry = encoded.ljust(64, b"\x00") + struct.pack("<H", len(encoded)) + b"\x02\x01"
        entries += entry.ljust(128, b"\x00")
    return header + entries.ljust(512 * 3, b"\x00")


def docx() -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
            "_rels/.rels": "<Relationships/>",
            "word/document.xml": '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
            '2006/main"><w:body><w:p><w:r><w:t>Danh sách cán bộ</w:t></w:r></w:p></w:body></w:document>',
        }
    )


def ods() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
        archive.writestr(
            "content.xml",
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0">'
            "<office:body><office:spreadsheet/></office:body></office:document-content>",
        )
    return buffer.getvalue()


def xlsb() -> bytes:
    return zip_bytes({"[Content_Types].xml": "<Types/>", "xl/workbook.bin": b"\x83\x01\x00", "_rels/.rels": ""})


def pdf() -> bytes:
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n%%EOF\n"


def csv(*, bom: bool = False) -> bytes:
    text = "Mã cán bộ,Họ và tên đệm,Tên,Giới tính,Ngày sinh,Đơn vị\r\nSNV300,Nguyễn Văn,An,Nam,05/09/1985,TN-SNV-VP\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode()


def html_as_xls() -> bytes:
    """What many administrative systems send as "danh-sach.xls": an HTML table."""
    return (
        '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8"></head><body>\n'
        "<table><tr><th>Mã cán bộ</th><th>Họ và tên</th><th>Ngày sinh</th></tr>\n"
        "<tr><td>SNV300</td><td>Nguyễn Văn An</td><td>05/09/1985</td></tr></table></body></html>\n"
    ).encode()


def truncated() -> bytes:
    data = staff(*[good(code=f"SNV{n}") for n in range(300, 340)])
    return data[: len(data) // 2]


def broken_workbook_xml() -> bytes:
    return rezip(
        staff(GOOD), lambda name, content: b"<workbook><sheets><sheet" if name == "xl/workbook.xml" else content
    )


def zipped_xlsx() -> bytes:
    return zip_bytes({"danh-sach.xlsx": staff(GOOD)})


# --- Awkward workbooks ------------------------------------------------------------------------


def title_block_only() -> bytes:
    return xlsx(
        {"Sheet1": [["UBND TỈNH THỬ NGHIỆM"], ["SỞ NỘI VỤ"], [], ["DANH SÁCH CÁN BỘ NĂM 2026"], ["Không có ai."]]}
    )


def header_below_row_15() -> bytes:
    title = [["UBND TỈNH THỬ NGHIỆM"], ["SỞ NỘI VỤ"], ["DANH SÁCH CÁN BỘ, CÔNG CHỨC"]] + [[]] * 13
    return xlsx({"Cán bộ": [*title, STAFF, GOOD]})


def headers_only() -> bytes:
    return xlsx({"Cán bộ": [STAFF, ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"], [], [None, "Người lập biểu"]]})


def full_name_column_only() -> bytes:
    return xlsx({"Cán bộ": [["Họ và tên"], ["Nguyễn Văn An"], ["Trần Thị Bích"]]})


def template(*, keep: Iterable[str] | None = None) -> bytes:
    """The platform's template in English, with only the sheets in `keep` (all if None)."""
    from openpyxl import load_workbook

    from binhdang.registry.importing.workbooks import build_template

    book = load_workbook(io.BytesIO(build_template()))
    if keep is not None:
        for name in list(book.sheetnames):
            if name not in keep:
                book.remove(book[name])
    return to_bytes(book)


def office_list(rows: list[list[Any]]) -> bytes:
    """A list laid out as offices do: title block, a two-row header ("Ngày sinh" over "Nam" | "Nữ"),
    a column-numbering row, the rows from row 8, then the signature block.

    Columns: A STT, B Họ và tên, C Ngày sinh/Nam, D Ngày sinh/Nữ, E Dân tộc, F Đơn vị, G Mã cán bộ.
    """
    book = Workbook()
    ws = book.active
    ws.title = "Danh sách"
    ws["A1"] = "UBND TỈNH THỬ NGHIỆM"
    ws["A2"] = "SỞ NỘI VỤ"
    ws["A3"] = "DANH SÁCH CÁN BỘ, CÔNG CHỨC NĂM 2026"
    ws.merge_cells("A3:G3")
    for column, heading in zip("ABEFG", ["STT", "Họ và tên", "Dân tộc", "Đơn vị", "Mã cán bộ"], strict=True):
        ws[f"{column}5"] = heading
        ws.merge_cells(f"{column}5:{column}6")
    ws["C5"] = "Ngày sinh"
    ws.merge_cells("C5:D5")
    ws["C6"] = "Nam"
    ws["D6"] = "Nữ"
    for column, number in zip("ABCDEFG", range(1, 8), strict=True):
        ws[f"{column}7"] = f"({number})"
    for index, row in enumerate(rows, start=8):
        for column, value in zip("ABCDEFG", [index - 7, *row], strict=False):
            ws[f"{column}{index}"] = value
    last = 8 + len(rows)
    ws[f"F{last + 1}"] = "Thử Nghiệm, ngày 10 tháng 11 năm 2026"
    ws[f"B{last + 2}"] = "Người lập biểu"
    ws[f"F{last + 2}"] = "Thủ trưởng đơn vị"
    ws[f"B{last + 5}"] = "Nguyễn Văn Ký"
    return to_bytes(book)


def sex_column_and_birth_dates_under_nam_nu() -> bytes:
    """A "Giới tính" column, and the birth date still written under "Ngày sinh" / "Nam" | "Nữ" (D, E)."""
    book = Workbook()
    ws = book.active
    ws.title = "Cán bộ"
    ws.append(["Mã cán bộ", "Họ và tên", "Giới tính", "Ngày sinh", None, "Đơn vị"])
    ws.append([None, None, None, "Nam", "Nữ", None])
    for column in "ABCF":
        ws.merge_cells(f"{column}1:{column}2")
    ws.merge_cells("D1:E1")
    ws.append(["SNV300", "Nguyễn Văn An", "Nam", "05/09/1985", None, "TN-SNV-VP"])
    return to_bytes(book)


def formula_workbook() -> bytes:
    """B2 and C2 join names, E2 makes a date, G2 looks a unit code up: Excel saves their values."""
    rows = [
        STAFF,
        [
            "SNV300",
            '=CONCATENATE("Nguyễn"," Văn")',
            '=UPPER("a")&"n"',
            "Nam",
            "=DATE(1985,9,5)",
            "Kinh",
            '="TN-SNV-"&"VP"',
        ],
    ]
    return with_cached_values(
        xlsx({"Cán bộ": rows}),
        {"B2": ("str", "Nguyễn Văn"), "C2": ("str", "An"), "E2": (None, "31295"), "G2": ("str", "TN-SNV-VP")},
    )


def formula_without_values() -> bytes:
    """Written by a program, never opened in Excel: the formula cells carry no value."""
    return xlsx({"Cán bộ": [STAFF, ["SNV300", "Nguyễn Văn", "An", "Nam", "=DATE(1985,9,5)", "Kinh", "TN-SNV-VP"]]})


def formula_error() -> bytes:
    """The unit is looked up with VLOOKUP from another sheet, and the lookup failed: #N/A."""
    rows = [STAFF, ["SNV300", "Nguyễn Văn", "An", "Nam", "05/09/1985", "Kinh", "=VLOOKUP(A2,'Mã đơn vị'!A:B,2,0)"]]
    data = xlsx({"Cán bộ": rows, "Mã đơn vị": [["Mã", "Đơn vị"], ["SNV301", "TN-SNV-VP"]]})
    return with_cached_values(data, {"G2": ("e", "#N/A")})


def protected_sheet() -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = "Cán bộ"
    for row in (STAFF, GOOD):
        ws.append(row)
    ws.protection.sheet = True
    ws.protection.password = "1234"
    book.security.lockStructure = True
    return to_bytes(book)


def chart_sheet_first() -> bytes:
    from openpyxl.chart import BarChart, Reference

    book = Workbook()
    ws = book.active
    ws.title = "Cán bộ"
    for row in (STAFF, GOOD):
        ws.append(row)
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=1, min_row=1, max_row=2))
    book.create_chartsheet("Biểu đồ", 0).add_chart(chart)
    return to_bytes(book)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def big_file(rows: int, last: list[Any]) -> bytes:
    """`rows` good rows, then `last`; written in openpyxl's write-only mode to keep it quick."""
    book = Workbook(write_only=True)
    ws = book.create_sheet("Cán bộ")
    ws.append(STAFF)
    units = ("TN-SNV-VP", "TN-SNV-CC")
    for index in range(rows):
        given = ("An", "Bình", "Chi", "Dũng", "Hoa", "Lan", "Minh", "Nam")[index % 8]
        birth = datetime.date(1970 + index % 30, 1 + index % 12, 1 + index % 28)
        ws.append([f"SNV{10000 + index}", "Nguyễn Văn", given, "Nam", birth, "Kinh", units[index % 2]])
    ws.append(last)
    return to_bytes(book)
