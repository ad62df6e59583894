"""What of a report's figures a role that sees counts only may see (the page and the API alike)."""

from __future__ import annotations

from typing import Any

from binhdang.reports.models import Report


def suppressed(row: dict[str, Any], user: Any) -> dict[str, Any]:
    """Viewers never see a share or gap that rests on fewer than 5 people."""
    from binhdang.indicators.catalogue import BY_CODE
    from binhdang.indicators.privacy import hides_small

    indicator = BY_CODE.get(row["code"])
    if indicator is None:
        return row
    from binhdang.indicators.engine import Result

    result = Result(row["numerator"] or 0, row["denominator"], row["value"])
    if hides_small(result, indicator, user):
        return {**row, "value": None, "numerator": None, "gap_people": None, "status": "no_data", "hidden": True}
    return row


# Raw counts in the figures: a role that sees counts only is shown none of them (only the indicators, with
# those resting on fewer than 5 people hidden), on the page, in the API and in the documents it downloads.
RAW_COUNTS = ("counts", "own_counts", "entered")


def visible_figures(report: Report, user: Any) -> dict[str, Any]:
    """The report's figures (frozen once submitted, live while a draft) as `user` may see them."""
    from binhdang.accounts import scope
    from binhdang.reports.document import figures_of

    figures = figures_of(report)
    if scope.has_right(user, "view_person"):
        return figures
    visible = {key: value for key, value in figures.items() if key not in RAW_COUNTS}
    visible["indicators"] = [suppressed(row, user) for row in figures.get("indicators") or []]
    visible["parts"] = [
        {key: value for key, value in part.items() if key not in RAW_COUNTS} for part in figures.get("parts") or []
    ]
    return visible
