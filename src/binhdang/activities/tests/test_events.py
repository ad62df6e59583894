"""The calendar's activities: one event per activity in scope with a day in the range."""

from __future__ import annotations

import datetime

from django.urls import reverse

from binhdang.activities.events import events
from binhdang.activities.tests.helpers import make_activity

NOVEMBER = (datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))


def test_events_are_the_activities_overlapping_the_range(tree, secretary):
    # given activities before, inside, across the edge of and after November 2026
    make_activity(tree.snv, title="Trước", start_date=datetime.date(2026, 10, 20))
    inside = make_activity(tree.snv_office, title="Mít tinh", kind="rally", start_date=datetime.date(2026, 11, 25),
                           venue="Sân trụ sở")  # fmt: skip
    across = make_activity(tree.snv, title="Kiểm tra", kind="inspection", start_date=datetime.date(2026, 10, 30),
                           end_date=datetime.date(2026, 11, 2), findings="x", follow_up="y")  # fmt: skip
    make_activity(tree.snv, title="Sau", start_date=datetime.date(2026, 12, 1))
    # when the secretary's calendar asks for November
    found = sorted(events(secretary, *NOVEMBER), key=lambda e: e.start)
    # then the two that have a day in November come, with their page and unit
    assert [e.title for e in found] == ["Kiểm tra", "Mít tinh"]
    event = found[1]
    assert event.key == f"activity-{inside.pk}" and event.kind == "activity"
    assert event.start == datetime.date(2026, 11, 25) and event.end is None
    assert event.url == reverse("activities:activity_detail", args=[inside.pk])
    assert event.unit == "Văn phòng Sở" and "Sân trụ sở" in event.description
    assert found[0].end == datetime.date(2026, 11, 2) and found[0].key == f"activity-{across.pk}"


def test_events_hold_only_the_users_scope(tree, other_secretary, viewer):
    make_activity(tree.snv, start_date=datetime.date(2026, 11, 5))
    make_activity(tree.syt, title="Của Sở Y tế", start_date=datetime.date(2026, 11, 6))
    assert [e.title for e in events(other_secretary, *NOVEMBER)] == ["Của Sở Y tế"]
    assert len(events(viewer, *NOVEMBER)) == 2


def test_the_calendar_collects_the_activities(tree, secretary):
    from binhdang.agenda.providers import collect

    activity = make_activity(tree.snv, start_date=datetime.date(2026, 11, 5))
    keys = [e.key for e in collect(secretary, *NOVEMBER)]
    assert f"activity-{activity.pk}" in keys
