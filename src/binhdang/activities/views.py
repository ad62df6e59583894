"""Pages of the activities: the filtered list with its totals and export, the activity page with its files,
and the create, edit and delete forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from binhdang.accounts import scope
from binhdang.activities.export import XLSX, export_workbook
from binhdang.activities.filtersets import ActivityFilterSet
from binhdang.activities.forms import INSPECTION_FIELDS, ActivityForm, visible_tasks, visible_units
from binhdang.activities.models import Activity, ActivityAttachment, ActivityKind
from binhdang.activities.summary import KindSummary, by_kind, total
from binhdang.core import audit
from binhdang.core.models import AuditEntry
from binhdang.core.uploads import DOCUMENTS, check_upload
from binhdang.core.views import paginate
from binhdang.indicators.privacy import people_rows

MAX_ATTACHMENTS = 10


def filtered_activities(request: HttpRequest) -> tuple[ActivityFilterSet, QuerySet[Activity]]:
    """The list's filters from the query string and the activities they select (all the user may see when
    the filters are absent or invalid): the list, its totals and the export share it."""
    visible = scope.restrict(Activity.objects.all(), request.user)
    filterset = ActivityFilterSet(
        request.GET or None,
        queryset=visible,
        units=visible_units(request.user),
        tasks=visible_tasks(request.user),
    )
    activities = filterset.qs if filterset.is_bound and filterset.is_valid() else visible
    return filterset, activities


def shown_counts(rows: list[KindSummary], user: Any) -> list[dict[str, Any]]:
    """Totals rows (the last one the total of the others) as the user may see them: counts of people below 5
    hidden from count-only roles, and what would give one away (indicators.privacy)."""
    people = people_rows(
        [{"female": row.female, "male": row.male, "minority": row.minority} for row in rows], user, with_total=True
    )
    return [
        {"kind": row.kind, "label": row.label, "count": row.count, **shown, "cost": row.cost}
        for row, shown in zip(rows, people, strict=True)
    ]


def _people(activity: Activity, user: Any) -> dict[str, Any]:
    """An activity's participants: women + men = all, so "<5" beside the other two would give it away."""
    [shown] = people_rows(
        [
            {
                "female": activity.participants_female or 0,
                "male": activity.participants_male or 0,
                "minority": activity.participants_minority or 0,
            }
        ],
        user,
    )
    return shown


