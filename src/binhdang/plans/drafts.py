"""From an uploaded plan document to a plan.

`review_initial` turns what the reader extracted (`PlanDraft.extracted`, format in docs/ingestion.md) into
the starting values of the review page: dates in dd/mm/yyyy, units named in the text matched to the
issuer's subtree, the plan it implements found by number. `problems` states what is wrong across rows
(a target's year outside the period, two targets on one indicator and year). `confirm` creates the plan
and everything in it in one transaction, or nothing. The review page and the tests use the same functions.

`cleaned`, what `confirm` takes, holds only the rows the user kept:
    {"plan": {number, number_as_printed, issued_on, issued_precision, place, title, period_start, period_end,
              implements, general_objective, recipients, signer_name, signer_title},
     "legal_bases": [{row, text, number, issued_on}], "objectives": [{row, label, text}],
     "targets": [{row, text, indicator, value, comparator, year}],
     "report_deadlines": [{row, kind, reporter, due_date, recurring, recipient, text}],
     "tasks": [{row, label, text, unit_in_charge, unit_in_charge_text, cooperating_units, cooperating_text,
                recurrence, due_date, schedule_text, participants}],
     "budget_lines": [{row, text, source, amount}]}
`row` is the row's number on the review page, so that a message names the row the user sees.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from binhdang.accounts import scope
from binhdang.core.vietnamese import fold, format_date, normalise
from binhdang.orgs.models import OrgUnit
from binhdang.plans.models import (
    BudgetLine,
    DatePrecision,
    LegalBasis,
    Objective,
    Plan,
    PlanDraft,
    Recurrence,
    ReportDeadline,
    ReportKind,
    Task,
    store_file,
)

SECTIONS = ("legal_bases", "objectives", "targets", "report_deadlines", "tasks", "budget_lines")
ROW_LABELS = {
    "legal_bases": gettext_lazy("Legal basis %(number)d"),
    "objectives": gettext_lazy("Specific objective %(number)d"),
    "targets": gettext_lazy("Target %(number)d"),
    "report_deadlines": gettext_lazy("Report deadline %(number)d"),
    "tasks": gettext_lazy("Task %(number)d"),
    "budget_lines": gettext_lazy("Budget line %(number)d"),
}
# The reader's names of the main fields it may not find ("missing"), as the review page names them.
MISSING_LABELS = {
    "number": gettext_lazy("Document number"),
    "date": gettext_lazy("Date signed"),
    "issuer": gettext_lazy("Issuing agency"),
    "title": gettext_lazy("Title"),
    "targets": gettext_lazy("Targets"),
    "tasks": gettext_lazy("Tasks"),
    "signer": gettext_lazy("Signer"),
}
COMPARATORS = ("at_least", "at_most", "exactly")
EARLIEST_YEAR, LATEST_YEAR = 1945, 2100  # a signing date outside these is a typing mistake


class DraftClosed(Exception):
    """The draft was discarded (or its plan deleted): it cannot be confirmed any more."""


class DraftInvalid(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Problem:
    """What is wrong, where: section "plan" (the header) or one of SECTIONS; row as numbered on the page."""

    section: str
    row: int | None
    field: str | None
    message: str


def row_label(section: str, row: int) -> str:
    return str(ROW_LABELS[section]) % {"number": row}


# --- Dates -------------------------------------------------------------------------------------

_DMY = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_MY = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{4})")
_DM = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})")
_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_RECURRING_ISO = re.compile(r"--(\d{2})-(\d{2})")


def _date(year: int, month: int, day: int) -> datetime.date:
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise ValueError(year)
    return datetime.date(year, month, day)


def parse_partial_date(text: str) -> tuple[datetime.date | None, str]:
    """The signing date as far as the document gives it: "06/09/2021" -> (6 Sep 2021, day), "05/2022" ->
    (1 May 2022, month), "2021" -> (1 Jan 2021, year); the reader's ISO forms ("2022-05") too. "" -> None.
    ValueError when the text is none of these or not a real date."""
    text = normalise(text)
    if not text:
        return None, DatePrecision.DAY
    if match := _DMY.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
        return _date(year, month, day), DatePrecision.DAY
    if match := _MY.fullmatch(text):
        month, year = (int(part) for part in match.groups())
        return _date(year, month, 1), DatePrecision.MONTH
    if match := _ISO.fullmatch(text):
        year, month, day = match.groups()
        if day:
            return _date(int(year), int(month), int(day)), DatePrecision.DAY
        if month:
            return _date(int(year), int(month), 1), DatePrecision.MONTH
        return _date(int(year), 1, 1), DatePrecision.YEAR
    raise ValueError(text)


def partial_date_display(day: datetime.date | None, precision: str) -> str:
    if day is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{day.year}"
    if precision == DatePrecision.MONTH:
        return f"{day.month:02d}/{day.year}"
    return format_date(day)


def _iso_partial_display(value: Any) -> str:
    """The reader's "2021-09-06" / "2022-05" / "2021" as the review page shows it."""
    if not isinstance(value, str):
        return ""
    try:
        return partial_date_display(*parse_partial_date(value))
    except ValueError:
        return value[:20]


