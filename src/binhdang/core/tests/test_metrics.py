"""/metrics: Prometheus text for loopback clients or a token holder, 403 for anyone else."""

from __future__ import annotations

import re

from conftest import make_import_job


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample of the exposition text (0 when absent)."""
    for line in text.splitlines():
        if line.startswith(name + "{") and all(f'{key}="{value}"' in line for key, value in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_it_counts_and_times_requests_by_view(client, db):
    before = sample(client.get("/metrics").content.decode(), "binhdang_http_requests_total", view="core:health")
    client.get("/health/")
    text = client.get("/metrics").content.decode()
    assert sample(text, "binhdang_http_requests_total", view="core:health", status="200") == before + 1
    assert sample(text, "binhdang_http_request_duration_seconds_count", view="core:health") >= 1
    assert re.search(r'binhdang_http_request_duration_seconds_bucket\{le="0.3",method="GET",view="core:health"\}', text)
    assert 'binhdang_job_queue_depth{status="ready"} 0.0' in text


def test_it_records_how_long_jobs_ran(client, tree, snv_admin):
    from binhdang.registry.importing import jobs

    before = sample(client.get("/metrics").content.decode(), "binhdang_job_duration_seconds_count", task="run_import")
    assert jobs.start(make_import_job(tree.snv, snv_admin), confirm_warnings=True) is None  # runs at once here
    text = client.get("/metrics").content.decode()
    assert sample(text, "binhdang_job_duration_seconds_count", task="run_import", status="successful") == before + 1


def test_it_refuses_clients_that_are_not_on_loopback(client, db):
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.10").status_code == 403
    # Behind nginx every request comes from loopback; the client's own address is in X-Real-IP.
    assert client.get("/metrics", HTTP_X_REAL_IP="192.0.2.10").status_code == 403
    assert client.get("/metrics", HTTP_X_REAL_IP="127.0.0.1").status_code == 200


def test_it_answers_anyone_with_the_token(client, db, settings):
    settings.METRICS_TOKEN = "token-of-the-monitoring"
    far = {"REMOTE_ADDR": "192.0.2.10"}
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer token-of-the-monitoring", **far).status_code == 200
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer guess", **far).status_code == 403
