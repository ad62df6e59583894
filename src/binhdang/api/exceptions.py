"""API errors: Django validation errors become field-level 400s, never a 500."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import ErrorDetail, NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

_SURROGATES = re.compile("[\ud800-\udfff]")


def _encodable(detail: Any) -> Any:
    """Messages echo what was sent ("“…” is not a valid name"). A lone surrogate, which JSON can carry as
    "\\ud800", cannot be written as UTF-8: left in, rendering the 400 would fail with a 500."""
    if isinstance(detail, str):
        text = _SURROGATES.sub("\ufffd", detail)
        return ErrorDetail(text, code=detail.code) if isinstance(detail, ErrorDetail) else text
    if isinstance(detail, list):
        return [_encodable(item) for item in detail]
    if isinstance(detail, dict):
        return {_encodable(key): _encodable(value) for key, value in detail.items()}
    return detail


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response(_encodable(detail), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, IntegrityError):
        return Response(
            {"non_field_errors": [_("This record conflicts with an existing one.")]}, status=status.HTTP_409_CONFLICT
        )
    if isinstance(exc, Http404):
        # DRF would pass on Django's "No Person matches the given query.": English, and naming the model.
        exc = NotFound()
    elif isinstance(exc, PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
        # DRF's session login writes its CSRF refusal without gettext ("CSRF Failed: CSRF token missing.").
        exc = PermissionDenied(
            _("The request lacks the security token (CSRF) of your session: reload the page, or send the token.")
        )
    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = _encodable(response.data)
    return response