# Recurring report deadlines keep day and month only; a leap year holds 29/02 too.
RECURRING_YEAR = 2000


def parse_due(text: str) -> tuple[datetime.date, bool]:
    """A report deadline: "05/06" every year -> (5 Jun, recurring); "15/06/2021" -> (that day, once); the
    reader's "--06-05" and "2021-06-15" too. ValueError otherwise."""
    text = normalise(text)
    if match := _DMY.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
        return _date(year, month, day), False
    if match := _DM.fullmatch(text):
        day, month = (int(part) for part in match.groups())
        return datetime.date(RECURRING_YEAR, month, day), True
    if match := _RECURRING_ISO.fullmatch(text):
        month, day = (int(part) for part in match.groups())
        return datetime.date(RECURRING_YEAR, month, day), True
    if match := _ISO.fullmatch(text):
        year, month, day = match.groups()
        if day:
            return _date(int(year), int(month), int(day)), False
    raise ValueError(text)


def due_display(day: datetime.date, recurring: bool) -> str:
    return f"{day.day:02d}/{day.month:02d}" if recurring else format_date(day)


def _iso_date(value: Any) -> datetime.date | None:
    if not isinstance(value, str):
        return None
    try:
        day, precision = parse_partial_date(value)
    except ValueError:
        return None
    return day if precision == DatePrecision.DAY else None


# --- Units and plans named in the text -------------------------------------------------------------

_NOT_WORD = re.compile(r"[^\w\s]")
# Abbreviations plans use for units, folded, by whole words: "VP" = "Văn phòng", "Sở GD&ĐT" = "Sở Giáo dục và
# Đào tạo" ("&" is a separator once folded, so "GD&ĐT" reads "gd dt").
_ABBREVIATIONS = (
    (r"gd dt|gddt|gd va dt", "giao duc va dao tao"),
    (r"vp", "van phong"),
    (r"tccb", "to chuc can bo"),
    (r"ttr", "thanh tra"),
    (r"khcn|kh cn", "khoa hoc va cong nghe"),
    (r"ld ?tb ?(?:va )?xh|ldtbxh", "lao dong thuong binh va xa hoi"),
    (r"ubnd", "uy ban nhan dan"),
    (r"kh ?dt", "ke hoach va dau tu"),
    (r"tc ?kh|kh ?tc", "ke hoach tai chinh"),
    (r"bdg", "binh dang gioi"),
    (r"vstb ?c?pn|vstb", "vi su tien bo cua phu nu"),
    (r"gdnn", "giao duc nghe nghiep"),
    (r"gdtx", "giao duc thuong xuyen"),
)
_ABBREVIATION_RES = [(re.compile(rf"\b(?:{short})\b"), long) for short, long in _ABBREVIATIONS]
# "Văn phòng" in the text is "Văn phòng Sở" in the tree; "Ban ... thuộc Sở" is the "Ban ..." of the agency.
_AGENCY_SUFFIX = re.compile(r"\s+(?:(?:cua|thuoc|truc thuoc)\s+)?(?:so|co quan)$")
# The kind word before a division's name, which plans write or leave out ("Phòng Thanh tra" = "Thanh tra Sở").
_KIND_PREFIX = re.compile(r"^(?:phong|ban)\s+")
# The agency itself, as its own plan names it: its leadership and its women's advancement committee.
_THE_AGENCY = re.compile(
    r"^(?:so|co quan|lanh dao so|lanh dao co quan|ban giam doc(?: so)?|giam doc so|"
    r"ban (?:(?:binh dang gioi|vi su tien bo cua phu nu|vi su tien bo phu nu)(?: va | )?)+(?: so| cua so)?)$"
)
# A joined name: "Văn phòng - Thanh tra Sở" (two units of the tree under one head).
_JOINED = re.compile(r"\s+[-–]\s*|\s*[-–]\s+|(?<=\w)[-–](?=\w)")


