"""REST API of the training app: classes (with a `complete` action), participants, and attendance in bulk —
scoped and checked exactly as the pages are (the rules live in accounts.scope and training.services)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from binhdang.accounts import scope
from binhdang.api.base import (
    CodeRelatedField,
    JSONParser,
    ModelValidatingSerializer,
    ScopedViewSet,
    StrictModelSerializer,
    VersionedSerializerMixin,
)
from binhdang.core import audit
from binhdang.orgs.models import OrgUnit
from binhdang.plans.models import Plan, Task
from binhdang.registry.choices import Sex
from binhdang.registry.models import Person
from binhdang.training import services
from binhdang.training.forms import FIXED_WHEN_COMPLETED
from binhdang.training.models import Attendance, Nomination, Participant, TrainingClass

MAX_MARKS = 20_000  # attendance marks in one call: a class of 300 people over 62 days, with room to spare


class OrganiserField(CodeRelatedField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="code", queryset=OrgUnit.objects.all(), **kwargs)
        self.error_messages["does_not_exist"] = _("No unit has the code “{value}”.")


class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A related record by id, among those the caller may see (another agency's plan is "not found")."""

    def get_queryset(self) -> QuerySet[Any]:
        request = self.context.get("request")
        queryset = super().get_queryset()
        return scope.restrict(queryset, request.user) if request is not None else queryset.none()


class TrainingClassSerializer(VersionedSerializerMixin, ModelValidatingSerializer):
    organiser = OrganiserField(help_text="Code of the organising unit.")
    plan = ScopedPrimaryKeyField(queryset=Plan.objects.all(), required=False, allow_null=True)
    task = ScopedPrimaryKeyField(queryset=Task.objects.all(), required=False, allow_null=True)
    participant_count = serializers.SerializerMethodField(
        help_text='Participants enrolled; "<5" for roles that see counts only when there are 1 to 4.'
    )

    class Meta:
        model = TrainingClass
        fields = [
            "id",
            "title",
            "organiser",
            "plan",
            "task",
            "kind",
            "content",
            "target_groups",
            "start_date",
            "end_date",
            "venue",
            "trainers",
            "status",
            "completion_threshold",
            "completed_at",
            "participant_count",
            "version",
        ]
        read_only_fields = ["id", "completed_at"]

    def get_participant_count(self, course: TrainingClass) -> int | str:
        request = self.context.get("request")
        count = getattr(course, "participant_count", None)
        if count is None:
            count = course.participants.count()
        return scope.suppress_small(count, request.user if request is not None else None)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        completed = TrainingClass.Status.COMPLETED
        if attrs.get("status") == completed and getattr(self.instance, "status", None) != completed:
            raise ValidationError({"status": [_("A class is completed with its “complete” action.")]})
        if self.instance is not None and self.instance.status == completed:
            old = self.instance
            changed = [name for name in FIXED_WHEN_COMPLETED if name in attrs and attrs[name] != getattr(old, name)]
            if changed:
                raise ValidationError(
                    {name: [_("Fixed: the training records of this class were written from it.")] for name in changed}
                )
        if attrs.get("task") is not None and attrs.get("plan") is None and not getattr(self.instance, "plan_id", None):
            attrs["plan"] = attrs["task"].plan
        attrs = super().validate(attrs)
        if self.instance is not None:
            start = attrs.get("start_date", self.instance.start_date)
            end = attrs.get("end_date", self.instance.end_date)
            outside = services.attendance_outside(self.instance, start, end) if start <= end else None
            if outside is not None:
                raise ValidationError(
                    {
                        "start_date": [
                            _("Attendance is recorded on %(day)s, outside the new dates; correct the attendance first.")
                            % {"day": outside.strftime("%d/%m/%Y")}
                        ]
                    }
                )
        return attrs


