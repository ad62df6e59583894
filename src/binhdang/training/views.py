"""Pages of the training app: the list of classes, a class's page, its nominations, enrolment, attendance
grid, evaluation, completion, and the printable attendance sheet and list of participants."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from binhdang.accounts import scope
from binhdang.core.models import AuditEntry
from binhdang.core.vietnamese import fold, format_date, name_sort_key, split_full_name
from binhdang.core.views import paginate
from binhdang.registry.models import Person
from binhdang.training import services
from binhdang.training.forms import GuestForm, NominationForm, TrainingClassForm, parse_day
from binhdang.training.models import Attendance, Participant, TrainingClass

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CANDIDATES_SHOWN = 50  # people offered at once on the enrolment page; the search narrows them
BLANK_ROWS = 5  # empty lines on the attendance sheet for people who come without being enrolled


def _class_or_404(request: HttpRequest, pk: int, action: str = "view") -> TrainingClass:
    classes = TrainingClass.objects.select_related("organiser", "plan", "task")
    course = scope.restrict(classes, request.user, action).filter(pk=pk).first()
    if course is None:
        if action != "view" and scope.restrict(TrainingClass.objects.all(), request.user).filter(pk=pk).exists():
            scope.require(False)
        raise Http404(_("No such training class in your scope."))
    return course


def _int(value: Any) -> int | None:
    text = str(value or "")
    return int(text) if text.isascii() and text.isdigit() and len(text) < 12 else None


def _sorted(participants: list[Participant]) -> list[Participant]:
    """In the Vietnamese order of names (given name first), guests among the registry people."""

    def key(participant: Participant) -> tuple[str, int]:
        if participant.person_id:
            return participant.person.sort_key, participant.pk
        return name_sort_key(*split_full_name(participant.guest_name)), participant.pk

    return sorted(participants, key=key)


def _rows(course: TrainingClass, participants: QuerySet[Participant]) -> list[dict[str, Any]]:
    """Participants with their unit and attended days, for the tables and the printouts."""
    people = _sorted(list(participants.select_related("person", "nominated_by__unit", "training_record")))
    units = services.units_on(course, people)
    present = services.attended_days(course)
    return [
        {
            "participant": p,
            "number": number,
            "unit": services.unit_name(p, units),
            "present": present.get(p.pk, 0),
        }
        for number, p in enumerate(people, start=1)
    ]


# --- List, create, edit, delete ----------------------------------------------------------------------------


@login_required
def class_list(request: HttpRequest) -> HttpResponse:
    scope.require(scope.has_right(request.user, "view_aggregate"))
    classes = services.visible_classes(request.user).annotate(
        participant_count=Count("participants", distinct=True)
    )
    status = request.GET.get("status", "")
    if status in TrainingClass.Status.values:
        classes = classes.filter(status=status)
    year = _int(request.GET.get("year"))
    if year is not None and 2000 <= year <= 2100:
        classes = classes.filter(start_date__year=year)
    page = paginate(request, classes.order_by("-start_date", "title", "pk"))
    for course in page:
        course.participants_shown = scope.suppress_small(course.participant_count, request.user)
    return render(
        request,
        "training/class_list.html",
        {
            "page": page,
            "statuses": TrainingClass.Status.choices,
            "status": status,
            "year": year or "",
            "can_create": scope.has_right(request.user, "record_activities"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def class_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    scope.require(scope.has_right(request.user, "record_activities"))
    course = _class_or_404(request, pk, "change") if pk else None
    form = TrainingClassForm(request.POST or None, instance=course, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if course is None:
                form.instance.created_by = request.user
            saved = form.save()
        messages.success(request, _("Saved."))
        return redirect("training:class_detail", pk=saved.pk)
    return render(request, "training/class_form.html", {"form": form, "course": course})


@login_required
@require_http_methods(["GET", "POST"])
def class_delete(request: HttpRequest, pk: int) -> HttpResponse:
    scope.require(scope.has_right(request.user, "record_activities"))
    course = _class_or_404(request, pk, "change")
    if course.status == TrainingClass.Status.COMPLETED:
        messages.error(request, _("A completed class has written training records and cannot be deleted."))
        return redirect("training:class_detail", pk=course.pk)
    if request.method == "POST":
        title = course.title
        course.delete()
        messages.success(request, _("Deleted the class “%(title)s”.") % {"title": title})
        return redirect("training:class_list")
    return render(
        request, "training/class_confirm_delete.html", {"course": course, "participants": course.participants.count()}
    )


# --- The class page ----------------------------------------------------------------------------------------


@login_required
def class_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope.require(scope.has_right(request.user, "view_aggregate"))
    course = _class_or_404(request, pk)
    user = request.user
    figures = services.figures(course)
    small = scope.suppress_small
    hidden = isinstance(small(figures.total, user), str)  # too few to show anything derived from them
    female, male = small(figures.female, user), small(figures.male, user)
    if isinstance(female, str) or isinstance(male, str):
        # With the total shown, the other sex would give the hidden count away.
        female, male = (female if isinstance(female, str) else "—"), (male if isinstance(male, str) else "—")
    nominations = [
        {"nomination": n, "enrolled": small(figures.by_nomination.get(n.pk, 0), user)}
        for n in course.nominations.select_related("unit").order_by("unit__path")
    ]
    rows = _rows(course, services.named(course, user)) if scope.has_right(user, "view_person") else []
    # The organiser names people of other agencies, whose registry pages it may not open.
    ids = [row["participant"].person_id for row in rows if row["participant"].person_id]
    linked = set(scope.restrict(Person.objects.filter(pk__in=ids), user).values_list("pk", flat=True)) if ids else set()
    context = {
        "course": course,
        "manages": services.manages(course, user),
        "may_enrol": services.may_enrol(course, user),
        "nominations": nominations,
        "quota_total": sum(n["nomination"].quota for n in nominations),
        "total": small(figures.total, user),
        "female": female,
        "male": male,
        "minority": small(figures.minority, user) if scope.has_right(user, "view_sensitive") else None,
        "guests": small(figures.guests, user),
        "completed_count": small(figures.completed, user),
        "days": [] if hidden else figures.days,
        "evaluated": small(figures.evaluated, user),
        "averages": None if isinstance(small(figures.evaluated, user), str) else figures,
        "rows": rows,
        "linked": linked,
        "not_shown": max(figures.total - len(rows), 0) if scope.has_right(user, "view_person") else 0,
        "can_see_people": scope.has_right(user, "view_person"),
        "today": timezone.localdate(),
    }
    return render(request, "training/class_detail.html", context)


# --- Nominations -------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def class_nominations(request: HttpRequest, pk: int) -> HttpResponse:
    scope.require(scope.has_right(request.user, "record_activities"))
    course = _class_or_404(request, pk, "change")
    form = NominationForm(user=request.user, course=course)
    if request.method == "POST":
        action = request.POST.get("action", "add")
        nomination = None
        if action in ("update", "delete"):
            nomination = course.nominations.filter(pk=_int(request.POST.get("nomination"))).first()
            if nomination is None:
                messages.error(request, _("This nomination does not exist (any more)."))
                return redirect("training:class_nominations", pk=course.pk)
        if action == "delete":
            if nomination.participants.exists():
                messages.error(
                    request,
                    _("%(unit)s has enrolled people; remove them before withdrawing the nomination.")
                    % {"unit": nomination.unit.name},
                )
            else:
                nomination.delete()
                messages.success(request, _("Nomination withdrawn."))
            return redirect("training:class_nominations", pk=course.pk)
        bound = NominationForm(request.POST, instance=nomination, user=request.user, course=course)
        if bound.is_valid():
            bound.save()
            messages.success(request, _("Saved."))
            return redirect("training:class_nominations", pk=course.pk)
        if nomination is None:
            form = bound
        else:
            for errors in bound.errors.values():
                for error in errors:
                    messages.error(request, f"{nomination.unit.name}: {error}")
    counts = dict(
        course.participants.filter(nominated_by__isnull=False).values_list("nominated_by").annotate(n=Count("pk"))
    )
    nominations = [
        {"nomination": n, "enrolled": counts.get(n.pk, 0)}
        for n in course.nominations.select_related("unit").order_by("unit__path")
    ]
    return render(
        request, "training/nominations.html", {"course": course, "form": form, "nominations": nominations}
    )


# --- Enrolment ---------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def class_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    scope.require(scope.has_right(request.user, "record_activities"))
    course = _class_or_404(request, pk, "enrol")
    user = request.user
    organiser_side = services.manages(course, user)
    nominations = list(services.own_nominations(course, user))
    by_pk = {n.pk: n for n in nominations}
    guest_form = GuestForm(nominations=nominations, organiser_side=organiser_side)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "person":
                raw = request.POST.get("nomination", "")
                nomination = by_pk.get(_int(raw))
                if raw not in ("", "own") and nomination is None:
                    raise ValidationError(_("You may not enrol people under this nomination."))
                person = Person.objects.filter(pk=_int(request.POST.get("person"))).first()
                if person is None:
                    raise ValidationError(_("Choose a person from the list."))
                participant = services.enrol_person(course, user, person, nomination)
                messages.success(request, _("Enrolled %(name)s.") % {"name": participant.full_name})
                return _back_to_enrol(course, request)
            if action == "remove":
                participant = course.participants.filter(pk=_int(request.POST.get("participant"))).first()
                if participant is None:
                    raise ValidationError(_("This participant is not in the class (any more)."))
                name = participant.full_name
                services.remove(course, user, participant)
                messages.success(request, _("Removed %(name)s from the class.") % {"name": name})
                return _back_to_enrol(course, request)
            if action == "guest":
                guest_form = GuestForm(request.POST, nominations=nominations, organiser_side=organiser_side)
                if guest_form.is_valid():
                    data = guest_form.cleaned_data
                    guest = services.Guest(
                        data["guest_name"], data["guest_sex"], data["guest_unit_text"], data["guest_is_minority"]
                    )
                    participant = services.enrol_guest(course, user, guest, data["nomination"])
                    messages.success(request, _("Enrolled %(name)s.") % {"name": participant.full_name})
                    return _back_to_enrol(course, request)
            else:
                raise ValidationError(_("Unknown action."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
    # Whose staff to offer: a nomination of the user's, or the organiser's own staff ("own").
    wanted = request.GET.get("nomination", "")
    chosen = by_pk.get(_int(wanted))
    if chosen is None and not (organiser_side and wanted == "own"):
        chosen = nominations[0] if nominations and not organiser_side else None
    own = chosen is None and organiser_side
    query = request.GET.get("q", "")[:80]
    people: list[Person] = []
    if chosen is not None or own:
        found = services.candidates(course, user, chosen)
        folded = fold(query)
        if folded:
            found = found.filter(search_text__contains=folded)
        people = list(found.order_by("sort_key", "pk")[:CANDIDATES_SHOWN])
    units = services.units_on(course, [Participant(person=p, person_id=p.pk) for p in people])
    counts = dict(
        course.participants.filter(nominated_by__isnull=False).values_list("nominated_by").annotate(n=Count("pk"))
    )
    full = chosen is not None and counts.get(chosen.pk, 0) >= chosen.quota
    context = {
        "course": course,
        "organiser_side": organiser_side,
        "full": full,
        "nominations": [{"nomination": n, "enrolled": counts.get(n.pk, 0)} for n in nominations],
        "chosen": chosen,
        "own": own,
        "query": query,
        "candidates": [{"person": p, "unit": units.get(p.pk, "")} for p in people],
        "limited": len(people) == CANDIDATES_SHOWN,
        "guest_form": guest_form,
        "enrolled": _rows(course, services.removable(course, user)),
        "closed": course.is_closed or (not organiser_side and course.status != TrainingClass.Status.OPEN),
    }
    return render(request, "training/enrol.html", context)


def _back_to_enrol(course: TrainingClass, request: HttpRequest) -> HttpResponse:
    response = redirect("training:class_enrol", pk=course.pk)
    nomination = _int(request.POST.get("nomination"))
    if nomination is not None:
        response["Location"] += f"?nomination={nomination}"
    elif request.POST.get("nomination") == "own":
        response["Location"] += "?nomination=own"
    return response


# --- Attendance and evaluation -----------------------------------------------------------------------------


def _marks(request: HttpRequest, course: TrainingClass) -> tuple[list[services.Mark], list[str]]:
    """The grid's checkboxes as marks: every listed row gets a mark for every day of the class (an unticked
    box is an absence); a box for a day outside the class is kept, so that it is refused by name."""
    errors: list[str] = []
    rows = []
    for raw in request.POST.getlist("row"):
        pid = _int(raw)
        if pid is None:
            errors.append(_("The form was damaged; reload the page and try again."))
            continue
        rows.append(pid)
    ticked: set[tuple[int, datetime.date]] = set()
    for key in request.POST:
        if not key.startswith("present-"):
            continue
        _prefix, _sep, rest = key.partition("-")
        pid_text, _sep, day_text = rest.partition("-")
        pid, day = _int(pid_text), parse_day(day_text)
        if pid is None or day is None:
            errors.append(_("The form was damaged; reload the page and try again."))
            continue
        ticked.add((pid, day))
    marks = [services.Mark(pid, day, (pid, day) in ticked) for pid in rows for day in course.days]
    outside = [(pid, day) for pid, day in sorted(ticked) if not course.start_date <= day <= course.end_date]
    marks += [services.Mark(pid, day, True) for pid, day in outside]
    return marks, sorted(set(errors))


@login_required
@require_http_methods(["GET", "POST"])
def class_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    scope.require(scope.has_right(request.user, "record_activities"))
    course = _class_or_404(request, pk, "change")
    errors: list[str] = []
    if request.method == "POST":
        marks, errors = _marks(request, course)
        if not errors:
            try:
                changed = services.save_attendance(course, marks)
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(request, _("Attendance saved (%(n)d changes).") % {"n": changed})
                return redirect("training:class_attendance", pk=course.pk)
    rows = _rows(course, course.participants.all())
    present = {
        (a.participant_id, a.day)
        for a in Attendance.objects.filter(participant__training_class=course, present=True)
    }
    days = course.days
    grid = [
        {**row, "cells": [{"day": day, "present": (row["participant"].pk, day) in present} for day in days]}
        for row in rows
    ]
    return render(
        request,
        "training/attendance.html",
        {"course": course, "days": days, "grid": grid, "errors": errors, "closed": course.is_closed},
    )


@login_required
@require_http_methods(["GET", "POST"])
def class_evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    scope.require(scope.has_right(request.user, "record_activities"))
    course = _class_or_404(request, pk, "change")
    errors: list[str] = []
    posted: dict[int, services.Scores] = {}
    if request.method == "POST":
        for raw in request.POST.getlist("row"):
            pid = _int(raw)
            if pid is None:
                errors.append(_("The form was damaged; reload the page and try again."))
                continue
            posted[pid] = services.Scores(
                pid,
                request.POST.get(f"before-{pid}", "")[:20],
                request.POST.get(f"after-{pid}", "")[:20],
                request.POST.get(f"satisfaction-{pid}", "")[:20],
            )
        if not errors:
            try:
                changed = services.save_evaluation(course, list(posted.values()))
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(request, _("Evaluation saved (%(n)d participants changed).") % {"n": changed})
                return redirect("training:class_evaluation", pk=course.pk)
    rows = _rows(course, course.participants.all())
    for row in rows:
        participant = row["participant"]
        sent = posted.get(participant.pk)
        row["before"] = sent.before if sent else _decimal(participant.score_before)
        row["after"] = sent.after if sent else _decimal(participant.score_after)
        row["satisfaction"] = sent.satisfaction if sent else str(participant.satisfaction or "")
    return render(
        request,
        "training/evaluation.html",
        {"course": course, "rows": rows, "errors": errors, "closed": course.status == TrainingClass.Status.CANCELLED},
    )


def _decimal(value: Any) -> str:
    return "" if value is None else f"{value:.1f}".replace(".", ",")


@login_required
@require_POST
def class_complete(request: HttpRequest, pk: int) -> HttpResponse:
    scope.require(scope.has_right(request.user, "record_activities"))
    course = _class_or_404(request, pk, "change")
    try:
        result = services.complete(course, request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if result.already:
            messages.info(request, _("This class was already completed; nothing was changed."))
        else:
            messages.success(
                request,
                _("Class completed: %(records)d training records written, %(completed)d of them completed.")
                % {"records": result.records, "completed": result.completed},
            )
    return redirect("training:class_detail", pk=course.pk)


# --- Printouts and export ----------------------------------------------------------------------------------


@login_required
def attendance_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The sheet participants sign at the venue, one column per day (A4, landscape when the class is long)."""
    scope.require(scope.has_right(request.user, "record_activities"))
    course = _class_or_404(request, pk, "change")
    rows = _rows(course, course.participants.all())
    blanks = range(len(rows) + 1, len(rows) + 1 + BLANK_ROWS)
    return render(
        request,
        "training/attendance_sheet.html",
        {"course": course, "rows": rows, "days": course.days, "blanks": blanks, "landscape": len(course.days) > 3},
    )


