"""Demo plans, targets and entered values for the demo province, taken from the seed plans.

- Kế hoạch 01/KH-UBND (05/01/2022) of the province, implementing Quyết định 2282/QĐ-TTg: by 2025 /
  2030, 60% / 75% of agencies with a woman key leader; women 40% / 50% of the succession pool; 75% /
  90% of the women in the pool trained; its agencies report before 15/06 and 15/12. Seed 000 (Sở Khoa
  học và Công nghệ, the same targets) and seed 004 (Sở Thông tin và Truyền thông) are read from their
  documents by plans.demo.
- Kế hoạch 662/KH-SNgV (06/09/2021) of Sở Ngoại vụ (seed 001): 35% of leadership appointments to
  women by 2025, kept to 2030; women 40% of the pool; every woman staff a party member; 100% of women
  with a periodic health check and of pregnant staff given prenatal leave; 80% of women speaking a
  foreign language by 2030; no domestic violence.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction

from binhdang.indicators.engine import evaluate
from binhdang.indicators.models import AggregateValue, Target
from binhdang.orgs.models import OrgUnit
from binhdang.plans.models import Plan, ReportDeadline

_PROVINCE_TARGETS = (
    (
        "agencies_woman_key_leader",
        2025,
        60,
        "Đến năm 2025 đạt 60% và đến năm 2030 đạt 75% cơ quan có lãnh đạo chủ chốt là nữ",
    ),
    (
        "agencies_woman_key_leader",
        2030,
        75,
        "Đến năm 2025 đạt 60% và đến năm 2030 đạt 75% cơ quan có lãnh đạo chủ chốt là nữ",
    ),
    ("pool_women", 2025, 40, "Tỷ lệ cán bộ nữ trong diện quy hoạch đạt ít nhất 40% vào năm 2025"),
    ("pool_women", 2030, 50, "Tỷ lệ cán bộ nữ trong diện quy hoạch đạt 50% vào năm 2030"),
    ("pool_women_trained", 2025, 75, "Tỷ lệ nữ được quy hoạch được đào tạo, bồi dưỡng đạt 75% vào năm 2025"),
    ("pool_women_trained", 2030, 90, "Tỷ lệ nữ được quy hoạch được đào tạo, bồi dưỡng đạt 90% vào năm 2030"),
)
_FOREIGN_AFFAIRS_TARGETS = (
    ("appointments_women", 2025, 35, "at_least", "Phấn đấu đến năm 2025 đạt 35% trở lên cán bộ nữ được bổ nhiệm"),
    ("appointments_women", 2030, 35, "at_least", "Duy trì đến năm 2030 đạt 35% trở lên cán bộ nữ được bổ nhiệm"),
    ("pool_women", 2030, 40, "at_least", "Tỷ lệ nữ trong diện quy hoạch đạt từ 40% trở lên"),
    ("party_women", 2030, 100, "at_least", "100% nữ CBCCVC được kết nạp Đảng"),
    ("health_check_women", 2030, 100, "at_least", "100% nữ CBCCVC được kiểm tra sức khỏe định kỳ"),
    ("prenatal_leave", 2030, 100, "at_least", "100% nữ CBCCVC mang thai được nghỉ khám thai 5 lần"),
    ("language_women", 2030, 80, "at_least", "Đến năm 2030, 80% nữ CBCCVC giao tiếp được ít nhất 1 ngoại ngữ"),
    ("domestic_violence_cases", 2030, 0, "at_most", "Không để xảy ra bạo lực gia đình"),
)


def add_plans_and_targets(province: OrgUnit, seed: int = 1, day: datetime.date | None = None) -> dict[str, int]:
    """Plans with their targets, and entered values for 2025 and the first half of 2026."""
    day = day or datetime.date(2026, 11, 1)
    rng = random.Random(f"{seed}:indicators")
    with transaction.atomic():
        provincial = Plan.objects.create(
            number="01/KH-UBND",
            title="Kế hoạch thực hiện Quyết định số 2282/QĐ-TTg về Chương trình tăng cường sự tham gia bình đẳng "
            "của phụ nữ trong các vị trí lãnh đạo và quản lý ở các cấp hoạch định chính sách giai đoạn 2021–2030",
            issuer=province,
            issued_on=datetime.date(2022, 1, 5),
            period_start=2021,
            period_end=2030,
        )
        targets = [
            Target(plan=provincial, unit=province, indicator=code, year=year, value=Decimal(value), text=text)
            for code, year, value, text in _PROVINCE_TARGETS
        ]
        foreign = OrgUnit.objects.filter(code=f"{province.code}-SNGV").first()
        if foreign is not None:
            plan = Plan.objects.create(
                number="662/KH-SNgV",
                title="Kế hoạch thực hiện Chiến lược quốc gia về bình đẳng giới của Sở Ngoại vụ giai đoạn 2021–2030",
                issuer=foreign,
                issued_on=datetime.date(2021, 9, 6),
                period_start=2021,
                period_end=2030,
            )
            targets += [
                Target(
                    plan=plan,
                    unit=foreign,
                    indicator=code,
                    year=year,
                    value=Decimal(value),
                    comparator=comparator,
                    text=text,
                )  # fmt: skip
                for code, year, value, comparator, text in _FOREIGN_AFFAIRS_TARGETS
            ]
        Target.objects.bulk_create(targets)
        # The province's agencies report to it twice a year (the dates of seed 004's schedule).
        for kind, due in (("half_year", datetime.date(2022, 6, 15)), ("annual", datetime.date(2022, 12, 15))):
            ReportDeadline.objects.create(
                plan=provincial,
                kind=kind,
                due_date=due,
                recurring=True,
                reporter=ReportDeadline.Reporter.SUBORDINATES,
                recipient=province.name,
                text="Các sở, ngành báo cáo kết quả 6 tháng trước ngày 15/6 và cả năm trước ngày 15/12",
            )
        # Seeds 000 and 004 are read from their documents, as an agency would upload them.
        from binhdang.plans.demo import add_ingested_plans

        ingested = add_ingested_plans(province)
        values = _entered_values(province, rng, day)
    ingested_targets = sum(plan.targets.count() for plan in ingested)
    return {"plans": Plan.objects.count(), "targets": len(targets) + ingested_targets, "entered_values": values}


def _entered_values(province: OrgUnit, rng: random.Random, day: datetime.date) -> int:
    """Entered counts per agency: health checks, pregnancies, outreach, no violence."""
    evaluation = evaluate(province, day)
    rows = []
    for unit_id, node in evaluation.tree.nodes.items():
        if not node.is_agency or node.kind != "department":
            continue
        women = evaluation.measure("staff_f", unit_id)
        men = evaluation.measure("staff", unit_id) - women
        for period in ("2025", "2026-H1"):
            checked_f = round(women * rng.uniform(0.82, 1.0))
            pregnant = min(women, rng.randint(0, 4))
            rows += [
                AggregateValue(
                    unit_id=unit_id,
                    element="health_check",
                    period=period,
                    female=checked_f,
                    male=round(men * rng.uniform(0.7, 1.0)),
                ),  # fmt: skip
                AggregateValue(unit_id=unit_id, element="pregnant", period=period, female=pregnant, male=0),
                AggregateValue(
                    unit_id=unit_id,
                    element="prenatal_leave",
                    period=period,
                    female=pregnant - rng.randint(0, min(1, pregnant)),
                    male=0,
                ),  # fmt: skip
                AggregateValue(unit_id=unit_id, element="domestic_violence_cases", period=period, total=0),
                AggregateValue(unit_id=unit_id, element="outreach_events", period=period, total=rng.randint(1, 6)),
                AggregateValue(
                    unit_id=unit_id,
                    element="outreach_participants",
                    period=period,
                    female=rng.randint(20, 80),
                    male=rng.randint(10, 60),
                ),  # fmt: skip
            ]
    AggregateValue.objects.bulk_create(rows)
    return len(rows)
