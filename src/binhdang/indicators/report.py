"""Indicator values with their targets as plain data: what the command and the API print."""

from __future__ import annotations

import datetime
from typing import Any

from binhdang.indicators.engine import evaluate, years_before
from binhdang.indicators.privacy import hide_rows, sees_everything, unit_suppression
from binhdang.indicators.targets import assess
from binhdang.orgs.models import OrgUnit


def indicator_rows(unit: OrgUnit, day: datetime.date, user: Any = None) -> list[dict[str, Any]]:
    """[{"code", "name", "numerator", "denominator", "value", "target", "target_year", "status",
    "gap_people", "unknown"}] for every built-in indicator of the unit's subtree on the day; with `user`, as that
    user may see them (a viewer: hidden counts None, and no value, status or gap resting on one)."""
    rows = []
    evaluation = evaluate(unit, day)
    for a in assess(evaluation, unit, previous=evaluate(unit, years_before(day))):
        rows.append(
            {
                "code": a.indicator.code,
                "name": str(a.indicator.name),
                "numerator": a.result.numerator,
                "denominator": a.result.denominator,
                "value": round(a.result.value, 2) if a.result.value is not None else None,
                "target": float(a.target.value) if a.target else None,
                "comparator": a.target.comparator if a.target else None,
                "target_year": a.target.year if a.target else None,
                "status": a.status,
                "gap_people": a.gap_people if a.target else None,
                # The people a share leaves out because their ethnicity is unknown (None for other indicators).
                "unknown": a.result.unknown,
            }
        )
    if user is not None and not sees_everything(user):
        hide_rows(rows, unit_suppression(evaluation, unit.pk, user), unit.pk)
    return rows
