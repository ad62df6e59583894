"""Workbooks the platform writes: the import template, the staff export, the marked-up upload.

Template and export share the sheets and columns of schema.SHEETS, so an exported file imports
back unchanged. The export is written row by row (openpyxl's write-only mode, querysets read in
chunks) into a temporary file, so a province's whole registry never sits in memory.
"""

from __future__ import annotations

import datetime
import io
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from binhdang.accounts import scope
from binhdang.core.cells import text_cell, text_cells
from binhdang.core.models import active_on_q
from binhdang.core.vietnamese import ETHNIC_GROUPS
from binhdang.registry.importing import schema
from binhdang.registry.importing.validation import ERROR, Issue
from binhdang.registry.models import Employment, Person, PoolEntry, Post, TrainingRecord

TEMPLATE_ROWS = 2000  # rows that get drop-down lists in the template
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
_ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
_WARNING_FILL = PatternFill("solid", fgColor="FFEB9C")
def visible_columns(kind: str, user: Any) -> list[schema.Column]:
    return [
        column
        for column in schema.SHEETS[kind].columns
        if column.right is None or user is None or scope.has_right(user, column.right)
    ]


def _choice_lists() -> list[tuple[str, list[str]]]:
    spec = schema.SHEETS
    staff = {column.field: column for column in spec[schema.STAFF].columns}
    lists = [
        ("sex", staff["sex"]),
        ("employment_type", staff["employment_type"]),
        ("civil_service_rank", staff["civil_service_rank"]),
        ("degree", staff["degree"]),
        ("political_theory", staff["political_theory"]),
        ("state_management", staff["state_management"]),
        ("it_level", staff["it_level"]),
        ("level", spec[schema.POSTS].column("level")),
        ("rank", spec[schema.POSTS].column("rank")),
        ("training_kind", spec[schema.TRAINING].column("training_kind")),
    ]
    result = [(name, schema.choice_labels(column.choices)) for name, column in lists if column and column.choices]
    result.append(("ethnicity", [name for _code, name in ETHNIC_GROUPS]))
    result.append(("bool", [schema.bool_label(True), schema.bool_label(False)]))
    return result


def build_template(user: Any = None) -> bytes:
    """The import template: instructions, one sheet per kind of record, drop-down lists."""
    book = Workbook()
    guide = book.active
    guide.title = _("Instructions")[:31]
    _write_instructions(guide, user)
    lists_sheet = book.create_sheet(_("Lists")[:31])
    ranges: dict[str, str] = {}
    for index, (name, values) in enumerate(_choice_lists(), start=1):
        letter = get_column_letter(index)
        lists_sheet.cell(1, index, name)
        for row, value in enumerate(values, start=2):
            lists_sheet.cell(row, index, value)
        ranges[name] = f"{quote_sheetname(lists_sheet.title)}!${letter}$2:${letter}${len(values) + 1}"
    lists_sheet.sheet_state = "hidden"
    for kind in schema.SHEET_KINDS:
        ws = book.create_sheet(str(schema.SHEETS[kind].title)[:31], index=len(book.sheetnames) - 1)
        columns = visible_columns(kind, user)
        for position, column in enumerate(columns, start=1):
            cell = ws.cell(1, position, str(column.label))
            cell.font = _HEADER_FONT
            cell.fill = _REQUIRED_FILL if column.required else _HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            if column.help:
                cell.comment = Comment(str(column.help), "Bình Đẳng")
            letter = get_column_letter(position)
            ws.column_dimensions[letter].width = column.width
            list_name = (
                "bool" if column.kind == "bool" else column.field if column.kind in ("choice", "ethnicity") else None
            )
            if column.field == "level":
                list_name = "level"
            if list_name and list_name in ranges:
                validation = DataValidation(type="list", formula1=ranges[list_name], allow_blank=True)
                validation.error = _("Choose a value from the list.")
                validation.errorTitle = str(column.label)
                validation.showErrorMessage = True
                ws.add_data_validation(validation)
                validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            if column.kind == "date":
                for row in range(2, TEMPLATE_ROWS + 2):
                    ws.cell(row, position).number_format = "DD/MM/YYYY"
            elif column.kind in ("code", "text", "unit"):
                for row in range(2, TEMPLATE_ROWS + 2):
                    ws.cell(row, position).number_format = "@"
        ws.row_dimensions[1].height = 45
        ws.freeze_panes = "B2"
    book.active = 0
    buffer = io.BytesIO()
    text_cells(book).save(buffer)  # the instructions name the user's units
    return buffer.getvalue()


