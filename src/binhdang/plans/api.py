"""REST API of the plans: plans, their tasks (with progress notes), report deadlines, and one's own uploaded
drafts; scoped like the pages."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from binhdang.accounts import scope
from binhdang.api.base import (
    CodeRelatedField,
    ModelValidatingSerializer,
    ScopedViewSet,
    StrictCharField,
    StrictModelSerializer,
    VersionedSerializerMixin,
)
from binhdang.core.validators import validate_no_markup
from binhdang.orgs.models import OrgUnit
from binhdang.plans.drafts import current_units
from binhdang.plans.models import LegalBasis, Objective, Plan, PlanDraft, ReportDeadline, Task, TaskProgress


# A pattern, not an enum, in the schema: other apps' "status" fields hold other choices, and the schema's enums
# are named by field name, which cannot then serve them all.
@extend_schema_field(
    {
        "type": "string",
        "pattern": f"^({'|'.join(Task.Status.values)})$",
        "description": "One of: " + ", ".join(Task.Status.values) + ".",
    }
)
class TaskStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=Task.Status.choices, **kwargs)


def _unit_field(**kwargs: Any) -> CodeRelatedField:
    return CodeRelatedField(slug_field="code", queryset=OrgUnit.objects.all(), **kwargs)


class LegalBasisSerializer(StrictModelSerializer):
    class Meta:
        model = LegalBasis
        fields = ["id", "text", "number", "issued_on"]


class ObjectiveSerializer(StrictModelSerializer):
    class Meta:
        model = Objective
        fields = ["id", "label", "text"]


class PlanSerializer(VersionedSerializerMixin, ModelValidatingSerializer):
    issuer = _unit_field(help_text="Code of the issuing unit.")
    implements = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.all(), required=False, allow_null=True)
    recipients = serializers.ListField(
        child=StrictCharField(max_length=300, validators=[validate_no_markup]), required=False, max_length=200
    )
    legal_bases = LegalBasisSerializer(many=True, read_only=True)
    objectives = ObjectiveSerializer(many=True, read_only=True)
    issued_display = serializers.CharField(read_only=True, help_text="The signing date as far as it is known.")

    class Meta:
        model = Plan
        fields = [
            "id",
            "number",
            "number_as_printed",
            "title",
            "issuer",
            "issued_on",
            "issued_precision",
            "issued_display",
            "place",
            "period_start",
            "period_end",
            "implements",
            "general_objective",
            "signer_name",
            "signer_title",
            "recipients",
            "legal_bases",
            "objectives",
            "document_name",
            "version",
        ]
        read_only_fields = ["id", "document_name"]

    def to_representation(self, instance: Plan) -> dict[str, Any]:
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None and not scope.has_right(request.user, "view_person"):
            data.pop("signer_name", None)  # a person's name, for the roles that see names only
        return data


class PlanViewSet(ScopedViewSet):
    """Plans in your scope (those of your units and of the units above, which bind them). Written with the
    right to manage plans, for your own units."""

    queryset = Plan.objects.select_related("issuer").prefetch_related("legal_bases", "objectives").order_by("pk")
    serializer_class = PlanSerializer
    view_right = "view_aggregate"
    change_right = "manage_plans"
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    filterset_fields = ["period_start", "period_end"]

    def check_write(self, data: dict[str, Any]) -> None:
        self.check_unit(data.get("issuer"))
        implements = data.get("implements")
        if implements is not None and not scope.can(self.request.user, "view", implements):
            raise PermissionDenied(_("No such plan in your scope."))


class TaskProgressSerializer(StrictModelSerializer):
    author = serializers.SerializerMethodField()
    status = TaskStatusField(read_only=True)

    class Meta:
        model = TaskProgress
        fields = ["id", "at", "author", "note", "status", "evidence_name"]

    def get_author(self, obj: TaskProgress) -> str | None:
        request = self.context.get("request")
        if obj.author is None or (request is not None and not scope.has_right(request.user, "view_person")):
            return None
        return obj.author.full_name or obj.author.username


class ProgressSerializer(serializers.Serializer):
    note = StrictCharField(max_length=5000, validators=[validate_no_markup])
    status = TaskStatusField()


class TaskSerializer(VersionedSerializerMixin, ModelValidatingSerializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.all())
    unit_in_charge = _unit_field(required=False, allow_null=True, help_text="Code of the unit in charge.")
    cooperating_units = _unit_field(many=True, required=False, help_text="Codes of the cooperating units.")
    overdue = serializers.SerializerMethodField()
    next_due = serializers.SerializerMethodField()
    last_progress = serializers.SerializerMethodField()
    status = TaskStatusField(required=False)
    always_check = ("plan",)

    class Meta:
        model = Task
        fields = [
            "id",
            "plan",
            "label",
            "text",
            "unit_in_charge",
            "unit_in_charge_text",
            "cooperating_units",
            "cooperating_text",
            "recurrence",
            "due_date",
            "status",
            "overdue",
            "next_due",
            "last_progress",
            "version",
        ]

    def get_overdue(self, obj: Task) -> bool:
        return obj.is_overdue(timezone.localdate())

    def get_next_due(self, obj: Task) -> datetime.date | None:
        return obj.next_due(timezone.localdate())

    def get_last_progress(self, obj: Task) -> dict[str, Any] | None:
        notes = list(obj.progress.all()[:1])
        return TaskProgressSerializer(notes[0], context=self.context).data if notes else None

    def create(self, validated_data: dict[str, Any]) -> Task:
        plan = validated_data["plan"]
        validated_data.setdefault("order", max(plan.tasks.values_list("order", flat=True), default=-1) + 1)
        return super().create(validated_data)


class TaskViewSet(ScopedViewSet):
    """Tasks of the plans in your scope. Written by whoever manages the plan; `progress` adds a progress note
    (and sets the status), for the unit in charge too."""

    queryset = (
        Task.objects.select_related("plan", "unit_in_charge")
        .prefetch_related("cooperating_units", "progress__author")
        .order_by("plan", "order", "pk")
    )
    serializer_class = TaskSerializer
    view_right = "view_aggregate"
    change_right = "manage_plans"
    filterset_fields = ["plan", "status"]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        if getattr(self, "action", None) == "progress":
            self.change_right = "record_activities"
        super().initial(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Task]:
        if getattr(self, "action", None) == "progress":
            return scope.restrict(self.base_queryset(), self.request.user, "progress")
        return super().get_queryset()

    def get_object(self) -> Task:
        self._object = super().get_object()
        return self._object

    def check_write(self, data: dict[str, Any]) -> None:
        current = getattr(self, "_object", None)
        plan = data.get("plan") or (current.plan if current is not None else None)
        if plan is None:
            return
        if not scope.can(self.request.user, "change", plan):
            raise PermissionDenied(_("No such plan in your scope."))
        allowed = {unit.pk for unit in current_units(plan.issuer)}
        units = [data.get("unit_in_charge"), *data.get("cooperating_units", [])]
        if any(unit is not None and unit.pk not in allowed for unit in units):
            raise serializers.ValidationError(
                {"unit_in_charge": [_("The units must belong to %(unit)s.") % {"unit": plan.issuer.name}]}
            )

    @extend_schema(request=ProgressSerializer, responses={201: TaskProgressSerializer})
    @action(detail=True, methods=["post"])
    def progress(self, request: Request, pk: str | None = None) -> Response:
        task = self.get_object()
        serializer = ProgressSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        note = task.add_progress(request.user, serializer.validated_data["note"], serializer.validated_data["status"])
        return Response(TaskProgressSerializer(note, context={"request": request}).data, status=status.HTTP_201_CREATED)


class ReportDeadlineSerializer(StrictModelSerializer):
    next_due = serializers.SerializerMethodField()

    class Meta:
        model = ReportDeadline
        fields = ["id", "plan", "kind", "reporter", "due_date", "recurring", "recipient", "text", "next_due"]

    def get_next_due(self, obj: ReportDeadline) -> datetime.date | None:
        today = timezone.localdate()
        upcoming = obj.occurrences(today, today + datetime.timedelta(days=800))
        return upcoming[0] if upcoming else None


class ReportDeadlineViewSet(ScopedViewSet):
    """Report deadlines of the plans in your scope (a recurring one: only its day and month count)."""

    queryset = ReportDeadline.objects.select_related("plan").order_by("plan", "due_date", "pk")
    serializer_class = ReportDeadlineSerializer
    view_right = "view_aggregate"
    change_right = "manage_plans"
    http_method_names = ["get", "head", "options"]
    filterset_fields = ["plan", "kind"]


class PlanDraftSerializer(StrictModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    status = serializers.CharField(read_only=True, help_text="draft (to review), confirmed or discarded.")

    class Meta:
        model = PlanDraft
        fields = ["id", "file_name", "file_size", "file_hash", "unit", "status", "plan", "created_at", "extracted"]


class PlanDraftViewSet(ScopedViewSet):
    """The plan documents you uploaded and what was read from them; upload and review happen on the pages."""

    queryset = PlanDraft.objects.select_related("unit").defer("data").order_by("-created_at", "-pk")
    serializer_class = PlanDraftSerializer
    view_right = "manage_plans"
    change_right = "manage_plans"
    http_method_names = ["get", "head", "options"]

    def base_queryset(self) -> QuerySet[PlanDraft]:
        return self.queryset.filter(user=self.request.user)


ROUTES = [
    ("plans", PlanViewSet, "plan"),
    ("tasks", TaskViewSet, "task"),
    ("report-deadlines", ReportDeadlineViewSet, "reportdeadline"),
    ("plan-drafts", PlanDraftViewSet, "plandraft"),
]
