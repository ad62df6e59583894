"""The engine on the shared fixture tree: what a leader would count by hand."""

from __future__ import annotations

import datetime

from conftest import make_person

from binhdang.indicators.engine import evaluate
from binhdang.indicators.models import AggregateValue
from binhdang.registry.models import PoolEntry, Post, TrainingRecord

DAY = datetime.date(2026, 11, 1)


def test_staff_and_posts_are_counted_for_every_subtree(tree, people):
    result = evaluate(tree.province, DAY)
    # Hà, Ánh (VP), Bình (CC) in Sở Nội vụ; Yến in Sở Y tế.
    assert result.result("staff_women") == result.result("staff_women", tree.province.pk)
    women = result.result("staff_women")
    assert (women.numerator, women.denominator, women.value) == (3, 4, 75.0)
    snv = result.result("staff_women", tree.snv.pk)
    assert (snv.numerator, snv.denominator) == (2, 3)
    leaders = result.result("leaders_women", tree.snv.pk)
    assert (leaders.numerator, leaders.denominator, leaders.value) == (1, 1, 100.0)
    assert result.result("leaders_women", tree.snv.pk, level="division").denominator == 1
    assert result.result("leaders_women", tree.snv.pk, level="department").denominator == 0
    minority = result.result("minority_staff")
    assert (minority.numerator, minority.denominator) == (3, 4)  # Tày, Nùng, Dao; Ánh is Kinh
    assert result.children() == [tree.snv.pk, tree.syt.pk, tree.commune.pk]


def test_pool_training_and_agencies(tree, people):
    PoolEntry.objects.create(
        person=people.anh, title="Phó Chánh Văn phòng", level="division", period_start=2025, period_end=2030,
        start_date=datetime.date(2025, 3, 1),
    )  # fmt: skip
    PoolEntry.objects.create(
        person=people.binh, title="Trưởng phòng", level="division", period_start=2025, period_end=2030,
        start_date=datetime.date(2025, 3, 1),
    )  # fmt: skip
    TrainingRecord.objects.create(
        person=people.anh, kind="gender_mainstreaming", course="Lồng ghép giới", start_date=datetime.date(2025, 5, 1),
        completed=True,
    )  # fmt: skip
    Post.objects.create(
        person=people.yen, unit=tree.syt, title="Phó Giám đốc", level="department", rank="deputy",
        is_key_leader=True, start_date=datetime.date(2024, 1, 1),
    )  # fmt: skip
    result = evaluate(tree.province, DAY)
    pool = result.result("pool_women", tree.snv.pk)
    assert (pool.numerator, pool.denominator, pool.value) == (1, 2, 50.0)
    assert result.result("pool_women_trained", tree.snv.pk).value == 100.0
    agencies = result.result("agencies_woman_key_leader")
    # Sở Nội vụ, Sở Y tế and Xã Hữu Lũng are agencies; Yến is a key leader of Sở Y tế.
    assert (agencies.numerator, agencies.denominator) == (1, 3)
    appointments = result.result("appointments_women")
    assert (appointments.numerator, appointments.denominator) == (2, 2)  # Hà 2021, Yến 2024


def test_a_day_before_someone_started_does_not_count_them(tree, people):
    make_person(tree.snv_civil, "Lý Thị", "Thu", "F", "TN0099", start=datetime.date(2026, 6, 1))
    assert evaluate(tree.province, datetime.date(2026, 5, 31)).result("staff_women").denominator == 4
    assert evaluate(tree.province, datetime.date(2026, 6, 1)).result("staff_women").denominator == 5


def test_entered_values_roll_up(tree, people):
    AggregateValue.objects.create(unit=tree.snv_office, element="health_check", period="2026", female=2, male=0)
    AggregateValue.objects.create(unit=tree.snv, element="domestic_violence_cases", period="2026-H1", total=1)
    result = evaluate(tree.province, DAY)
    health = result.result("health_check_women", tree.snv.pk)
    assert (health.numerator, health.denominator, health.value) == (2, 2, 100.0)
    assert result.result("domestic_violence_cases").value == 1.0
    assert sum(result.age_sex().values()) == 4


def test_an_indicator_alone_gives_the_same_answer_with_only_its_queries(tree, people):
    from binhdang.indicators.catalogue import CATALOGUE
    from binhdang.indicators.engine import families_for

    full = evaluate(tree.province, DAY)
    for indicator in CATALOGUE:
        alone = evaluate(tree.province, DAY, families_for(indicator))
        for unit_id in full.units:
            assert alone.result(indicator, unit_id) == full.result(indicator, unit_id), indicator.code


def test_a_unit_not_in_force_on_the_day_has_an_empty_subtree(tree, people):
    from binhdang.orgs.restructuring import merge

    merge([tree.syt], tree.snv, datetime.date(2024, 1, 1))
    gone = evaluate(tree.syt, datetime.date(2025, 1, 1))
    assert gone.units == set() and gone.measure("staff", tree.province.pk) == 0
    assert gone.result("staff_women").denominator == 0
