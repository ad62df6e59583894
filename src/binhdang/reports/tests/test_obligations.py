"""Report deadlines from the plans: who reports to whom by when. A deadline the plan above sets is never replaced
by one the unit's own plan sets (for its own subordinates, or toward the province)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from binhdang.plans import drafts
from binhdang.plans.models import Plan, ReportDeadline, ReportKind
from binhdang.plans.tests.test_unit_matching import SEEDS, _read, demo_department
from binhdang.reports import obligations

Reporter = ReportDeadline.Reporter


def _deadline(plan: Plan, day: datetime.date, reporter: str, kind: str = ReportKind.HALF_YEAR) -> ReportDeadline:
    return ReportDeadline.objects.create(plan=plan, kind=kind, reporter=reporter, due_date=day, recurring=True)


@pytest.mark.django_db
def test_a_departments_own_deadlines_do_not_replace_the_provinces(tree: Any):
    # given the province asks its departments for the half-year report by 10/6, and Sở Nội vụ's own plan asks
    # its units by 1/6 and says it reports to the province by 5/6
    province_plan = Plan.objects.create(title="Kế hoạch tỉnh", issuer=tree.province, period_start=2021, period_end=2030)
    _deadline(province_plan, datetime.date(2000, 6, 10), Reporter.SUBORDINATES)
    own_plan = Plan.objects.create(title="Kế hoạch Sở", issuer=tree.snv, period_start=2021, period_end=2030)
    _deadline(own_plan, datetime.date(2000, 6, 1), Reporter.SUBORDINATES)
    _deadline(own_plan, datetime.date(2000, 6, 5), Reporter.ISSUER)
    # then Sở Nội vụ owes the province the province's date, one by one and for the whole list
    assert obligations.due_date_for(tree.snv, ReportKind.HALF_YEAR, "2026-H1") == datetime.date(2026, 6, 10)
    below = obligations.due_dates_below(tree.province, [tree.snv, tree.syt], ReportKind.HALF_YEAR, "2026-H1")
    assert below == {tree.snv.pk: datetime.date(2026, 6, 10), tree.syt.pk: datetime.date(2026, 6, 10)}
    # and where the province sets no annual date, the department's own plan does
    _deadline(own_plan, datetime.date(2000, 11, 30), Reporter.ISSUER, ReportKind.ANNUAL)
    assert obligations.due_date_for(tree.snv, ReportKind.ANNUAL, "2026") == datetime.date(2026, 11, 30)


@pytest.mark.django_db
def test_seed_002_deadlines_say_who_reports_to_whom():
    # given seed 002 read for the demo's Sở Giáo dục và Đào tạo
    department = demo_department("SGDDT")
    extracted = _read("002")
    rows = drafts.review_initial(extracted, department, [])["report_deadlines"]
    found = [(row["due"], row["reporter"], row["recipient"]) for row in rows]
    # then its schools report to it by 1/6 and 25/11 ("về Ban VSTBCPN&BDG Sở GD&ĐT"), and it reports upward by
    # 5/6 and 30/11 ("đến các cơ quan chức năng")
    assert found == [
        ("05/06", Reporter.ISSUER, "các cơ quan chức năng"),
        ("30/11", Reporter.ISSUER, "các cơ quan chức năng"),
        ("01/06", Reporter.SUBORDINATES, "Ban VSTBCPN&BDG Sở GD&ĐT"),
        ("25/11", Reporter.SUBORDINATES, "Ban VSTBCPN&BDG Sở GD&ĐT"),
    ]
    assert SEEDS.exists()


def test_the_reader_names_the_body_a_report_goes_to():
    from binhdang.plans.ingest.schedule import report_deadlines

    found = report_deadlines(
        [
            "Các đơn vị báo cáo kết quả 6 tháng về Ban VSTBPN tỉnh trước ngày 10/6.",
            "Báo cáo năm gửi Sở Nội vụ trước ngày 15/11/2025.",
            "Báo cáo năm 2021 trước ngày 15/12/2021 gửi Sở Lao động - Thương binh và Xã hội tổng hợp.",
        ]
    )
    assert [entry["recipient"] for entry in found] == [
        "Ban VSTBPN tỉnh",
        "Sở Nội vụ",
        "Sở Lao động - Thương binh và Xã hội",
    ]


@pytest.mark.django_db
def test_the_plan_edit_form_shows_a_yearly_deadline_as_day_and_month(
    client: Any, tree: Any, secretary: Any, settings: Any, tmp_path: Any
):
    settings.MEDIA_ROOT = tmp_path
    plan = Plan.objects.create(title="Kế hoạch Sở", issuer=tree.snv, period_start=2021, period_end=2030)
    _deadline(plan, datetime.date(2000, 6, 1), Reporter.ISSUER)
    client.force_login(secretary)
    page = client.get(reverse("plans:plan_edit", args=[plan.pk])).content.decode()
    assert 'value="01/06"' in page and "01/06/2000" not in page and "2000-06-01" not in page
