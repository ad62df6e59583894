"""Who owes which report by when, from the plans' report schedules.

A plan's `ReportDeadline` binds either the issuing unit itself (it reports upward: "báo cáo ... gửi
Sở Lao động - Thương binh và Xã hội trước ngày 15/6") or the agencies below the issuer (they report to
it: "các đơn vị báo cáo về Sở trước ngày 1/6"). A half-year report ("2026-H1") is due at the half-year
deadline of that year, an annual one ("2026") at the annual deadline; with several plans, the earliest
date counts. A deadline set by the plan above (the parent's, for its subordinates) is never replaced by one
the unit's own plan sets: the unit's own deadlines count only for a kind and year the plan above leaves open.
So a department whose plan asks its schools for the half-year report by 1/6, and sends its own to the
province by 5/6 ("báo cáo … về Ban VSTBPN tỉnh"), owes the province the date the province set. The level
above sees, for the agencies that report to it, who submitted on time, late or not at all.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from binhdang.orgs.models import OrgUnit
from binhdang.plans.models import PlanStatus, ReportDeadline, ReportKind
from binhdang.reports.models import Report


def kind_for(period: str) -> str:
    return ReportKind.HALF_YEAR if "-H" in period else ReportKind.ANNUAL


def reporting_parent(unit: OrgUnit) -> OrgUnit | None:
    """The agency a unit reports to: the nearest agency above it (the province at the top)."""
    for ancestor in reversed(OrgUnit.objects.get_ancestors(unit)):
        if ancestor.is_agency or ancestor.depth == 1:
            return ancestor
    return None


def _own(unit_or_units: OrgUnit | list[OrgUnit]) -> Q:
    if isinstance(unit_or_units, list):
        return Q(plan__issuer__in=unit_or_units, reporter=ReportDeadline.Reporter.ISSUER)
    return Q(plan__issuer=unit_or_units, reporter=ReportDeadline.Reporter.ISSUER)


def _from_above(parent: OrgUnit) -> Q:
    return Q(plan__issuer=parent, reporter=ReportDeadline.Reporter.SUBORDINATES)


def _earliest(deadlines: list[ReportDeadline], year: int) -> datetime.date | None:
    dates = [
        day
        for deadline in deadlines
        for day in deadline.occurrences(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    ]
    return min(dates) if dates else None


def _deadlines(binding: Q, kind: str, year: int) -> list[ReportDeadline]:
    return list(
        ReportDeadline.objects.filter(binding, kind=kind, plan__period_start__lte=year, plan__period_end__gte=year)
        .exclude(plan__status=PlanStatus.WITHDRAWN)
        .select_related("plan")
    )


def _first_set(above: list[ReportDeadline], own: list[ReportDeadline], year: int) -> datetime.date | None:
    """The plan above decides when it sets a date for the year; else the unit's own plan."""
    return _earliest(above, year) or _earliest(own, year)


def due_date_for(unit: OrgUnit, kind: str, period: str) -> datetime.date | None:
    """The due date of the unit's report of this kind and period, None if no plan sets one."""
    if kind == ReportKind.AD_HOC:
        return None
    year = int(period[:4])
    parent = reporting_parent(unit)
    above = _deadlines(_from_above(parent), kind, year) if parent is not None else []
    return _first_set(above, _deadlines(_own(unit), kind, year), year)


def due_dates_below(
    parent: OrgUnit, agencies: list[OrgUnit], kind: str, period: str
) -> dict[int, datetime.date | None]:
    """`due_date_for` of every agency reporting to `parent`, in two queries: the parent's deadlines for its
    subordinates are shared, only the agencies' own deadlines differ."""
    if kind == ReportKind.AD_HOC:
        return {agency.pk: None for agency in agencies}
    year = int(period[:4])
    shared = _deadlines(_from_above(parent), kind, year)
    own: dict[int, list[ReportDeadline]] = {}
    for deadline in _deadlines(_own(agencies), kind, year):
        own.setdefault(deadline.plan.issuer_id, []).append(deadline)
    return {agency.pk: _first_set(shared, own.get(agency.pk, []), year) for agency in agencies}


def reporting_agencies(unit: OrgUnit, day: datetime.date | None = None) -> list[OrgUnit]:
    """The agencies that report to `unit` on `day` (today by default): the nearest agencies below it among
    the units that exist that day (a department merged away no longer owes reports)."""
    day = day or datetime.date.today()
    below = (
        OrgUnit.objects.filter(path__startswith=unit.path, depth__gt=unit.depth, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("path")
    )
    found: list[OrgUnit] = []
    # Units reached through non-agencies only; under an agency, or under a unit gone that day, nothing is.
    reachable = {unit.path}
    for child in below:
        if child.path[: -unit.steplen] not in reachable:
            continue
        if child.is_agency:
            found.append(child)
        else:
            reachable.add(child.path)
    return found


@dataclass
class Submission:
    unit: OrgUnit
    due_date: datetime.date | None
    report: Report | None
    state: str  # "accepted", "on_time", "late", "returned", "draft", "missing", "not_due"

    def is_late(self, today: datetime.date) -> bool:
        """The one rule of lateness, for the table and its summary: submitted after the due date (the day in
        Vietnam), or not submitted and past it."""
        if self.due_date is None:
            return False
        if self.report is not None and self.report.submitted_at is not None:
            return timezone.localdate(self.report.submitted_at) > self.due_date
        return today > self.due_date

    @property
    def late_days(self) -> int:
        if self.due_date is None or self.report is None or self.report.submitted_at is None:
            return 0
        return max((timezone.localdate(self.report.submitted_at) - self.due_date).days, 0)


def submissions(unit: OrgUnit, kind: str, period: str, today: datetime.date) -> list[Submission]:
    """For each agency reporting to `unit`: its report of the period and where it stands."""
    from binhdang.indicators.models import period_bounds

    start, end = period_bounds(period)
    agencies = reporting_agencies(unit, min(end, max(today, start)))
    shared_parent = unit.is_agency or unit.depth == 1
    due_dates = due_dates_below(unit, agencies, kind, period) if shared_parent else {}
    reports = {
        r.unit_id: r
        for r in Report.objects.filter(unit__in=agencies, kind=kind, period=period).select_related("submitted_by")
    }
    rows = []
    for agency in agencies:
        report = reports.get(agency.pk)
        if report and report.due_date:
            due = report.due_date
        else:
            due = due_dates[agency.pk] if shared_parent else due_date_for(agency, kind, period)
        if report is not None and report.status == Report.Status.ACCEPTED:
            state = "accepted"
        elif report is not None and report.status == Report.Status.SUBMITTED:
            state = "late" if report.is_late(today) else "on_time"
        elif report is not None and report.status == Report.Status.RETURNED:
            state = "returned"
        elif due is not None and today > due:
            state = "missing"
        else:
            state = "draft" if report is not None else "not_due"
        rows.append(Submission(agency, due, report, state))
    return rows
