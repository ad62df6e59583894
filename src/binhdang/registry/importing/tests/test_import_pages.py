"""The import pages and the import-staff command, as the people who use them see them."""

from __future__ import annotations

import io
import json

import pytest
from conftest import staff_workbook
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from binhdang.core.models import AuditEntry
from binhdang.registry.models import ImportJob, Person

GOOD_ROWS = [
    ["SNV300", "Hà Thị", "Nguyệt", "Nữ", "14/02/1991", "TN-SNV-VP"],
    ["SNV301", "Mã Văn", "Khải", "Nam", "3/9/87", "TN-SNV-CC"],
]


def upload(client, data: bytes, unit, name: str = "danh-sach.xlsx"):
    return client.post(
        reverse("registry:import_list"),
        {"file": SimpleUploadedFile(name, data), "unit": unit.pk},
    )


def test_hr_office_uploads_checks_and_imports_a_staff_list(client, tree, snv_admin):
    client.force_login(snv_admin)
    response = upload(client, staff_workbook(GOOD_ROWS), tree.snv)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("registry:import_detail", args=[job.pk])
    page = client.get(response.url).content.decode()
    assert 'id="run-form"' in page and not Person.objects.filter(employee_code="SNV300").exists()
    assert 'id="confirm-warnings"' in page  # no ethnicity column: the new people's ethnicity is left unknown
    client.post(reverse("registry:import_run", args=[job.pk]), {"confirm_warnings": "on"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert sorted(Person.objects.values_list("employee_code", flat=True)) == ["SNV300", "SNV301"]
    page = client.get(reverse("registry:import_detail", args=[job.pk])).content.decode()
    assert 'data-status="done"' in page and 'value="100"' in page
    # Running it twice does nothing more.
    client.post(reverse("registry:import_run", args=[job.pk]), {"confirm_warnings": "on"})
    assert Person.objects.count() == 2


def test_a_file_with_errors_cannot_be_imported_and_comes_back_marked(client, tree, snv_admin):
    client.force_login(snv_admin)
    rows = [*GOOD_ROWS, ["SNV302", "Tô Thị", "Vân", "Nữ", "31/02/1990", "TN-SNV-VP"]]
    upload(client, staff_workbook(rows), tree.snv)
    job = ImportJob.objects.get()
    page = client.get(reverse("registry:import_detail", args=[job.pk])).content.decode()
    assert 'id="errors-list"' in page and "31/02/1990" in page and 'id="run-form"' not in page
    client.post(reverse("registry:import_run", args=[job.pk]))
    assert not Person.objects.exists()
    marked = client.get(reverse("registry:import_annotated", args=[job.pk]))
    assert marked["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(marked.content))["Cán bộ"]
    assert sheet["E4"].comment is not None and sheet["E4"].fill.fgColor.rgb.endswith("FFC7CE")
    assert sheet["E2"].comment is None


def test_warnings_need_the_box_ticked(client, tree, snv_admin):
    client.force_login(snv_admin)
    upload(client, staff_workbook([["SNV310", "Vi Văn", "Tâm", "Nam", "1960", "TN-SNV"]]), tree.snv)
    job = ImportJob.objects.get()
    assert job.warning_count == 3 and job.error_count == 0  # year only, retirement age, no ethnicity column
    client.post(reverse("registry:import_run", args=[job.pk]))
    assert not Person.objects.exists()
    client.post(reverse("registry:import_run", args=[job.pk]), {"confirm_warnings": "on"})
    assert Person.objects.filter(employee_code="SNV310").exists()


def test_unreadable_file_is_refused_on_the_form(client, tree, snv_admin):
    client.force_login(snv_admin)
    response = upload(client, b"%PDF-1.4 not a workbook", tree.snv, "ds.xlsx")
    assert response.status_code == 200
    assert "errorlist" in response.content.decode() and not ImportJob.objects.exists()


def test_secretary_cannot_import_into_another_agency(client, tree, other_secretary):
    client.force_login(other_secretary)
    response = upload(client, staff_workbook(GOOD_ROWS), tree.snv)
    assert response.status_code == 200 and not ImportJob.objects.exists()


def test_a_unit_of_another_agency_in_the_file_is_an_error(client, tree, snv_admin):
    client.force_login(snv_admin)
    upload(client, staff_workbook([["SNV320", "Lò Thị", "Xuân", "Nữ", "01/01/1990", "TN-SYT-NVY"]]), tree.snv)
    job = ImportJob.objects.get()
    [error] = job.summary["errors"]
    assert (error["row"], error["column"], error["value"]) == (2, "F", "TN-SYT-NVY")
    assert "Sở Nội vụ" in error["message"]  # the message names the unit the file goes into


def test_export_is_audited_and_holds_only_the_callers_staff(client, tree, people, secretary):
    client.force_login(secretary)
    response = client.get(reverse("registry:staff_export") + "?sex=F")
    data = b"".join(response.streaming_content)
    staff = load_workbook(io.BytesIO(data)).worksheets[0]
    codes = [row[0].value for row in staff.iter_rows(min_row=2)]
    assert codes == ["TN0003", "TN0001"] or sorted(codes) == ["TN0001", "TN0003"]
    assert "TN0004" not in codes  # Yến works in Sở Y tế
    # A secretary may not see ethnicity or party membership: the export leaves those columns out.
    headings = [cell.value for cell in staff[1]]
    assert len(headings) == 14
    entry = AuditEntry.objects.get(action="export")
    assert entry.actor == secretary and entry.changes["count"] == 2


def test_formula_like_text_is_neutralised_in_the_export(tree, people, snv_admin):
    from datetime import date

    from binhdang.registry.importing.workbooks import export_file
    from binhdang.registry.models import TrainingRecord
    from binhdang.registry.views import staff_queryset

    TrainingRecord.objects.create(
        person=people.ha, kind="it", course='=HYPERLINK("http://x")', start_date=date(2024, 1, 1)
    )
    out, _count = export_file(staff_queryset(snv_admin), snv_admin, date.today())
    book = load_workbook(out)
    cells = [cell for row in book.worksheets[3].iter_rows(min_row=2) for cell in row]
    [course] = [cell for cell in cells if cell.value == '=HYPERLINK("http://x")']
    assert course.data_type == "s" and course.quotePrefix
    assert not any(cell.data_type == "f" for cell in cells)


def test_command_prints_json_and_fails_on_errors(tree, capsys, tmp_path):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(staff_workbook([*GOOD_ROWS, ["SNV300", "Trùng", "Mã", "Nam", "01/01/1980", "TN-SNV"]]))
    with pytest.raises(SystemExit) as exited:
        call_command("import-staff", str(path), "--unit", "TN-SNV", "--json")
    assert exited.value.code == 1
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"created", "updated", "unchanged", "errors", "warnings"}
    [error] = result["errors"]
    assert (error["sheet"], error["row"], error["column"], error["value"]) == ("Cán bộ", 4, "A", "SNV300")
    assert not Person.objects.exists()


def test_command_dry_run_writes_nothing_then_import_writes_once(tree, capsys, tmp_path):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(staff_workbook(GOOD_ROWS))
    call_command("import-staff", str(path), "--unit", "TN-SNV", "--dry-run", "--json")
    assert json.loads(capsys.readouterr().out)["created"] == 2 and not Person.objects.exists()
    call_command("import-staff", str(path), "--unit", "TN-SNV", "--json")
    assert json.loads(capsys.readouterr().out)["created"] == 2 and Person.objects.count() == 2
    call_command("import-staff", str(path), "--unit", "TN-SNV", "--json")
    assert json.loads(capsys.readouterr().out) == {
        "created": 0, "updated": 0, "unchanged": 2, "errors": [], "warnings": []
    }  # fmt: skip
    assert ImportJob.objects.filter(status="done").count() == 2


def test_the_file_is_not_kept_after_it_is_imported(client, tree, snv_admin):
    client.force_login(snv_admin)
    upload(client, staff_workbook([["SNV330", "Vi Văn", "Tâm", "Nam", "1960", "TN-SNV"]]), tree.snv)
    job = ImportJob.objects.get()
    assert bytes(job.data) and job.file_hash
    client.post(reverse("registry:import_run", args=[job.pk]), {"confirm_warnings": "on"})
    job.refresh_from_db()
    assert job.status == "done" and bytes(job.data) == b"" and len(job.file_hash) == 64
    response = client.get(reverse("registry:import_annotated", args=[job.pk]))
    assert response.status_code == 302 and response.url == reverse("registry:import_detail", args=[job.pk])