class TrainingClassViewSet(ScopedViewSet):
    """Training classes the caller may see; written by the organiser's side. POST `{id}/complete/` closes a class
    and writes the participants' training records (once; a second call changes nothing)."""

    queryset = TrainingClass.objects.select_related("organiser")
    serializer_class = TrainingClassSerializer
    view_right = "view_aggregate"
    change_right = "record_activities"
    filterset_fields = ["status", "kind"]

    def base_queryset(self) -> QuerySet[TrainingClass]:
        return TrainingClass.objects.select_related("organiser").annotate(
            participant_count=Count("participants", distinct=True)
        )

    def get_queryset(self) -> QuerySet[TrainingClass]:
        return super().get_queryset().order_by("-start_date", "pk")

    def check_write(self, data: dict[str, Any]) -> None:
        organiser = data.get("organiser")
        if organiser is not None and not scope.can_use_unit(self.request.user, organiser, "record_activities"):
            raise PermissionDenied(_("This unit is outside your scope."))

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        self.check_write(serializer.validated_data)
        serializer.save(created_by=self.request.user)

    def perform_destroy(self, instance: TrainingClass) -> None:
        if instance.status == TrainingClass.Status.COMPLETED:
            raise ValidationError(
                {"non_field_errors": [_("A completed class has written training records and cannot be deleted.")]}
            )
        instance.delete()

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        course = self.get_object()
        result = services.complete(course, request.user)
        return Response(
            {
                "status": TrainingClass.Status.COMPLETED,
                "already_completed": result.already,
                "records_written": result.records,
                "records_completed": result.completed,
            }
        )


class ParticipantSerializer(StrictModelSerializer):
    training_class = serializers.PrimaryKeyRelatedField(queryset=TrainingClass.objects.all())
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True, help_text="A person of the registry, or:"
    )
    nominated_by = serializers.PrimaryKeyRelatedField(
        queryset=Nomination.objects.all(), required=False, allow_null=True, help_text="The nomination enrolled under."
    )
    # Plain text checked below: as a choice field, the person's `sex` choices under another name would be one
    # enum with two names in the OpenAPI schema.
    guest_sex = serializers.CharField(max_length=1, required=False, allow_blank=True, help_text="F or M (guests).")
    full_name = serializers.CharField(read_only=True)
    sex = serializers.CharField(read_only=True)
    completed = serializers.SerializerMethodField()

    class Meta:
        model = Participant
        fields = [
            "id",
            "training_class",
            "person",
            "guest_name",
            "guest_sex",
            "guest_unit_text",
            "guest_is_minority",
            "nominated_by",
            "full_name",
            "sex",
            "score_before",
            "score_after",
            "satisfaction",
            "training_record",
            "completed",
        ]
        read_only_fields = ["id", "score_before", "score_after", "satisfaction", "training_record"]
        sensitive_fields = Participant.sensitive_fields
        # Every role that enrols a guest states it on the page's form, as here; only "view_sensitive" reads it.
        sensitive_input = Participant.sensitive_fields
        validators: list[Any] = []  # the rules (one person once per class, ...) are the enrolment service's

    def validate_guest_sex(self, value: str) -> str:
        if value and value not in Sex.values:
            raise ValidationError(_("Choose F (female) or M (male)."))
        return value

    def get_completed(self, participant: Participant) -> bool | None:
        record = participant.training_record
        return record.completed if record is not None else None


class ParticipantViewSet(ScopedViewSet):
    """Participants whose names the caller may see (`?class=<id>` for one class); enrol a registry person
    (`person`) or a guest (`guest_name`, `guest_sex`, ...) under a nomination; DELETE removes one."""

    queryset = Participant.objects.all()
    serializer_class = ParticipantSerializer
    view_right = "view_person"
    change_right = "record_activities"
    http_method_names = ["get", "post", "delete", "head", "options"]
    filter_backends: list[Any] = []
    scope_filters = ("class",)  # another agency's class is "not found" (the schema documents the 404)

    @extend_schema(parameters=[OpenApiParameter("class", OpenApiTypes.INT, description="Id of the class")])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Participant]:
        action = "names" if self.request.method in ("GET", "HEAD", "OPTIONS") else "enrol"
        qs = scope.restrict(
            Participant.objects.select_related("person", "training_record", "training_class"), self.request.user, action
        )
        pk = self._class_asked()
        if pk is not None and self.action == "list":
            qs = qs.filter(training_class_id=pk)
        return qs.order_by("training_class", "pk")

    def _class_asked(self) -> int | None:
        """The class of `?class=`; another agency's class is "not found", not an empty list or a field error:
        whether it exists is not theirs to learn."""
        wanted = self.request.query_params.get("class", "")
        if not wanted:
            return None
        pk = int(wanted) if wanted.isdecimal() and len(wanted) < 12 else None
        if pk is None or not scope.restrict(TrainingClass.objects.filter(pk=pk), self.request.user).exists():
            raise NotFound(_("No such training class in your scope."))
        return pk

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self._class_asked()
        return super().create(request, *args, **kwargs)

    def check_write(self, data: dict[str, Any]) -> None:
        course = data.get("training_class")
        if course is not None and not scope.can(self.request.user, "enrol", course):
            raise ValidationError({"training_class": [_("No such training class in your scope.")]})

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        data = serializer.validated_data
        user = self.request.user
        course = scope.restrict(TrainingClass.objects.filter(pk=data["training_class"].pk), user, "enrol").first()
        if course is None:
            raise ValidationError({"training_class": [_("No such training class in your scope.")]})
        nomination = data.get("nominated_by")
        try:
            if data.get("person") is not None:
                if data.get("guest_name"):
                    raise ValidationError(
                        {"guest_name": [_("A participant is either a person of the registry or a guest, not both.")]}
                    )
                serializer.instance = services.enrol_person(course, user, data["person"], nomination)
            else:
                guest = services.Guest(
                    data.get("guest_name", ""),
                    data.get("guest_sex", ""),
                    data.get("guest_unit_text", ""),
                    bool(data.get("guest_is_minority", False)),
                )
                serializer.instance = services.enrol_guest(course, user, guest, nomination)
        except DjangoValidationError as error:
            raise ValidationError(serializers.as_serializer_error(error)) from error

    def perform_destroy(self, instance: Participant) -> None:
        services.remove(instance.training_class, self.request.user, instance)


