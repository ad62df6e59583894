"""No request is answered with a 500, whatever it carries.

Every URL pattern of the project (walked from the resolver, path parameters filled with real ids of the
shared fixtures) receives garbage — a fixed list of nasty values in the field names the forms and
serializers use, then Hypothesis-generated dictionaries — as each persona, form-encoded and as JSON.
Whatever the answer (redirect, 400, 403, 404, 405, 415), it must not be a server error. A URL with a
path parameter this file does not know how to fill fails `test_every_pattern_is_reached`, so new URLs
are fuzzed from the day they are added.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from conftest import access_modules, make_import_job
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from binhdang.accounts.forms import UserForm
from binhdang.api.base import ModelValidatingSerializer
from binhdang.orgs.api import OrgUnitSerializer, RestructureSerializer
from binhdang.orgs.forms import CreateUnitForm, MergeForm, MoveForm, RenameForm, SplitForm
from binhdang.registry import api as registry_api
from binhdang.registry import forms as registry_forms
from binhdang.registry.models import ForeignLanguage, PoolEntry, TrainingRecord

PERSONAS = ["viewer", "leader", "other_secretary", "secretary", "hr_officer", "province_admin", "system_admin"]
WRITERS = {"secretary", "hr_officer", "province_admin", "system_admin"}  # with rights over Sở Nội vụ's records

# Strings that have broken web applications somewhere: NUL, markup, overlong, impossible dates, numbers
# that do not fit, non-ASCII digits ("²".isdigit() is True, int("²") fails), invisible characters.
NASTY: list[str] = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    "x" * 10_000,
    "31/02/2024",
    "2024-13-01",
    "00/00/0000",
    "01/01/0001",
    "0001-01-01",
    "9999-12-31",
    "31/12/9999",
    "9" * 30,
    "-1",
    "0",
    "1.5",
    "1e999",
    "NaN",
    "²",
    "١٢",
    "abc",
    "true",
    "null",
    "\u200b",
    "\ufeff",
    "' OR 1=1 --",
    "%(x)s %s {0}",
    "../../etc/passwd",
    "Nguyễn Thị Hà",
    "💩",
    "TN-SNV",
    "TN-SNV\x00",
]
# JSON adds types: numbers too big for any column, lists, objects, lone surrogates.
JSON_NASTY: list[Any] = [
    *NASTY,
    "\ud800",
    10**30,
    -(10**30),
    -1,
    0,
    1.5,
    True,
    False,
    None,
    [],
    {},
    [1, 2],
    {"a": [{}]},
]


def _field_names() -> list[str]:
    names: set[str] = {"unit", "parent", "new_parent", "others", "version", "date", "next", "language"}
    for form in (
        registry_forms.PersonForm,
        registry_forms.EmploymentForm,
        registry_forms.PostForm,
        registry_forms.PoolEntryForm,
        registry_forms.TrainingRecordForm,
        registry_forms.ForeignLanguageForm,
        *[form for module in access_modules() for form in getattr(module, "FORMS", ())],
        CreateUnitForm,
        RenameForm,
        MoveForm,
        MergeForm,
        SplitForm,
        UserForm,
    ):
        names.update(form.base_fields)
    for serializer in (
        *[
            c
            for c in vars(registry_api).values()
            if isinstance(c, type) and issubclass(c, ModelValidatingSerializer) and hasattr(c, "Meta")
        ],
        OrgUnitSerializer,
        RestructureSerializer,
        *[serializer for module in access_modules() for serializer in getattr(module, "SERIALIZERS", ())],
    ):
        names.update(serializer().get_fields())
    return sorted(names)


FIELD_NAMES = _field_names()


def form_payload(seed: int) -> dict[str, str]:
    """Every known field name, each with a nasty value; `seed` shifts which field gets which value."""
    return {name: NASTY[(seed * 7 + i) % len(NASTY)] for i, name in enumerate(FIELD_NAMES)}


def json_payload(seed: int) -> dict[str, Any]:
    return {name: JSON_NASTY[(seed * 5 + i) % len(JSON_NASTY)] for i, name in enumerate(FIELD_NAMES)}


def walk(patterns: list[Any], namespace: str = "") -> list[tuple[str, list[str]]]:
    """(name, path parameters) of every URL pattern."""
    found: list[tuple[str, list[str]]] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found += walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            params = getattr(pattern.pattern, "converters", None) or pattern.pattern.regex.groupindex
            found.append((f"{namespace}{pattern.name}", sorted(params)))
    return found


@pytest.fixture
def objects(tree, people) -> dict[str, Any]:
    """One record of every kind in Sở Nội vụ (reached by most personas) to fill path parameters with."""
    return {
        "unit": tree.snv_civil.pk,
        "person": people.ha.pk,
        "employment": people.binh.employments.get().pk,
        "post": people.post.pk,
        "pool": PoolEntry.objects.create(
            person=people.ha,
            title="Phó Giám đốc Sở",
            level="department",
            period_start=2026,
            period_end=2031,
            start_date=datetime.date(2025, 1, 1),
        ).pk,
        "training": TrainingRecord.objects.create(
            person=people.ha, kind="it", course="Tin học", start_date=datetime.date(2024, 1, 1)
        ).pk,
        "language": ForeignLanguage.objects.create(person=people.ha, language="Tiếng Anh", level="B1").pk,
        "import": make_import_job(tree.snv).pk,
        **_plan_and_target(tree),
        **{kind: pk for module in access_modules() for kind, pk in module.records(tree, people).items()},
    }


def _plan_and_target(tree: Any) -> dict[str, int]:
    from decimal import Decimal

    from binhdang.indicators.models import Target
    from binhdang.plans.models import Plan

    plan = Plan.objects.create(title="Kế hoạch của Sở", issuer=tree.snv, period_start=2021, period_end=2030)
    target = Target.objects.create(plan=plan, unit=tree.snv, indicator="pool_women", year=2030, value=Decimal(50))
    return {"plan": plan.pk, "target": target.pk}


# The record a "pk" stands for, by URL name.
PK_KIND = {
    "plans:plan_detail": "plan",
    "plans:plan_edit": "plan",
    "indicators:target_edit": "target",
    "indicators:target_delete": "target",
    "registry:import_detail": "import",
    "registry:import_progress": "import",
    "registry:import_run": "import",
    "registry:import_annotated": "import",
    "orgs:unit_detail": "unit",
    "orgs:unit_restructure": "unit",
    "api:unit-detail": "unit",
    "api:unit-restructure": "unit",
    "registry:person_detail": "person",
    "registry:person_edit": "person",
    "api:person-detail": "person",
    "api:employment-detail": "employment",
    "api:post-detail": "post",
    "api:poolentry-detail": "pool",
    "api:trainingrecord-detail": "training",
    "api:foreignlanguage-detail": "language",
}
for _module in access_modules():
    PK_KIND.update(_module.PK_KIND)
KINDS = ["employment", "post", "pool", "training", "language"]
OPERATIONS = ["rename", "move", "merge", "split", "dissolve"]


def urls_for(name: str, params: list[str], objects: dict[str, Any], user_pk: int) -> list[str]:
    """Concrete URLs of one pattern; [] when a parameter is unknown here."""
    combos: list[dict[str, Any]] = [{}]
    for param in params:
        if param == "kind":
            values: list[Any] = KINDS
        elif param == "operation":
            values = OPERATIONS
        elif param == "chart":
            values = ["indicators", "ranking", "pipeline", "pyramid", "trend", "nope"]
        elif param == "person_pk":
            values = [objects["person"]]
        elif param == "pk" and name == "accounts:user_edit":
            values = [user_pk]
        elif param == "pk" and name in PK_KIND:
            values = [objects[PK_KIND[name]]]
        elif param == "pk" and "kind" in params:
            values = ["by-kind"]
        else:
            return []
        combos = [{**c, param: v} for c in combos for v in values]
    urls = []
    for kwargs in combos:
        if kwargs.get("pk") == "by-kind":
            kwargs["pk"] = objects[kwargs["kind"]]
        try:
            urls.append(reverse(name, kwargs=kwargs))
        except NoReverseMatch:  # e.g. the API has no "split" action
            continue
    return urls


def all_urls(objects: dict[str, Any], user_pk: int) -> list[str]:
    urls = [u for name, params in walk(get_resolver().url_patterns) for u in urls_for(name, params, objects, user_pk)]
    # Deleting comes last, so the other URLs still find their records.
    return sorted(set(urls), key=lambda u: ("delete" in u, u))


def test_every_pattern_is_reached(tree, people, objects, secretary):
    unfilled = [name for name, params in walk(get_resolver().url_patterns) if not urls_for(name, params, objects, 1)]
    assert not unfilled, f"teach urls_for() to fill the path parameters of {unfilled}"
    assert len(all_urls(objects, secretary.pk)) >= 40


def send_all(client: Any, url: str, seed: int, user: Any) -> list[tuple[str, int]]:
    """POST the form payload, then the JSON payload with POST, PUT and PATCH to API URLs; return the statuses."""
    answers = []
    requests: list[tuple[str, Any, str]] = [("post", form_payload(seed), "multipart")]
    if url.startswith("/api/"):
        body = json.dumps(json_payload(seed))
        requests += [(m, body, "application/json") for m in ("post", "put", "patch")]
    for method, data, content_type in requests:
        try:
            if content_type == "multipart":
                status = client.post(url, data).status_code
            else:
                status = getattr(client, method)(url, data=data, content_type=content_type).status_code
        except Exception as error:  # the test client re-raises what the view raised: a 500
            status = 500
            method = f"{method} ({type(error).__name__}: {str(error)[:200]})"
        answers.append((f"{method.upper()} {url}", status))
        if user is not None and "logout" in url:
            client.force_login(user)
    return answers


@pytest.mark.parametrize("persona", [None, *PERSONAS])
def test_no_url_answers_nasty_values_with_a_500(client, request, tree, people, objects, persona):
    user = request.getfixturevalue(persona) if persona else None
    if user is not None:
        client.force_login(user)
    statuses = []
    for url in all_urls(objects, request.getfixturevalue("secretary").pk):
        # Roles that may not write are stopped before any field is read: one payload each is enough.
        for seed in (0, 1) if persona in WRITERS else (0,):
            statuses += send_all(client, url, seed, user)
    errors = [(what, status) for what, status in statuses if status >= 500]
    assert not errors, errors
    # The fuzzing reached the forms and serializers, not only the permission checks.
    if persona == "province_admin":
        assert sum(status in (200, 400) for _what, status in statuses) >= 30, statuses


FORM_FIELD = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=12))
# Form values cannot carry lone surrogates (the client encodes UTF-8); JSON can, as \ud800 escapes.
FORM_TEXT = st.one_of(st.sampled_from(NASTY), st.text(st.characters(blacklist_categories=("Cs",)), max_size=40))
JSON_VALUE = st.recursive(
    st.one_of(st.sampled_from(JSON_NASTY), st.text(max_size=40), st.integers(), st.floats(), st.booleans(), st.none()),
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=6,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_url_answers_random_payloads_with_a_500(client, request, tree, people, objects, data):
    persona = data.draw(st.sampled_from(["secretary", "hr_officer", "province_admin", "system_admin"]))
    user = request.getfixturevalue(persona)
    client.force_login(user)
    url = data.draw(st.sampled_from([u for u in all_urls(objects, user.pk) if "logout" not in u]))
    if url.startswith("/api/") and data.draw(st.booleans()):
        method = data.draw(st.sampled_from(["post", "put", "patch"]))
        body = data.draw(st.one_of(st.dictionaries(FORM_FIELD, JSON_VALUE, max_size=8), JSON_VALUE))
        response = getattr(client, method)(url, data=json.dumps(body), content_type="application/json")
    else:
        response = client.post(url, data.draw(st.dictionaries(FORM_FIELD, FORM_TEXT, max_size=8)))
    assert response.status_code < 500, (url, response.status_code)


# One value of each kind that has broken query-string handling somewhere.
QUERY_NASTY = ["\x00", "<script>alert(1)</script>", "x" * 10_000, "31/02/2024", "01/01/0001", "31/12/9999"]
QUERY_NASTY += ["9" * 30, "-1", "1.5", "²", "\u200b"]
QUERY_PARAMS = ["q", "unit", "sex", "ethnicity", "minority", "age_band", "on", "root", "parent", "page", "person"]
QUERY_PARAMS += ["limit", "offset", "kind", "code", "level", "period_start", "completed", "format", "next", "search"]


def test_no_page_answers_a_nasty_query_string_with_a_500(client, province_admin, tree, people, objects):
    """Filters, pages and roots are input too: each nasty value in every query parameter of the list pages,
    and a mix of them on every other page."""
    client.force_login(province_admin)
    lists = [reverse(name) for name, params in walk(get_resolver().url_patterns) if not params]
    # The OpenAPI schema reads no parameter and takes 0.1 s to build: it gets the mix below, not the sweep.
    swept = [url for url in lists if "logout" not in url and url != reverse("api:schema")]
    requests = [(url, {p: value for p in QUERY_PARAMS}) for url in swept for value in QUERY_NASTY]
    for url in all_urls(objects, province_admin.pk):
        if url not in swept and "delete" not in url:
            requests += [
                (url, {p: NASTY[(seed * 11 + i) % len(NASTY)] for i, p in enumerate(QUERY_PARAMS)}) for seed in range(2)
            ]
    errors = []
    for url, query in requests:
        try:
            status = client.get(url, query).status_code
        except Exception as error:  # the test client re-raises what the view raised: a 500
            status = f"500 {type(error).__name__}: {str(error)[:200]}"
        if str(status).startswith("5"):
            errors.append((url, query.get("q", "")[:20], status))
    assert not errors, errors
