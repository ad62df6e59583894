"""Malformed input to every registry form and API endpoint: a field-level error, never a 500, nothing written.

Each case sends one bad value (or a bad combination) on top of a payload that is otherwise valid — the
`test_*_control` tests prove those payloads are accepted — then checks the status, the field that carries
the error, and that no row of any table changed. Messages are not compared word for word: the Vietnamese
translations are written elsewhere.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from conftest import edit_person_data
from django.urls import reverse

from binhdang.core.tests.db_state import assert_escaped, assert_unchanged, check_each, db_state, refused_form
from binhdang.registry.models import Employment, ForeignLanguage, Person, PoolEntry, Post, TrainingRecord

TODAY = datetime.date.today()
LONG = "x" * 10_000
MARKUP = "<script>alert(1)</script>"
HUGE = 10**30


def years_ago(years: int, days: int = 0) -> datetime.date:
    try:
        day = TODAY.replace(year=TODAY.year - years)
    except ValueError:  # 29 February
        day = TODAY.replace(year=TODAY.year - years, day=28)
    return day + datetime.timedelta(days=days)


def dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


@dataclass
class Records:
    """Records of every kind, in the secretary's scope (Hà and Bình) and outside it (Yến)."""

    binh_past: Employment
    pool: PoolEntry
    training: TrainingRecord
    language: ForeignLanguage
    yen_employment: Employment
    yen_post: Post


@pytest.fixture
def records(tree, people) -> Records:
    binh_past = Employment.objects.create(
        person=people.binh,
        unit=tree.snv_office,
        start_date=datetime.date(2015, 1, 1),
        end_date=datetime.date(2019, 6, 30),
    )
    pool = PoolEntry.objects.create(
        person=people.ha,
        title="Phó Giám đốc Sở",
        level="department",
        period_start=2026,
        period_end=2031,
        start_date=datetime.date(2025, 1, 1),
    )
    training = TrainingRecord.objects.create(
        person=people.ha,
        kind="leadership",
        course="Bồi dưỡng lãnh đạo cấp phòng",
        start_date=datetime.date(2024, 3, 1),
        end_date=datetime.date(2024, 3, 30),
        completed=True,
    )
    language = ForeignLanguage.objects.create(person=people.ha, language="Tiếng Nga", level="B2")
    ForeignLanguage.objects.create(person=people.ha, language="Tiếng Anh", level="B1")
    ForeignLanguage.objects.create(person=people.binh, language="Tiếng Pháp", level="A2")
    yen_post = Post.objects.create(
        person=people.yen,
        unit=tree.syt_medical,
        title="Trưởng phòng",
        level="division",
        rank="head",
        start_date=datetime.date(2022, 1, 1),
    )
    return Records(
        binh_past=binh_past,
        pool=pool,
        training=training,
        language=language,
        yen_employment=people.yen.employments.get(),
        yen_post=yen_post,
    )


def resolve(value: Any, tree: Any, people: Any) -> Any:
    return value(tree, people) if callable(value) else value


# ---------------------------------------------------------------------------------------------------
# Forms: the person
# ---------------------------------------------------------------------------------------------------


def new_person_data(unit_pk: int, **changes: Any) -> dict[str, Any]:
    data = {
        "family_name": "Lăng Thị",
        "given_name": "Mai",
        "sex": "F",
        "birth_date": "02/09/1990",
        "ethnicity": "01",
        "employment_type": "civil_servant",
        "civil_service_rank": "specialist",
        "degree": "bachelor",
        "political_theory": "none",
        "state_management": "none",
        "it_level": "basic",
        "party_member_since": "",
        "employee_code": "TN0100",
        "unit": unit_pk,
        "start_date": "01/03/2024",
    }
    data.update(changes)
    return data


# (field, bad value, field expected to carry the error); values may be functions of (tree, people).
PERSON_CASES: list[tuple[str, Any, str]] = [
    ("birth_date", "31/02/2024", "birth_date"),
    ("birth_date", "2024-13-01", "birth_date"),
    ("birth_date", "abc", "birth_date"),
    ("birth_date", "", "birth_date"),
    ("birth_date", "00/00/0000", "birth_date"),
    ("birth_date", "01/01/10000", "birth_date"),
    ("birth_date", "02/09/1990\x00", "birth_date"),
    ("birth_date", dmy(TODAY + datetime.timedelta(days=1)), "birth_date"),
    ("birth_date", dmy(years_ago(15, days=1)), "birth_date"),  # 14 years old
    ("birth_date", dmy(years_ago(76)), "birth_date"),
    ("birth_date", "01/01/1800", "birth_date"),
    ("birth_date", "01/01/0001", "birth_date"),
    ("party_member_since", dmy(TODAY + datetime.timedelta(days=30)), "party_member_since"),
    ("party_member_since", "30/02/2020", "party_member_since"),
    ("party_member_since", "01/01/2000", "party_member_since"),  # aged 9 (born 1990) or 14 (born 1985)
    ("family_name", MARKUP, "family_name"),
    ("given_name", "<b>Mai</b>", "given_name"),
    ("family_name", LONG, "family_name"),
    ("given_name", "Mai\x00", "given_name"),
    ("given_name", "", "given_name"),
    ("family_name", "Nguyễn 2", "family_name"),
    ("sex", "X", "sex"),
    ("sex", "", "sex"),
    ("ethnicity", "99", "ethnicity"),
    ("employment_type", "boss", "employment_type"),
    ("civil_service_rank", LONG, "civil_service_rank"),
    ("degree", "\x00", "degree"),
    ("employee_code", "TN0002", "employee_code"),  # Bình's code, same province
    ("employee_code", "tn0002", "employee_code"),
    ("employee_code", " TN0002 ", "employee_code"),
    ("employee_code", "TN\u200b0002", "employee_code"),  # a zero-width space is dropped on save
    ("employee_code", "\u200b\ufeff", "employee_code"),  # nothing left once normalised
    ("employee_code", LONG, "employee_code"),
    ("employee_code", "TN\x00", "employee_code"),
    ("employee_code", "", "employee_code"),
]

