"""Plans with tasks and report deadlines for the calendar's tests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest


@dataclass
class PlanData:
    snv_plan: Any
    yearly: Any  # Sở Nội vụ, every 15/11, 2026–2030
    half_yearly: Any  # Sở Nội vụ, every 30/06 and 31/12
    once: Any  # Sở Nội vụ, 08/03/2026
    deadline: Any  # Sở Nội vụ's half-year report, every 05/06
    province_plan: Any
    for_snv: Any  # a province task given to Sở Nội vụ, 30/09/2026
    for_syt: Any  # a province task given to Sở Y tế, 30/09/2026
    syt_task: Any  # Sở Y tế's own plan, 20/10/2026


@pytest.fixture
def plan_data(tree: Any) -> PlanData:
    from binhdang.plans.models import Plan, ReportDeadline, Task

    snv_plan = Plan.objects.create(
        number="45/KH-SNV",
        title="Kế hoạch thực hiện công tác bình đẳng giới giai đoạn 2026–2030",
        issuer=tree.snv,
        period_start=2026,
        period_end=2030,
    )
    province_plan = Plan.objects.create(
        number="120/KH-UBND", title="Kế hoạch bình đẳng giới của tỉnh", issuer=tree.province, period_start=2021,
        period_end=2030,
    )  # fmt: skip
    syt_plan = Plan.objects.create(
        title="Kế hoạch riêng của Sở Y tế", issuer=tree.syt, period_start=2026, period_end=2030
    )
    return PlanData(
        snv_plan=snv_plan,
        yearly=Task.objects.create(
            plan=snv_plan, text="Tổ chức mít tinh hưởng ứng Tháng hành động vì bình đẳng giới",
            unit_in_charge=tree.snv_office, recurrence="yearly", due_date=datetime.date(2026, 11, 15),
        ),  # fmt: skip
        half_yearly=Task.objects.create(
            plan=snv_plan, text="Rà soát số liệu cán bộ nữ trong quy hoạch", unit_in_charge=tree.snv_civil,
            recurrence="half_yearly", due_date=datetime.date(2026, 6, 30),
        ),  # fmt: skip
        once=Task.objects.create(
            plan=snv_plan, text="Tọa đàm nhân Ngày Quốc tế Phụ nữ", unit_in_charge=tree.snv, recurrence="once",
            due_date=datetime.date(2026, 3, 8),
        ),  # fmt: skip
        deadline=ReportDeadline.objects.create(
            plan=snv_plan, kind="half_year", due_date=datetime.date(2026, 6, 5), recurring=True,
            recipient="Ban Vì sự tiến bộ của phụ nữ tỉnh",
        ),  # fmt: skip
        province_plan=province_plan,
        for_snv=Task.objects.create(
            plan=province_plan, text="Tập huấn lồng ghép giới cho cán bộ nguồn", unit_in_charge=tree.snv,
            recurrence="once", due_date=datetime.date(2026, 9, 30),
        ),  # fmt: skip
        for_syt=Task.objects.create(
            plan=province_plan, text="Truyền thông về chăm sóc sức khỏe sinh sản", unit_in_charge=tree.syt,
            recurrence="once", due_date=datetime.date(2026, 9, 30),
        ),  # fmt: skip
        syt_task=Task.objects.create(
            plan=syt_plan, text="Khám sức khỏe định kỳ cho nữ cán bộ", unit_in_charge=tree.syt_medical,
            recurrence="once", due_date=datetime.date(2026, 10, 20),
        ),  # fmt: skip
    )
