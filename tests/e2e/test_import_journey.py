"""The spreadsheet import and export in a real browser.

An administrator of Sở Nội vụ downloads the template, fills its Staff sheet with openpyxl (one
impossible birth date on purpose), uploads it, sees the bad cell named by sheet, row and column,
downloads the file back with that cell marked, corrects it, imports, watches the progress reach the
end and finds the new people in the staff list and the database. A second test exports the staff
list and reads the people back from the workbook.

Elements are found by ids, names and hrefs, and the workbook's sheets and headings by the schema's
labels in the page's language, never by text typed here in English or Vietnamese, so these tests
hold whether or not the new strings are translated yet.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

IMPORT_SHOT = "/tmp/e2e-import-done.png"
ERRORS_SHOT = "/tmp/e2e-import-errors.png"

# The three people typed into the template: code, family and middle name, given name, sex, birth, unit.
# The second birth date does not exist; it is corrected before the real import.
BAD_BIRTH = "31/02/1990"
GOOD_BIRTH = datetime.date(1990, 2, 28)
NEW_PEOPLE = [
    ("SNV101", "Phạm Thị", "Lan", "Nữ", datetime.date(1991, 5, 14), "TN-SNV-VP"),
    ("SNV102", "Vũ Văn", "Khánh", "Nam", BAD_BIRTH, "TN-SNV-CC"),
    ("SNV103", "Đinh Thị", "Mai", "Nữ", datetime.date(1988, 9, 3), "TN-SNV-CC"),
]
BAD_ROW = 3  # Excel row of the second person: the heading is row 1


def _labels(language: str) -> dict[str, Any]:
    """The template's sheet titles (by kind) and Staff headings (by field), as the server writes them."""
    from django.utils import translation

    from binhdang.registry.importing import schema

    with translation.override(language):
        return {
            "sheets": [str(schema.SHEETS[kind].title)[:31] for kind in schema.SHEET_KINDS],
            "staff": {column.field: str(column.label) for column in schema.SHEETS[schema.STAFF].columns},
        }


def _rows(page: Any) -> Any:
    return page.locator("#staff-table table#staff tbody tr")


def _download(page: Any, locator: Any, target: Path) -> Path:
    with page.expect_download() as info:
        locator.click()
    download = info.value
    assert download.failure() is None, download.failure()
    download.save_as(target)
    return target


def _upload(page: Any, path: Path, unit: Any) -> None:
    """On the import page: choose the file and the unit, submit, land on the new import's page."""
    form = page.locator("form#upload-form")
    expect(form).to_be_visible()
    form.locator("input[type=file][name=file]").set_input_files(str(path))
    unit_select = form.locator("select[name=unit]")
    if unit_select.input_value() != str(unit.pk):
        unit_select.select_option(str(unit.pk))
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/staff/imports/\d+/$"))
    expect(page.locator("table#import-counts")).to_be_visible()  # the page is there, not only its URL


def _fill_staff_sheet(template: Path, target: Path, sheet_name: str, headings: dict[str, str]) -> dict[str, str]:
    """Write NEW_PEOPLE under the Staff sheet's headings; returns field -> column letter."""
    book = load_workbook(template)
    ws = book[sheet_name]
    letters = {cell.value: cell.column_letter for cell in ws[1] if cell.value}
    columns = {}
    for field in ("employee_code", "family_name", "given_name", "sex", "birth_date", "ethnicity", "unit"):
        assert headings[field] in letters, f"no {field} column ({headings[field]!r}) in {list(letters)}"
        columns[field] = letters[headings[field]]
    for offset, (code, family, given, sex, birth, unit) in enumerate(NEW_PEOPLE):
        row = 2 + offset
        ws[f"{columns['employee_code']}{row}"] = code
        ws[f"{columns['family_name']}{row}"] = family
        ws[f"{columns['given_name']}{row}"] = given
        ws[f"{columns['sex']}{row}"] = sex
        ws[f"{columns['birth_date']}{row}"] = birth
        ws[f"{columns['ethnicity']}{row}"] = "Kinh"
        ws[f"{columns['unit']}{row}"] = unit
    book.save(target)
    return columns


