"""The level above reminds the agencies that have not submitted their report: each person who writes
or submits that agency's reports gets a reminder in the app (the calendar's reminders) and an e-mail."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from binhdang.accounts.models import User
from binhdang.accounts.scope import RIGHTS
from binhdang.agenda.models import CalendarSettings, Reminder
from binhdang.orgs.models import OrgUnit
from binhdang.reports.models import SubmissionReminder, period_label
from binhdang.reports.obligations import kind_for, submissions

WAITING = ("missing", "draft", "not_due", "returned")


def _writers(agency: OrgUnit) -> list[Any]:
    roles = [role for role, rights in RIGHTS.items() if {"write_reports", "submit_reports"} & rights]
    return list(User.objects.filter(is_active=True, role__in=roles, unit=agency))


def _remind(people: list[Any], key: str, title: str, due: datetime.date, url: str) -> None:
    """A reminder in the app for each person (once per key), and an e-mail to those who want them."""
    for person in people:
        try:
            with transaction.atomic():
                Reminder.objects.create(user=person, key=key, kind="report", title=title[:300], due_date=due, url=url)
        except IntegrityError:  # reminded already
            continue
        if person.email and CalendarSettings.of(person).email_enabled:
            send_mail(
                title[:200],
                f"{title}.\n\n{settings.SITE_URL.rstrip('/')}{url}\n",
                settings.DEFAULT_FROM_EMAIL,
                [person.email],
                fail_silently=True,
            )
            Reminder.objects.filter(user=person, key=key).update(emailed_at=timezone.now())


def notify_returned(report: Any, reviewer_unit: OrgUnit | None, comment: str, event_id: int) -> None:
    """Tell the people who write and submit the agency's reports that the level above sent one back."""
    who = reviewer_unit.name if reviewer_unit else "Cấp trên"
    title = f"{who} trả lại báo cáo {period_label(report.period)} để bổ sung: {comment}"
    url = reverse("reports:report_detail", args=[report.pk])
    _remind(_writers(report.unit), f"report-returned-{event_id}", title, timezone.localdate(), url)


def remind_missing(sender: Any, unit: OrgUnit, period: str, today: datetime.date) -> int:
    """Remind every agency below `unit` whose report of the period is not yet submitted; returns how many."""
    kind = kind_for(period)
    reminded = 0
    for row in submissions(unit, kind, period, today):
        if row.state not in WAITING:
            continue
        people = _writers(row.unit)
        due = row.due_date or today
        # Said in Vietnamese: the reminder is a message between Vietnamese agencies.
        title = f"{unit.name} nhắc: báo cáo {period_label(period)} của {row.unit.name}" + (
            f" (hạn {due:%d/%m/%Y})" if row.due_date else ""
        )
        url = (
            reverse("reports:report_detail", args=[row.report.pk])
            if row.report
            else reverse("reports:report_list") + f"?unit={row.unit.pk}"
        )
        key = f"report-reminder-{row.unit.pk}-{period}-{today.isoformat()}"
        with transaction.atomic():
            SubmissionReminder.objects.create(
                unit=row.unit, kind=kind, period=period, sent_by=sender, recipients=len(people)
            )
            _remind(people, key, title, due, url)
        reminded += 1
    return reminded
