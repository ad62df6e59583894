"""The calendar's training classes: one event per class the user may see, spanning its days."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from binhdang.accounts import scope
from binhdang.agenda.events import Event
from binhdang.training.models import TrainingClass


def events(user: Any, start: datetime.date, end: datetime.date) -> list[Event]:
    """Classes overlapping start..end (inclusive) that `user` may see; cancelled ones are left out."""
    classes = (
        scope.restrict(TrainingClass.objects.select_related("organiser"), user, "view")
        .filter(start_date__lte=end, end_date__gte=start)
        .exclude(status=TrainingClass.Status.CANCELLED)
        .order_by("start_date", "pk")
    )
    found = []
    for course in classes:
        description = "\n".join(
            part
            for part in (
                course.content,
                _("Venue: %(venue)s") % {"venue": course.venue} if course.venue else "",
                _("Participants expected: %(groups)s") % {"groups": course.target_groups}
                if course.target_groups
                else "",
            )
            if part
        )
        found.append(
            Event(
                key=f"class-{course.pk}",
                kind="class",
                title=_("Training class: %(title)s") % {"title": course.title},
                start=course.start_date,
                end=course.end_date if course.end_date != course.start_date else None,
                url=reverse("training:class_detail", args=[course.pk]),
                unit=course.organiser.name,
                done=course.status == TrainingClass.Status.COMPLETED,
                description=description,
                tags=(course.get_status_display(),),
            )
        )
    return found
