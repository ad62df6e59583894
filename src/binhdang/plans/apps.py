from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db import transaction
from django.utils.translation import gettext_lazy as _


def delete_stored_file(sender: type, instance: Any, **kwargs: Any) -> None:
    """Remove a plan's document or a progress note's evidence from storage once its row is gone for good
    (also when its plan or task is deleted); after the commit, so that a rolled-back delete keeps its file."""
    stored = getattr(instance, "document", None) or getattr(instance, "evidence", None)
    if stored:
        name, storage = stored.name, stored.storage
        transaction.on_commit(lambda: storage.delete(name))


class PlansConfig(AppConfig):
    name = "binhdang.plans"
    label = "plans"
    verbose_name = _("Plans")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from binhdang.core import audit
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
        post_delete.connect(delete_stored_file, sender=Plan, dispatch_uid="plans-delete-document")
        post_delete.connect(delete_stored_file, sender=TaskProgress, dispatch_uid="plans-delete-evidence")
