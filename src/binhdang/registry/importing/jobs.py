"""An import from upload to outcome: check and record the file, then write it as a background task.

The page and the `import-staff` command share these steps. The check runs when the file arrives;
writing re-reads and re-checks the stored file (the registry may have changed since), then applies
it in one transaction while the progress goes to the cache, where the page polls it.

A worker that dies mid-import (killed, out of memory, the machine restarted) leaves its job queued
or running, with nothing written (the one transaction rolled back). Such a job is dead when its
heartbeat — the time of its last progress report, also in the cache — is older than
IMPORT_STALE_MINUTES, or when django-tasks says its task has finished (failed, or ended without
finishing the job) or has lost it. `reap()` marks dead jobs failed with a message that says to run
them again; the import pages call it for the jobs they show and `binhdang import-sweep` (cron) for
all. A failed job keeps its file, so `start()` runs it again.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus, task

from binhdang.core import audit
from binhdang.orgs.models import OrgUnit
from binhdang.registry.importing.reader import ReadError, read_workbook
from binhdang.registry.importing.validation import ImportPlan, build_plan
from binhdang.registry.importing.writing import apply_plan
from binhdang.registry.models import ImportJob

__all__ = ["ReadError", "can_retry", "check_file", "execute", "progress", "reap", "run_import", "start", "sweep"]

logger = logging.getLogger(__name__)

HEARTBEAT_EVERY = 5  # seconds between two heartbeats of a running import


def check_file(data: bytes, file_name: str, unit: OrgUnit, user: Any) -> tuple[ImportJob, ImportPlan]:
    """Read and check an upload, and record it. Raises ReadError for a file that cannot be read."""
    workbook = read_workbook(data, file_name)
    plan = build_plan(workbook, unit, user)
    job = ImportJob.objects.create(
        user=user if getattr(user, "pk", None) else None,
        unit=unit,
        file_name=file_name[:255],
        file_hash=hashlib.sha256(data).hexdigest(),
        file_size=len(data),
        data=data,
        language=translation.get_language() or "vi",
        summary=plan.summary(),
    )
    return job, plan


def _progress_key(job: ImportJob) -> str:
    # The upload time too: a test database (or a restored backup) may reuse a job's id.
    return f"import-progress-{job.pk}-{job.created_at.timestamp():.6f}"


def _heartbeat_key(job: ImportJob) -> str:
    return f"import-heartbeat-{job.pk}-{job.created_at.timestamp():.6f}"


def _beat(job: ImportJob) -> None:
    cache.set(_heartbeat_key(job), timezone.now().timestamp(), 24 * 3600)


def progress(job: ImportJob) -> tuple[int, int]:
    """(done, total) operations of a running import; (0, 0) before the first report."""
    if job.status != ImportJob.Status.RUNNING:
        return (0, 0)
    value = cache.get(_progress_key(job))
    return tuple(value) if value else (0, 0)  # type: ignore[return-value]


def _stale_after() -> datetime.timedelta:
    return datetime.timedelta(minutes=getattr(settings, "IMPORT_STALE_MINUTES", 10))


def _last_sign_of_life(job: ImportJob) -> datetime.datetime:
    beat = cache.get(_heartbeat_key(job))
    seen = job.started_at or job.created_at
    if beat:
        seen = max(seen, datetime.datetime.fromtimestamp(beat, tz=datetime.UTC))
    return seen


def _task_status(job: ImportJob) -> str | None:
    """The status of the job's latest task as the database task backend holds it: a TaskResultStatus,
    "lost" when it holds none, None when the backend keeps no results (then only the heartbeat counts)."""
    if not run_import.get_backend().supports_get_result:
        return None
    from django_tasks_db.models import DBTaskResult

    found = (
        DBTaskResult.objects.filter(task_path=run_import.module_path, args_kwargs__args__0=job.pk)
        .order_by("-enqueued_at")
        .values_list("status", flat=True)
        .first()
    )
    return found or "lost"


def is_dead(job: ImportJob, now: datetime.datetime | None = None) -> bool:
    """Whether a queued or running job will never finish: its worker is gone."""
    if job.status not in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING):
        return False
    now = now or timezone.now()
    stale = now - _last_sign_of_life(job) > _stale_after()
    if job.status == ImportJob.Status.RUNNING and stale:
        return True
    status = _task_status(job)
    if status in (TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL):
        # The task ended but the job was not closed: the worker was stopped between the two. The job
        # is saved first, so re-read it before judging.
        return ImportJob.objects.filter(pk=job.pk, status__in=("queued", "running")).exists()
    # No task at all: lost (results pruned, a database restored). Give enqueue() time to record it.
    return status == "lost" and stale


def _interrupted_message() -> str:
    return _(
        "The import stopped part-way (the background worker stopped): nothing was written. "
        "Run the import again."
    )


def reap(job: ImportJob) -> bool:
    """Mark `job` failed if its worker is gone (see is_dead); whether it did. `job` is updated."""
    if not is_dead(job):
        return False
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().filter(pk=job.pk).first()
        if locked is None or not is_dead(locked):
            return False
        with translation.override(locked.language):
            message = _interrupted_message()
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED, message=message, finished_at=timezone.now()
        )
    logger.warning("import job %s was left %s by a worker that stopped; marked failed", job.pk, job.status)
    job.status, job.message = ImportJob.Status.FAILED, message
    return True


def sweep() -> list[int]:
    """Reap every dead job; the ids of those marked failed."""
    candidates = ImportJob.objects.filter(status__in=("queued", "running")).defer("data").order_by("pk")
    return [job.pk for job in candidates if reap(job)]


def can_retry(job: ImportJob) -> bool:
    """A failed job still holds its file (it is cleared only once imported) and may run again."""
    return job.status == ImportJob.Status.FAILED and job.error_count == 0


def start(job: ImportJob, *, confirm_warnings: bool) -> str | None:
    """Queue an import (again, after it failed); None, or why it cannot start (already run or running,
    errors, warnings not confirmed)."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status != ImportJob.Status.CHECKED and not can_retry(job):
            return _("This file has already been imported or is being imported.")
        if job.error_count:
            return _("The file has errors: correct them and upload it again.")
        if job.warning_count and not confirm_warnings:
            return _("Confirm that you have read the warnings.")
        job.status = ImportJob.Status.QUEUED
        job.warnings_confirmed = bool(job.warning_count)
        job.message, job.started_at, job.finished_at = "", None, None
        job.save(update_fields=["status", "warnings_confirmed", "message", "started_at", "finished_at"])
    run_import.enqueue(job.pk)
    return None


