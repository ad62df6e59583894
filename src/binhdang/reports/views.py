"""Reports pages: the list and the table of who has reported, a report with its live or frozen figures,
writing it, the workflow buttons, the documents (.docx, .pdf, .xlsx) and the DHIS2 export."""

from __future__ import annotations

import datetime
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from binhdang.accounts import scope
from binhdang.core import audit
from binhdang.core.uploads import DOCUMENTS, check_upload
from binhdang.orgs.models import OrgUnit
from binhdang.reports import dhis2, workflow
from binhdang.reports.document import figures_of, report_docx, report_pdf, report_xlsx
from binhdang.reports.forms import Dhis2MappingForm, OpenReportForm, ReportForm, ReviewForm, TemplateUploadForm
from binhdang.reports.models import (
    Dhis2Mapping,
    DocumentTemplate,
    Report,
    ReportAttachment,
    ReportEvent,
    SubmissionReminder,
    period_label,
)
from binhdang.reports.narrative import suggest
from binhdang.reports.obligations import kind_for, submissions
from binhdang.reports.periods import clean_period as _clean_period
from binhdang.reports.periods import default_period as _default_period
from binhdang.reports.periods import period_choices
from binhdang.reports.privacy import hide_figures, visible_figures
from binhdang.reports.rendering import RenderError, TemplateError, check_template

MAX_ATTACHMENTS = 10


def _report_or_404(request: HttpRequest, pk: int, action: str = "view") -> Report:
    report = (
        scope.restrict(Report.objects.select_related("unit", "submitted_by", "reviewed_by"), request.user, action)
        .filter(pk=pk)
        .first()
    )
    if report is None:
        if action != "view" and scope.restrict(Report.objects.all(), request.user).filter(pk=pk).exists():
            scope.require(False)
        raise Http404(_("No such report in your scope."))
    return report


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    scope.require(scope.has_right(request.user, "view_aggregate"))
    today = timezone.localdate()
    unit = scope.requested_unit(request.user, request.GET.get("unit", ""))
    reports = scope.restrict(Report.objects.select_related("unit"), request.user).filter(
        unit__path__startswith=unit.path
    )
    units = scope.restrict(OrgUnit.objects.filter(versions__valid_to__isnull=True).distinct(), request.user, "view")
    writable_ids = [u.pk for u in units[:500] if scope.can_use_unit(request.user, u, "write_reports")]
    writable = OrgUnit.objects.filter(pk__in=writable_ids)
    # The defaults must open a report as they stand: a unit the user may write for, and the kind of the period
    # (the select would otherwise show "half-year" beside a year).
    period = _default_period(today)
    default_unit = unit.pk if unit.pk in writable_ids else (writable_ids[0] if writable_ids else None)
    form = OpenReportForm(units=writable, initial={"unit": default_unit, "period": period, "kind": kind_for(period)})
    return render(
        request,
        "reports/report_list.html",
        {
            "unit": unit,
            "reports": reports.order_by("-period", "unit__path")[:200],
            "form": form,
            "can_write": writable.exists(),
        },  # fmt: skip
    )