def _totals(kinds: list[KindSummary], user: Any) -> dict[str, Any]:
    *rows, grand = shown_counts([*kinds, total(kinds, _("Total"))], user)
    return {"totals": rows, "grand_total": grand}


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    scope.require(scope.has_right(request.user, "view_aggregate"))
    filterset, activities = filtered_activities(request)
    kinds = by_kind(activities)
    page = paginate(request, activities.select_related("unit").order_by("-start_date", "-pk"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "rows": [{"activity": a, "people": _people(a, request.user)} for a in page],
        "query": query.urlencode(),
        **_totals(kinds, request.user),
        "can_record": scope.has_right(request.user, "record_activities"),
    }
    template = "activities/_results.html" if request.headers.get("HX-Request") else "activities/activity_list.html"
    return render(request, template, context)


@login_required
def activity_export(request: HttpRequest) -> HttpResponse:
    scope.require(scope.has_right(request.user, "view_aggregate"))
    _filterset, activities = filtered_activities(request)
    body = export_workbook(activities, request.user)
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="hoat-dong-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


def _activity_or_404(request: HttpRequest, pk: int, action: str = "view") -> Activity:
    activity = (
        scope.restrict(Activity.objects.select_related("unit", "task__plan", "created_by"), request.user, action)
        .filter(pk=pk)
        .first()
    )
    if activity is None:
        if action != "view" and scope.restrict(Activity.objects.all(), request.user).filter(pk=pk).exists():
            scope.require(False)
        raise Http404(_("No such activity in your scope."))
    return activity


@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope.require(scope.has_right(request.user, "view_aggregate"))
    activity = _activity_or_404(request, pk)
    attachments = list(activity.attachments.select_related("uploaded_by"))
    audit = []
    if scope.has_right(request.user, "view_audit"):
        audit = AuditEntry.objects.filter(
            Q(model="activities.activity", object_id=activity.pk)
            | Q(model="activities.activityattachment", object_id__in=[a.pk for a in attachments])
        ).select_related("actor")[:100]
    context = {
        "activity": activity,
        "people": _people(activity, request.user),
        "participants": _people(activity, request.user)["participants"],
        "warning": activity.date_warning(),
        "attachments": attachments,
        "audit": audit,
        "can_change": scope.can(request.user, "change", activity),
        "max_attachments": MAX_ATTACHMENTS,
        "show_names": scope.has_right(request.user, "view_person"),
    }
    return render(request, "activities/activity_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    scope.require(scope.has_right(request.user, "record_activities"))
    activity = _activity_or_404(request, pk, "change") if pk else None
    form = ActivityForm(request.POST or None, instance=activity, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save(commit=False)
            if activity is None:
                saved.created_by = request.user
            saved.save()
        messages.success(request, _("Saved."))
        return redirect("activities:activity_detail", pk=saved.pk)
    context = {
        "form": form,
        "activity": activity,
        "inspection_fields": INSPECTION_FIELDS,
        "inspection_kind": ActivityKind.INSPECTION.value,
    }
    return render(request, "activities/activity_form.html", context)


@login_required
@require_POST
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    scope.require(scope.has_right(request.user, "record_activities"))
    activity = _activity_or_404(request, pk, "change")
    title = activity.title
    with transaction.atomic():
        # The attachments go with it; their files leave storage once the deletion is committed.
        activity.delete()
    messages.success(request, _("The activity “%(title)s” was deleted.") % {"title": title})
    return redirect("activities:activity_list")


def _audit_file(action: str, attachment: ActivityAttachment, activity: Activity) -> None:
    changes = {
        "name": {"label": str(ActivityAttachment._meta.get_field("name").verbose_name), "new": attachment.name},
        "activity": {"label": str(ActivityAttachment._meta.get_field("activity").verbose_name), "new": str(activity)},
    }
    audit.record(action, attachment, changes if action == "create" else {}, unit_id=activity.unit_id)


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    scope.require(scope.has_right(request.user, "record_activities"))
    activity = _activity_or_404(request, pk, "change")
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to attach."))
    elif activity.attachments.count() >= MAX_ATTACHMENTS:
        messages.error(
            request,
            _("At most %(count)d files can be attached to an activity; remove one first.") % {"count": MAX_ATTACHMENTS},
        )
    else:
        try:
            kind = check_upload(upload, DOCUMENTS)
        except ValidationError as error:
            messages.error(request, f"{upload.name[:120]}: {' '.join(error.messages)}")
        else:
            with transaction.atomic():
                attachment = ActivityAttachment.objects.create(
                    activity=activity,
                    file=upload,
                    name=(upload.name or "tep")[:255],
                    size=upload.size,
                    kind=kind,
                    uploaded_by=request.user,
                )
                _audit_file("create", attachment, activity)
            messages.success(request, _("The file was attached."))
    return redirect("activities:activity_detail", pk=activity.pk)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    scope.require(scope.has_right(request.user, "view_aggregate"))
    attachment = scope.restrict(ActivityAttachment.objects.all(), request.user).filter(pk=pk).first()
    if attachment is None:
        raise Http404(_("No such file in your scope."))
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError, ValueError) as error:
        raise Http404(_("The file is no longer stored.")) from error
    return FileResponse(handle, as_attachment=True, filename=attachment.name)


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    scope.require(scope.has_right(request.user, "record_activities"))
    attachments = scope.restrict(ActivityAttachment.objects.all(), request.user, "change")
    attachment = attachments.filter(pk=pk).first()
    if attachment is None:
        if scope.restrict(ActivityAttachment.objects.all(), request.user).filter(pk=pk).exists():
            scope.require(False)
        raise Http404(_("No such file in your scope."))
    activity = attachment.activity
    with transaction.atomic():
        _audit_file("delete", attachment, activity)
        attachment.delete()  # its file leaves storage after the commit
    messages.success(request, _("The file was removed."))
    return redirect("activities:activity_detail", pk=activity.pk)
