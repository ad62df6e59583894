"""One FilterSet for the activity list, its export and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binhdang.activities.models import EARLIEST, Activity, ActivityKind
from binhdang.orgs.models import OrgUnit, subtree_q
from binhdang.plans.models import Task

HALVES = [("1", _("first half-year (January–June)")), ("2", _("second half-year (July–December)"))]


class UnitField(forms.ModelChoiceField):
    """A unit by id (the page's select) or by code (the API, like its other endpoints)."""

    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{'— ' * (obj.depth - 1)}{obj.name}"

    def to_python(self, value: Any) -> OrgUnit | None:
        if isinstance(value, str) and value.strip() and not value.strip().isdecimal():
            if "\x00" in value:
                raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
            unit = self.queryset.filter(code=value.strip()).first()
            if unit is None:
                raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
            return unit
        return super().to_python(value)


class UnitFilter(django_filters.ModelChoiceFilter):
    field_class = UnitField


class TaskField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Task) -> str:
        return task_label(obj)


class TaskFilter(django_filters.ModelChoiceFilter):
    field_class = TaskField


def task_label(task: Task) -> str:
    plan = task.plan.number or task.plan.title[:40]
    text = task.text if len(task.text) <= 90 else f"{task.text[:89]}…"
    return f"{plan} · {task.label} {text}".replace("  ", " ")


def years() -> list[tuple[str, str]]:
    last = timezone.localdate().year + 1
    return [(str(year), str(year)) for year in range(last, EARLIEST.year - 1, -1)]


class ActivityFilterSet(django_filters.FilterSet):
    unit = UnitFilter(
        label=_("Org unit (with units below)"),
        queryset=OrgUnit.objects.none(),
        method="filter_unit",
        error_messages={"invalid_choice": _("This unit does not exist or is outside your scope.")},
    )
    kind = django_filters.ChoiceFilter(label=_("kind of activity"), choices=ActivityKind.choices)
    year = django_filters.ChoiceFilter(label=_("year"), choices=years, method="filter_year")
    half = django_filters.ChoiceFilter(label=_("half-year"), choices=HALVES, method="filter_half")
    task = TaskFilter(label=_("plan task"), queryset=Task.objects.none())

    class Meta:
        model = Activity
        fields = ["unit", "kind", "year", "half", "task"]

    def __init__(
        self, *args: Any, units: QuerySet[OrgUnit] | None = None, tasks: QuerySet[Task] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.filters["unit"].queryset = units
        if tasks is not None:
            self.filters["task"].queryset = tasks

    def filter_unit(self, qs: QuerySet[Activity], name: str, value: OrgUnit | None) -> QuerySet[Activity]:
        return qs.filter(subtree_q(value.path, "unit__")) if value is not None else qs

    def filter_year(self, qs: QuerySet[Activity], name: str, value: str) -> QuerySet[Activity]:
        return qs.filter(start_date__year=int(value)) if value else qs

    def filter_half(self, qs: QuerySet[Activity], name: str, value: str) -> QuerySet[Activity]:
        # An activity counts in the half-year it starts in, as the reports count it.
        if value == "1":
            return qs.filter(start_date__month__lte=6)
        if value == "2":
            return qs.filter(start_date__month__gte=7)
        return qs

