"""Plans: the list, the plan page (targets with their status, tasks with their progress, report deadlines,
budget), editing a plan and its parts, tasks and progress notes, the files kept with them, and the upload of
a plan document, its review and its confirmation into a plan."""

from __future__ import annotations

import datetime
import hashlib
import logging
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from binhdang.accounts import scope
from binhdang.core.uploads import KINDS
from binhdang.plans import drafts
from binhdang.plans.budget import format_vnd, plan_budget
from binhdang.plans.forms import (
    PLAN_PARTS,
    DraftReview,
    DraftUploadForm,
    PlanForm,
    ProgressForm,
    TaskFilterForm,
    TaskForm,
    WithdrawForm,
)
from binhdang.plans.models import Plan, PlanDraft, PlanStatus, Task, TaskProgress, store_file

logger = logging.getLogger(__name__)
TASKS_PER_PAGE = 50
WITHDRAWN_MESSAGE = gettext_lazy("This plan was withdrawn: it is kept read-only.")


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    scope.require(scope.has_right(request.user, "view_aggregate"))
    plans = scope.restrict(Plan.objects.select_related("issuer"), request.user)
    return render(request, "plans/plan_list.html", {"plans": plans})


def _plan_or_404(request: HttpRequest, pk: int, action: str = "view") -> Plan:
    plan = scope.restrict(Plan.objects.select_related("issuer"), request.user, action).filter(pk=pk).first()
    if plan is None:
        if action != "view" and scope.restrict(Plan.objects.all(), request.user).filter(pk=pk).exists():
            scope.require(False)
        raise Http404(_("No such plan in your scope."))
    if action != "view" and plan.withdrawn:
        raise PermissionDenied(WITHDRAWN_MESSAGE)
    return plan


# --- The plan page ----------------------------------------------------------------------------------------


def _target_rows(plan: Plan, user: Any, today: datetime.date) -> dict[str, Any]:
    """Each mapped target with its status today for the unit it applies to; the targets still waiting for an
    indicator apart."""
    from binhdang.indicators.catalogue import BY_CODE
    from binhdang.indicators.engine import cached_evaluate
    from binhdang.indicators.privacy import indicator_keys, mark_for, unit_suppression
    from binhdang.indicators.targets import ACHIEVED, assess_targets, format_value

    rows, unmapped = [], []
    targets = list(plan.targets.select_related("unit").order_by("indicator", "year", "pk"))
    # The dashboard's status rule (with the trend), for the same target: one status wherever it is shown.
    assessments = assess_targets([target for target in targets if target.indicator in BY_CODE], today)
    suppressions: dict[int, Any] = {}
    for target in targets:
        indicator = BY_CODE.get(target.indicator)
        if indicator is None:
            unmapped.append(target)
            continue
        assessment = assessments[target.pk]
        if target.unit_id not in suppressions:
            suppressions[target.unit_id] = unit_suppression(cached_evaluate(target.unit, today), target.unit_id, user)
        # A viewer sees no value (nor status, which gives it away) that rests on a count the unit's
        # dashboard hides (fewer than 5 people, or a count that would give such a one away).
        mark = mark_for(suppressions[target.unit_id], indicator_keys(indicator, target.unit_id))
        hidden = mark is not None
        rows.append(
            {
                "target": target,
                "indicator": indicator,
                "goal": format_value(float(target.value), indicator),
                "value": mark or format_value(assessment.result.value, indicator),
                "assessment": assessment,
                "hidden": hidden,
            }
        )
    achieved = sum(1 for row in rows if row["assessment"].status == ACHIEVED and not row["hidden"])
    return {"rows": rows, "unmapped": unmapped, "achieved": achieved, "total": len(rows) + len(unmapped)}


def task_rows(tasks: Any, today: datetime.date) -> list[dict[str, Any]]:
    """What the pages show of each task: when it is next due, whether it is overdue, the last progress note.
    `tasks` should prefetch "progress" and "cooperating_units" and select "plan" and "unit_in_charge"."""
    rows = []
    for task in tasks:
        notes = list(task.progress.all())
        cooperating = [unit.name for unit in task.cooperating_units.all()]
        if task.cooperating_text:
            cooperating.append(task.cooperating_text)
        rows.append(
            {
                "task": task,
                "overdue": task.is_overdue(today),
                "next_due": task.next_due(today),
                "last": notes[0] if notes else None,
                "unit": task.unit_in_charge.name if task.unit_in_charge else task.unit_in_charge_text,
                "cooperating": cooperating,
            }
        )
    return rows


