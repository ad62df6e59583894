"""Bad input gets a message saying what is wrong and where, and writes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from binhdang.activities.models import Activity, latest_date
from binhdang.activities.tests.helpers import form_data, make_activity, vi
from binhdang.core.models import AuditEntry


def post_create(client, data):
    response = client.post(reverse("activities:activity_create"), data)
    assert response.status_code == 200, "a refused form is shown again"
    return response.content.decode()


def field_errors(page: str, field: str) -> str:
    """The error list under one field of the form."""
    part = page.split(f'data-field="{field}"')[1].split('<div class="field')[0]
    return part.split('class="errorlist"')[1] if 'class="errorlist"' in part else ""


@pytest.fixture
def as_secretary(client, secretary):
    client.force_login(secretary)
    return client


def test_a_last_day_before_the_first_is_refused(as_secretary, tree):
    audit_before = AuditEntry.objects.count()
    page = post_create(as_secretary, form_data(tree.snv, start_date="12/05/2026", end_date="10/05/2026"))
    assert "10/05/2026" in field_errors(page, "end_date") and "12/05/2026" in field_errors(page, "end_date")
    assert not Activity.objects.exists() and AuditEntry.objects.count() == audit_before


@pytest.mark.parametrize("start, end", [("20/11/2025", "25/11/2025"), ("15/11/2025", ""), ("01/12/2025", "15/12/2025")])
def test_an_action_month_event_within_15_11_and_15_12_is_accepted(as_secretary, tree, start, end):
    data = form_data(tree.snv, kind="action_month", start_date=start, end_date=end)
    assert as_secretary.post(reverse("activities:activity_create"), data).status_code == 302


@pytest.mark.parametrize("start, end", [("14/11/2025", ""), ("10/12/2025", "16/12/2025"), ("08/03/2025", "")])
def test_an_action_month_event_outside_15_11_to_15_12_is_refused(as_secretary, tree, start, end):
    page = post_create(as_secretary, form_data(tree.snv, kind="action_month", start_date=start, end_date=end))
    errors = field_errors(page, "start_date")
    assert "15/11/2025" in errors and "15/12/2025" in errors
    assert not Activity.objects.exists()


def test_more_minority_participants_than_participants_is_refused(as_secretary, tree):
    page = post_create(
        as_secretary,
        form_data(tree.snv, participants_female="3", participants_male="2", participants_minority="6"),
    )
    errors = field_errors(page, "participants_minority")
    assert "(6)" in errors and "(5" in errors
    assert not Activity.objects.exists()


@pytest.mark.parametrize("value", ["-1", "100000", "abc", "1.5", "9" * 30])
def test_an_implausible_number_of_people_is_refused(as_secretary, tree, value):
    page = post_create(as_secretary, form_data(tree.snv, participants_female=value))
    assert vi("Enter a number of people from 0 to %(limit)s.") % {"limit": 99999} in field_errors(
        page, "participants_female"
    )
    assert not Activity.objects.exists()


@pytest.mark.parametrize("value", ["31/12/1999", "31/02/2026", "01/01/9999", "hôm qua"])
def test_a_date_out_of_range_or_unreal_is_refused(as_secretary, tree, value):
    page = post_create(as_secretary, form_data(tree.snv, start_date=value))
    assert field_errors(page, "start_date")
    assert not Activity.objects.exists()


def test_a_date_more_than_a_year_ahead_is_refused_with_the_allowed_range(as_secretary, tree):
    too_late = latest_date() + datetime.timedelta(days=1)
    page = post_create(as_secretary, form_data(tree.snv, start_date=too_late.strftime("%d/%m/%Y")))
    errors = field_errors(page, "start_date")
    assert "01/01/2000" in errors and latest_date().strftime("%d/%m/%Y") in errors
    assert not Activity.objects.exists()


@pytest.mark.parametrize("typed, stored", [("1.500.000", 1_500_000), ("2,000,000", 2_000_000), ("750 000", 750_000),
                                           ("3000000", 3_000_000), ("", None)])  # fmt: skip
def test_the_cost_is_read_as_people_type_it(as_secretary, tree, typed, stored):
    assert as_secretary.post(reverse("activities:activity_create"), form_data(tree.snv, cost=typed)).status_code == 302
    assert Activity.objects.get().cost == stored


@pytest.mark.parametrize("typed", ["-5000", "1,5", "1e999", "NaN", "năm triệu"])
def test_a_negative_or_unreadable_cost_is_refused(as_secretary, tree, typed):
    page = post_create(as_secretary, form_data(tree.snv, cost=typed))
    assert field_errors(page, "cost")
    assert not Activity.objects.exists()


def test_an_inspection_that_took_place_needs_findings_and_follow_up(as_secretary, tree):
    page = post_create(as_secretary, form_data(tree.snv, kind="inspection", start_date="10/09/2025"))
    assert vi("Write what the inspection found.") in field_errors(page, "findings")
    assert field_errors(page, "follow_up")
    assert not Activity.objects.exists()


def test_a_planned_inspection_needs_no_findings_yet(as_secretary, tree):
    soon = latest_date() - datetime.timedelta(days=30)
    data = form_data(tree.snv, kind="inspection", start_date=soon.strftime("%d/%m/%Y"))
    assert as_secretary.post(reverse("activities:activity_create"), data).status_code == 302


def test_a_task_of_a_plan_outside_the_scope_is_refused(as_secretary, tree, syt_task):
    page = post_create(as_secretary, form_data(tree.snv, task=syt_task.pk))
    assert vi("This task does not exist or belongs to a plan outside your scope.") in field_errors(page, "task")
    assert not Activity.objects.exists()


def test_a_task_of_a_plan_the_unit_does_not_work_to_is_refused(client, province_admin, tree, syt_task):
    # The province administrator sees Sở Y tế's plan, but Sở Nội vụ does not work to it.
    client.force_login(province_admin)
    page = post_create(client, form_data(tree.snv, task=syt_task.pk))
    errors = field_errors(page, "task")
    assert "Sở Y tế" in errors and "Sở Nội vụ" in errors
    assert not Activity.objects.exists()


def test_a_task_of_the_province_plan_is_accepted_for_a_department(client, secretary, tree):
    from binhdang.plans.models import Plan, Task

    plan = Plan.objects.create(title="Kế hoạch của tỉnh", issuer=tree.province, period_start=2021, period_end=2030)
    task = Task.objects.create(plan=plan, text="Tuyên truyền về bình đẳng giới")
    client.force_login(secretary)
    assert client.post(reverse("activities:activity_create"), form_data(tree.snv, task=task.pk)).status_code == 302
    assert Activity.objects.get().task == task


def test_markup_in_the_title_is_refused(as_secretary, tree):
    page = post_create(as_secretary, form_data(tree.snv, title="<script>alert(1)</script>"))
    assert field_errors(page, "title")
    assert not Activity.objects.exists()


def test_a_refused_edit_changes_nothing(client, secretary, tree):
    activity = make_activity(tree.snv, title="Tọa đàm gốc")
    client.force_login(secretary)
    data = form_data(tree.snv, title="Đổi tên", participants_minority="999", version=activity.version)
    assert client.post(reverse("activities:activity_edit", args=[activity.pk]), data).status_code == 200
    activity.refresh_from_db()
    assert (activity.title, activity.participants_minority, activity.version) == ("Tọa đàm gốc", 5, 1)
