"""The iCalendar feed: a secret link, no sign-in, all-day events a calendar program understands."""

from __future__ import annotations

import datetime
import re

import icalendar
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from binhdang.agenda import feed
from binhdang.agenda.models import CalendarSettings

D = datetime.date


@pytest.fixture
def feed_plan(tree):
    """A plan of Sở Nội vụ with a task due in a month and a half-year report due next year."""
    from binhdang.plans.models import Plan, ReportDeadline, Task

    today = datetime.date.today()
    plan = Plan.objects.create(
        title="Kế hoạch", issuer=tree.snv, period_start=today.year - 1, period_end=today.year + 3
    )
    task = Task.objects.create(plan=plan, text="Tổ chức tọa đàm", unit_in_charge=tree.snv_office,
                               due_date=today + datetime.timedelta(days=30))  # fmt: skip
    deadline = ReportDeadline.objects.create(plan=plan, kind="annual", due_date=D(today.year + 1, 12, 10))
    return plan, task, deadline


def link_token(client, user) -> str:
    """Make the user's feed link through the settings page, as they would, and read the token off it."""
    client.force_login(user)
    response = client.post(reverse("agenda:settings"), {"action": "rotate"}, follow=True)
    url = response.context["new_feed_url"]
    assert url.startswith("http://") and "/calendar/feed.ics?token=" in url
    client.logout()
    return url.split("token=", 1)[1]


def read_feed(client, token: str) -> icalendar.Calendar:
    response = client.get(reverse("agenda:feed"), {"token": token})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_the_feed_opens_without_a_sign_in_and_holds_the_user_s_events(client, secretary, feed_plan):
    _plan, task, deadline = feed_plan
    token = link_token(client, secretary)
    # when a calendar program (signed in as no one) reads the feed
    calendar = read_feed(client, token)
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    # then it holds the task and the report deadline as all-day events
    due = task.due_date
    entry = events[f"task-{task.pk}-{due.isoformat()}@binhdang"]
    assert entry.decoded("DTSTART") == due and entry["DTSTART"].params.get("VALUE") == "DATE"
    assert entry.decoded("DTEND") == due + datetime.timedelta(days=1)  # exclusive
    assert str(entry["URL"]).startswith("http://") and str(entry["URL"]).endswith(f"#task-{task.pk}")
    with translation.override("vi"):
        assert str(entry["SUMMARY"]) == gettext("Task: %(task)s") % {"task": "Tổ chức tọa đàm"}
    assert f"report-{deadline.pk}-{deadline.due_date.isoformat()}@binhdang" in events
    # and the Action Month spans its days (DTEND the day after 15/12)
    month = next(e for uid, e in events.items() if uid.startswith("fixed-action-month-"))
    assert (month.decoded("DTEND") - month.decoded("DTSTART")).days == 31


def test_the_feed_covers_a_year_back_and_two_years_ahead(client, secretary, tree):
    token = link_token(client, secretary)
    uids = [str(e["UID"]) for e in read_feed(client, token).walk("VEVENT")]
    year = datetime.date.today().year
    assert f"fixed-vietnamese-womens-day-{year + 1}@binhdang" in uids
    assert f"fixed-vietnamese-womens-day-{year - 2}@binhdang" not in uids
    assert f"fixed-vietnamese-womens-day-{year + 3}@binhdang" not in uids


def test_the_feed_is_in_vietnamese_even_for_an_english_session(client, secretary, tree):
    token = link_token(client, secretary)
    client.cookies["django_language"] = "en"
    text = client.get(reverse("agenda:feed"), {"token": token}).content.decode()
    with translation.override("vi"):
        assert gettext("Vietnamese Women's Day") in text


def test_a_wrong_token_is_404(client, secretary, tree):
    link_token(client, secretary)
    for wrong in ("", "x", "a" * 43, "\x00", "x" * 10_000):
        assert client.get(reverse("agenda:feed"), {"token": wrong}).status_code == 404, wrong[:10]
    assert client.get(reverse("agenda:feed")).status_code == 404


def test_a_new_link_replaces_the_old_one(client, secretary, tree):
    old = link_token(client, secretary)
    new = link_token(client, secretary)
    assert old != new
    assert client.get(reverse("agenda:feed"), {"token": old}).status_code == 404
    assert client.get(reverse("agenda:feed"), {"token": new}).status_code == 200


def test_a_link_turned_off_stops_working(client, secretary, tree):
    token = link_token(client, secretary)
    client.force_login(secretary)
    client.post(reverse("agenda:settings"), {"action": "revoke"})
    client.logout()
    assert client.get(reverse("agenda:feed"), {"token": token}).status_code == 404


def test_a_deactivated_user_s_feed_stops_working(client, secretary, tree):
    token = link_token(client, secretary)
    secretary.is_active = False
    secretary.save()
    assert client.get(reverse("agenda:feed"), {"token": token}).status_code == 404


def test_only_a_hash_of_the_token_is_stored_and_the_link_is_shown_once(client, secretary, tree):
    token = link_token(client, secretary)
    stored = CalendarSettings.objects.get(user=secretary)
    assert token not in stored.feed_token_hash and len(stored.feed_token_hash) == 64
    assert len(token) >= 43  # 32 random bytes
    client.force_login(secretary)
    page = client.get(reverse("agenda:settings")).content.decode()
    assert token not in page and 'id="rotate-feed"' in page


def test_another_user_s_feed_holds_only_their_events(client, secretary, other_secretary, feed_plan):
    _plan, task, _deadline = feed_plan
    token = link_token(client, other_secretary)
    uids = [str(e["UID"]) for e in read_feed(client, token).walk("VEVENT")]
    assert not any(uid.startswith(("task-", "report-")) for uid in uids)


def test_the_feed_answers_only_get(client, secretary, tree):
    token = link_token(client, secretary)
    assert client.post(f"{reverse('agenda:feed')}?token={token}").status_code == 405


def test_feed_text_is_valid_icalendar():
    # folded lines, CRLF endings, the properties RFC 5545 requires
    from binhdang.agenda.events import Event

    body = feed.build([Event(key="k-1", kind="task", title="Nhiệm vụ " * 20, start=D(2026, 6, 5))], "Lịch")
    text = body.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and "VERSION:2.0" in text and "PRODID:" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert re.search(r"DTSTART;VALUE=DATE:20260605\r\n", text) and "DTEND;VALUE=DATE:20260606" in text
    assert "DTSTAMP:" in text and "UID:k-1@binhdang" in text
