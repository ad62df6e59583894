"""The activity list as an Excel workbook: one sheet of activities, one of totals by kind. Headings are in the
user's language; dates are real dates shown dd/mm/yyyy, so the file sorts and filters in Excel."""

from __future__ import annotations

import io
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from binhdang.activities.models import Activity
from binhdang.activities.summary import by_kind, total
from binhdang.core.cells import text_cells
from binhdang.indicators.privacy import people_rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
MONEY_FORMAT = "#,##0"
_BOLD = Font(bold=True)


def _headings(sheet: Any, headings: list[str], widths: list[int]) -> None:
    sheet.append(headings)
    for cell in sheet[1]:
        cell.font = _BOLD
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def export_workbook(activities: QuerySet[Activity], user: Any) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Activities")[:31]
    _headings(
        sheet,
        [
            _("Date"),
            _("Last day"),
            _("Org unit"),
            _("Kind of activity"),
            _("Title"),
            _("Venue"),
            _("Plan task"),
            _("Audience"),
            _("Women"),
            _("Men"),
            _("Of whom ethnic minority"),
            _("Cost (VND)"),
            _("Findings"),
            _("Follow-up"),
            _("Notes"),
        ],
        [12, 12, 30, 24, 50, 24, 40, 30, 9, 9, 12, 14, 40, 40, 30],
    )
    rows = activities.select_related("unit", "task").order_by("start_date", "pk")
    for activity in rows.iterator(chunk_size=1000):
        task = activity.task
        sheet.append(
            [
                activity.start_date,
                activity.end_date,
                activity.unit.name,
                activity.get_kind_display(),
                activity.title,
                activity.venue,
                f"{task.label} {task.text}".strip() if task else "",
                activity.audience,
                *_people(activity, user),
                activity.cost,
                activity.findings,
                activity.follow_up,
                activity.notes,
            ]
        )
        row = sheet.max_row
        for column in ("A", "B"):
            sheet[f"{column}{row}"].number_format = DATE_FORMAT
        sheet[f"L{row}"].number_format = MONEY_FORMAT

    totals = book.create_sheet(_("Totals by kind")[:31])
    _headings(
        totals,
        [_("Kind of activity"), _("Activities"), _("Women"), _("Men"), _("Of whom ethnic minority"), _("Cost (VND)")],
        [34, 12, 10, 10, 14, 16],
    )
    kinds = [*by_kind(activities)]
    rows = [*kinds, total(kinds, _("Total"))]
    people = people_rows(
        [{"female": row.female, "male": row.male, "minority": row.minority} for row in rows], user, with_total=True
    )
    for row, shown in zip(rows, people, strict=True):
        totals.append([row.label, row.count, shown["female"], shown["male"], shown["minority"], row.cost])
        totals[f"F{totals.max_row}"].number_format = MONEY_FORMAT
    for cell in totals[totals.max_row]:
        cell.font = _BOLD
    buffer = io.BytesIO()
    text_cells(book).save(buffer)  # a title "=HYPERLINK(...)" stays text
    return buffer.getvalue()


def _people(activity: Any, user: Any) -> list[Any]:
    """An activity's women, men and ethnic minority as `user` may see them (women + men = all)."""
    [shown] = people_rows(
        [{"female": activity.participants_female or 0, "male": activity.participants_male or 0,
          "minority": activity.participants_minority or 0}],
        user,
    )  # fmt: skip
    return [shown["female"], shown["male"], shown["minority"]]