def test_admin_imports_three_people_from_the_template(
    transactional_db: None,
    page: Any,
    login_as: Any,
    e2e_people: Any,
    tree: Any,
    snv_admin: Any,
    settings: Any,
    tmp_path: Path,
):
    from binhdang.registry.importing import jobs
    from binhdang.registry.models import Employment, ImportJob, Person

    login_as(snv_admin)
    labels = _labels(page.locator("html").get_attribute("lang") or "vi")
    staff_sheet = labels["sheets"][0]

    # The import page, through the header link; then the template.
    page.locator("header nav a[href='/staff/imports/']").click()
    expect(page).to_have_url(re.compile(r"/staff/imports/$"))
    template = _download(page, page.locator("a#template-link"), tmp_path / "template.xlsx")
    book = load_workbook(template)
    # Instructions first and the hidden lists last; between them the four record sheets in order.
    assert book.sheetnames[1:5] == labels["sheets"], book.sheetnames
    assert [book[name].sheet_state for name in labels["sheets"]] == ["visible"] * 4
    headings = [cell.value for cell in book[staff_sheet][1] if cell.value]
    assert headings == list(labels["staff"].values())  # the admin sees the sensitive columns too

    # Three people, one with an impossible birth date.
    filled = tmp_path / "ds-snv.xlsx"
    columns = _fill_staff_sheet(template, filled, staff_sheet, labels["staff"])
    bad_cell = f"{columns['birth_date']}{BAD_ROW}"

    # Upload: the check names the bad cell and offers no import.
    _upload(page, filled, tree.snv)
    errors = page.locator("table#errors-list tbody tr")
    expect(errors).to_have_count(1)
    cells = errors.first.locator("td")
    expect(cells.nth(0)).to_have_text(staff_sheet)
    expect(cells.nth(1)).to_have_text(str(BAD_ROW))
    expect(cells.nth(2)).to_contain_text(columns["birth_date"])
    expect(cells.nth(2)).to_contain_text(labels["staff"]["birth_date"])
    expect(cells.nth(3)).to_have_text(BAD_BIRTH)
    expect(cells.nth(4)).not_to_have_text("")
    expect(page.locator("form#run-form")).to_have_count(0)
    expect(page.locator("#import-progress")).to_have_count(0)
    page.screenshot(path=ERRORS_SHOT, full_page=True)
    checked = ImportJob.objects.get()
    assert (checked.status, checked.error_count, checked.unit_id) == ("checked", 1, tree.snv.pk)
    assert not Person.objects.filter(employee_code__startswith="SNV1").exists()

    # The file back, with the bad cell coloured and commented, and no other cell of that row marked.
    marked = load_workbook(_download(page, page.locator("a#annotated-link"), tmp_path / "marked.xlsx"))
    cell = marked[staff_sheet][bad_cell]
    assert cell.comment is not None and cell.comment.text.strip(), f"no comment on {bad_cell}"
    assert cell.fill.fill_type == "solid", f"{bad_cell} is not filled"
    assert cell.fill.fgColor.rgb not in (None, "00000000", "FFFFFFFF"), cell.fill.fgColor.rgb
    for other in marked[staff_sheet][BAD_ROW]:
        if other.coordinate != bad_cell:
            assert other.comment is None, f"{other.coordinate} is marked too"
    assert marked[staff_sheet][f"{columns['employee_code']}{BAD_ROW}"].value == "SNV102"

    # Correct the cell in the filled file and upload again, from the link at the foot of the page.
    book = load_workbook(filled)
    book[staff_sheet][bad_cell] = GOOD_BIRTH
    corrected = tmp_path / "ds-snv-sua.xlsx"
    book.save(corrected)
    page.locator("main a[href='/staff/imports/']").click()
    expect(page).to_have_url(re.compile(r"/staff/imports/$"))
    expect(page.locator("table#import-history tbody tr")).to_have_count(1)
    _upload(page, corrected, tree.snv)
    expect(page.locator("table#errors-list")).to_have_count(0)
    expect(page.locator("a#annotated-link")).to_have_count(1 if page.locator("#warnings-list").count() else 0)
    # Three people would be created.
    expect(page.locator("table#import-counts tr.total th").nth(1)).to_have_text("3")

    # No worker runs during this test: the job waits in the queue and the test plays the worker below,
    # so that the page's polling and its refresh at the end are what is tested.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    run = page.locator("form#run-form")
    expect(run).to_be_visible()
    if page.locator("input#confirm-warnings").count():
        page.locator("input#confirm-warnings").check()
    run.locator("button[type=submit]").click()

    # Queued: the progress bar is on the page, empty, and htmx polls it.
    progress, bar, status = (
        page.locator("#import-progress"),
        page.locator("progress#import-bar"),
        page.locator("#import-status"),
    )
    expect(progress).to_have_attribute("data-status", "queued")
    expect(progress).to_have_attribute("hx-get", re.compile(r"/staff/imports/\d+/progress/$"))
    expect(bar).to_have_attribute("value", "0")
    expect(run).to_have_count(0)
    queued_status = status.inner_text()
    job = ImportJob.objects.order_by("-id").first()
    assert job is not None and job.status == "queued"
    page.evaluate("window.__sameDocument = true")
    # Polls pass through this route, which Playwright only serves while the test is inside one of its
    # calls: none reaches the live server (and its shared test database) while the worker below writes.
    polls = re.compile(r"/staff/imports/\d+/progress/$")
    page.route(polls, lambda route: route.continue_())
    with page.expect_response(polls) as poll:
        pass
    assert poll.value.status == 200 and "hx-refresh" not in poll.value.headers
    assert poll.value.request.headers.get("hx-request") == "true"

    # The worker's turn: the same task the queue would run.
    assert jobs.run_import.call(job.pk) == "done"

    # The next poll finds the job done and has htmx reload the page, which shows the full bar and the outcome.
    expect(progress).to_have_attribute("data-status", "done")
    expect(page.locator("main a.btn[href='/staff/']")).to_have_count(1)  # only on the reloaded page
    assert page.evaluate("window.__sameDocument") is None, "the page was not reloaded when the import finished"
    page.unroute(polls)
    expect(bar).to_have_attribute("value", "100")
    expect(progress).not_to_have_attribute("hx-get", re.compile(r"."))  # polling stopped
    expect(status).not_to_have_text(queued_status)
    expect(page.locator("table#import-counts tr.total th").nth(1)).to_have_text("3")
    expect(page.locator("table#errors-list")).to_have_count(0)
    page.screenshot(path=IMPORT_SHOT, full_page=True)
    done = ImportJob.objects.get(pk=job.pk)
    assert done.status == "done", (done.status, done.message)
    assert done.summary.get("created") == 3

    # The staff list, through the page's own link: each new person is found by name.
    page.locator("main a[href='/staff/']").click()
    expect(page).to_have_url(re.compile(r"/staff/$"))
    filters = page.locator("form#staff-filters")
    for code, family, given, _sex, birth, _unit in NEW_PEOPLE:
        filters.locator("input[name=q]").fill(f"{family} {given}")
        with page.expect_response(lambda r: "/staff/?" in r.url and "q=" in r.url):
            filters.locator("input[name=q]").press("Enter")
        expect(_rows(page)).to_have_count(1)
        row = _rows(page).locator("td")
        expect(row.nth(0)).to_have_text(f"{family} {given}")
        expect(row.nth(1)).to_have_text(code)
        # Khánh's birth date is the corrected one.
        expect(row.nth(3)).to_have_text((GOOD_BIRTH if birth == BAD_BIRTH else birth).strftime("%d/%m/%Y"))

    # The database holds them, in the units the file named, from today.
    people = {person.employee_code: person for person in Person.objects.filter(employee_code__startswith="SNV1")}
    assert sorted(people) == ["SNV101", "SNV102", "SNV103"]
    for code, family, given, sex, birth, unit in NEW_PEOPLE:
        person = people[code]
        expected_birth = GOOD_BIRTH if birth == BAD_BIRTH else birth
        assert (person.family_name, person.given_name, person.sex, person.birth_date, person.ethnicity) == (
            family,
            given,
            "F" if sex == "Nữ" else "M",
            expected_birth,
            "01",
        )
        employments = list(Employment.objects.filter(person=person).select_related("unit"))
        assert [employment.unit.code for employment in employments] == [unit]
        assert employments[0].end_date is None
    assert ImportJob.objects.count() == 2