NEW_PERSON_CASES: list[tuple[str, Any, str]] = [
    ("unit", lambda t, p: t.syt_medical.pk, "unit"),  # outside the HR officer's scope
    ("unit", lambda t, p: t.snv_civil.pk, "unit"),  # a sister division: outside too
    ("unit", 999_999, "unit"),
    ("unit", "TN-SNV-VP", "unit"),  # a code where an id is expected
    ("unit", "9" * 30, "unit"),
    ("unit", "\x00", "unit"),
    ("unit", "", "unit"),
    ("start_date", "31/02/2024", "start_date"),
    ("start_date", "2024-13-01", "start_date"),
    ("start_date", "abc", "start_date"),
    ("start_date", "", "start_date"),
]


def markup_escaped(response: Any, value: Any) -> None:
    if value in (MARKUP, "<b>Mai</b>"):
        assert_escaped(response, value)


@pytest.mark.parametrize("field", sorted({c[0] for c in PERSON_CASES + NEW_PERSON_CASES}))
def test_person_create_form_refuses(login, hr_officer, tree, people, field):
    client = login(hr_officer)

    def check(name: str, value: Any, error_field: str) -> None:
        data = new_person_data(tree.snv_office.pk, **{name: resolve(value, tree, people)})
        markup_escaped(refused_form(client, reverse("registry:person_create"), data, error_field), value)

    check_each([c for c in PERSON_CASES + NEW_PERSON_CASES if c[0] == field], check)


PERSON_EDIT_CASES = PERSON_CASES + [
    ("version", "abc", "version"),
    ("version", str(HUGE), "__all__"),
    ("version", "0", "__all__"),
]


@pytest.mark.parametrize("field", sorted({c[0] for c in PERSON_EDIT_CASES}))
def test_person_edit_form_refuses(login, hr_officer, tree, people, field):
    client = login(hr_officer)
    url = reverse("registry:person_edit", args=[people.anh.pk])

    def check(name: str, value: Any, error_field: str) -> None:
        data = edit_person_data(people.anh, **{name: resolve(value, tree, people)})
        markup_escaped(refused_form(client, url, data, error_field), value)

    check_each([c for c in PERSON_EDIT_CASES if c[0] == field], check)


def test_person_edit_form_refuses_a_stale_version(login, hr_officer, people):
    client = login(hr_officer)
    url = reverse("registry:person_edit", args=[people.anh.pk])
    opened = edit_person_data(people.anh)
    assert client.post(url, edit_person_data(people.anh, degree="master")).status_code == 302
    refused_form(client, url, {**opened, "degree": "doctorate"}, "__all__")
    assert Person.objects.get(pk=people.anh.pk).degree == "master"


def test_secretary_creates_a_person_only_in_her_units(login, secretary, tree, people):
    client = login(secretary)
    for unit in (tree.syt, tree.syt_medical, tree.province, tree.commune):
        refused_form(client, reverse("registry:person_create"), new_person_data(unit.pk), "unit")


def test_person_forms_outside_scope_or_role_write_nothing(login, secretary, leader, viewer, people):
    before = db_state()
    client = login(secretary)
    assert (
        client.post(reverse("registry:person_edit", args=[people.yen.pk]), edit_person_data(people.yen)).status_code
        == 404
    )
    assert client.post(reverse("registry:person_edit", args=[999_999]), edit_person_data(people.yen)).status_code == 404
    for user in (leader, viewer):
        client = login(user)
        assert client.post(reverse("registry:person_create"), new_person_data(people.ha.pk)).status_code == 403
        assert (
            client.post(reverse("registry:person_edit", args=[people.ha.pk]), edit_person_data(people.ha)).status_code
            == 403
        )
    assert_unchanged(before)


def test_person_forms_control(login, hr_officer, tree, people):
    client = login(hr_officer)
    assert client.post(reverse("registry:person_create"), new_person_data(tree.snv_office.pk)).status_code == 302
    url = reverse("registry:person_edit", args=[people.anh.pk])
    assert client.post(url, edit_person_data(people.anh, given_name="Ánh Hồng")).status_code == 302


