"""Money of a plan: the estimate its budget lines give against what its activities cost, per plan and per task.
Pages and reports use these figures (one place adds them up)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import Count, Sum

from binhdang.plans.models import Plan


@dataclass
class TaskSpending:
    task_id: int
    label: str
    text: str
    activities: int
    spent: Decimal


@dataclass
class PlanBudget:
    estimate: Decimal | None  # None: no budget line gives an amount
    spent: Decimal
    activities: int  # activities carrying out a task of the plan
    without_cost: int  # of which no cost was entered
    lines: list[Any] = field(default_factory=list)
    by_task: list[TaskSpending] = field(default_factory=list)

    @property
    def left(self) -> Decimal | None:
        return None if self.estimate is None else self.estimate - self.spent


def format_vnd(amount: Decimal | int | None) -> str:
    """50000000 -> "50.000.000" (the Vietnamese thousands separator); None -> "—"."""
    return "—" if amount is None else f"{int(amount):,}".replace(",", ".")


def plan_budget(plan: Plan) -> PlanBudget:
    """The plan's estimate (the sum of its budget lines' amounts) and spending (the cost of the activities that
    carry out its tasks), in two grouped queries."""
    activity = apps.get_model("activities", "Activity")
    lines = list(plan.budget_lines.all())
    amounts = [line.amount for line in lines if line.amount is not None]
    rows = (
        activity.objects.filter(task__plan=plan)
        .values("task_id", "task__label", "task__text")
        .annotate(count=Count("pk"), spent=Sum("cost"), costed=Count("cost"))
        .order_by("task__order", "task_id")
    )
    by_task = [
        TaskSpending(row["task_id"], row["task__label"], row["task__text"], row["count"], row["spent"] or Decimal(0))
        for row in rows
    ]
    count = sum(row["count"] for row in rows)
    return PlanBudget(
        estimate=sum(amounts, Decimal(0)) if amounts else None,
        spent=sum((item.spent for item in by_task), Decimal(0)),
        activities=count,
        without_cost=count - sum(row["costed"] for row in rows),
        lines=lines,
        by_task=by_task,
    )
