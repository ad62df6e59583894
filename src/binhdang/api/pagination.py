"""The API's pages (their own module: DRF imports the default paginator while its settings load)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request


class Pagination(pagination.LimitOffsetPagination):
    """Limit/offset pages. A limit or offset that is not a whole number is refused with a message: DRF
    would ignore it and answer the first page, which a client cannot tell from the page it asked for. The
    limit is capped: beyond the database's integers it would be a 500."""

    max_limit = 1000

    def get_limit(self, request: Request) -> int | None:
        return self._read(request, self.limit_query_param, 1) or self.default_limit

    def get_offset(self, request: Request) -> int:
        return self._read(request, self.offset_query_param, 0) or 0

    def _read(self, request: Request, name: str | None, minimum: int) -> int | None:
        text = request.query_params.get(name, "") if name else ""
        if not text:  # empty is not given, as for every query parameter of the API
            return None
        try:
            value = int(text) if text.isascii() else None
        except ValueError:
            value = None
        if value is None or value < minimum:
            raise ValidationError({name: [_("Enter a whole number of at least %(minimum)d.") % {"minimum": minimum}]})
        return min(value, self.max_limit) if name == self.limit_query_param else value

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1 if parameter["name"] == self.limit_query_param else 0
        return parameters
