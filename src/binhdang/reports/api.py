"""REST API of the reports: list and read them (a draft's figures live, a submitted one's frozen), open and write
one, take it through its workflow (submit, return, accept: the steps of reports.workflow, with its messages),
its recorded steps, who has reported to a unit, and the DHIS2 export; scoped and checked as the pages are."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from binhdang.accounts import scope
from binhdang.api.base import (
    CodeRelatedField,
    ModelValidatingSerializer,
    ScopedViewSet,
    StrictCharField,
    VersionedSerializerMixin,
)
from binhdang.core.validators import validate_no_markup
from binhdang.indicators.models import validate_period
from binhdang.orgs.models import OrgUnit, subtree_q
from binhdang.plans.models import ReportKind
from binhdang.reports import dhis2, workflow
from binhdang.reports.forms import AUTHORITY_FORMS, OpenReportForm
from binhdang.reports.models import Report, ReportEvent
from binhdang.reports.obligations import kind_for, submissions
from binhdang.reports.periods import default_period
from binhdang.reports.privacy import visible_figures

MAX_RECIPIENTS = 40  # as the page's form


def _sees_names(context: dict[str, Any]) -> bool:
    request = context.get("request")
    return request is not None and scope.has_right(request.user, "view_person")


def _name(user: Any, context: dict[str, Any]) -> str | None:
    """Who did it, for the roles that see names; None otherwise."""
    if user is None or not _sees_names(context):
        return None
    return user.full_name or user.username


# Patterns, not enums, in the schema: other apps' "status" fields hold other choices, and the schema's enums are
# named by field name, which cannot then serve them all.
@extend_schema_field(
    {
        "type": "string",
        "pattern": f"^({'|'.join(Report.Status.values)})$",
        "description": "One of: " + ", ".join(Report.Status.values) + ".",
    }
)
class ReportStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=Report.Status.choices, **kwargs)


@extend_schema_field(
    {
        "type": "string",
        "pattern": f"^({'|'.join(ReportKind.values)})$",
        "description": "One of: " + ", ".join(ReportKind.values) + ".",
    }
)
class ReportKindField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=ReportKind.choices, **kwargs)


class UnitCodeField(CodeRelatedField):
    """A unit that exists today, by its code."""

    def __init__(self, **kwargs: Any) -> None:
        units = OrgUnit.objects.filter(versions__valid_to__isnull=True).distinct()
        super().__init__(slug_field="code", queryset=units, **kwargs)
        self.error_messages["does_not_exist"] = _("No unit has the code “{value}”.")


class ReportSerializer(VersionedSerializerMixin, ModelValidatingSerializer):
    """A report; its text and signature are written (PATCH with the `version` read) while it is a draft or
    returned. Its unit, kind and period are set when it is opened."""

    unit = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text="Code of the reporting unit.")
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    kind = ReportKindField(read_only=True)
    period_label = serializers.CharField(read_only=True)
    status = ReportStatusField(read_only=True)
    late = serializers.SerializerMethodField(help_text="Past its due date and not submitted by it.")
    missing_sections = serializers.SerializerMethodField(help_text="Sections still to write before submitting.")
    recipients = serializers.ListField(child=StrictCharField(allow_blank=True), required=False, max_length=1000)
    signer_authority_form = serializers.ChoiceField(choices=AUTHORITY_FORMS, required=False, allow_blank=True)
    submitted_by = serializers.SerializerMethodField(help_text="Name of who submitted it (for roles that see names).")
    reviewed_by = serializers.SerializerMethodField(help_text="Name of who reviewed it (for roles that see names).")

    class Meta:
        model = Report
        fields = [
            "id",
            "unit",
            "unit_name",
            "kind",
            "period",
            "period_label",
            "title",
            "consolidated",
            "due_date",
            "as_of",
            "status",
            "late",
            "number",
            "results",
            "shortcomings",
            "next_steps",
            "recommendations",
            "missing_sections",
            "recipients",
            "signer_authority_form",
            "signer_authority",
            "signer_title",
            "signer_name",
            "submitted_at",
            "submitted_by",
            "reviewed_at",
            "reviewed_by",
            "created_at",
            "version",
        ]
        read_only_fields = [
            "id",
            "period",
            "title",
            "consolidated",
            "due_date",
            "as_of",
            "submitted_at",
            "reviewed_at",
            "created_at",
        ]

    def get_late(self, report: Report) -> bool:
        return report.is_late(timezone.localdate())

    def get_missing_sections(self, report: Report) -> list[str]:
        return workflow.missing_sections(report)

    def get_submitted_by(self, report: Report) -> str | None:
        return _name(report.submitted_by, self.context)

    def get_reviewed_by(self, report: Report) -> str | None:
        return _name(report.reviewed_by, self.context)

    def validate_recipients(self, value: list[str]) -> list[str]:
        """One recipient a line, as the page's form takes them (and with its messages)."""
        lines = [line.strip() for line in value]
        lines = [line for line in lines if line]
        if len(lines) > MAX_RECIPIENTS:
            raise ValidationError(_("At most 40 recipients."))
        if any(len(line) > 200 for line in lines):
            raise ValidationError(_("A recipient line is at most 200 characters long."))
        return lines

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None and self.instance.is_frozen:
            raise ValidationError(
                {"non_field_errors": [_("A submitted report is frozen; it can be changed only after it is returned.")]}
            )
        return super().validate(attrs)

    def to_representation(self, instance: Report) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not _sees_names(self.context):
            data.pop("signer_name", None)  # a person's name, for the roles that see names only
        return data


