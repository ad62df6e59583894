"""GET /api/indicators/?unit=CODE&date=YYYY-MM-DD: what `binhdang indicators --json` prints."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from binhdang.accounts import scope
from binhdang.indicators.report import indicator_rows
from binhdang.orgs.models import OrgUnit

_ROW = inline_serializer(
    "IndicatorValue",
    {
        "code": serializers.CharField(),
        "name": serializers.CharField(),
        "numerator": serializers.IntegerField(allow_null=True),  # hidden (null) from a viewer when under 5
        "denominator": serializers.IntegerField(allow_null=True),
        "value": serializers.FloatField(allow_null=True),
        "target": serializers.FloatField(allow_null=True),
        "comparator": serializers.CharField(allow_null=True),
        "target_year": serializers.IntegerField(allow_null=True),
        "status": serializers.CharField(allow_null=True),
        "gap_people": serializers.IntegerField(allow_null=True),
        "unknown": serializers.IntegerField(allow_null=True),
    },
    many=True,
)


class IndicatorsView(APIView):
    scope_filters = ("unit",)  # a unit outside the caller's scope is "not found" (the schema documents the 404)

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", OpenApiTypes.STR, description="Unit code (default: the caller's unit)"),
            OpenApiParameter("date", OpenApiTypes.DATE, description="Day, YYYY-MM-DD (default: today)"),
        ],
        responses=_ROW,
    )
    def get(self, request: Request) -> Response:
        user: Any = request.user
        if not scope.has_right(user, "view_aggregate"):
            raise PermissionDenied(_("You do not have permission to do this."))
        code = str(request.query_params.get("unit", ""))[:64]
        visible = scope.restrict(OrgUnit.objects.all(), user)
        unit = visible.filter(code=code).first() if code else getattr(user, "unit", None)
        if unit is None:
            raise NotFound(_("No such unit in your scope."))
        raw = str(request.query_params.get("date", ""))
        try:
            day = datetime.date.fromisoformat(raw) if raw else datetime.date.today()
        except ValueError:
            raise ValidationError(  # noqa: B904  (the parse error says nothing more)
                {"date": [_("“%(value)s” is not a date: write it as YYYY-MM-DD.") % {"value": raw[:20]}]}
            )
        rows = indicator_rows(unit, day, user)  # nothing that rests on fewer than 5 people reaches a viewer
        return Response(rows)