def test_export_downloads_the_people_on_the_list(
    transactional_db: None, page: Any, login_as: Any, e2e_people: Any, snv_admin: Any, tmp_path: Path
):
    login_as(snv_admin)
    labels = _labels(page.locator("html").get_attribute("lang") or "vi")
    staff_sheet = labels["sheets"][0]
    code_heading = labels["staff"]["employee_code"]
    given_heading = labels["staff"]["given_name"]

    def exported_codes(name: str) -> dict[str, str]:
        path = _download(page, page.locator("a#export-link"), tmp_path / name)
        ws = load_workbook(path)[staff_sheet]
        rows = list(ws.iter_rows(values_only=True))
        code_at, given_at = rows[0].index(code_heading), rows[0].index(given_heading)
        return {row[code_at]: row[given_at] for row in rows[1:] if row[code_at]}

    def visible_codes() -> set[str]:
        return set(_rows(page).locator("td:nth-child(2)").all_inner_texts())

    # Everyone in Sở Nội vụ: Hà, Bình, Ánh, Cường; not Yến of Sở Y tế.
    page.locator("header nav a[href='/staff/']").click()
    expect(_rows(page)).to_have_count(4)
    assert visible_codes() == {"TN0001", "TN0002", "TN0003", "TN0005"}
    assert exported_codes("all.xlsx") == {"TN0001": "Hà", "TN0002": "Bình", "TN0003": "Ánh", "TN0005": "Cường"}

    # A filtered list opened by its address: the export holds the women only, as the table does.
    page.goto("/staff/?sex=F")
    expect(_rows(page)).to_have_count(2)
    assert visible_codes() == {"TN0001", "TN0003"}
    assert exported_codes("women-get.xlsx") == {"TN0001": "Hà", "TN0003": "Ánh"}

    # The same filter chosen on the page, as people do: htmx swaps the table without a page load,
    # and the export link must follow the filters shown, not the ones the page was loaded with.
    page.goto("/staff/")
    expect(_rows(page)).to_have_count(4)
    with page.expect_response(lambda r: "/staff/?" in r.url and "sex=F" in r.url):
        page.locator("form#staff-filters select[name=sex]").select_option("F")
    expect(_rows(page)).to_have_count(2)
    assert visible_codes() == {"TN0001", "TN0003"}
    expect(page.locator("a#export-link")).to_have_attribute("href", re.compile(r"[?&]sex=F(&|$)"))
    assert exported_codes("women-htmx.xlsx") == {"TN0001": "Hà", "TN0003": "Ánh"}
