"""The month grid, the upcoming list and the API, as the personas see them."""

from __future__ import annotations

import datetime
import re

from django.urls import reverse
from django.utils import timezone

D = datetime.date


def cell(page: str, day: D) -> str:
    """The HTML of the grid cell of `day`."""
    match = re.search(rf'data-date="{day.isoformat()}".*?</td>', page, re.S)
    assert match, day
    return match.group(0)


def test_month_grid_shows_each_event_on_its_day(client, secretary, plan_data):
    client.force_login(secretary)
    page = client.get(reverse("agenda:calendar"), {"month": "2026-06"}).content.decode()
    # the half-year report on 05/06, the half-yearly task on 30/06, Family Day on 28/06
    assert f'data-key="report-{plan_data.deadline.pk}-2026-06-05"' in cell(page, D(2026, 6, 5))
    assert f'data-key="task-{plan_data.half_yearly.pk}-2026-06-30"' in cell(page, D(2026, 6, 30))
    assert 'data-key="fixed-family-day-2026"' in cell(page, D(2026, 6, 28))
    assert "data-key" not in cell(page, D(2026, 6, 10))
    # and the list of the month below, dated dd/mm/yyyy
    assert "05/06/2026" in page and "30/06/2026" in page


def test_month_grid_starts_on_monday_with_vietnamese_day_names(client, secretary, tree):
    client.force_login(secretary)
    page = client.get(reverse("agenda:calendar"), {"month": "2026-06"}).content.decode()
    headers = re.findall(r'<th scope="col">([^<]+)</th>', page)
    assert headers == ["Thứ 2", "Thứ 3", "Thứ 4", "Thứ 5", "Thứ 6", "Thứ 7", "Chủ nhật"]
    # June 2026 starts on a Monday: the grid's first cell is 01/06
    assert page.index('data-date="2026-06-01"') < page.index('data-date="2026-06-02"')
    assert 'data-date="2026-05-31"' not in page
    assert "01/06" in cell(page, D(2026, 6, 1))


def test_month_grid_links_to_the_months_around_it_and_marks_today(client, secretary, tree):
    client.force_login(secretary)
    today = timezone.localdate()
    page = client.get(reverse("agenda:calendar")).content.decode()
    assert 'aria-current="date"' in cell(page, today)
    assert 'aria-current="date"' not in page.replace(cell(page, today), "")
    page = client.get(reverse("agenda:calendar"), {"month": "2026-01"}).content.decode()
    assert 'href="?month=2025-12"' in page and 'href="?month=2026-02"' in page


def test_overdue_tasks_are_red_and_long_events_span_their_days(client, secretary, plan_data):
    client.force_login(secretary)
    page = client.get(reverse("agenda:calendar"), {"month": "2026-03"}).content.decode()
    once = cell(page, D(2026, 3, 8))
    assert re.search(rf'class="event kind-task overdue[^"]*"[^>]*data-key="task-{plan_data.once.pk}-2026-03-08"', once)
    page = client.get(reverse("agenda:calendar"), {"month": "2026-11"}).content.decode()
    # the Action Month is named on its first day and on each Monday, a bar on the other days
    assert "Tháng hành động" in cell(page, D(2026, 11, 15)) or "Action Month" in cell(page, D(2026, 11, 15))
    assert 'data-key="fixed-action-month-2026"' in cell(page, D(2026, 11, 20))
    assert "event kind-fixed_day cont" in cell(page, D(2026, 11, 20))
    assert "cont" not in re.search(r'<[^>]*data-key="fixed-action-month-2026"', cell(page, D(2026, 11, 23))).group(0)


def test_kind_filter_shows_only_the_chosen_kinds(client, secretary, plan_data):
    client.force_login(secretary)
    page = client.get(reverse("agenda:calendar"), {"month": "2026-06", "kind": "report"}).content.decode()
    assert f"report-{plan_data.deadline.pk}-2026-06-05" in page
    assert f"task-{plan_data.half_yearly.pk}-" not in page and "fixed-family-day" not in page
    assert "kind=report" in re.search(r'id="next-month"[^>]*', page).group(0)
    # an unknown kind is ignored: everything is shown
    page = client.get(reverse("agenda:calendar"), {"month": "2026-06", "kind": "nope"}).content.decode()
    assert "fixed-family-day" in page


