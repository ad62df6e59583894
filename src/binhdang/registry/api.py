"""REST API of the registry: serializers and viewsets, scoped like the pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet, Value
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from binhdang.accounts import scope
from binhdang.api.base import CodeRelatedField, ModelValidatingSerializer, ScopedViewSet, VersionedSerializerMixin
from binhdang.core.models import AuditEntry
from binhdang.orgs.models import OrgUnit
from binhdang.registry.filtersets import StaffFilterSet
from binhdang.registry.models import Employment, ForeignLanguage, Person, PoolEntry, Post, TrainingRecord
from binhdang.registry.views import staff_queryset


class UnitCodeField(CodeRelatedField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="code", queryset=OrgUnit.objects.all(), **kwargs)
        self.error_messages["does_not_exist"] = _("No unit has the code “{value}”.")


class PersonSerializer(VersionedSerializerMixin, ModelValidatingSerializer):
    unit = UnitCodeField(write_only=True, required=False, help_text="Code of the unit the person starts in.")
    start_date = serializers.DateField(write_only=True, required=False)
    full_name = serializers.CharField(read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "employee_code",
            "family_name",
            "given_name",
            "full_name",
            "sex",
            "birth_date",
            "ethnicity",
            "employment_type",
            "civil_service_rank",
            "degree",
            "political_theory",
            "state_management",
            "it_level",
            "party_member_since",
            "unit",
            "start_date",
            "version",
        ]
        read_only_fields = ["id"]
        sensitive_fields = Person.sensitive_fields

    # What a former employee's record shows to the agency they left: their name (their history there is in
    # the employment and post endpoints).
    HISTORY_FIELDS = ("id", "family_name", "given_name", "full_name")

    def to_representation(self, instance: Person) -> dict[str, Any]:
        data = super().to_representation(instance)
        request = self.context.get("request")
        present = getattr(instance, "present", None)
        if present is None:
            present = request is not None and scope.can(request.user, "record", instance)
        if not present:
            data = {name: value for name, value in data.items() if name in self.HISTORY_FIELDS}
        return data

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is None:
            missing = {name: _("This field is required.") for name in ("unit", "start_date") if not attrs.get(name)}
            if missing:
                raise serializers.ValidationError(missing)
        return super().validate(attrs)

    def prepare_candidate(self, candidate: Any, attrs: dict[str, Any]) -> None:
        # The employee code is unique within the province of the unit a new person starts in.
        if candidate.pk is None and attrs.get("unit") is not None:
            candidate.province = attrs["unit"].province()

    def create(self, validated_data: dict[str, Any]) -> Person:
        unit = validated_data.pop("unit")
        start = validated_data.pop("start_date")
        validated_data.pop("version", None)
        person = Person.objects.create(province=unit.province(), **validated_data)
        Employment.objects.create(person=person, unit=unit, start_date=start)
        return person

    def update(self, instance: Person, validated_data: dict[str, Any]) -> Person:
        # Where a person works changes through employment records, with dates.
        validated_data.pop("unit", None)
        validated_data.pop("start_date", None)
        return super().update(instance, validated_data)


class PersonFactSerializer(ModelValidatingSerializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    always_check = ("person",)


class EmploymentSerializer(PersonFactSerializer):
    unit = UnitCodeField()

    class Meta:
        model = Employment
        fields = ["id", "person", "unit", "start_date", "end_date"]


class PostSerializer(VersionedSerializerMixin, PersonFactSerializer):
    unit = UnitCodeField()

    class Meta:
        model = Post
        fields = [
            "id",
            "person",
            "unit",
            "title",
            "level",
            "rank",
            "is_key_leader",
            "start_date",
            "end_date",
            "decision_number",
            "version",
        ]


class PoolEntrySerializer(PersonFactSerializer):
    class Meta:
        model = PoolEntry
        fields = [
            "id",
            "person",
            "title",
            "level",
            "period_start",
            "period_end",
            "start_date",
            "end_date",
            "decision_number",
        ]


class TrainingRecordSerializer(PersonFactSerializer):
    class Meta:
        model = TrainingRecord
        fields = ["id", "person", "kind", "course", "start_date", "end_date", "completed", "certificate"]


class ForeignLanguageSerializer(PersonFactSerializer):
    class Meta:
        model = ForeignLanguage
        fields = ["id", "person", "language", "level"]


class AuditedListMixin:
    """A list of people's records read over the API is a bulk read of personal data: it goes in the audit
    log like the staff export (who, when, which records, how many, with which filters)."""

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)  # type: ignore[misc]
        data = response.data
        count = data.get("count", 0) if isinstance(data, dict) else len(data)
        shown = len(data.get("results", [])) if isinstance(data, dict) else len(data)
        model = self.queryset.model  # type: ignore[attr-defined]
        AuditEntry.objects.create(
            actor=request.user,
            action=AuditEntry.Action.EXPORT,
            model=model._meta.label_lower,
            object_repr=_("API: %(shown)d of %(count)d records read") % {"shown": shown, "count": count},
            changes={"filters": request.GET.urlencode()[:1000], "count": count, "shown": shown},
            unit_id=getattr(request.user, "unit_id", None),
        )
        return response


class PersonViewSet(AuditedListMixin, ScopedViewSet):
    """Staff. Listing shows people working in your scope today; filters as on the staff page."""

    queryset = Person.objects.all()
    serializer_class = PersonSerializer
    filterset_class = StaffFilterSet

    def filterset_extra_kwargs(self) -> dict[str, Any]:
        # Without the right to see ethnicity, one may not filter on it either (it would reveal it).
        return {
            "sensitive": scope.has_right(self.request.user, "view_sensitive"),
            "units": scope.restrict(OrgUnit.objects.all(), self.request.user),
        }

    def base_queryset(self) -> QuerySet[Person]:
        if self.action == "list":
            # The staff list: people working in the caller's subtree today, whose present record it holds.
            return staff_queryset(self.request.user).order_by("sort_key", "id").annotate(present=Value(True))
        return Person.objects.all()

    def get_queryset(self) -> QuerySet[Person]:
        return super().get_queryset().order_by("sort_key", "id")


class PersonFactViewSet(AuditedListMixin, ScopedViewSet):
    def check_write(self, data: dict[str, Any]) -> None:
        super().check_write(data)
        person = data.get("person")
        if person is not None and not scope.can(self.request.user, "change", person):
            raise PermissionDenied(_("This person is outside your scope."))

    def get_queryset(self) -> QuerySet[Any]:
        qs = super().get_queryset()
        person = self.request.query_params.get("person", "")
        return qs.filter(person_id=int(person)) if person.isdecimal() else qs


class EmploymentViewSet(PersonFactViewSet):
    queryset = Employment.objects.select_related("unit").order_by("-start_date", "id")
    serializer_class = EmploymentSerializer
    filterset_fields = ["person"]


class PostViewSet(PersonFactViewSet):
    queryset = Post.objects.select_related("unit").order_by("-start_date", "id")
    serializer_class = PostSerializer
    filterset_fields = ["person", "level", "rank"]


class PoolEntryViewSet(PersonFactViewSet):
    queryset = PoolEntry.objects.order_by("-period_start", "id")
    serializer_class = PoolEntrySerializer
    filterset_fields = ["person", "level", "period_start"]


class TrainingRecordViewSet(PersonFactViewSet):
    queryset = TrainingRecord.objects.order_by("-start_date", "id")
    serializer_class = TrainingRecordSerializer
    filterset_fields = ["person", "kind", "completed"]


class ForeignLanguageViewSet(PersonFactViewSet):
    queryset = ForeignLanguage.objects.order_by("id")
    serializer_class = ForeignLanguageSerializer
    filterset_fields = ["person"]
