"""Shared test personas and a small org tree, used by every app's tests.

Tree (units from 01/01/2000; people employed from 01/01/2020):
    Tỉnh Thử Nghiệm (TN)
    ├── Sở Nội vụ (TN-SNV)            agency
    │   ├── Văn phòng Sở (TN-SNV-VP)
    │   └── Phòng Công chức, viên chức (TN-SNV-CC)
    ├── Sở Y tế (TN-SYT)              agency
    │   └── Phòng Nghiệp vụ Y (TN-SYT-NVY)
    └── Xã Hữu Lũng (TN-HL)           commune, agency

Personas: province admin, department secretary (Sở Nội vụ), HR officer of one division (Văn phòng
Sở), leader of Sở Nội vụ, a viewer at the province, and the secretary of another department (Sở Y tế).
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from typing import Any

import pytest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "binhdang.settings")
# Browser tests run the live server in a thread next to Playwright's sync API.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

START = datetime.date(2020, 1, 1)  # when the fixture people start work
UNITS_FROM = datetime.date(2000, 1, 1)  # when the fixture units are established
PASSWORD = "mat-khau-thu-nghiem-2025"


@dataclass
class Tree:
    province: Any
    snv: Any
    snv_office: Any
    snv_civil: Any
    syt: Any
    syt_medical: Any
    commune: Any


@pytest.fixture
def tree(db: Any) -> Tree:
    from binhdang.orgs.restructuring import NewUnit, create_unit

    province = create_unit(NewUnit("TN", "Tỉnh Thử Nghiệm", "province"), None, UNITS_FROM)
    snv = create_unit(NewUnit("TN-SNV", "Sở Nội vụ", "department", True), province, UNITS_FROM)
    syt = create_unit(NewUnit("TN-SYT", "Sở Y tế", "department", True), province, UNITS_FROM)
    return Tree(
        province=province,
        snv=snv,
        snv_office=create_unit(NewUnit("TN-SNV-VP", "Văn phòng Sở", "division"), snv, UNITS_FROM),
        snv_civil=create_unit(NewUnit("TN-SNV-CC", "Phòng Công chức, viên chức", "division"), snv, UNITS_FROM),
        syt=syt,
        syt_medical=create_unit(NewUnit("TN-SYT-NVY", "Phòng Nghiệp vụ Y", "division"), syt, UNITS_FROM),
        commune=create_unit(NewUnit("TN-HL", "Xã Hữu Lũng", "commune", True), province, UNITS_FROM),
    )


def make_user(username: str, role: str, unit: Any, full_name: str = "") -> Any:
    from binhdang.accounts.models import User

    user = User(username=username, role=role, unit=unit, full_name=full_name or username)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def system_admin(db: Any) -> Any:
    return make_user("quantri", "system_admin", None, "Quản Trị Hệ Thống")


@pytest.fixture
def province_admin(tree: Tree) -> Any:
    return make_user("tinh.admin", "agency_admin", tree.province, "Lê Văn Tỉnh")


@pytest.fixture
def secretary(tree: Tree) -> Any:
    return make_user("snv.thuky", "secretary", tree.snv, "Hoàng Thị Thư")


@pytest.fixture
def hr_officer(tree: Tree) -> Any:
    return make_user("snv.tccb", "hr_officer", tree.snv_office, "Nông Văn Hải")


@pytest.fixture
def leader(tree: Tree) -> Any:
    return make_user("snv.lanhdao", "leader", tree.snv, "Vi Văn Lãnh")


@pytest.fixture
def viewer(tree: Tree) -> Any:
    return make_user("tinh.xem", "viewer", tree.province, "Lương Thị Xem")


@pytest.fixture
def snv_admin(tree: Tree) -> Any:
    """An agency administrator of Sở Nội vụ: changes its org tree and users only."""
    return make_user("snv.admin", "agency_admin", tree.snv, "Đàm Văn Quản")


@pytest.fixture
def other_secretary(tree: Tree) -> Any:
    return make_user("syt.thuky", "secretary", tree.syt, "Chu Thị Yến")


def make_person(
    unit: Any,
    family: str,
    given: str,
    sex: str,
    code: str,
    *,
    birth: datetime.date | None = None,
    ethnicity: str = "01",
    start: datetime.date = START,
    **extra: Any,
) -> Any:
    from binhdang.registry.models import Employment, Person

    person = Person.objects.create(
        family_name=family,
        given_name=given,
        sex=sex,
        birth_date=birth or datetime.date(1985, 3, 8),
        ethnicity=ethnicity,
        employment_type="civil_servant",
        employee_code=code,
        province=unit.province(),
        **extra,
    )
    Employment.objects.create(person=person, unit=unit, start_date=start)
    return person


def edit_person_data(person: Any, **changes: Any) -> dict[str, Any]:
    """What the person edit form posts for `person` unchanged, with `changes` applied."""
    data = {
        "family_name": person.family_name,
        "given_name": person.given_name,
        "sex": person.sex,
        "birth_date": person.birth_date.strftime("%d/%m/%Y"),
        "ethnicity": person.ethnicity,
        "employment_type": person.employment_type,
        "civil_service_rank": person.civil_service_rank,
        "degree": person.degree,
        "political_theory": person.political_theory,
        "state_management": person.state_management,
        "it_level": person.it_level,
        "party_member_since": "",
        "employee_code": person.employee_code,
        "version": person.version,
    }
    data.update(changes)
    return data


@dataclass
class People:
    ha: Any
    binh: Any
    anh: Any
    yen: Any
    post: Any


@pytest.fixture
def people(tree: Tree) -> People:
    """Three people in Sở Nội vụ and one in Sở Y tế; Hà heads Văn phòng Sở."""
    from binhdang.registry.models import Post

    ha = make_person(
        tree.snv_office,
        "Nguyễn Thị",
        "Hà",
        "F",
        "TN0001",
        ethnicity="02",
        party_member_since=datetime.date(2010, 5, 19),
    )
    binh = make_person(tree.snv_civil, "Trần Văn", "Bình", "M", "TN0002", ethnicity="07")
    anh = make_person(tree.snv_office, "Lê Thị", "Ánh", "F", "TN0003")
    yen = make_person(tree.syt_medical, "Hoàng Thị", "Yến", "F", "TN0004", ethnicity="09")
    post = Post.objects.create(
        person=ha,
        unit=tree.snv_office,
        title="Chánh Văn phòng",
        level="division",
        rank="head",
        start_date=datetime.date(2021, 6, 1),
        decision_number="12/QĐ-SNV",
    )
    return People(ha=ha, binh=binh, anh=anh, yen=yen, post=post)


def staff_workbook(rows: list[list[Any]], headings: list[str] | None = None, sheet: str = "Cán bộ") -> bytes:
    """An .xlsx staff list: a row of Vietnamese headings, then `rows`."""
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.title = sheet
    book.active.append(headings or ["Mã cán bộ", "Họ và tên đệm", "Tên", "Giới tính", "Ngày sinh", "Đơn vị"])
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def make_import_job(unit: Any, user: Any = None) -> Any:
    """A checked upload of one new person into `unit`'s subtree, ready to import."""
    from binhdang.registry.importing import jobs

    data = staff_workbook([["SNV900", "Lục Thị", "Mơ", "Nữ", "02/02/1990", "TN-SNV-CC"]])
    return jobs.check_file(data, "ds.xlsx", unit, user)[0]


