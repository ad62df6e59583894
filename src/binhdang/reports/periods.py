"""Report periods as the pages and the API take them: a year ("2026") or a half-year ("2026-H1", "2026-H2")."""

from __future__ import annotations

import datetime


def default_period(today: datetime.date) -> str:
    """The period a page opens on: the first half-year until July, then the year."""
    return f"{today.year}-H1" if today.month <= 7 else str(today.year)


def period_choices(today: datetime.date) -> list[tuple[str, str]]:
    """The periods a page offers, newest first, each named as a user reads it ("6 tháng đầu năm 2026")."""
    from django.utils.text import capfirst

    from binhdang.indicators.catalogue import PROGRAMME_START
    from binhdang.indicators.models import period_label

    years = range(today.year + 1, PROGRAMME_START.year - 1, -1)
    return [(p, capfirst(period_label(p))) for year in years for p in (str(year), f"{year}-H2", f"{year}-H1")]


def clean_period(raw: str, today: datetime.date) -> str:
    """The period asked for (?period=), or the default one when it is missing or not a period."""
    from binhdang.indicators.models import PERIOD_RE

    raw = (raw or "").strip().upper()
    match = PERIOD_RE.match(raw)
    if match and 2000 <= int(match.group(1)) <= 2100:
        return raw
    return default_period(today)