@login_required
@require_POST
def report_create(request: HttpRequest) -> HttpResponse:
    scope.require(scope.has_right(request.user, "write_reports"))
    units = scope.restrict(OrgUnit.objects.filter(versions__valid_to__isnull=True).distinct(), request.user, "view")
    form = OpenReportForm(request.POST, units=units)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[field].label if field in form.fields else ''}: {error}")
        return redirect("reports:report_list")
    data = form.cleaned_data
    try:
        report, created = workflow.open_report(request.user, data["unit"], data["kind"], data["period"])
    except workflow.WorkflowError as error:
        messages.error(request, error.message)
        return redirect("reports:report_list")
    if data["kind"] == "ad_hoc" and data.get("title"):
        report.title = data["title"]
        report.save(update_fields=["title"])
    if created:
        messages.success(request, _("The report was opened; its figures fill in from the data."))
    return redirect("reports:report_detail", pk=report.pk)


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(request, pk)
    figures = figures_of(report)
    user = request.user
    can = {
        "edit": not report.is_frozen and scope.can(user, "change", report),
        "submit": not report.is_frozen and scope.can(user, "submit", report),
        "review": report.status == Report.Status.SUBMITTED and scope.can(user, "review", report),
        "export": report.is_frozen and scope.has_right(user, "view_person"),
    }
    from binhdang.indicators.targets import STATUS_LABELS

    if not scope.has_right(user, "view_person"):
        figures = hide_figures(figures)  # the page hides what the API and the downloads hide
    indicators = figures.get("indicators", [])
    indicators = [{**row, "status_label": STATUS_LABELS.get(row.get("status"), "")} for row in indicators]
    children = {
        r.unit_id: r
        for r in scope.restrict(Report.objects.all(), user).filter(
            pk__in=[part["report_id"] for part in figures.get("parts", []) if part.get("report_id")]
        )
    }
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "figures": figures,
            "indicators": indicators,
            "parts": [
                {**part, "report": children.get(part["unit_id"]), "submitted_on": _moment(part.get("submitted_at"))}
                for part in figures.get("parts", [])
            ],
            "events": report.events.select_related("by"),
            "attachments": report.attachments.all(),
            "can": can,
            "missing": workflow.missing_sections(report),
            "review_form": ReviewForm(),
            "late": report.is_late(timezone.localdate()),
            "today": timezone.localdate(),
            "figures_as_of": _day(figures.get("as_of")) or report.as_of,
            "returned": _return_comment(report),
        },
    )


def _return_comment(report: Report) -> ReportEvent | None:
    """What the unit above asked to correct, shown while the report is returned (on its page and its form)."""
    if report.status != Report.Status.RETURNED:
        return None
    return report.events.filter(action="returned").select_related("by").last()


def _day(value: str | None) -> datetime.date | None:
    """The day the figures are as of, stored in them as ISO text (frozen ones keep the day they were frozen for)."""
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _moment(value: str | None) -> datetime.datetime | None:
    """A time stored in the figures as ISO text, back as a datetime (shown in local time, not UTC's day)."""
    try:
        return datetime.datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(request, pk, "change")
    if report.is_frozen:
        messages.error(request, _("A submitted report is frozen; it can be changed only after it is returned."))
        return redirect("reports:report_detail", pk=report.pk)
    if request.method == "POST":
        form = ReportForm(request.POST, instance=report)
        if form.is_valid():
            with transaction.atomic(), audit.acting_as(request.user):
                form.save()
                report.events.create(action="saved", by=request.user)
            messages.success(request, _("The report was saved."))
            return redirect("reports:report_detail", pk=report.pk)
    else:
        initial = {}
        if request.GET.get("suggest") == "1":
            suggestion = suggest(figures_of(report))
            initial = {name: text for name, text in suggestion.items() if text and not getattr(report, name).strip()}
        form = ReportForm(instance=report, initial=initial)
    return render(
        request, "reports/report_form.html", {"report": report, "form": form, "returned": _return_comment(report)}
    )


def _workflow_step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    report = _report_or_404(request, pk)
    form = ReviewForm(request.POST)
    if action != "submit" and not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("reports:report_detail", pk=report.pk)
    comment = form.cleaned_data["comment"] if action != "submit" else ""
    try:
        if action == "submit":
            workflow.submit(report, request.user)
            messages.success(request, _("The report was submitted to the unit above; its figures are frozen."))
        elif action == "return":
            workflow.return_report(report, request.user, comment)
            messages.success(request, _("The report was returned for correction."))
        else:
            workflow.accept(report, request.user, comment)
            messages.success(request, _("The report was accepted."))
    except workflow.WorkflowError as error:
        messages.error(request, error.message)
    return redirect("reports:report_detail", pk=report.pk)


@login_required
@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow_step(request, pk, "submit")


@login_required
@require_POST
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow_step(request, pk, "return")


@login_required
@require_POST
def report_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow_step(request, pk, "accept")


CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@login_required
def report_download(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(request, pk)
    kind = request.GET.get("format", "docx")
    if kind not in CONTENT_TYPES:
        raise Http404(_("Unknown format."))
    try:
        figures = visible_figures(report, request.user)  # a viewer's download hides what the page hides
        data = {"docx": report_docx, "xlsx": report_xlsx, "pdf": report_pdf}[kind](report, figures)
    except (TemplateError, RenderError) as error:
        messages.error(request, error.message)
        return redirect("reports:report_detail", pk=report.pk)
    name = f"bao-cao-{report.unit.code}-{report.period}.{kind}"
    response = HttpResponse(data, content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def report_dhis2(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(request, pk)
    if not scope.has_right(request.user, "view_person"):
        raise PermissionDenied  # the export holds the raw counts, which roles seeing counts only do not see
    if not report.is_frozen:
        messages.error(request, _("Only a submitted report can be exported to DHIS2: its figures must be frozen."))
        return redirect("reports:report_detail", pk=report.pk)
    if request.GET.get("format") == "csv":
        response = HttpResponse(dhis2.data_value_csv(report), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="dhis2-{report.unit.code}-{report.period}.csv"'
        return response
    body = json.dumps(dhis2.data_value_set(report), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="dhis2-{report.unit.code}-{report.period}.json"'
    return response


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(request, pk, "change")
    upload = request.FILES.get("file")
    if report.is_frozen:
        messages.error(request, _("A submitted report is frozen; it can be changed only after it is returned."))
    elif upload is None:
        messages.error(request, _("Choose a file to attach."))
    elif report.attachments.count() >= MAX_ATTACHMENTS:
        messages.error(request, _("At most %(count)d files can be attached.") % {"count": MAX_ATTACHMENTS})
    else:
        try:
            kind = check_upload(upload, DOCUMENTS)
        except ValidationError as error:
            messages.error(request, f"{upload.name[:120]}: {' '.join(error.messages)}")
        else:
            ReportAttachment.objects.create(
                report=report,
                file=upload,
                name=upload.name[:255],
                size=upload.size,
                kind=kind,
                uploaded_by=request.user,
            )
            messages.success(request, _("The file was attached."))
    return redirect("reports:report_detail", pk=report.pk)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = scope.restrict(ReportAttachment.objects.select_related("report"), request.user).filter(pk=pk).first()
    if attachment is None:
        raise Http404(_("No such file in your scope."))
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404(_("The file is no longer stored.")) from error
    return FileResponse(handle, as_attachment=True, filename=attachment.name)


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachments = scope.restrict(ReportAttachment.objects.select_related("report"), request.user, "change")
    attachment = attachments.filter(pk=pk).first()
    if attachment is None:
        raise Http404(_("No such file in your scope."))
    report = attachment.report
    if report.is_frozen:
        messages.error(request, _("A submitted report is frozen; it can be changed only after it is returned."))
    else:
        attachment.delete()  # its file goes after the commit (core.uploads.remove_files_with)
        messages.success(request, _("The file was removed."))
    return redirect("reports:report_detail", pk=report.pk)


@login_required
def submission_table(request: HttpRequest) -> HttpResponse:
    """Who has reported to this unit for the period: on time, late, not at all — as of today."""
    scope.require(scope.has_right(request.user, "view_aggregate"))
    today = timezone.localdate()
    unit = scope.requested_unit(request.user, request.GET.get("unit", ""))
    period = _clean_period(request.GET.get("period", ""), today)
    kind = kind_for(period)
    rows = submissions(unit, kind, period, today)
    own = Report.objects.filter(unit=unit, kind=kind, period=period).first()
    counts = {state: sum(1 for row in rows if row.state == state) for state in
              ("accepted", "on_time", "returned", "draft", "missing", "not_due")}  # fmt: skip
    counts["late"] = sum(1 for row in rows if row.is_late(today))  # the rule the table's "days late" follows
    return render(
        request,
        "reports/submissions.html",
        {
            "unit": unit,
            "period": period,
            "period_label": period_label(period),
            "periods": period_choices(today),
            "rows": rows,
            "own": own,
            "counts": counts,
            "can_remind": scope.has_right(request.user, "review_reports"),
            "reminded": {
                r.unit_id: r
                for r in SubmissionReminder.objects.filter(
                    period=period, kind=kind, unit__in=[row.unit for row in rows]
                )
            },
        },
    )


@login_required
@require_POST
def send_reminder(request: HttpRequest) -> HttpResponse:
    """Remind the agencies below that have not submitted: an in-app reminder and an e-mail to the
    people who write and submit their reports."""
    from binhdang.reports.reminders import remind_missing

    scope.require(scope.has_right(request.user, "review_reports"))
    today = timezone.localdate()
    unit = scope.requested_unit(request.user, request.POST.get("unit", ""))
    period = _clean_period(request.POST.get("period", ""), today)
    sent = remind_missing(request.user, unit, period, today)
    messages.success(request, _("Reminders sent to %(count)d agencies.") % {"count": sent})
    return redirect(reverse("reports:submissions") + f"?unit={unit.pk}&period={period}")


@login_required
@require_http_methods(["GET", "POST"])
def template_list(request: HttpRequest) -> HttpResponse:
    """Administrators replace the Word template their subtree's documents are made from."""
    scope.require(scope.has_right(request.user, "manage_users"))
    unit = scope.requested_unit(request.user, request.GET.get("unit", ""))
    form = TemplateUploadForm()
    if request.method == "POST":
        form = TemplateUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                check_upload(upload, {"docx"})
                data = upload.read()
                problems = check_template(data)
            except ValidationError as error:
                problems = list(error.messages)
            if problems:
                for problem in problems:
                    form.add_error("file", problem)
            else:
                with transaction.atomic():
                    DocumentTemplate.objects.filter(unit=unit, active=True).update(active=False)
                    DocumentTemplate.objects.create(
                        unit=unit, name=form.cleaned_data["name"], data=data, file_name=upload.name[:255],
                        uploaded_by=request.user,
                    )  # fmt: skip
                messages.success(
                    request, _("The template is in use for the documents of %(unit)s.") % {"unit": unit.name}
                )
                return redirect(reverse("reports:template_list") + f"?unit={unit.pk}")
    templates = DocumentTemplate.objects.filter(unit__path__in=_ancestor_paths(unit)).select_related("unit")
    return render(request, "reports/templates.html", {"unit": unit, "form": form, "templates": templates})


def _ancestor_paths(unit: OrgUnit) -> list[str]:
    return [unit.path[:i] for i in range(unit.steplen, len(unit.path) + 1, unit.steplen)]


@login_required
@require_POST
def template_delete(request: HttpRequest, pk: int) -> HttpResponse:
    scope.require(scope.has_right(request.user, "manage_users"))
    template = DocumentTemplate.objects.filter(pk=pk).select_related("unit").first()
    if template is None or not scope.can_use_unit(request.user, template.unit, "manage_users"):
        raise Http404(_("No such template in your scope."))
    template.delete()
    messages.success(request, _("The template was removed; the built-in one is used again."))
    return redirect(reverse("reports:template_list") + f"?unit={template.unit_id}")


@login_required
@require_http_methods(["GET", "POST"])
def dhis2_mappings(request: HttpRequest) -> HttpResponse:
    """The table of our codes and DHIS2 data elements (system administrators edit it)."""
    scope.require(scope.has_right(request.user, "view_aggregate"))
    can_edit = scope.is_global(request.user)
    if can_edit and not Dhis2Mapping.objects.exists():
        dhis2.ensure_default_mappings()
    labels = dict(dhis2.our_codes())
    mappings = list(Dhis2Mapping.objects.all())
    forms_by_pk = {m.pk: Dhis2MappingForm(prefix=f"m{m.pk}", instance=m) for m in mappings}
    if request.method == "POST":
        scope.require(can_edit)
        forms_by_pk = {m.pk: Dhis2MappingForm(request.POST, prefix=f"m{m.pk}", instance=m) for m in mappings}
        if all(form.is_valid() for form in forms_by_pk.values()):
            with transaction.atomic(), audit.acting_as(request.user):
                for form in forms_by_pk.values():
                    if form.has_changed():
                        form.save()
            messages.success(request, _("The DHIS2 codes were saved."))
            return redirect("reports:dhis2_mappings")
    rows = [(m, labels.get(m.code, m.code), forms_by_pk[m.pk]) for m in mappings]
    return render(request, "reports/dhis2_mappings.html", {"rows": rows, "can_edit": can_edit})
