"""A corpus of broken and awkward upload files, each with the messages it must produce.

Every case goes through the real pages as a persona, in English: upload to `registry:import_list`,
read `registry:import_detail`, then try `registry:import_run` with the warnings confirmed. No case
may give a 500. A refused file (unreadable, or with errors) must leave every table of the registry
as it was, after the upload and after the attempt to run it; an awkward but correct file (legacy
fonts, a two-row header, formulas ...) must be read right, and is imported to prove it.

Stages: READ, refused at the upload with a message on the file field (no import job is recorded),
or else recorded with that message among its errors;
CHECK, recorded with errors at the expected sheet, row and column (every error must be expected);
OK, recorded without errors, with the expected warnings, and written by the run.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from conftest import UNITS_FROM, Tree
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from binhdang.core.tests.db_state import assert_unchanged, db_state
from binhdang.registry.importing.tests import corpus as c
from binhdang.registry.models import Employment, ImportJob, Person, PoolEntry, Post

READ, CHECK, OK = "read", "check", "ok"
ERROR, WARNING = "error", "warning"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STAFF_SHEET = "Cán bộ"
FILE_HAS_ERRORS = "The file has errors: correct them and upload it again."


@dataclass(frozen=True)
class Expect:
    message: str  # a fragment of the English message
    sheet: str | None = None
    row: int | None = None  # None: about the whole sheet
    column: str = ""  # the column letter, "" for the whole row or sheet
    severity: str = ERROR


def E(message: str, sheet: str | None = None, row: int | None = None, column: str = "") -> Expect:  # noqa: N802
    return Expect(message, sheet, row, column, ERROR)


def W(message: str, sheet: str | None = None, row: int | None = None, column: str = "") -> Expect:  # noqa: N802
    return Expect(message, sheet, row, column, WARNING)


@dataclass(frozen=True)
class Case:
    id: str
    stage: str
    build: Callable[[], bytes]
    expect: tuple[Expect, ...]
    filename: str = "danh-sach.xlsx"
    persona: str = "snv_admin"
    unit: str = "snv"  # the attribute of the `tree` fixture the file is imported into
    setup: Callable[[Tree], None] | None = None  # before the snapshot: units the case needs
    written: Callable[[Tree], None] | None = None  # OK cases: what the run must have written
    absent: tuple[str, ...] = ()  # fragments that no message of the check may contain

    def __str__(self) -> str:
        return self.id


def read(id: str, build: Callable[[], bytes], message: str, *, filename: str = "danh-sach.xlsx") -> Case:
    return Case(id, READ, build, (E(message),), filename)


def check(id: str, build: Callable[[], bytes], *expect: Expect, **options: Any) -> Case:
    return Case(id, CHECK, build, expect, **options)


def ok(id: str, build: Callable[[], bytes], *expect: Expect, written: Callable[[Tree], None], **options: Any) -> Case:
    return Case(id, OK, build, expect, written=written, **options)


def staff_cell(row: int, column: str, message: str) -> Expect:
    return E(message, STAFF_SHEET, row, column)


# --- What OK cases write --------------------------------------------------------------------


def person(code: str) -> Person:
    return Person.objects.get(employee_code=code)


def unit_of(code: str) -> str:
    return Employment.objects.get(person__employee_code=code, end_date=None).unit.code


def wrote_an(tree: Tree) -> None:
    an = person("SNV300")
    assert (an.family_name, an.given_name, an.sex, an.birth_date) == (
        "Nguyễn Văn",
        "An",
        "M",
        datetime.date(1985, 9, 5),
    )
    assert unit_of("SNV300") == "TN-SNV-VP"


def wrote_office_list(tree: Tree) -> None:
    hoa, nam = person("SNV310"), person("SNV311")
    assert (hoa.full_name, hoa.sex, hoa.birth_date, hoa.ethnicity) == (
        "Nguyễn Thị Hoa",
        "F",
        datetime.date(1985, 9, 5),
        "02",  # Tày
    )
    assert (nam.full_name, nam.sex, nam.birth_date) == ("Trần Văn Nam", "M", datetime.date(1979, 1, 30))
    assert (unit_of("SNV310"), unit_of("SNV311")) == ("TN-SNV-VP", "TN-SNV-CC")
    assert not Person.objects.filter(given_name="Ký").exists()  # "Nguyễn Văn Ký" signs under the list


def wrote_only_visible_sheet(tree: Tree) -> None:
    wrote_an(tree)
    assert not Person.objects.filter(employee_code="SNV399").exists()


def wrote_tcvn3(tree: Tree) -> None:
    hung = person("SNV300")
    assert (hung.family_name, hung.given_name) == ("Nguyễn Văn", "Hùng")
    assert unit_of("SNV300") == "TN-SNV-VP"  # "V¨n phßng Së", by its name


def wrote_vni(tree: Tree) -> None:
    lan = person("SNV300")
    assert (lan.family_name, lan.given_name, lan.sex) == ("Hoàng Thị", "Lan", "F")


def wrote_nfc(tree: Tree) -> None:
    first, second = person("SNV300"), person("SNV301")
    assert (first.family_name, first.given_name, first.sex) == ("Nguyễn Thị", "Hà", "F")
    assert first.family_name == second.family_name and first.given_name == second.given_name  # both NFC
    assert unit_of("SNV300") == unit_of("SNV301") == "TN-SNV-VP"


def wrote_same_birth_dates(tree: Tree) -> None:
    births = set(Person.objects.filter(employee_code__startswith="SNV3").values_list("birth_date", flat=True))
    assert births == {datetime.date(1985, 9, 5)}
    assert Person.objects.filter(employee_code__startswith="SNV3").count() == 5


def wrote_split_name(tree: Tree) -> None:
    khai = person("SNV300")
    assert (khai.family_name, khai.given_name) == ("Nguyễn Thị Minh", "Khai")


def wrote_year_only(tree: Tree) -> None:
    assert person("SNV300").birth_date == datetime.date(1985, 1, 1)


def wrote_pool_entry(tree: Tree) -> None:
    entry = PoolEntry.objects.get(person__employee_code="TN0002")
    assert (entry.period_start, entry.period_end, entry.level) == (2025, 2030, "division")


def wrote_post_of_new_person(tree: Tree) -> None:
    post = Post.objects.get(person__employee_code="SNV300")
    assert (post.unit, post.title, post.rank, post.start_date) == (
        tree.snv_office,
        "Phó Chánh Văn phòng",
        "deputy",
        datetime.date(2022, 1, 1),
    )


def wrote_without_sensitive(tree: Tree) -> None:
    an = person("SNV300")
    assert an.party_member_since is None
    assert an.ethnicity is None  # unknown, not the file's "Tày" (the secretary may not set it), nor a guess


def wrote_hoa_only(tree: Tree) -> None:
    hoa = person("SNV310")
    assert (hoa.full_name, hoa.sex, hoa.birth_date) == ("Nguyễn Thị Hoa", "F", datetime.date(1985, 9, 5))
    assert Person.objects.count() == 5  # the four of the `people` fixture, and Hoa


def wrote_transfer(tree: Tree) -> None:
    """Hà moves from Văn phòng Sở to Phòng Công chức, viên chức; Bình stays where he is."""
    employments = Employment.objects.filter(person__employee_code="TN0001").order_by("start_date")
    assert [(e.unit.code, e.start_date, e.end_date) for e in employments] == [
        ("TN-SNV-VP", datetime.date(2020, 1, 1), datetime.date(2024, 12, 31)),
        ("TN-SNV-CC", datetime.date(2025, 1, 1), None),
    ]
    assert [(e.unit.code, e.start_date) for e in Employment.objects.filter(person__employee_code="TN0002")] == [
        ("TN-SNV-CC", datetime.date(2020, 1, 1))
    ]
    assert person("TN0001").ethnicity == "01"  # the file says Kinh


def wrote_an_without_post(tree: Tree) -> None:
    wrote_an(tree)
    assert not Post.objects.filter(person__employee_code="SNV300").exists()


def wrote_an_from_2015(tree: Tree) -> None:
    wrote_an(tree)
    assert Employment.objects.get(person__employee_code="SNV300").start_date == datetime.date(2015, 3, 1)


# --- Setups ---------------------------------------------------------------------------------


def two_units_named_alike(tree: Tree) -> None:
    from binhdang.orgs.restructuring import NewUnit, create_unit

    create_unit(NewUnit("TN-SNV-VP-VT", "Tổ Văn thư", "division"), tree.snv_office, UNITS_FROM)
    create_unit(NewUnit("TN-SNV-CC-VT", "Tổ Văn thư", "division"), tree.snv_civil, UNITS_FROM)


def dissolved_unit(tree: Tree) -> None:
    from binhdang.orgs.restructuring import NewUnit, create_unit, dissolve

    unit = create_unit(NewUnit("TN-SNV-LT", "Tổ Lưu trữ", "division"), tree.snv, UNITS_FROM)
    dissolve(unit, datetime.date(2015, 1, 1))


# --- The corpus ---------------------------------------------------------------------------

H = c.STAFF + ["Ngày vào Đảng"]  # H: party member since
L = c.STAFF + ["Ngoại ngữ"]  # H: foreign languages
S = c.STAFF + ["Ngày bắt đầu công tác"]  # H: working in the unit since
FULL = ["Mã cán bộ", "Họ và tên", "Giới tính", "Ngày sinh", "Dân tộc", "Đơn vị"]  # B: full name
BINH = "Trần Văn Bình"  # TN0002, in Phòng Công chức, viên chức (TN-SNV-CC), born 08/03/1985


def posts(*rows: list[Any]) -> Callable[[], bytes]:
    return lambda: c.xlsx({"Chức vụ": [c.POSTS, *rows]})


def pool(*rows: list[Any]) -> Callable[[], bytes]:
    return lambda: c.xlsx({"Quy hoạch": [c.POOL, *rows]})


def training(*rows: list[Any]) -> Callable[[], bytes]:
    return lambda: c.xlsx({"Đào tạo": [c.TRAINING, *rows]})


def post_of_binh(**changes: Any) -> list[Any]:
    row = {
        "code": "TN0002",
        "name": BINH,
        "unit": "TN-SNV-CC",
        "post": "Phó Trưởng phòng",
        "key": "không",
        "start": "01/06/2021",
        "end": None,
        "decision": "5/QĐ-SNV",
    }
    row.update(changes)
    return list(row.values())


def posts_cell(row: int, column: str, message: str) -> Expect:
    return E(message, "Chức vụ", row, column)


NO_STAFF_SHEET = "No sheet of staff, posts, succession pool or training was found: use the template's sheets."
NOT_SPREADSHEET = "This file is not a spreadsheet: upload an Excel workbook (.xlsx)."
DAMAGED = "The file is damaged and cannot be read: open it in Excel, save it again as .xlsx and upload it again."
CSV = "This is a CSV or text file: open it in Excel and save it as .xlsx (Excel Workbook), then upload it again."
NO_HEADINGS = "No row of column headings was found: the first 15 rows of a sheet must include headings"
OUTSIDE_SNV = "is outside Sở Nội vụ, where this file is imported: import it there instead."
NAMES_REQUIRED = "Required: enter the family, middle and given names."

CASES: list[Case] = [
    # Files that are not readable workbooks: refused at the upload.
    read("empty-file", lambda: b"", "file is empty."),  # Django's own "The submitted file is empty."
    read("blank-file", lambda: b"  \r\n\t \r\n", "The file is empty."),
    read("workbook-without-cells", lambda: c.xlsx({"Sheet1": []}), "The workbook contains no data."),
    read("headers-only", c.headers_only, "The workbook has column headings but no rows of data under them."),
    # The template as downloaded: its hidden Lists sheet holds rows, but no sheet of people does.
    read("empty-template", c.template, "The workbook has column headings but no rows of data under them."),
    read("title-block-only", c.title_block_only, NO_HEADINGS),
    read("header-below-row-15", c.header_below_row_15, NO_HEADINGS),
    read("full-name-column-only", c.full_name_column_only, NO_HEADINGS),
    read(
        "old-xls-ole2",
        lambda: c.ole2("Workbook", "\x05SummaryInformation"),
        "This is an old .xls file: open it in Excel and save it as .xlsx (Excel Workbook), then upload it again.",
        filename="danh-sach.xls",
    ),
    read(
        "password-protected-xlsx",
        lambda: c.ole2("\x06DataSpaces", "EncryptionInfo", "EncryptedPackage"),
        "The file is password-protected: open it in Excel, remove the password",
    ),
    read("renamed-docx", c.docx, NOT_SPREADSHEET),
    # A Word .doc is an OLE2 file too, but not an old Excel workbook.
    read("renamed-doc-ole2", lambda: c.ole2("WordDocument", "1Table", "\x05SummaryInformation"), NOT_SPREADSHEET),
    read("truncated-xlsx", c.truncated, DAMAGED),
    read("broken-workbook-xml", c.broken_workbook_xml, DAMAGED),
    read("zipped-xlsx", c.zipped_xlsx, NOT_SPREADSHEET, filename="danh-sach.zip"),
    read("csv", c.csv, CSV, filename="danh-sach.csv"),
    # Excel's "CSV UTF-8" starts with a byte-order mark.
    read("csv-utf8-with-bom", lambda: c.csv(bom=True), CSV, filename="danh-sach.csv"),
    read("html-saved-as-xls", c.html_as_xls, CSV, filename="danh-sach.xls"),
    read("pdf", c.pdf, NOT_SPREADSHEET, filename="danh-sach.pdf"),
    read(
        "ods",
        c.ods,
        "This is an OpenDocument spreadsheet (.ods): open it and save it as .xlsx, then upload it again.",
        filename="danh-sach.ods",
    ),
    read(
        "xlsb", c.xlsb, "This is a binary Excel workbook (.xlsb): open it in Excel, save it as .xlsx", filename="a.xlsb"
    ),
    # Sheets and columns.
    check(
        "missing-required-column",
        lambda: c.staff(
            ["SNV300", "Nguyễn Văn", "An", "05/09/1985", "Kinh", "TN-SNV-VP"],
            headings=["Mã cán bộ", "Họ và tên đệm", "Tên", "Ngày sinh", "Dân tộc", "Đơn vị"],
        ),
        E("Required columns are missing: “Sex”. Add them (see the template) and upload again.", STAFF_SHEET),
    ),
    check(
        "missing-code-column",
        lambda: c.staff(c.GOOD[1:], headings=c.STAFF[1:]),
        E("Required columns are missing: “Employee code”. Add them", STAFF_SHEET),
    ),
    check(
        "name-and-unit-columns-only",
        lambda: c.staff(["Nguyễn Văn An", "TN-SNV-VP"], headings=["Họ và tên", "Đơn vị"]),
        E("Required columns are missing: “Employee code”, “Sex”, “Date of birth (dd/mm/yyyy)”.", STAFF_SHEET),
    ),
    check(
        "given-name-column-without-family-column",
        lambda: c.staff(
            ["SNV300", "An", "Nam", "05/09/1985", "Kinh", "TN-SNV-VP"], headings=["Mã cán bộ", *c.STAFF[2:]]
        ),
        E("Required columns are missing: “Family and middle name”.", STAFF_SHEET),
    ),
    check(
        "hidden-sheet-only",
        lambda: c.xlsx(
            {"Hướng dẫn": [["Điền mỗi người một dòng."]], STAFF_SHEET: [c.STAFF, c.GOOD]}, hidden=[STAFF_SHEET]
        ),
        W("The sheet is hidden and was not read: unhide it in Excel if its rows should be imported.", STAFF_SHEET),
        E(NO_STAFF_SHEET, STAFF_SHEET),
    ),
    check(
        "template-instructions-and-lists-only",
        lambda: c.template(keep={"Instructions", "Lists"}),
        E(NO_STAFF_SHEET, "Lists"),
    ),
    # Formulas.
    check(
        "formula-without-saved-value",
        c.formula_without_values,
        staff_cell(2, "E", "Required: enter the date as dd/mm/yyyy."),
    ),
    # A failed VLOOKUP shows #N/A in Excel: it is not an empty cell (which means "the unit imported into").
    check("formula-error-na-in-unit", c.formula_error, staff_cell(2, "G", "#N/A")),
    # Dates.
    check(
        "two-digit-year-read-as-future",
        lambda: c.staff(c.good(birth="12/03/28")),
        staff_cell(2, "E", "The date of birth is in the future."),
    ),
    check(
        "impossible-date-31-02",
        lambda: c.staff(c.good(birth="31/02/1990")),
        staff_cell(2, "E", "“31/02/1990” is not a real date: check the day and the month."),
    ),
    check(
        "date-in-words",
        lambda: c.staff(c.good(birth="mùng 5 tháng 9 năm 1985")),
        staff_cell(2, "E", "“mùng 5 tháng 9 năm 1985” is not a date: write it as dd/mm/yyyy."),
    ),
    check(
        "birth-date-in-future",
        lambda: c.staff(c.good(birth="01/01/2090")),
        staff_cell(2, "E", "The date of birth is in the future."),
    ),
    check(
        "age-under-15",
        lambda: c.staff(c.good(birth=c.dmy(c.years_ago(10)))),
        staff_cell(2, "E", "Age 10 is outside 15–75 years: check the date of birth."),
    ),
    check(
        "age-14-on-the-eve-of-15",
        lambda: c.staff(c.good(birth=c.years_ago(15, days=-1))),
        staff_cell(2, "E", "Age 14 is outside 15–75 years: check the date of birth."),
    ),
    check(
        "age-over-75",
        lambda: c.staff(c.good(birth=c.dmy(c.years_ago(80)))),
        staff_cell(2, "E", "Age 80 is outside 15–75 years: check the date of birth."),
    ),
    check(
        "party-admission-before-18",
        lambda: c.staff(c.GOOD + ["01/01/2000"], headings=H),
        staff_cell(2, "H", "Admission to the Party is possible from 18 years of age."),
    ),
    check(
        "party-admission-in-future",
        lambda: c.staff(c.GOOD + ["01/01/2090"], headings=H),
        staff_cell(2, "H", "The date of admission to the Party is in the future."),
    ),
    check(
        "employment-start-in-future",
        lambda: c.staff(c.GOOD + ["01/01/2090"], headings=S),
        staff_cell(2, "H", "The date is in the future."),
    ),
    check(
        "birth-under-both-nam-and-nu",
        lambda: c.office_list([["Nguyễn Thị Hoa", "05/09/1985", "05/09/1985", "Tày", "TN-SNV-VP", "SNV310"]]),
        E("A birth date is written under both “Nam” and “Nữ”: keep one.", "Danh sách", 8, "C"),
    ),
    # Codes.
    check(
        "duplicate-employee-codes",
        lambda: c.staff(c.GOOD, c.good(given="Bình")),
        staff_cell(3, "A", "The employee code “SNV300” is already used on row 2: each person once."),
    ),
    check(
        "duplicate-employee-codes-other-case",
        lambda: c.staff(c.GOOD, c.good(code="snv300", given="Bình")),
        staff_cell(3, "A", "The employee code “snv300” is already used on row 2: each person once."),
    ),
    check(
        "employee-code-missing",
        lambda: c.staff(c.good(code=None)),
        staff_cell(2, "A", "Required: enter the person's employee code; it identifies the person in later imports."),
    ),
    check(
        "employee-code-too-long",
        lambda: c.staff(c.good(code="SNV-" + "0" * 40)),
        staff_cell(2, "A", "The text is too long: at most 32 characters."),
    ),
    check(
        "employee-code-of-person-outside-scope",
        lambda: c.staff(c.good(code="TN0004", family="Hoàng Thị", given="Yến", sex="Nữ")),
        staff_cell(
            2,
            "A",
            "The employee code “TN0004” belongs to a person of a unit outside Sở Nội vụ: check the code, "
            "or ask that unit to transfer the person.",
        ),
    ),
    # One sheet per division, a person listed on two: "row 2" must say of which sheet.
    check(
        "same-code-on-two-division-sheets",
        lambda: c.xlsx({"Văn phòng": [c.STAFF, c.GOOD], "Phòng CC": [c.STAFF, c.good(unit="TN-SNV-CC")]}),
        # Row 2 of which sheet: this sheet's row 2 is the duplicate itself.
        E("The employee code “SNV300” is already used on sheet “Văn phòng”, row 2", "Phòng CC", 2, "A"),
    ),
    check(
        "employment-start-before-age-15",
        lambda: c.staff(c.good(birth=c.dmy(c.years_ago(20))) + [c.dmy(c.years_ago(8))], headings=S),
        staff_cell(2, "H", "The person was under 15 years old on "),
    ),
    check(
        "move-dated-before-the-current-employment",
        lambda: c.staff(
            c.good(code="TN0001", family="Nguyễn Thị", given="Hà", sex="Nữ", birth="08/03/1985", unit="TN-SNV-CC")
            + ["01/01/2019"],
            headings=S,
        ),
        staff_cell(
            2,
            "H",
            "The person moves to Phòng Công chức, viên chức on 01/01/2019, but works in Văn phòng Sở since 01/01/2020",
        ),
    ),
    # Units.
    check(
        "unit-of-another-agency",
        lambda: c.staff(c.good(unit="TN-SYT")),
        staff_cell(2, "G", f"The unit “TN-SYT” {OUTSIDE_SNV}"),
    ),
    check(
        "unit-code-unknown",
        lambda: c.staff(c.good(unit="TN-SNV-XYZ")),
        staff_cell(2, "G", "No unit has the code or name “TN-SNV-XYZ” in Sở Nội vụ: check it against the unit list."),
    ),
    check(
        "unit-name-ambiguous",
        lambda: c.staff(c.good(unit="Tổ Văn thư")),
        staff_cell(2, "G", "Several units are called “Tổ Văn thư”: write the unit's code instead ("),
        setup=two_units_named_alike,
    ),
    check(
        "unit-dissolved",
        lambda: c.staff(c.good(unit="TN-SNV-LT")),
        staff_cell(2, "G", "“Tổ Lưu trữ” is not in force on "),
        setup=dissolved_unit,
    ),
    # Choices, names and text.
    check(
        "sex-unknown-value",
        lambda: c.staff(c.good(sex="khác")),
        staff_cell(2, "D", "“khác” is not in the list; use one of: female, male."),
    ),
    check(
        "sex-empty",
        lambda: c.staff(c.good(sex=None)),
        staff_cell(2, "D", "Required: choose a value from the list."),
    ),
    check(
        "ethnicity-unknown",
        lambda: c.staff(c.good(ethnicity="Eskimo")),
        staff_cell(2, "F", "“Eskimo” is not one of the 54 ethnic groups: write its name, e.g. Kinh, Tày, Nùng."),
    ),
    check(
        "language-without-level",
        lambda: c.staff(c.GOOD + ["Tiếng Anh"], headings=L),
        staff_cell(
            2, "H", "Write each language with its level (A1–C2), separated by “;”: Tiếng Anh B1; Tiếng Pháp A2."
        ),
    ),
    # One problem, one message: a refused name cell is not also "Required" on the filled cells
    # (every error of a CHECK case must be expected).
    check(
        "markup-in-name",
        lambda: c.staff(c.good(given="<script>alert(1)</script>")),
        staff_cell(2, "C", "The text may not contain “<” or “>”."),
    ),
    check(
        "family-name-too-long",
        lambda: c.staff(c.good(family="Nguyễn " + "Thị " * 19)),
        staff_cell(2, "B", "The text is too long: at most 80 characters."),
    ),
    check(
        "name-with-digit",
        lambda: c.staff(c.good(given="An2")),
        staff_cell(2, "C", "“An2” is not a valid name: use letters, spaces and hyphens only."),
    ),
    check(
        "given-name-missing",
        lambda: c.staff(c.good(given=None)),
        staff_cell(2, "C", NAMES_REQUIRED),
    ),
    check(
        "full-name-of-one-word",
        lambda: c.staff(["SNV300", "Hà", "Nữ", "05/09/1985", "Kinh", "TN-SNV-VP"], headings=FULL),
        staff_cell(2, "B", NAMES_REQUIRED),
    ),
    check(
        "legacy-fonts-mixed-in-a-cell",
        lambda: c.staff(c.good(family="NguyÔn Vaên")),
        staff_cell(
            2,
            "B",
            "The text looks typed in an old Vietnamese font (TCVN3 or VNI) and cannot be converted reliably: "
            "retype it in Unicode.",
        ),
    ),
    # Posts sheet.
    check(
        "posts-unknown-code",
        posts(post_of_binh(code="SNV999", name="Ma Văn Khó")),
        posts_cell(2, "A", "No person has the employee code “SNV999”: add the person on the Staff sheet first."),
    ),
    check(
        "posts-code-outside-scope",
        posts(post_of_binh(code="TN0004", name="Hoàng Thị Yến")),
        posts_cell(2, "A", "The employee code “TN0004” belongs to a person of a unit outside Sở Nội vụ."),
    ),
    check(
        "posts-end-before-start",
        posts(post_of_binh(end="01/01/2020")),
        posts_cell(2, "G", "The end date (01/01/2020) is before the start date (01/06/2021)."),
    ),
    check(
        "posts-overlapping-rows",
        posts(
            post_of_binh(start="01/01/2022"),
            post_of_binh(post="Trưởng phòng", start="01/06/2023", decision="9/QĐ-SNV"),
        ),
        posts_cell(3, "F", "The person already holds the post “Phó Trưởng phòng” in this unit from 01/01/2022."),
    ),
    check(
        "posts-second-head-of-unit",
        posts(post_of_binh(unit="TN-SNV-VP", post="Chánh Văn phòng", start="01/01/2023")),
        posts_cell(2, "F", "Nguyễn Thị Hà is already “Chánh Văn phòng” of this unit from 01/06/2021."),
    ),
    check(
        "posts-row-repeated",
        posts(post_of_binh(), post_of_binh()),
        E("This row repeats row 2.", "Chức vụ", 3, ""),
    ),
    check(
        "posts-bad-yes-no",
        posts(post_of_binh(key="có lẽ")),
        posts_cell(2, "E", "Write “có” or “không”."),
    ),
    check(
        "posts-start-in-future",
        posts(post_of_binh(start="01/01/2090")),
        posts_cell(2, "F", "The date is in the future."),
    ),
    check(
        "posts-start-before-age-15",
        posts(post_of_binh(start="01/01/1995")),
        posts_cell(2, "F", "The person was under 15 years old on 01/01/1995."),
    ),
    check(
        "posts-unit-of-another-agency",
        posts(post_of_binh(unit="TN-SYT-NVY")),
        posts_cell(2, "C", f"The unit “TN-SYT-NVY” {OUTSIDE_SNV}"),
    ),
    check(
        "posts-without-start-column",
        lambda: c.xlsx({"Chức vụ": [c.POSTS[:5], post_of_binh()[:5]]}),
        E("Required columns are missing: “From (dd/mm/yyyy)”.", "Chức vụ"),
    ),
    # Succession pool and training sheets.
    check(
        "pool-period-one-year",
        pool(["TN0002", "Trưởng phòng", "Phòng", "2025"]),
        E("“2025” is not a period: write two years, e.g. 2025-2030.", "Quy hoạch", 2, "D"),
    ),
    check(
        "pool-period-reversed",
        pool(["TN0002", "Trưởng phòng", "Phòng", "2030-2025"]),
        E("The period must end after it starts (e.g. 2025–2030).", "Quy hoạch", 2, "D"),
    ),
    check(
        "pool-period-too-long",
        pool(["TN0002", "Trưởng phòng", "Phòng", "2020-2035"]),
        E("A pool period is at most 10 years long.", "Quy hoạch", 2, "D"),
    ),
    check(
        "pool-level-missing",
        pool(["TN0002", "Trưởng phòng", None, "2025-2030"]),
        E("Required: choose a value from the list.", "Quy hoạch", 2, "C"),
    ),
    check(
        "training-unknown-kind-and-no-course",
        training(["TN0002", "học tập", None, "01/03/2024", "có"]),
        E("“học tập” is not in the list; use one of: political theory, state management,", "Đào tạo", 2, "B"),
        E("Required: enter the name of the course.", "Đào tạo", 2, "C"),
    ),
    check(
        "training-completed-unreadable",
        training(["TN0002", "Lồng ghép giới", "Bình đẳng giới trong công vụ", "01/03/2024", "chưa rõ"]),
        E("Write “có” or “không”.", "Đào tạo", 2, "E"),
    ),
    # Other personas.
    check(
        "hr-officer-unit-of-sister-division",
        lambda: c.staff(c.good(unit="TN-SNV-CC")),
        staff_cell(2, "G", "The unit “TN-SNV-CC” is outside Văn phòng Sở, where this file is imported"),
        persona="hr_officer",
        unit="snv_office",
    ),
    check(
        "other-secretary-code-of-snv-person",
        lambda: c.staff(c.good(code="TN0001", family="Nguyễn Thị", given="Hà", sex="Nữ", unit="TN-SYT-NVY")),
        staff_cell(2, "A", "The employee code “TN0001” belongs to a person of a unit outside Sở Y tế"),
        persona="other_secretary",
        unit="syt",
    ),
    # Awkward but correct: read right, and imported.
    ok(
        "extra-columns",
        lambda: c.staff(c.GOOD + ["Lạng Sơn", "chuyển đến 2020"], headings=c.STAFF + ["Quê quán", "Ghi chú"]),
        W("Column H “Quê quán” is not part of the Staff sheet and was not imported.", STAFF_SHEET, None, "H"),
        W("Column I “Ghi chú” is not part of the Staff sheet and was not imported.", STAFF_SHEET, None, "I"),
        written=wrote_an,
    ),
    ok(
        "two-row-header-birth-date-under-nam-nu",
        lambda: c.office_list(
            [
                ["Nguyễn Thị Hoa", None, "05/09/1985", "Tày", "TN-SNV-VP", "SNV310"],
                ["Trần Văn Nam", datetime.datetime(1979, 1, 30), None, "Kinh", "Phòng Công chức, viên chức", "SNV311"],
            ]
        ),
        written=wrote_office_list,
    ),
    ok(
        "hidden-old-sheet-beside-the-staff-sheet",
        lambda: c.xlsx(
            {STAFF_SHEET: [c.STAFF, c.GOOD], "Cán bộ 2020": [c.STAFF, c.good(code="SNV399")]}, hidden=["Cán bộ 2020"]
        ),
        W("The sheet is hidden and was not read", "Cán bộ 2020"),
        written=wrote_only_visible_sheet,
    ),
    # Rows holding only their number (STT) are blank rows of the form, not people without names.
    ok(
        "pre-numbered-empty-rows",
        # Offices number the rows of the form in advance (STT 1-4) and fill in only some of them.
        lambda: c.office_list([["Nguyễn Thị Hoa", None, "05/09/1985", "Tày", "TN-SNV-VP", "SNV310"], [], [], []]),
        written=wrote_hoa_only,
    ),
    # With a "Giới tính" column, the birth date under "Nam" or "Nữ" is still the birth date.
    ok("sex-column-and-birth-dates-under-nam-nu", c.sex_column_and_birth_dates_under_nam_nu, written=wrote_an),
    ok(
        "transfer-of-a-registry-person",
        lambda: c.staff(
            c.good(code="TN0001", family="Nguyễn Thị", given="Hà", sex="Nữ", birth="08/03/1985", unit="TN-SNV-CC")
            + ["01/01/2025"],
            c.good(code="TN0002", family="Trần Văn", given="Bình", birth="08/03/1985", unit="TN-SNV-CC")
            + ["01/01/2020"],
            headings=S,
        ),
        written=wrote_transfer,
    ),
    ok("formula-cells-with-saved-values", c.formula_workbook, written=wrote_an),
    ok("sheet-protected-with-a-password", c.protected_sheet, written=wrote_an),
    ok("chart-sheet-before-the-staff-sheet", c.chart_sheet_first, written=wrote_an),
    ok(
        "leader-post-without-appointment-date",
        lambda: c.staff(c.GOOD + ["Phó Chánh Văn phòng"], headings=c.STAFF + ["Chức vụ"]),
        W(
            "The post “Phó Chánh Văn phòng” was not recorded: add the appointment date, or list it on the Posts sheet.",
            STAFF_SHEET,
            2,
            "H",
        ),
        written=wrote_an_without_post,
    ),
    ok(
        "start-date-column-on-the-staff-sheet",
        lambda: c.staff(c.GOOD + ["01/03/2015"], headings=c.STAFF + ["Ngày bắt đầu"]),
        written=wrote_an_from_2015,
        # The date is used as the start of the employment, so the column was imported.
        absent=("“Ngày bắt đầu” is not part of the Staff sheet and was not imported",),
    ),
    ok(
        "legacy-tcvn3",
        lambda: c.staff(c.good(family="NguyÔn V¨n", given="Hïng", unit="V¨n phßng Së")),
        W(
            "Column B was typed in the old TCVN3 font and was converted to Unicode: check a few names.",
            STAFF_SHEET,
            None,
            "B",
        ),
        written=wrote_tcvn3,
    ),
    ok(
        "legacy-vni",
        lambda: c.staff(c.good(family="Hoaøng Thò", given="Lan", sex="Nöõ")),
        W("Column B was typed in the old VNI font and was converted to Unicode", STAFF_SHEET, None, "B"),
        written=wrote_vni,
    ),
    ok(
        "mixed-nfc-and-nfd",
        lambda: c.staff(
            c.good(family=c.nfd("Nguyễn Thị"), given=c.nfd("Hà"), sex=c.nfd("Nữ"), unit=c.nfd("Văn phòng Sở")),
            c.good(code="SNV301", family="Nguyễn Thị", given="Hà", sex="Nữ"),
        ),
        written=wrote_nfc,
    ),
    ok(
        "dates-as-text-in-five-ways",
        lambda: c.staff(
            *(
                c.good(code=f"SNV30{n}", birth=birth)
                for n, birth in enumerate(["5/9/1985", "05-09-1985", "05.09.1985", "1985-09-05", " 05/09/1985 "])
            )
        ),
        written=wrote_same_birth_dates,
    ),
    ok("two-digit-year", lambda: c.staff(c.good(birth="5/9/85")), written=wrote_an),
    ok(
        "full-name-in-one-column",
        lambda: c.staff(["SNV300", "Nguyễn Thị Minh Khai", "Nữ", "05/09/1985", "Kinh", "TN-SNV-VP"], headings=FULL),
        written=wrote_split_name,
    ),
    ok(
        "year-of-birth-only",
        lambda: c.staff(c.good(birth="1985")),
        W("Only the year of birth is known: it is recorded as 01/01/1985.", STAFF_SHEET, 2, "E"),
        written=wrote_year_only,
    ),
    # Offices write "Giai đoạn 2025-2030", with a capital G.
    ok(
        "pool-period-written-with-words",
        pool(["TN0002", "Trưởng phòng", "Phòng", "Giai đoạn 2025-2030"]),
        written=wrote_pool_entry,
    ),
    ok(
        "staff-and-posts-of-a-new-person",
        lambda: c.with_staff(
            {
                "Chức vụ": [
                    c.POSTS,
                    ["SNV300", "Nguyễn Văn An", "TN-SNV-VP", "Phó Chánh Văn phòng", "không", "01/01/2022"],
                ]
            }
        ),
        written=wrote_post_of_new_person,
    ),
    ok(
        "secretary-with-sensitive-columns",
        lambda: c.staff(c.good(ethnicity="Tày") + ["19/05/2010"], headings=H),
        W("Column “Dân tộc” was not imported: your role may not see or change this information.", STAFF_SHEET),
        W("Column “Ngày vào Đảng” was not imported: your role may not see or change this information.", STAFF_SHEET),
        written=wrote_without_sensitive,
        persona="secretary",
    ),
]


# --- Running a case through the pages -------------------------------------------------------


def _matches(expect: Expect, issue: dict[str, Any], severity: str) -> bool:
    return (
        expect.severity == severity
        and expect.message in issue["message"]
        and (expect.sheet, expect.row, expect.column) == (issue["sheet"], issue["row"], issue["column"])
    )


def _issues(job: ImportJob) -> list[tuple[str, dict[str, Any]]]:
    return [(ERROR, issue) for issue in job.summary.get("errors", [])] + [
        (WARNING, issue) for issue in job.summary.get("warnings", [])
    ]


def _shown(expect: Expect, page: str) -> bool:
    """The issue's sheet, row and column start a row of the issue table, and its message is there."""
    cells = f"<td>{escape(expect.sheet)}</td><td>{expect.row or '—'}</td><td>{expect.column}"
    return cells in page and escape(expect.message) in page


