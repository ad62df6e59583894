"""What a report says in numbers, assembled from the data as of the report's day.

A unit's own report counts its whole subtree. A consolidated report (a unit with agencies below it)
adds up, for each agency directly below that reports to it, the figures that agency SUBMITTED (frozen),
and the unit's own part from the live data (its subtree without those agencies' subtrees); an agency
that has not submitted is counted from the live data and flagged, so the total is never short and
never hides who is missing. Every figure is a count (numerators and denominators), so sums are exact;
shares are recomputed from the sums.
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.db.models import Q

from binhdang.indicators.catalogue import CATALOGUE, DATA_ELEMENTS
from binhdang.indicators.engine import Evaluation, Result, evaluate
from binhdang.indicators.models import AggregateValue, period_bounds
from binhdang.indicators.targets import _assess_one, applicable_targets
from binhdang.orgs.models import OrgUnit, subtree_q
from binhdang.reports.models import Report

FIGURES_VERSION = 1


def previous_period(period: str) -> str:
    """The period a report compares with: the same half of the year before for half-years
    (2026-H1 -> 2025-H1) and the year before for years."""
    year = int(period[:4])
    return f"{year - 1}{period[4:]}"


def reporting_agencies(evaluation: Evaluation, unit_id: int) -> list[int]:
    """The agencies that report to this unit: the nearest agencies below it in the tree of the day
    (divisions are part of the unit's own report)."""
    found: list[int] = []
    stack = list(reversed(evaluation.children(unit_id)))
    while stack:
        child = stack.pop()
        node = evaluation.tree.nodes[child]
        if node.is_agency:
            found.append(child)
        else:
            stack.extend(reversed(evaluation.children(child)))
    return found


def unknown_code(code: str) -> str:
    """The key of the unknowns of a share in a report's counts (beside the share's own key)."""
    return f"{code}:unknown"


def _indicator_counts(evaluation: Evaluation, unit_id: int) -> dict[str, list[int | None]]:
    counts: dict[str, list[int | None]] = {}
    for indicator in CATALOGUE:
        result = evaluation.result(indicator, unit_id)
        counts[indicator.code] = [result.numerator, result.denominator]
        if indicator.unknown:  # the people a share leaves out as unknown, added up like its counts
            counts[unknown_code(indicator.code)] = [result.unknown or 0, None]
    return counts


def _subtract(total: dict[str, list[int | None]], parts: list[dict[str, list[int | None]]]) -> dict:
    own: dict[str, list[int | None]] = {}
    for code, (numerator, denominator) in total.items():
        n = numerator - sum(part[code][0] or 0 for part in parts)
        d = None if denominator is None else denominator - sum(part[code][1] or 0 for part in parts)
        own[code] = [max(n, 0), None if d is None else max(d, 0)]
    return own


def _add(parts: list[dict[str, list[int | None]]]) -> dict[str, list[int | None]]:
    total: dict[str, list[int | None]] = {}
    for indicator in CATALOGUE:
        numerators = [part.get(indicator.code, [0, None])[0] or 0 for part in parts]
        denominators = [part.get(indicator.code, [0, None])[1] for part in parts]
        total[indicator.code] = [
            sum(numerators),
            None if indicator.denominator is None else sum(d or 0 for d in denominators),
        ]
        if indicator.unknown:
            code = unknown_code(indicator.code)
            total[code] = [sum(part.get(code, [0, None])[0] or 0 for part in parts), None]
    return total


def _rows(unit: OrgUnit, counts: dict[str, list[int | None]], previous: Evaluation, day: datetime.date) -> list:
    targets = applicable_targets(unit, day)
    rows = []
    for indicator in CATALOGUE:
        numerator, denominator = counts[indicator.code]
        value = (
            float(numerator or 0)
            if indicator.denominator is None
            else (100.0 * (numerator or 0) / denominator if denominator else None)
        )
        result = Result(numerator or 0, denominator, value)
        before = previous.result(indicator, unit.pk)
        assessment = _assess_one(indicator, result, targets.get((indicator.code, "")), before, day)
        target = assessment.target
        rows.append(
            {
                "code": indicator.code,
                "name": str(indicator.name),
                "numerator": numerator,
                "denominator": denominator,
                "value": None if value is None else round(value, 2),
                "previous_value": None if before.value is None else round(before.value, 2),
                "target": float(target.value) if target else None,
                "comparator": target.comparator if target else None,
                "target_year": target.year if target else None,
                "status": assessment.status,
                "gap_people": assessment.gap_people if target else None,
                "is_share": indicator.is_share,
                # How many people the share leaves out because their ethnicity is unknown (never guessed).
                "unknown": counts.get(unknown_code(indicator.code), [0])[0] if indicator.unknown else None,
            }
        )
    return rows


def _entered(units: Q, period: str) -> list[dict[str, Any]]:
    """Values entered for the period."""
    values = AggregateValue.objects.filter(units, period=period).values("element", "female", "male", "total")
    return _sum_entered(values)


def _sum_entered(rows: Any) -> list[dict[str, Any]]:
    sums: dict[str, Counter[str]] = {}
    for row in rows:
        bucket = sums.setdefault(row["element"], Counter())
        for key in ("female", "male", "total"):
            bucket[key] += row[key] or 0
    labels = {element.code: str(element.name) for element in DATA_ELEMENTS}
    return [
        {"element": code, "name": labels.get(code, code), **dict(bucket)}
        for code, bucket in sorted(sums.items())
        if code in labels
    ]


def _tasks(unit: OrgUnit, units: Q, day: datetime.date) -> dict[str, Any]:
    """Tasks in charge of units in the region, and tasks of the region's own plans without a unit."""
    from binhdang.plans.models import Task

    tasks = Task.objects.filter(
        Q(unit_in_charge__isnull=False, **{}) & _prefixed(units, "unit_in_charge__")
        | Q(unit_in_charge__isnull=True) & _prefixed(units, "plan__issuer__")
    ).select_related("plan")
    return _count_tasks(tasks, day)


def _count_tasks(tasks: Any, day: datetime.date) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    overdue = []
    for task in tasks:
        if task.plan.period_end < day.year or task.plan.period_start > day.year:
            continue
        counts[task.status] += 1
        counts["total"] += 1
        if task.is_overdue(day):
            counts["overdue"] += 1
            overdue.append({"plan": task.plan.number or task.plan.title[:60], "label": task.label, "text": task.text})
    return {**{key: counts[key] for key in ("total", "done", "in_progress", "not_started", "overdue")},
            "overdue_items": overdue[:50]}  # fmt: skip


def _prefixed(units: Q, prefix: str) -> Q:
    """The region filter (built on "unit__") re-rooted on another path to a unit."""
    clone = Q()
    clone.connector, clone.negated = units.connector, units.negated
    for child in units.children:
        if isinstance(child, Q):
            clone.children.append(_prefixed(child, prefix))
        else:
            key, value = child
            clone.children.append((prefix + key.removeprefix("unit__"), value))
    return clone


def region_q(unit: OrgUnit, excluded: list[OrgUnit]) -> Q:
    """Units of `unit`'s subtree outside the excluded subtrees, as a filter on "unit__"."""
    region = subtree_q(unit.path, "unit__")
    for other in excluded:
        region &= ~subtree_q(other.path, "unit__")
    return region


def assemble(report: Report, day: datetime.date | None = None) -> dict[str, Any]:
    """The report's figures as plain JSON-able data (frozen at submission), as of the report's day or
    the given one (a draft's live figures)."""
    unit, day = report.unit, day or report.as_of
    start, _end = period_bounds(report.period)
    previous_day = period_bounds(previous_period(report.period))[1]
    evaluation = evaluate(unit, day)
    previous = evaluate(unit, min(previous_day, day))
    figures: dict[str, Any] = {
        "version": FIGURES_VERSION,
        "unit": unit.name,
        "unit_code": unit.code,
        "period": report.period,
        "start": start.isoformat(),
        "as_of": day.isoformat(),
        "previous_as_of": previous.day.isoformat(),
        "consolidated": report.consolidated,
    }
    in_tree = unit.pk in evaluation.tree.nodes
    agency_ids = reporting_agencies(evaluation, unit.pk) if report.consolidated and in_tree else []
    agencies = {a.pk: a for a in OrgUnit.objects.filter(pk__in=agency_ids)}
    own_region = region_q(unit, list(agencies.values()))
    own_counts = _indicator_counts(evaluation, unit.pk) if in_tree else _add([])
    own_sections = _sections(unit, own_region, start, day, report.period)
    if not agency_ids:
        figures.update(own_sections)
        figures["indicators"] = _rows(unit, own_counts, previous, day)
        figures["counts"] = own_counts
        figures["parts"] = []
    else:
        submitted = {
            r.unit_id: r
            for r in Report.objects.filter(
                unit_id__in=agency_ids,
                kind=report.kind,
                period=report.period,
                status__in=(Report.Status.SUBMITTED, Report.Status.ACCEPTED),
            )
        }
        live = [a for a in agency_ids if not (a in submitted and submitted[a].figures.get("counts"))]
        live_sections = _sections_by_agency(unit, [agencies[a] for a in live], start, day, report.period)
        parts = []
        for agency_id in agency_ids:
            agency = agencies[agency_id]
            child = submitted.get(agency_id)
            if agency_id not in live and child is not None:
                part = {key: child.figures.get(key) for key in ("counts", *SECTION_KEYS)}
                source = "submitted"
            else:
                part = {"counts": _indicator_counts(evaluation, agency_id), **live_sections[agency_id]}
                source = "live"
            parts.append(
                {
                    "unit_id": agency_id,
                    "unit": agency.name,
                    "code": agency.code,
                    "source": source,
                    "report_id": child.pk if child else None,
                    "status": child.status if child else None,
                    "submitted_at": child.submitted_at.isoformat() if child and child.submitted_at else None,
                    **part,
                }
            )
        own = _subtract(own_counts, [_indicator_counts(evaluation, a) for a in agency_ids])
        total = _add([own, *[part["counts"] for part in parts]])
        figures["indicators"] = _rows(unit, total, previous, day)
        figures["counts"] = total
        figures["own_counts"] = own
        figures["parts"] = parts
        figures.update(_merge_sections([own_sections, *parts]))
    # Training classes are counted over the whole subtree from the data: a class is usually organised
    # by one unit (the standing agency) for people of many, so adding up the agencies' reports would
    # count its participants more than once.
    figures["training"] = _training(unit, start, day)
    figures["plans"] = _plans(unit, start, day)
    return figures


def _plans(unit: OrgUnit, start: datetime.date, day: datetime.date) -> list[dict[str, Any]]:
    from binhdang.plans.progress import plan_progress

    return plan_progress(unit, start, day)


SECTION_KEYS = ("activities", "tasks", "entered")


def _sections(unit: OrgUnit, region: Q, start: datetime.date, day: datetime.date, period: str) -> dict[str, Any]:
    from binhdang.activities.summary import summarise_region

    return {
        "activities": summarise_region(region, start, day),
        "tasks": _tasks(unit, region, day),
        "entered": _entered(region, period),
    }


def _sections_by_agency(
    unit: OrgUnit, agencies: list[OrgUnit], start: datetime.date, day: datetime.date, period: str
) -> dict[int, dict[str, Any]]:
    """`_sections` of each agency's subtree, in three queries over `unit`'s subtree however many agencies
    there are (a province has a hundred or more): rows are given to the agency whose subtree holds them."""
    from binhdang.activities.models import Activity
    from binhdang.activities.summary import as_data, by_owner_and_kind
    from binhdang.plans.models import Task

    if not agencies:
        return {}
    by_path = {agency.path: agency.pk for agency in agencies}
    lengths = sorted({len(path) for path in by_path})

    def owner(path: str | None) -> int | None:
        for length in lengths:
            if path and (found := by_path.get(path[:length])) is not None:
                return found
        return None

    region = subtree_q(unit.path, "unit__")
    activities = by_owner_and_kind(Activity.objects.filter(region, start_date__gte=start, start_date__lte=day), owner)
    tasks: dict[int, list[Any]] = {}
    in_region = Task.objects.filter(
        Q(unit_in_charge__isnull=False) & _prefixed(region, "unit_in_charge__")
        | Q(unit_in_charge__isnull=True) & _prefixed(region, "plan__issuer__")
    ).select_related("plan", "plan__issuer", "unit_in_charge")
    for task in in_region:
        key = owner(task.unit_in_charge.path if task.unit_in_charge else task.plan.issuer.path)
        if key is not None:
            tasks.setdefault(key, []).append(task)
    entered: dict[int, list[dict[str, Any]]] = {}
    for row in AggregateValue.objects.filter(region, period=period).values(
        "unit__path", "element", "female", "male", "total"
    ):
        key = owner(row["unit__path"])
        if key is not None:
            entered.setdefault(key, []).append(row)
    return {
        agency.pk: {
            "activities": as_data(activities.get(agency.pk, [])),
            "tasks": _count_tasks(tasks.get(agency.pk, []), day),
            "entered": _sum_entered(entered.get(agency.pk, [])),
        }
        for agency in agencies
    }


def _merge_sections(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """Add up activities by kind, task counts and entered values by element."""
    activities: dict[str, dict[str, Any]] = {}
    entered: dict[str, dict[str, Any]] = {}
    tasks: Counter[str] = Counter()
    overdue: list[dict[str, Any]] = []
    for part in parts:
        for row in part.get("activities") or []:
            merged = activities.setdefault(row["kind"], {**row, "count": 0, "female": 0, "male": 0, "minority": 0,
                                                              "cost": 0})  # fmt: skip
            for key in ("count", "female", "male", "minority", "cost"):
                merged[key] += row.get(key) or 0
        for row in part.get("entered") or []:
            merged = entered.setdefault(row["element"], {"element": row["element"], "name": row.get("name", "")})
            for key in ("female", "male", "total"):
                merged[key] = merged.get(key, 0) + (row.get(key) or 0)
        for key, value in (part.get("tasks") or {}).items():
            if key == "overdue_items":
                overdue.extend(value or [])
            elif isinstance(value, int):
                tasks[key] += value
    from binhdang.activities.models import ActivityKind

    order = [kind for kind, _label in ActivityKind.choices]
    return {
        "activities": sorted(
            activities.values(), key=lambda row: order.index(row["kind"]) if row["kind"] in order else len(order)
        ),
        "entered": [entered[code] for code in sorted(entered)],
        "tasks": {
            **{key: tasks[key] for key in ("total", "done", "in_progress", "not_started", "overdue")},
            "overdue_items": overdue[:50],
        },  # fmt: skip
    }


def _training(unit: OrgUnit, start: datetime.date, day: datetime.date) -> dict[str, Any]:
    from binhdang.training.summary import summarise

    summary = summarise(unit, start, day)
    return {
        "classes": summary.classes_held,
        "participants": summary.participants,
        "participants_female": summary.participants_female,
        "participants_male": summary.participants_male,
        "trained": summary.people_trained,
        "staff_sent": summary.staff_sent,
        "staff_trained": summary.staff_trained,
        "class_list": [
            {
                "title": row.title,
                "organiser": row.organiser,
                "start": row.start.isoformat(),
                "end": row.end.isoformat(),
                "participants": row.participants,
                "female": row.female,
                "trained": row.trained,
            }
            for row in summary.classes
        ],
    }