@login_required
def participant_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The participants the user may name: all of them for the organiser's side, a unit's own otherwise."""
    scope.require(scope.has_right(request.user, "view_person"))
    course = _class_or_404(request, pk)
    rows = _rows(course, services.named(course, request.user))
    if request.GET.get("format") == "xlsx":
        return _xlsx(request, course, rows)
    return render(
        request,
        "training/participant_list.html",
        {"course": course, "rows": rows, "sensitive": scope.has_right(request.user, "view_sensitive")},
    )


def _xlsx(request: HttpRequest, course: TrainingClass, rows: list[dict[str, Any]]) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from binhdang.core.cells import text_cells

    book = Workbook()
    sheet = book.active
    sheet.title = _("Participants")[:31]
    sheet.append([course.title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_("Dates: %(dates)s") % {"dates": course.dates_display}])
    sheet.append([_("Venue: %(venue)s") % {"venue": course.venue or "—"}])
    sheet.append([_("Organised by: %(unit)s") % {"unit": course.organiser.name}])
    sheet.append([])
    sensitive = scope.has_right(request.user, "view_sensitive")
    headings = [_("No."), _("Full name"), _("Sex"), _("Unit"), _("Guest")]
    if sensitive:
        headings.append(_("Ethnic minority"))
    headings += [_("Days present"), _("Score before"), _("Score after"), _("Satisfaction"), _("Completed")]
    sheet.append(headings)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    yes, no = _("yes"), _("no")
    for row in rows:
        p = row["participant"]
        values: list[Any] = [row["number"], p.full_name, _sex_label(p.sex), row["unit"], yes if p.is_guest else no]
        if sensitive:
            values.append(yes if p.is_minority else no)
        record = p.training_record
        values += [
            row["present"],
            float(p.score_before) if p.score_before is not None else None,
            float(p.score_after) if p.score_after is not None else None,
            p.satisfaction,
            (yes if record.completed else no) if record else "",
        ]
        sheet.append(values)
    for letter, width in zip("ABCDEFGHIJK", (6, 30, 8, 36, 8, 10, 10, 10, 10, 10, 10), strict=False):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    text_cells(book).save(out)  # names, titles and venues are typed by users
    out.seek(0)
    AuditEntry.objects.create(
        actor=request.user,
        action=AuditEntry.Action.EXPORT,
        model="training.participant",
        object_id=course.pk,
        object_repr=(_("Participants of “%(title)s”: %(count)d people") % {"title": course.title, "count": len(rows)})[
            :300
        ],
        changes={"count": len(rows)},
        unit_id=course.organiser_id,
    )
    name = f"hoc-vien-lop-{course.pk}-{format_date(course.start_date).replace('/', '')}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX)


def _sex_label(code: str) -> str:
    from binhdang.registry.choices import Sex

    return str(Sex(code).label) if code in Sex.values else ""

