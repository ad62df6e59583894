"""An import whose background worker died is marked failed, wrote nothing, and can be run again."""

from __future__ import annotations

import datetime
import json

import pytest
from conftest import make_import_job
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from binhdang.registry.importing import jobs, writing
from binhdang.registry.models import ImportJob, Person

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _left_running(job: ImportJob, minutes_ago: int) -> ImportJob:
    """What a worker killed mid-import leaves: the job running since `minutes_ago`, no heartbeat since."""
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, started_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )
    job.refresh_from_db()
    return job


def test_worker_killed_mid_write_leaves_nothing_written(tree, snv_admin, monkeypatch):
    # given an import whose worker is killed half-way through writing (KeyboardInterrupt is what
    # SIGINT raises; it escapes execute's error handling, as a killed process would)
    job = make_import_job(tree.snv, snv_admin)
    job.status = ImportJob.Status.QUEUED
    job.save()
    real = writing._create_people

    def dies_after_creating(plan, counter):
        real(plan, counter)
        assert Person.objects.filter(employee_code="SNV900").exists()  # written inside the transaction...
        raise KeyboardInterrupt

    monkeypatch.setattr(writing, "_create_people", dies_after_creating)
    with pytest.raises(KeyboardInterrupt):
        jobs.execute(job)
    # then ... and rolled back: nothing of the file is in the registry, and the job still says running
    assert not Person.objects.filter(employee_code="SNV900").exists()
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.RUNNING


def test_page_shows_a_dead_import_as_failed_in_vietnamese_and_it_runs_again(client, tree, snv_admin):
    with translation.override("vi"):  # the message is in the language of who uploaded the file
        job = _left_running(make_import_job(tree.snv, snv_admin), minutes_ago=30)
    client.force_login(snv_admin)
    with translation.override("vi"):
        page = client.get(reverse("registry:import_detail", args=[job.pk]), HTTP_ACCEPT_LANGUAGE="vi")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "bị dừng giữa chừng" in job.message and "chưa có dữ liệu nào được ghi" in job.message
    text = page.content.decode()
    assert job.message in text and 'id="retry-form"' in text
    # when the user runs it again
    response = client.post(reverse("registry:import_run", args=[job.pk]), {"confirm_warnings": "on"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.message == ""
    assert Person.objects.filter(employee_code="SNV900").count() == 1


def test_a_running_import_with_a_fresh_heartbeat_is_left_alone(client, tree, snv_admin):
    job = _left_running(make_import_job(tree.snv, snv_admin), minutes_ago=30)
    jobs._beat(job)  # the worker reported progress just now
    client.force_login(snv_admin)
    client.get(reverse("registry:import_progress", args=[job.pk]))
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.RUNNING
    assert jobs.start(job, confirm_warnings=True)  # refused: it is still running
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.RUNNING


def test_a_job_that_only_just_started_is_not_dead(tree, snv_admin):
    job = _left_running(make_import_job(tree.snv, snv_admin), minutes_ago=2)
    assert jobs.sweep() == [] and ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.RUNNING


@override_settings(TASKS=DB_TASKS)
def test_a_job_whose_task_failed_is_dead_at_once(tree, snv_admin):
    from django_tasks_db.models import DBTaskResult

    # given a job queued on the database backend, whose task the worker marked failed (SIGTERM mid-task)
    job = make_import_job(tree.snv, snv_admin)
    assert jobs.start(job, confirm_warnings=True) is None
    DBTaskResult.objects.filter(args_kwargs__args__0=job.pk).update(status="FAILED")
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, started_at=timezone.now())
    # when the sweep runs, then the job is failed although its heartbeat is recent
    assert jobs.sweep() == [job.pk]
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.FAILED


@override_settings(TASKS=DB_TASKS)
def test_a_queued_job_waiting_for_a_worker_is_not_dead(tree, snv_admin):
    job = make_import_job(tree.snv, snv_admin)
    assert jobs.start(job, confirm_warnings=True) is None
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(hours=2))
    assert jobs.sweep() == []
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.QUEUED


@override_settings(TASKS=DB_TASKS)
def test_a_queued_job_whose_task_is_lost_is_dead(tree, snv_admin):
    from django_tasks_db.models import DBTaskResult

    job = make_import_job(tree.snv, snv_admin)
    assert jobs.start(job, confirm_warnings=True) is None
    DBTaskResult.objects.all().delete()  # e.g. pruned, or a database restored without them
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(hours=2))
    assert jobs.sweep() == [job.pk]


def test_sweep_command_prints_the_failed_jobs_as_json(tree, snv_admin, capsys):
    dead = _left_running(make_import_job(tree.snv, snv_admin), minutes_ago=60)
    call_command("import-sweep", "--json")
    assert json.loads(capsys.readouterr().out) == {"failed": [dead.pk]}
    assert ImportJob.objects.get(pk=dead.pk).status == ImportJob.Status.FAILED


def test_a_file_with_errors_that_failed_cannot_be_run_again(tree, snv_admin):
    job = make_import_job(tree.snv, snv_admin)
    job.status = ImportJob.Status.FAILED
    job.summary = {**job.summary, "error_count": 1}
    job.save()
    assert not jobs.can_retry(job)
    assert jobs.start(job, confirm_warnings=True)
