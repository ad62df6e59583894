"""HTTP Basic auth for the API, only where the operator allows it (API_BASIC_AUTH).

A password sent with every request skips the second factor, so production uses the session or a
token made on the user's security page; tests and scripts may turn Basic auth back on.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BasicAuthentication
from rest_framework.request import Request

from binhdang.accounts.models import User


class OptionalBasicAuthentication(BasicAuthentication):
    def authenticate(self, request: Request) -> Any:
        if not settings.API_BASIC_AUTH:
            return None
        try:
            return super().authenticate(request)
        finally:
            # Axes marks the request it was given, here DRF's wrapper: copy the mark to the Django request
            # so that AxesMiddleware answers with the lockout message (429), like the login form does.
            if getattr(request, "axes_locked_out", False):
                request._request.axes_locked_out = True
                request._request.axes_credentials = getattr(request, "axes_credentials", None)

    def authenticate_credentials(self, userid: str, password: str, request: Any = None) -> Any:
        # PostgreSQL refuses NUL in a query and no username is longer than the column: answer as for a
        # wrong password instead of failing in the database (a 500).
        if "\x00" in userid or len(userid) > User._meta.get_field("username").max_length:
            raise exceptions.AuthenticationFailed(_("Invalid username/password."))
        return super().authenticate_credentials(userid, password, request)

    def authenticate_header(self, request: Request) -> str | None:  # type: ignore[override]
        # Without Basic auth, no browser password prompt: the answer stays 401/403 with the reason.
        return super().authenticate_header(request) if settings.API_BASIC_AUTH else None


class OptionalBasicAuthenticationScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes it (drf-spectacular finds extensions by subclassing)."""

    target_class = "binhdang.accounts.api_auth.OptionalBasicAuthentication"
    name = "basicAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "basic",
            "description": "Only where the server sets API_BASIC_AUTH=true; otherwise use a token.",
        }
