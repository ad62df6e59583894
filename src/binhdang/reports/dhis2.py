"""Indicator values of a submitted report as a DHIS2 data value set (JSON and CSV).

Our codes are "<indicator>.numerator" / "<indicator>.denominator" for the built-in indicators and
"<data element>.female" / ".male" / ".total" for entered values; `Dhis2Mapping` (editable by an
administrator) says which DHIS2 data element and category option combo each one goes to. Org units
are sent by their code, so the receiving DHIS2 imports with `orgUnitIdScheme=CODE` (and
`dataElementIdScheme=CODE` when the mapping holds codes rather than UIDs). Periods follow DHIS2:
"2026" for a year, "2026S1" / "2026S2" for half-years.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from binhdang.core.cells import csv_text
from binhdang.indicators.catalogue import CATALOGUE, DATA_ELEMENTS
from binhdang.reports.models import Dhis2Mapping, Report

CSV_COLUMNS = ["dataelement", "period", "orgunit", "categoryoptioncombo", "attributeoptioncombo", "value",
               "storedby", "lastupdated", "comment", "followup"]  # fmt: skip


def dhis2_period(period: str) -> str:
    return period.replace("-H", "S")


def our_codes() -> list[tuple[str, str]]:
    """Every code a report can export, with what it counts (for the mapping page)."""
    codes = []
    numerator, denominator = _("numerator"), _("denominator")  # outside the f-strings, where xgettext sees them
    for indicator in CATALOGUE:
        codes.append((f"{indicator.code}.numerator", f"{indicator.name} — {numerator}"))
        if indicator.denominator:
            codes.append((f"{indicator.code}.denominator", f"{indicator.name} — {denominator}"))
    parts = {"female": _("Women"), "male": _("Men"), "total": _("Total")}
    for element in DATA_ELEMENTS:
        for part, part_label in parts.items():
            codes.append((f"{element.code}.{part}", f"{element.name} — {part_label}"))
    return codes


def default_mapping_code(code: str) -> str:
    """A readable DHIS2 data element code for one of ours: "BD_POOL_WOMEN_NUM"."""
    name, _dot, part = code.partition(".")
    suffix = {"numerator": "NUM", "denominator": "DEN", "female": "F", "male": "M", "total": "T"}[part]
    return f"BD_{name.upper()}_{suffix}"[:50]


def ensure_default_mappings() -> int:
    """Create a mapping for every code that has none (exported with readable codes); returns how many."""
    existing = set(Dhis2Mapping.objects.values_list("code", flat=True))
    new = [
        Dhis2Mapping(code=code, data_element=default_mapping_code(code))
        for code, _label in our_codes()
        if code not in existing
    ]
    Dhis2Mapping.objects.bulk_create(new)
    return len(new)


def data_values(report: Report) -> list[dict[str, Any]]:
    """The report's frozen figures as DHIS2 data values, through the active mappings."""
    mappings = {m.code: m for m in Dhis2Mapping.objects.filter(active=True)}
    figures = report.figures or {}
    period = dhis2_period(report.period)
    org_unit = report.unit.code
    values: list[tuple[str, Any]] = []
    for code, (numerator, denominator) in (figures.get("counts") or {}).items():
        values.append((f"{code}.numerator", numerator))
        if denominator is not None:
            values.append((f"{code}.denominator", denominator))
    for row in figures.get("entered") or []:
        for part in ("female", "male", "total"):
            if row.get(part) is not None:
                values.append((f"{row['element']}.{part}", row[part]))
    result = []
    for code, value in values:
        mapping = mappings.get(code)
        if mapping is None or value is None:
            continue
        item = {"dataElement": mapping.data_element, "period": period, "orgUnit": org_unit, "value": str(value)}
        if mapping.category_option_combo:
            item["categoryOptionCombo"] = mapping.category_option_combo
        result.append(item)
    return result


def data_value_set(report: Report) -> dict[str, Any]:
    # The day in Vietnam: a report sent at 06:00 on the 16th was completed on the 16th, not UTC's 15th.
    completed = timezone.localdate(report.submitted_at).isoformat() if report.submitted_at else None
    value_set: dict[str, Any] = {"period": dhis2_period(report.period), "orgUnit": report.unit.code}
    if completed:
        value_set["completeDate"] = completed
    value_set["dataValues"] = data_values(report)
    return value_set


def data_value_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    stored_by = report.submitted_by.username if report.submitted_by else ""
    updated = report.submitted_at.isoformat() if report.submitted_at else ""
    for item in data_values(report):
        row = [item["dataElement"], item["period"], item["orgUnit"], item.get("categoryOptionCombo", ""), "",
               item["value"], stored_by, updated, "", "false"]  # fmt: skip
        writer.writerow([csv_text(value) for value in row])  # codes are typed by administrators
    return buffer.getvalue()
