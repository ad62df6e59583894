"""The access matrix: every URL and API endpoint, every persona.

A user of one agency can neither read nor change another agency's data, and each role has exactly
its rights. `test_every_url_is_in_the_matrix` fails when a URL is added without an entry here.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

import pytest
from conftest import access_modules, make_import_job
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import FieldDoesNotExist
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework import serializers

from binhdang.core.models import AuditEntry
from binhdang.indicators.models import Target
from binhdang.plans.models import Plan
from binhdang.registry.models import ForeignLanguage, PoolEntry, TrainingRecord


def walk(patterns: list[Any], namespace: str = "") -> list[str]:
    names: list[str] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            names.append(f"{namespace}{pattern.name}")
    return names


# Every named URL: the right it needs and how to build it against Sở Nội vụ's objects.
# kind "public" = no login needed; "any" = any signed-in user.
MATRIX: dict[str, tuple[str, str]] = {
    "core:home": ("any", "page"),
    "core:health": ("public", "page"),
    "core:metrics": ("public", "page"),  # no login: loopback clients or the metrics token (core/metrics.py)
    "accounts:login": ("public", "page"),
    "accounts:logout": ("public", "post-only"),
    "accounts:user_list": ("manage_users", "page"),
    "accounts:user_create": ("manage_users", "page"),
    "accounts:user_edit": ("manage_users", "object"),
    "orgs:tree": ("view_aggregate", "page"),
    "orgs:unit_create": ("change_org", "page"),
    "orgs:unit_detail": ("view_aggregate", "object"),
    "orgs:unit_restructure": ("change_org", "object"),
    "registry:staff_list": ("view_person", "page"),
    "registry:person_create": ("change_person", "page"),
    "registry:person_detail": ("view_person", "object"),
    "registry:person_edit": ("change_person", "object"),
    "registry:fact_create": ("change_person", "object"),
    "registry:fact_edit": ("change_person", "object"),
    "registry:fact_delete": ("change_person", "object"),
    "registry:staff_export": ("view_person", "page"),
    "registry:import_list": ("change_person", "page"),
    "registry:import_template": ("change_person", "page"),
    "registry:import_detail": ("change_person", "object"),
    "registry:import_progress": ("change_person", "object"),
    "registry:import_run": ("change_person", "object"),
    "registry:import_annotated": ("change_person", "object"),
    "indicators:dashboard": ("view_aggregate", "page"),
    "indicators:trend": ("view_aggregate", "page"),
    "indicators:chart_data": ("view_aggregate", "object"),
    "indicators:data_entry": ("change_person", "page"),
    "api:indicators": ("view_aggregate", "page"),
    "indicators:target_create": ("manage_plans", "page"),
    "indicators:target_edit": ("manage_plans", "object"),
    "indicators:target_delete": ("manage_plans", "object"),
    "plans:plan_list": ("view_aggregate", "page"),
    "plans:plan_create": ("manage_plans", "page"),
    "plans:plan_detail": ("view_aggregate", "object"),
    "plans:plan_edit": ("manage_plans", "object"),
    "api:schema": ("any", "page"),
    "api:docs": ("any", "page"),
    "api:api-root": ("any", "page"),
    "api:unit-list": ("view_aggregate", "list"),
    "api:unit-detail": ("view_aggregate", "object"),
    "api:unit-restructure": ("change_org", "object"),
    "api:person-list": ("view_person", "list"),
    "api:person-detail": ("view_person", "object"),
    "api:employment-list": ("view_person", "list"),
    "api:employment-detail": ("view_person", "object"),
    "api:post-list": ("view_person", "list"),
    "api:post-detail": ("view_person", "object"),
    "api:poolentry-list": ("view_person", "list"),
    "api:poolentry-detail": ("view_person", "object"),
    "api:trainingrecord-list": ("view_person", "list"),
    "api:trainingrecord-detail": ("view_person", "object"),
    "api:foreignlanguage-list": ("view_person", "list"),
    "api:foreignlanguage-detail": ("view_person", "object"),
    "set_language": ("public", "post-only"),
}
for _module in access_modules():
    MATRIX.update(_module.MATRIX)


def test_every_url_is_in_the_matrix():
    assert sorted(set(walk(get_resolver().url_patterns))) == sorted(MATRIX)


@pytest.fixture
def snv_objects(tree, people, secretary):
    """One object of every kind belonging to Sở Nội vụ, with the URLs that reach it."""
    pool = PoolEntry.objects.create(
        person=people.ha,
        title="Phó Giám đốc Sở",
        level="department",
        period_start=2025,
        period_end=2030,
        start_date=datetime.date(2025, 1, 1),
    )
    training = TrainingRecord.objects.create(
        person=people.ha, kind="gender_mainstreaming", course="Lồng ghép giới", start_date=datetime.date(2024, 5, 1)
    )
    language = ForeignLanguage.objects.create(person=people.ha, language="Tiếng Anh", level="B1")
    employment = people.ha.employments.get()
    ha, post, unit = people.ha.pk, people.post.pk, tree.snv.pk
    job = make_import_job(tree.snv).pk
    plan = Plan.objects.create(title="Kế hoạch của Sở Nội vụ", issuer=tree.snv, period_start=2021, period_end=2030)
    target = Target.objects.create(plan=plan, unit=tree.snv, indicator="pool_women", year=2030, value=50)
    from_apps: dict[str, list[str]] = {}
    for module in access_modules():
        records = module.records(tree, people)
        for name, kind in module.PK_KIND.items():
            from_apps[name] = [reverse(name, args=[records[kind]])]
        if hasattr(module, "extra_urls"):
            from_apps.update(module.extra_urls(records))
    return {
        **from_apps,
        "plans:plan_detail": [reverse("plans:plan_detail", args=[plan.pk])],
        "plans:plan_edit": [reverse("plans:plan_edit", args=[plan.pk])],
        "indicators:target_edit": [reverse("indicators:target_edit", args=[target.pk])],
        "indicators:target_delete": [reverse("indicators:target_delete", args=[target.pk])],
        "indicators:dashboard": [reverse("indicators:dashboard") + f"?unit={unit}"],
        "indicators:trend": [reverse("indicators:trend") + f"?unit={unit}"],
        "indicators:chart_data": [
            reverse("indicators:chart_data", args=[chart]) + f"?unit={unit}"
            for chart in ("indicators", "ranking", "pipeline", "pyramid", "trend")
        ],
        "indicators:data_entry": [reverse("indicators:data_entry") + f"?unit={unit}"],
        "api:indicators": ["/api/indicators/?unit=TN-SNV"],
        "registry:import_detail": [reverse("registry:import_detail", args=[job])],
        "registry:import_progress": [reverse("registry:import_progress", args=[job])],
        "registry:import_run": [reverse("registry:import_run", args=[job])],
        "registry:import_annotated": [reverse("registry:import_annotated", args=[job])],
        "accounts:user_edit": [reverse("accounts:user_edit", args=[secretary.pk])],
        "orgs:unit_detail": [reverse("orgs:unit_detail", args=[unit])],
        "orgs:unit_restructure": [
            reverse("orgs:unit_restructure", args=[unit, op]) for op in ("rename", "move", "merge", "split", "dissolve")
        ],
        "registry:person_detail": [reverse("registry:person_detail", args=[ha])],
        "registry:person_edit": [reverse("registry:person_edit", args=[ha])],
        "registry:fact_create": [
            reverse("registry:fact_create", args=[ha, k])
            for k in ("employment", "post", "pool", "training", "language")
        ],
        "registry:fact_edit": [
            reverse("registry:fact_edit", args=[k, pk])
            for k, pk in (
                ("employment", employment.pk),
                ("post", post),
                ("pool", pool.pk),
                ("training", training.pk),
                ("language", language.pk),
            )
        ],
        "registry:fact_delete": [
            reverse("registry:fact_delete", args=[k, pk])
            for k, pk in (
                ("employment", employment.pk),
                ("post", post),
                ("pool", pool.pk),
                ("training", training.pk),
                ("language", language.pk),
            )
        ],
        "api:unit-detail": [f"/api/units/{unit}/"],
        "api:unit-restructure": [f"/api/units/{unit}/{op}/" for op in ("rename", "move", "merge", "dissolve")],
        "api:person-detail": [f"/api/people/{ha}/"],
        "api:employment-detail": [f"/api/employments/{employment.pk}/"],
        "api:post-detail": [f"/api/posts/{post}/"],
        "api:poolentry-detail": [f"/api/pool-entries/{pool.pk}/"],
        "api:trainingrecord-detail": [f"/api/training-records/{training.pk}/"],
        "api:foreignlanguage-detail": [f"/api/languages/{language.pk}/"],
    }


def database_state() -> dict[str, Any]:
    """Every row of every project table, to prove that nothing changed."""
    state: dict[str, Any] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("binhdang."):
            continue
        for model in config.get_models():
            state[model._meta.label] = sorted(map(repr, model.objects.values_list()))
    state["audit"] = AuditEntry.objects.count()
    return state


def attack_payload(url: str) -> dict[str, Any]:
    """Data a form or endpoint would accept from someone in scope."""
    return {
        "date": "01/01/2026",
        "name": "Đổi tên trái phép",
        "new_parent": "",
        "parts": "X1; Một\nX2; Hai",
        "family_name": "Trái Phép",
        "given_name": "Sửa",
        "sex": "M",
        "birth_date": "01/01/1980",
        "employment_type": "civil_servant",
        "civil_service_rank": "specialist",
        "degree": "bachelor",
        "political_theory": "none",
        "state_management": "none",
        "it_level": "basic",
        "employee_code": "HACK",
        "title": "Giám đốc",
        "rank": "head",
        "level": "department",
        "start_date": "01/01/2026",
        "kind": "it",
        "course": "x",
        "language": "Tiếng Pháp",
        "period_start": 2025,
        "period_end": 2030,
        "username": "hacker",
        "role": "system_admin",
        "password": "mat-khau-rat-dai-123",
    }


def test_another_agency_can_neither_read_nor_change_sở_nội_vụ(client, other_secretary, snv_objects):
    # given the secretary of Sở Y tế
    client.force_login(other_secretary)
    before = database_state()
    for urls in snv_objects.values():
        for url in urls:
            # when she reads or writes any object of Sở Nội vụ
            response = client.get(url)
            assert response.status_code in (403, 404, 405), (url, response.status_code)
            assert "Nguyễn Thị Hà" not in response.content.decode()
            payload = attack_payload(url)
            if url.startswith("/api/"):
                for method in ("post", "put", "patch", "delete"):
                    answer = getattr(client, method)(url, data=json.dumps(payload), content_type="application/json")
                    assert answer.status_code in (403, 404, 405), (method, url, answer.status_code)
            else:
                answer = client.post(url, payload)
                assert answer.status_code in (403, 404), (url, answer.status_code)
    # then nothing of Sở Nội vụ changed
    assert database_state() == before


@pytest.mark.parametrize(
    "endpoint", ["units", "people", "employments", "posts", "pool-entries", "training-records", "languages"]
)
def test_api_lists_hold_only_the_callers_agency(client, other_secretary, snv_objects, people, endpoint):
    client.force_login(other_secretary)
    body = client.get(f"/api/{endpoint}/?limit=500").json()
    text = json.dumps(body, ensure_ascii=False)
    assert "Nguyễn Thị Hà" not in text and "Sở Nội vụ" not in text and "TN-SNV" not in text
    if endpoint == "people":
        assert [p["full_name"] for p in body["results"]] == ["Hoàng Thị Yến"]


def test_another_agency_cannot_create_records_in_sở_nội_vụ_through_the_api(client, other_secretary, tree, people):
    client.force_login(other_secretary)
    before = database_state()
    cases = [
        (
            "/api/people/",
            {
                "family_name": "Lạ",
                "given_name": "Người",
                "sex": "F",
                "birth_date": "1990-01-01",
                "employment_type": "worker",
                "employee_code": "X1",
                "unit": "TN-SNV-VP",
                "start_date": "2025-01-01",
            },
        ),
        ("/api/employments/", {"person": people.yen.pk, "unit": "TN-SNV", "start_date": "2030-01-01"}),
        (
            "/api/posts/",
            {
                "person": people.yen.pk,
                "unit": "TN-SNV",
                "title": "Giám đốc",
                "level": "department",
                "rank": "head",
                "start_date": "2030-01-01",
            },
        ),
        (
            "/api/posts/",
            {
                "person": people.ha.pk,
                "unit": "TN-SYT",
                "title": "Giám đốc",
                "level": "department",
                "rank": "head",
                "start_date": "2030-01-01",
            },
        ),
        (
            "/api/pool-entries/",
            {
                "person": people.ha.pk,
                "title": "x",
                "level": "division",
                "period_start": 2025,
                "period_end": 2030,
                "start_date": "2025-01-01",
            },
        ),
        ("/api/units/", {"code": "TN-SNV-NEW", "name": "Phòng mới", "kind": "division", "parent": "TN-SNV"}),
    ]
    for url, payload in cases:
        response = client.post(url, data=json.dumps(payload), content_type="application/json")
        assert response.status_code in (400, 403), (url, response.status_code, response.content)
    assert database_state() == before


# What each persona gets on the main pages, written out by hand (not derived from the rules).
PAGES = [
    "staff_list",
    "person_detail",
    "person_edit",
    "tree",
    "unit_detail",
    "unit_rename",
    "user_list",
    "api_people",
    "api_person",
    "import_list",
    "import_detail",
    "staff_export",
    "dashboard",
    "data_entry",
]
EXPECTED = {
    "system_admin":    [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    "province_admin":  [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    "secretary":       [200, 200, 200, 200, 200, 403, 403, 200, 200, 200, 200, 200, 200, 200],
    "hr_officer":      [200, 200, 200, 200, 404, 403, 403, 200, 200, 200, 404, 200, 404, 404],
    "leader":          [200, 200, 403, 200, 200, 403, 403, 200, 200, 403, 403, 200, 200, 403],
    "viewer":          [403, 403, 403, 200, 200, 403, 403, 403, 403, 403, 403, 403, 200, 403],
    "other_secretary": [200, 404, 404, 200, 404, 403, 403, 200, 404, 200, 404, 200, 404, 404],
}  # fmt: skip


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_each_role_has_exactly_its_rights(client, request, tree, people, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    urls = {
        "staff_list": reverse("registry:staff_list"),
        "person_detail": reverse("registry:person_detail", args=[people.ha.pk]),
        "person_edit": reverse("registry:person_edit", args=[people.ha.pk]),
        "tree": reverse("orgs:tree"),
        "unit_detail": reverse("orgs:unit_detail", args=[tree.snv.pk]),
        "unit_rename": reverse("orgs:unit_restructure", args=[tree.snv.pk, "rename"]),
        "user_list": reverse("accounts:user_list"),
        "api_people": "/api/people/",
        "api_person": f"/api/people/{people.ha.pk}/",
        "import_list": reverse("registry:import_list"),
        "import_detail": reverse("registry:import_detail", args=[make_import_job(tree.snv).pk]),
        "staff_export": reverse("registry:staff_export"),
        "dashboard": reverse("indicators:dashboard") + f"?unit={tree.snv.pk}",
        "data_entry": reverse("indicators:data_entry") + f"?unit={tree.snv.pk}",
    }
    got = [client.get(urls[page]).status_code for page in PAGES]
    assert dict(zip(PAGES, got, strict=True)) == dict(zip(PAGES, EXPECTED[persona], strict=True))


def test_anonymous_visitors_are_sent_to_the_login_page(client, tree, people):
    for name, (right, kind) in MATRIX.items():
        if right == "public" or kind != "page":
            continue
        response = client.get(reverse(name))
        assert response.status_code in (302, 401, 403), (name, response.status_code)
    assert client.get(f"/api/people/{people.ha.pk}/").status_code in (401, 403)


def test_viewer_sees_counts_with_small_ones_hidden(client, viewer, tree, people):
    client.force_login(viewer)
    page = client.get(reverse("orgs:tree")).content.decode()
    assert "Nguyễn Thị Hà" not in page
    assert "&lt;5" in page


# --- Former employees -------------------------------------------------------------------------------------
# Đặng Thị Cũ worked at Sở Nội vụ (Văn phòng Sở) until 2024 and now works at Sở Y tế. Sở Nội vụ keeps her
# history there, read only; her present record (her post at Sở Y tế, her ethnicity and party membership, the
# pool entry, training and language recorded since) is Sở Y tế's.
SNV_ROLES = ["secretary", "hr_officer", "leader", "snv_admin"]


@pytest.fixture
def former(tree, people):
    from conftest import make_person

    from binhdang.registry.models import Employment, Post

    person = make_person(
        tree.snv_office, "Đặng Thị", "Cũ", "F", "TN0099", ethnicity="02",
        party_member_since=datetime.date(2012, 3, 3),
    )  # fmt: skip
    Employment.objects.filter(person=person).update(end_date=datetime.date(2024, 12, 31))
    Employment.objects.create(person=person, unit=tree.syt_medical, start_date=datetime.date(2025, 1, 1))
    snv_post = Post.objects.create(
        person=person, unit=tree.snv_office, title="Phó Chánh Văn phòng", level="division", rank="deputy",
        start_date=datetime.date(2021, 1, 1), end_date=datetime.date(2024, 12, 31),
    )  # fmt: skip
    syt_post = Post.objects.create(
        person=person, unit=tree.syt_medical, title="Trưởng phòng Nghiệp vụ Y", level="division", rank="head",
        start_date=datetime.date(2025, 2, 1),
    )  # fmt: skip
    snv_pool = PoolEntry.objects.create(
        person=person, title="Chánh Văn phòng Sở", level="division", period_start=2020, period_end=2025,
        start_date=datetime.date(2022, 1, 1),
    )  # fmt: skip
    syt_pool = PoolEntry.objects.create(
        person=person, title="Phó Giám đốc Sở Y tế", level="department", period_start=2025, period_end=2030,
        start_date=datetime.date(2025, 6, 1),
    )  # fmt: skip
    snv_training = TrainingRecord.objects.create(
        person=person, kind="gender_mainstreaming", course="Lồng ghép giới khóa Sở Nội vụ",
        start_date=datetime.date(2023, 4, 1),
    )  # fmt: skip
    syt_training = TrainingRecord.objects.create(
        person=person, kind="it", course="Tin học y tế", start_date=datetime.date(2025, 9, 1)
    )
    language = ForeignLanguage.objects.create(person=person, language="Tiếng Nhật", level="N3")
    return {
        "person": person,
        "snv_employment": person.employments.get(unit=tree.snv_office),
        "syt_employment": person.employments.get(unit=tree.syt_medical),
        "snv_post": snv_post,
        "syt_post": syt_post,
        "snv_pool": snv_pool,
        "syt_pool": syt_pool,
        "snv_training": snv_training,
        "syt_training": syt_training,
        "language": language,
    }


# What only Sở Y tế may know about her now.
PRESENT_RECORD = ["Trưởng phòng Nghiệp vụ Y", "Phòng Nghiệp vụ Y", "Phó Giám đốc Sở Y tế", "Tin học y tế", "Tiếng Nhật"]


@pytest.mark.parametrize("persona", SNV_ROLES)
def test_the_agency_a_person_left_sees_only_her_history_there(client, request, tree, former, persona):
    # given a role of Sở Nội vụ, which she left at the end of 2024
    client.force_login(request.getfixturevalue(persona))
    person = former["person"]
    # when it opens her page
    page = client.get(reverse("registry:person_detail", args=[person.pk])).content.decode()
    # then it sees her name and her posts, pool entry and training at Sở Nội vụ, and nothing of today's record
    assert "Đặng Thị Cũ" in page
    assert "Phó Chánh Văn phòng" in page and "Chánh Văn phòng Sở" in page and "Lồng ghép giới khóa Sở Nội vụ" in page
    for text in PRESENT_RECORD:
        assert text not in page, text
    assert "Tày" not in page and "03/03/2012" not in page
    assert reverse("registry:person_edit", args=[person.pk]) not in page
    assert reverse("registry:fact_create", args=[person.pk, "pool"]) not in page
    assert reverse("registry:fact_edit", args=["post", former["snv_post"].pk]) not in page


@pytest.mark.parametrize("persona", ["secretary", "hr_officer", "leader"])
def test_the_api_shows_the_agency_a_person_left_only_her_history_there(client, request, tree, former, persona):
    client.force_login(request.getfixturevalue(persona))
    pk = former["person"].pk
    person = client.get(f"/api/people/{pk}/").json()
    assert person == {"id": pk, "family_name": "Đặng Thị", "given_name": "Cũ", "full_name": "Đặng Thị Cũ"}

    def ids(endpoint: str) -> list[int]:
        return sorted(row["id"] for row in client.get(f"/api/{endpoint}/?person={pk}").json()["results"])

    assert ids("employments") == [former["snv_employment"].pk]
    assert ids("posts") == [former["snv_post"].pk]
    assert ids("pool-entries") == [former["snv_pool"].pk]
    assert ids("training-records") == [former["snv_training"].pk]
    assert ids("languages") == []
    for endpoint, key in (("pool-entries", "syt_pool"), ("training-records", "syt_training"), ("posts", "syt_post")):
        assert client.get(f"/api/{endpoint}/{former[key].pk}/").status_code == 404
    assert client.get(f"/api/languages/{former['language'].pk}/").status_code == 404


def test_her_present_agency_sees_and_changes_her_whole_record(client, tree, former, other_secretary):
    # Sở Y tế, where she works now, is unchanged: everything, and she can be edited.
    client.force_login(other_secretary)
    pk = former["person"].pk
    page = client.get(reverse("registry:person_detail", args=[pk])).content.decode()
    assert "Trưởng phòng Nghiệp vụ Y" in page and "Tiếng Nhật" in page
    assert reverse("registry:person_edit", args=[pk]) in page
    answer = client.patch(f"/api/pool-entries/{former['syt_pool'].pk}/", data=json.dumps({"title": "Giám đốc Sở"}),
                          content_type="application/json")  # fmt: skip
    assert answer.status_code == 200


@pytest.mark.parametrize("persona", SNV_ROLES)
def test_the_agency_a_person_left_cannot_change_anything_about_her(client, request, tree, former, persona):
    # given a role of Sở Nội vụ
    user = request.getfixturevalue(persona)
    client.force_login(user)
    person = former["person"].pk
    before = database_state()
    # when it tries every page and endpoint that writes about her
    pages = [
        reverse("registry:person_edit", args=[person]),
        *[reverse("registry:fact_create", args=[person, k]) for k in ("employment", "post", "pool", "training")],
        reverse("registry:fact_create", args=[person, "language"]),
        *[
            reverse(name, args=[kind, former[key].pk])
            for name in ("registry:fact_edit", "registry:fact_delete")
            for kind, key in (("employment", "snv_employment"), ("post", "snv_post"), ("pool", "snv_pool"),
                              ("training", "snv_training"), ("language", "language"))
        ],
    ]  # fmt: skip
    for url in pages:
        assert client.post(url, {**attack_payload(url), "unit": tree.snv_office.pk}).status_code in (403, 404), url
    details = [
        f"/api/people/{person}/",
        f"/api/employments/{former['snv_employment'].pk}/",
        f"/api/posts/{former['snv_post'].pk}/",
        f"/api/pool-entries/{former['snv_pool'].pk}/",
        f"/api/pool-entries/{former['syt_pool'].pk}/",
        f"/api/training-records/{former['snv_training'].pk}/",
        f"/api/languages/{former['language'].pk}/",
    ]
    for url in details:
        for method in ("put", "patch", "delete"):
            body = json.dumps({"title": "Sửa", "end_date": "2024-06-30", "given_name": "Sửa", "level": "B2"})
            answer = getattr(client, method)(url, data=body, content_type="application/json")
            assert answer.status_code in (403, 404, 405), (method, url, answer.status_code)
    creations = [
        ("/api/employments/", {"person": person, "unit": "TN-SNV-CC", "start_date": "2030-01-01"}),
        ("/api/posts/", {"person": person, "unit": "TN-SNV-VP", "title": "Chánh Văn phòng", "level": "division",
                         "rank": "head", "start_date": "2030-01-01"}),
        ("/api/pool-entries/", {"person": person, "title": "x", "level": "division", "period_start": 2025,
                                "period_end": 2030, "start_date": "2025-01-01"}),
        ("/api/training-records/", {"person": person, "kind": "it", "course": "x", "start_date": "2025-01-01"}),
        ("/api/languages/", {"person": person, "language": "Tiếng Anh", "level": "B1"}),
    ]  # fmt: skip
    for url, payload in creations:
        answer = client.post(url, data=json.dumps(payload), content_type="application/json")
        assert answer.status_code == 403, (url, answer.status_code, answer.content)
    # then nothing changed
    assert database_state() == before


def test_the_agency_a_person_left_cannot_change_her_through_an_import(tree, former, hr_officer):
    from conftest import staff_workbook

    from binhdang.registry.importing import jobs

    data = staff_workbook([["TN0099", "Đặng Thị", "Cũ", "Nữ", "08/03/1985", "TN-SNV-VP"]])
    before = database_state()
    job, plan = jobs.check_file(data, "ds.xlsx", tree.snv_office, hr_officer)
    assert plan.error_count == 1 and not job.can_run
    after = database_state()
    assert {k: v for k, v in after.items() if k != "registry.ImportJob" and k != "audit"} == {
        k: v for k, v in before.items() if k != "registry.ImportJob" and k != "audit"
    }


def test_hr_officer_sees_no_sensitive_field_nor_change_history_of_a_former_employee(client, former, hr_officer):
    client.force_login(hr_officer)
    pk = former["person"].pk
    body = json.dumps(client.get(f"/api/people/{pk}/").json())
    assert "ethnicity" not in body and "party_member_since" not in body
    page = client.get(reverse("registry:person_detail", args=[pk])).content.decode()
    assert "Tày" not in page and "03/03/2012" not in page
    for text in PRESENT_RECORD:
        assert text not in page, text


def test_out_of_scope_language_is_refused_before_its_uniqueness_is_checked(client, other_secretary, snv_objects,
                                                                           people):  # fmt: skip
    # given Sở Y tế's secretary and a language already recorded for Nguyễn Thị Hà of Sở Nội vụ
    client.force_login(other_secretary)
    # when she records the same language for Hà
    payload = {"person": people.ha.pk, "language": "Tiếng Anh", "level": "B1"}
    answer = client.post("/api/languages/", data=json.dumps(payload), content_type="application/json")
    # then she is refused for scope, and learns nothing of Hà's languages
    assert answer.status_code == 403
    assert "language" not in answer.json()


def test_out_of_scope_unit_code_is_refused_before_its_uniqueness_is_checked(client, tree, other_secretary):
    client.force_login(other_secretary)
    from binhdang.accounts.models import User

    User.objects.filter(pk=other_secretary.pk).update(role="agency_admin")
    payload = {"code": "TN-SNV-VP", "name": "Phòng trùng mã", "kind": "division", "parent": "TN-SNV"}
    answer = client.post("/api/units/", data=json.dumps(payload), content_type="application/json")
    assert answer.status_code == 403
    assert "code" not in answer.json()


# --- Sensitive fields in the API ----------------------------------------------------------------------------
SENSITIVE_NAME = re.compile(r"ethnic|minority|party|religio|health|disab", re.IGNORECASE)
# Counts of people at an event, not facts about a person: every role that sees counts sees them.
AGGREGATE_COUNTS = {"activities.activity.participants_minority"}


def api_serializers() -> list[type[serializers.BaseSerializer]]:
    """Every serializer class the apps' API modules define."""
    from importlib import import_module

    found = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.api")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, serializers.BaseSerializer)
                and value.__module__ == module.__name__
                # A base class a module's serializers share (no Meta) is checked through them.
                and (not issubclass(value, serializers.ModelSerializer) or hasattr(value, "Meta"))
            ):
                found.append(value)
    return found


