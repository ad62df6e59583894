"""What a viewer (counts only) may see of an indicator: nothing that rests on fewer than 5 people."""

from __future__ import annotations

from typing import Any

from binhdang.accounts import scope
from binhdang.indicators.catalogue import Indicator
from binhdang.indicators.engine import Result


def hides_small(result: Result, indicator: Indicator, user: Any) -> bool:
    """Whether the value must be hidden from `user`: a share of fewer than 5 people (or with fewer
    than 5 in its numerator), or a count of fewer than 5 people; roles that see people see it all."""
    if scope.has_right(user, "view_person"):
        return False
    small = scope.SMALL_COUNT
    if indicator.is_share:
        return 0 < (result.denominator or 0) < small or 0 < result.numerator < small
    return indicator.counts_people and 0 < result.numerator < small