def _write_instructions(ws: Any, user: Any) -> None:
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 14
    ws.column_dimensions["C"].width = 90
    lines = [
        (_("STAFF REGISTRY IMPORT TEMPLATE"), True),
        (
            _(
                "Fill in one row per person on the Staff sheet; posts, succession pool entries and training "
                "records go on their own sheets, one row each, linked to the person by the employee code."
            ),
            False,
        ),
        (
            _(
                "Why several sheets: a person holds several posts and attends several courses over the years; "
                "one row per fact keeps every date, as offices already keep separate lists for appointments, "
                "the succession pool and training."
            ),
            False,
        ),
        (
            _(
                "Dates are written dd/mm/yyyy (05/09/1985). Choose listed values from the drop-down lists. "
                "Columns with an orange heading are required."
            ),
            False,
        ),
        (
            _(
                "The import checks every row first and writes nothing while a single error remains; you can "
                "download your file back with each problem marked. Importing the same file again changes nothing."
            ),
            False,
        ),
        (_("An empty cell keeps what the registry already holds; to change a value, write the new one."), False),
        ("", False),
    ]
    row = 1
    for text, bold in lines:
        cell = ws.cell(row, 1, text)
        cell.font = Font(bold=bold, size=13 if bold else 11)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = 18 if bold or not text else 32
        row += 1
    for kind in schema.SHEET_KINDS:
        spec = schema.SHEETS[kind]
        ws.cell(row, 1, str(spec.title)).font = Font(bold=True)
        row += 1
        for heading in (_("Column"), _("Required"), _("What to write")):
            ws.cell(row, 1 + (heading != _("Column")) + (heading == _("What to write")), heading).font = _HEADER_FONT
        row += 1
        for column in visible_columns(kind, user):
            ws.cell(row, 1, str(column.label))
            ws.cell(row, 2, schema.bool_label(column.required))
            note = str(column.help)
            if column.choices is not None:
                note = (note + " " if note else "") + _("One of: %(values)s.") % {
                    "values": ", ".join(schema.choice_labels(column.choices))
                }
            elif column.kind == "ethnicity":
                note = _("The name of one of the 54 ethnic groups (Kinh, Tày, Thái, Mường, Nùng ...).")
            elif column.kind == "bool":
                note = _("“có” or “không”.")
            ws.cell(row, 3, note).alignment = Alignment(wrap_text=True)
            row += 1
        row += 1


# --- Export ---------------------------------------------------------------------------------


def _cell(ws: Any, value: object) -> object:
    if isinstance(value, str):
        return text_cell(ws, value)
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(ws, value)
        cell.number_format = "DD/MM/YYYY"
        return cell
    return value


def _header(ws: Any, columns: list[schema.Column]) -> None:
    cells = []
    for column in columns:
        cell = WriteOnlyCell(ws, str(column.label))
        cell.font = _HEADER_FONT
        cell.fill = _REQUIRED_FILL if column.required else _HEADER_FILL
        cells.append(cell)
    for position, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(position)].width = column.width
    ws.freeze_panes = "B2"
    ws.append(cells)


def _choice(column: schema.Column, value: str) -> str:
    assert column.choices is not None
    return schema.choice_label(column.choices, value)


def _person_row(person: Person, columns: list[schema.Column], employment: Employment | None) -> list[object]:
    row: list[object] = []
    for column in columns:
        name = column.field
        if name == "unit":
            row.append(employment.unit.code if employment else "")
        elif name == "employment_start":
            row.append(employment.start_date if employment else None)
        elif name == "ethnicity":
            row.append(schema.ethnicity_name(person.ethnicity))
        elif name == "foreign_language":
            row.append(schema.languages_text([(lang.language, lang.level) for lang in person.languages.all()]))
        elif column.kind == "choice":
            row.append(_choice(column, getattr(person, name)))
        else:
            row.append(getattr(person, name))
    return row


