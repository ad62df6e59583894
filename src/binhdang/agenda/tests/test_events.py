"""What the calendar holds: task occurrences, report deadlines, fixed days, and who sees which."""

from __future__ import annotations

import datetime
import sys
import types

from django.utils import translation

from binhdang.agenda.events import Event
from binhdang.agenda.providers import collect, fixed_days, task_events
from binhdang.plans.models import Task, TaskProgress

D = datetime.date
YEAR_2026 = (D(2026, 1, 1), D(2026, 12, 31))


def keys(events):
    return [event.key for event in events]


def dates_of(events, prefix):
    return [event.start for event in events if event.key.startswith(prefix)]


def test_yearly_task_falls_due_once_a_year_within_the_plan_period(secretary, plan_data):
    # when the secretary looks at 2025 to 2032 (the plan runs 2026–2030)
    events = collect(secretary, D(2025, 1, 1), D(2032, 12, 31))
    # then the yearly task is due every 15/11 of the plan's years only
    assert dates_of(events, f"task-{plan_data.yearly.pk}-") == [D(year, 11, 15) for year in range(2026, 2031)]


def test_half_yearly_task_falls_due_twice_a_year(secretary, plan_data):
    events = collect(secretary, *YEAR_2026)
    assert dates_of(events, f"task-{plan_data.half_yearly.pk}-") == [D(2026, 6, 30), D(2026, 12, 30)]


def test_recurring_report_deadline_comes_every_year_of_the_plan(secretary, plan_data):
    events = collect(secretary, D(2020, 1, 1), D(2035, 12, 31))
    deadlines = [event for event in events if event.kind == "report"]
    assert [event.start for event in deadlines] == [D(year, 6, 5) for year in range(2026, 2031)]
    assert {event.unit for event in deadlines} == {"Sở Nội vụ"}
    assert deadlines[0].url == f"/plans/{plan_data.snv_plan.pk}/#deadline-{plan_data.deadline.pk}"


def test_a_province_deadline_shows_where_it_binds(secretary, province_admin, plan_data):
    from binhdang.plans.models import ReportDeadline

    # given the province's own upward report, and the report it asks of the agencies below it
    province = plan_data.province_plan
    upward = ReportDeadline.objects.create(plan=province, kind="annual", due_date=D(2026, 12, 15), reporter="issuer")
    from_below = ReportDeadline.objects.create(
        plan=province, kind="annual", due_date=D(2026, 12, 1), reporter="subordinates", recipient="Sở Nội vụ"
    )
    # then the agency sees the one it must meet, the province both
    found = set(keys(collect(secretary, *YEAR_2026)))
    assert f"report-{from_below.pk}-2026-12-01" in found and f"report-{upward.pk}-2026-12-15" not in found
    found = set(keys(collect(province_admin, *YEAR_2026)))
    assert {f"report-{from_below.pk}-2026-12-01", f"report-{upward.pk}-2026-12-15"} <= found


def test_a_one_off_report_deadline_appears_once(secretary, plan_data):
    plan_data.deadline.recurring = False
    plan_data.deadline.save()
    events = collect(secretary, D(2020, 1, 1), D(2035, 12, 31))
    assert [event.start for event in events if event.kind == "report"] == [D(2026, 6, 5)]


def test_keys_are_the_same_every_time(secretary, plan_data):
    first = keys(collect(secretary, *YEAR_2026))
    again = keys(collect(secretary, D(2026, 6, 1), D(2026, 6, 30)))
    assert set(again) <= set(first)
    assert f"task-{plan_data.half_yearly.pk}-2026-06-30" in again
    assert f"report-{plan_data.deadline.pk}-2026-06-05" in again
    assert len(first) == len(set(first))


def test_events_are_sorted_by_date(secretary, plan_data):
    events = collect(secretary, *YEAR_2026)
    assert [event.start for event in events] == sorted(event.start for event in events)


def test_another_agency_sees_none_of_sở_nội_vụ_s_tasks(other_secretary, plan_data):
    # when the secretary of Sở Y tế looks at the year
    events = collect(other_secretary, *YEAR_2026)
    found = set(keys(events))
    # then nothing of Sở Nội vụ's plan, nor the province task given to Sở Nội vụ, is there
    for task in (plan_data.yearly, plan_data.half_yearly, plan_data.once, plan_data.for_snv):
        assert not any(key.startswith(f"task-{task.pk}-") for key in found), task
    assert not any(key.startswith(f"report-{plan_data.deadline.pk}-") for key in found)
    # but her own agency's tasks and the province's task given to her agency are
    assert f"task-{plan_data.syt_task.pk}-2026-10-20" in found
    assert f"task-{plan_data.for_syt.pk}-2026-09-30" in found


def test_the_unit_in_charge_sees_its_task_of_a_province_plan(leader, secretary, plan_data):
    # the province plan is issued above Sở Nội vụ; one of its tasks is Sở Nội vụ's
    for user in (secretary, leader):
        found = set(keys(collect(user, *YEAR_2026)))
        assert f"task-{plan_data.for_snv.pk}-2026-09-30" in found
        # the province's tasks given to other agencies are not Sở Nội vụ's business
        assert f"task-{plan_data.for_syt.pk}-2026-09-30" not in found