class ReportDetailSerializer(ReportSerializer):
    figures = serializers.SerializerMethodField(
        help_text="Frozen at submission; assembled from today's data while a draft. For roles that see counts only, "
        "without raw counts and with indicators resting on fewer than 5 people hidden."
    )

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "figures"]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_figures(self, report: Report) -> dict[str, Any]:
        request = self.context.get("request")
        return visible_figures(report, request.user if request is not None else None)


class OpenReportSerializer(serializers.Serializer):
    """Open the report of a unit for a period (the one already opened, if there is one); the kind follows from
    the period unless given. An ad-hoc report needs a title."""

    unit = UnitCodeField(help_text="Code of the reporting unit.")
    period = StrictCharField(help_text="A year (2026) or a half-year (2026-H1, 2026-H2).")
    kind = ReportKindField(required=False, allow_blank=True)
    title = StrictCharField(max_length=300, required=False, allow_blank=True, validators=[validate_no_markup])

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        view = self.context.get("view")
        if view is not None and hasattr(view, "check_write"):
            view.check_write(attrs)  # scope first
        unit = attrs["unit"]
        # The page's form holds the rules (and the messages) on periods, kinds and titles.
        raw = {"unit": unit.pk, "period": attrs["period"], "kind": attrs.get("kind", ""), "title": attrs.get("title")}
        form = OpenReportForm(data=raw, units=OrgUnit.objects.filter(pk=unit.pk))
        if not form.is_valid():
            raise ValidationError(
                {
                    ("non_field_errors" if field == "__all__" else field): list(errors)
                    for field, errors in form.errors.items()
                }
            )
        return {**attrs, "period": form.cleaned_data["period"], "kind": form.cleaned_data["kind"]}


class ReviewSerializer(serializers.Serializer):
    comment = StrictCharField(
        max_length=4000, required=False, allow_blank=True, help_text="What to correct (required to return)."
    )


class ReportEventSerializer(serializers.ModelSerializer):
    action = serializers.CharField(read_only=True, help_text="created, saved, submitted, returned, accepted, reminded.")
    by = serializers.SerializerMethodField(help_text="Name of who did it (for roles that see names).")

    class Meta:
        model = ReportEvent
        fields = ["id", "action", "at", "by", "comment"]

    def get_by(self, event: ReportEvent) -> str | None:
        return _name(event.by, self.context)


class SubmissionQuerySerializer(serializers.Serializer):
    unit = serializers.CharField(required=False, allow_blank=True)
    period = serializers.CharField(required=False, allow_blank=True, max_length=16)

    def validate_period(self, value: str) -> str:
        value = value.strip().upper()
        if value:
            try:
                validate_period(value)
            except DjangoValidationError as error:
                raise ValidationError(error.messages) from error
        return value


class SubmissionRowSerializer(serializers.Serializer):
    unit = serializers.CharField(help_text="Code of the agency.")
    unit_name = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
    state = serializers.CharField(help_text="accepted, on_time, late, returned, draft, missing or not_due.")
    late = serializers.BooleanField(help_text="Submitted after the due date, or not submitted and past it.")
    late_days = serializers.IntegerField()
    report = serializers.IntegerField(allow_null=True, help_text="Id of its report, once opened.")
    report_status = serializers.CharField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)


