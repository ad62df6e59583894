"""What of a report's figures a role that sees counts only may see (the page and the API alike)."""

from __future__ import annotations

from typing import Any


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