def _fact_row(record: Any, person: Person, columns: list[schema.Column]) -> list[object]:
    row: list[object] = []
    for column in columns:
        name = column.field
        if name == "employee_code":
            row.append(person.employee_code)
        elif name == "full_name":
            row.append(person.full_name)
        elif name == "unit":
            row.append(record.unit.code)
        elif name in ("post_title", "pool_title"):
            row.append(record.title)
        elif name == "pool_period":
            row.append(f"{record.period_start}-{record.period_end}")
        elif name == "training_kind":
            row.append(_choice(column, record.kind))
        elif column.kind == "choice":
            row.append(_choice(column, getattr(record, name)))
        elif column.kind == "bool":
            row.append(schema.bool_label(getattr(record, name)))
        else:
            row.append(getattr(record, name))
    return row


def _chunks(queryset: QuerySet[Person], size: int = 2000) -> Iterator[list[Person]]:
    chunk: list[Person] = []
    for person in queryset.iterator(chunk_size=size):
        chunk.append(person)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def write_export(people: QuerySet[Person], user: Any, day: datetime.date, out: IO[bytes]) -> int:
    """Write the people (and their posts, pool entries and training) as the template's sheets.

    Returns the number of people written. Posts are limited to units the user may see.
    """
    book = Workbook(write_only=True)
    sheets = {kind: book.create_sheet(str(schema.SHEETS[kind].title)[:31]) for kind in schema.SHEET_KINDS}
    columns = {kind: visible_columns(kind, user) for kind in schema.SHEET_KINDS}
    for kind, ws in sheets.items():
        _header(ws, columns[kind])
    current = Employment.objects.filter(active_on_q(day)).select_related("unit")
    queryset = people.prefetch_related(Prefetch("employments", queryset=current, to_attr="current"), "languages")
    posts = Post.objects.select_related("unit").order_by("start_date", "id")
    if user is not None:
        posts = scope.restrict(posts, user)
    written = 0
    for chunk in _chunks(queryset):
        by_id = {person.pk: person for person in chunk}
        for person in chunk:
            employment = person.current[0] if person.current else None  # type: ignore[attr-defined]
            ws = sheets[schema.STAFF]
            ws.append([_cell(ws, value) for value in _person_row(person, columns[schema.STAFF], employment)])
        written += len(chunk)
        for kind, records in (
            (schema.POSTS, posts.filter(person_id__in=by_id)),
            (schema.POOL, PoolEntry.objects.filter(person_id__in=by_id).order_by("period_start", "id")),
            (schema.TRAINING, TrainingRecord.objects.filter(person_id__in=by_id).order_by("start_date", "id")),
        ):
            ws = sheets[kind]
            for record in records:
                person = by_id[record.person_id]
                ws.append([_cell(ws, value) for value in _fact_row(record, person, columns[kind])])
    book.save(out)
    return written


def export_file(people: QuerySet[Person], user: Any, day: datetime.date) -> tuple[IO[bytes], int]:
    """The export in a temporary file (deleted when closed), rewound, and the number of people."""
    out = tempfile.TemporaryFile(suffix=".xlsx")
    count = write_export(people, user, day, out)
    out.seek(0)
    return out, count


# --- The upload, marked up ------------------------------------------------------------------


def annotate(data: bytes, issues: Iterable[Issue]) -> bytes:
    """The uploaded workbook with each problem cell coloured (red: error, yellow: warning) and a
    comment saying what to do. Problems about a whole row mark its first cell; about a sheet, A1."""
    book = load_workbook(io.BytesIO(data))
    notes: dict[tuple[str, str], list[Issue]] = {}
    for issue in issues:
        if issue.sheet not in book.sheetnames:
            continue
        if issue.row is None:
            coordinate = f"{issue.column}1" if issue.column else "A1"
        else:
            coordinate = f"{issue.column or 'A'}{issue.row}"
        notes.setdefault((issue.sheet, coordinate), []).append(issue)
    for (sheet, coordinate), found in notes.items():
        cell = book[sheet][coordinate]
        has_error = any(issue.severity == ERROR for issue in found)
        cell.fill = _ERROR_FILL if has_error else _WARNING_FILL
        text = "\n".join(
            f"{_('Error') if issue.severity == ERROR else _('Warning')}: {issue.message}" for issue in found
        )
        cell.comment = Comment(text[:30000], "Bình Đẳng", width=320, height=120)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
