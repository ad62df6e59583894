"""The API's filter backend (its own module: DRF imports it while its settings load)."""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from django import forms
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import filters
from django_filters.rest_framework import DjangoFilterBackend, FilterSet
from django_filters.rest_framework.filterset import FILTER_FOR_DBFIELD_DEFAULTS
from rest_framework.request import Request


class StrictBooleanField(forms.NullBooleanField):
    """true/false (or 1/0); anything else is refused. django-filter would read "null" or "yes" as "no filter"
    and answer every row, which a client cannot tell from the rows it asked for."""

    widget = forms.TextInput
    default_error_messages = {"invalid": _("Enter true or false.")}

    def to_python(self, value: Any) -> bool | None:
        if value in (None, ""):
            return None
        text = str(value).lower()
        if text in ("true", "1"):
            return True
        if text in ("false", "0"):
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")

    def validate(self, value: Any) -> None:
        return None


class BooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField


class IntegerFilter(filters.NumberFilter):
    """A whole number for an integer column: django-filter reads it as a decimal, so `?year=0.5` would match
    nothing instead of being refused."""

    field_class = forms.IntegerField


STRICT_DEFAULTS = deepcopy(FILTER_FOR_DBFIELD_DEFAULTS)
STRICT_DEFAULTS.update(
    {
        models.BooleanField: {"filter_class": BooleanFilter},
        **{
            field: {"filter_class": IntegerFilter}
            for field in (
                models.SmallIntegerField,
                models.IntegerField,
                models.PositiveIntegerField,
                models.PositiveSmallIntegerField,
                models.BigIntegerField,
            )
        },
    }
)


class StrictFilterSet(FilterSet):
    """The filter set the backend builds from a view's `filterset_fields`."""

    FILTER_DEFAULTS = STRICT_DEFAULTS


class ScopedFilterBackend(DjangoFilterBackend):
    """django-filter's backend, letting the view add arguments to its FilterSet (e.g. whether the
    caller may filter on sensitive fields), so the API filters exactly as the pages do."""

    filterset_base = StrictFilterSet

    def get_filterset_kwargs(self, request: Request, queryset: QuerySet[Any], view: Any) -> dict[str, Any]:
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        extra = getattr(view, "filterset_extra_kwargs", None)
        if extra is not None:
            kwargs.update(extra())
        return kwargs
