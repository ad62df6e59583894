"""REST API of the org tree: units (scoped), and restructuring as actions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from binhdang.accounts import scope
from binhdang.api.base import CodeRelatedField, ScopedViewSet, StrictCharField, StrictModelSerializer
from binhdang.core.validators import validate_no_markup
from binhdang.orgs import restructuring
from binhdang.orgs.forms import CODE_RE
from binhdang.orgs.models import OrgUnit


class OrgUnitSerializer(StrictModelSerializer):
    parent = CodeRelatedField(
        slug_field="code", queryset=OrgUnit.objects.all(), required=False, allow_null=True, write_only=True
    )
    parent_code = serializers.SerializerMethodField()

    class Meta:
        model = OrgUnit
        fields = ["id", "code", "name", "kind", "is_agency", "valid_from", "valid_to", "depth", "parent", "parent_code"]
        read_only_fields = ["id", "valid_to", "depth"]
        extra_kwargs = {"name": {"validators": [validate_no_markup]}}

    def get_parent_code(self, obj: OrgUnit) -> str | None:
        if obj.depth == 1:
            return None
        return OrgUnit.objects.filter(path=obj.path[: -OrgUnit.steplen]).values_list("code", flat=True).first()

    def validate_code(self, value: str) -> str:
        if not CODE_RE.match(value):
            raise serializers.ValidationError(_("A code has letters, digits, dots, hyphens or underscores only."))
        return value


class RestructureSerializer(serializers.Serializer):
    date = serializers.DateField()
    decision_number = StrictCharField(max_length=64, required=False, allow_blank=True, default="")
    note = StrictCharField(max_length=2000, required=False, allow_blank=True, default="")
    name = StrictCharField(max_length=255, required=False, validators=[validate_no_markup])
    new_parent = CodeRelatedField(slug_field="code", queryset=OrgUnit.objects.all(), required=False)
    others = CodeRelatedField(slug_field="code", queryset=OrgUnit.objects.all(), many=True, required=False)


class OrgUnitViewSet(ScopedViewSet):
    """Org units in your scope. Units are established with POST; they change only by restructuring."""

    queryset = OrgUnit.objects.order_by("path")
    serializer_class = OrgUnitSerializer
    view_right = "view_aggregate"
    change_right = "change_org"
    filterset_fields = ["kind", "is_agency", "code"]
    http_method_names = ["get", "post", "head", "options"]

    def check_write(self, data: dict[str, Any]) -> None:
        self.check_unit(data.get("parent"))

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        data = serializer.validated_data
        parent = data.get("parent")
        if parent is None and not scope.is_global(self.request.user):
            raise PermissionDenied(_("Only a national administrator can add a top-level unit."))
        self.check_unit(parent)
        spec = restructuring.NewUnit(data["code"], data["name"], data["kind"], data.get("is_agency", False))
        try:
            serializer.instance = restructuring.create_unit(spec, parent, data.get("valid_from") or _today())
        except DjangoValidationError as error:
            # The restructuring's day is the new unit's "valid_from" here: name the field the client sent.
            if hasattr(error, "error_dict") and "date" in error.error_dict:
                error.error_dict["valid_from"] = error.error_dict.pop("date")
            raise

    @extend_schema(request=RestructureSerializer, responses=OrgUnitSerializer, operation_id="units_restructure")
    @action(detail=True, methods=["post"], url_path=r"(?P<operation>rename|move|merge|dissolve)")
    def restructure(self, request: Request, pk: str | None = None, operation: str = "") -> Response:
        unit = self.get_object()
        payload = RestructureSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data: dict[str, Any] = payload.validated_data
        common = {"decision_number": data["decision_number"], "note": data["note"]}
        required = {"rename": "name", "move": "new_parent", "merge": "others"}.get(operation)
        if required and not data.get(required):
            raise serializers.ValidationError({required: [_("This field is required.")]})
        for other in [data.get("new_parent"), *(data.get("others") or [])]:
            self.check_unit(other)
        if operation == "rename":
            result = restructuring.rename(unit, data["name"], data["date"], **common)
        elif operation == "move":
            result = restructuring.move(unit, data["new_parent"], data["date"], **common)
        elif operation == "merge":
            result = restructuring.merge(list(data["others"]), unit, data["date"], **common)
        else:
            result = restructuring.dissolve(unit, data["date"], **common)
        return Response(OrgUnitSerializer(result).data, status=status.HTTP_200_OK)


def _today() -> Any:
    import datetime

    return datetime.date.today()
