"""How far a unit has come with the plans it works to, as plain data for its half-year and annual reports: each
task with its status, its last progress note and its evidence, each target of the unit's own plans with value,
status (the dashboard's rule) and gap. `reports.assembly` freezes it with the report's other figures."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from binhdang.core.vietnamese import format_date
from binhdang.orgs.models import OrgUnit
from binhdang.plans.models import Plan, PlanStatus, Task

TASKS_PER_PLAN = 200


def _plans(unit: OrgUnit, start: datetime.date, day: datetime.date) -> list[Plan]:
    """Plans in force in the period that the unit issued, or that a unit above it issued and give a unit of its
    subtree a task (in charge or cooperating)."""
    above = [unit.path[: index * unit.steplen] for index in range(1, unit.depth)]
    in_subtree = Q(unit_in_charge__path__startswith=unit.path) | Q(cooperating_units__path__startswith=unit.path)
    concerned = Task.objects.filter(in_subtree, plan__issuer__path__in=above).values("plan_id")
    plans = (
        Plan.objects.filter(Q(issuer=unit) | Q(pk__in=concerned))
        .filter(status=PlanStatus.IN_FORCE, period_start__lte=day.year, period_end__gte=start.year)
        .select_related("issuer")
        .order_by("issuer__depth", "-period_start", "pk")
    )
    return list(plans)


def plan_progress(unit: OrgUnit, start: datetime.date, day: datetime.date) -> list[dict[str, Any]]:
    from binhdang.indicators.catalogue import BY_CODE
    from binhdang.indicators.targets import assess_targets

    found = []
    for plan in _plans(unit, start, day):
        own = plan.issuer_id == unit.pk
        tasks = plan.tasks.select_related("unit_in_charge").prefetch_related("progress")
        if not own:
            tasks = tasks.filter(
                Q(unit_in_charge__path__startswith=unit.path) | Q(cooperating_units__path__startswith=unit.path)
            ).distinct()
        tasks = tasks.annotate(activity_count=Count("activities", distinct=True)).order_by("order", "pk")
        task_rows = []
        for task in tasks[:TASKS_PER_PLAN]:
            every = list(task.progress.all())
            notes = [note for note in every if timezone.localtime(note.at).date() <= day]
            last = notes[0] if notes else None
            # The status on the report's day: a note written after it is not in this report.
            status = last.status if last else (Task.Status.NOT_STARTED if every else task.status)
            task_rows.append(
                {
                    "label": task.label,
                    "text": task.text,
                    "unit": task.unit_in_charge.name if task.unit_in_charge else task.unit_in_charge_text,
                    "status": status,
                    "progress": last.note if last else "",
                    "progress_on": timezone.localtime(last.at).date().isoformat() if last else None,
                    "progress_day": format_date(timezone.localtime(last.at).date()) if last else "",
                    "evidence": sum(1 for note in notes if note.evidence) + task.activity_count,
                    "activities": task.activity_count,
                    "overdue": task.is_overdue(day),
                }
            )
        target_rows = []
        if own:
            targets = list(plan.targets.filter(in_force=True).select_related("unit").order_by("indicator", "year"))
            assessments = assess_targets([target for target in targets if target.indicator in BY_CODE], day)
            for target in targets:
                assessment = assessments.get(target.pk)
                indicator = BY_CODE.get(target.indicator)
                target_rows.append(
                    {
                        "code": target.indicator,
                        "name": str(indicator.name) if indicator else target.text,
                        "year": target.year,
                        "goal": float(target.value),
                        "comparator": target.comparator,
                        "is_share": indicator.is_share if indicator else "%" in target.text,
                        "value": None
                        if assessment is None or assessment.result.value is None
                        else round(assessment.result.value, 2),
                        "status": assessment.status if assessment else "no_data",
                        "gap_people": assessment.gap_people if assessment else None,
                    }
                )
        found.append(
            {
                "id": plan.pk,
                "number": plan.number,
                "title": plan.title,
                "issuer": plan.issuer.name,
                "own": own,
                "tasks": task_rows,
                "targets": target_rows,
            }
        )
    return found