def test_markup_in_a_saved_name_is_shown_escaped(login, hr_officer, people):
    """Names with markup are refused; a name that came in some other way is still escaped on every page."""
    Person.objects.filter(pk=people.anh.pk).update(given_name=MARKUP)
    client = login(hr_officer)
    for url in (
        reverse("registry:person_detail", args=[people.anh.pk]),
        reverse("registry:person_edit", args=[people.anh.pk]),
        reverse("registry:staff_list") + "?q=le",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert_escaped(response, MARKUP)


# ---------------------------------------------------------------------------------------------------
# Forms: the dated facts (employment, post, pool, training, language)
# ---------------------------------------------------------------------------------------------------

DATE_CASES = [
    ("start_date", "31/02/2024", "start_date"),
    ("start_date", "2024-13-01", "start_date"),
    ("start_date", "abc", "start_date"),
    ("start_date", "", "start_date"),
    ("start_date", "01/01/2024\x00", "start_date"),
    ("end_date", "31/02/2024", "end_date"),
    ("end_date", "2024-13-01", "end_date"),
    ("end_date", "abc", "end_date"),
]


def fact_base(kind: str, tree: Any) -> dict[str, Any]:
    """A valid new record of `kind` for Bình (Phòng Công chức, employed there since 01/01/2020)."""
    return {
        "employment": {"unit": tree.snv_office.pk, "start_date": "01/07/2019", "end_date": "31/12/2019"},
        "post": {
            "unit": tree.snv_civil.pk,
            "title": "Trưởng phòng",
            "rank": "head",
            "level": "division",
            "start_date": "01/01/2024",
            "end_date": "",
            "decision_number": "5/QĐ-SNV",
        },
        "pool": {
            "title": "Giám đốc Sở",
            "level": "department",
            "period_start": "2026",
            "period_end": "2031",
            "start_date": "01/01/2025",
            "end_date": "",
            "decision_number": "",
        },
        "training": {
            "kind": "professional",
            "course": "Bồi dưỡng nghiệp vụ",
            "start_date": "01/03/2024",
            "end_date": "30/03/2024",
            "completed": "on",
            "certificate": "",
        },
        "language": {"language": "Tiếng Anh", "level": "B1"},
    }[kind]


FACT_CASES: list[tuple[str, dict[str, Any], str]] = [
    *[(kind, {f: v}, e) for kind in ("employment", "post", "pool", "training") for f, v, e in DATE_CASES],
    *[
        (kind, {"start_date": "01/05/2024", "end_date": "30/04/2024"}, "end_date")
        for kind in ("employment", "post", "pool", "training")
    ],
    # employment
    ("employment", {"start_date": "01/07/2019", "end_date": "31/12/2020"}, "start_date"),  # overlaps his job
    ("employment", {"start_date": "01/06/2023", "end_date": ""}, "start_date"),
    ("employment", {"unit": lambda t, p: t.syt_medical.pk}, "unit"),
    ("employment", {"unit": 999_999}, "unit"),
    ("employment", {"unit": "TN-SNV-VP"}, "unit"),
    ("employment", {"unit": "9" * 30}, "unit"),
    ("employment", {"unit": ""}, "unit"),
    # post
    ("post", {"unit": lambda t, p: t.syt_medical.pk}, "unit"),  # a post in Sở Y tế by Sở Nội vụ's secretary
    ("post", {"unit": lambda t, p: t.syt.pk}, "unit"),
    ("post", {"unit": 999_999}, "unit"),
    ("post", {"unit": "\x00"}, "unit"),
    ("post", {"rank": "boss"}, "rank"),
    ("post", {"level": "galaxy"}, "level"),
    ("post", {"title": LONG}, "title"),
    ("post", {"title": "Trưởng\x00phòng"}, "title"),
    ("post", {"title": ""}, "title"),
    ("post", {"decision_number": LONG}, "decision_number"),
    ("post", {"version": "abc"}, "version"),
    # pool
    ("pool", {"period_start": "2030", "period_end": "2025"}, "period_end"),
    ("pool", {"period_start": "2020", "period_end": "2040"}, "period_end"),
    ("pool", {"period_start": "2025", "period_end": "2025"}, "period_end"),
    ("pool", {"period_start": "1800"}, "period_start"),
    ("pool", {"period_end": "1800"}, "period_end"),
    ("pool", {"period_start": "abc"}, "period_start"),
    ("pool", {"period_start": ""}, "period_start"),
    ("pool", {"period_start": "2025.5"}, "period_start"),
    ("pool", {"period_start": "9" * 30}, "period_start"),
    ("pool", {"period_start": "-2026"}, "period_start"),
    ("pool", {"level": "x"}, "level"),
    ("pool", {"title": LONG}, "title"),
    ("pool", {"title": "\x00"}, "title"),
    # training
    ("training", {"kind": "x"}, "kind"),
    ("training", {"course": ""}, "course"),
    ("training", {"course": LONG}, "course"),
    ("training", {"course": "Khoá\x00học"}, "course"),
    ("training", {"certificate": LONG}, "certificate"),
    # language
    ("language", {"level": "Z9"}, "level"),
    ("language", {"level": ""}, "level"),
    ("language", {"language": ""}, "language"),
    ("language", {"language": LONG}, "language"),
    ("language", {"language": "Tiếng\x00Anh"}, "language"),
    ("language", {"language": "Tiếng Pháp"}, "language"),  # he already has it
    ("language", {"language": "tiếng pháp"}, "language"),
]


KINDS = ["employment", "post", "pool", "training", "language"]


@pytest.mark.parametrize("kind", KINDS)
def test_fact_create_form_refuses(login, secretary, tree, people, records, kind):
    client = login(secretary)
    url = reverse("registry:fact_create", args=[people.binh.pk, kind])

    def check(_kind: str, changes: dict[str, Any], error_field: str) -> None:
        data = {**fact_base(kind, tree), **{k: resolve(v, tree, people) for k, v in changes.items()}}
        refused_form(client, url, data, error_field)

    check_each([c for c in FACT_CASES if c[0] == kind], check)


@pytest.mark.parametrize("kind", KINDS)
def test_fact_create_form_control(login, secretary, tree, people, records, kind):
    response = login(secretary).post(
        reverse("registry:fact_create", args=[people.binh.pk, kind]), fact_base(kind, tree)
    )
    assert response.status_code == 302, response.context["form"].errors


POST_CLASHES = [
    # Hà already holds "Chánh Văn phòng" in Văn phòng Sở from 01/06/2021: a second post of hers there overlaps.
    ("ha", {"title": "Phó Chánh Văn phòng", "rank": "deputy", "start_date": "01/01/2024"}),
    ("ha", {"title": "Chuyên viên phụ trách", "rank": "deputy", "start_date": "01/01/2019", "end_date": "01/06/2021"}),
    # Ánh cannot be head with the same title at the same time.
    ("anh", {"title": "Chánh Văn phòng", "rank": "head", "start_date": "01/01/2024"}),
    ("anh", {"title": "Chánh Văn phòng", "rank": "head", "start_date": "01/01/2020", "end_date": "31/12/2021"}),
]


@pytest.mark.parametrize(("who", "changes"), POST_CLASHES)
def test_post_form_refuses_overlapping_posts(login, secretary, tree, people, who, changes):
    client = login(secretary)
    data = {**fact_base("post", tree), "unit": tree.snv_office.pk, **changes}
    refused_form(client, reverse("registry:fact_create", args=[getattr(people, who).pk, "post"]), data, "start_date")


def test_post_form_accepts_a_head_before_the_current_one(login, secretary, tree, people):
    data = {
        **fact_base("post", tree),
        "unit": tree.snv_office.pk,
        "title": "Chánh Văn phòng",
        "start_date": "01/01/2020",
        "end_date": "31/05/2021",
    }
    response = login(secretary).post(reverse("registry:fact_create", args=[people.anh.pk, "post"]), data)
    assert response.status_code == 302


def fact_edit_base(kind: str, obj: Any) -> dict[str, Any]:
    fields = {
        "employment": ["unit", "start_date", "end_date"],
        "post": ["unit", "title", "rank", "level", "is_key_leader", "start_date", "end_date", "decision_number"],
        "pool": ["title", "level", "period_start", "period_end", "start_date", "end_date", "decision_number"],
        "training": ["kind", "course", "start_date", "end_date", "completed", "certificate"],
        "language": ["language", "level"],
    }[kind]
    data: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, "unit_id" if name == "unit" else name)
        if isinstance(value, datetime.date):
            value = dmy(value)
        elif value is None:
            value = ""
        elif isinstance(value, bool):
            if not value:
                continue
            value = "on"
        data[name] = value
    if kind == "post":
        data["version"] = obj.version
    return data


