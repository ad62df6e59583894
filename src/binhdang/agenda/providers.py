"""Where the calendar's events come from: the fixed days of the year, the plans' tasks and report deadlines,
and every other app's `events.py` (activities, training classes), merged by `collect()`."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from importlib import import_module
from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from binhdang.accounts import scope
from binhdang.agenda.events import KINDS, Event

KIND_LABELS: dict[str, Any] = {
    "fixed_day": gettext_lazy("Commemoration day"),
    "report": gettext_lazy("Report deadline"),
    "task": gettext_lazy("Plan task"),
    "activity": gettext_lazy("Activity"),
    "class": gettext_lazy("Training class"),
}

Provider = Callable[[Any, datetime.date, datetime.date], list[Event]]


# --- Fixed days --------------------------------------------------------------------------------


def _fixed(year: int) -> list[Event]:
    return [
        Event(
            key=f"fixed-womens-day-{year}",
            kind="fixed_day",
            title=_("International Women's Day"),
            start=datetime.date(year, 3, 8),
        ),
        Event(
            key=f"fixed-family-day-{year}",
            kind="fixed_day",
            title=_("Vietnamese Family Day"),
            start=datetime.date(year, 6, 28),
        ),
        Event(
            key=f"fixed-vietnamese-womens-day-{year}",
            kind="fixed_day",
            title=_("Vietnamese Women's Day"),
            start=datetime.date(year, 10, 20),
        ),
        Event(
            key=f"fixed-action-month-{year}",
            kind="fixed_day",
            title=_("Action Month for gender equality and the prevention of gender-based violence"),
            start=datetime.date(year, 11, 15),
            end=datetime.date(year, 12, 15),
        ),
    ]


def fixed_days(start: datetime.date, end: datetime.date) -> list[Event]:
    """The days every agency marks (8/3, 28/6, 20/10) and the Action Month (15/11–15/12) overlapping the range."""
    return [event for year in range(start.year, end.year + 1) for event in _fixed(year) if event.overlaps(start, end)]


# --- Plans: tasks and report deadlines -----------------------------------------------------------


def relevant_tasks(user: Any) -> QuerySet[Any]:
    """Tasks the user may see that concern their units: tasks of plans their units issued, and tasks of any
    plan in scope (a province plan) that a unit of theirs is in charge of or cooperates on — not the dozens
    of a province plan's tasks given to other agencies. Plus tasks they report progress on (the unit in
    charge of a task of a plan they cannot otherwise open)."""
    from binhdang.plans.models import Task

    path = scope.root_path(user)
    if path is None:
        return Task.objects.none()
    visible = scope.restrict(Task.objects.all(), user, "view")
    if path:
        concerned = (
            scope.units_q(user, "plan__issuer__")
            | scope.units_q(user, "unit_in_charge__")
            | Q(pk__in=Task.objects.filter(scope.units_q(user, "cooperating_units__")).values("pk"))
        )
        visible = visible.filter(concerned)
    progress = scope.restrict(Task.objects.all(), user, "progress")
    # A withdrawn plan's tasks are no one's work any more.
    return Task.objects.filter(Q(pk__in=visible.values("pk")) | Q(pk__in=progress.values("pk"))).exclude(
        plan__status="withdrawn"
    )


def _plan_url(plan_id: int, anchor: str) -> str:
    return f"{reverse('plans:plan_detail', args=[plan_id])}#{anchor}"


def task_events(user: Any, start: datetime.date, end: datetime.date, today: datetime.date | None = None) -> list[Event]:
    """One event per due date of each relevant task in the range. The latest past due date of a task that
    `Task.is_overdue` says is overdue is marked overdue."""
    from binhdang.plans.models import Recurrence, Task

    today = today or timezone.localdate()
    tasks = (
        relevant_tasks(user)
        .exclude(status=Task.Status.CANCELLED)
        .filter(
            Q(recurrence=Recurrence.ONCE, due_date__range=(start, end))
            | Q(
                recurrence__in=[Recurrence.YEARLY, Recurrence.HALF_YEARLY, Recurrence.QUARTERLY],
                due_date__isnull=False,
                plan__period_start__lte=end.year,
                plan__period_end__gte=start.year,
            )
        )
        .select_related("plan", "plan__issuer", "unit_in_charge")
    )
    found = []
    for task in tasks:
        dates = task.occurrences(start, end)
        if not dates:
            continue
        overdue_on = None
        if task.status != Task.Status.DONE and dates[0] < today:
            # Only the latest due date before today can be the one left undone (Task.is_overdue's rule).
            before = task.occurrences(start, today - datetime.timedelta(days=1))
            if before and task.is_overdue(today):
                overdue_on = before[-1]
        unit = task.unit_in_charge.name if task.unit_in_charge else task.unit_in_charge_text or task.plan.issuer.name
        title = _("Task: %(task)s") % {"task": Truncator(task.text).chars(120)}
        description = "\n".join(
            part
            for part in (
                task.text,
                _("Plan: %(plan)s") % {"plan": task.plan},
                _("Unit in charge: %(unit)s") % {"unit": unit},
                _("Repeats: %(when)s") % {"when": task.get_recurrence_display()},
            )
            if part
        )
        url, done, tags = _plan_url(task.plan_id, f"task-{task.pk}"), task.status == Task.Status.DONE, (task.status,)
        for day in dates:
            found.append(
                Event(
                    key=f"task-{task.pk}-{day.isoformat()}",
                    kind="task",
                    title=title,
                    start=day,
                    url=url,
                    unit=unit,
                    overdue=day == overdue_on,
                    done=done,
                    description=description,
                    tags=tags,
                )
            )
    return found


def report_events(user: Any, start: datetime.date, end: datetime.date) -> list[Event]:
    """Every occurrence of the report deadlines that concern the user's units: those of the plans their units
    issued (reported upward, or received from below), and those of a plan issued above them that the agencies
    below its issuer must meet ("các sở, ban, ngành báo cáo về Sở Nội vụ trước ngày 5/6") — not the upward
    reports of the province itself."""
    from binhdang.plans.models import ReportDeadline

    visible = scope.restrict(ReportDeadline.objects.exclude(plan__status="withdrawn"), user, "view")
    if scope.root_path(user):
        visible = visible.filter(
            scope.units_q(user, "plan__issuer__") | Q(reporter=ReportDeadline.Reporter.SUBORDINATES)
        )
    deadlines = (
        visible
        .filter(
            Q(recurring=False, due_date__range=(start, end))
            | Q(recurring=True, plan__period_start__lte=end.year, plan__period_end__gte=start.year)
        )
        .select_related("plan", "plan__issuer")
    )
    found = []
    for deadline in deadlines:
        kind = deadline.get_kind_display()
        description = "\n".join(
            part
            for part in (
                _("Sent to: %(recipient)s") % {"recipient": deadline.recipient} if deadline.recipient else "",
                deadline.text,
                _("Plan: %(plan)s") % {"plan": deadline.plan},
            )
            if part
        )
        title = _("Report due: %(kind)s") % {"kind": kind}
        url = _plan_url(deadline.plan_id, f"deadline-{deadline.pk}")
        for day in deadline.occurrences(start, end):
            found.append(
                Event(
                    key=f"report-{deadline.pk}-{day.isoformat()}",
                    kind="report",
                    title=title,
                    start=day,
                    url=url,
                    unit=deadline.plan.issuer.name,
                    description=description,
                )
            )
    return found


def plan_events(user: Any, start: datetime.date, end: datetime.date) -> list[Event]:
    return task_events(user, start, end) + report_events(user, start, end)


# --- Everything together -----------------------------------------------------------------------


def _app_providers() -> list[Provider]:
    """`events()` of every installed app of ours that has an `events` module (the agenda's own excepted)."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("binhdang.") or config.name == "binhdang.agenda":
            continue
        name = f"{config.name}.events"
        try:
            module = import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise  # the module exists but imports something missing: a bug to see, not to skip
            continue
        provider = getattr(module, "events", None)
        if callable(provider):
            found.append(provider)
    return found


def _order(event: Event) -> tuple[Any, ...]:
    rank = KINDS.index(event.kind) if event.kind in KINDS else len(KINDS)
    return (event.start, rank, event.title, event.key)


def collect(user: Any, start: datetime.date, end: datetime.date) -> list[Event]:
    """Every event between start and end (inclusive) that `user` may see, ordered by date; one per key."""
    if end < start:
        return []
    events: dict[str, Event] = {}
    providers: list[Provider] = [plan_events, *_app_providers()]
    gathered = fixed_days(start, end)
    if scope.root_path(user) is not None:
        for provider in providers:
            gathered += provider(user, start, end)
    for event in gathered:
        if event.overlaps(start, end):
            events.setdefault(event.key, event)
    return sorted(events.values(), key=_order)


def upcoming_events(user: Any, today: datetime.date, days: int) -> list[Event]:
    """What the next `days` days (today included) hold for `user`: the list the home page can show."""
    return collect(user, today, today + datetime.timedelta(days=days - 1))
