"""Budget lines read from a plan's "Kinh phí" sections, and the plan's estimate against what its activities cost."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from binhdang.plans.ingest import parse_plan
from binhdang.plans.ingest.budget import amount_in, source_of
from binhdang.plans.models import BudgetLine, Plan, Task
from binhdang.plans.tests.test_unit_matching import _read

PLAN = """Số: 12/KH-SNV
Thử Nghiệm, ngày 05 tháng 01 năm 2025
KẾ HOẠCH
Thực hiện công tác bình đẳng giới năm 2025
I. NHIỆM VỤ
1. Tổ chức tọa đàm nhân ngày 8/3
- Kinh phí: 15 triệu đồng từ nguồn chi thường xuyên của cơ quan
II. KINH PHÍ THỰC HIỆN
1. Nguồn ngân sách nhà nước cấp trong dự toán năm 2025: 50.000.000 đồng.
2. Huy động nguồn xã hội hóa, tài trợ hợp pháp khác.
3. Kinh phí Đề án 938 hỗ trợ 1,5 tỷ đồng.
Yêu cầu các phòng triển khai thực hiện.
"""


def test_amounts_and_sources_as_plans_write_them():
    assert amount_in("50.000.000 đồng") == 50_000_000
    assert amount_in("50 triệu đồng") == 50_000_000
    assert amount_in("1,5 tỷ đồng") == 1_500_000_000
    assert amount_in("năm 2025, 30 người") is None
    assert source_of("nguồn ngân sách nhà nước") == "state_budget"
    assert source_of("từ nguồn chi thường xuyên") == "state_budget"
    assert source_of("huy động xã hội hóa") == "other"
    assert source_of("Đề án 938") == "programme"


def test_budget_lines_come_from_the_budget_section_and_the_tasks_kinh_phi():
    draft = parse_plan(PLAN)
    lines = draft["budget_lines"]
    # the heading with only its "Kinh phí" below is a task itself
    assert [task["text"] for task in draft["tasks"]] == ["Tổ chức tọa đàm nhân ngày 8/3"]
    assert [(line["source"], line["amount"]) for line in lines] == [
        ("state_budget", 15_000_000),
        ("state_budget", 50_000_000),
        ("other", None),
        ("programme", 1_500_000_000),
    ]
    # the seed that has a "Kinh phí thực hiện" section gives its line, with no amount (it states none)
    [seed_line] = _read("002")["budget_lines"]
    assert seed_line["text"].startswith("Ban VSTBCPN Sở, Phòng GD&ĐT") and seed_line["amount"] is None


@pytest.mark.django_db
def test_the_plan_page_shows_estimate_against_spending(client: Any, tree: Any, secretary: Any):
    from binhdang.activities.models import Activity

    plan = Plan.objects.create(title="Kế hoạch Sở", issuer=tree.snv, period_start=2025, period_end=2025)
    BudgetLine.objects.create(plan=plan, text="Ngân sách", source="state_budget", amount=Decimal(50_000_000))
    BudgetLine.objects.create(plan=plan, text="Xã hội hóa", source="other")
    task = Task.objects.create(plan=plan, label="I.1", text="Tổ chức tọa đàm", unit_in_charge=tree.snv_office)
    for cost in (Decimal(12_500_000), None):
        Activity.objects.create(unit=tree.snv, kind="seminar", title="Tọa đàm", start_date=datetime.date(2025, 3, 8),
                                task=task, cost=cost)  # fmt: skip
    client.force_login(secretary)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert "Estimate: 50.000.000 VND; spent: 12.500.000 VND on 2 activities" in page
    assert "(1 without a cost entered)" in page
    assert 'id="spending"' in page and "12.500.000" in page
