"""Pages of the spreadsheet import and export: template, upload and check, preview, the marked-up
file, the import with its progress bar, and the export of a filtered staff list."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from binhdang.accounts import scope
from binhdang.core import audit
from binhdang.core.models import AuditEntry
from binhdang.orgs.models import OrgUnit
from binhdang.registry.importing import jobs, schema
from binhdang.registry.importing.validation import Issue
from binhdang.registry.importing.workbooks import annotate, build_template, export_file
from binhdang.registry.models import ImportJob
from binhdang.registry.views import _visible_units, filtered_staff

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ISSUES_PER_PAGE = 100


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Workbook (.xlsx)"),
        help_text=gettext_lazy("The template, or your own staff list with a row of column headings."),
    )
    unit = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(),
        label=gettext_lazy("Import into"),
        help_text=gettext_lazy("Units in the file must belong to this unit or the units under it."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        units = _visible_units(user)
        self.fields["unit"].queryset = units
        if getattr(user, "unit", None) is not None:
            self.fields["unit"].initial = user.unit.pk

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB: split it into several files.")
                % {"size": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        return upload

    def clean_unit(self) -> OrgUnit:
        unit = self.cleaned_data["unit"]
        if not scope.can_use_unit(self.user, unit):
            raise forms.ValidationError(_("You may not import staff into this unit."))
        return unit


def _jobs(user: Any) -> Any:
    return scope.restrict(ImportJob.objects.all(), user).select_related("user", "unit").defer("data")


def _job_or_404(request: HttpRequest, pk: int) -> ImportJob:
    job = _jobs(request.user).filter(pk=pk).first()
    if job is None:
        raise Http404(_("No such import in your scope."))
    return job


@login_required
@require_http_methods(["GET", "POST"])
def import_list(request: HttpRequest) -> HttpResponse:
    scope.require(scope.has_right(request.user, "change_person"))
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            job, _plan = jobs.check_file(data, upload.name or "upload.xlsx", form.cleaned_data["unit"], request.user)
        except jobs.ReadError as error:
            form.add_error("file", error.message)
        else:
            return redirect("registry:import_detail", pk=job.pk)
    history = Paginator(_jobs(request.user), 20).get_page(request.GET.get("page"))
    for job in history:
        jobs.reap(job)  # a job whose worker died shows as failed, not "importing" forever
    return render(request, "registry/import_list.html", {"form": form, "history": history})


def _issues(job: ImportJob, severity: str) -> list[dict[str, Any]]:
    return list(job.summary.get("errors" if severity == "error" else "warnings", []))


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope.require(scope.has_right(request.user, "change_person"))
    job = _job_or_404(request, pk)
    jobs.reap(job)
    errors = Paginator(_issues(job, "error"), ISSUES_PER_PAGE).get_page(request.GET.get("errors"))
    warnings = Paginator(_issues(job, "warning"), ISSUES_PER_PAGE).get_page(request.GET.get("warnings"))
    sheets = [
        (str(schema.SHEETS[kind].title), counts)
        for kind, counts in job.summary.get("by_sheet", {}).items()
        if any(counts.values())
    ]
    context = {
        "job": job,
        "errors": errors,
        "warnings": warnings,
        "sheets": sheets,
        "can_retry": jobs.can_retry(job),
        **_progress_context(job),
    }
    return render(request, "registry/import_detail.html", context)


def _progress_context(job: ImportJob) -> dict[str, Any]:
    done, total = jobs.progress(job)
    if job.status == ImportJob.Status.DONE:
        done = total = max(total, 1)
    percent = int(100 * done / total) if total else 0
    return {"done": done, "total": total, "percent": percent, "active": job.status in ("queued", "running")}


@login_required
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    scope.require(scope.has_right(request.user, "change_person"))
    job = _job_or_404(request, pk)
    jobs.reap(job)
    response = render(request, "registry/_import_progress.html", {"job": job, **_progress_context(job)})
    if job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED) and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"  # show the outcome with the whole page
    return response


@login_required
@require_POST
def import_run(request: HttpRequest, pk: int) -> HttpResponse:
    scope.require(scope.has_right(request.user, "change_person"))
    job = _job_or_404(request, pk)
    refused = jobs.start(job, confirm_warnings=request.POST.get("confirm_warnings") == "on")
    if refused:
        messages.error(request, refused)
    return redirect("registry:import_detail", pk=job.pk)


@login_required
def import_annotated(request: HttpRequest, pk: int) -> HttpResponse:
    scope.require(scope.has_right(request.user, "change_person"))
    job = _job_or_404(request, pk)
    data = ImportJob.objects.values_list("data", flat=True).get(pk=job.pk)
    if not data:
        messages.error(request, _("The file is no longer kept once it has been imported."))
        return redirect("registry:import_detail", pk=job.pk)
    issues = [
        Issue(severity, item["sheet"], item["row"], item["column"], item["heading"], item["value"], item["message"])
        for severity in ("error", "warning")
        for item in _issues(job, severity)
    ]
    try:
        marked = annotate(bytes(data), issues)
    except Exception:  # openpyxl cannot rewrite every workbook it can read
        messages.error(request, _("This file cannot be marked up; the list of problems below says the same."))
        return redirect("registry:import_detail", pk=job.pk)
    name = job.file_name.rsplit(".", 1)[0] or "import"
    response = HttpResponse(marked, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_ascii(name)}-kiem-tra.xlsx"'
    return response


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    scope.require(scope.has_right(request.user, "change_person"))
    response = HttpResponse(build_template(request.user), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-can-bo.xlsx"'
    return response


@login_required
def staff_export(request: HttpRequest) -> HttpResponse:
    scope.require(scope.has_right(request.user, "view_person"))
    _filterset, people = filtered_staff(request)
    today = datetime.date.today()
    out, count = export_file(people.order_by("sort_key", "id"), request.user, today)
    with audit.acting_as(request.user):
        AuditEntry.objects.create(
            actor=request.user,
            action=AuditEntry.Action.EXPORT,
            model="registry.person",
            object_repr=_("Staff list: %(count)d people") % {"count": count},
            changes={"filters": request.GET.urlencode()[:1000], "count": count},
            unit_id=getattr(request.user, "unit_id", None),
        )
    return FileResponse(out, as_attachment=True, filename=f"can-bo-{today:%Y%m%d}.xlsx", content_type=XLSX)


def _ascii(name: str) -> str:
    from binhdang.core.vietnamese import fold

    cleaned = "".join(char if char.isalnum() or char in "-_" else "-" for char in fold(name))
    return cleaned.strip("-")[:80] or "import"
