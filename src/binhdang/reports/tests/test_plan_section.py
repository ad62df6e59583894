"""The half-year report reports the plan: each task of the unit's plans with its progress and evidence, each
target with value, status and gap; entered outreach counts beside the recorded activities, each with its source."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from docx import Document

from binhdang.indicators.models import AggregateValue, Target
from binhdang.plans.models import Plan, Task
from binhdang.reports import workflow
from binhdang.reports.assembly import assemble
from binhdang.reports.document import build_document, report_docx
from binhdang.reports.rendering import Table


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


@pytest.mark.django_db
def test_the_half_year_report_lists_the_plans_tasks_and_targets(tree: Any, people: Any, leader: Any):
    from binhdang.activities.models import Activity

    # given Sở Nội vụ's plan with a target, a task with a progress note and an activity, and a province plan
    # giving its office a task
    plan = Plan.objects.create(number="15/KH-SNV", title="Kế hoạch bình đẳng giới", issuer=tree.snv,
                               period_start=2021, period_end=2030)  # fmt: skip
    Target.objects.create(plan=plan, unit=tree.snv, indicator="staff_women", year=2030, value=Decimal(90))
    task = Task.objects.create(plan=plan, label="II.1", text="Tổ chức tọa đàm lồng ghép giới",
                               unit_in_charge=tree.snv_office)  # fmt: skip
    note = task.add_progress(leader, "Đã tổ chức tọa đàm ngày 15/4", "done", evidence=b"bb", evidence_name="bb.pdf")
    type(note).objects.filter(pk=note.pk).update(at=datetime.datetime(2026, 4, 16, 9, tzinfo=datetime.UTC))
    Activity.objects.create(unit=tree.snv, kind="seminar", title="Tọa đàm", start_date=datetime.date(2026, 4, 15),
                            task=task, participants_female=14, participants_male=9)  # fmt: skip
    province = Plan.objects.create(title="Kế hoạch của tỉnh", issuer=tree.province, period_start=2026, period_end=2026)
    Task.objects.create(plan=province, text="Rà soát quy hoạch cán bộ nữ", unit_in_charge=tree.snv_office)
    Task.objects.create(plan=province, text="Việc của Sở Y tế", unit_in_charge=tree.syt_medical)
    AggregateValue.objects.create(unit=tree.snv, element="outreach_events", period="2026-H1", total=5)
    # when its half-year report is assembled and rendered
    report, _created = workflow.open_report(leader, tree.snv, "half_year", "2026-H1")
    figures = assemble(report)
    # then every plan it works to is there, with its tasks (not another agency's) and its targets
    plans = {entry["title"]: entry for entry in figures["plans"]}
    assert set(plans) == {"Kế hoạch bình đẳng giới", "Kế hoạch của tỉnh"}
    [row] = plans["Kế hoạch bình đẳng giới"]["tasks"]
    assert (row["status"], row["progress"], row["evidence"], row["unit"]) == (
        "done", "Đã tổ chức tọa đàm ngày 15/4", 2, "Văn phòng Sở"
    )  # fmt: skip
    assert [task["text"] for task in plans["Kế hoạch của tỉnh"]["tasks"]] == ["Rà soát quy hoạch cán bộ nữ"]
    [target] = plans["Kế hoạch bình đẳng giới"]["targets"]
    staff = next(row for row in figures["indicators"] if row["code"] == "staff_women")
    assert target["value"] == staff["value"] and target["status"] in ("at_risk", "off_track", "on_track")
    # the document says it, and shows entered outreach beside the recorded activities, each with its source
    document = build_document(report, figures)
    captions = [block.caption for block in document.body if isinstance(block, Table)]
    assert "Nhiệm vụ của kế hoạch 15/KH-SNV" in captions and "Chỉ tiêu của kế hoạch 15/KH-SNV" in captions
    outreach = next(block for block in document.body if isinstance(block, Table) and "Tuyên truyền" in block.caption)
    assert outreach.rows[0][1:] == ["5", 1]
    text = _docx_text(report_docx(report, figures))
    assert "Tổ chức tọa đàm lồng ghép giới" in text and "Đã tổ chức tọa đàm ngày 15/4" in text
    assert "Rà soát quy hoạch cán bộ nữ" in text and "Việc của Sở Y tế" not in text
