"""One task from the plan document to the unit's work list and into the half-year report, in a real browser.

The committee secretary of Sở Nội vụ uploads a small plan in which "VP Sở Nội vụ" (Văn phòng Sở, written the way
plans abbreviate it) is in charge of a seminar "trước ngày 15/11/2026" for the staff ("Đối tượng"). The review
page shows the unit matched in the tree, the due date and the participants read; she confirms. The HR officer of
Văn phòng Sở finds the task under "Việc của đơn vị", overdue, records it done with the minutes as evidence. The
leader opens the half-year report 2026-H2: the task is there with its progress note and its evidence.

Elements are found by ids, names and hrefs; the text looked for is data (the document's or what was typed).
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

TASK = "VP Sở Nội vụ chủ trì tổ chức tọa đàm về bình đẳng giới trước ngày 15/11/2026."
PARTICIPANTS = "công chức, viên chức và người lao động của Sở"
PLAN = f"""Số: 20/KH-SNV
Thử Nghiệm, ngày 10 tháng 01 năm 2026
KẾ HOẠCH
Triển khai công tác bình đẳng giới năm 2026
I. NHIỆM VỤ
1. Công tác tuyên truyền
- {TASK}
- Đối tượng: {PARTICIPANTS}.
II. TỔ CHỨC THỰC HIỆN
Các phòng báo cáo kết quả 6 tháng về Sở Nội vụ trước ngày 10/6.
"""
NOTE = "Đã tổ chức tọa đàm ngày 10/11/2026, 35 người dự"


def _submit(page: Any, form: Any, url: str) -> None:
    with page.expect_navigation():
        form.locator("button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(url))


def test_a_task_read_from_the_plan_reaches_the_units_work_and_the_half_year_report(
    transactional_db: None, page: Any, login_as: Any, tree: Any, secretary: Any, hr_officer: Any, leader: Any,
    tmp_path: Path, settings: Any,
):  # fmt: skip
    from binhdang.plans.models import Plan, PlanDraft, Recurrence, Task
    from binhdang.reports.models import Report

    settings.MEDIA_ROOT = tmp_path / "media"
    document = tmp_path / "ke-hoach-20.txt"
    document.write_text(PLAN, encoding="utf-8")
    minutes = tmp_path / "bien-ban.pdf"
    minutes.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

    # --- 1. The secretary uploads the plan and confirms it as read ---------------------------------------------
    login_as(secretary)
    page.goto(reverse("plans:draft_upload"))
    upload = page.locator("form#upload-form")
    upload.locator("input[type=file][name=file]").set_input_files(str(document))
    upload.locator("select[name=unit]").select_option(str(tree.snv.pk))
    _submit(page, upload, r"/plans/drafts/\d+/$")
    draft = PlanDraft.objects.get()
    read = draft.extracted["tasks"][0]
    review = page.locator("form#review-form")
    expect(review.locator("textarea[name='task-0-text']")).to_have_value(read["text"])
    # the unit in charge as the tree names it, the date and the participants read from the text
    expect(review.locator("input[name='task-0-unit_in_charge']")).to_have_value(tree.snv_office.name)
    expect(review.locator("input[name='task-0-due']")).to_have_value("15/11/2026")
    expect(review.locator("select[name='task-0-recurrence']")).to_have_value("once")
    expect(review.locator("input[name='task-0-participants']")).to_have_value(PARTICIPANTS)
    review.locator("button#confirm").click()
    expect(page).to_have_url(re.compile(r"/plans/\d+/$"))
    plan = Plan.objects.get()
    task = Task.objects.get(plan=plan, order=0)
    assert (task.unit_in_charge_id, task.recurrence, task.due_date) == (
        tree.snv_office.pk,
        Recurrence.ONCE,
        datetime.date(2026, 11, 15),
    )
    assert task.participants == PARTICIPANTS

    # --- 2. Văn phòng Sở finds it under "Việc của đơn vị" and records it done with evidence ------------------------
    page.context.clear_cookies()
    login_as(hr_officer)
    page.goto(reverse("plans:task_list"))
    row = page.locator(f"table#tasks tr:has(a[href='{reverse('plans:task_detail', args=[task.pk])}'])").first
    expect(row).to_contain_text(task.text[:40])
    if datetime.date.today() > task.due_date:
        expect(row.locator(".badge.overdue")).to_have_count(1)
    row.locator(f"a[href='{reverse('plans:task_detail', args=[task.pk])}']").first.click()
    expect(page).to_have_url(re.compile(rf"/plans/tasks/{task.pk}/$"))
    expect(page.locator("dd#task-participants")).to_have_text(PARTICIPANTS)
    form = page.locator("form#progress-form")
    form.locator("textarea[name=note]").fill(NOTE)
    form.locator("select[name=status]").select_option("done")
    form.locator("input[type=file][name=evidence]").set_input_files(str(minutes))
    _submit(page, form, rf"/plans/tasks/{task.pk}/$")
    expect(page.locator("table#progress-notes")).to_contain_text(NOTE)
    task.refresh_from_db()
    assert task.status == Task.Status.DONE and task.progress.get().evidence_name == "bien-ban.pdf"

    # --- 3. The leader opens the half-year report: the task is there with its progress and evidence -------------
    page.context.clear_cookies()
    login_as(leader)
    page.goto(reverse("reports:report_list"))
    opening = page.locator("form#open-report")
    opening.locator("select[name=unit]").select_option(str(tree.snv.pk))
    opening.locator("select[name=period]").select_option("2026-H2")
    opening.locator("select[name=kind]").select_option("half_year")
    _submit(page, opening, r"/reports/\d+/$")
    report = Report.objects.get(unit=tree.snv, period="2026-H2")
    assert report.kind == "half_year"
    tasks = page.locator(f"table#plan-tasks-{plan.pk} tbody tr")
    expect(tasks).to_have_count(Task.objects.filter(plan=plan).count())
    done = tasks.filter(has_text=task.text[:40])
    expect(done).to_have_count(1)
    expect(done).to_contain_text(NOTE)
    expect(done.locator("td.num")).to_have_text("1")  # the minutes
