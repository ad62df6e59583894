"""Targets: which applies where, the status and the gap in people."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from binhdang.indicators.catalogue import BY_CODE
from binhdang.indicators.engine import Result, evaluate
from binhdang.indicators.models import Target
from binhdang.indicators.targets import AT_RISK, OFF_TRACK, ON_TRACK, applicable_targets, assess, gap_in_people
from binhdang.plans.models import Plan

DAY = datetime.date(2026, 11, 1)


@pytest.fixture
def plan(tree):
    return Plan.objects.create(
        number="2282/QĐ-TTg", title="Chương trình bình đẳng giới", issuer=tree.province, period_start=2021,
        period_end=2030,
    )  # fmt: skip


def target(plan, unit, code, year, value, comparator="at_least"):
    return Target.objects.create(
        plan=plan, unit=unit, indicator=code, year=year, value=Decimal(value), comparator=comparator
    )


def test_a_target_high_in_the_tree_applies_below_unless_a_unit_sets_its_own(tree, plan):
    province = target(plan, tree.province, "pool_women", 2030, 50)
    own = target(plan, tree.syt, "pool_women", 2030, 45)
    target(plan, tree.province, "pool_women", 2025, 40)  # over on the day
    assert applicable_targets(tree.snv_office, DAY)[("pool_women", "")] == province
    assert applicable_targets(tree.syt_medical, DAY)[("pool_women", "")] == own
    assert applicable_targets(tree.snv, datetime.date(2025, 6, 1))[("pool_women", "")].year == 2025


@pytest.mark.parametrize(
    ("code", "n", "d", "value", "comparator", "expected"),
    [
        # 3 women of 10 in the pool; adding women adds to both: (3+k)/(10+k) >= 40% -> k = 2
        ("pool_women", 3, 10, 40, "at_least", 2),
        # 6 of 10 women staff trained, 90% wanted: 3 more of those already counted
        ("pool_women_trained", 6, 10, 90, "at_least", 3),
        ("pool_women", 4, 10, 40, "at_least", 0),
        ("domestic_violence_cases", 2, None, 0, "at_most", 2),
        ("outreach_events", 3, None, 10, "at_least", 7),
        ("pool_women", 9, 10, 100, "at_least", 1),
    ],
)
def test_gap_in_people(plan, tree, code, n, d, value, comparator, expected):
    goal = Target(plan=plan, unit=tree.province, indicator=code, year=2030, value=Decimal(value), comparator=comparator)
    value_now = 100.0 * n / d if d else float(n)
    assert gap_in_people(Result(n, d, value_now), BY_CODE[code], goal) == expected


def test_status_follows_value_trend_and_years_left(tree, people, plan):
    # 3 of 4 staff are women (75%); one year earlier, the same.
    target(plan, tree.province, "staff_women", 2030, 80)
    target(plan, tree.province, "minority_staff", 2026, 100)
    target(plan, tree.province, "leaders_women", 2030, 100)
    now = evaluate(tree.province, DAY)
    before = evaluate(tree.province, DAY.replace(year=2025))
    by_code = {a.indicator.code: a for a in assess(now, tree.province, previous=before)}
    assert by_code["staff_women"].status == AT_RISK  # flat at 75%, 5 points short
    assert by_code["staff_women"].gap_people == 1
    assert "1" in by_code["staff_women"].gap_text
    assert by_code["minority_staff"].status == OFF_TRACK  # 75% with weeks left
    assert by_code["leaders_women"].status == "achieved"  # Hà is the only leader
    assert by_code["pool_women"].status == "no_data"
    assert by_code["agencies_woman_key_leader"].status == "no_target"


def test_rising_value_is_on_track(tree, people, plan):
    from conftest import make_person

    target(plan, tree.province, "staff_women", 2030, 85)
    before = evaluate(tree.province, DAY)  # 75%
    make_person(tree.snv_civil, "Lý Thị", "Thu", "F", "TN0099", start=datetime.date(2026, 11, 2))
    now = evaluate(tree.province, DAY + datetime.timedelta(days=1))  # 80%: +5 points a year
    [staff] = [a for a in assess(now, tree.province, previous=before) if a.indicator.code == "staff_women"]
    assert staff.status == ON_TRACK and staff.projected > 85
