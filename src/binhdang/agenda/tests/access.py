"""The calendar's rows of the access matrix (see `access_modules()` in the root conftest.py).

Every page shows the signed-in user's own calendar, settings and reminders, so none takes a record's id;
the feed needs no sign-in (its token is the key) and answers 404 to any other token."""

from __future__ import annotations

from typing import Any

from binhdang.agenda.forms import CalendarSettingsForm

MATRIX: dict[str, tuple[str, str]] = {
    "agenda:calendar": ("any", "page"),
    "agenda:upcoming": ("any", "page"),
    "agenda:settings": ("any", "page"),
    "agenda:reminders": ("any", "page"),
    "agenda:feed": ("public", "page"),
    "api:calendarevent-list": ("any", "list"),
}
PK_KIND: dict[str, str] = {}
FORMS = [CalendarSettingsForm]


def records(tree: Any, people: Any) -> dict[str, int]:
    """No record is reached by id; a plan of Sở Nội vụ with a task and a report deadline gives the calendar
    pages, the feed and the API something of Sở Nội vụ's to show (or to keep from another agency)."""
    import datetime

    from binhdang.plans.models import Plan, ReportDeadline, Task

    plan = Plan.objects.create(
        title="Kế hoạch công tác bình đẳng giới của Sở Nội vụ", issuer=tree.snv, period_start=2021, period_end=2030
    )
    today = datetime.date.today()
    Task.objects.create(plan=plan, text="Tổ chức tọa đàm về bình đẳng giới", unit_in_charge=tree.snv_office,
                        recurrence="yearly", due_date=today)  # fmt: skip
    ReportDeadline.objects.create(plan=plan, kind="half_year", due_date=today, recurring=True)
    return {"calendar_plan": plan.pk}