def edit_target(kind: str, people: Any, records: Records) -> Any:
    return {
        "employment": records.binh_past,
        "post": people.post,
        "pool": records.pool,
        "training": records.training,
        "language": records.language,
    }[kind]


FACT_EDIT_CASES: list[tuple[str, dict[str, Any], str]] = [
    ("employment", {"end_date": "31/12/2014"}, "end_date"),  # before its start (01/01/2015)
    ("employment", {"end_date": "01/01/2020"}, "start_date"),  # now overlaps his current job
    ("employment", {"end_date": ""}, "start_date"),
    ("employment", {"unit": lambda t, p: t.syt.pk}, "unit"),
    ("employment", {"start_date": "29/02/2023"}, "start_date"),
    ("post", {"end_date": "31/05/2021"}, "end_date"),
    ("post", {"unit": lambda t, p: t.syt_medical.pk}, "unit"),
    ("post", {"version": "0"}, "__all__"),
    ("post", {"version": str(HUGE)}, "__all__"),
    ("post", {"title": MARKUP * 20}, "title"),
    ("pool", {"period_end": "2045"}, "period_end"),
    ("pool", {"end_date": "31/12/2024"}, "end_date"),
    ("training", {"end_date": "01/01/2024"}, "end_date"),
    ("training", {"kind": ""}, "kind"),
    ("language", {"language": "TIẾNG ANH"}, "language"),  # Hà has Tiếng Anh already
    ("language", {"level": "native"}, "level"),
]


@pytest.mark.parametrize("kind", KINDS)
def test_fact_edit_form_refuses(login, secretary, tree, people, records, kind):
    client = login(secretary)
    obj = edit_target(kind, people, records)
    url = reverse("registry:fact_edit", args=[kind, obj.pk])

    def check(_kind: str, changes: dict[str, Any], error_field: str) -> None:
        data = {**fact_edit_base(kind, obj), **{k: resolve(v, tree, people) for k, v in changes.items()}}
        refused_form(client, url, data, error_field)

    check_each([c for c in FACT_EDIT_CASES if c[0] == kind], check)


@pytest.mark.parametrize("kind", KINDS)
def test_fact_edit_form_control(login, secretary, people, records, kind):
    obj = edit_target(kind, people, records)
    response = login(secretary).post(reverse("registry:fact_edit", args=[kind, obj.pk]), fact_edit_base(kind, obj))
    assert response.status_code == 302, response.context["form"].errors


def test_post_form_refuses_a_stale_version(login, secretary, tree, people):
    client = login(secretary)
    url = reverse("registry:fact_edit", args=["post", people.post.pk])
    opened = fact_edit_base("post", people.post)
    assert client.post(url, {**opened, "decision_number": "20/QĐ-SNV"}).status_code == 302
    refused_form(client, url, {**opened, "decision_number": "21/QĐ-SNV"}, "__all__")
    assert Post.objects.get(pk=people.post.pk).decision_number == "20/QĐ-SNV"


@pytest.mark.parametrize("kind", KINDS)
def test_fact_forms_outside_scope_write_nothing(login, secretary, other_secretary, tree, people, records, kind):
    before = db_state()
    client = login(secretary)
    data = fact_base(kind, tree)
    # A person outside her scope: no form at all.
    assert client.post(reverse("registry:fact_create", args=[people.yen.pk, kind]), data).status_code == 404
    assert client.post(reverse("registry:fact_create", args=[999_999, kind]), data).status_code == 404
    # Another department's secretary cannot open Hà's records.
    obj = edit_target(kind, people, records)
    client = login(other_secretary)
    assert client.post(reverse("registry:fact_edit", args=[kind, obj.pk]), data).status_code == 404
    assert client.post(reverse("registry:fact_delete", args=[kind, obj.pk])).status_code == 404
    assert_unchanged(before)


def test_unknown_fact_kinds_and_ids_are_404(login, secretary, people, records):
    before = db_state()
    client = login(secretary)
    assert client.post(reverse("registry:fact_create", args=[people.binh.pk, "salary"]), {"x": "1"}).status_code == 404
    assert client.post(reverse("registry:fact_edit", args=["salary", 1]), {"x": "1"}).status_code == 404
    assert client.post(reverse("registry:fact_edit", args=["post", 999_999]), {"x": "1"}).status_code == 404
    assert client.post(reverse("registry:fact_edit", args=["post", records.yen_post.pk]), {"x": "1"}).status_code == 404
    assert client.post(f"/staff/post/{'9' * 30}/edit/", {"x": "1"}).status_code == 404
    assert client.post(f"/staff/{'9' * 30}/edit/", {"x": "1"}).status_code == 404
    assert_unchanged(before)


# ---------------------------------------------------------------------------------------------------
# API
# ---------------------------------------------------------------------------------------------------