def sensitive_model_field(model: Any, source: str) -> str | None:
    """The sensitive model field `source` reads ("person.ethnicity"), as "app.model.field", if any."""
    for attr in source.split("."):
        try:
            field = model._meta.get_field(attr)
        except FieldDoesNotExist:
            return None
        if attr in getattr(model, "sensitive_fields", ()):
            return f"{model._meta.label_lower}.{attr}"
        if not field.is_relation:
            return None
        model = field.related_model
    return None


def readable_sensitive(serializer: serializers.BaseSerializer, model: Any, where: str) -> list[str]:
    """The readable fields of `serializer` that carry sensitive data: they read a model field marked sensitive,
    or their name says they are about ethnicity, minority status, party membership, religion or health."""
    leaks = []
    for name, field in serializer.fields.items():
        if field.write_only:
            continue
        inner = field.child if isinstance(field, serializers.ListSerializer) else field
        if isinstance(inner, serializers.Serializer):
            nested = getattr(getattr(inner, "Meta", None), "model", None)
            leaks += readable_sensitive(inner, nested, f"{where}.{name}")
            continue
        label = f"{model._meta.label_lower}.{name}" if model is not None else name
        marked = model is not None and sensitive_model_field(model, field.source) is not None
        if marked or (SENSITIVE_NAME.search(name) and label not in AGGREGATE_COUNTS):
            leaks.append(f"{where}.{name}")
    return leaks


