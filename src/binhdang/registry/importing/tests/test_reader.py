"""Reading real-looking Vietnamese staff spreadsheets, built in memory with openpyxl."""

import datetime
import io
import unicodedata
import zipfile

import pytest
from openpyxl import Workbook as OpenpyxlWorkbook

from binhdang.registry.importing.legacy import TCVN3, VNI
from binhdang.registry.importing.reader import (
    ReadError,
    YearOnlyDate,
    match_header,
    parse_cell_date,
    read_workbook,
)


def to_bytes(book: OpenpyxlWorkbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def office_list() -> bytes:
    """A staff list laid out the way Vietnamese offices do it."""
    book = OpenpyxlWorkbook()
    ws = book.active
    ws.title = "Danh sách"
    ws["A1"] = "UBND TỈNH LẠNG SƠN"
    ws["A2"] = "SỞ NỘI VỤ"
    ws["A3"] = "DANH SÁCH CÁN BỘ, CÔNG CHỨC NĂM 2026"
    ws.merge_cells("A3:I3")
    # Two-row header: "Ngày sinh" merged over "Nam" | "Nữ"; the other headings merged down.
    headings = ["STT", "Họ và tên", "Dân tộc", "Chức vụ", "Đơn vị", "Mã CBCCVC", "Ghi chú"]
    for column, heading in zip("ABEFGHI", headings, strict=True):
        ws[f"{column}5"] = heading
        ws.merge_cells(f"{column}5:{column}6")
    ws["C5"] = "Ngày sinh"
    ws.merge_cells("C5:D5")
    ws["C6"] = "Nam"
    ws["D6"] = "Nữ"
    ws.append([1, 2, 3, 4, 5, 6, 7, 8, 9])  # row 7: column numbers
    nfd_name = unicodedata.normalize("NFD", "Nguyễn Thị Hà")
    ws.append([1, nfd_name, None, datetime.datetime(1985, 9, 5), "Kinh", "  Trưởng  phòng ", "Phòng Tổ chức", "CB001"])
    ws.append([2, "NguyÔn V¨n An", "05/09/1985", None, "Tµy", "Chuyªn viªn", "Phòng Tổ chức", "CB002"])
    ws.append([3, "Hoaøng Thò Lan", None, "5/9/85", "Nuøng", "Chuyeân vieân", "Văn phòng", "CB003", "VNI"])
    ws.append([4, "Lê Văn Cường", 31048, None, "Kinh", "Phó Giám đốc", "Ban Giám đốc", "CB004"])
    ws.append([5, "Vi Thị Mai", None, "1985", "Nùng", "Chuyên viên", "Văn phòng", "CB005"])
    ws.append([])  # row 13: blank
    ws["G14"] = "Lạng Sơn, ngày 10 tháng 11 năm 2026"
    ws["B15"] = "Người lập biểu"
    ws["G15"] = "Thủ trưởng đơn vị"
    ws["B18"] = "Nguyễn Văn Ký"
    ws["G18"] = "Hoàng Văn Tâm"
    return to_bytes(book)


def test_office_list_header():
    workbook = read_workbook(office_list(), "danh-sach.xlsx")
    assert workbook.filename == "danh-sach.xlsx"
    [sheet] = workbook.sheets
    assert sheet.name == "Danh sách"
    assert not sheet.hidden
    assert sheet.header_rows == (5, 6)
    assert sheet.columns == {
        "row_number": 1,
        "full_name": 2,
        "birth_date_male": 3,
        "birth_date_female": 4,
        "ethnicity": 5,
        "post_title": 6,
        "unit": 7,
        "employee_code": 8,
    }
    assert [(header.column_letter, header.text, header.field) for header in sheet.headers] == [
        ("A", "STT", "row_number"),
        ("B", "Họ và tên", "full_name"),
        ("C", "Ngày sinh / Nam", "birth_date_male"),
        ("D", "Ngày sinh / Nữ", "birth_date_female"),
        ("E", "Dân tộc", "ethnicity"),
        ("F", "Chức vụ", "post_title"),
        ("G", "Đơn vị", "unit"),
        ("H", "Mã CBCCVC", "employee_code"),
        ("I", "Ghi chú", None),
    ]


def test_office_list_rows():
    [sheet] = read_workbook(office_list(), "danh-sach.xlsx").sheets
    fields = ["full_name", "birth_date_male", "birth_date_female", "ethnicity", "post_title", "unit", "employee_code"]
    assert [(row.row, *(row.text(name) for name in fields)) for row in sheet.rows] == [
        (8, "Nguyễn Thị Hà", "", "05/09/1985", "Kinh", "Trưởng phòng", "Phòng Tổ chức", "CB001"),
        (9, "Nguyễn Văn An", "05/09/1985", "", "Tày", "Chuyên viên", "Phòng Tổ chức", "CB002"),
        (10, "Hoàng Thị Lan", "", "5/9/85", "Nùng", "Chuyên viên", "Văn phòng", "CB003"),
        (11, "Lê Văn Cường", "31048", "", "Kinh", "Phó Giám đốc", "Ban Giám đốc", "CB004"),
        (12, "Vi Thị Mai", "", "1985", "Nùng", "Chuyên viên", "Văn phòng", "CB005"),
    ]
    first, second, third, fourth, fifth = sheet.rows
    # NFD input is read as NFC, so it equals the same name typed in NFC.
    assert first.text("full_name") == unicodedata.normalize("NFC", "Nguyễn Thị Hà")
    assert first.value("birth_date_female") in (datetime.date(1985, 9, 5), datetime.datetime(1985, 9, 5))
    assert first.fields["full_name"].legacy_encoding is None
    # Legacy fonts are converted cell by cell, and the cell says so.
    assert second.fields["full_name"].value == "NguyÔn V¨n An"
    assert second.fields["full_name"].legacy_encoding == TCVN3
    assert third.fields["full_name"].legacy_encoding == VNI
    assert third.extra["I"].text == "VNI"  # the unrecognised "Ghi chú" column is kept aside
    # Every cell knows where it came from.
    cell = fourth.fields["birth_date_male"]
    assert (cell.sheet, cell.row, cell.column, cell.column_letter, cell.value) == ("Danh sách", 11, 3, "C", 31048)
    assert "row_number" in fifth.fields and fifth.text("row_number") == "5"
    # And the dates parse: Excel date, text dd/mm/yyyy, d/m/yy, serial number, year only.
    dates = [parse_cell_date(row.value("birth_date_male") or row.value("birth_date_female")) for row in sheet.rows]
    assert dates == [(datetime.date(1985, 9, 5), None)] * 3 + [(datetime.date(1985, 1, 1), None)] * 2
    assert [isinstance(day, YearOnlyDate) for day, _error in dates] == [False, False, False, False, True]


def test_single_row_header_without_title_and_a_legacy_sheet():
    # A whole sheet typed in .VnTime: headings too. "Vò" (Vũ) is also valid Unicode on its own,
    # but its column is TCVN3 everywhere else, so it is converted with it.
    book = OpenpyxlWorkbook()
    ws = book.active
    ws.append(["TT", "Hä vµ tªn ®Öm", "Tªn", "Giíi tÝnh", "N¨m sinh", "D©n téc"])
    ws.append([1, "Ph¹m V¨n", "Vò", "Nam", 1972, "Kinh"])
    ws.append([2, "TrÇn ThÞ", "H­¬ng", "N÷", 1990, "M­êng"])
    ws.insert_cols(1)  # the table does not start in column A
    [sheet] = read_workbook(to_bytes(book), "cu.xlsx").sheets
    assert sheet.header_rows == (1,)
    assert sheet.columns == {
        "row_number": 2,
        "family_name": 3,
        "given_name": 4,
        "sex": 5,
        "birth_date": 6,
        "ethnicity": 7,
    }
    assert [[cell.text for cell in row.fields.values()] for row in sheet.rows] == [
        ["1", "Phạm Văn", "Vũ", "Nam", "1972", "Kinh"],
        ["2", "Trần Thị", "Hương", "Nữ", "1990", "Mường"],
    ]
    assert sheet.rows[0].fields["given_name"].legacy_encoding == TCVN3


def test_vertically_merged_unit_and_grouped_qualifications():
    book = OpenpyxlWorkbook()
    ws = book.active
    ws.append(["Số TT", "Họ tên", "Đơn vị", "Trình độ", None, None, None, None, "Ngày vào Đảng"])
    ws.append([None, None, None, "Chuyên môn", "Lý luận chính trị", "Quản lý nhà nước", "Ngoại ngữ", "Tin học"])
    for column in "ABCI":
        ws.merge_cells(f"{column}1:{column}2")
    ws.merge_cells("D1:H1")
    ws.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)"])
    ws.append(
        [1, "Đỗ Thị Hằng", "Phòng Kế hoạch", "Thạc sĩ", "Cao cấp", "Chuyên viên chính", "B1", "Cơ bản", "03/02/2010"]
    )
    ws.append([2, "Bùi Văn Đông", None, "Cử nhân", "Trung cấp", None, "A2", None, None])
    ws.merge_cells("C4:C5")  # the unit is written once for both people
    [sheet] = read_workbook(to_bytes(book), "trinh-do.xlsx").sheets
    assert sheet.columns == {
        "row_number": 1,
        "full_name": 2,
        "unit": 3,
        "degree": 4,
        "political_theory": 5,
        "state_management": 6,
        "foreign_language": 7,
        "it_level": 8,
        "party_member_since": 9,
    }
    assert [row.row for row in sheet.rows] == [4, 5]
    assert sheet.rows[1].text("unit") == "Phòng Kế hoạch"
    assert sheet.rows[1].fields["unit"].row == 5
    assert sheet.rows[1].text("degree") == "Cử nhân"
    assert "state_management" not in sheet.rows[1].fields