def _unit_key(name: str) -> str:
    key = " ".join(_NOT_WORD.sub(" ", fold(name)).split())
    for pattern, long in _ABBREVIATION_RES:
        key = pattern.sub(long, key)
    return key


def _own_name_out(key: str, issuer_key: str) -> str:
    """The agency's own name written after a unit stands for "Sở": "van phong so giao duc va dao tao (tinh lao
    cai)" -> "van phong so". Its bare name stands for "so"."""
    if not issuer_key:
        return key
    at = key.find(issuer_key)
    if at < 0:
        return key
    return f"{key[:at].strip()} so".strip()


def _core(key: str) -> str:
    return _KIND_PREFIX.sub("", _AGENCY_SUFFIX.sub("", key))


def current_units(issuer: OrgUnit) -> list[OrgUnit]:
    """The units a plan of `issuer` can give tasks to: the issuer and every current unit below it."""
    today = timezone.localdate()
    units = OrgUnit.objects.filter(issuer.subtree_q()).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
    return list(units.order_by("path"))


def _one(key: str, units: list[OrgUnit], issuer: OrgUnit | None) -> OrgUnit | None:
    if not key:
        return None
    issuer_key = _unit_key(issuer.name) if issuer is not None else ""
    exact = [unit for unit in units if _unit_key(unit.name) == key]
    if len(exact) == 1:
        return exact[0]
    if exact:
        return None
    own = _own_name_out(key, issuer_key)
    if issuer is not None and _THE_AGENCY.match(own):
        return issuer
    wanted = _core(own)
    if not wanted:
        return None
    others = [unit for unit in units if unit != issuer]
    loose = [unit for unit in others if _core(_own_name_out(_unit_key(unit.name), issuer_key)) == wanted]
    return loose[0] if len(loose) == 1 else None


def match_units(name: str | None, units: Iterable[OrgUnit]) -> list[OrgUnit]:
    """The units of `units` that `name` names: one ("Văn Phòng Sở GD&ĐT" = "Văn phòng Sở", "Phòng Thanh tra" =
    "Thanh tra Sở", "Ban Vì sự tiến bộ phụ nữ Sở" = the agency), or each of a joined name ("Văn phòng - Thanh
    tra Sở" = "Văn phòng Sở" and "Thanh tra Sở"), ignoring case, diacritics, punctuation and the usual
    abbreviations. `units` are a plan's units (`current_units`): the first is its issuer. [] when no unit or
    several fit the name."""
    units = list(units)
    issuer = min(units, key=lambda unit: len(unit.path)) if units else None
    key = _unit_key(name or "")
    found = _one(key, units, issuer)
    if found is not None:
        return [found]
    parts = [part for part in _JOINED.split(fold(normalise(name or ""))) if part.strip()]
    if len(parts) < 2:
        return []
    tail = _AGENCY_SUFFIX.search(_unit_key(parts[-1]))
    suffix = tail.group().strip() if tail else ""
    matched: list[OrgUnit] = []
    for part in parts:
        part_key = _unit_key(part)
        if suffix and not _AGENCY_SUFFIX.search(part_key):
            part_key = f"{part_key} {suffix}"
        unit = _one(part_key, units, issuer)
        if unit is None or unit in matched:
            return []
        matched.append(unit)
    return matched


def match_unit(name: str | None, units: Iterable[OrgUnit]) -> OrgUnit | None:
    """The one unit of `units` that `name` names (see `match_units`); None when no unit or several fit."""
    found = match_units(name, units)
    return found[0] if len(found) == 1 else None


def split_names(text: str) -> list[str]:
    """Unit names typed in one field, separated by ";" or new lines (a comma may belong to a name)."""
    return [name for name in (normalise(part) for part in re.split(r"[;\n]", text or "")) if name]