def test_every_model_field_about_ethnicity_minority_party_or_health_is_marked_sensitive():
    unmarked = [
        f"{model._meta.label_lower}.{field.name}"
        for config in apps.get_app_configs()
        if config.name.startswith("binhdang.")
        for model in config.get_models()
        for field in model._meta.concrete_fields
        if SENSITIVE_NAME.search(field.name)
        and field.name not in getattr(model, "sensitive_fields", ())
        and f"{model._meta.label_lower}.{field.name}" not in AGGREGATE_COUNTS
    ]
    assert unmarked == []


@pytest.mark.parametrize("persona", ["secretary", "leader", "viewer", "other_secretary"])
def test_no_serializer_shows_a_sensitive_field_without_the_right(rf, request, persona):
    # given a role without "view_sensitive"
    user = request.getfixturevalue(persona)
    http = rf.get("/api/")
    http.user = user
    context = {"request": http}  # the user as the API sees them once signed in
    # when any serializer of the API is built for it
    leaks = []
    for cls in api_serializers():
        serializer = cls(context=context)
        leaks += readable_sensitive(serializer, getattr(getattr(cls, "Meta", None), "model", None), cls.__name__)
    # then none of its readable fields carries sensitive data
    assert leaks == []


def test_roles_with_the_right_read_the_sensitive_fields(rf, hr_officer):
    from binhdang.registry.api import PersonSerializer
    from binhdang.training.api import ParticipantSerializer

    http = rf.get("/api/")
    http.user = hr_officer
    context = {"request": http}  # the user as the API sees them once signed in
    assert {"ethnicity", "party_member_since"} <= set(PersonSerializer(context=context).fields)
    assert not ParticipantSerializer(context=context).fields["guest_is_minority"].write_only