def test_instructions_sheet_is_skipped_and_hidden_sheet_is_flagged():
    book = OpenpyxlWorkbook()
    book.active.title = "Hướng dẫn"
    book.active["A1"] = "Điền mỗi người một dòng."
    hidden = book.create_sheet("Cán bộ")
    hidden.sheet_state = "hidden"
    hidden.append(["Họ và tên", "Giới tính"])
    hidden.append(["Nông Thị Hoa", "Nữ"])
    [sheet] = read_workbook(to_bytes(book), "x.xlsx").sheets
    assert (sheet.name, sheet.hidden) == ("Cán bộ", True)
    assert [row.text("full_name") for row in sheet.rows] == ["Nông Thị Hoa"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Họ và tên", "full_name"),
        ("HỌ VÀ TÊN", "full_name"),
        ("  họ   và\ntên ", "full_name"),
        ("Ho va ten", "full_name"),
        ("Họ tên", "full_name"),
        ("Họ, chữ đệm và tên", "full_name"),
        (unicodedata.normalize("NFD", "Họ và tên"), "full_name"),
        ("Họ và tên đệm", "family_name"),
        ("Họ đệm", "family_name"),
        ("Tên", "given_name"),
        ("Ngày sinh", "birth_date"),
        ("Ngày, tháng, năm sinh", "birth_date"),
        ("Ngày/tháng/năm sinh", "birth_date"),
        ("Ngày sinh (dd/mm/yyyy)", "birth_date"),
        ("Năm sinh", "birth_date"),
        ("Giới tính", "sex"),
        ("Dân tộc", "ethnicity"),
        ("Chức vụ", "post_title"),
        ("Đơn vị", "unit"),
        ("Phòng, ban", "unit"),
        ("Mã cán bộ", "employee_code"),
        ("Mã CBCCVC", "employee_code"),
        ("Số hiệu cán bộ", "employee_code"),
        ("Ngạch", "civil_service_rank"),
        ("Ngạch công chức", "civil_service_rank"),
        ("Trình độ chuyên môn", "degree"),
        ("Lý luận chính trị", "political_theory"),
        ("Quản lý nhà nước", "state_management"),
        ("Ngoại ngữ", "foreign_language"),
        ("Tin học", "it_level"),
        ("Ngày vào Đảng", "party_member_since"),
        ("Loại cán bộ", "employment_type"),
        ("Đối tượng", "employment_type"),
        ("STT", "row_number"),
        ("TT", "row_number"),
        ("Nam", None),
        ("Nữ", None),
        ("Ghi chú", None),
        ("", None),
        ("DANH SÁCH CÁN BỘ", None),
    ],
)
def test_match_header(text, expected):
    assert match_header(text) == expected


