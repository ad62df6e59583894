"""Every response carries a request id, and every log line written while serving it names it."""

from __future__ import annotations

import io
import json
import logging

from django.conf import settings
from pythonjsonlogger.json import JsonFormatter

from binhdang.core.requestid import RequestIdFilter


def json_lines_of(logger_name: str) -> tuple[logging.Handler, io.StringIO]:
    """A handler formatted as the production logs are (settings.LOGGING's json formatter)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    options = {key: value for key, value in settings.LOGGING["formatters"]["json"].items() if key != "()"}
    handler.setFormatter(JsonFormatter(**options))
    handler.addFilter(RequestIdFilter())
    logging.getLogger(logger_name).addHandler(handler)
    return handler, stream


def test_an_id_from_nginx_is_kept_and_logged(client, db):
    handler, stream = json_lines_of("django.request")
    try:
        response = client.get("/khong-co-trang-nay/", HTTP_X_REQUEST_ID="4f1c2a9e0b7d")
    finally:
        logging.getLogger("django.request").removeHandler(handler)
    assert response.status_code == 404 and response["X-Request-ID"] == "4f1c2a9e0b7d"
    line = json.loads(stream.getvalue().splitlines()[0])
    assert line["request_id"] == "4f1c2a9e0b7d" and line["level"] == "WARNING" and "pid" in line


def test_a_request_without_one_or_with_a_bad_one_gets_a_new_id(client, db):
    first, second = client.get("/health/"), client.get("/health/", HTTP_X_REQUEST_ID="<script>")
    assert len(first["X-Request-ID"]) == 32 and first["X-Request-ID"] != second["X-Request-ID"]
    assert "<" not in second["X-Request-ID"]