def execute(job: ImportJob) -> ImportJob:
    """Re-check the stored file and write it: all rows or none. Records the outcome on the job."""
    job.status = ImportJob.Status.RUNNING
    job.started_at = timezone.now()
    job.save(update_fields=["status", "started_at"])
    _beat(job)
    last_beat = [job.started_at.timestamp()]
    with translation.override(job.language), audit.acting_as(job.user):
        try:
            plan = build_plan(read_workbook(bytes(job.data), job.file_name), job.unit, job.user)
            if plan.has_errors:
                job.status = ImportJob.Status.FAILED
                job.message = _(
                    "The registry has changed since the check and the file now has errors: nothing was imported."
                )
            else:

                def report(done: int, total: int) -> None:
                    cache.set(_progress_key(job), (done, total), 3600)
                    now = timezone.now().timestamp()
                    if now - last_beat[0] >= HEARTBEAT_EVERY:
                        last_beat[0] = now
                        _beat(job)

                apply_plan(plan, batch=job.batch, progress=report)
                job.status = ImportJob.Status.DONE
            job.summary = plan.summary()
        except ReadError as error:
            job.status, job.message = ImportJob.Status.FAILED, error.message
        except Exception:  # the transaction rolled back; the job must not stay "running" forever
            job.status = ImportJob.Status.FAILED
            job.message = _("The import stopped on an unexpected error: nothing was imported. Try again later.")
            job.finished_at = timezone.now()
            job.save(update_fields=["status", "message", "finished_at"])
            raise
    job.finished_at = timezone.now()
    fields = ["status", "message", "summary", "finished_at"]
    if job.status == ImportJob.Status.DONE:
        # The registry now holds what the file held; keeping a second copy of personal data (with
        # ethnicity and party membership) serves no one. The hash still identifies the file.
        job.data = b""
        fields.append("data")
    job.save(update_fields=fields)
    return job


@task()
def run_import(job_id: int) -> str:
    job = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).select_related("user", "unit").first()
    if job is None:
        return "skipped"
    return execute(job).status
