"""Check, write, re-import and export: the registry ends where the file says, and only once."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import Workbook, load_workbook

from binhdang.core.models import AuditEntry
from binhdang.registry.importing import jobs
from binhdang.registry.importing.reader import read_workbook
from binhdang.registry.importing.validation import build_plan
from binhdang.registry.importing.workbooks import build_template, export_file
from binhdang.registry.models import Employment, ForeignLanguage, ImportJob, Person, PoolEntry, Post, TrainingRecord

STAFF_HEADINGS = [
    "Employee code",
    "Family and middle name",
    "Given name",
    "Sex",
    "Date of birth (dd/mm/yyyy)",
    "Ethnicity",
    "Employment type",
    "Civil-service rank",
    "Highest degree",
    "Foreign languages",
    "Unit (code)",
    "Working in the unit since (dd/mm/yyyy)",
]


def workbook_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def filled_file() -> bytes:
    return workbook_bytes(
        {
            "Staff": [
                STAFF_HEADINGS,
                ["SNV100", "Đinh Thị", "Lan", "female", "12/04/1988", "Tày", "civil servant", "CVC", "ThS",
                 "Tiếng Anh B2; Tiếng Trung A2", "TN-SNV-VP", "01/03/2015"],
                ["SNV101", "Phùng Văn", "Quang", "Nam", datetime.date(1979, 1, 30), "Kinh", "Công chức",
                 "Chuyên viên", "Đại học", "B1", "TN-SNV-CC", None],
            ],
            "Posts": [
                ["Employee code", "Full name", "Unit (code)", "Post", "Key leader (yes/no)", "From (dd/mm/yyyy)",
                 "Decision number"],
                ["SNV100", "Đinh Thị Lan", "TN-SNV-CC", "Phó Trưởng phòng", "không", "01/07/2022", "45/QĐ-SNV"],
            ],
            "Succession pool": [
                ["Employee code", "Title planned for", "Post level", "Period (e.g. 2025-2030)"],
                ["SNV100", "Trưởng phòng", "division", "2025-2030"],
            ],
            "Training": [
                ["Employee code", "Training kind", "Course", "From (dd/mm/yyyy)", "Completed (yes/no)"],
                ["SNV101", "Lồng ghép giới", "Bồi dưỡng kiến thức về bình đẳng giới", "10/10/2025", "có"],
            ],
        }
    )  # fmt: skip


def test_checked_file_writes_every_sheet_once(tree, snv_admin):
    data = filled_file()
    plan = build_plan(read_workbook(data, "ds.xlsx"), tree.snv, snv_admin)
    assert [issue.message for issue in plan.issues if issue.severity == "error"] == []
    assert (plan.totals.created, plan.totals.updated, plan.totals.unchanged) == (5, 0, 0)
    job, _plan = jobs.check_file(data, "ds.xlsx", tree.snv, snv_admin)
    assert jobs.start(job, confirm_warnings=True) is None
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    lan = Person.objects.get(employee_code="SNV100")
    assert (lan.full_name, lan.sex, lan.ethnicity, lan.civil_service_rank, lan.degree) == (
        "Đinh Thị Lan", "F", "02", "principal", "master"
    )  # fmt: skip
    assert Employment.objects.get(person=lan).unit == tree.snv_office
    assert sorted(ForeignLanguage.objects.filter(person=lan).values_list("language", "level")) == [
        ("Tiếng Anh", "B2"),
        ("Tiếng Trung", "A2"),
    ]
    post = Post.objects.get(person=lan)
    assert (post.unit, post.rank, post.level, post.decision_number) == (
        tree.snv_civil,
        "deputy",
        "division",
        "45/QĐ-SNV",
    )
    assert PoolEntry.objects.get(person=lan).period == "2025–2030"
    assert TrainingRecord.objects.get(person__employee_code="SNV101").completed
    # The whole import is one batch in the audit log, by the uploader.
    entries = AuditEntry.objects.filter(batch=job.batch)
    assert entries.count() == 2 + 2 + 3 + 1 + 1 + 1
    assert set(entries.values_list("actor", flat=True)) == {snv_admin.pk}

    # The same file again: nothing to do.
    again = build_plan(read_workbook(data, "ds.xlsx"), tree.snv, snv_admin)
    assert (again.totals.created, again.totals.updated, again.totals.unchanged) == (0, 0, 5)
    assert again.operation_count() == 0


def test_export_then_import_changes_nothing(tree, people, snv_admin):
    from binhdang.registry.views import staff_queryset

    jobs.execute(jobs.check_file(filled_file(), "ds.xlsx", tree.snv, snv_admin)[0])
    out, count = export_file(staff_queryset(snv_admin), snv_admin, datetime.date.today())
    data = out.read()
    assert count == 5  # Hà, Bình, Ánh and the two imported
    plan = build_plan(read_workbook(data, "export.xlsx"), tree.snv, snv_admin)
    assert [issue.message for issue in plan.issues if issue.severity == "error"] == []
    assert plan.operation_count() == 0, plan.summary()
    assert plan.totals.created == 0 and plan.totals.updated == 0


def test_template_reads_back_as_empty_sheets(tree, snv_admin):
    book = load_workbook(io.BytesIO(build_template(snv_admin)))
    assert book.sheetnames[0] == "Instructions"
    staff = book["Staff"]
    assert [cell.value for cell in staff[1]][:3] == ["Employee code", "Family and middle name", "Given name"]
    assert staff.data_validations.dataValidation  # drop-down lists
    assert book["Lists"].sheet_state == "hidden"


@pytest.mark.parametrize("confirm", [False, True])
def test_warnings_must_be_confirmed(tree, snv_admin, confirm):
    data = workbook_bytes(
        {"Staff": [STAFF_HEADINGS, ["SNV200", "Vi Văn", "Tâm", "Nam", "1961", "Nùng", "", "", "", "", "TN-SNV", ""]]}
    )
    job, plan = jobs.check_file(data, "x.xlsx", tree.snv, snv_admin)
    assert plan.error_count == 0 and plan.warning_count == 2  # year only; past retirement age
    refused = jobs.start(job, confirm_warnings=confirm)
    assert (refused is None) == confirm
    assert Person.objects.filter(employee_code="SNV200").exists() == confirm
