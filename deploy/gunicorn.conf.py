"""gunicorn settings of each app server of `make prod` (deploy/prod.py passes the bind address)."""

from __future__ import annotations

import os
from typing import Any

workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 20
keepalive = 5  # nginx drops idle connections to the app servers after 4 s, before gunicorn does
# Django is loaded before the port opens: while an app server restarts, nginx finds it refusing
# connections (and sends requests to the others) instead of queueing them until a worker has booted.
preload_app = True
max_requests = 2000  # a worker is replaced now and then, so a slow leak cannot grow forever
max_requests_jitter = 200
accesslog = None  # Django writes one JSON line per request, with its request id (binhdang.access)
errorlog = "-"
loglevel = "info"
proc_name = "binhdang"
# gunicorn's own lines (boot, worker exits) as JSON too, like the application's.
logconfig_dict: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(process)d",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger", "process": "pid"},
            "static_fields": {"request_id": "-"},
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}


def child_exit(server: Any, worker: Any) -> None:
    from binhdang.core.metrics import child_exit as forget

    forget(server, worker)