def normalise_number(number: str | None) -> str:
    """A document number without spaces around "/" and "-", as the reader writes it: "662/KH-SNgV"."""
    return re.sub(r"\s*([/-])\s*", r"\1", normalise(number if isinstance(number, str) else ""))


def plan_for_number(number: str | None, plans: Iterable[Plan]) -> Plan | None:
    wanted = normalise_number(number).casefold()
    if not wanted or wanted.startswith("/"):  # "/KH-UBND": the number was left blank, it names no plan
        return None
    for plan in plans:
        if plan.number and normalise_number(plan.number).casefold() == wanted:
            return plan
    return None


# --- The review page's starting values --------------------------------------------------------------


def _text(value: Any, limit: int | None = None) -> str:
    text = normalise(value) if isinstance(value, str) else ""
    return text[:limit] if limit else text


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _year(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _lines(value: Any) -> list[str]:
    return [line for line in value.splitlines() if line.strip()] if isinstance(value, str) else []


def _unit_name(name: str, units: list[OrgUnit]) -> str:
    unit = match_unit(name, units)
    return unit.name if unit is not None else name


REPEATING = (Recurrence.YEARLY, Recurrence.HALF_YEARLY, Recurrence.QUARTERLY)


def task_due(recurrence: Any, due: Any, start: int | None, end: int | None) -> tuple[str, str]:
    """The review page's "when" and "due" of a task from what was read: a date with no year ("trước ngày
    15/11") is that day of the plan's one year, or of every year of a longer plan; "" when nothing was read."""
    recurrence = recurrence if recurrence in Recurrence.values else ""
    if not isinstance(due, str) or not due:
        return recurrence or Recurrence.ONCE, ""
    try:
        day, every_year = parse_due(due)
    except ValueError:
        return recurrence or Recurrence.ONCE, ""
    if recurrence == Recurrence.CONTINUOUS:
        recurrence = Recurrence.YEARLY if every_year else Recurrence.ONCE
    if every_year and recurrence in ("", Recurrence.YEARLY):
        # A plan of one year: "every year" and a date with no year are that year's date.
        if start and start == end:
            try:
                return Recurrence.ONCE, format_date(day.replace(year=start))
            except ValueError:  # 29/02 of a year that has none
                return Recurrence.ONCE, ""
        recurrence = Recurrence.YEARLY
    recurrence = recurrence or Recurrence.ONCE
    if recurrence in REPEATING:
        return recurrence, due_display(day, True)
    if every_year:
        return Recurrence.YEARLY, due_display(day, True)
    return recurrence, format_date(day)


def deadline_reporter(recipient: str, units: list[OrgUnit]) -> str:
    """Who owes a report the plan schedules: the units below the issuer when it goes to the issuer itself ("báo
    cáo … về Ban VSTBCPN&BDG Sở GD&ĐT" in the department's own plan), else the issuer, toward the body named."""
    issuer = min(units, key=lambda unit: len(unit.path)) if units else None
    if recipient and issuer is not None and match_unit(recipient, units) == issuer:
        return ReportDeadline.Reporter.SUBORDINATES
    return ReportDeadline.Reporter.ISSUER


def review_initial(extracted: dict[str, Any], issuer: OrgUnit, plans: Iterable[Plan]) -> dict[str, Any]:
    """What the review page shows first: the header's values and each section's rows, from what was read.
    `plans` are the plans the user may choose as the one this plan implements."""
    data = extracted if isinstance(extracted, dict) else {}
    units = current_units(issuer)
    plans = list(plans)
    period = data.get("period") if isinstance(data.get("period"), dict) else {}
    signer = data.get("signer") if isinstance(data.get("signer"), dict) else {}
    bases = _dicts(data.get("legal_bases"))
    implements = next((plan for plan in (plan_for_number(basis.get("number"), plans) for basis in bases) if plan), None)
    header = {
        "number": _text(data.get("number"), 64),
        "issued": _iso_partial_display(data.get("date")),
        "place": _text(data.get("place"), 80),
        "title": _text(data.get("title"), 500),
        "period_start": _year(period.get("start")),
        "period_end": _year(period.get("end")),
        "implements": implements.pk if implements else None,
        # The same number from the same issuer, still in force: this document is its new version.
        "replaces": getattr(
            plan_for_number(
                data.get("number"), [plan for plan in plans if plan.issuer_id == issuer.pk and not plan.withdrawn]
            ),
            "pk",
            None,
        ),
        "general_objective": _text(data.get("general_objective")),
        "recipients": "\n".join(_text(line) for line in _list(data.get("recipients")) if isinstance(line, str)),
        "signer_name": _text(signer.get("name"), 120),
        "signer_title": "\n".join(_text(line) for line in _lines(signer.get("title")))[:200],
    }
    tasks = []
    for task in _dicts(data.get("tasks")):
        # A unit found in the tree is shown by its name there; one that is not stays as printed. A joined name
        # ("Văn phòng - Thanh tra Sở") puts its first unit in charge and the others with the cooperating units.
        read = task.get("unit_in_charge")
        in_charge, shown = "", []
        if isinstance(read, str):
            found = match_units(_text(read, 300), units)
            in_charge = found[0].name if found else _text(read, 300)
            shown = [unit.name for unit in found[1:]]
        for name in _list(task.get("cooperating_units")):
            if isinstance(name, str) and (shown_name := _unit_name(_text(name, 300), units)) not in shown:
                shown.append(shown_name)
        recurrence, due = task_due(
            task.get("recurrence"), task.get("due"), header["period_start"], header["period_end"]
        )
        tasks.append(
            {
                "label": _text(task.get("label"), 32),
                "text": _text(task.get("text")),
                "unit_in_charge": in_charge,
                "cooperating": "; ".join(name for name in shown if name and name != in_charge)[:500],
                "recurrence": recurrence,
                "due": due,
                "schedule_text": _text(task.get("schedule"), 300),
                "participants": _text(task.get("participants"), 500),
                "include": True,
            }
        )
    deadlines = []
    for deadline in _dicts(data.get("report_deadlines")):
        try:
            due = due_display(*parse_due(deadline.get("due") if isinstance(deadline.get("due"), str) else ""))
        except ValueError:
            due = ""
        kind = deadline.get("kind") if deadline.get("kind") in ReportKind.values else ReportKind.AD_HOC
        recipient = _text(deadline.get("recipient"), 300)
        deadlines.append(
            {
                "kind": kind,
                "due": due,
                "reporter": deadline_reporter(recipient, units),
                "recipient": recipient,
                "text": _text(deadline.get("text"), 500),
                "include": True,
            }
        )
    return {
        "header": header,
        "legal_bases": [
            {
                "text": _text(basis.get("text")),
                "number": _text(basis.get("number"), 120),
                "issued_on": _iso_date(basis.get("date")),
                "include": True,
            }
            for basis in bases
        ],
        "objectives": [
            {"label": _text(item.get("label"), 16), "text": _text(item.get("text")), "include": True}
            for item in _dicts(data.get("objectives"))
        ],
        "targets": [
            {
                "text": _text(target.get("text"), 500),
                "indicator": target.get("indicator") if isinstance(target.get("indicator"), str) else "",
                "value": _number(target.get("value")),
                "comparator": target.get("comparator") if target.get("comparator") in COMPARATORS else "at_least",
                "year": _year(target.get("year")),
                "include": True,
            }
            for target in _dicts(data.get("targets"))
        ],
        "report_deadlines": deadlines,
        "tasks": tasks,
        "budget_lines": [
            {
                "text": _text(line.get("text")),
                # A line that names no source is not guessed to be the state's money.
                "source": line.get("source") if line.get("source") in BudgetLine.Source.values else "other",
                "amount": _number(line.get("amount")),
                "include": True,
            }
            for line in _dicts(data.get("budget_lines"))
        ],
    }


def missing_text(extracted: dict[str, Any]) -> str:
    """ "document number, date signed" for the reader's "missing" list (it follows a colon); "" when none is."""
    names = extracted.get("missing") if isinstance(extracted, dict) else None
    labels = [str(MISSING_LABELS[name]) for name in _list(names) if isinstance(name, str) and name in MISSING_LABELS]
    return ", ".join(label[:1].lower() + label[1:] for label in labels)


# --- Rules across rows -----------------------------------------------------------------------------


def problems(cleaned: dict[str, Any], issuer: OrgUnit, user: Any) -> list[Problem]:
    """Everything that stops the draft from becoming a plan, beyond what each field checks by itself."""
    from binhdang.indicators.catalogue import BY_CODE
    from binhdang.indicators.models import Target

    found: list[Problem] = []
    header = cleaned["plan"]
    if not scope.can_use_unit(user, issuer, "manage_plans"):
        found.append(Problem("plan", None, None, _("You may not issue plans for this unit.")))
    start, end = header.get("period_start"), header.get("period_end")
    if start and end and end < start:
        found.append(
            Problem("plan", None, "period_end", _("The period must end after it starts (e.g. 2025–2030).")),
        )
    implements = header.get("implements")
    if implements is not None and not scope.restrict(Plan.objects.filter(pk=implements.pk), user).exists():
        found.append(Problem("plan", None, "implements", _("No such plan in your scope.")))
    replaces = header.get("replaces")
    if replaces is not None and (
        replaces.issuer_id != issuer.pk
        or replaces.withdrawn
        or not scope.restrict(Plan.objects.filter(pk=replaces.pk), user, "change").exists()
    ):
        found.append(Problem("plan", None, "replaces", _("Only a plan in force of the same agency can be replaced.")))
    period = f"{start}–{end}"
    seen: dict[tuple[str, int], int] = {}
    for target in cleaned.get("targets", []):
        row, label = target["row"], row_label("targets", target["row"])
        year, code = target["year"], target["indicator"]
        if start and end and not start <= year <= end:
            found.append(
                Problem(
                    "targets",
                    row,
                    "year",
                    _("%(row)s: the year %(year)s lies outside the period %(period)s.")
                    % {"row": label, "year": year, "period": period},
                )
            )
        indicator = BY_CODE.get(code)
        if code and indicator is None:
            found.append(Problem("targets", row, "indicator", _("%(row)s: unknown indicator.") % {"row": label}))
        is_share = indicator.is_share if indicator else "%" in target["text"]
        if is_share and target["value"] > 100:
            found.append(Problem("targets", row, "value", _("%(row)s: a share is at most 100%%.") % {"row": label}))
        if not code:
            continue
        if (code, year) in seen:
            found.append(
                Problem(
                    "targets",
                    row,
                    "indicator",
                    _("%(row)s: %(other)s already sets this indicator for %(year)s; keep one of them.")
                    % {"row": label, "other": row_label("targets", seen[(code, year)]), "year": year},
                )
            )
            continue
        seen[(code, year)] = row
        existing = (
            Target.objects.filter(unit=issuer, indicator=code, level="", year=year, in_force=True)
            .exclude(plan=replaces)  # the plan replaced takes its targets out of force
            .select_related("plan")
            .first()
        )
        if existing is not None:
            found.append(
                Problem(
                    "targets",
                    row,
                    "indicator",
                    _("%(row)s: %(unit)s already has a target for this indicator in %(year)s (plan “%(plan)s”).")
                    % {"row": label, "unit": issuer.name, "year": year, "plan": existing.plan},
                )
            )
    allowed = {unit.pk for unit in current_units(issuer)}
    for task in cleaned.get("tasks", []):
        label = row_label("tasks", task["row"])
        units = [task["unit_in_charge"], *task["cooperating_units"]]
        if any(unit is not None and unit.pk not in allowed for unit in units):
            found.append(
                Problem(
                    "tasks",
                    task["row"],
                    "unit_in_charge",
                    _("%(row)s: the units must belong to %(unit)s.") % {"row": label, "unit": issuer.name},
                )
            )
    return found


# --- Confirming ----------------------------------------------------------------------------------------


def _full_clean(instance: Any, section: str, row: int | None, exclude: list[str] | None = None) -> None:
    """The model's own checks, as problems of the row (the review form checks the same; this is the last
    word before anything is written)."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        prefix = f"{row_label(section, row)}: " if row is not None else ""
        raise DraftInvalid(
            [
                Problem(section, row, field if field != "__all__" else None, prefix + " ".join(messages))
                for field, messages in error.message_dict.items()
            ]
        ) from error


def confirm(draft: PlanDraft, cleaned: dict[str, Any], user: Any) -> Plan:
    """Create the plan and everything in it from the reviewed draft, in one transaction; mark the draft
    confirmed. Confirming a confirmed draft again returns its plan and creates nothing.
    Raises DraftInvalid (with every problem) or DraftClosed; then nothing is written."""
    with transaction.atomic():
        locked = PlanDraft.objects.select_for_update().select_related("unit").get(pk=draft.pk)
        if locked.status == PlanDraft.Status.CONFIRMED and locked.plan_id:
            return locked.plan  # type: ignore[return-value]
        if locked.status != PlanDraft.Status.DRAFT:
            raise DraftClosed(_("This draft was discarded; upload the document again."))
        found = problems(cleaned, locked.unit, user)
        if found:
            raise DraftInvalid(found)
        header = cleaned["plan"]
        plan = Plan(
            issuer=locked.unit,
            number=header["number"],
            number_as_printed=header.get("number_as_printed", "")[:120],
            issued_on=header["issued_on"],
            issued_precision=header["issued_precision"],
            place=header["place"],
            title=header["title"],
            period_start=header["period_start"],
            period_end=header["period_end"],
            implements=header["implements"],
            general_objective=header["general_objective"],
            recipients=list(header["recipients"]),
            signer_name=header["signer_name"],
            signer_title=header["signer_title"],
            document_name=locked.file_name[:255],
            outline=_outline(locked.extracted),
        )
        _full_clean(plan, "plan", None, exclude=["document"])
        plan.save()
        if header.get("replaces") is not None:
            old = Plan.objects.select_for_update().get(pk=header["replaces"].pk)
            old.withdraw(_("Replaced by a new version: %(plan)s") % {"plan": plan}, superseded_by=plan)
        _create_rows(plan, cleaned)
        store_file(plan, "document", bytes(locked.data), locked.file_name)
        locked.status = PlanDraft.Status.CONFIRMED
        locked.plan = plan
        locked.save(update_fields=["status", "plan"])
    return plan


def _outline(extracted: Any) -> list[dict[str, str]]:
    """The document's headings as read, kept only when well formed (drafts stored before they were read
    have none)."""
    items = extracted.get("outline") if isinstance(extracted, dict) else None
    return [
        {"label": item["label"][:40], "text": item["text"][:300]}
        for item in _dicts(items)
        if isinstance(item.get("label"), str) and isinstance(item.get("text"), str)
    ]


def _create_rows(plan: Plan, cleaned: dict[str, Any]) -> None:
    from binhdang.indicators.models import Target

    for order, basis in enumerate(cleaned.get("legal_bases", [])):
        row = LegalBasis(plan=plan, order=order, text=basis["text"], number=basis["number"])
        row.issued_on = basis["issued_on"]
        _full_clean(row, "legal_bases", basis["row"])
        row.save()
    for order, item in enumerate(cleaned.get("objectives", [])):
        row = Objective(plan=plan, order=order, label=item["label"], text=item["text"])
        _full_clean(row, "objectives", item["row"])
        row.save()
    for item in cleaned.get("targets", []):
        target = Target(
            plan=plan,
            indicator=item["indicator"],
            level="",
            unit=plan.issuer,
            year=item["year"],
            value=item["value"],
            comparator=item["comparator"],
            text=item["text"],
        )
        _full_clean(target, "targets", item["row"])
        target.save()
    for item in cleaned.get("report_deadlines", []):
        deadline = ReportDeadline(
            plan=plan,
            kind=item["kind"],
            reporter=item.get("reporter") or ReportDeadline.Reporter.ISSUER,
            due_date=item["due_date"],
            recurring=item["recurring"],
            recipient=item.get("recipient", ""),
            text=item["text"],
        )
        _full_clean(deadline, "report_deadlines", item["row"])
        deadline.save()
    for order, item in enumerate(cleaned.get("tasks", [])):
        task = Task(
            plan=plan,
            order=order,
            label=item["label"],
            text=item["text"],
            unit_in_charge=item["unit_in_charge"],
            unit_in_charge_text=item["unit_in_charge_text"],
            cooperating_text=item["cooperating_text"],
            recurrence=item.get("recurrence") or Recurrence.ONCE,
            due_date=item.get("due_date"),
            schedule_text=item.get("schedule_text", ""),
            participants=item.get("participants", ""),
        )
        _full_clean(task, "tasks", item["row"])
        task.save()
        if item["cooperating_units"]:
            task.cooperating_units.set(item["cooperating_units"])
    for item in cleaned.get("budget_lines", []):
        line = BudgetLine(plan=plan, text=item["text"], source=item["source"], amount=item["amount"])
        _full_clean(line, "budget_lines", item["row"])
        line.save()