class SubmissionTableSerializer(serializers.Serializer):
    unit = serializers.CharField(help_text="Code of the unit reported to.")
    unit_name = serializers.CharField()
    period = serializers.CharField()
    kind = serializers.CharField()
    counts = serializers.DictField(
        child=serializers.IntegerField(),
        help_text=(
            "Agencies by state, except `late`: every agency late by the rule of the rows' `late` (an accepted "
            "report that came late, and one not submitted past its due date, count there too)."
        ),
    )
    rows = SubmissionRowSerializer(many=True)


STATES = ("accepted", "on_time", "late", "returned", "draft", "missing", "not_due")


class ReportFilter(filters.FilterSet):
    unit = filters.CharFilter(method="in_unit", help_text="Code of a unit: its reports and those of the units below.")
    period = filters.CharFilter(help_text="2026, 2026-H1 or 2026-H2.")
    kind = filters.ChoiceFilter(choices=ReportKind.choices)
    status = filters.ChoiceFilter(choices=Report.Status.choices)

    class Meta:
        model = Report
        fields = ["unit", "period", "kind", "status"]

    def in_unit(self, queryset: QuerySet[Report], name: str, value: str) -> QuerySet[Report]:
        unit = scope.restrict(OrgUnit.objects.filter(code=value), self.request.user).first()
        return queryset.filter(subtree_q(unit.path, "unit__")) if unit is not None else queryset.none()


# The scope action (accounts.scope) and the right each endpoint needs; the rest read ("view", view_aggregate).
SCOPE_ACTIONS = {
    "partial_update": "change",
    "update": "change",
    "submit": "submit",
    "return_report": "review",
    "accept": "review",
}
ACTION_RIGHTS = {
    "create": "write_reports",
    "partial_update": "write_reports",
    "update": "write_reports",
    "submit": "submit_reports",
    "return_report": "review_reports",
    "accept": "review_reports",
    "dhis2": "view_person",  # the export holds the raw counts, which roles seeing counts only do not see
}


