"""The base the API's serializers and viewsets share: model validation and scope on every call."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import QuerySet
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request

from binhdang.accounts import scope
from binhdang.core import audit


class ModelValidatingSerializer(serializers.ModelSerializer):
    """Run the model's own clean() so the API refuses what the forms refuse, with the same messages."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        model = self.Meta.model
        if self.instance is not None:
            candidate = model._default_manager.get(pk=self.instance.pk)
        else:
            candidate = model()
        for key, value in attrs.items():
            if key in {f.name for f in model._meta.get_fields()} and not getattr(
                model._meta.get_field(key), "many_to_many", False
            ):
                setattr(candidate, key, value)
        self.prepare_candidate(candidate, attrs)
        exclude = [f.name for f in model._meta.fields if f.name not in attrs and f.name not in self.always_check]
        try:
            candidate.full_clean(exclude=exclude, validate_unique=False)
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from error
        return attrs

    always_check: tuple[str, ...] = ()

    def prepare_candidate(self, candidate: Any, attrs: dict[str, Any]) -> None:
        """Hook to fill fields the candidate needs for validation (e.g. its person)."""


class ScopedViewSet(viewsets.ModelViewSet):
    """A model viewset whose every queryset passes through the scope module."""

    view_right = "view_person"
    change_right = "change_person"

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self._actor = audit.acting_as(request.user)
        self._actor.__enter__()
        needed = self.view_right if request.method in ("GET", "HEAD", "OPTIONS") else self.change_right
        if not scope.has_right(request.user, needed):
            raise PermissionDenied()

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        actor = getattr(self, "_actor", None)
        if actor is not None:
            actor.__exit__(None, None, None)
            self._actor = None
        return super().finalize_response(request, response, *args, **kwargs)

    def base_queryset(self) -> QuerySet[Any]:
        return self.queryset.all()

    def get_queryset(self) -> QuerySet[Any]:
        action = "view" if self.request.method in ("GET", "HEAD", "OPTIONS") else "change"
        return scope.restrict(self.base_queryset(), self.request.user, action)

    def check_unit(self, unit: Any) -> None:
        if unit is not None and not scope.can_use_unit(self.request.user, unit, self.change_right):
            raise PermissionDenied(detail=_unit_message())

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        with transaction.atomic():
            self.check_write(serializer.validated_data)
            serializer.save()

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        with transaction.atomic():
            self.check_write(serializer.validated_data)
            serializer.save()

    def check_write(self, data: dict[str, Any]) -> None:
        self.check_unit(data.get("unit"))


def _unit_message() -> str:
    from django.utils.translation import gettext as _

    return _("This unit is outside your scope.")