Payload = Callable[[Any, Any, Records], dict[str, Any]]


@dataclass
class Endpoint:
    url: str
    new: Payload  # a valid POST body
    target: Callable[[Any, Records], Any]  # the record PUT and PATCH change
    full: Payload  # a valid PUT body for the target


ENDPOINTS: dict[str, Endpoint] = {
    "people": Endpoint(
        "/api/people/",
        lambda t, p, r: {
            "employee_code": "TN0100",
            "family_name": "Lăng Thị",
            "given_name": "Mai",
            "sex": "F",
            "birth_date": "1990-09-02",
            "employment_type": "civil_servant",
            "unit": "TN-SNV-CC",
            "start_date": "2024-03-01",
        },
        lambda p, r: p.binh,
        lambda t, p, r: {
            "employee_code": "TN0002",
            "family_name": "Trần Văn",
            "given_name": "Bình",
            "sex": "M",
            "birth_date": "1985-03-08",
            "employment_type": "civil_servant",
            "version": 1,
        },
    ),
    "employments": Endpoint(
        "/api/employments/",
        lambda t, p, r: {
            "person": p.binh.pk,
            "unit": "TN-SNV-VP",
            "start_date": "2012-01-01",
            "end_date": "2014-12-31",
        },
        lambda p, r: r.binh_past,
        lambda t, p, r: {
            "person": p.binh.pk,
            "unit": "TN-SNV-VP",
            "start_date": "2015-01-01",
            "end_date": "2019-06-30",
        },
    ),
    "posts": Endpoint(
        "/api/posts/",
        lambda t, p, r: {
            "person": p.binh.pk,
            "unit": "TN-SNV-CC",
            "title": "Trưởng phòng",
            "level": "division",
            "rank": "head",
            "start_date": "2024-01-01",
        },
        lambda p, r: p.post,
        lambda t, p, r: {
            "person": p.ha.pk,
            "unit": "TN-SNV-VP",
            "title": "Chánh Văn phòng",
            "level": "division",
            "rank": "head",
            "start_date": "2021-06-01",
            "decision_number": "12/QĐ-SNV",
        },
    ),
    "pool-entries": Endpoint(
        "/api/pool-entries/",
        lambda t, p, r: {
            "person": p.binh.pk,
            "title": "Giám đốc Sở",
            "level": "department",
            "period_start": 2026,
            "period_end": 2031,
            "start_date": "2025-01-01",
        },
        lambda p, r: r.pool,
        lambda t, p, r: {
            "person": p.ha.pk,
            "title": "Phó Giám đốc Sở",
            "level": "department",
            "period_start": 2026,
            "period_end": 2031,
            "start_date": "2025-01-01",
        },
    ),
    "training-records": Endpoint(
        "/api/training-records/",
        lambda t, p, r: {
            "person": p.binh.pk,
            "kind": "professional",
            "course": "Bồi dưỡng nghiệp vụ",
            "start_date": "2024-03-01",
            "end_date": "2024-03-30",
            "completed": True,
        },
        lambda p, r: r.training,
        lambda t, p, r: {
            "person": p.ha.pk,
            "kind": "leadership",
            "course": "Bồi dưỡng lãnh đạo cấp phòng",
            "start_date": "2024-03-01",
            "end_date": "2024-03-30",
            "completed": True,
        },
    ),
    "languages": Endpoint(
        "/api/languages/",
        lambda t, p, r: {"person": p.binh.pk, "language": "Tiếng Anh", "level": "B1"},
        lambda p, r: r.language,
        lambda t, p, r: {"person": p.ha.pk, "language": "Tiếng Nga", "level": "B2"},
    ),
}
METHODS = ["post", "put", "patch"]


def send(client: Any, method: str, url: str, body: Any, content_type: str = "application/json") -> Any:
    if not isinstance(body, str | bytes):
        body = json.dumps(body)
    return getattr(client, method)(url, data=body, content_type=content_type)


def url_for(name: str, method: str, people: Any, records: Records) -> str:
    endpoint = ENDPOINTS[name]
    if method == "post":
        return endpoint.url
    return f"{endpoint.url}{endpoint.target(people, records).pk}/"


def body_for(name: str, method: str, tree: Any, people: Any, records: Records, changes: dict[str, Any]) -> Any:
    endpoint = ENDPOINTS[name]
    changes = {k: resolve(v, tree, people) for k, v in changes.items()}
    if method == "post":
        return {**endpoint.new(tree, people, records), **changes}
    if method == "put":
        return {**endpoint.full(tree, people, records), **changes}
    return changes


def refused_api(response: Any, statuses: set[int], key: str | None = None) -> None:
    assert response.status_code in statuses, (response.status_code, response.content[:500])
    if key is not None:
        body = response.json()
        assert isinstance(body, dict) and key in body, body
        messages = body[key] if isinstance(body[key], list) else [body[key]]
        assert all(str(m).strip() for m in messages)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_api_control(login, secretary, tree, people, records, name, method):
    client = login(secretary)
    response = send(
        client, method, url_for(name, method, people, records), body_for(name, method, tree, people, records, {})
    )
    assert response.status_code in {200, 201}, response.content[:500]


BODIES: list[tuple[str, str | bytes, str, set[int]]] = [
    ("not json", "{not json", "application/json", {400}),
    ("truncated", '{"person": 1, "start_date": "2024-', "application/json", {400}),
    ("array", "ARRAY", "application/json", {400}),
    ("empty array", "[]", "application/json", {400}),
    ("string", '"abc"', "application/json", {400}),
    ("number", "42", "application/json", {400}),
    ("null", "null", "application/json", {400}),
    ("true", "true", "application/json", {400}),
    ("NaN", '{"period_start": NaN}', "application/json", {400}),
    ("bad utf-8", b'{"title": "\xff\xfe"}', "application/json", {400}),
    ("deep nesting", "[" * 100_000 + "]" * 100_000, "application/json", {400}),
    ("huge literal", '{"person": ' + "9" * 5000 + "}", "application/json", {400}),
    ("plain text", "person=1", "text/plain", {400, 415}),
    ("xml", "<person>1</person>", "application/xml", {400, 415}),
]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_api_refuses_malformed_bodies(login, secretary, tree, people, records, name, method):
    client = login(secretary)
    url = url_for(name, method, people, records)

    def check(label: str, body: str | bytes, content_type: str, statuses: set[int]) -> None:
        if body == "ARRAY":
            body = json.dumps([body_for(name, method, tree, people, records, {})])
        before = db_state()
        refused_api(send(client, method, url, body, content_type), statuses)
        assert_unchanged(before)

    check_each(BODIES, check)