def _upload(client: Any, data: bytes, filename: str, unit: Any) -> Any:
    upload = SimpleUploadedFile(filename, data, content_type=XLSX)
    return client.post(reverse("registry:import_list"), {"file": upload, "unit": unit.pk})


def run_case(case: Case, client: Any, user: Any, unit: Any, tree: Tree) -> None:
    """Upload, look, try to run; then what was written; then the messages (the worst failure first)."""
    client.force_login(user)
    client.cookies["django_language"] = "en"
    data = case.build()
    jobs_before = ImportJob.objects.count()
    before = db_state()

    response = _upload(client, data, case.filename, unit)
    if response.status_code != 302:
        assert response.status_code == 200
        assert_unchanged(before)
        assert ImportJob.objects.count() == jobs_before
        errors = [str(error) for error in response.context["form"].errors.get("file", [])]
        assert case.stage == READ, f"refused at the upload: {errors}"
        for expect in case.expect:
            assert any(expect.message in error for error in errors), errors
            assert escape(expect.message) in response.content.decode()
        return

    job = ImportJob.objects.latest("pk")
    assert response["Location"] == reverse("registry:import_detail", args=[job.pk])
    assert_unchanged(before)  # checking writes nothing
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script>alert" not in html
    issues = _issues(job)
    if issues:  # the file marked up with its problems: an .xlsx, or back to the page if it cannot be
        marked = client.get(reverse("registry:import_annotated", args=[job.pk]))
        assert marked.status_code in (200, 302)
        if marked.status_code == 200:
            assert marked["Content-Type"] == XLSX

    run = client.post(reverse("registry:import_run", args=[job.pk]), {"confirm_warnings": "on"})
    assert run.status_code == 302
    after = client.get(run["Location"])
    assert after.status_code == 200
    job.refresh_from_db()
    if case.stage == OK:
        assert job.status == ImportJob.Status.DONE, (job.message, job.summary.get("errors"))
        assert case.written is not None
        case.written(tree)
    else:
        assert_unchanged(before)  # nothing written by the attempt to run it
        assert job.status == ImportJob.Status.CHECKED
        assert escape(FILE_HAS_ERRORS) in after.content.decode()
        if case.stage == READ:  # refused by the check rather than at the upload: the message is what counts
            messages = [issue["message"] for issue in job.summary.get("errors", [])]
            for expect in case.expect:
                assert any(expect.message in message for message in messages), messages
                assert escape(expect.message) in html
            return

    for expect in case.expect:
        assert any(_matches(expect, issue, severity) for severity, issue in issues), (expect, issues)
        assert _shown(expect, html), expect
    unexpected = [
        issue
        for severity, issue in issues
        if severity == ERROR and not any(_matches(expect, issue, severity) for expect in case.expect)
    ]
    assert not unexpected, f"errors nobody expected: {unexpected}"
    wrong = [issue for _severity, issue in issues if any(fragment in issue["message"] for fragment in case.absent)]
    assert not wrong, f"messages that should not be there: {wrong}"


