"""The access matrix: every URL and API endpoint, every persona.

A user of one agency can neither read nor change another agency's data, and each role has exactly
its rights. `test_every_url_is_in_the_matrix` fails when a URL is added without an entry here.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from conftest import access_modules, make_import_job
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

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
