"""The life of a report: opened as a draft, submitted by a leader (figures frozen), then accepted or
returned with a comment by the unit above; a returned report is corrected and submitted again.

Each step checks the user's scope, changes the report in one transaction (the row locked, so a
double click or two reviewers cannot both act) and records a `ReportEvent`. A step that may not
happen raises `WorkflowError` with a sentence for the user and changes nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdang.accounts import scope
from binhdang.orgs.models import OrgUnit
from binhdang.reports.models import REQUIRED_SECTIONS, SECTIONS, Report, ReportEvent
from binhdang.reports.reminders import notify_returned


class WorkflowError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _locked(report: Report) -> Report:
    return Report.objects.select_for_update().select_related("unit").get(pk=report.pk)


def _require(user: Any, action: str, report: Report) -> None:
    if not scope.restrict(Report.objects.filter(pk=report.pk), user, action).exists():
        raise WorkflowError(_("You do not have permission to do this."))


def open_report(
    user: Any, unit: OrgUnit, kind: str, period: str, *, today: datetime.date | None = None
) -> tuple[Report, bool]:
    """The unit's report of that kind and period, created as a draft if there is none yet."""
    from binhdang.reports.obligations import due_date_for

    if not scope.can_use_unit(user, unit, "write_reports"):
        raise WorkflowError(_("You do not have permission to do this."))
    today = today or timezone.localdate()
    with transaction.atomic():
        existing = Report.objects.filter(unit=unit, kind=kind, period=period).exclude(kind="ad_hoc").first()
        if existing is not None:
            return existing, False
        report = Report(unit=unit, kind=kind, period=period)
        start, end = report.bounds
        report.due_date = due_date_for(unit, kind, period)
        # A half-year report due in early June tells the figures of its due day, not of 30/06.
        report.as_of = min(end, report.due_date) if report.due_date and report.due_date >= start else end
        report.signer_title, report.signer_name = head_of(unit, report.as_of)
        below = OrgUnit.objects.get_children(unit).filter(is_agency=True).exists()
        report.consolidated = below or unit.depth == 1
        report.full_clean()
        report.save()
        ReportEvent.objects.create(report=report, action=ReportEvent.Action.CREATED, by=user)
    return report, True


def head_of(unit: OrgUnit, day: datetime.date) -> tuple[str, str]:
    """The title and name of who holds the unit's head post on the day, from the registry's posts ("", "" if
    nobody does): the report's signer until the secretary writes another."""
    from binhdang.registry.choices import PostRank
    from binhdang.registry.models import Post

    post = (
        Post.objects.filter(unit=unit, rank=PostRank.HEAD, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .select_related("person")
        .order_by("-start_date", "-pk")
        .first()
    )
    if post is None:
        return "", ""
    return post.title[:120], post.person.full_name[:120]


def missing_sections(report: Report) -> list[str]:
    labels = dict(SECTIONS)
    return [str(labels[name]) for name in REQUIRED_SECTIONS if not getattr(report, name).strip()]


def submit(report: Report, user: Any) -> Report:
    """Freeze the figures as of the report's day and send the report to the unit above."""
    from binhdang.reports.assembly import assemble

    with transaction.atomic():
        report = _locked(report)
        _require(user, "submit", report)
        if report.status in (Report.Status.SUBMITTED, Report.Status.ACCEPTED):
            raise WorkflowError(
                _("This report was already submitted on %(day)s; it cannot be submitted twice.")
                % {"day": timezone.localtime(report.submitted_at).strftime("%d/%m/%Y %H:%M")}
            )
        missing = missing_sections(report)
        if missing:
            raise WorkflowError(
                _("Write these sections before submitting: %(sections)s.") % {"sections": ", ".join(missing)}
            )
        report.figures = assemble(report)
        report.status = Report.Status.SUBMITTED
        report.submitted_at = timezone.now()
        report.submitted_by = user
        report.reviewed_at = None
        report.reviewed_by = None
        report.version += 1
        report.save()
        ReportEvent.objects.create(report=report, action=ReportEvent.Action.SUBMITTED, by=user)
    return report


def return_report(report: Report, user: Any, comment: str) -> Report:
    """Send a submitted report back for correction; the comment says what to correct."""
    comment = (comment or "").strip()
    with transaction.atomic():
        report = _locked(report)
        _require(user, "review", report)
        if report.status != Report.Status.SUBMITTED:
            raise WorkflowError(_("Only a submitted report can be returned; this one is %(status)s.")
                                % {"status": report.get_status_display()})  # fmt: skip
        if not comment:
            raise WorkflowError(_("Say what must be corrected: the comment is required to return a report."))
        report.status = Report.Status.RETURNED
        report.figures = {}  # live again while it is corrected
        report.reviewed_at = timezone.now()
        report.reviewed_by = user
        report.version += 1
        report.save()
        event = ReportEvent.objects.create(report=report, action=ReportEvent.Action.RETURNED, by=user, comment=comment)
        transaction.on_commit(lambda: notify_returned(report, getattr(user, "unit", None), comment, event.pk))
    return report


def accept(report: Report, user: Any, comment: str = "") -> Report:
    with transaction.atomic():
        report = _locked(report)
        _require(user, "review", report)
        if report.status != Report.Status.SUBMITTED:
            raise WorkflowError(_("Only a submitted report can be accepted; this one is %(status)s.")
                                % {"status": report.get_status_display()})  # fmt: skip
        report.status = Report.Status.ACCEPTED
        report.reviewed_at = timezone.now()
        report.reviewed_by = user
        report.version += 1
        report.save()
        ReportEvent.objects.create(
            report=report, action=ReportEvent.Action.ACCEPTED, by=user, comment=(comment or "").strip()
        )
    return report