class ReportViewSet(ScopedViewSet):
    """Reports of the units in your scope. POST opens a unit's report for a period; PATCH writes a draft or
    returned report (send the `version` you read); `submit/` (a leader), `return/` (with a comment) and `accept/`
    (the unit above) take it through the workflow; `events/` lists its steps; `submissions/` tells who has
    reported to a unit; `dhis2/` exports a submitted report as a DHIS2 dataValueSet."""

    queryset = Report.objects.select_related("unit", "submitted_by", "reviewed_by")
    serializer_class = ReportSerializer
    view_right = "view_aggregate"
    change_right = "write_reports"
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_class = ReportFilter
    scope_filters = ("unit",)  # a unit outside the caller's scope is "not found" (the schema documents the 404)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        needed = ACTION_RIGHTS.get(getattr(self, "action", None) or "")
        if needed is not None:
            if request.method in ("GET", "HEAD", "OPTIONS"):
                self.view_right = needed
            else:
                self.change_right = needed
        super().initial(request, *args, **kwargs)

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        if self.action == "create":
            return OpenReportSerializer
        if self.action == "retrieve":
            return ReportDetailSerializer
        return ReportSerializer

    def _scope_action(self) -> str:
        return SCOPE_ACTIONS.get(getattr(self, "action", None) or "", "view")

    def get_queryset(self) -> QuerySet[Report]:
        reports = scope.restrict(self.base_queryset(), self.request.user, self._scope_action())
        if self.action in ("update", "partial_update"):
            # Locked while written (update() runs in a transaction): a report submitted meanwhile is seen frozen.
            reports = reports.select_for_update(of=("self",))
        return reports.order_by("-period", "unit__path", "pk")

    def get_object(self) -> Report:
        """The report in scope for the endpoint's action: one seen but not to be acted on is a 403 (as on the
        pages), one not seen a 404."""
        try:
            return super().get_object()
        except Http404:
            pk = str(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, ""))
            if self._scope_action() != "view" and pk.isdecimal() and len(pk) < 12:
                if scope.restrict(Report.objects.filter(pk=int(pk)), self.request.user).exists():
                    raise PermissionDenied(_("You do not have permission to do this.")) from None
            raise NotFound(_("No such report in your scope.")) from None

    def check_write(self, data: dict[str, Any]) -> None:
        self.check_unit(data.get("unit"))

    @extend_schema(request=OpenReportSerializer, responses={200: ReportSerializer, 201: ReportSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        opening = OpenReportSerializer(data=request.data, context=self.get_serializer_context())
        opening.is_valid(raise_exception=True)
        data = opening.validated_data
        with transaction.atomic():
            try:
                report, created = workflow.open_report(request.user, data["unit"], data["kind"], data["period"])
            except workflow.WorkflowError as error:
                raise PermissionDenied(error.message) from error
            if data["kind"] == ReportKind.AD_HOC and data.get("title"):
                report.title = data["title"]
                report.save(update_fields=["title"])
        body = ReportSerializer(report, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        with transaction.atomic():
            return super().update(request, *args, **kwargs)

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        super().perform_update(serializer)
        ReportEvent.objects.create(report=serializer.instance, action=ReportEvent.Action.SAVED, by=self.request.user)

    def _step(self, step: Callable[..., Report], *args: Any) -> Response:
        """Run one workflow step; what it refuses is a 400 with its message, and nothing changed."""
        try:
            report = step(*args)
        except workflow.WorkflowError as error:
            raise ValidationError({"non_field_errors": [error.message]}) from error
        return Response(ReportSerializer(report, context=self.get_serializer_context()).data)

    def _comment(self, request: Request) -> str:
        review = ReviewSerializer(data=request.data)
        review.is_valid(raise_exception=True)
        return review.validated_data.get("comment", "")

    @extend_schema(request=None, responses={200: ReportSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Submit the report to the unit above (a leader); its figures are frozen."""
        return self._step(workflow.submit, self.get_object(), request.user)

    @extend_schema(request=ReviewSerializer, responses={200: ReportSerializer})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_report(self, request: Request, pk: str | None = None) -> Response:
        """Return a submitted report for correction (the unit above); the comment says what to correct."""
        report = self.get_object()
        return self._step(workflow.return_report, report, request.user, self._comment(request))

    @extend_schema(request=ReviewSerializer, responses={200: ReportSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        """Accept a submitted report (the unit above), with an optional comment."""
        report = self.get_object()
        return self._step(workflow.accept, report, request.user, self._comment(request))

    @extend_schema(responses=ReportEventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def events(self, request: Request, pk: str | None = None) -> Response:
        """The report's recorded steps, oldest first."""
        report = self.get_object()
        steps = scope.restrict(ReportEvent.objects.filter(report=report), request.user).select_related("by")
        context = self.get_serializer_context()
        return Response(ReportEventSerializer(steps.order_by("at", "pk"), many=True, context=context).data)

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"], filter_backends=[])
    def dhis2(self, request: Request, pk: str | None = None) -> Response:
        """The submitted report's figures as a DHIS2 dataValueSet (JSON), through the DHIS2 codes."""
        report = self.get_object()
        if not report.is_frozen:
            raise ValidationError(
                {
                    "non_field_errors": [
                        _("Only a submitted report can be exported to DHIS2: its figures must be frozen.")
                    ]
                }
            )
        return Response(dhis2.data_value_set(report))

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", OpenApiTypes.STR, description="Code of the unit reported to (default: yours)."),
            OpenApiParameter("period", OpenApiTypes.STR, description="2026, 2026-H1 or 2026-H2 (default: current)."),
        ],
        responses=SubmissionTableSerializer,
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def submissions(self, request: Request) -> Response:
        """Who of the agencies reporting to a unit submitted the period's report on time, late or not at all —
        as of today."""
        query = SubmissionQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        today = timezone.localdate()
        unit = self._unit_asked(query.validated_data.get("unit", ""))
        period = query.validated_data.get("period") or default_period(today)
        kind = kind_for(period)
        rows = submissions(unit, kind, period, today)
        table = {
            "unit": unit.code,
            "unit_name": unit.name,
            "period": period,
            "kind": kind,
            "counts": {
                **{state: sum(1 for row in rows if row.state == state) for state in STATES},
                "late": sum(1 for row in rows if row.is_late(today)),  # one rule with the rows and the page
            },
            "rows": [
                {
                    "unit": row.unit.code,
                    "unit_name": row.unit.name,
                    "due_date": row.due_date,
                    "state": row.state,
                    "late": row.is_late(today),
                    "late_days": row.late_days,
                    "report": row.report.pk if row.report is not None else None,
                    "report_status": row.report.status if row.report is not None else None,
                    "submitted_at": row.report.submitted_at if row.report is not None else None,
                }
                for row in rows
            ],
        }
        return Response(SubmissionTableSerializer(table).data)

    def _unit_asked(self, code: str) -> OrgUnit:
        """The unit of `?unit=` (a code), else the caller's own; one outside the scope is "not found"."""
        if not code:
            return scope.requested_unit(self.request.user, "")
        unit = scope.restrict(OrgUnit.objects.filter(code=code), self.request.user).first()
        if unit is None:
            raise NotFound(_("No such unit in your scope."))
        return unit


ROUTES = [
    ("reports", ReportViewSet, "report"),
]
