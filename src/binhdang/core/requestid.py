"""A request id on every log line: taken from the X-Request-ID header (nginx sets it) or made here,
kept for the request in a context variable, sent back in the response, and added to each log record."""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
_current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
# Ids from outside are echoed into logs and headers: letters, digits and a few separators only.
_VALID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
access_log = logging.getLogger("binhdang.access")


def current() -> str:
    """The id of the request being served in this thread, "-" outside a request."""
    return _current.get()


def _given(value: str) -> str:
    return value if _VALID.match(value) else uuid.uuid4().hex


def request_started(sender: Any, environ: dict[str, Any] | None = None, **kwargs: Any) -> None:
    """Set at the very start (Django's request_started signal), not in the middleware: Django logs
    "Not Found" and "Internal Server Error" after the middleware chain has returned."""
    _current.set(_given((environ or {}).get("HTTP_X_REQUEST_ID", "")))


def request_finished(sender: Any, **kwargs: Any) -> None:
    _current.set("-")


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = current()
        if request_id == "-":  # served without the signal (ASGI scope, a RequestFactory)
            request_id = _given(request.META.get("HTTP_X_REQUEST_ID", ""))
            _current.set(request_id)
        request.request_id = request_id  # type: ignore[attr-defined]
        started = time.perf_counter()
        response = self.get_response(request)
        response[HEADER] = request_id
        if access_log.isEnabledFor(logging.INFO):
            access_log.info(
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round(1000 * (time.perf_counter() - started), 1),
                },
            )
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (the JSON formatter writes it as a field)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current()
        return True
