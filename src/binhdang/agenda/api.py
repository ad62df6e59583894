"""GET /api/calendar/?start=YYYY-MM-DD&end=YYYY-MM-DD: the caller's events, as the calendar page shows them."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from binhdang.agenda.events import KINDS
from binhdang.agenda.feed import absolute
from binhdang.agenda.providers import collect
from binhdang.core.vietnamese import parse_date

DEFAULT_DAYS = 30
MAX_DAYS = 3 * 366  # the feed's own window; a longer range would be a lot of work for one request


class EventSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Stable across calls: the same thing always has the same key.")
    kind = serializers.ChoiceField(choices=KINDS)
    title = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True, help_text="Last day (inclusive); null for a one-day event.")
    url = serializers.SerializerMethodField()
    unit = serializers.CharField()
    overdue = serializers.BooleanField()
    done = serializers.BooleanField()
    description = serializers.CharField()

    def get_url(self, event: Any) -> str:
        return absolute(event.url)


def _day(request: Request, name: str, default: datetime.date) -> datetime.date:
    raw = request.query_params.get(name, "")
    if not raw:
        return default
    day = parse_date(raw[:20])
    if day is None or not 2000 <= day.year <= 2100:
        raise ValidationError({name: [_("Enter a date as YYYY-MM-DD or dd/mm/yyyy, between 2000 and 2100.")]})
    return day


class CalendarEventViewSet(viewsets.GenericViewSet):
    serializer_class = EventSerializer
    pagination_class = None
    filter_backends: list[Any] = []

    @extend_schema(
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE, description="First day (default: today)"),
            OpenApiParameter("end", OpenApiTypes.DATE, description="Last day, inclusive (default: 30 days on)"),
        ],
    )
    def list(self, request: Request) -> Response:
        start = _day(request, "start", timezone.localdate())
        end = _day(request, "end", start + datetime.timedelta(days=DEFAULT_DAYS - 1))
        if end < start:
            raise ValidationError({"end": [_("The last day must not come before the first.")]})
        if (end - start).days >= MAX_DAYS:
            raise ValidationError({"end": [_("Ask for at most three years at a time.")]})
        return Response(EventSerializer(collect(request.user, start, end), many=True).data)


ROUTES = [("calendar", CalendarEventViewSet, "calendarevent")]