def test_secretary_does_not_read_a_guests_minority_status_but_still_enters_it(client, secretary, hr_officer, tree,
                                                                               people):  # fmt: skip
    # given a class of Sở Nội vụ open for enrolment, and its secretary
    from binhdang.training.models import Nomination, Participant, TrainingClass

    course = TrainingClass.objects.create(
        organiser=tree.snv, title="Lớp lồng ghép giới", start_date=datetime.date(2025, 7, 11),
        end_date=datetime.date(2025, 7, 12), status=TrainingClass.Status.OPEN,
    )  # fmt: skip
    nomination = Nomination.objects.create(training_class=course, unit=tree.snv, quota=5)
    client.force_login(secretary)
    # when she enrols a guest from an ethnic minority through the API and reads the participant back
    payload = {"training_class": course.pk, "guest_name": "Đinh Thị Khách", "guest_sex": "F",
               "guest_is_minority": True, "nominated_by": nomination.pk}  # fmt: skip
    answer = client.post(
        f"/api/training-participants/?class={course.pk}", data=json.dumps(payload), content_type="application/json"
    )
    assert answer.status_code == 201, answer.content
    participant = Participant.objects.get()
    shown = client.get(f"/api/training-participants/{participant.pk}/").json()
    # then it is stored, but only a role with the right reads it
    assert participant.guest_is_minority
    assert "guest_is_minority" not in answer.json() and "guest_is_minority" not in shown
    client.force_login(hr_officer)
    assert client.get(f"/api/training-participants/{participant.pk}/").json()["guest_is_minority"] is True


