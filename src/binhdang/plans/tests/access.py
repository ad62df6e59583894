"""The plans' rows of the access matrix (see `access_modules()` in the root conftest.py): every page and endpoint
of the plans app, the record each `pk` stands for, and one record of each kind belonging to Sở Nội vụ."""

from __future__ import annotations

from typing import Any

from binhdang.plans import api
from binhdang.plans.forms import (
    DraftHeaderForm,
    DraftUploadForm,
    PlanForm,
    ProgressForm,
    TaskFilterForm,
    TaskForm,
    WithdrawForm,
)

MATRIX: dict[str, tuple[str, str]] = {
    "plans:plan_list": ("view_aggregate", "page"),
    "plans:plan_create": ("manage_plans", "page"),
    "plans:plan_detail": ("view_aggregate", "object"),
    "plans:plan_edit": ("manage_plans", "object"),
    "plans:plan_document": ("view_person", "object"),
    "plans:plan_withdraw": ("manage_plans", "object"),
    "plans:plan_delete": ("manage_plans", "object"),
    "plans:task_list": ("view_aggregate", "page"),
    "plans:task_create": ("manage_plans", "object"),
    "plans:task_detail": ("view_aggregate", "object"),
    "plans:task_edit": ("manage_plans", "object"),
    "plans:task_delete": ("manage_plans", "object"),
    "plans:task_progress": ("record_activities", "object"),
    "plans:progress_evidence": ("view_person", "object"),
    "plans:draft_upload": ("manage_plans", "page"),
    "plans:draft_review": ("manage_plans", "object"),
    "plans:draft_discard": ("manage_plans", "object"),
    "api:plan-list": ("view_aggregate", "list"),
    "api:plan-detail": ("view_aggregate", "object"),
    "api:task-list": ("view_aggregate", "list"),
    "api:task-detail": ("view_aggregate", "object"),
    "api:task-progress": ("record_activities", "object"),
    "api:reportdeadline-list": ("view_aggregate", "list"),
    "api:reportdeadline-detail": ("view_aggregate", "object"),
    "api:plandraft-list": ("manage_plans", "list"),
    "api:plandraft-detail": ("manage_plans", "object"),
}
PK_KIND: dict[str, str] = {
    "plans:plan_detail": "plans_plan",
    "plans:plan_edit": "plans_plan",
    "plans:plan_document": "plans_plan",
    "plans:plan_withdraw": "plans_plan",
    "plans:plan_delete": "plans_plan",
    "plans:task_create": "plans_plan",
    "plans:task_detail": "plans_task",
    "plans:task_edit": "plans_task",
    "plans:task_delete": "plans_task",
    "plans:task_progress": "plans_task",
    "plans:progress_evidence": "plans_progress",
    "plans:draft_review": "plans_draft",
    "plans:draft_discard": "plans_draft",
    "api:plan-detail": "plans_plan",
    "api:task-detail": "plans_task",
    "api:task-progress": "plans_task",
    "api:reportdeadline-detail": "plans_deadline",
    "api:plandraft-detail": "plans_draft",
}
FORMS = [PlanForm, TaskForm, ProgressForm, TaskFilterForm, DraftUploadForm, DraftHeaderForm, WithdrawForm]
SERIALIZERS = [api.PlanSerializer, api.TaskSerializer, api.ProgressSerializer]

# What the reader makes of a small plan of Sở Nội vụ (docs/ingestion.md).
EXTRACTED: dict[str, Any] = {
    "number": "15/KH-SNV",
    "number_as_printed": "15/KH-SNV",
    "date": "2022-05",
    "place": "Thử Nghiệm",
    "issuer": "Sở Nội vụ",
    "title": "Thực hiện công tác bình đẳng giới của Sở Nội vụ giai đoạn 2021 – 2030",
    "legal_bases": [
        {"text": "Kế hoạch số 01/KH-UBND ngày 05/01/2022 của UBND tỉnh", "number": "01/KH-UBND", "date": "2022-01-05"}
    ],
    "period": {"start": 2021, "end": 2030},
    "general_objective": "Giảm khoảng cách giới trong cơ quan.",
    "objectives": [{"label": "a)", "text": "Đến năm 2025 đạt 40% và đến năm 2030 đạt 50% nữ trong quy hoạch"}],
    "targets": [
        {
            "text": "Đến năm 2025 đạt 40% nữ trong quy hoạch",
            "indicator": "pool_women",
            "value": 40,
            "comparator": "at_least",
            "year": 2025,
        },
        {
            "text": "100% nữ được kiểm tra sức khỏe định kỳ",
            "indicator": None,
            "value": 100,
            "comparator": "at_least",
            "year": 2030,
        },
    ],  # fmt: skip
    "report_deadlines": [{"kind": "half_year", "due": "--06-05", "text": "định kỳ 6 tháng (trước ngày 5/6)"}],
    "tasks": [
        {
            "label": "II.1",
            "text": "Văn phòng Sở phối hợp với Công đoàn Sở tổ chức tọa đàm",
            "unit_in_charge": "Văn phòng Sở",
            "cooperating_units": ["Công đoàn Sở"],
        },
    ],  # fmt: skip
    "classes": [],
    "recipients": ["Sở Nội vụ (b/c)", "Lãnh đạo Sở"],
    "signer": {"name": "Nguyễn Thị Hà", "title": "GIÁM ĐỐC"},
    "missing": [],
}


def records(tree: Any, people: Any) -> dict[str, int]:
    """A plan of Sở Nội vụ with a task (Văn phòng Sở in charge), a progress note, a report deadline, and a
    document uploaded for review."""
    import datetime

    from binhdang.plans.models import Plan, PlanDraft, ReportDeadline, Task, TaskProgress

    plan = Plan.objects.create(
        number="12/KH-SNV", title="Kế hoạch bình đẳng giới của Sở Nội vụ", issuer=tree.snv, period_start=2021,
        period_end=2030, signer_name="Nguyễn Thị Hà", signer_title="GIÁM ĐỐC",
    )  # fmt: skip
    task = Task.objects.create(
        plan=plan, label="II.1", text="Tổ chức tọa đàm về bình đẳng giới", unit_in_charge=tree.snv_office,
        recurrence="yearly", due_date=datetime.date(2021, 10, 20),
    )  # fmt: skip
    progress = TaskProgress.objects.create(task=task, note="Đã tổ chức tọa đàm ngày 20/10", status="in_progress")
    deadline = ReportDeadline.objects.create(
        plan=plan, kind="half_year", due_date=datetime.date(2000, 6, 5), recurring=True
    )
    draft = PlanDraft.objects.create(
        unit=tree.snv, file_name="ke-hoach.txt", file_hash="0" * 64, file_size=5, data=b"KE HOACH", extracted=EXTRACTED
    )
    return {
        "plans_plan": plan.pk,
        "plans_task": task.pk,
        "plans_progress": progress.pk,
        "plans_deadline": deadline.pk,
        "plans_draft": draft.pk,
    }