def _section_titles(outline: Any) -> dict[str, str]:
    """Headings of the document's sections, when the outline kept them: {"III": "NHIỆM VỤ VÀ GIẢI PHÁP"}."""
    titles = {}
    for item in outline if isinstance(outline, list) else []:
        if isinstance(item, dict) and isinstance(item.get("label"), str):
            text = item.get("text") or item.get("title")
            if isinstance(text, str):
                titles[item["label"]] = text
    return titles


def _task_groups(plan: Plan, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Tasks by the section of the document they come from (the first part of their label, "III" of "III.1.a")."""
    titles = _section_titles(plan.outline)
    groups: list[dict[str, Any]] = []
    for row in rows:
        section = row["task"].label.split(".")[0] if row["task"].label else ""
        if not groups or groups[-1]["section"] != section:
            groups.append({"section": section, "title": titles.get(section, ""), "rows": []})
        groups[-1]["rows"].append(row)
    return groups


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan as the document states it, with how far it has come: targets with their status, tasks with
    their progress (overdue ones marked), the next report deadlines."""
    scope.require(scope.has_right(request.user, "view_aggregate"))
    user = request.user
    plan = _plan_or_404(request, pk)
    today = timezone.localdate()
    targets = _target_rows(plan, user, today)
    tasks = plan.tasks.select_related("plan", "unit_in_charge").prefetch_related("progress", "cooperating_units")
    rows = task_rows(tasks, today)
    can_change = scope.can(user, "change", plan) and not plan.withdrawn
    reporting = (
        set()
        if plan.withdrawn
        else set(scope.restrict(plan.tasks.all(), user, "progress").values_list("pk", flat=True))
    )
    for row in rows:
        row["can_change"], row["can_progress"] = can_change, row["task"].pk in reporting
    counted = [row for row in rows if row["task"].status != Task.Status.CANCELLED]
    done = sum(1 for row in counted if row["task"].status == Task.Status.DONE)
    overdue = sum(1 for row in rows if row["overdue"])
    deadlines = []
    for deadline in plan.report_deadlines.select_related("plan"):
        upcoming = deadline.occurrences(today, today + datetime.timedelta(days=800))
        deadlines.append({"deadline": deadline, "next": upcoming[0] if upcoming else None})
    numbers = [basis.number for basis in plan.legal_bases.all() if basis.number]
    known = list(scope.restrict(Plan.objects.exclude(pk=plan.pk).exclude(number=""), user)) if numbers else []
    bases = [{"basis": basis, "plan": drafts.plan_for_number(basis.number, known)} for basis in plan.legal_bases.all()]
    budget = plan_budget(plan)
    context = {
        "plan": plan,
        "targets": targets,
        "groups": _task_groups(plan, rows),
        "tasks_done": done,
        "tasks_total": len(counted),
        "tasks_overdue": overdue,
        "tasks_percent": _percent(done, len(counted)),
        "targets_percent": _percent(targets["achieved"], targets["total"]),
        "deadlines": deadlines,
        "bases": bases,
        "implemented_by": scope.restrict(plan.implemented_by.select_related("issuer"), user),
        "can_change": can_change,
        "withdraw_form": WithdrawForm() if can_change else None,
        "budget": budget,
        "budget_display": {
            "estimate": format_vnd(budget.estimate),
            "spent": format_vnd(budget.spent),
            "lines": [(line, format_vnd(line.amount)) for line in budget.lines],
            "by_task": [(item, format_vnd(item.spent)) for item in budget.by_task],
        },
        "sees_people": scope.has_right(user, "view_person"),
        "today": today,
    }
    return render(request, "plans/plan_detail.html", context)


def delete_blockers(plan: Plan) -> list[str]:
    """Why the plan cannot be deleted (then it is withdrawn instead): work was recorded against it."""
    reasons = []
    if TaskProgress.objects.filter(task__plan=plan).exists():
        reasons.append(_("Progress was recorded on its tasks."))
    if plan.tasks.filter(activities__isnull=False).exists():
        reasons.append(_("Activities carry out its tasks."))
    if plan.training_classes.exists() or plan.tasks.filter(training_classes__isnull=False).exists():
        reasons.append(_("Training classes belong to it."))
    if plan.implemented_by.exists() or plan.supersedes.exists():
        reasons.append(_("Other plans refer to it."))
    return reasons


@login_required
@require_POST
def plan_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a plan entered by mistake, with everything in it; a plan with recorded work is withdrawn instead."""
    scope.require(scope.has_right(request.user, "manage_plans"))
    plan = _plan_or_404(request, pk, "change")
    reasons = delete_blockers(plan)
    if reasons:
        messages.error(
            request,
            _("This plan cannot be deleted: %(reasons)s Withdraw it instead.") % {"reasons": " ".join(reasons)},
        )
        return redirect("plans:plan_detail", pk=plan.pk)
    with transaction.atomic():
        PlanDraft.objects.filter(plan=plan).update(status=PlanDraft.Status.DISCARDED)
        plan.delete()
    messages.success(request, _("The plan was deleted."))
    return redirect("plans:plan_list")


@login_required
@require_POST
def plan_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a plan: it stays, read-only, with its tasks and targets; its targets no longer apply."""
    scope.require(scope.has_right(request.user, "manage_plans"))
    plan = _plan_or_404(request, pk, "change")
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("plans:plan_detail", pk=plan.pk)
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        if not locked.withdrawn:
            locked.withdraw(form.cleaned_data["reason"])
    messages.success(request, _("The plan was withdrawn. It is kept read-only; its targets no longer apply."))
    return redirect("plans:plan_detail", pk=plan.pk)


# --- Editing a plan -------------------------------------------------------------------------------------


def _parts(request: HttpRequest, plan: Plan) -> list[tuple[str, Any, Any, bool]]:
    """(prefix, formset, heading, posted) of each part edited with the plan. A request that does not carry a
    part's rows (an API-like client sending the plan's fields only) leaves that part as it is."""
    found = []
    for prefix, formset_class, heading in PLAN_PARTS:
        posted = request.method == "POST" and f"{prefix}-TOTAL_FORMS" in request.POST
        formset = formset_class(request.POST if posted else None, instance=plan, prefix=prefix)
        found.append((prefix, formset, heading, posted))
    return found


def _save_part(formset: Any, plan: Plan) -> None:
    formset.instance = plan
    objects = formset.save(commit=False)
    for obj in formset.deleted_objects:
        obj.delete()
    position = {id(form.instance): index for index, form in enumerate(formset.forms)}
    for obj in objects:
        if hasattr(obj, "order"):
            obj.order = position.get(id(obj), obj.order)
        obj.plan = plan
        obj.save()


def _replace_document(plan: Plan, upload: Any) -> None:
    old = plan.document.name if plan.document else ""
    store_file(plan, "document", upload.read(), upload.name or "document")
    plan.document_name = (upload.name or "")[:255]
    plan.save(update_fields=["document_name"])
    if old:
        storage = plan.document.storage
        transaction.on_commit(lambda: storage.delete(old))


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    scope.require(scope.has_right(request.user, "manage_plans"))
    plan = _plan_or_404(request, pk, "change") if pk else None
    form = PlanForm(request.POST or None, request.FILES or None, instance=plan, user=request.user)
    parts = _parts(request, plan or Plan())
    if request.method == "POST":
        valid = form.is_valid()
        for _prefix, formset, _heading, posted in parts:
            valid = (formset.is_valid() if posted else True) and valid
        if valid:
            with transaction.atomic():
                saved = form.save()
                for _prefix, formset, _heading, posted in parts:
                    if posted:
                        _save_part(formset, saved)
                if form.cleaned_data.get("document"):
                    _replace_document(saved, form.cleaned_data["document"])
            messages.success(request, _("Saved."))
            return redirect("plans:plan_detail", pk=saved.pk)
    context = {"form": form, "plan": plan, "parts": [(prefix, fs, heading) for prefix, fs, heading, _p in parts]}
    return render(request, "plans/plan_form.html", context)


def _serve(stored: FieldFile, name: str) -> FileResponse:
    if not stored:
        raise Http404(_("No file is kept here."))
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404(_("No file is kept here.")) from error
    return FileResponse(handle, as_attachment=True, filename=name or stored.name.rsplit("/", 1)[-1])


@login_required
def plan_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's original document, for whoever sees the plan and may see people's names (it names its signer)."""
    scope.require(scope.has_right(request.user, "view_person"))
    plan = _plan_or_404(request, pk)
    return _serve(plan.document, plan.document_name)


# --- Tasks ----------------------------------------------------------------------------------------------------


def _tasks(user: Any) -> Any:
    """Tasks `user` may open: those of the plans they see, and those they report progress on."""
    return Task.objects.filter(
        Q(pk__in=scope.restrict(Task.objects.all(), user).values("pk"))
        | Q(pk__in=scope.restrict(Task.objects.all(), user, "progress").values("pk"))
    )


def _task_or_404(request: HttpRequest, pk: int, action: str = "view") -> Task:
    found = _tasks(request.user) if action == "view" else scope.restrict(Task.objects.all(), request.user, action)
    task = found.select_related("plan", "plan__issuer", "unit_in_charge").filter(pk=pk).first()
    if task is None:
        if action != "view" and _tasks(request.user).filter(pk=pk).exists():
            scope.require(False)
        raise Http404(_("No such task in your scope."))
    if action != "view" and task.plan.withdrawn:
        raise PermissionDenied(WITHDRAWN_MESSAGE)
    return task


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    """The unit's tasks ("Việc của đơn vị"): those its subtree is in charge of or cooperates on, from the plans of
    the units above it and its own, and those of the plans the user manages; overdue first."""
    scope.require(scope.has_right(request.user, "view_aggregate"))
    user = request.user
    form = TaskFilterForm(request.GET or None)
    status, overdue_only = "", False
    if form.is_valid():
        status, overdue_only = form.cleaned_data["status"], form.cleaned_data["overdue"]
    # The plans a user sees are their units' own and those of the units above: "Việc của đơn vị".
    in_charge = scope.restrict(Task.objects.all(), user).filter(scope.units_q(user, "unit_in_charge__"))
    cooperating = scope.restrict(Task.objects.all(), user).filter(
        pk__in=Task.objects.filter(scope.units_q(user, "cooperating_units__")).values("pk")
    )
    managed = scope.restrict(Task.objects.all(), user, "change")
    reporting = scope.restrict(Task.objects.all(), user, "progress")
    tasks = Task.objects.filter(
        Q(pk__in=in_charge.values("pk"))
        | Q(pk__in=cooperating.values("pk"))
        | Q(pk__in=managed.values("pk"))
        | Q(pk__in=reporting.values("pk"))
    )
    tasks = tasks.exclude(plan__status=PlanStatus.WITHDRAWN)
    if status:
        tasks = tasks.filter(status=status)
    tasks = tasks.select_related("plan", "plan__issuer", "unit_in_charge").prefetch_related(
        "progress", "cooperating_units"
    )
    today = timezone.localdate()
    rows = task_rows(tasks, today)
    if overdue_only:
        rows = [row for row in rows if row["overdue"]]
    rows.sort(
        key=lambda row: (
            not row["overdue"],
            row["next_due"] or datetime.date.max,
            row["task"].plan_id,
            row["task"].order,
            row["task"].pk,
        )
    )
    page = Paginator(rows, TASKS_PER_PAGE).get_page(request.GET.get("page"))
    shown = [row["task"].pk for row in page]
    changeable = set(managed.filter(pk__in=shown).values_list("pk", flat=True))
    reportable = set(reporting.filter(pk__in=shown).values_list("pk", flat=True))
    for row in page:
        row["can_change"], row["can_progress"] = row["task"].pk in changeable, row["task"].pk in reportable
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "overdue": sum(1 for row in rows if row["overdue"]),
        "query": query.urlencode(),
    }
    return render(request, "plans/task_list.html", context)


def plan_url(plan: Plan) -> str:
    return reverse("plans:plan_detail", args=[plan.pk])


@login_required
@require_http_methods(["GET", "POST"])
def task_create(request: HttpRequest, pk: int) -> HttpResponse:
    scope.require(scope.has_right(request.user, "manage_plans"))
    plan = _plan_or_404(request, pk, "change")
    form = TaskForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        task = form.save(commit=False)
        task.order = (max(plan.tasks.values_list("order", flat=True), default=-1)) + 1
        task.save()
        form.save_m2m()
        messages.success(request, _("Saved."))
        return redirect(f"{plan_url(plan)}#task-{task.pk}")
    return render(request, "plans/task_form.html", {"form": form, "plan": plan, "task": None})


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scope.require(scope.has_right(request.user, "manage_plans"))
    task = _task_or_404(request, pk, "change")
    form = TaskForm(request.POST or None, instance=task, plan=task.plan)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect(f"{plan_url(task.plan)}#task-{task.pk}")
    return render(request, "plans/task_form.html", {"form": form, "plan": task.plan, "task": task})


@login_required
@require_POST
def task_delete(request: HttpRequest, pk: int) -> HttpResponse:
    scope.require(scope.has_right(request.user, "manage_plans"))
    task = _task_or_404(request, pk, "change")
    plan = task.plan
    task.delete()
    messages.success(request, _("Deleted."))
    return redirect("plans:plan_detail", pk=plan.pk)


def _task_page(request: HttpRequest, task: Task, form: ProgressForm | None, status: int = 200) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    tasks = Task.objects.filter(pk=task.pk).select_related("plan", "plan__issuer", "unit_in_charge")
    [row] = task_rows(tasks.prefetch_related("progress__author", "cooperating_units"), today)
    can_progress = scope.can(user, "progress", task)
    if form is None and can_progress:
        form = ProgressForm(initial={"status": task.status})
    context = {
        "row": row,
        "task": row["task"],
        "notes": list(row["task"].progress.all()),
        "form": form if can_progress else None,
        "can_change": scope.can(user, "change", task),
        "sees_people": scope.has_right(user, "view_person"),
        "plan_visible": scope.can(user, "view", task.plan),
    }
    return render(request, "plans/task_detail.html", context, status=status)


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A task with every progress note, and the form to add one for the unit in charge."""
    scope.require(scope.has_right(request.user, "view_aggregate"))
    return _task_page(request, _task_or_404(request, pk), None)


@login_required
@require_POST
def task_progress(request: HttpRequest, pk: int) -> HttpResponse:
    scope.require(scope.has_right(request.user, "record_activities"))
    task = _task_or_404(request, pk, "progress")
    form = ProgressForm(request.POST, request.FILES)
    if not form.is_valid():
        return _task_page(request, task, form)
    upload = form.cleaned_data.get("evidence")
    with transaction.atomic():
        task.add_progress(
            request.user,
            form.cleaned_data["note"],
            form.cleaned_data["status"],
            evidence=upload.read() if upload else None,
            evidence_name=(upload.name or "")[:255] if upload else "",
        )
    messages.success(request, _("Progress recorded."))
    return redirect("plans:task_detail", pk=task.pk)


@login_required
def progress_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """A progress note's evidence, for whoever may open its task and see people's names (minutes and photos
    name people)."""
    scope.require(scope.has_right(request.user, "view_person"))
    visible = TaskProgress.objects.filter(task__in=_tasks(request.user).values("pk"))
    note = visible.filter(pk=pk).first()
    if note is None:
        raise Http404(_("No such progress note in your scope."))
    return _serve(note.evidence, note.evidence_name)


# --- Upload, review and confirmation of a plan document ------------------------------------------------------


def read_plan(data: bytes, filename: str) -> dict[str, Any]:
    """What the plan reader finds in the document; ValidationError with its message when it cannot read it."""
    from binhdang.plans import ingest

    try:
        extracted = ingest.read_plan(data, filename)
    except ingest.IngestError as error:
        raise ValidationError(error.message) from error
    except Exception as error:  # a document the reader trips over must not cost the user a 500 page
        logger.exception("Reading the plan document %s failed", filename)
        raise ValidationError(
            _("The document could not be read. Save it again as .docx or as text and upload that.")
        ) from error
    if not isinstance(extracted, dict):
        raise ValidationError(_("The document could not be read. Save it again as .docx or as text and upload that."))
    return extracted


def _drafts(user: Any) -> Any:
    return scope.restrict(PlanDraft.objects.select_related("unit", "plan", "user"), user).defer("data")


@login_required
@require_http_methods(["GET", "POST"])
def draft_upload(request: HttpRequest) -> HttpResponse:
    """Upload a plan document: it is read, and what was read waits as a draft for the user's review."""
    scope.require(scope.has_right(request.user, "manage_plans"))
    form = DraftUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        # The reader goes by the name's ending: give it the one of what the bytes are.
        name = upload.name or "document"
        endings = KINDS[form.kind][1]
        if not name.lower().endswith(endings):
            name = f"{name.rsplit('.', 1)[0]}{endings[0]}"
        try:
            extracted = read_plan(data, name)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            draft = PlanDraft.objects.create(
                user=request.user,
                unit=form.cleaned_data["unit"],
                file_name=name[:255],
                file_hash=hashlib.sha256(data).hexdigest(),
                file_size=len(data),
                data=data,
                extracted=extracted,
            )
            return redirect("plans:draft_review", pk=draft.pk)
    waiting = _drafts(request.user).filter(status=PlanDraft.Status.DRAFT)[:50]
    return render(request, "plans/draft_upload.html", {"form": form, "drafts": waiting})


def _draft_or_404(request: HttpRequest, pk: int) -> PlanDraft:
    draft = _drafts(request.user).filter(pk=pk).first()
    if draft is None:
        raise Http404(_("No such draft in your scope."))
    return draft


@login_required
@require_http_methods(["GET", "POST"])
def draft_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Every field read from the document, editable; "Check" shows what is wrong, "Confirm" creates the plan."""
    scope.require(scope.has_right(request.user, "manage_plans"))
    draft = _draft_or_404(request, pk)
    if draft.status != PlanDraft.Status.DRAFT:
        if request.method == "POST":
            messages.info(request, _("This draft is closed: nothing was changed."))
            if draft.plan_id:
                return redirect("plans:plan_detail", pk=draft.plan_id)
            return redirect("plans:draft_review", pk=draft.pk)
        return render(request, "plans/draft_closed.html", {"draft": draft})
    review = DraftReview(draft, request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and review.is_valid():
        cleaned = review.cleaned()
        if request.POST.get("action") == "confirm":
            try:
                plan = drafts.confirm(draft, cleaned, request.user)
            except drafts.DraftInvalid as error:
                review.add_problems(error.problems)
            except drafts.DraftClosed as error:
                messages.error(request, str(error))
                return redirect("plans:draft_upload")
            else:
                messages.success(request, _("The plan was created from the document."))
                return redirect("plans:plan_detail", pk=plan.pk)
        else:
            review.add_problems(drafts.problems(cleaned, draft.unit, request.user))
            if not review.problems:
                messages.info(request, _("No problems found: confirm to create the plan."))
    extracted = draft.extracted if isinstance(draft.extracted, dict) else {}
    read_issuer = extracted.get("issuer") if isinstance(extracted.get("issuer"), str) else ""
    same_file = (
        _drafts(request.user)
        .filter(file_hash=draft.file_hash, status=PlanDraft.Status.CONFIRMED, plan__isnull=False)
        .exclude(pk=draft.pk)
        .first()
    )
    context = {
        "draft": draft,
        "review": review,
        "errors": review.error_list() if request.method == "POST" else [],
        "missing": drafts.missing_text(extracted),
        "number_as_printed": extracted.get("number_as_printed") or "",
        "read_issuer": read_issuer,
        "issuer_differs": bool(read_issuer) and drafts.match_unit(read_issuer, [draft.unit]) is None,
        "same_file": same_file,
        "units": review.units,
    }
    return render(request, "plans/draft_review.html", context, status=200)


@login_required
@require_POST
def draft_discard(request: HttpRequest, pk: int) -> HttpResponse:
    scope.require(scope.has_right(request.user, "manage_plans"))
    draft = _draft_or_404(request, pk)
    if draft.status == PlanDraft.Status.DRAFT:
        PlanDraft.objects.filter(pk=draft.pk, status=PlanDraft.Status.DRAFT).update(status=PlanDraft.Status.DISCARDED)
        messages.success(request, _("The draft was discarded."))
    else:
        messages.info(request, _("This draft is closed: nothing was changed."))
    return redirect("plans:draft_upload")
