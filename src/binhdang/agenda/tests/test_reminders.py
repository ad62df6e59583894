"""Reminders: made once per event and user, e-mailed once in one Vietnamese message, read in the app."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from binhdang.agenda.context_processors import reminders as reminders_context
from binhdang.agenda.models import CalendarSettings, Reminder
from binhdang.agenda.reminders import send_reminders, send_reminders_task

D = datetime.date
TODAY = D(2026, 6, 1)


def remind(user, key, title, due):
    return Reminder.objects.create(user=user, key=key, kind="task", title=title, due_date=due)


@pytest.fixture
def with_email(secretary, other_secretary):
    secretary.email = "thuky@snv.gov.vn"
    secretary.save()
    other_secretary.email = "thuky@syt.gov.vn"
    other_secretary.save()
    return secretary


def test_reminders_are_made_for_what_falls_due_within_the_days_ahead(with_email, plan_data, settings):
    settings.REMINDER_DAYS_AHEAD = 7
    # when the daily run goes on 01/06/2026 (the half-year report is due 05/06, the task 30/06)
    counts = send_reminders(TODAY)
    # then the secretary is reminded of the report only
    mine = Reminder.objects.filter(user=with_email)
    assert [(r.key, r.due_date, r.kind) for r in mine] == [
        (f"report-{plan_data.deadline.pk}-2026-06-05", D(2026, 6, 5), "report")
    ]
    assert mine.get().url == f"/plans/{plan_data.snv_plan.pk}/#deadline-{plan_data.deadline.pk}"
    # and nothing of Sở Nội vụ reaches the secretary of Sở Y tế
    assert not Reminder.objects.filter(user__username="syt.thuky", key__startswith="report-").exists()
    assert counts.created >= 1 and counts.users >= 2


def test_one_vietnamese_e_mail_per_user_with_dates_and_links(with_email, plan_data, settings):
    settings.REMINDER_DAYS_AHEAD = 30
    send_reminders(TODAY)
    [message] = [m for m in mail.outbox if m.to == ["thuky@snv.gov.vn"]]
    with translation.override("vi"):
        expected_title = gettext("Report due: %(kind)s") % {"kind": plan_data.deadline.get_kind_display()}
        assert gettext("These fall due soon:") in message.body
    assert "Bình Đẳng" in message.subject
    assert f"05/06/2026: {expected_title}" in message.body
    assert "30/06/2026: " in message.body  # the half-yearly task, in the same message
    assert f"http://127.0.0.1:8000/plans/{plan_data.snv_plan.pk}/#deadline-{plan_data.deadline.pk}" in message.body
    assert "http://127.0.0.1:8000/calendar/settings/" in message.body
    assert all(r.emailed_at for r in Reminder.objects.filter(user=with_email))


def test_a_second_run_the_same_day_sends_nothing(with_email, plan_data, settings):
    settings.REMINDER_DAYS_AHEAD = 30
    first = send_reminders(TODAY)
    sent = len(mail.outbox)
    again = send_reminders(TODAY)
    assert first.emails >= 1 and sent == first.emails
    assert again.created == 0 and again.emails == 0 and len(mail.outbox) == sent


def test_the_next_day_brings_only_what_is_new(with_email, plan_data, settings):
    settings.REMINDER_DAYS_AHEAD = 4
    send_reminders(TODAY)  # 05/06 is within 4 days of 01/06
    mail.outbox.clear()
    counts = send_reminders(D(2026, 6, 26))  # 30/06 now is
    [message] = [m for m in mail.outbox if m.to == ["thuky@snv.gov.vn"]]
    assert "30/06/2026" in message.body and "05/06/2026" not in message.body
    assert counts.created >= 1


def test_no_e_mail_when_turned_off_or_without_an_address(secretary, plan_data, settings):
    settings.REMINDER_DAYS_AHEAD = 30
    send_reminders(TODAY)  # no address
    assert mail.outbox == []
    assert Reminder.objects.filter(user=secretary).count() == 2  # the in-app reminders are there all the same
    secretary.email = "thuky@snv.gov.vn"
    secretary.save()
    CalendarSettings.objects.create(user=secretary, email_enabled=False)
    send_reminders(TODAY)
    assert mail.outbox == []


def test_reminders_made_by_opening_the_page_are_still_e_mailed_once(client, with_email, plan_data, settings):
    settings.REMINDER_DAYS_AHEAD = 30
    today = datetime.date.today()
    from binhdang.plans.models import Plan, Task

    plan = Plan.objects.create(title="Kế hoạch", issuer=with_email.unit, period_start=today.year, period_end=today.year)
    task = Task.objects.create(plan=plan, text="Nộp báo cáo nhanh", due_date=today + datetime.timedelta(days=2))
    client.force_login(with_email)
    page = client.get(reverse("agenda:reminders")).content.decode()
    assert "Nộp báo cáo nhanh" in page
    assert Reminder.objects.get(user=with_email, key=f"task-{task.pk}-{task.due_date.isoformat()}").emailed_at is None
    send_reminders(today)
    send_reminders(today)
    assert len([m for m in mail.outbox if m.to == ["thuky@snv.gov.vn"] and "Nộp báo cáo nhanh" in m.body]) == 1


def test_a_failing_mail_server_leaves_the_reminders_for_the_next_run(with_email, plan_data, settings, monkeypatch):
    settings.REMINDER_DAYS_AHEAD = 30

    def refuse(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr("binhdang.agenda.reminders.send_mail", refuse)
    counts = send_reminders(TODAY)
    assert counts.failed >= 1 and counts.emails == 0
    assert not Reminder.objects.filter(user=with_email).exclude(emailed_at=None).exists()
    monkeypatch.undo()
    assert send_reminders(TODAY).emails >= 1


def test_the_reminders_page_lists_unread_first_and_marks_read(client, secretary, other_secretary, plan_data):
    older = remind(secretary, "a", "Việc đã đọc", D(2026, 1, 1))
    newer = remind(secretary, "b", "Việc chưa đọc", D(2026, 2, 1))
    theirs = remind(other_secretary, "c", "Của Sở Y tế", D(2026, 1, 1))
    client.force_login(secretary)
    response = client.post(reverse("agenda:reminders"), {"reminder": older.pk})
    assert response.status_code == 302
    page = client.get(reverse("agenda:reminders")).content.decode()
    assert page.index("Việc chưa đọc") < page.index("Việc đã đọc")
    assert "Của Sở Y tế" not in page
    # someone else's reminder cannot be marked
    response = client.post(reverse("agenda:reminders"), {"reminder": theirs.pk}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    theirs.refresh_from_db()
    assert theirs.read_at is None
    for garbage in ("abc", "-1", "9" * 30, "²", ""):
        assert client.post(reverse("agenda:reminders"), {"reminder": garbage}).status_code == 302
    client.post(reverse("agenda:reminders"), {"all": "1"})
    newer.refresh_from_db()
    assert newer.read_at is not None
    assert Reminder.objects.filter(user=other_secretary, read_at=None).count() == 1


def test_unread_count_for_the_navigation_is_one_query(secretary, django_assert_num_queries):
    remind(secretary, "a", "Một", D(2026, 1, 1))
    remind(secretary, "b", "Hai", D(2026, 1, 2))
    request = RequestFactory().get("/")
    request.user = secretary
    with django_assert_num_queries(1):
        assert reminders_context(request) == {"unread_reminders": 2}
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert reminders_context(request) == {"unread_reminders": 0}


def test_the_command_takes_a_date_and_prints_json(with_email, plan_data, settings):
    settings.REMINDER_DAYS_AHEAD = 7
    out = StringIO()
    call_command("send-reminders", "--date", "2026-06-01", "--json", stdout=out)
    counts = json.loads(out.getvalue())
    assert counts["created"] >= 1 and counts["emails"] >= 1 and counts["failed"] == 0
    with pytest.raises(CommandError):
        call_command("send-reminders", "--date", "01/06/2026")


def test_the_background_task_runs_the_same(with_email, plan_data, settings):
    settings.REMINDER_DAYS_AHEAD = 7
    result = send_reminders_task.enqueue("2026-06-01")
    assert result.return_value["created"] >= 1
    assert Reminder.objects.filter(user=with_email, key=f"report-{plan_data.deadline.pk}-2026-06-05").exists()


def test_inactive_users_get_no_reminders(with_email, plan_data, settings):
    settings.REMINDER_DAYS_AHEAD = 30
    with_email.is_active = False
    with_email.save()
    send_reminders(TODAY)
    assert not Reminder.objects.filter(user=with_email).exists()
    assert not [m for m in mail.outbox if m.to == ["thuky@snv.gov.vn"]]
