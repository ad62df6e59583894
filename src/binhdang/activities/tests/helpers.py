"""Helpers of the activities' tests: an activity in the database, the form's POST data."""

from __future__ import annotations

import datetime
from typing import Any


def make_activity(unit: Any, **fields: Any) -> Any:
    from binhdang.activities.models import Activity

    values: dict[str, Any] = {
        "kind": "seminar",
        "title": "Hội thảo lồng ghép giới",
        "start_date": datetime.date(2026, 5, 12),
        "participants_female": 30,
        "participants_male": 12,
        "participants_minority": 5,
    }
    values.update(fields)
    return Activity.objects.create(unit=unit, **values)


def form_data(unit: Any, **changes: Any) -> dict[str, Any]:
    """What the activity form posts for a seminar of `unit`, with `changes` applied."""
    data = {
        "unit": unit.pk,
        "kind": "seminar",
        "title": "Hội thảo lồng ghép giới trong xây dựng chính sách",
        "start_date": "12/05/2026",
        "end_date": "",
        "venue": "Hội trường Sở Nội vụ",
        "task": "",
        "audience": "Lãnh đạo các phòng",
        "participants_female": "30",
        "participants_male": "12",
        "participants_minority": "5",
        "cost": "1.500.000",
        "findings": "",
        "follow_up": "",
        "notes": "",
        "version": "",
    }
    data.update(changes)
    return data


def vi(message: str) -> str:
    """A message as the Vietnamese pages show it (the English msgid until the catalogue has it). HTML-escaped
    as a template would print it."""
    from django.utils.html import escape
    from django.utils.translation import gettext, override

    with override("vi"):
        return escape(gettext(message))
