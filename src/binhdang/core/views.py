"""Home page, health check and the helpers every app's views share."""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template import loader
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound

from binhdang.accounts import scope


def paginate(request: HttpRequest, items: Any, per_page: int = 50) -> Any:
    paginator = Paginator(items, per_page)
    return paginator.get_page(request.GET.get("page"))


def _timed(check: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        result = check()
    except Exception as error:  # a part that is down answers with why, never with a 500
        result = {"ok": False, "error": f"{type(error).__name__}: {str(error).strip()[:200]}"}
    result["ms"] = round(1000 * (time.perf_counter() - started), 1)
    return result


def _database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"ok": True, "vendor": connection.vendor}


def _queue() -> dict[str, Any]:
    """The job queue (in the database): how many wait and run, and how long the oldest has waited.
    Jobs waiting longer than HEALTH_QUEUE_MAX_WAIT seconds mean no worker is taking them."""
    from django.db.models import Case, Count, F, Min, When
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = timezone.now()
    counts = dict(
        DBTaskResult.objects.filter(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING])
        .values_list("status")
        .annotate(n=Count("id"))
    )
    # A job to run at once has the greatest date as run_after: it has waited since it was queued.
    since = Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after"))
    oldest = DBTaskResult.objects.ready().aggregate(oldest=Min(since))["oldest"]
    waited = (now - oldest).total_seconds() if oldest else 0.0
    limit = settings.HEALTH_QUEUE_MAX_WAIT
    return {
        "ok": waited <= limit,
        "ready": counts.get(TaskResultStatus.READY, 0),
        "running": counts.get(TaskResultStatus.RUNNING, 0),
        "oldest_wait_s": round(waited, 1),
        "max_wait_s": limit,
    }


def _cache() -> dict[str, Any]:
    probe = uuid.uuid4().hex
    cache.set("health-probe", probe, 30)
    return {"ok": cache.get("health-probe") == probe, "backend": type(cache).__name__}


def _disk() -> dict[str, Any]:
    """Free space where uploads and generated files go."""
    path = Path(settings.MEDIA_ROOT)
    while not path.exists():
        path = path.parent
    usage = shutil.disk_usage(path)
    free_mb = usage.free // (1024 * 1024)
    writable = os.access(path, os.W_OK)
    return {
        "ok": writable and free_mb >= settings.HEALTH_DISK_MIN_FREE_MB,
        "path": str(path),
        "free_mb": free_mb,
        "min_free_mb": settings.HEALTH_DISK_MIN_FREE_MB,
        "writable": writable,
    }


def health(request: HttpRequest) -> JsonResponse:
    """/health/ for load balancers and monitoring: each part with its state; 503 when one is down."""
    checks = {"database": _timed(_database)}
    if checks["database"]["ok"]:
        checks["queue"] = _timed(_queue)
    else:
        checks["queue"] = {"ok": False, "error": "the queue is kept in the database, which is down", "ms": 0.0}
    checks["cache"] = _timed(_cache)
    checks["disk"] = _timed(_disk)
    healthy = all(check["ok"] for check in checks.values())
    response = JsonResponse({"status": "ok" if healthy else "down", "checks": checks}, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if scope.has_right(user, "view_person"):
        return redirect("registry:staff_list")
    return redirect("orgs:tree")


# The error pages need nothing of the user, the session or the database: they are rendered when
# one of those is what failed (a wrong Host header stops the request before the user is known; a
# database outage makes every context processor fail). So no request context, only the message.
def _error_page(status: int, message: str) -> HttpResponse:
    body = loader.render_to_string("errors/error.html", {"status": status, "message": message})
    return HttpResponse(body, status=status)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        # A path under /api/ that names no endpoint (an id the router refuses, like "a.b"): answered in JSON,
        # as the API answers everything, not with the site's HTML page.
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return _error_page(404, _("The page you asked for does not exist."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(403, _("You do not have permission to see this page."))


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(400, _("The request could not be understood."))


def server_error(request: HttpRequest) -> HttpResponse:
    return _error_page(500, _("Something went wrong on our side."))