def test_a_division_sees_the_tasks_it_is_in_charge_of(hr_officer, plan_data):
    found = set(keys(collect(hr_officer, *YEAR_2026)))
    assert f"task-{plan_data.yearly.pk}-2026-11-15" in found  # Văn phòng Sở is in charge
    assert f"task-{plan_data.half_yearly.pk}-2026-06-30" not in found  # Phòng Công chức, viên chức's


def test_a_cooperating_unit_sees_the_task(other_secretary, tree, plan_data):
    plan_data.for_snv.cooperating_units.add(tree.syt)
    found = set(keys(collect(other_secretary, *YEAR_2026)))
    assert f"task-{plan_data.for_snv.pk}-2026-09-30" in found


def test_the_province_sees_every_agency_s_tasks(province_admin, viewer, plan_data):
    for user in (province_admin, viewer):
        found = set(keys(collect(user, *YEAR_2026)))
        assert {f"task-{plan_data.once.pk}-2026-03-08", f"task-{plan_data.syt_task.pk}-2026-10-20"} <= found


def test_a_user_without_a_unit_or_deactivated_sees_only_the_fixed_days(secretary, plan_data):
    secretary.is_active = False
    secretary.save()
    assert {event.kind for event in collect(secretary, *YEAR_2026)} == {"fixed_day"}


def test_cancelled_tasks_are_left_out_and_done_ones_marked(secretary, plan_data):
    plan_data.once.status = Task.Status.CANCELLED
    plan_data.once.save()
    plan_data.for_snv.status = Task.Status.DONE
    plan_data.for_snv.save()
    events = {event.key: event for event in collect(secretary, *YEAR_2026)}
    assert f"task-{plan_data.once.pk}-2026-03-08" not in events
    assert events[f"task-{plan_data.for_snv.pk}-2026-09-30"].done


def test_a_task_past_its_date_and_not_done_is_overdue(secretary, plan_data):
    today = D(2027, 12, 1)
    window = (D(2026, 1, 1), D(2027, 12, 31))
    events = {event.key: event for event in task_events(secretary, *window, today=today)}
    assert events[f"task-{plan_data.once.pk}-2026-03-08"].overdue  # a one-off task, past and not done
    # a recurring task: only its latest past due date can be overdue (Task.is_overdue's rule)
    assert events[f"task-{plan_data.yearly.pk}-2027-11-15"].overdue
    assert not events[f"task-{plan_data.yearly.pk}-2026-11-15"].overdue
    assert events[f"task-{plan_data.half_yearly.pk}-2027-06-30"].overdue
    assert not events[f"task-{plan_data.half_yearly.pk}-2027-12-30"].overdue  # still ahead
    # a progress note since the due date before it clears it
    TaskProgress.objects.create(task=plan_data.yearly, note="Đã tổ chức mít tinh", status="in_progress")
    events = {event.key: event for event in task_events(secretary, *window, today=today)}
    assert not events[f"task-{plan_data.yearly.pk}-2027-11-15"].overdue
    # and a done task is never overdue
    plan_data.once.status = Task.Status.DONE
    plan_data.once.save()
    events = {event.key: event for event in task_events(secretary, *window, today=today)}
    assert not events[f"task-{plan_data.once.pk}-2026-03-08"].overdue


def test_fixed_days_of_a_year():
    with translation.override("vi"):
        events = fixed_days(*YEAR_2026)
    assert [(event.start, event.end) for event in events] == [
        (D(2026, 3, 8), None),
        (D(2026, 6, 28), None),
        (D(2026, 10, 20), None),
        (D(2026, 11, 15), D(2026, 12, 15)),
    ]
    assert {event.kind for event in events} == {"fixed_day"}
    assert keys(events) == [
        "fixed-womens-day-2026",
        "fixed-family-day-2026",
        "fixed-vietnamese-womens-day-2026",
        "fixed-action-month-2026",
    ]


def test_the_action_month_is_there_when_the_range_only_overlaps_it():
    assert keys(fixed_days(D(2026, 12, 1), D(2027, 1, 31))) == ["fixed-action-month-2026"]
    assert keys(fixed_days(D(2026, 3, 9), D(2026, 6, 27))) == []


def test_other_apps_events_are_merged_in(secretary, plan_data, monkeypatch):
    # given an app whose events module offers a training class
    module = types.ModuleType("binhdang.training.events")
    seen = []

    def events(user, start, end):
        seen.append((user, start, end))
        return [Event(key="class-7", kind="class", title="Lớp tập huấn kỹ năng lồng ghép giới", start=D(2026, 9, 30),
                      end=D(2026, 10, 2))]  # fmt: skip

    module.events = events
    monkeypatch.setitem(sys.modules, "binhdang.training.events", module)
    # when the calendar collects September
    found = collect(secretary, D(2026, 9, 1), D(2026, 9, 30))
    # then the class is among the plan's events, sorted in by date, and the app was asked for the same range
    assert seen == [(secretary, D(2026, 9, 1), D(2026, 9, 30))]
    assert "class-7" in keys(found)
    assert [event.start for event in found] == sorted(event.start for event in found)
