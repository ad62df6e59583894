"""Fixed lists of the registry: employment types, ranks, levels, training kinds, post titles."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from binhdang.core.vietnamese import ETHNIC_GROUPS


class Sex(models.TextChoices):
    FEMALE = "F", _("female")
    MALE = "M", _("male")


class EmploymentType(models.TextChoices):
    CADRE = "cadre", _("cadre")
    CIVIL_SERVANT = "civil_servant", _("civil servant")
    PUBLIC_EMPLOYEE = "public_employee", _("public employee")
    WORKER = "worker", _("worker")


class CivilServiceRank(models.TextChoices):
    SENIOR_PRINCIPAL = "senior", _("senior specialist or equivalent")
    PRINCIPAL = "principal", _("principal specialist or equivalent")
    SPECIALIST = "specialist", _("specialist or equivalent")
    OFFICER = "officer", _("officer or equivalent")
    STAFF = "staff", _("staff or equivalent")
    NONE = "none", _("no rank")


SENIOR_RANKS = (CivilServiceRank.SENIOR_PRINCIPAL, CivilServiceRank.PRINCIPAL)


class Degree(models.TextChoices):
    DOCTORATE = "doctorate", _("doctorate")
    MASTER = "master", _("master's degree")
    BACHELOR = "bachelor", _("bachelor's degree")
    COLLEGE = "college", _("college")
    VOCATIONAL = "vocational", _("vocational")
    SECONDARY = "secondary", _("upper secondary or lower")


class TheoryLevel(models.TextChoices):
    NONE = "none", _("none")
    ELEMENTARY = "elementary", _("elementary")
    INTERMEDIATE = "intermediate", _("intermediate")
    ADVANCED = "advanced", _("advanced")


class StateManagementLevel(models.TextChoices):
    NONE = "none", _("none")
    SPECIALIST = "specialist", _("specialist programme")
    PRINCIPAL = "principal", _("principal specialist programme")
    SENIOR = "senior", _("senior specialist programme")


class LanguageLevel(models.TextChoices):
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"
    DEGREE = "degree", _("university degree")


class ITLevel(models.TextChoices):
    NONE = "none", _("none")
    BASIC = "basic", _("basic IT skills")
    ADVANCED = "advanced", _("advanced IT skills")
    DEGREE = "degree", _("IT degree")


class PostLevel(models.TextChoices):
    PROVINCE = "province", _("province")
    DEPARTMENT = "department", _("department")
    DIVISION = "division", _("division")
    AFFILIATED = "affiliated", _("affiliated unit")
    COMMUNE = "commune", _("commune")


class PostRank(models.TextChoices):
    HEAD = "head", _("head")
    DEPUTY = "deputy", _("deputy")


class TrainingKind(models.TextChoices):
    POLITICAL_THEORY = "political_theory", _("political theory")
    STATE_MANAGEMENT = "state_management", _("state management")
    PROFESSIONAL = "professional", _("professional")
    FOREIGN_LANGUAGE = "foreign_language", _("foreign language")
    IT = "it", _("IT skills")
    GENDER_MAINSTREAMING = "gender_mainstreaming", _("gender mainstreaming")
    LEADERSHIP = "leadership", _("leadership skills")


ETHNICITY_CHOICES = list(ETHNIC_GROUPS)

# The post level that follows from the kind of unit a post is in.
LEVEL_BY_UNIT_KIND = {
    "province": PostLevel.PROVINCE,
    "department": PostLevel.DEPARTMENT,
    "division": PostLevel.DIVISION,
    "affiliated": PostLevel.AFFILIATED,
    "commune": PostLevel.COMMUNE,
}

# Usual titles per unit kind, (title, rank). Titles are Vietnamese proper names of offices and
# are stored as written; a unit may also use a free-text title.
POST_TITLES: dict[str, list[tuple[str, str]]] = {
    "province": [("Chủ tịch UBND tỉnh", "head"), ("Phó Chủ tịch UBND tỉnh", "deputy")],
    "department": [
        ("Giám đốc", "head"),
        ("Phó Giám đốc", "deputy"),
        ("Chánh Thanh tra", "head"),
        ("Phó Chánh Thanh tra", "deputy"),
        ("Chánh Văn phòng", "head"),
        ("Phó Chánh Văn phòng", "deputy"),
    ],
    "division": [
        ("Trưởng phòng", "head"),
        ("Phó Trưởng phòng", "deputy"),
        ("Chánh Văn phòng", "head"),
        ("Phó Chánh Văn phòng", "deputy"),
        ("Chánh Thanh tra", "head"),
        ("Phó Chánh Thanh tra", "deputy"),
        ("Chi cục trưởng", "head"),
        ("Phó Chi cục trưởng", "deputy"),
    ],
    "affiliated": [
        ("Giám đốc", "head"),
        ("Phó Giám đốc", "deputy"),
        ("Hiệu trưởng", "head"),
        ("Phó Hiệu trưởng", "deputy"),
        ("Viện trưởng", "head"),
        ("Phó Viện trưởng", "deputy"),
        ("Trưởng ban", "head"),
        ("Phó Trưởng ban", "deputy"),
    ],
    "commune": [
        ("Chủ tịch UBND xã", "head"),
        ("Phó Chủ tịch UBND xã", "deputy"),
        ("Chủ tịch UBND phường", "head"),
        ("Phó Chủ tịch UBND phường", "deputy"),
    ],
}
