"""Prometheus metrics at /metrics: requests, their latency, the job queue's depth, job durations.

Under gunicorn every worker process is its own registry: with PROMETHEUS_MULTIPROC_DIR set (the
production start sets it, and wipes the folder first), each process writes its samples there and
a scrape adds them up (prometheus-client's multiprocess mode); the job workers write there too.
The page answers loopback clients (nginx passes the client's address in X-Real-IP) or a request
with `Authorization: Bearer <METRICS_TOKEN>`; anyone else gets 403.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

REQUESTS = Counter(
    "binhdang_http_requests_total", "HTTP requests answered, by view and status.", ["method", "view", "status"]
)
LATENCY = Histogram(
    "binhdang_http_request_duration_seconds",
    "Time to answer a request, by view.",
    ["method", "view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2, 5, 10, 30),
)
JOB_DURATION = Histogram(
    "binhdang_job_duration_seconds",
    "Run time of background jobs, by task and outcome.",
    ["task", "status"],
    buckets=(0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600, 1800),
)


class QueueCollector(Collector):
    """The job queue's depth, read from the database at each scrape (one grouped query)."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from django.db.models import Count
        from django_tasks_db.models import DBTaskResult

        depth = GaugeMetricFamily("binhdang_job_queue_depth", "Background jobs by status.", labels=["status"])
        counts = {status: 0 for status in ("READY", "RUNNING")}
        try:
            rows = DBTaskResult.objects.filter(status__in=counts).values_list("status").annotate(n=Count("id"))
            counts.update(dict(rows))
        except Exception:  # the database is down: /health/ says so; the other metrics still answer
            return
        for status, n in counts.items():
            depth.add_metric([status.lower()], n)
        yield depth


def registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        gathered = CollectorRegistry()
        MultiProcessCollector(gathered)
    else:
        gathered = CollectorRegistry()
        for collector in (REQUESTS, LATENCY, JOB_DURATION):
            gathered.register(collector)
    gathered.register(QueueCollector())
    return gathered


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address.strip()).is_loopback
    except ValueError:
        return False


def allowed(request: HttpRequest) -> bool:
    token = getattr(settings, "METRICS_TOKEN", "")
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    client = request.META.get("REMOTE_ADDR", "")
    if _is_loopback(client) and "HTTP_X_REAL_IP" in request.META:  # behind nginx: the real client
        client = request.META["HTTP_X_REAL_IP"]
    return _is_loopback(client)


def metrics_view(request: HttpRequest) -> HttpResponse:
    if not allowed(request):
        return HttpResponse("403 Forbidden\n", status=403, content_type="text/plain; charset=utf-8")
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)


class MetricsMiddleware:
    """Counts and times every request, labelled by the URL pattern's name (never the raw path)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name or "unnamed") if match else "unmatched"
        if request.path.startswith(settings.STATIC_URL):
            view = "static"
        LATENCY.labels(request.method, view).observe(time.perf_counter() - started)
        REQUESTS.labels(request.method, view, str(response.status_code)).inc()
        return response


def observe_job(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """A job finished (django-tasks' task_finished signal, sent in the worker): record its run time."""
    started, finished = getattr(task_result, "started_at", None), getattr(task_result, "finished_at", None)
    if started and finished:
        name = task_result.task.name if getattr(task_result, "task", None) else "unknown"
        JOB_DURATION.labels(name, str(task_result.status).lower()).observe((finished - started).total_seconds())


def child_exit(server: Any, worker: Any) -> None:
    """gunicorn's hook: forget the live gauges of a worker that exited (multiprocess mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


__all__ = ["JOB_DURATION", "LATENCY", "REQUESTS", "MetricsMiddleware", "allowed", "metrics_view", "observe_job"]
