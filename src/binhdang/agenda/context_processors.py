"""`unread_reminders` for the navigation: one COUNT on an index, only for a signed-in user."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from binhdang.agenda.models import Reminder


def reminders(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_reminders": 0}
    return {"unread_reminders": Reminder.objects.filter(user=user, read_at=None).count()}
