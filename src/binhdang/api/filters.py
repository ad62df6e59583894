"""The API's filter backend (its own module: DRF imports it while its settings load)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.request import Request


class ScopedFilterBackend(DjangoFilterBackend):
    """django-filter's backend, letting the view add arguments to its FilterSet (e.g. whether the
    caller may filter on sensitive fields), so the API filters exactly as the pages do."""

    def get_filterset_kwargs(self, request: Request, queryset: QuerySet[Any], view: Any) -> dict[str, Any]:
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        extra = getattr(view, "filterset_extra_kwargs", None)
        if extra is not None:
            kwargs.update(extra())
        return kwargs
