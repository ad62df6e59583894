"""/health/: each part of the platform with its state, 503 when one is down."""

from __future__ import annotations

import datetime

from django.utils import timezone

from binhdang.core.tests.outage_helpers import database_down


def test_it_reports_every_part_up(client, db):
    response = client.get("/health/")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "ok"
    assert set(body["checks"]) == {"database", "queue", "cache", "disk"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["queue"]["ready"] == 0 and body["checks"]["disk"]["free_mb"] > 0


def test_it_is_503_when_the_database_is_down(client, db):
    with database_down():
        response = client.get("/health/")
    body = response.json()
    assert response.status_code == 503 and body["status"] == "down"
    assert not body["checks"]["database"]["ok"] and "Connection refused" in body["checks"]["database"]["error"]
    assert not body["checks"]["queue"]["ok"]
    assert body["checks"]["disk"]["ok"]


def test_it_is_503_when_jobs_wait_with_no_worker_taking_them(client, tree, settings):
    from conftest import make_import_job
    from django_tasks_db.models import DBTaskResult

    from binhdang.registry.importing import jobs

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert jobs.start(make_import_job(tree.snv), confirm_warnings=True) is None
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=20))
    response = client.get("/health/")
    queue = response.json()["checks"]["queue"]
    assert response.status_code == 503 and not queue["ok"]
    assert queue["ready"] == 1 and queue["oldest_wait_s"] >= 1200


def test_it_is_503_when_the_disk_is_nearly_full(client, db, settings):
    settings.HEALTH_DISK_MIN_FREE_MB = 10**12  # more than any disk has
    response = client.get("/health/")
    assert response.status_code == 503 and not response.json()["checks"]["disk"]["ok"]
