from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "binhdang.plans"
    label = "plans"
    verbose_name = _("Plans")

    def ready(self) -> None:
        from binhdang.core import audit
        from binhdang.core.uploads import remove_files_with
        from binhdang.plans.models import (
            BudgetLine,
            LegalBasis,
            Objective,
            Plan,
            ReportDeadline,
            Task,
            TaskProgress,
        )

        audit.register(Plan, unit=lambda x: x.issuer_id)
        for part in (LegalBasis, Objective, Task, ReportDeadline, BudgetLine):
            audit.register(
                part, unit=lambda x: Plan.objects.filter(pk=x.plan_id).values_list("issuer_id", flat=True).first()
            )
        audit.register(
            TaskProgress,
            unit=lambda x: Task.objects.filter(pk=x.task_id).values_list("plan__issuer_id", flat=True).first(),
        )
        remove_files_with(Plan, TaskProgress)
