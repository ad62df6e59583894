"""Reminders of what falls due soon: in the app, and by e-mail once a day (`binhdang send-reminders`).

Every active user gets one reminder per event due within their days ahead — an undone task's due date, a
report deadline, the first day of an activity or a training class. A reminder is made once (the event's
key is unique per user), so running twice a day, or opening the reminders page before the daily run,
neither repeats a reminder nor an e-mail. E-mail goes as one message per user, in Vietnamese."""

from __future__ import annotations

import datetime
import logging
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext
from django_tasks import task

from binhdang.agenda.events import Event
from binhdang.agenda.feed import absolute
from binhdang.agenda.models import CalendarSettings, Reminder
from binhdang.agenda.providers import collect

logger = logging.getLogger(__name__)

REMINDED_KINDS = frozenset({"task", "report", "activity", "class"})


@dataclass
class Counts:
    users: int = 0  # active users looked at
    created: int = 0  # new reminders
    emails: int = 0  # messages sent (one per user at most)
    failed: int = 0  # messages the mail server refused; their reminders go again on the next run

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def due_events(user: Any, today: datetime.date, days_ahead: int) -> list[Event]:
    """The events to remind `user` of: starting between today and `days_ahead` days later, not done."""
    end = today + datetime.timedelta(days=days_ahead)
    return [
        event
        for event in collect(user, today, end)
        if event.kind in REMINDED_KINDS and not event.done and today <= event.start <= end
    ]


def ensure_reminders(user: Any, today: datetime.date, found: CalendarSettings | None = None) -> int:
    """Create the reminders `user` lacks; how many were created."""
    found = found or CalendarSettings.of(user)
    events = due_events(user, today, found.days_ahead)
    if not events:
        return 0
    known = set(Reminder.objects.filter(user=user, key__in=[e.key for e in events]).values_list("key", flat=True))
    new = [
        Reminder(
            user=user,
            key=event.key[:200],
            kind=event.kind,
            title=event.title[:300],
            due_date=event.start,
            url=event.url[:500],
        )
        for event in events
        if event.key not in known
    ]
    # A concurrent run may have made the same reminder a moment ago: the unique key keeps one.
    Reminder.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def email_reminders(user: Any, today: datetime.date) -> tuple[int, int]:
    """Send `user` one message with the unread reminders still ahead that were never e-mailed: (sent, failed)."""
    pending = list(
        Reminder.objects.filter(user=user, emailed_at=None, read_at=None, due_date__gte=today).values_list(
            "pk", flat=True
        )
    )
    if not pending:
        return 0, 0
    # Claim them first, with a stamp of our own, so two runs at once cannot both send them.
    stamp = timezone.now()
    Reminder.objects.filter(pk__in=pending, emailed_at=None).update(emailed_at=stamp)
    claimed = list(Reminder.objects.filter(user=user, emailed_at=stamp).order_by("due_date", "pk"))
    if not claimed:
        return 0, 0
    with translation.override("vi"):
        subject = ngettext(
            "Bình Đẳng: %(count)d item falls due soon",
            "Bình Đẳng: %(count)d items fall due soon",
            len(claimed),
        ) % {"count": len(claimed)}
        body = render_to_string(
            "agenda/reminder_email.txt",
            {
                "name": str(user),
                "reminders": [{"reminder": r, "link": absolute(r.url)} for r in claimed],
                "reminders_link": absolute(reverse("agenda:reminders")),
                "settings_link": absolute(reverse("agenda:settings")),
            },
        )
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except Exception:  # the mail server's refusal must not stop everyone else's reminders
        logger.exception("Reminder e-mail to user %s failed", user.pk)
        Reminder.objects.filter(pk__in=[r.pk for r in claimed], emailed_at=stamp).update(emailed_at=None)
        return 0, 1
    return 1, 0


def send_reminders(today: datetime.date | None = None) -> Counts:
    """The daily run: reminders for every active user, then one e-mail each to those who want one."""
    today = today or timezone.localdate()
    counts = Counts()
    users = get_user_model().objects.filter(is_active=True).select_related("unit").order_by("pk")
    stored = {found.user_id: found for found in CalendarSettings.objects.filter(user__is_active=True)}
    for user in users.iterator(chunk_size=500):
        counts.users += 1
        found = stored.get(user.pk) or CalendarSettings(user=user)
        counts.created += ensure_reminders(user, today, found)
        if found.email_enabled and user.email:
            sent, failed = email_reminders(user, today)
            counts.emails += sent
            counts.failed += failed
    return counts


@task()
def send_reminders_task(day: str = "") -> dict[str, int]:
    """The daily run as a background task; `day` is YYYY-MM-DD (default: today)."""
    return send_reminders(datetime.date.fromisoformat(day) if day else None).as_dict()
