"""The calendar's activities: one event per activity the user may see that has a day in the range."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdang.accounts import scope
from binhdang.activities.models import Activity
from binhdang.agenda.events import Event


def overlapping_q(start: datetime.date, end: datetime.date) -> Q:
    """Activities with a day between start and end (inclusive)."""
    return Q(start_date__lte=end) & (Q(end_date__isnull=True, start_date__gte=start) | Q(end_date__gte=start))


def events(user: Any, start: datetime.date, end: datetime.date) -> list[Event]:
    activities = (
        scope.restrict(Activity.objects.all(), user, "view")
        .filter(overlapping_q(start, end))
        .select_related("unit")
        .order_by("start_date", "pk")
    )
    today = timezone.localdate()
    found = []
    for activity in activities:
        kind = activity.get_kind_display()
        description = "\n".join(
            part
            for part in (
                _("Kind: %(kind)s") % {"kind": kind},
                _("Venue: %(venue)s") % {"venue": activity.venue} if activity.venue else "",
                _("Audience: %(audience)s") % {"audience": activity.audience} if activity.audience else "",
            )
            if part
        )
        found.append(
            Event(
                key=f"activity-{activity.pk}",
                kind="activity",
                title=activity.title,
                start=activity.start_date,
                end=activity.end_date if activity.end_date and activity.end_date != activity.start_date else None,
                url=reverse("activities:activity_detail", args=[activity.pk]),
                unit=activity.unit.name,
                done=activity.last_day < today,
                description=description,
                tags=(kind,),
            )
        )
    return found