@pytest.mark.parametrize("persona", ["secretary", "hr_officer", "leader"])
def test_the_agency_a_person_left_does_not_see_her_in_another_agencys_training(client, request, tree, former,
                                                                               persona):  # fmt: skip
    # given a class of the province that Sở Nội vụ sees, with her enrolled by Sở Y tế, where she works now
    from binhdang.training.models import Nomination, Participant, TrainingClass

    course = TrainingClass.objects.create(
        organiser=tree.province, title="Lớp của tỉnh", start_date=datetime.date(2025, 7, 11),
        end_date=datetime.date(2025, 7, 12), status=TrainingClass.Status.OPEN,
    )  # fmt: skip
    nomination = Nomination.objects.create(training_class=course, unit=tree.syt, quota=3)
    Participant.objects.create(training_class=course, person=former["person"], nominated_by=nomination)
    client.force_login(request.getfixturevalue(persona))
    # when a role of Sở Nội vụ lists the class's participants
    listed = client.get(f"/api/training-participants/?class={course.pk}")
    # then her name is not among them: her training at Sở Y tế is part of her present record
    assert listed.status_code == 200
    assert "Đặng Thị Cũ" not in listed.content.decode()


def test_the_agency_a_person_left_cannot_enrol_her_in_a_class(client, tree, former, secretary):
    # given a class Sở Nội vụ held in 2023, while she still worked there
    from binhdang.training.models import Participant, TrainingClass

    course = TrainingClass.objects.create(
        organiser=tree.snv, title="Lớp năm 2023", start_date=datetime.date(2023, 5, 10),
        end_date=datetime.date(2023, 5, 11), status=TrainingClass.Status.OPEN,
    )  # fmt: skip
    client.force_login(secretary)
    # when its secretary enrols her now
    payload = {"training_class": course.pk, "person": former["person"].pk}
    answer = client.post(
        f"/api/training-participants/?class={course.pk}", data=json.dumps(payload), content_type="application/json"
    )
    # then she is refused: enrolling her would write a training record on Sở Y tế's record
    assert answer.status_code == 400 and "person" in answer.json()
    assert not Participant.objects.exists()


