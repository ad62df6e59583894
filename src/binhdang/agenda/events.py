"""What the calendar shows: events that other apps contribute.

Each app that has dated things (tasks, report deadlines, activities, training classes) provides a
module `<app>/events.py` with a function `events(user, start, end) -> list[Event]` returning the
events between `start` and `end` (inclusive) that `user` may see (through accounts.scope). The
calendar collects them with `collect()`; the fixed days of the year come from `fixed_days()`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Event:
    key: str  # stable and unique, e.g. "task-12-2026-06-15"; used for iCalendar UIDs and reminders
    kind: str  # "task", "report", "activity", "class", "fixed_day"
    title: str
    start: datetime.date
    end: datetime.date | None = None  # inclusive; None = one day
    url: str = ""  # page of the thing, relative ("/plans/3/")
    unit: str = ""  # the org unit's name, for the list
    overdue: bool = False
    done: bool = False
    description: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def last(self) -> datetime.date:
        """The event's last day (inclusive)."""
        return self.end or self.start

    def overlaps(self, start: datetime.date, end: datetime.date) -> bool:
        return self.start <= end and self.last >= start


# The kinds in the order the calendar lists events of the same day.
KINDS: tuple[str, ...] = ("fixed_day", "report", "task", "activity", "class")