def test_api_post_of_an_empty_object_names_the_required_fields(login, secretary, people, records):
    client = login(secretary)
    before = db_state()
    for name, endpoint in ENDPOINTS.items():
        response = send(client, "post", endpoint.url, {})
        refused_api(response, {400})
        required = {"people": "family_name", "employments": "person"}.get(name, "person")
        assert required in response.json()
    assert_unchanged(before)


# (endpoint, changes, statuses, key carrying the error, methods) — key None when the answer is a 403/404.
API_CASES: list[tuple[str, dict[str, Any], set[int], str | None, tuple[str, ...]]] = []
for _name in ("employments", "posts", "pool-entries", "training-records"):
    for _value in (
        "31/02/2024",
        "2024-02-30",
        "2024-13-01",
        "abc",
        "",
        None,
        20240101,
        ["2024-01-01"],
        "2024-01-01\x00",
    ):
        API_CASES.append((_name, {"start_date": _value}, {400}, "start_date", ("post", "put", "patch")))
    for _value in ("31/02/2024", "2024-13-01", "abc", 0, {"y": 2024}):
        API_CASES.append((_name, {"end_date": _value}, {400}, "end_date", ("post", "put", "patch")))
    API_CASES.append(
        (_name, {"start_date": "2024-05-01", "end_date": "2024-04-30"}, {400}, "end_date", ("post", "put", "patch"))
    )
    API_CASES.append((_name, {"end_date": "2000-01-01"}, {400}, "end_date", ("put", "patch")))
    for _value in (999_999, "abc", HUGE, -1, "\x00", None, [1], {"id": 1}, True):
        API_CASES.append((_name, {"person": _value}, {400}, "person", ("post", "put", "patch")))
    API_CASES.append((_name, {"person": lambda t, p: p.yen.pk}, {403}, None, ("post", "put", "patch")))
for _name in ("employments", "posts"):
    for _value in ("NOPE", "\x00", "TN-SNV\x00", "\ud800", HUGE, None, ["TN-SNV"], 1, LONG):
        API_CASES.append((_name, {"unit": _value}, {400}, "unit", ("post", "put", "patch")))
    for _code in ("TN-SYT-NVY", "TN-SYT", "TN"):
        API_CASES.append((_name, {"unit": _code}, {403}, None, ("post", "put", "patch")))