def test_a_wrong_month_shows_this_month_with_a_message(client, secretary, tree):
    client.force_login(secretary)
    for wrong in ("2026-13", "abc", "1999-01", "2026-06-01", "\x00"):
        response = client.get(reverse("agenda:calendar"), {"month": wrong})
        assert response.status_code == 200
        assert response.context["first"] == timezone.localdate().replace(day=1)
        assert [m.level_tag for m in response.context["messages"]] == ["warning"]


def test_another_agency_s_calendar_holds_nothing_of_sở_nội_vụ(client, other_secretary, plan_data):
    client.force_login(other_secretary)
    for month in ("2026-03", "2026-06", "2026-09", "2026-11"):
        page = client.get(reverse("agenda:calendar"), {"month": month}).content.decode()
        assert "Sở Nội vụ" not in page and plan_data.yearly.text not in page and plan_data.for_snv.text not in page


def test_upcoming_lists_the_next_days(client, secretary, tree):
    from binhdang.plans.models import Plan, Task

    today = timezone.localdate()
    plan = Plan.objects.create(
        title="Kế hoạch năm", issuer=tree.snv, period_start=today.year, period_end=today.year + 1
    )
    soon = Task.objects.create(plan=plan, text="Nộp danh sách cán bộ nữ", due_date=today + datetime.timedelta(days=3))
    later = Task.objects.create(plan=plan, text="Sơ kết 6 tháng", due_date=today + datetime.timedelta(days=20))
    client.force_login(secretary)
    page = client.get(reverse("agenda:upcoming"), {"days": "7"}).content.decode()
    assert soon.text in page and later.text not in page
    assert (today + datetime.timedelta(days=3)).strftime("%d/%m/%Y") in page
    page = client.get(reverse("agenda:upcoming")).content.decode()  # 30 days by default
    assert soon.text in page and later.text in page
    # htmx gets the list alone, for another page to hold
    partial = client.get(reverse("agenda:upcoming"), HTTP_HX_REQUEST="true").content.decode()
    assert soon.text in partial and "<html" not in partial
    # a wrong number of days falls back to the default
    assert client.get(reverse("agenda:upcoming"), {"days": "²"}).context["days"] == 30


def test_pages_need_a_sign_in(client, tree):
    for name in ("agenda:calendar", "agenda:upcoming", "agenda:settings", "agenda:reminders"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/" in response["Location"], name


def test_api_lists_the_callers_events(client, secretary, other_secretary, plan_data):
    client.force_login(secretary)
    body = client.get("/api/calendar/", {"start": "2026-06-01", "end": "30/06/2026"}).json()
    by_key = {item["key"]: item for item in body}
    item = by_key[f"report-{plan_data.deadline.pk}-2026-06-05"]
    assert item["start"] == "2026-06-05" and item["kind"] == "report"
    assert item["url"].startswith("http") and item["url"].endswith(f"#deadline-{plan_data.deadline.pk}")
    client.force_login(other_secretary)
    body = client.get("/api/calendar/", {"start": "2026-06-01", "end": "2026-06-30"}).json()
    assert not any(item["key"].startswith(("report-", "task-")) for item in body)


def test_api_refuses_a_wrong_range(client, secretary, tree):
    client.force_login(secretary)
    for query, field in (
        ({"start": "31/02/2026"}, "start"),
        ({"start": "2026-06-01", "end": "2026-05-01"}, "end"),
        ({"start": "2026-01-01", "end": "2030-12-31"}, "end"),
    ):
        response = client.get("/api/calendar/", query)
        assert response.status_code == 400 and field in response.json(), query
    assert client.post("/api/calendar/", {}).status_code == 405
