"""REST API of the activities, scoped like the pages: /api/activities/ with the list's filters (unit by id or
code, with the units below it; kind; year; half; task)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from binhdang.accounts import scope
from binhdang.activities.filtersets import ActivityFilterSet
from binhdang.activities.forms import visible_tasks
from binhdang.activities.models import Activity
from binhdang.api.base import ModelValidatingSerializer, ScopedViewSet, VersionedSerializerMixin
from binhdang.indicators.privacy import people_rows
from binhdang.orgs.models import OrgUnit
from binhdang.plans.models import Task
from binhdang.registry.api import UnitCodeField

PEOPLE = ("participants_female", "participants_male", "participants_minority")


class ActivitySerializer(VersionedSerializerMixin, ModelValidatingSerializer):
    unit = UnitCodeField(help_text="Code of the org unit that held the activity.")
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    task = serializers.PrimaryKeyRelatedField(
        queryset=Task.objects.all(), required=False, allow_null=True, help_text="Id of the plan task carried out."
    )

    class Meta:
        model = Activity
        fields = [
            "id",
            "unit",
            "unit_name",
            "kind",
            "title",
            "start_date",
            "end_date",
            "venue",
            "task",
            "audience",
            "participants_female",
            "participants_male",
            "participants_minority",
            "cost",
            "findings",
            "follow_up",
            "notes",
            "created_at",
            "version",
        ]
        read_only_fields = ["id", "created_at"]

    small_counts = PEOPLE  # read by the schema: they may read "<5" (see to_representation)

    def to_representation(self, instance: Activity) -> dict[str, Any]:
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None:
            # Count-only roles see the counts as on the pages: "<5", and "×" where it would give one away.
            [shown] = people_rows(
                [{"female": instance.participants_female or 0, "male": instance.participants_male or 0,
                  "minority": instance.participants_minority or 0}],
                request.user,
            )  # fmt: skip
            for name, key in zip(PEOPLE, ("female", "male", "minority"), strict=True):
                if data[name] is not None:
                    data[name] = shown[key]
        return data


class ActivityViewSet(ScopedViewSet):
    """Activities of the units in your scope. Write with the right to record activities over the unit."""

    queryset = Activity.objects.select_related("unit").order_by("-start_date", "-pk")
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilterSet
    view_right = "view_aggregate"
    change_right = "record_activities"

    def filterset_extra_kwargs(self) -> dict[str, Any]:
        return {
            "units": scope.restrict(OrgUnit.objects.all(), self.request.user),
            "tasks": visible_tasks(self.request.user),
        }

    def get_queryset(self) -> QuerySet[Activity]:
        return super().get_queryset().order_by("-start_date", "-pk")

    def check_write(self, data: dict[str, Any]) -> None:
        super().check_write(data)
        task = data.get("task")
        if task is not None and not visible_tasks(self.request.user).filter(pk=task.pk).exists():
            raise PermissionDenied(_("This task belongs to a plan outside your scope."))

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        with transaction.atomic():
            self.check_write(serializer.validated_data)
            serializer.save(created_by=self.request.user)


ROUTES = [("activities", ActivityViewSet, "activity")]