# --- Where the rules live -------------------------------------------------------------------------------
SCOPED_MODELS = [
    "orgs.orgunit", "accounts.user", "core.auditentry", "registry.person", "registry.employment", "registry.post",
    "registry.poolentry", "registry.trainingrecord", "registry.foreignlanguage", "registry.importjob", "plans.plan",
    "plans.legalbasis", "plans.objective", "plans.task", "plans.taskprogress", "plans.reportdeadline",
    "plans.budgetline", "plans.plandraft", "indicators.target", "activities.activity",
    "activities.activityattachment", "training.trainingclass", "training.nomination", "training.participant",
    "training.attendance", "reports.report", "reports.reportevent", "reports.reportattachment",
    "agenda.calendarsettings", "agenda.reminder",
]  # fmt: skip


@pytest.mark.parametrize("label", SCOPED_MODELS)
def test_each_scoped_model_declares_its_rule_on_its_queryset(db, label):
    from binhdang.accounts import scope

    model = apps.get_model(label)
    queryset = model._default_manager.all()
    # declared next to the model, in its own app's models (a Target follows the plans' rule by inheriting it)
    assert type(queryset).__module__ in (model.__module__, "binhdang.core.models"), type(queryset)
    assert callable(queryset.restrict)
    assert scope.restrict(queryset, AnonymousUser()).count() == 0


def test_a_model_without_a_scope_rule_is_refused(db):
    from binhdang.accounts import scope
    from binhdang.orgs.models import UnitVersion

    with pytest.raises(LookupError):
        scope.restrict(UnitVersion.objects.all(), AnonymousUser())
