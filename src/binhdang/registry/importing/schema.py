"""The registry workbook: its sheets, their columns, and how a cell's text becomes a value.

One definition serves the template, the import, the export and the marked-up copy of a file, so
that a column written by one is read by the others. Labels go through gettext; the reader matches
a heading in either language, and choice cells accept the Vietnamese or English label, the stored
code and the abbreviations offices use ("CVC", "ThS", "Hạng III").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from binhdang.core.vietnamese import ETHNIC_GROUPS, ethnic_group_code, fold, normalise
from binhdang.registry.choices import (
    CivilServiceRank,
    Degree,
    EmploymentType,
    ITLevel,
    LanguageLevel,
    PostLevel,
    PostRank,
    Sex,
    StateManagementLevel,
    TheoryLevel,
    TrainingKind,
)

STAFF, POSTS, POOL, TRAINING = "staff", "posts", "pool", "training"
SHEET_KINDS = (STAFF, POSTS, POOL, TRAINING)


@dataclass(frozen=True)
class Column:
    field: str
    label: Promise
    kind: str  # text, name, code, date, choice, unit, bool, period, languages, ethnicity
    required: bool = False
    choices: type[models.TextChoices] | None = None
    width: int = 16
    help: Promise | str = ""
    right: str | None = None  # the scope right needed to see the column ("view_sensitive")


@dataclass(frozen=True)
class SheetSpec:
    kind: str
    title: Promise  # the sheet's name in the template
    columns: tuple[Column, ...]
    # Other fields read from real files on this sheet, beyond the template's columns.
    also: tuple[str, ...] = field(default=())

    def column(self, name: str) -> Column | None:
        return next((column for column in self.columns if column.field == name), None)


_CODE = Column(
    "employee_code",
    _("Employee code"),
    "code",
    required=True,
    width=14,
    help=_("One code per person (CBCCVC code or staff number); the import recognises the person by it."),
)
_FULL_NAME = Column("full_name", _("Full name"), "name", width=24, help=_("For checking only: the code decides."))
_START = Column("start_date", _("From (dd/mm/yyyy)"), "date", required=True, width=14)
_END = Column("end_date", _("To (dd/mm/yyyy)"), "date", width=14, help=_("Empty while still in force."))
_DECISION = Column("decision_number", _("Decision number"), "text", width=18)

SHEETS: dict[str, SheetSpec] = {
    STAFF: SheetSpec(
        STAFF,
        _("Staff"),
        (
            _CODE,
            Column("family_name", _("Family and middle name"), "name", required=True, width=20),
            Column("given_name", _("Given name"), "name", required=True, width=10),
            Column("sex", _("Sex"), "choice", required=True, choices=Sex, width=8),
            Column("birth_date", _("Date of birth (dd/mm/yyyy)"), "date", required=True, width=14),
            Column("ethnicity", _("Ethnicity"), "ethnicity", width=12, right="view_sensitive"),
            Column("employment_type", _("Employment type"), "choice", choices=EmploymentType, width=14),
            Column("civil_service_rank", _("Civil-service rank"), "choice", choices=CivilServiceRank, width=28),
            Column("degree", _("Highest degree"), "choice", choices=Degree, width=16),
            Column("political_theory", _("Political theory"), "choice", choices=TheoryLevel, width=14),
            Column("state_management", _("State management"), "choice", choices=StateManagementLevel, width=24),
            Column("it_level", _("IT skills"), "choice", choices=ITLevel, width=22),
            Column(
                "foreign_language",
                _("Foreign languages"),
                "languages",
                width=22,
                help=_("Language and level, separated by “;”: Tiếng Anh B1; Tiếng Pháp A2."),
            ),
            Column(
                "party_member_since",
                _("Party member since (dd/mm/yyyy)"),
                "date",
                width=14,
                right="view_sensitive",
            ),
            Column(
                "unit",
                _("Unit (code)"),
                "unit",
                required=True,
                width=16,
                help=_("The code of the unit the person works in, or its exact name."),
            ),
            Column(
                "employment_start",
                _("Working in the unit since (dd/mm/yyyy)"),
                "date",
                width=14,
                help=_("Empty: from the day of the import."),
            ),
        ),
        also=(
            "full_name",
            "birth_date_male",
            "birth_date_female",
            "post_title",
            "post_start",
            "start_date",  # "Ngày bắt đầu" on a staff list: working in the unit since
            "row_number",
        ),
    ),
    POSTS: SheetSpec(
        POSTS,
        _("Posts"),
        (
            _CODE,
            _FULL_NAME,
            Column("unit", _("Unit (code)"), "unit", required=True, width=16),
            Column("post_title", _("Post"), "text", required=True, width=22),
            Column("level", _("Post level"), "choice", choices=PostLevel, width=14),
            Column("rank", _("Head or deputy"), "choice", choices=PostRank, width=10),
            Column("is_key_leader", _("Key leader (yes/no)"), "bool", width=10),
            _START,
            _END,
            _DECISION,
        ),
        also=("row_number",),
    ),
    POOL: SheetSpec(
        POOL,
        _("Succession pool"),
        (
            _CODE,
            _FULL_NAME,
            Column("pool_title", _("Title planned for"), "text", required=True, width=22),
            Column("level", _("Post level"), "choice", required=True, choices=PostLevel, width=14),
            Column("pool_period", _("Period (e.g. 2025-2030)"), "period", required=True, width=12),
            Column(
                "start_date",
                _("In the pool from (dd/mm/yyyy)"),
                "date",
                width=14,
                help=_("Empty: 1 January of the period."),
            ),
            _END,
            _DECISION,
        ),
        also=("row_number",),
    ),
    TRAINING: SheetSpec(
        TRAINING,
        _("Training"),
        (
            _CODE,
            _FULL_NAME,
            Column("training_kind", _("Training kind"), "choice", required=True, choices=TrainingKind, width=18),
            Column("course", _("Course"), "text", required=True, width=30),
            _START,
            _END,
            Column("completed", _("Completed (yes/no)"), "bool", width=10),
            Column("certificate", _("Certificate"), "text", width=18),
        ),
        also=("row_number",),
    ),
}

# Headings that real files use for the template's fields beyond the reader's staff synonyms,
# folded (no diacritics, lower case, single spaces).
EXTRA_HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "start_date": ("tu ngay", "ngay bat dau", "bat dau", "thoi gian bat dau", "ngay quyet dinh"),
    "end_date": ("den ngay", "ngay ket thuc", "ket thuc", "thoi gian ket thuc"),
    "decision_number": ("so quyet dinh", "quyet dinh so", "so qd", "quyet dinh", "so hieu quyet dinh"),
    "level": ("cap", "cap chuc vu", "cap do", "cap quy hoach"),
    "rank": ("truong pho", "cap truong pho", "cap truong hay pho"),
    "is_key_leader": ("lanh dao chu chot", "chu chot"),
    "pool_title": ("chuc danh quy hoach", "quy hoach chuc danh", "chuc vu quy hoach"),
    "pool_period": ("giai doan", "giai doan quy hoach", "thoi ky quy hoach", "nhiem ky"),
    "training_kind": ("loai dao tao", "loai boi duong", "loai hinh dao tao", "hinh thuc dao tao"),
    "course": ("khoa hoc", "ten khoa hoc", "noi dung dao tao", "noi dung", "lop", "ten lop", "khoa dao tao"),
    "completed": ("hoan thanh", "da hoan thanh", "ket qua"),
    "certificate": ("chung chi", "van bang chung chi", "van bang"),
    "employment_start": ("ngay bat dau cong tac", "cong tac tu ngay", "ngay ve don vi", "ngay den don vi"),
    "post_start": ("ngay bo nhiem", "ngay giu chuc vu", "giu chuc vu tu ngay"),
}

_SHEET_NAME_KINDS = (
    ("chuc vu", POSTS),
    ("lanh dao", POSTS),
    ("bo nhiem", POSTS),
    ("quy hoach", POOL),
    ("dao tao", TRAINING),
    ("boi duong", TRAINING),
    ("can bo", STAFF),
    ("nhan su", STAFF),
    ("danh sach", STAFF),
)
IGNORED_SHEET_NAMES = ("huong dan", "danh muc", "instructions", "lists")


def sheet_kind(name: str, fields: set[str]) -> str | None:
    """Which template sheet a sheet of a file is: by its name, else by its columns."""
    key = _sheet_key(name)
    if any(key.startswith(ignored) for ignored in IGNORED_SHEET_NAMES):
        return None
    for kind in SHEET_KINDS:
        title = SHEETS[kind].title
        if key in (_sheet_key(_label_in(title, "vi")[:31]), _sheet_key(_label_in(title, "en")[:31])):
            return kind
    if "pool_period" in fields or "pool_title" in fields:
        return POOL
    if "course" in fields or "training_kind" in fields:
        return TRAINING
    has_person = bool(fields & {"full_name", "family_name", "given_name", "birth_date", "sex"}) and bool(
        fields & {"birth_date", "birth_date_male", "birth_date_female", "sex", "given_name"}
    )
    if "post_title" in fields and "start_date" in fields and not (fields & {"birth_date", "sex"}):
        return POSTS
    for word, kind in _SHEET_NAME_KINDS:
        if word in key and (kind != STAFF or has_person):
            return kind
    return STAFF if has_person else None


def _sheet_key(name: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(name)).split())


def _label_in(label: Promise | str, language: str) -> str:
    with translation.override(language):
        return str(label)


@functools.cache
def column_header_lookup() -> dict[str, str]:
    """Folded heading -> field, for the template's own headings in both languages."""
    from binhdang.registry.importing.reader import _header_key

    lookup: dict[str, str] = {}
    for spec in SHEETS.values():
        for column in spec.columns:
            for language in ("vi", "en"):
                lookup.setdefault(_header_key(_label_in(column.label, language)), column.field)
    for name, keys in EXTRA_HEADER_SYNONYMS.items():
        for key in keys:
            lookup.setdefault(key, name)
    return lookup


