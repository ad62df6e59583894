"""The base the API's serializers and viewsets share: model validation and scope on every call."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework import parsers, serializers, viewsets
from rest_framework.exceptions import ParseError, PermissionDenied
from rest_framework.request import Request

from binhdang.accounts import scope
from binhdang.api.pagination import Pagination
from binhdang.core import audit


class StrictCharField(serializers.CharField):
    """Text from JSON strings only: DRF would store the number 7 as the text "7" (a language, a title)."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class CodeRelatedField(serializers.SlugRelatedField):
    """A related object looked up by a text key (a unit code). A NUL character is refused before the lookup:
    PostgreSQL cannot take it in a query, and the error would be a 500 instead of a field error."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str):
            ProhibitNullCharactersValidator()(data)
        return super().to_internal_value(data)


class SensitiveFieldsMixin(serializers.Serializer):
    """Sensitive personal data (Nghị định 13/2023/NĐ-CP: ethnicity, minority status, party membership, health)
    reaches only callers with the right "view_sensitive". A serializer names its sensitive fields in
    `Meta.sensitive_fields`; for other callers they are left out, or, when also named in
    `Meta.sensitive_input`, kept write-only (the roles that enter them on the page enter them here too)."""

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        if self.sees_sensitive():
            return fields
        meta = getattr(self, "Meta", None)
        writable = set(getattr(meta, "sensitive_input", ()))
        for name in getattr(meta, "sensitive_fields", ()):
            field = fields.get(name)
            if field is None:
                continue
            if name in writable and not field.read_only:
                field.write_only = True
            else:
                del fields[name]
        return fields

    def sees_sensitive(self) -> bool:
        request = self.context.get("request")
        return request is not None and scope.has_right(request.user, "view_sensitive")


class ScopeFirstMixin(serializers.Serializer):
    """Scope before any validation: the related records a write names (its unit, person, plan, class) are looked
    up and passed to the view's `check_write` before a field validator, a uniqueness check or the model's clean()
    runs, so a caller writing about another agency's records gets 403 and learns nothing from a message
    ("this language is already recorded for this person")."""

    def run_validation(self, data: Any = serializers.empty) -> Any:
        view = self.context.get("view")
        if self.parent is None and isinstance(data, Mapping) and hasattr(view, "check_write"):
            view.check_write(self.related_records(data))
        return super().run_validation(data)

    def related_records(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The related records named in `data` that exist, by the attribute they fill; the rest is left to the
        field validation that follows (a missing or unknown one is a field error there)."""
        found: dict[str, Any] = {}
        for field in self.fields.values():
            if field.read_only or "." in field.source or field.source == "*":
                continue
            if not isinstance(field, serializers.RelatedField | serializers.ManyRelatedField):
                continue
            value = field.get_value(data)  # as the field reads it: JSON or a form's repeated keys
            if value is serializers.empty or value is None:
                continue
            try:
                found[field.source] = field.to_internal_value(value)
            except (serializers.ValidationError, DjangoValidationError, TypeError, ValueError, OverflowError):
                continue
        return found


class StrictModelSerializer(ScopeFirstMixin, SensitiveFieldsMixin, serializers.ModelSerializer):
    """A model serializer whose text fields take JSON strings only, whose writes are scoped before they are
    validated, and whose sensitive fields need the right."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
    }


class ModelValidatingSerializer(StrictModelSerializer):
    """Run the model's own clean() so the API refuses what the forms refuse, with the same messages."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        view = self.context.get("view")
        if view is not None and hasattr(view, "check_write"):
            # Scope first: the model's messages below name other records (who holds a post in a unit), which
            # a caller writing into a unit or person outside their scope must not learn.
            view.check_write(attrs)
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


class VersionedSerializerMixin(serializers.ModelSerializer):
    """Optimistic locking for a model with a `version`, as VersionedFormMixin does for the forms: a client sends
    the version it read; a stale one is refused, and every update counts the version up, so that a form opened
    before an API change is refused too instead of saving over it."""

    version = serializers.IntegerField(
        required=False, help_text="Send the version you read to avoid overwriting someone else's change."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None and "version" in attrs and attrs["version"] != self.instance.version:
            raise serializers.ValidationError(
                {
                    "version": _(
                        "Someone else saved this record after you read it. Read it again, then make your change."
                    )
                }
            )
        return super().validate(attrs)

    def create(self, validated_data: dict[str, Any]) -> Any:
        validated_data.pop("version", None)
        return super().create(validated_data)

    def update(self, instance: Any, validated_data: dict[str, Any]) -> Any:
        validated_data.pop("version", None)
        instance.version = (instance.version or 0) + 1
        return super().update(instance, validated_data)


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, saying in the caller's language where the body stops being JSON (DRF's message,
    "JSON parse error - Expecting value: line 1 column 1", is English and outside gettext), and with a body
    nested deeper than Python's decoder can follow refused as a 400.

    DRF turns only ValueError into a parse error; `[[[[…]]]]` a hundred thousand levels deep raises
    RecursionError, which would be a 500.
    """

    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict[str, Any] | None = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(_("The JSON body is nested too deeply.")) from error
        except ParseError as error:
            cause = error.__context__
            if isinstance(cause, json.JSONDecodeError):
                raise ParseError(
                    _("The body is not valid JSON: line %(line)d, column %(column)d.")
                    % {"line": cause.lineno, "column": cause.colno}
                ) from cause
            raise ParseError(_("The body is not valid JSON.")) from cause


class ScopedViewSet(viewsets.ModelViewSet):
    """A model viewset whose every queryset passes through the scope module."""

    view_right = "view_person"
    change_right = "change_person"
    parser_classes = [JSONParser, parsers.FormParser, parsers.MultiPartParser]
    pagination_class = Pagination

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