class AttendanceMarkSerializer(serializers.Serializer):
    participant = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    day = serializers.DateField()
    present = serializers.BooleanField()


class AttendanceViewSet(viewsets.GenericViewSet):
    """Attendance of one class (`?class=<id>`), for the organiser's side: GET lists the marks; POST a list of
    `{participant, day, present}` records them all, or none if any is wrong."""

    serializer_class = AttendanceMarkSerializer
    parser_classes = [JSONParser]
    pagination_class = None
    filter_backends: list[Any] = []
    scope_filters = ("class",)  # another agency's class is "not found" (the schema documents the 404)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not scope.has_right(request.user, "record_activities"):
            raise PermissionDenied()

    def _course(self) -> TrainingClass:
        wanted = self.request.query_params.get("class", "")
        if not wanted:
            raise ValidationError({"class": [_("Give the class as ?class=<id>.")]})
        pk = int(wanted) if wanted.isdecimal() and len(wanted) < 12 else None
        visible = TrainingClass.objects.filter(pk=pk) if pk is not None else TrainingClass.objects.none()
        course = scope.restrict(visible, self.request.user, "change").first()
        if course is None:
            if scope.restrict(visible, self.request.user).exists():
                raise PermissionDenied()
            raise NotFound(_("No such training class in your scope."))
        return course

    @extend_schema(
        parameters=[OpenApiParameter("class", OpenApiTypes.INT, required=True, description="Id of the class")],
        responses=AttendanceMarkSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        course = self._course()
        marks = Attendance.objects.filter(participant__training_class=course).order_by("participant", "day")
        return Response([{"participant": m.participant_id, "day": m.day, "present": m.present} for m in marks])

    @extend_schema(
        parameters=[OpenApiParameter("class", OpenApiTypes.INT, required=True, description="Id of the class")],
        request=AttendanceMarkSerializer(many=True),
        responses={200: OpenApiTypes.OBJECT},
    )
    def create(self, request: Request) -> Response:
        course = self._course()
        if not isinstance(request.data, list):
            raise ValidationError({"non_field_errors": [_("Send a list of {participant, day, present}.")]})
        if len(request.data) > MAX_MARKS:
            raise ValidationError({"non_field_errors": [_("Send at most %(n)d marks at a time.") % {"n": MAX_MARKS}]})
        marks = AttendanceMarkSerializer(data=request.data, many=True)
        marks.is_valid(raise_exception=True)
        with audit.acting_as(request.user):
            changed = services.save_attendance(
                course, [services.Mark(m["participant"], m["day"], m["present"]) for m in marks.validated_data]
            )
        return Response({"changed": changed}, status=status.HTTP_200_OK)


ROUTES = [
    ("training-classes", TrainingClassViewSet, "trainingclass"),
    ("training-participants", ParticipantViewSet, "trainingparticipant"),
    ("training-attendance", AttendanceViewSet, "trainingattendance"),
]