@pytest.fixture
def login(client: Any) -> Any:
    def _login(user: Any) -> Any:
        client.force_login(user)
        return client

    return _login


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Background tasks run at once, inside the test (and the browser tests' live server); the
    # cache stays in the test process.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()  # each test's database starts its ids afresh: keys stamped with ids must not leak


def access_modules() -> list[Any]:
    """Each app's `tests/access.py`: the app's rows of the access matrix and the fuzzing of every URL.

    A module holds MATRIX ({url name: (right, kind)} as in accounts/tests/test_access_matrix.py),
    PK_KIND ({url name: record kind} for URLs whose one parameter is `pk`), `records(tree, people)`
    returning {record kind: pk} for records of Sở Nội vụ, and optionally `extra_urls(records)`
    ({url name: [urls]} for URLs that need a query string) and FORMS / SERIALIZERS (their field
    names are fuzzed)."""
    from importlib import import_module

    from django.apps import apps

    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("binhdang."):
            continue
        try:
            found.append(import_module(f"{config.name}.tests.access"))
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.tests.access":
                raise
    return found


@pytest.fixture(autouse=True)
def _default_language() -> Any:
    """Each test starts in Vietnamese, the site's default: a request with the English cookie activates
    English in the thread (the locale middleware never deactivates it), and records made after it (audit
    labels) would carry English into the next test."""
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.activate("vi")
