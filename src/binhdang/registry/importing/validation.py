"""Check every row of a workbook against the registry and plan the changes, writing nothing.

build_plan() reads the registry in a few bulk queries (units of the import's subtree, the
province's employee codes, the facts of the people the file names), checks each row in memory
and returns an ImportPlan: counts of rows that would be created, updated or left unchanged, every
error and warning with sheet, row, column and value, and the operations that writing will apply.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from binhdang.accounts import scope
from binhdang.core.vietnamese import fold, format_date, split_full_name
from binhdang.orgs.models import OrgUnit, subtree_q
from binhdang.registry.choices import LEVEL_BY_UNIT_KIND, POST_TITLES, EmploymentType, PostRank
from binhdang.registry.importing import schema
from binhdang.registry.importing.reader import ExcelError, Row, Sheet, Workbook, YearOnlyDate, parse_cell_date
from binhdang.registry.models import (
    MAX_AGE,
    MIN_AGE,
    NAME_RE,
    Employment,
    ForeignLanguage,
    Person,
    PoolEntry,
    Post,
    TrainingRecord,
    age_on,
)

ERROR, WARNING = "error", "warning"
MAX_ISSUES = 10_000  # kept for the preview and the marked-up file; the totals count them all
CHUNK = 500  # ids per IN (...) query

_PERSON_FIELDS = (
    "family_name",
    "given_name",
    "sex",
    "birth_date",
    "ethnicity",
    "employment_type",
    "civil_service_rank",
    "degree",
    "political_theory",
    "state_management",
    "it_level",
    "party_member_since",
)
_LEADER_WORDS = ("truong", "pho ", "giam doc", "chu tich", "chanh ", "bi thu")


_KNOWN_FIELDS = ("employee_code", *_PERSON_FIELDS)


class KnownPerson:
    """What the checks need of a person already in the registry: plain slots, not a model instance
    (a re-import names a province's 100,000 people)."""

    __slots__ = ("pk", *_KNOWN_FIELDS, "languages", "posts", "pool", "training")

    def __init__(self, pk: int, *values: Any) -> None:
        self.pk = pk
        for name, value in zip(_KNOWN_FIELDS, values, strict=True):
            setattr(self, name, value)
        self.languages: list[KnownLanguage] = []
        self.posts: list[Post] = []
        self.pool: list[PoolEntry] = []
        self.training: list[TrainingRecord] = []

    @property
    def full_name(self) -> str:
        return f"{self.family_name} {self.given_name}".strip()  # type: ignore[attr-defined]


class KnownJob:
    __slots__ = ("end_date", "pk", "start_date", "unit")

    def __init__(self, pk: int, unit: OrgUnit, start_date: datetime.date, end_date: datetime.date | None) -> None:
        self.pk, self.unit, self.start_date, self.end_date = pk, unit, start_date, end_date

    @property
    def unit_id(self) -> int:
        return self.unit.pk

    def is_active_on(self, day: datetime.date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class KnownLanguage:
    __slots__ = ("language", "level", "pk")

    def __init__(self, pk: int, language: str, level: str) -> None:
        self.pk, self.language, self.level = pk, language, level


@dataclass
class Issue:
    severity: str
    sheet: str
    row: int | None
    column: str  # letter, "" for the whole row or sheet
    heading: str
    value: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "heading": self.heading,
            "value": self.value,
            "message": self.message,
        }


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class NewPerson:
    key: str
    values: dict[str, Any]
    unit: OrgUnit
    start: datetime.date
    languages: list[tuple[str, str]]


@dataclass
class ImportPlan:
    root: OrgUnit
    province: OrgUnit
    today: datetime.date
    issues: list[Issue] = field(default_factory=list)
    error_count: int = 0
    warning_count: int = 0
    counts: dict[str, Counts] = field(default_factory=lambda: {kind: Counts() for kind in schema.SHEET_KINDS})
    sheets: list[tuple[str, str]] = field(default_factory=list)  # (sheet name, kind) read
    rows_checked: int = 0
    # Operations, applied in this order by writing.apply_plan().
    new_people: list[NewPerson] = field(default_factory=list)
    person_updates: dict[int, dict[str, Any]] = field(default_factory=dict)
    employment_ends: list[tuple[int, datetime.date]] = field(default_factory=list)
    new_employments: list[tuple[int, OrgUnit, datetime.date]] = field(default_factory=list)
    new_languages: list[tuple[int | str, str, str]] = field(default_factory=list)  # (person id or new key, ...)
    language_updates: list[tuple[int, str]] = field(default_factory=list)  # (language record id, level)
    new_facts: dict[str, list[tuple[int | str, dict[str, Any]]]] = field(
        default_factory=lambda: {"post": [], "pool": [], "training": []}
    )
    fact_updates: dict[str, list[tuple[int, dict[str, Any]]]] = field(
        default_factory=lambda: {"post": [], "pool": [], "training": []}
    )

    @property
    def has_errors(self) -> bool:
        return self.error_count > 0

    @property
    def totals(self) -> Counts:
        return Counts(
            sum(c.created for c in self.counts.values()),
            sum(c.updated for c in self.counts.values()),
            sum(c.unchanged for c in self.counts.values()),
        )

    def operation_count(self) -> int:
        return (
            len(self.new_people)
            + len(self.person_updates)
            + len(self.employment_ends)
            + len(self.new_employments)
            + len(self.new_languages)
            + len(self.language_updates)
            + sum(len(items) for items in self.new_facts.values())
            + sum(len(items) for items in self.fact_updates.values())
        )

    def summary(self) -> dict[str, Any]:
        totals = self.totals
        return {
            "created": totals.created,
            "updated": totals.updated,
            "unchanged": totals.unchanged,
            "by_sheet": {kind: dataclasses.asdict(counts) for kind, counts in self.counts.items()},
            "error_count": self.error_count,
            "warning_count": self.warning_count,
            "errors": [issue.as_dict() for issue in self.issues if issue.severity == ERROR],
            "warnings": [issue.as_dict() for issue in self.issues if issue.severity == WARNING],
            "rows": self.rows_checked,
        }


def retirement_age_months(sex: str, year: int) -> int:
    """Statutory retirement age in months (Nghị định 135/2020/NĐ-CP): from 2021 men 60 years 3 months,
    3 months more each year up to 62; women 55 years 4 months, 4 months more each year up to 60."""
    if sex == "M":
        return min(720 + 3 * max(year - 2020, 0), 744)
    return min(660 + 4 * max(year - 2020, 0), 720)


def _age_months(birth: datetime.date, day: datetime.date) -> int:
    return (day.year - birth.year) * 12 + day.month - birth.month - (day.day < birth.day)


class _Checker:
    def __init__(self, workbook: Workbook, root: OrgUnit, user: Any, today: datetime.date) -> None:
        self.workbook = workbook
        self.root = root
        self.user = user
        self.today = today
        province = root.province()
        self.plan = ImportPlan(root, province, today)
        self.may_see_sensitive = user is None or scope.has_right(user, "view_sensitive")
        units = list(
            OrgUnit.objects.filter(subtree_q(root.path)).only(
                "id", "code", "name", "kind", "valid_from", "valid_to", "path", "depth"
            )
        )
        self.units_by_code = {unit.code.casefold(): unit for unit in units}
        self.units_by_name: dict[str, list[OrgUnit]] = defaultdict(list)
        for unit in units:
            self.units_by_name[fold(unit.name)].append(unit)
        self.codes: dict[str, int] = {}
        for pk, code in Person.objects.filter(province=province).values_list("id", "employee_code").iterator(5000):
            self.codes.setdefault(code.casefold(), pk)
        self.people: dict[int, KnownPerson] = {}
        self.employments: dict[int, list[KnownJob]] = defaultdict(list)
        self.in_file: dict[str, tuple[Row, dict[str, Any]]] = {}  # new-or-updated people of the staff sheet
        self.outside_units: dict[str, str] = {}  # unit text -> "outside" / "unknown"
        self.head_posts: dict[int, list[Post]] = {}

    # --- issues -----------------------------------------------------------------------------

    def issue(
        self, severity: str, row: Row | None, sheet: str, name: str | None, message: str, value: str = ""
    ) -> None:
        plan = self.plan
        if severity == ERROR:
            plan.error_count += 1
        else:
            plan.warning_count += 1
        if len(plan.issues) >= MAX_ISSUES:
            return
        column, heading = "", ""
        if row is not None and name:
            cell = row.cell(name)
            layout_header = row._layout.headers[row._layout.index[name]] if name in row._layout.index else None
            if layout_header is not None:
                column, heading = layout_header.column_letter, layout_header.text
            if not value and cell is not None:
                value = cell.text
        elif name:
            column = name  # a sheet-level issue about a column letter
        plan.issues.append(Issue(severity, sheet, row.row if row else None, column, heading, value[:200], message))

    def error(self, row: Row, name: str | None, message: str, value: str = "") -> None:
        self.issue(ERROR, row, row.sheet, name, message, value)

    def warning(self, row: Row, name: str | None, message: str, value: str = "") -> None:
        self.issue(WARNING, row, row.sheet, name, message, value)

    # --- cells ------------------------------------------------------------------------------

    def text(self, row: Row, name: str, spec_max: int | None = None) -> str:
        text, suspect = row.text_and_suspect(name)
        if not text and not suspect:
            return ""
        if suspect:
            self.error(
                row,
                name,
                _(
                    "The text looks typed in an old Vietnamese font (TCVN3 or VNI) and cannot be converted "
                    "reliably: retype it in Unicode."
                ),
            )
            return ""
        if spec_max and len(text) > spec_max:
            self.error(row, name, _("The text is too long: at most %(max)d characters.") % {"max": spec_max})
            return ""
        if any(char in text for char in "<>"):
            self.error(row, name, _("The text may not contain “<” or “>”."))
            return ""
        return text

    def date(self, row: Row, name: str, *, required: bool = False, label: str = "") -> datetime.date | None:
        value = row.value(name)
        if value is None:
            if required:
                self.error(row, name, _("Required: enter the date as dd/mm/yyyy."))
            return None
        day, problem = parse_cell_date(value)
        if problem:
            self.error(row, name, problem)
            return None
        return day

    def choice(self, row: Row, name: str, column: schema.Column, *, required: bool = False) -> str | None:
        text = self.text(row, name)
        if not text:
            if required:
                self.error(row, name, _("Required: choose a value from the list."))
            return None
        assert column.choices is not None
        value = schema.parse_choice(column.choices, text)
        if value is None:
            self.error(
                row,
                name,
                _("“%(value)s” is not in the list; use one of: %(choices)s.")
                % {"value": text, "choices": ", ".join(schema.choice_labels(column.choices))},
            )
        return value

    def unit(self, row: Row, name: str, *, default: OrgUnit | None = None) -> OrgUnit | None:
        text = self.text(row, name)
        if not text:
            if default is not None:
                return default
            self.error(row, name, _("Required: enter the code of the unit."))
            return None
        unit = self.units_by_code.get(text.casefold())
        if unit is not None:
            return unit
        matches = self.units_by_name.get(fold(text), [])
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            self.error(
                row,
                name,
                _("Several units are called “%(name)s”: write the unit's code instead (%(codes)s).")
                % {"name": text, "codes": ", ".join(unit.code for unit in matches[:5])},
            )
            return None
        if text not in self.outside_units:
            exists = OrgUnit.objects.filter(code__in={text, text.upper()}).exists()
            self.outside_units[text] = "outside" if exists else "unknown"
        if self.outside_units[text] == "outside":
            self.error(
                row,
                name,
                _("The unit “%(unit)s” is outside %(root)s, where this file is imported: import it there instead.")
                % {"unit": text, "root": self.root.name},
            )
        else:
            self.error(
                row,
                name,
                _("No unit has the code or name “%(unit)s” in %(root)s: check it against the unit list.")
                % {"unit": text, "root": self.root.name},
            )
        return None

    def in_force(self, row: Row, name: str, unit: OrgUnit, day: datetime.date) -> bool:
        if unit.is_active_on(day):
            return True
        self.error(
            row,
            name,
            _("“%(unit)s” is not in force on %(day)s.") % {"unit": unit.name, "day": format_date(day)},
        )
        return False

    # --- people -----------------------------------------------------------------------------

    def load_people(self, ids: Iterable[int], *, facts: set[str]) -> None:
        """The people the file names, with the facts the checks compare against; only the columns
        needed (a re-import of a province's 100,000 people must stay within memory)."""
        wanted = sorted(set(ids) - set(self.people))
        units = {unit.pk: unit for unit in self.units_by_code.values()}
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            for row in Person.objects.filter(pk__in=chunk).values_list("pk", *_KNOWN_FIELDS).order_by():
                self.people[row[0]] = KnownPerson(*row)
            jobs = list(
                Employment.objects.filter(person_id__in=chunk)
                .values_list("pk", "person_id", "unit_id", "start_date", "end_date")
                .order_by()
            )
            missing = {job[2] for job in jobs} - set(units)
            if missing:  # units outside the subtree imported into (people who work elsewhere)
                units.update((unit.pk, unit) for unit in OrgUnit.objects.filter(pk__in=missing))
            for pk, person_id, unit_id, start_date, end_date in jobs:
                self.employments[person_id].append(KnownJob(pk, units[unit_id], start_date, end_date))
            if "languages" in facts:
                languages = ForeignLanguage.objects.filter(person_id__in=chunk).values_list(
                    "pk", "person_id", "language", "level"
                )
                for pk, person_id, language, level in languages.order_by():
                    self.people[person_id].languages.append(KnownLanguage(pk, language, level))
            if "post" in facts:
                for post in Post.objects.filter(person_id__in=chunk):
                    self.people[post.person_id].posts.append(post)  # type: ignore[attr-defined]
            if "pool" in facts:
                for entry in PoolEntry.objects.filter(person_id__in=chunk):
                    self.people[entry.person_id].pool.append(entry)  # type: ignore[attr-defined]
            if "training" in facts:
                for record in TrainingRecord.objects.filter(person_id__in=chunk):
                    self.people[record.person_id].training.append(record)  # type: ignore[attr-defined]

    def current_employment(self, person_id: int) -> KnownJob | None:
        for employment in self.employments.get(person_id, []):
            if employment.is_active_on(self.today):
                return employment
        return None

    def person_in_scope(self, person_id: int) -> bool:
        employments = self.employments.get(person_id, [])
        current = self.current_employment(person_id)
        if current is not None:
            return current.unit.path.startswith(self.root.path)
        return any(employment.unit.path.startswith(self.root.path) for employment in employments)

    # --- sheets -----------------------------------------------------------------------------

    def run(self) -> ImportPlan:
        if self.user is not None and not scope.can_use_unit(self.user, self.root):
            self.issue(
                ERROR,
                None,
                self.workbook.sheets[0].name,
                None,
                _("You may not import staff into %(unit)s: choose a unit of your own agency.")
                % {"unit": self.root.name},
            )
            return self.plan
        kinds: dict[str, list[Sheet]] = defaultdict(list)
        for sheet in self.workbook.sheets:
            kind = schema.sheet_kind(sheet.name, set(sheet.columns))
            if kind is None:
                continue
            if sheet.hidden:
                self.issue(
                    WARNING,
                    None,
                    sheet.name,
                    None,
                    _("The sheet is hidden and was not read: unhide it in Excel if its rows should be imported."),
                )
                continue
            kinds[kind].append(sheet)
            self.plan.sheets.append((sheet.name, kind))
        if not kinds:
            self.issue(
                ERROR,
                None,
                self.workbook.sheets[0].name,
                None,
                _("No sheet of staff, posts, succession pool or training was found: use the template's sheets."),
            )
            return self.plan
        if not any(sheet.rows for sheets in kinds.values() for sheet in sheets):
            self.issue(
                ERROR,
                None,
                next(iter(kinds.values()))[0].name,
                None,
                _("The workbook has column headings but no rows of data under them."),
            )
            return self.plan
        codes_in_file = {
            row.text("employee_code").casefold()
            for sheets in kinds.values()
            for sheet in sheets
            for row in sheet.rows
            if row.text("employee_code")
        }
        facts = {"languages"} | {
            {schema.POSTS: "post", schema.POOL: "pool", schema.TRAINING: "training"}[kind]
            for kind in kinds
            if kind != schema.STAFF
        }
        if kinds.get(schema.STAFF) and any("post_title" in sheet.columns for sheet in kinds[schema.STAFF]):
            facts.add("post")
        self.load_people((self.codes[code] for code in codes_in_file if code in self.codes), facts=facts)
        for sheet in kinds.get(schema.STAFF, []):
            self.staff_sheet(sheet)
        for kind in (schema.POSTS, schema.POOL, schema.TRAINING):
            for sheet in kinds.get(kind, []):
                self.fact_sheet(sheet, kind)
        return self.plan

    def sheet_checks(self, sheet: Sheet, kind: str) -> bool:
        """Sheet-level checks; False if the sheet cannot be read at all."""
        spec = schema.SHEETS[kind]
        known = {column.field for column in spec.columns} | set(spec.also)
        for header in sheet.headers:
            if header.field is None or header.field not in known or sheet.columns.get(header.field) != header.column:
                self.issue(
                    WARNING,
                    None,
                    sheet.name,
                    header.column_letter,
                    _("Column %(column)s “%(heading)s” is not part of the %(sheet)s sheet and was not imported.")
                    % {"column": header.column_letter, "heading": header.text, "sheet": spec.title},
                )
        missing = []
        for column in spec.columns:
            if not column.required or column.field in sheet.columns:
                continue
            if kind == schema.STAFF and column.field in ("family_name", "given_name") and "full_name" in sheet.columns:
                continue
            if (
                kind == schema.STAFF
                and column.field in ("sex", "birth_date")
                and ({"birth_date_male", "birth_date_female"} & set(sheet.columns))
            ):
                continue
            if kind == schema.STAFF and column.field == "unit":
                continue  # empty: the unit the file is imported into
            missing.append(str(column.label))
        if missing:
            self.issue(
                ERROR,
                None,
                sheet.name,
                None,
                _("Required columns are missing: %(columns)s. Add them (see the template) and upload again.")
                % {"columns": ", ".join(f"“{label}”" for label in missing)},
            )
            return False
        if not self.may_see_sensitive:
            for name in ("ethnicity", "party_member_since"):
                if name in sheet.columns:
                    self.issue(
                        WARNING,
                        None,
                        sheet.name,
                        None,
                        _("Column “%(heading)s” was not imported: your role may not see or change this information.")
                        % {"heading": next(h.text for h in sheet.headers if h.column == sheet.columns[name])},
                    )
        encodings = {}
        for row in sheet.rows[:2000]:
            for name, cell in row.fields.items():
                if cell.legacy_encoding and name not in encodings:
                    encodings[name] = (cell.column_letter, cell.legacy_encoding)
        for _name, (letter, encoding) in encodings.items():
            self.issue(
                WARNING,
                None,
                sheet.name,
                letter,
                _(
                    "Column %(column)s was typed in the old %(encoding)s font and was converted to Unicode: "
                    "check a few names."
                )
                % {"column": letter, "encoding": encoding.upper()},
            )
        return True

    def readable(self, row: Row) -> bool:
        """False for a row to leave out: only a pre-printed row number, or a cell showing an
        Excel error (reported here: an error cell must not pass for an empty one)."""
        values = row._values  # raw values: building Cells for every column is the costly part
        number = row._layout.index.get("row_number")
        if all(value is None for position, value in enumerate(values) if position != number):
            return False
        self.plan.rows_checked += 1
        broken = False
        for name, position in row._layout.index.items():
            if isinstance(values[position], ExcelError):
                broken = True
                self.error(
                    row,
                    name,
                    _("The cell shows the Excel error %(error)s: correct the formula or type the value.")
                    % {"error": values[position]},
                )
        return not broken

    def staff_sheet(self, sheet: Sheet) -> None:
        if not self.sheet_checks(sheet, schema.STAFF):
            return
        spec = schema.SHEETS[schema.STAFF]
        columns = {column.field: column for column in spec.columns}
        present = set(sheet.columns)
        counts = self.plan.counts[schema.STAFF]
        created_before = counts.created
        for row in sheet.rows:
            if not self.readable(row):
                continue
            before = self.plan.error_count
            values = self.staff_values(row, columns, present)
            code = self.text(row, "employee_code", 32)
            if not code:
                if not row.cell("employee_code"):
                    self.error(
                        row,
                        "employee_code",
                        _("Required: enter the person's employee code; it identifies the person in later imports."),
                    )
                continue
            key = code.casefold()
            if key in self.in_file:
                first = self.in_file[key][0]
                if first.sheet == row.sheet:
                    message = _("The employee code “%(code)s” is already used on row %(row)d: each person once.") % {
                        "code": code,
                        "row": first.row,
                    }
                else:
                    message = _(
                        "The employee code “%(code)s” is already used on sheet “%(sheet)s”, row %(row)d: "
                        "each person once."
                    ) % {"code": code, "sheet": first.sheet, "row": first.row}
                self.error(row, "employee_code", message)
                continue
            self.in_file[key] = (row, values)
            unit = self.unit(row, "unit", default=self.root)
            start = self.date(row, "employment_start") or (
                self.date(row, "start_date") if "employment_start" not in present else None
            )
            if start and start > self.today:
                self.error(row, "employment_start", _("The date is in the future."))
            if self.plan.error_count > before or unit is None:
                continue
            person_id = self.codes.get(key)
            if person_id is None:
                self.new_person(row, key, code, values, unit, start, counts)
            else:
                self.existing_person(row, person_id, values, unit, start, counts)
        if self.may_see_sensitive and "ethnicity" not in present and counts.created > created_before:
            # Said as it is: the ethnicity is left unknown (never guessed), to be recorded later.
            self.issue(
                WARNING,
                None,
                sheet.name,
                None,
                _(
                    "There is no “Ethnicity” column: the ethnicity of the new people is left unknown; "
                    "record it on each person's page."
                ),
            )

    def staff_values(self, row: Row, columns: dict[str, schema.Column], present: set[str]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        # Names: family and given apart, or one "Họ và tên" column split at the last word.
        before = self.plan.error_count
        if "family_name" in present or "given_name" in present:
            family, given = self.text(row, "family_name", 80), self.text(row, "given_name", 40)
            if not family and not given and "full_name" in present:
                family, given = split_full_name(self.text(row, "full_name", 120))
                name_field = "full_name"
            else:
                name_field = "family_name" if not family and "family_name" in present else "given_name"
        else:
            family, given = split_full_name(self.text(row, "full_name", 120))
            name_field = "full_name"
        if self.plan.error_count > before:
            pass  # the name cell was refused already (markup, too long, an old font)
        elif not family or not given:
            self.error(row, name_field, _("Required: enter the family, middle and given names."))
        else:
            for part in (family, given):
                if not NAME_RE.match(part):
                    self.error(
                        row,
                        name_field,
                        _("“%(value)s” is not a valid name: use letters, spaces and hyphens only.") % {"value": part},
                    )
                    break
            else:
                values["family_name"], values["given_name"] = family, given
        # Sex and birth date; or the birth date written under "Nam" or "Nữ", which also gives the sex.
        male, female = row.value("birth_date_male"), row.value("birth_date_female")
        by_sex_columns = bool({"birth_date_male", "birth_date_female"} & present)
        if "sex" in present:
            values["sex"] = self.choice(row, "sex", columns["sex"], required=True)
        birth: datetime.date | None = None
        if "birth_date" in present or not by_sex_columns:
            birth_field = "birth_date"
            birth = self.date(row, "birth_date", required=True)
        elif male is not None and female is not None:
            birth_field = "birth_date_male"
            self.error(row, birth_field, _("A birth date is written under both “Nam” and “Nữ”: keep one."))
        elif male is None and female is None:
            birth_field = "birth_date_male" if "birth_date_male" in present else "birth_date_female"
            self.error(row, birth_field, _("Required: enter the date of birth under “Nam” or under “Nữ”."))
        else:
            birth_field = "birth_date_male" if male is not None else "birth_date_female"
            birth = self.date(row, birth_field, required=True)
            if "sex" not in present:
                values["sex"] = "M" if male is not None else "F"
        if birth is not None:
            if birth > self.today:
                self.error(row, birth_field, _("The date of birth is in the future."))
            else:
                age = age_on(birth, self.today)
                if not MIN_AGE <= age <= MAX_AGE:
                    self.error(
                        row,
                        birth_field,
                        _("Age %(age)s is outside %(min)s–%(max)s years: check the date of birth.")
                        % {"age": age, "min": MIN_AGE, "max": MAX_AGE},
                    )
                else:
                    values["birth_date"] = datetime.date(birth.year, birth.month, birth.day)
                    if isinstance(birth, YearOnlyDate):
                        self.warning(
                            row,
                            birth_field,
                            _("Only the year of birth is known: it is recorded as 01/01/%(year)d.")
                            % {"year": birth.year},
                        )
                    sex = values.get("sex")
                    if sex and _age_months(birth, self.today) > retirement_age_months(sex, self.today.year):
                        self.warning(
                            row,
                            birth_field,
                            _(
                                "Age %(age)d is past the statutory retirement age and the person is still employed: "
                                "confirm."
                            )
                            % {"age": age},
                        )
        if self.may_see_sensitive:
            if "ethnicity" in present:
                text = self.text(row, "ethnicity")
                if text:
                    code = schema.parse_ethnicity(text)
                    if code is None:
                        self.error(
                            row,
                            "ethnicity",
                            _("“%(value)s” is not one of the 54 ethnic groups: write its name, e.g. Kinh, Tày, Nùng.")
                            % {"value": text},
                        )
                    values["ethnicity"] = code
            if "party_member_since" in present:
                day = self.date(row, "party_member_since")
                if day is not None:
                    if day > self.today:
                        self.error(row, "party_member_since", _("The date of admission to the Party is in the future."))
                    elif birth is not None and age_on(birth, day) < 18:
                        self.error(
                            row, "party_member_since", _("Admission to the Party is possible from 18 years of age.")
                        )
                    else:
                        values["party_member_since"] = datetime.date(day.year, day.month, day.day)
        for name in (
            "employment_type",
            "civil_service_rank",
            "degree",
            "political_theory",
            "state_management",
            "it_level",
        ):
            if name in present:
                values[name] = self.choice(row, name, columns[name])
        if "foreign_language" in present:
            text = self.text(row, "foreign_language")
            if text:
                languages = schema.parse_languages(text)
                if languages is None:
                    self.error(
                        row,
                        "foreign_language",
                        _("Write each language with its level (A1–C2), separated by “;”: Tiếng Anh B1; Tiếng Pháp A2."),
                    )
                values["languages"] = languages or []
        if "post_title" in present:
            values["post_title"] = self.text(row, "post_title", 120)
            values["post_start"] = self.date(row, "post_start")
        return {name: value for name, value in values.items() if value is not None}

    def new_person(
        self,
        row: Row,
        key: str,
        code: str,
        values: dict[str, Any],
        unit: OrgUnit,
        start: datetime.date | None,
        counts: Counts,
    ) -> None:
        start = start or self.today
        if not self.in_force(row, "unit", unit, start):
            return
        birth = values.get("birth_date")
        if birth and age_on(birth, start) < MIN_AGE:
            self.error(
                row,
                "employment_start",
                _("The person was under %(min)s years old on %(day)s.") % {"min": MIN_AGE, "day": format_date(start)},
            )
            return
        person_values = {name: values[name] for name in _PERSON_FIELDS if name in values}
        person_values["employee_code"] = code
        person_values.setdefault(
            "employment_type",
            EmploymentType.PUBLIC_EMPLOYEE if unit.kind == "affiliated" else EmploymentType.CIVIL_SERVANT,
        )
        self.plan.new_people.append(NewPerson(key, person_values, unit, start, values.get("languages", [])))
        self.staff_post(row, key, None, unit, values)
        counts.created += 1

    def existing_person(
        self,
        row: Row,
        person_id: int,
        values: dict[str, Any],
        unit: OrgUnit,
        start: datetime.date | None,
        counts: Counts,
    ) -> None:
        if not self.person_in_scope(person_id):
            self.error(
                row,
                "employee_code",
                _(
                    "The employee code “%(code)s” belongs to a person of a unit outside %(root)s: "
                    "check the code, or ask that unit to transfer the person."
                )
                % {"code": row.text("employee_code"), "root": self.root.name},
            )
            return
        person = self.people[person_id]
        changes = {
            name: values[name] for name in _PERSON_FIELDS if name in values and getattr(person, name) != values[name]
        }
        changed = bool(changes)
        current = self.current_employment(person_id)
        if current is None or current.unit_id != unit.pk:
            day = start or self.today
            if not self.in_force(row, "unit", unit, day):
                return
            if current is not None and day <= current.start_date:
                self.error(
                    row,
                    "employment_start",
                    _(
                        "The person moves to %(unit)s on %(day)s, but works in %(current)s since %(start)s: "
                        "enter a later date in “Working in the unit since”."
                    )
                    % {
                        "unit": unit.name,
                        "day": format_date(day),
                        "current": current.unit.name,
                        "start": format_date(current.start_date),
                    },
                )
                return
            later = [e for e in self.employments.get(person_id, []) if e.start_date >= day]
            if later:
                self.error(
                    row,
                    "employment_start",
                    _("The registry already has an employment from %(day)s: the new one would overlap it.")
                    % {"day": format_date(later[0].start_date)},
                )
                return
            if current is not None:
                self.plan.employment_ends.append((current.pk, day - datetime.timedelta(days=1)))
            self.plan.new_employments.append((person_id, unit, day))
            changed = True
        if "languages" in values:
            known = {fold(language.language): language for language in person.languages}
            for language, level in values["languages"]:
                existing = known.get(fold(language))
                if existing is None:
                    self.plan.new_languages.append((person_id, language, level))
                    changed = True
                elif existing.level != level:
                    self.plan.language_updates.append((existing.pk, level))
                    changed = True
        if changes:
            self.plan.person_updates[person_id] = changes
        if self.staff_post(row, person_id, person, unit, values):
            changed = True
        if changed:
            counts.updated += 1
        else:
            counts.unchanged += 1

    def staff_post(
        self, row: Row, ref: int | str, person: KnownPerson | None, unit: OrgUnit, values: dict[str, Any]
    ) -> bool:
        """A leadership post named in the staff sheet's "Chức vụ" column; True if one is added."""
        title = values.get("post_title")
        if not title or not _is_leadership_title(title):
            return False
        if person is not None:
            for post in person.posts:  # type: ignore[attr-defined]
                if post.unit_id == unit.pk and fold(post.title) == fold(title) and post.is_active_on(self.today):
                    return False
        start = values.get("post_start")
        if start is None:
            self.warning(
                row,
                "post_title",
                _("The post “%(title)s” was not recorded: add the appointment date, or list it on the Posts sheet.")
                % {"title": title},
            )
            return False
        if not self.in_force(row, "post_start", unit, start):
            return False
        self.plan.new_facts["post"].append(
            (
                ref,
                {
                    "unit": unit,
                    "title": title,
                    "level": LEVEL_BY_UNIT_KIND.get(unit.kind, "division"),
                    "rank": _rank_of(title),
                    "is_key_leader": False,
                    "start_date": start,
                    "end_date": None,
                    "decision_number": "",
                },
            )
        )
        return True

    # --- posts, pool, training ---------------------------------------------------------------

    def fact_sheet(self, sheet: Sheet, kind: str) -> None:
        if not self.sheet_checks(sheet, kind):
            return
        spec = schema.SHEETS[kind]
        columns = {column.field: column for column in spec.columns}
        fact = {schema.POSTS: "post", schema.POOL: "pool", schema.TRAINING: "training"}[kind]
        counts = self.plan.counts[kind]
        seen: dict[tuple, int] = {}
        planned: dict[int | str, list[dict[str, Any]]] = defaultdict(list)
        for row in sheet.rows:
            if not self.readable(row):
                continue
            before = self.plan.error_count
            ref, person = self.person_ref(row)
            values = self.fact_values(row, kind, columns)
            if self.plan.error_count > before or ref is None:
                continue
            key = _fact_key(fact, values)
            if (ref, key) in seen:
                self.error(
                    row,
                    None,
                    _("This row repeats row %(row)d.") % {"row": seen[ref, key]},
                )
                continue
            seen[ref, key] = row.row
            if not self.fact_dates_ok(row, fact, ref, person, values):
                continue
            existing = None
            if person is not None:
                records = {"post": person.posts, "pool": person.pool, "training": person.training}[fact]  # type: ignore[attr-defined]
                existing = next(
                    (record for record in records if _fact_key(fact, _record_values(fact, record)) == key), None
                )
            if existing is None:
                if fact == "post" and not self.post_conflicts(row, ref, person, values, planned):
                    continue
                self.plan.new_facts[fact].append((ref, values))
                planned[ref].append(values)
                counts.created += 1
                continue
            current = _record_values(fact, existing)
            changes = {name: value for name, value in values.items() if current.get(name) != value}
            if fact == "post" and changes and not self.post_conflicts(row, ref, person, values, planned, existing):
                continue
            planned[ref].append(values)
            if changes:
                self.plan.fact_updates[fact].append((existing.pk, changes))
                counts.updated += 1
            else:
                counts.unchanged += 1

    def person_ref(self, row: Row) -> tuple[int | str | None, KnownPerson | None]:
        """The person a posts/pool/training row is about: an existing id, or a new person's key."""
        code = self.text(row, "employee_code", 32)
        if not code:
            self.error(row, "employee_code", _("Required: enter the employee code of the person."))
            return None, None
        key = code.casefold()
        name = self.text(row, "full_name", 120)
        person_id = self.codes.get(key)
        if key in self.in_file:
            file_row, values = self.in_file[key]
            if (
                name
                and values.get("given_name")
                and fold(name) != fold(f"{values['family_name']} {values['given_name']}")
            ):
                self.warning(
                    row,
                    "full_name",
                    _("The staff sheet gives the name %(name)s for this code (row %(row)d): check the code.")
                    % {"name": f"{values['family_name']} {values['given_name']}", "row": file_row.row},
                )
            if person_id is None:
                return key, None
        if person_id is None:
            self.error(
                row,
                "employee_code",
                _("No person has the employee code “%(code)s”: add the person on the Staff sheet first.")
                % {"code": code},
            )
            return None, None
        if not self.person_in_scope(person_id):
            self.error(
                row,
                "employee_code",
                _("The employee code “%(code)s” belongs to a person of a unit outside %(root)s.")
                % {"code": code, "root": self.root.name},
            )
            return None, None
        person = self.people[person_id]
        if name and key not in self.in_file and fold(name) != fold(person.full_name):
            self.warning(
                row,
                "full_name",
                _("The registry has the name %(name)s for this code: check the code.") % {"name": person.full_name},
            )
        return person_id, person

    def fact_values(self, row: Row, kind: str, columns: dict[str, schema.Column]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        start = self.date(row, "start_date", required=kind != schema.POOL)
        end = self.date(row, "end_date")
        if start and end and end < start:
            self.error(
                row,
                "end_date",
                _("The end date (%(end)s) is before the start date (%(start)s).")
                % {"end": format_date(end), "start": format_date(start)},
            )
        if start and start > self.today and kind != schema.TRAINING:
            self.error(row, "start_date", _("The date is in the future."))
        values["end_date"] = _plain_date(end)
        if kind == schema.POSTS:
            unit = self.unit(row, "unit")
            title = self.text(row, "post_title", 120)
            if not title:
                self.error(row, "post_title", _("Required: enter the title of the post."))
            level = self.choice(row, "level", columns["level"])
            rank = self.choice(row, "rank", columns["rank"])
            key_leader = self.yes_no(row, "is_key_leader")
            values.update(
                unit=unit,
                title=title,
                level=level or (LEVEL_BY_UNIT_KIND.get(unit.kind, "division") if unit else None),
                rank=rank or _rank_of(title),
                is_key_leader=bool(key_leader),
                start_date=_plain_date(start),
                decision_number=self.text(row, "decision_number", 64),
            )
        elif kind == schema.POOL:
            title = self.text(row, "pool_title", 120)
            if not title:
                self.error(row, "pool_title", _("Required: enter the title the person is planned for."))
            level = self.choice(row, "level", columns["level"], required=True)
            period = self.period(row)
            values.update(
                title=title,
                level=level,
                period_start=period[0] if period else None,
                period_end=period[1] if period else None,
                start_date=_plain_date(start) or (datetime.date(period[0], 1, 1) if period else None),
                decision_number=self.text(row, "decision_number", 64),
            )
        else:
            course = self.text(row, "course", 200)
            if not course:
                self.error(row, "course", _("Required: enter the name of the course."))
            completed = self.yes_no(row, "completed")
            values.update(
                kind=self.choice(row, "training_kind", columns["training_kind"], required=True),
                course=course,
                start_date=_plain_date(start),
                completed=bool(completed),
                certificate=self.text(row, "certificate", 120),
            )
        return values

    def yes_no(self, row: Row, name: str) -> bool | None:
        text = self.text(row, name)
        if not text:
            return None
        value = schema.parse_bool(text)
        if value is None:
            self.error(row, name, _("Write “có” or “không”."))
        return value

    def period(self, row: Row) -> tuple[int, int] | None:
        text = self.text(row, "pool_period")
        if not text:
            self.error(row, "pool_period", _("Required: enter the period as two years, e.g. 2025-2030."))
            return None
        period = schema.parse_period(text)
        if period is None:
            self.error(
                row, "pool_period", _("“%(value)s” is not a period: write two years, e.g. 2025-2030.") % {"value": text}
            )
            return None
        first, last = period
        if not (2000 <= first <= 2100 and 2000 <= last <= 2100):
            self.error(row, "pool_period", _("The years of the period must be between 2000 and 2100."))
        elif last <= first:
            self.error(row, "pool_period", _("The period must end after it starts (e.g. 2025–2030)."))
        elif last - first > 10:
            self.error(row, "pool_period", _("A pool period is at most 10 years long."))
        else:
            return period
        return None

    def fact_dates_ok(
        self, row: Row, fact: str, ref: int | str, person: KnownPerson | None, values: dict[str, Any]
    ) -> bool:
        start = values.get("start_date")
        birth = person.birth_date if person is not None else self.in_file.get(str(ref), (None, {}))[1].get("birth_date")
        if start and birth and age_on(birth, start) < MIN_AGE:
            self.error(
                row,
                "start_date",
                _("The person was under %(min)s years old on %(day)s.") % {"min": MIN_AGE, "day": format_date(start)},
            )
            return False
        if fact == "post" and start and not self.in_force(row, "start_date", values["unit"], start):
            return False
        return True

    def post_conflicts(
        self,
        row: Row,
        ref: int | str,
        person: KnownPerson | None,
        values: dict[str, Any],
        planned: dict[int | str, list[dict[str, Any]]],
        existing: Post | None = None,
    ) -> bool:
        """True if the post can be held: no overlap with the person's posts in the unit, and no
        other head with the same title in the unit at the same time."""
        far = datetime.date.max
        start, end = values["start_date"], values["end_date"] or far
        unit = values["unit"]

        def overlaps(other_start: datetime.date, other_end: datetime.date | None) -> bool:
            return start <= (other_end or far) and other_start <= end

        own = [(p.unit_id, p.title, p.start_date, p.end_date) for p in (person.posts if person else [])]  # type: ignore[attr-defined]
        own = [item for item in own if existing is None or (item[2], item[1]) != (existing.start_date, existing.title)]
        own += [(v["unit"].pk, v["title"], v["start_date"], v["end_date"]) for v in planned.get(ref, [])]
        for unit_id, title, other_start, other_end in own:
            if unit_id == unit.pk and overlaps(other_start, other_end):
                self.error(
                    row,
                    "start_date",
                    _("The person already holds the post “%(title)s” in this unit from %(start)s.")
                    % {"title": title, "start": format_date(other_start)},
                )
                return False
        if values["rank"] == PostRank.HEAD:
            if unit.pk not in self.head_posts:  # one query per unit, not per row
                self.head_posts[unit.pk] = list(
                    Post.objects.filter(unit_id=unit.pk, rank=PostRank.HEAD).select_related("person")
                )
            clash = [
                other
                for other in self.head_posts[unit.pk]
                if other.title == values["title"] and (existing is None or other.pk != existing.pk)
            ]
            for other in clash:
                if other.person_id != (ref if isinstance(ref, int) else None) and overlaps(
                    other.start_date, other.end_date
                ):
                    self.error(
                        row,
                        "start_date",
                        _("%(person)s is already “%(title)s” of this unit from %(start)s.")
                        % {
                            "person": other.person.full_name,
                            "title": other.title,
                            "start": format_date(other.start_date),
                        },
                    )
                    return False
        return True


def _plain_date(day: datetime.date | None) -> datetime.date | None:
    return datetime.date(day.year, day.month, day.day) if day else None


def _is_leadership_title(title: str) -> bool:
    key = fold(title)
    if any(key == fold(known) for titles in POST_TITLES.values() for known, _rank in titles):
        return True
    return key.startswith(_LEADER_WORDS) or " truong" in key


def _rank_of(title: str) -> str:
    return PostRank.DEPUTY if fold(title).startswith("pho") else PostRank.HEAD


def _fact_key(fact: str, values: dict[str, Any]) -> tuple:
    """What identifies a post, pool entry or training record of a person in a file."""
    if fact == "post":
        unit = values.get("unit")
        return (unit.pk if unit else None, fold(values.get("title") or ""), values.get("start_date"))
    if fact == "pool":
        return (fold(values.get("title") or ""), values.get("period_start"), values.get("period_end"))
    return (values.get("kind"), fold(values.get("course") or ""), values.get("start_date"))


def _record_values(fact: str, record: Post | PoolEntry | TrainingRecord) -> dict[str, Any]:
    if isinstance(record, Post):
        return {
            "unit": _UnitRef(record.unit_id),
            "title": record.title,
            "level": record.level,
            "rank": record.rank,
            "is_key_leader": record.is_key_leader,
            "start_date": record.start_date,
            "end_date": record.end_date,
            "decision_number": record.decision_number,
        }
    if isinstance(record, PoolEntry):
        return {
            "title": record.title,
            "level": record.level,
            "period_start": record.period_start,
            "period_end": record.period_end,
            "start_date": record.start_date,
            "end_date": record.end_date,
            "decision_number": record.decision_number,
        }
    return {
        "kind": record.kind,
        "course": record.course,
        "start_date": record.start_date,
        "end_date": record.end_date,
        "completed": record.completed,
        "certificate": record.certificate,
    }


@dataclass(frozen=True)
class _UnitRef:
    """Stands for a post's unit when only its id is loaded; equal to the OrgUnit with that id."""

    pk: int

    def __eq__(self, other: object) -> bool:
        return getattr(other, "pk", None) == self.pk

    def __hash__(self) -> int:
        return hash(self.pk)


def build_plan(workbook: Workbook, root: OrgUnit, user: Any = None, today: datetime.date | None = None) -> ImportPlan:
    """Check every row of the workbook for an import into root's subtree by user (None: a command)."""
    return _Checker(workbook, root, user, today or datetime.date.today()).run()


def iter_issues(plan: ImportPlan, severity: str) -> Iterator[Issue]:
    return (issue for issue in plan.issues if issue.severity == severity)
