"""Which target applies where, how far an indicator is from it, and what it would take in people.

A target set on a unit applies to that unit and every unit below it, unless a unit lower down sets
its own for the same indicator (and level). The target of a day is the one of the nearest year not
yet past (2025 until the end of 2025, then 2030).

Status (docs/indicators.md writes the rule out for users):
- achieved: the value on the day meets the target;
- otherwise the value is projected to the end of the target's year with the change over the last
  12 months: on track when the projection meets the target; at risk when it misses by at most 5
  percentage points (10% of the target for counts); off track otherwise, or when the target's year
  is over.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from binhdang.indicators.catalogue import CATALOGUE, Indicator
from binhdang.indicators.engine import Evaluation, Result
from binhdang.indicators.models import Target
from binhdang.orgs.models import OrgUnit

ACHIEVED, ON_TRACK, AT_RISK, OFF_TRACK, NO_TARGET, NO_DATA = (
    "achieved",
    "on_track",
    "at_risk",
    "off_track",
    "no_target",
    "no_data",
)
STATUS_LABELS = {
    ACHIEVED: gettext_lazy("achieved"),
    ON_TRACK: gettext_lazy("on track"),
    AT_RISK: gettext_lazy("at risk"),
    OFF_TRACK: gettext_lazy("off track"),
    NO_TARGET: gettext_lazy("no target"),
    NO_DATA: gettext_lazy("no data"),
}
AT_RISK_POINTS = 5.0  # percentage points, for shares
AT_RISK_SHARE_OF_TARGET = 0.10  # for counts


@dataclass
class Assessment:
    indicator: Indicator
    result: Result
    target: Target | None
    status: str
    previous: Result | None = None
    projected: float | None = None
    gap_people: int | None = None

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def gap_text(self) -> str:
        if self.gap_people is None or self.target is None or self.status == ACHIEVED:
            return ""
        target = format_value(float(self.target.value), self.indicator)
        if self.target.comparator == Target.Comparator.AT_MOST:
            return _("%(count)d fewer to reach %(target)s") % {"count": self.gap_people, "target": target}
        return str(self.indicator.gap) % {"count": self.gap_people, "target": target}


def format_value(value: float | None, indicator: Indicator) -> str:
    """45,5% / 12 — Vietnamese decimal comma; one decimal for shares."""
    if value is None:
        return "—"
    if indicator.is_share:
        text = f"{value:.1f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") + "%"
    return f"{value:,.0f}".replace(",", ".")


def applicable_targets(unit: OrgUnit, day: datetime.date) -> dict[tuple[str, str], Target]:
    """(indicator, level) -> the target that applies to `unit` on `day`: the nearest unit up the
    tree that sets one, and of its targets the nearest year that is not over."""
    paths = [unit.path[: index * unit.steplen] for index in range(1, unit.depth + 1)]
    targets = (
        Target.objects.filter(unit__path__in=paths, year__gte=day.year, in_force=True)
        .select_related("unit", "plan")
        .order_by("-unit__depth", "year")
    )
    chosen: dict[tuple[str, str], Target] = {}
    owner: dict[tuple[str, str], int] = {}
    for target in targets:
        key = (target.indicator, target.level)
        if key not in chosen:
            chosen[key], owner[key] = target, target.unit.depth
        elif owner[key] == target.unit.depth and target.year < chosen[key].year:
            chosen[key] = target
    return chosen


def meets(value: float, target: Target) -> bool:
    goal = float(target.value)
    if target.comparator == Target.Comparator.AT_MOST:
        return value <= goal + 1e-9
    if target.comparator == Target.Comparator.EXACTLY:
        return abs(value - goal) < 0.5
    return value >= goal - 1e-9


def gap_in_people(result: Result, indicator: Indicator, target: Target) -> int | None:
    """How many people (cases, units) it takes to meet the target, from the counts on the day."""
    goal = Decimal(target.value)
    n = result.numerator
    if not indicator.is_share:
        if target.comparator == Target.Comparator.AT_MOST:
            return max(n - math.floor(goal), 0)
        return max(math.ceil(goal) - n, 0)
    d = result.denominator or 0
    share = goal / 100
    if target.comparator == Target.Comparator.AT_MOST:
        return max(math.ceil(n - share * d), 0)
    if indicator.gap_mode == "add" and share < 1:
        # (n + k) / (d + k) >= share  <=>  k >= (share * d - n) / (1 - share)
        return max(math.ceil((share * d - n) / (1 - share) - Decimal("1e-9")), 0)
    return max(math.ceil(share * d - n - Decimal("1e-9")), 0)


def assess(
    evaluation: Evaluation,
    unit: OrgUnit,
    *,
    previous: Evaluation | None = None,
    targets: dict[tuple[str, str], Target] | None = None,
    indicators: tuple[Indicator, ...] = CATALOGUE,
) -> list[Assessment]:
    """Every indicator of `unit` on the evaluation's day, against the targets that apply there.

    `previous` is the same subtree a year earlier, for the trend; without it a missed target that
    is not yet due counts as at risk or off track by the distance alone.
    """
    day = evaluation.day
    targets = applicable_targets(unit, day) if targets is None else targets
    assessments = []
    for indicator in indicators:
        result = evaluation.result(indicator, unit.pk)
        target = targets.get((indicator.code, ""))
        before = previous.result(indicator, unit.pk) if previous is not None else None
        assessments.append(_assess_one(indicator, result, target, before, day))
    return assessments


def assess_targets(targets: list[Target], day: datetime.date) -> dict[int, Assessment]:
    """Each target's assessment on `day` for the unit it applies to, by the dashboard's rule (value, trend over
    the year before, years left): the plan page and the reports show the same status as the dashboard. One
    evaluation per unit and day."""
    from binhdang.indicators.catalogue import BY_CODE
    from binhdang.indicators.engine import cached_evaluate, years_before

    now: dict[int, Evaluation] = {}
    before: dict[int, Evaluation] = {}
    found: dict[int, Assessment] = {}
    for target in targets:
        indicator = BY_CODE.get(target.indicator)
        if indicator is None:
            continue
        if target.unit_id not in now:
            now[target.unit_id] = cached_evaluate(target.unit, day)
            before[target.unit_id] = cached_evaluate(target.unit, years_before(day))
        [found[target.pk]] = assess(
            now[target.unit_id],
            target.unit,
            previous=before[target.unit_id],
            targets={(target.indicator, ""): target},
            indicators=(indicator,),
        )
    return found


def _assess_one(
    indicator: Indicator, result: Result, target: Target | None, before: Result | None, day: datetime.date
) -> Assessment:
    if result.value is None:
        return Assessment(indicator, result, target, NO_DATA, before)
    if target is None:
        return Assessment(indicator, result, None, NO_TARGET, before)
    gap = gap_in_people(result, indicator, target)
    if meets(result.value, target):
        return Assessment(indicator, result, target, ACHIEVED, before, result.value, 0)
    years_left = max((datetime.date(target.year, 12, 31) - day).days / 365.25, 0.0)
    trend = (result.value - before.value) if before is not None and before.value is not None else 0.0
    projected = result.value + trend * years_left
    if years_left <= 0:
        status = OFF_TRACK
    elif meets(projected, target):
        status = ON_TRACK
    else:
        goal = float(target.value)
        margin = AT_RISK_POINTS if indicator.is_share else AT_RISK_SHARE_OF_TARGET * max(goal, 1.0)
        status = AT_RISK if abs(projected - goal) <= margin else OFF_TRACK
    return Assessment(indicator, result, target, status, before, projected, gap)