API_CASES += [
    # people
    *[
        ("people", {"birth_date": v}, {400}, "birth_date", ("post", "put", "patch"))
        for v in (
            "31/02/2024",
            "2024-13-01",
            "abc",
            "",
            None,
            19900902,
            (TODAY + datetime.timedelta(days=1)).isoformat(),
            years_ago(15, days=1).isoformat(),
            years_ago(76).isoformat(),
            "1800-01-01",
            "0001-01-01",
        )
    ],
    *[
        ("people", {field: v}, {400}, field, ("post", "put", "patch"))
        for field in ("family_name", "given_name")
        for v in (MARKUP, LONG, "Nguyễn\x00Thị", "", None, 123, ["Nguyễn"], {"a": 1}, "Nguyễn 2", True)
    ],
    *[
        ("people", {field: v}, {400}, field, ("post", "put", "patch"))
        for field, v in [
            ("sex", "X"),
            ("sex", 1),
            ("sex", None),
            ("sex", ""),
            ("employment_type", "boss"),
            ("civil_service_rank", LONG),
            ("degree", "\x00"),
            ("it_level", ["basic"]),
            ("employee_code", "TN0001"),  # Hà's code in the same province
            ("employee_code", "tn0001"),
            ("employee_code", " TN0001 "),
            ("employee_code", "TN\u200b0001"),
            ("employee_code", "\u200b"),
            ("employee_code", 100),
            ("employee_code", LONG),
            ("employee_code", "TN\x00"),
            ("employee_code", ""),
            ("employee_code", None),
        ]
    ],
    ("people", {"unit": "NOPE"}, {400}, "unit", ("post",)),
    ("people", {"unit": "\x00"}, {400}, "unit", ("post",)),
    ("people", {"unit": "\ud800"}, {400}, "unit", ("post",)),
    ("people", {"family_name": "\ud800"}, {400}, "family_name", ("post", "put", "patch")),
    ("people", {"unit": HUGE}, {400}, "unit", ("post",)),
    ("people", {"unit": None}, {400}, "unit", ("post",)),
    ("people", {"unit": ""}, {400}, "unit", ("post",)),
    ("people", {"unit": "TN-SYT-NVY"}, {403}, None, ("post",)),
    ("people", {"unit": "TN"}, {403}, None, ("post",)),
    ("people", {"start_date": "31/02/2024"}, {400}, "start_date", ("post",)),
    ("people", {"start_date": "abc"}, {400}, "start_date", ("post",)),
    ("people", {"start_date": None}, {400}, "start_date", ("post",)),
    ("people", {"version": 0}, {400}, "version", ("put", "patch")),
    ("people", {"version": 2}, {400}, "version", ("put", "patch")),
    ("people", {"version": "abc"}, {400}, "version", ("put", "patch")),
    ("people", {"version": HUGE}, {400}, "version", ("put", "patch")),
    ("people", {"version": -1}, {400}, "version", ("put", "patch")),
    # posts
    *[("posts", {"version": v}, {400}, "version", ("put", "patch")) for v in (0, 2, "abc", HUGE, -1, None)],
    *[
        ("posts", {field: v}, {400}, field, ("post", "put", "patch"))
        for field, v in [
            ("rank", "boss"),
            ("rank", None),
            ("level", "galaxy"),
            ("level", 3),
            ("is_key_leader", "maybe"),
            ("is_key_leader", "abc"),
            ("is_key_leader", 2),
            ("is_key_leader", None),
            ("is_key_leader", [True]),
            ("title", LONG),
            ("title", "Trưởng\x00phòng"),
            ("title", ""),
            ("title", None),
            ("title", ["Trưởng phòng"]),
            ("decision_number", LONG),
            ("decision_number", "12\x00"),
        ]
    ],
    # pool
    ("pool-entries", {"period_start": 2030, "period_end": 2025}, {400}, "period_end", ("post", "put", "patch")),
    ("pool-entries", {"period_start": 2020, "period_end": 2040}, {400}, "period_end", ("post", "put", "patch")),
    ("pool-entries", {"period_start": 2025, "period_end": 2025}, {400}, "period_end", ("post", "put", "patch")),
    ("pool-entries", {"period_end": 2045}, {400}, "period_end", ("put", "patch")),
    *[
        ("pool-entries", {"period_start": v}, {400}, "period_start", ("post", "put", "patch"))
        for v in (1800, -2026, "abc", "", None, HUGE, 2025.5, "2025-2030", True, [2026], 0)
    ],
    ("pool-entries", {"period_end": 1800}, {400}, "period_end", ("post", "put", "patch")),
    ("pool-entries", {"period_end": HUGE}, {400}, "period_end", ("post", "put", "patch")),
    ("pool-entries", {"level": "x"}, {400}, "level", ("post", "put", "patch")),
    ("pool-entries", {"title": LONG}, {400}, "title", ("post", "put", "patch")),
    ("pool-entries", {"title": "\x00"}, {400}, "title", ("post", "put", "patch")),
    # training
    *[
        ("training-records", {field: v}, {400}, field, ("post", "put", "patch"))
        for field, v in [
            ("kind", "x"),
            ("kind", None),
            ("course", ""),
            ("course", LONG),
            ("course", "Khoá\x00học"),
            ("course", None),
            ("completed", "maybe"),
            ("completed", "abc"),
            ("completed", 2),
            ("completed", {"a": 1}),
            ("certificate", LONG),
        ]
    ],
    # languages
    *[
        ("languages", {field: v}, {400}, field, ("post", "put", "patch"))
        for field, v in [
            ("level", "Z9"),
            ("level", ""),
            ("level", None),
            ("language", ""),
            ("language", LONG),
            ("language", "Tiếng\x00Anh"),
            ("language", None),
            ("language", 7),
        ]
    ],
]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_api_refuses(login, secretary, tree, people, records, name, method):
    client = login(secretary)
    url = url_for(name, method, people, records)

    def check(_name: str, changes: dict[str, Any], statuses: set[int], key: str | None, _methods: Any) -> None:
        before = db_state()
        response = send(client, method, url, body_for(name, method, tree, people, records, changes))
        refused_api(response, statuses, key)
        assert_unchanged(before)

    check_each([c for c in API_CASES if c[0] == name and method in c[4]], check)


API_CLASHES: list[tuple[str, str, Payload, str]] = [
    # An employment of Bình overlapping his current one (Phòng Công chức from 01/01/2020).
    (
        "employments",
        "post",
        lambda t, p, r: {
            "person": p.binh.pk,
            "unit": "TN-SNV-VP",
            "start_date": "2019-07-01",
            "end_date": "2020-12-31",
        },
        "start_date",
    ),
    (
        "employments",
        "post",
        lambda t, p, r: {"person": p.binh.pk, "unit": "TN-SNV-VP", "start_date": "2023-06-01"},
        "start_date",
    ),
    (
        "employments",
        "post",
        lambda t, p, r: {
            "person": p.binh.pk,
            "unit": "TN-SNV-CC",
            "start_date": "2016-01-01",
            "end_date": "2016-12-31",
        },
        "start_date",
    ),
    ("employments", "patch", lambda t, p, r: {"end_date": None}, "start_date"),
    ("employments", "patch", lambda t, p, r: {"end_date": "2020-01-01"}, "start_date"),
    # Posts: the same person twice in one unit; a second head with the same title.
    (
        "posts",
        "post",
        lambda t, p, r: {
            "person": p.ha.pk,
            "unit": "TN-SNV-VP",
            "title": "Phó Chánh Văn phòng",
            "level": "division",
            "rank": "deputy",
            "start_date": "2024-01-01",
        },
        "start_date",
    ),
    (
        "posts",
        "post",
        lambda t, p, r: {
            "person": p.anh.pk,
            "unit": "TN-SNV-VP",
            "title": "Chánh Văn phòng",
            "level": "division",
            "rank": "head",
            "start_date": "2024-01-01",
        },
        "start_date",
    ),
    (
        "posts",
        "post",
        lambda t, p, r: {
            "person": p.anh.pk,
            "unit": "TN-SNV-VP",
            "title": "Chánh Văn phòng",
            "level": "division",
            "rank": "head",
            "start_date": "2020-01-01",
            "end_date": "2021-06-01",
        },
        "start_date",
    ),
    # The same language twice for one person, however it is written.
    ("languages", "post", lambda t, p, r: {"person": p.ha.pk, "language": "Tiếng Anh", "level": "C1"}, "*"),
    ("languages", "post", lambda t, p, r: {"person": p.ha.pk, "language": "tiếng anh", "level": "C1"}, "*"),
    ("languages", "post", lambda t, p, r: {"person": p.ha.pk, "language": " Tiếng  Anh ", "level": "C1"}, "*"),
    ("languages", "patch", lambda t, p, r: {"language": "TIẾNG ANH"}, "*"),
]


