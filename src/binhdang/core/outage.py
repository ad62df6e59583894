"""When the database cannot be reached: a clear 503 page instead of a 500, and recovery by itself.

Django closes a connection that raised a database error at the end of the request, so the next
request connects again: once PostgreSQL is back, pages work without restarting anything. The page
is rendered from a template that needs no database (no context processors, no user, no session).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 15
_MARK = "_binhdang_database_outage"


def _language(request: HttpRequest) -> str:
    # The locale middleware's rule, without it: it may not have run when the database failed.
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in {code for code, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE


def outage_response(request: HttpRequest) -> HttpResponse:
    with translation.override(_language(request)):
        message = _("The platform cannot reach its database right now. Your data is safe.")
        advice = _("Please try again in a minute. If this page stays, tell the system administrator.")
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse({"detail": f"{message} {advice}"}, status=503)
        else:
            html = render_to_string(
                "errors/503.html",
                {"message": message, "advice": advice, "language": translation.get_language()},
            )
            response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def caused_by_outage(error: BaseException | None) -> bool:
    """The error, or one it was raised while handling (a session half-loaded, the 500 page's menus),
    is the database's."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, OUTAGE_ERRORS):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def _note_outage(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """Django turns an exception in a middleware into a 500 response (or a second exception, when the
    500 page needs the database too) before it reaches ours: mark the request, so what comes out
    of it is answered as an outage."""
    if request is not None and caused_by_outage(sys.exc_info()[1]):
        setattr(request, _MARK, True)


got_request_exception.connect(_note_outage, dispatch_uid="binhdang-outage")


class DatabaseOutageMiddleware:
    """Early in the stack (after static files, before sessions): catches the database errors of views,
    of the middleware below it and of the 500 handler."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            response = self.get_response(request)
        except Exception as error:
            if not (getattr(request, _MARK, False) or caused_by_outage(error)):
                raise
            logger.error("database unreachable: %s", error)
            return outage_response(request)
        if response.status_code >= 500 and getattr(request, _MARK, False):
            return outage_response(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if caused_by_outage(exception):
            logger.error("database unreachable: %s", exception)
            return outage_response(request)
        return None