def test_match_header_under_a_group():
    assert match_header("Nam", parent="Ngày sinh") == "birth_date_male"
    assert match_header("Nữ", parent="Ngày, tháng, năm sinh") == "birth_date_female"
    assert match_header("nu", parent="NĂM SINH") == "birth_date_female"
    assert match_header("Nam", parent="Số lượng") is None
    assert match_header("Chuyên môn", parent="Trình độ") == "degree"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        (datetime.datetime(1985, 9, 5, 0, 0), datetime.date(1985, 9, 5)),
        (datetime.date(1985, 9, 5), datetime.date(1985, 9, 5)),
        (31295, datetime.date(1985, 9, 5)),  # Excel serial number
        (31295.0, datetime.date(1985, 9, 5)),
        ("05/09/1985", datetime.date(1985, 9, 5)),
        ("5/9/1985", datetime.date(1985, 9, 5)),
        ("05-09-1985", datetime.date(1985, 9, 5)),
        ("05.09.1985", datetime.date(1985, 9, 5)),
        (" 05/09/1985 ", datetime.date(1985, 9, 5)),
        ("5/9/85", datetime.date(1985, 9, 5)),
        ("5/9/30", datetime.date(1930, 9, 5)),
        ("5/9/29", datetime.date(2029, 9, 5)),
        ("1/1/00", datetime.date(2000, 1, 1)),
        ("1985-09-05", datetime.date(1985, 9, 5)),
        ("29/02/2000", datetime.date(2000, 2, 29)),
    ],
)
def test_parse_cell_date(value, expected):
    day, error = parse_cell_date(value)
    assert (day, error) == (expected, None)
    assert not isinstance(day, YearOnlyDate)