# --- Choice cells ---------------------------------------------------------------------------

# Abbreviations and older names offices use, folded, per choice list.
_CHOICE_SYNONYMS: dict[type[models.TextChoices], dict[str, str]] = {
    Sex: {"nu": "F", "n": "F", "f": "F", "x": "F", "nam": "M", "m": "M", "phu nu": "F", "female": "F"},
    EmploymentType: {
        "cb": "cadre",
        "cong chuc": "civil_servant",
        "cc": "civil_servant",
        "vien chuc": "public_employee",
        "vc": "public_employee",
        "hop dong": "worker",
        "lao dong hop dong": "worker",
        "nhan vien hop dong": "worker",
        "nguoi lao dong": "worker",
    },
    CivilServiceRank: {
        "chuyen vien cao cap": "senior",
        "cvcc": "senior",
        "hang i": "senior",
        "hang 1": "senior",
        "chuyen vien chinh": "principal",
        "cvc": "principal",
        "hang ii": "principal",
        "hang 2": "principal",
        "chuyen vien": "specialist",
        "cv": "specialist",
        "hang iii": "specialist",
        "hang 3": "specialist",
        "can su": "officer",
        "hang iv": "officer",
        "hang 4": "officer",
        "nhan vien": "staff",
        "khong": "none",
        "chua xep ngach": "none",
    },
    Degree: {
        "tien si": "doctorate",
        "ts": "doctorate",
        "pgs ts": "doctorate",
        "thac si": "master",
        "ths": "master",
        "dai hoc": "bachelor",
        "dh": "bachelor",
        "cu nhan": "bachelor",
        "ky su": "bachelor",
        "bac si": "bachelor",
        "cao dang": "college",
        "cd": "college",
        "trung cap": "vocational",
        "tc": "vocational",
        "so cap": "vocational",
        "thpt": "secondary",
        "12/12": "secondary",
        "trung hoc pho thong": "secondary",
    },
    TheoryLevel: {
        "cao cap": "advanced",
        "cu nhan": "advanced",
        "cu nhan chinh tri": "advanced",
        "trung cap": "intermediate",
        "so cap": "elementary",
        "khong": "none",
        "chua qua dao tao": "none",
        "chua": "none",
    },
    StateManagementLevel: {
        "chuyen vien cao cap": "senior",
        "cvcc": "senior",
        "chuyen vien chinh": "principal",
        "cvc": "principal",
        "chuyen vien": "specialist",
        "cv": "specialist",
        "khong": "none",
        "chua": "none",
    },
    ITLevel: {
        "co ban": "basic",
        "ung dung co ban": "basic",
        "chung chi a": "basic",
        "chung chi b": "basic",
        "a": "basic",
        "b": "basic",
        "nang cao": "advanced",
        "ung dung nang cao": "advanced",
        "dai hoc": "degree",
        "cu nhan": "degree",
        "ky su": "degree",
        "khong": "none",
    },
    PostLevel: {
        "tinh": "province",
        "cap tinh": "province",
        "so": "department",
        "cap so": "department",
        "phong": "division",
        "cap phong": "division",
        "don vi su nghiep": "affiliated",
        "don vi truc thuoc": "affiliated",
        "xa": "commune",
        "cap xa": "commune",
        "phuong": "commune",
    },
    PostRank: {"truong": "head", "cap truong": "head", "pho": "deputy", "cap pho": "deputy"},
    TrainingKind: {
        "llct": "political_theory",
        "ly luan chinh tri": "political_theory",
        "qlnn": "state_management",
        "quan ly nha nuoc": "state_management",
        "chuyen mon": "professional",
        "chuyen mon nghiep vu": "professional",
        "ngoai ngu": "foreign_language",
        "tin hoc": "it",
        "cong nghe thong tin": "it",
        "binh dang gioi": "gender_mainstreaming",
        "long ghep gioi": "gender_mainstreaming",
        "ky nang lanh dao": "leadership",
        "lanh dao quan ly": "leadership",
    },
}


