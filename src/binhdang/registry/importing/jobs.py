"""An import from upload to outcome: check and record the file, then write it as a background task.

The page and the `import-staff` command share these steps. The check runs when the file arrives;
writing re-reads and re-checks the stored file (the registry may have changed since), then applies
it in one transaction while the progress goes to the cache, where the page polls it.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from binhdang.core import audit
from binhdang.orgs.models import OrgUnit
from binhdang.registry.importing.reader import ReadError, read_workbook
from binhdang.registry.importing.validation import ImportPlan, build_plan
from binhdang.registry.importing.writing import apply_plan
from binhdang.registry.models import ImportJob

__all__ = ["ReadError", "check_file", "execute", "progress", "run_import", "start"]


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


def progress(job: ImportJob) -> tuple[int, int]:
    """(done, total) operations of a running import; (0, 0) before the first report."""
    if job.status != ImportJob.Status.RUNNING:
        return (0, 0)
    value = cache.get(_progress_key(job))
    return tuple(value) if value else (0, 0)  # type: ignore[return-value]


def start(job: ImportJob, *, confirm_warnings: bool) -> str | None:
    """Queue an import; None, or why it cannot start (already run, errors, warnings not confirmed)."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status != ImportJob.Status.CHECKED:
            return _("This file has already been imported or is being imported.")
        if job.error_count:
            return _("The file has errors: correct them and upload it again.")
        if job.warning_count and not confirm_warnings:
            return _("Confirm that you have read the warnings.")
        job.status = ImportJob.Status.QUEUED
        job.warnings_confirmed = bool(job.warning_count)
        job.save(update_fields=["status", "warnings_confirmed"])
    run_import.enqueue(job.pk)
    return None


def execute(job: ImportJob) -> ImportJob:
    """Re-check the stored file and write it: all rows or none. Records the outcome on the job."""
    job.status = ImportJob.Status.RUNNING
    job.started_at = timezone.now()
    job.save(update_fields=["status", "started_at"])
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