@pytest.mark.parametrize(
    ("name", "method", "payload", "key"), API_CLASHES, ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(API_CLASHES)]
)
def test_api_refuses_clashes(login, secretary, tree, people, records, name, method, payload, key):
    client = login(secretary)
    body = payload(tree, people, records)
    before = db_state()
    response = send(client, method, url_for(name, method, people, records), body)
    assert response.status_code == 400, response.content[:500]
    if key != "*":
        assert key in response.json(), response.json()
    assert_unchanged(before)


HR_CASES: list[tuple[dict[str, Any], str]] = [
    ({"ethnicity": "99"}, "ethnicity"),
    ({"ethnicity": 1}, "ethnicity"),
    ({"ethnicity": "\x00"}, "ethnicity"),
    ({"party_member_since": (TODAY + datetime.timedelta(days=3)).isoformat()}, "party_member_since"),
    ({"party_member_since": "2000-01-01"}, "party_member_since"),  # aged 14 (born 1985)
    ({"party_member_since": "2020-02-30"}, "party_member_since"),
    ({"party_member_since": "abc"}, "party_member_since"),
]


@pytest.mark.parametrize("method", ["put", "patch"])
def test_api_refuses_bad_sensitive_fields(login, hr_officer, tree, people, method):
    client = login(hr_officer)
    full = {
        **ENDPOINTS["people"].full(tree, people, None),
        "employee_code": "TN0003",
        "family_name": "Lê Thị",
        "given_name": "Ánh",
        "sex": "F",
    }

    def check(changes: dict[str, Any], key: str) -> None:
        body = {**full, **changes} if method == "put" else changes
        before = db_state()
        refused_api(send(client, method, f"/api/people/{people.anh.pk}/", body), {400}, key)
        assert_unchanged(before)

    check_each(HR_CASES, check)


def test_api_stale_version_is_refused(login, secretary, tree, people):
    client = login(secretary)
    url = f"/api/people/{people.binh.pk}/"
    assert send(client, "patch", url, {"degree": "master", "version": 1}).status_code == 200
    before = db_state()
    response = send(client, "patch", url, {"degree": "doctorate", "version": 1})
    refused_api(response, {400}, "version")
    assert_unchanged(before)
    assert Person.objects.get(pk=people.binh.pk).degree == "master"


def test_api_post_change_makes_an_open_post_form_stale(login, secretary, people):
    """A post changed through the API counts its version up: the form opened before it is refused."""
    client = login(secretary)
    url = reverse("registry:fact_edit", args=["post", people.post.pk])
    opened = fact_edit_base("post", people.post)
    response = send(client, "patch", f"/api/posts/{people.post.pk}/", {"decision_number": "30/QĐ-SNV", "version": 1})
    assert response.status_code == 200 and response.json()["version"] == 2
    refused_api(
        send(client, "patch", f"/api/posts/{people.post.pk}/", {"title": "Phó", "version": 1}), {400}, "version"
    )
    refused_form(client, url, {**opened, "decision_number": "31/QĐ-SNV"}, "__all__")
    assert Post.objects.get(pk=people.post.pk).decision_number == "30/QĐ-SNV"


def test_api_outside_scope_or_role_writes_nothing(
    login, client, secretary, other_secretary, leader, viewer, tree, people, records
):
    before = db_state()
    sec = login(secretary)
    # Records of Yến (Sở Y tế) do not exist for Sở Nội vụ's secretary.
    assert send(sec, "patch", f"/api/people/{people.yen.pk}/", {"degree": "master"}).status_code == 404
    assert (
        send(sec, "put", f"/api/employments/{records.yen_employment.pk}/", {"end_date": "2030-01-01"}).status_code
        == 404
    )
    assert send(sec, "patch", f"/api/posts/{records.yen_post.pk}/", {"title": "Giám đốc"}).status_code == 404
    assert sec.delete(f"/api/posts/{records.yen_post.pk}/").status_code == 404
    for bad in ("999999", "abc", "9" * 30, "-1", "1.5"):
        response = send(sec, "patch", f"/api/posts/{bad}/", {"title": "Giám đốc"})
        assert response.status_code == 404, (bad, response.status_code)
    # Sở Y tế's secretary cannot touch Hà's post.
    other = login(other_secretary)
    assert send(other, "patch", f"/api/posts/{people.post.pk}/", {"title": "Giám đốc"}).status_code == 404
    # A post moved into a unit outside scope, by the secretary who may edit the post.
    assert send(login(secretary), "patch", f"/api/posts/{people.post.pk}/", {"unit": "TN-SYT-NVY"}).status_code == 403
    # Reading roles may not write at all.
    for user in (leader, viewer):
        c = login(user)
        for name, endpoint in ENDPOINTS.items():
            body = endpoint.new(tree, people, records)
            assert send(c, "post", endpoint.url, body).status_code == 403, (user, name)
            assert send(c, "patch", url_for(name, "patch", people, records), {}).status_code in {403, 404}
    c.logout()
    for endpoint in ENDPOINTS.values():
        assert send(c, "post", endpoint.url, endpoint.new(tree, people, records)).status_code in {401, 403}
    assert_unchanged(before)


def test_api_person_code_taken_in_another_province_is_allowed_but_not_in_the_same(login, system_admin, tree, people):
    """The code is unique per province: a second province may reuse it, the same province may not."""
    from binhdang.orgs.restructuring import NewUnit, create_unit

    other = create_unit(NewUnit("TK", "Tỉnh Khác", "province"), None, datetime.date(2020, 1, 1))
    client = login(system_admin)
    body = {**ENDPOINTS["people"].new(tree, people, None), "employee_code": "TN0001", "unit": other.code}
    assert send(client, "post", "/api/people/", body).status_code == 201
    before = db_state()
    body["family_name"] = "Đinh Văn"
    refused_api(send(client, "post", "/api/people/", body), {400}, "employee_code")
    assert_unchanged(before)
