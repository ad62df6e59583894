"""Demo activities: a plausible year for each department, every one valid as the form would have it."""

from __future__ import annotations

import datetime

from binhdang.activities.demo import add_activities
from binhdang.activities.models import Activity


def test_demo_gives_each_department_a_plausible_year_of_valid_activities(tree):
    # given the test province (two departments) on 1 December 2026
    day = datetime.date(2026, 12, 1)
    # when demo activities are added
    result = add_activities(tree.province, 7, day=day)
    # then both departments have last year's activities and this year's up to the day, and each is valid
    activities = list(Activity.objects.select_related("unit"))
    assert result == {"activities": len(activities), "departments": 2}
    assert {a.unit.code for a in activities} == {"TN-SNV", "TN-SYT"}
    assert all(a.start_date <= day for a in activities)
    kinds = {a.kind for a in activities}
    assert {"commemoration", "action_month", "rally", "seminar", "article", "inspection"} <= kinds
    for activity in activities:
        activity.full_clean()
    inspections = [a for a in activities if a.kind == "inspection"]
    assert all(a.findings and a.follow_up for a in inspections)


def test_demo_is_the_same_for_the_same_seed(tree):
    day = datetime.date(2026, 12, 1)
    add_activities(tree.province, 3, day=day)
    first = sorted(Activity.objects.values_list("unit_id", "kind", "start_date", "participants_female"))
    Activity.objects.all().delete()
    add_activities(tree.province, 3, day=day)
    assert sorted(Activity.objects.values_list("unit_id", "kind", "start_date", "participants_female")) == first