def test_corpus_is_large_and_unique():
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))
    assert len(CASES) >= 45
    assert {case.stage for case in CASES} == {READ, CHECK, OK}


@pytest.mark.parametrize("case", CASES, ids=str)
def test_corpus(case: Case, request: Any, tree: Tree, people: Any, client: Any) -> None:
    if case.setup:
        case.setup(tree)
    user = request.getfixturevalue(case.persona)
    run_case(case, client, user, getattr(tree, case.unit), tree)


def test_ten_thousand_good_rows_and_one_bad_row_at_the_end(tree, people, snv_admin, client):
    """The last row's unit is from another agency: nothing of the 10,000 good rows is written."""
    case = check(
        "ten-thousand-rows-one-bad",
        lambda: c.big_file(10_000, c.good(code="SNV99999", unit="TN-SYT")),
        staff_cell(10_002, "G", f"The unit “TN-SYT” {OUTSIDE_SNV}"),
    )
    counts = Person.objects.count(), Employment.objects.count()
    run_case(case, client, snv_admin, tree.snv, tree)
    job = ImportJob.objects.latest("pk")
    assert job.summary["rows"] == 10_001
    assert (job.error_count, job.summary["created"]) == (1, 10_000)  # would be created, once the row is right
    assert (Person.objects.count(), Employment.objects.count()) == counts