def _choice_key(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z/]+", " ", fold(text)).split())


@functools.cache
def _choice_lookup(choices: type[models.TextChoices]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for value, label in choices.choices:
        lookup[_choice_key(value)] = value
        for language in ("vi", "en"):
            lookup.setdefault(_choice_key(_label_in(label, language)), value)
    for key, value in _CHOICE_SYNONYMS.get(choices, {}).items():
        lookup.setdefault(key, value)
    return lookup


@functools.lru_cache(maxsize=8192)
def parse_choice(choices: type[models.TextChoices], text: str) -> str | None:
    """The stored value for a choice cell's text, or None if nothing matches (cached: a column holds
    a few dozen distinct texts over thousands of rows)."""
    if not text:
        return None
    lookup = _choice_lookup(choices)
    key = _choice_key(text)
    if key in lookup:
        return lookup[key]
    # "Chuyên viên và tương đương", "Thạc sĩ Luật": the list's label followed by more words.
    for known in sorted(lookup, key=len, reverse=True):
        if len(known) > 2 and key.startswith(known + " "):
            return lookup[known]
    return None


def choice_label(choices: type[models.TextChoices], value: str) -> str:
    """The label written in a cell for a stored value (in the active language)."""
    return _labels(choices, translation.get_language() or "").get(value, value)


@functools.lru_cache(maxsize=256)
def _labels(choices: type[models.TextChoices], language: str) -> dict[str, str]:
    with translation.override(language or None):
        return {value: str(label) for value, label in choices.choices}


def choice_labels(choices: type[models.TextChoices]) -> list[str]:
    return [str(label) for _value, label in choices.choices]


def parse_ethnicity(text: str) -> str | None:
    if not text:
        return None
    if text.isdigit() and len(text) <= 2:
        code = text.zfill(2)
        return code if any(code == known for known, _name in ETHNIC_GROUPS) else None
    return ethnic_group_code(text)


def ethnicity_name(code: str | None) -> str:
    """The group's name; an empty cell for an unknown ethnicity."""
    if not code:
        return ""
    return dict(ETHNIC_GROUPS).get(code, code)


_YES = {"co", "x", "yes", "y", "1", "true", "dung", "da", "hoan thanh", "dat", "√", "v"}
_NO = {"khong", "no", "n", "0", "false", "chua", "chua hoan thanh", "khong dat", "-"}


def parse_bool(text: str) -> bool | None:
    """True / False for a yes-no cell ("Có", "x", "Không" ...), None if it is neither."""
    key = " ".join(fold(text).split())
    if key in _YES:
        return True
    if key in _NO:
        return False
    return None


def bool_label(value: bool) -> str:
    return str(pgettext_lazy("yes-no cell", "yes") if value else pgettext_lazy("yes-no cell", "no"))


_PERIOD = re.compile(r"(\d{4})\s*[-–—/]\s*(\d{4})", re.ASCII)
_PERIOD_WORDS = re.compile(r"^(?:giai doan|gd|nhiem ky|thoi ky)\s*:?\s*")


def parse_period(text: str) -> tuple[int, int] | None:
    """(2025, 2030) from "2025-2030", "2025 – 2030", "Giai đoạn 2025-2030"; None otherwise."""
    match = _PERIOD.fullmatch(_PERIOD_WORDS.sub("", fold(text)).strip())
    if not match:
        return None
    return int(match.group(1)), int(match.group(2))


# --- Foreign languages ----------------------------------------------------------------------

_LEVEL_WORDS = {"a1": "A1", "a2": "A2", "b1": "B1", "b2": "B2", "c1": "C1", "c2": "C2"}
# The national certificates A, B, C of the old system, read at their usual equivalents.
_OLD_LEVELS = {"a": "A2", "b": "B1", "c": "B2"}
_DEGREE_WORDS = ("dai hoc", "cu nhan")
_LANGUAGE_SPLIT = re.compile(r"[;\n]+|,(?![^()]*\))")


@functools.lru_cache(maxsize=4096)
def parse_languages(text: str) -> tuple[tuple[str, str], ...] | None:
    """[(language, level)] from "Tiếng Anh B1; Tiếng Pháp A2", "Anh B", "B1" — None if unreadable."""
    result: list[tuple[str, str]] = []
    for part in _LANGUAGE_SPLIT.split(text):
        part = normalise(part.replace("(", " ").replace(")", " ").replace("-", " "))
        if not part:
            continue
        words = part.split(" ")
        folded = [fold(word) for word in words]
        level = None
        rest = words
        last = folded[-1]
        if last in _LEVEL_WORDS:
            level, rest = _LEVEL_WORDS[last], words[:-1]
        elif last in _OLD_LEVELS and len(words) > 1:
            level, rest = _OLD_LEVELS[last], words[:-1]
        elif len(words) >= 2 and " ".join(folded[-2:]) in _DEGREE_WORDS:
            level, rest = LanguageLevel.DEGREE.value, words[:-2]
        if level is None:
            return None
        rest = [word for word in rest if fold(word) not in ("trinh do", "chung chi", "bac")]
        name = " ".join(rest)
        if not name:
            name = "Tiếng Anh"
        elif fold(name.split(" ")[0]) != "tieng":
            name = f"Tiếng {name}"
        name = name[0].upper() + name[1:]
        if len(name) > 40:
            return None
        result.append((name, level))
    return tuple(result) or None


def languages_text(pairs: Iterable[tuple[str, str]]) -> str:
    return "; ".join(f"{language} {level if level != LanguageLevel.DEGREE else 'đại học'}" for language, level in pairs)