@pytest.mark.parametrize("value", ["1985", 1985, 1985.0, " 1985 "])
def test_parse_cell_date_year_only(value):
    day, error = parse_cell_date(value)
    assert (day, error) == (datetime.date(1985, 1, 1), None)
    assert isinstance(day, YearOnlyDate)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("31/02/1985", "not a real date"),
        ("29/02/1985", "not a real date"),
        ("00/01/1985", "not a real date"),
        ("5/13/85", "not a real date"),
        ("1985-13-01", "not a real date"),
        ("abc", "not a date"),
        ("05/09", "not a date"),
        ("1750", "not a date"),
        (-5, "not a date"),
        (True, "not a date"),
        (99999999, "not a date"),
    ],
)
def test_parse_cell_date_errors(value, fragment):
    day, error = parse_cell_date(value)
    assert day is None
    assert error and fragment in error


# --- Files that are not readable workbooks ----------------------------------------------------


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def empty_workbook() -> bytes:
    return to_bytes(OpenpyxlWorkbook())


def title_only_workbook() -> bytes:
    book = OpenpyxlWorkbook()
    book.active["A1"] = "DANH SÁCH CÁN BỘ"
    book.active["A3"] = "Không có ai."
    return to_bytes(book)


def headers_only_workbook() -> bytes:
    book = OpenpyxlWorkbook()
    book.active.append(["STT", "Họ và tên", "Ngày sinh", "Giới tính"])
    book.active.append([1, 2, 3, 4])
    book.active.append([None, "Người lập biểu"])
    return to_bytes(book)


def broken_workbook_xml() -> bytes:
    good = zipfile.ZipFile(io.BytesIO(empty_workbook()))
    files = {name: good.read(name) for name in good.namelist()}
    files["xl/workbook.xml"] = b"<workbook><sheets><sheet"
    return zip_bytes(files)


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "empty"),
        (b"   \r\n", "empty"),
        (_OLE2 + b"\x00" * 600 + "Workbook".encode("utf-16-le") + b"\x00" * 600, ".xls"),
        (_OLE2 + b"\x00" * 600 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 600, "password"),
        ("STT;Họ và tên;Ngày sinh\r\n1;Nguyễn Văn An;05/09/1985\r\n".encode(), "CSV"),
        ("Họ và tên,Ngày sinh\nNguyen Van An,05/09/1985\n".encode("cp1252", "replace"), "CSV"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "not a spreadsheet"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a spreadsheet"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "not a spreadsheet"),
        (b"\x00\x01\x02\x03\xfe\xff binary", "not a spreadsheet"),
        (zip_bytes({"word/document.xml": b"<w:document/>"}), "not a spreadsheet"),  # a renamed .docx
        (zip_bytes({"readme.txt": b"hello"}), "not a spreadsheet"),
        (zip_bytes({"xl/workbook.bin": b"\x00"}), ".xlsb"),
        (zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}), ".ods"),
        (office_list()[:2000], "damaged"),  # truncated upload
        (b"PK\x03\x04" + b"\x00" * 100, "damaged"),
        (broken_workbook_xml(), "damaged"),
        (empty_workbook(), "no data"),
        (title_only_workbook(), "headings"),
        (headers_only_workbook(), "no rows of data"),
    ],
    ids=[
        "empty",
        "blank",
        "xls",
        "password",
        "csv-utf8",
        "csv-cp1252",
        "pdf",
        "png",
        "jpeg",
        "binary",
        "docx",
        "zip",
        "xlsb",
        "ods",
        "truncated",
        "fake-zip",
        "broken-xml",
        "empty-workbook",
        "title-only",
        "headers-only",
    ],
)
def test_bad_files(data, fragment):
    with pytest.raises(ReadError) as raised:
        read_workbook(data, "upload.xlsx")
    assert raised.value.message
    assert fragment in raised.value.message
    assert str(raised.value) == raised.value.message
