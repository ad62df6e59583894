"""Malformed input to the org forms and /api/units/: a field-level error, never a 500, nothing written.

Forms: new unit, rename, move, merge, split, dissolve. API: POST /api/units/ and POST
/api/units/{id}/rename|move|merge|dissolve/. Every case starts from a payload the `*_control` tests prove
valid, changes one thing, and checks the status, the field carrying the error and that no row changed.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from binhdang.core.tests.db_state import assert_escaped, assert_unchanged, check_each, db_state, refused_form
from binhdang.orgs import restructuring
from binhdang.orgs.models import OrgUnit

LONG = "x" * 10_000
MARKUP = "<script>alert(1)</script>"
HUGE = 10**30
RENAMED_ON = datetime.date(2025, 7, 1)


def resolve(value: Any, tree: Any) -> Any:
    if callable(value):
        return value(tree)
    if isinstance(value, list):
        return [resolve(v, tree) for v in value]
    return value


# ---------------------------------------------------------------------------------------------------
# Forms
# ---------------------------------------------------------------------------------------------------

# operation -> (unit the form is opened on, valid data)
FORMS: dict[str, tuple[Callable[[Any], Any], Callable[[Any], dict[str, Any]]]] = {
    "create": (
        lambda t: None,
        lambda t: {
            "parent": t.snv.pk,
            "code": "TN-SNV-TT",
            "name": "Thanh tra Sở",
            "kind": "division",
            "date": "01/01/2025",
        },
    ),
    "rename": (lambda t: t.snv_civil, lambda t: {"name": "Phòng Công chức – Viên chức", "date": "01/07/2025"}),
    "move": (lambda t: t.snv_civil, lambda t: {"new_parent": t.snv_office.pk, "date": "01/03/2025"}),
    "merge": (lambda t: t.snv_office, lambda t: {"others": [t.snv_civil.pk], "date": "01/07/2025"}),
    "split": (
        lambda t: t.snv_office,
        lambda t: {"parts": "TN-SNV-VP1; Văn phòng\nTN-SNV-TC; Phòng Tổ chức", "date": "01/01/2025"},
    ),
    "dissolve": (lambda t: t.snv_civil, lambda t: {"date": "01/01/2025"}),
}


def form_url(operation: str, tree: Any) -> str:
    unit = FORMS[operation][0](tree)
    if operation == "create":
        return reverse("orgs:unit_create")
    return reverse("orgs:unit_restructure", args=[unit.pk, operation])


DATES = [
    ("31/02/2024", "date"),
    ("2024-13-01", "date"),
    ("abc", "date"),
    ("", "date"),
    ("00/00/0000", "date"),
    ("01/01/2025\x00", "date"),
    ("01/01/1999", "date"),  # before the unit (or its parent) existed: 01/01/2000
]

FORM_CASES: list[tuple[str, dict[str, Any], str]] = [
    *[(op, {"date": value}, field) for op in FORMS for value, field in DATES],
    *[(op, {"decision_number": LONG}, "decision_number") for op in FORMS],
    *[(op, {"note": LONG}, "note") for op in FORMS],
    *[(op, {"note": "ghi\x00chú"}, "note") for op in FORMS],
    # new unit
    ("create", {"code": "TN-SNV"}, "code"),  # taken
    ("create", {"code": "tn-snv"}, "code"),  # taken, in other letters
    ("create", {"code": " TN-SNV "}, "code"),
    ("create", {"code": "TN SNV"}, "code"),
    ("create", {"code": "-TN"}, "code"),
    ("create", {"code": "Sở-NV"}, "code"),
    ("create", {"code": "<b>X</b>"}, "code"),
    ("create", {"code": "X" * 33}, "code"),
    ("create", {"code": LONG}, "code"),
    ("create", {"code": "TN\x00"}, "code"),
    ("create", {"code": ""}, "code"),
    ("create", {"name": ""}, "name"),
    ("create", {"name": LONG}, "name"),
    ("create", {"name": "Thanh\x00tra"}, "name"),
    ("create", {"name": MARKUP}, "name"),
    ("create", {"kind": "galaxy"}, "kind"),
    ("create", {"kind": ""}, "kind"),
    ("create", {"parent": lambda t: t.syt.pk}, "parent"),  # outside Sở Nội vụ's administrator
    ("create", {"parent": 999_999}, "parent"),
    ("create", {"parent": "TN-SNV"}, "parent"),
    ("create", {"parent": "9" * 30}, "parent"),
    ("create", {"parent": "\x00"}, "parent"),
    ("create", {"parent": ""}, "parent"),  # only a national administrator adds a top-level unit
    # rename
    ("rename", {"name": ""}, "name"),
    ("rename", {"name": LONG}, "name"),
    ("rename", {"name": "x" * 256}, "name"),
    ("rename", {"name": "Sở\x00Y tế"}, "name"),
    ("rename", {"name": MARKUP}, "name"),
    # move
    ("move", {"new_parent": lambda t: t.snv_civil.pk}, "new_parent"),  # under itself
    ("move", {"new_parent": lambda t: t.syt.pk}, "new_parent"),  # outside Sở Nội vụ
    ("move", {"new_parent": ""}, "new_parent"),
    ("move", {"new_parent": 999_999}, "new_parent"),
    ("move", {"new_parent": "abc"}, "new_parent"),
    ("move", {"new_parent": "9" * 30}, "new_parent"),
    # merge
    ("merge", {"others": [lambda t: t.snv_office.pk]}, "others"),  # into itself
    ("merge", {"others": [lambda t: t.snv.pk]}, "others"),  # its own parent into it
    ("merge", {"others": [lambda t: t.syt_medical.pk]}, "others"),  # outside Sở Nội vụ
    ("merge", {"others": []}, "others"),
    ("merge", {"others": [999_999]}, "others"),
    ("merge", {"others": ["abc"]}, "others"),
    ("merge", {"others": ["\x00"]}, "others"),
    ("merge", {"others": ["9" * 30]}, "others"),
    # split
    ("split", {"parts": ""}, "parts"),
    ("split", {"parts": "TN-SNV-VP1; Văn phòng"}, "parts"),  # one unit is not a split
    ("split", {"parts": "TN-SNV-VP1 Văn phòng\nTN-SNV-TC; Phòng Tổ chức"}, "parts"),  # no separator
    ("split", {"parts": "; Văn phòng\nTN-SNV-TC; Phòng Tổ chức"}, "parts"),
    ("split", {"parts": "TN-SNV-VP1;\nTN-SNV-TC; Phòng Tổ chức"}, "parts"),
    ("split", {"parts": "TN SNV; Văn phòng\nTN-SNV-TC; Phòng Tổ chức"}, "parts"),
    ("split", {"parts": "TN-SYT; Văn phòng\nTN-SNV-TC; Phòng Tổ chức"}, "parts"),  # code taken
    ("split", {"parts": "tn-syt; Văn phòng\nTN-SNV-TC; Phòng Tổ chức"}, "parts"),
    ("split", {"parts": "TN-A; Văn phòng\nTN-A; Phòng Tổ chức"}, "parts"),  # the same code twice
    ("split", {"parts": f"TN-A; {'x' * 256}\nTN-B; Phòng Tổ chức"}, "parts"),
    ("split", {"parts": f"TN-A; Văn phòng\nTN-B; {MARKUP}"}, "parts"),
    ("split", {"parts": "TN-A; Văn\x00phòng\nTN-B; Phòng Tổ chức"}, "parts"),
    ("split", {"parts": LONG}, "parts"),
]


@pytest.mark.parametrize("operation", list(FORMS))
def test_org_form_refuses(login, snv_admin, tree, people, operation):
    client = login(snv_admin)
    url = form_url(operation, tree)

    def check(_operation: str, changes: dict[str, Any], field: str) -> None:
        data = {**FORMS[operation][1](tree), **{k: resolve(v, tree) for k, v in changes.items()}}
        response = refused_form(client, url, data, field)
        for value in changes.values():
            if isinstance(value, str) and "<" in value:
                assert_escaped(response, value)

    check_each([c for c in FORM_CASES if c[0] == operation], check)


@pytest.mark.parametrize("operation", list(FORMS))
def test_org_form_control(login, snv_admin, tree, people, operation):
    response = login(snv_admin).post(form_url(operation, tree), FORMS[operation][1](tree))
    assert response.status_code == 302, response.context["form"].errors


ORG_CLASHES: list[tuple[str, Callable[[Any], Any], dict[str, Any], str]] = [
    # Dissolving a unit that still has units under it.
    ("dissolve", lambda t: t.snv, {"date": "01/01/2025"}, "__all__"),
    # Sở Nội vụ moved under its own division.
    ("move", lambda t: t.snv, {"new_parent": lambda t: t.snv_office.pk, "date": "01/01/2025"}, "new_parent"),
    # Văn phòng merged into Sở Nội vụ — fine — but Sở Nội vụ into its own division is not.
    ("merge", lambda t: t.snv_office, {"others": [lambda t: t.snv.pk], "date": "01/01/2025"}, "others"),
    # A unit renamed on 01/07/2025 cannot be changed before that day.
    ("rename", lambda t: t.snv_civil, {"name": "Phòng Công chức", "date": "30/06/2025"}, "date"),
    ("move", lambda t: t.snv_civil, {"new_parent": lambda t: t.snv_office.pk, "date": "30/06/2025"}, "date"),
    ("split", lambda t: t.snv_civil, {"parts": "TN-A; A\nTN-B; B", "date": "30/06/2025"}, "date"),
    ("dissolve", lambda t: t.snv_civil, {"date": "30/06/2025"}, "date"),
    ("merge", lambda t: t.snv_office, {"others": [lambda t: t.snv_civil.pk], "date": "30/06/2025"}, "date"),
]


def test_org_forms_refuse_impossible_restructurings(login, snv_admin, tree, people):
    restructuring.rename(tree.snv_civil, "Phòng Công chức – Viên chức", RENAMED_ON)
    client = login(snv_admin)

    def check(operation: str, unit: Callable[[Any], Any], changes: dict[str, Any], field: str) -> None:
        data = {k: resolve(v, tree) for k, v in changes.items()}
        refused_form(client, reverse("orgs:unit_restructure", args=[unit(tree).pk, operation]), data, field)

    check_each(ORG_CLASHES, check)


def test_org_forms_outside_scope_or_role_write_nothing(login, snv_admin, secretary, viewer, tree, people):
    before = db_state()
    client = login(snv_admin)
    # Units of Sở Y tế and the province itself are outside Sở Nội vụ's administrator.
    for unit in (tree.syt, tree.syt_medical, tree.province, tree.commune):
        for operation in ("rename", "move", "merge", "split", "dissolve"):
            url = reverse("orgs:unit_restructure", args=[unit.pk, operation])
            assert client.post(url, FORMS[operation][1](tree)).status_code in {403, 404}, (unit, operation)
    # Pulling another agency's unit in, or sending one of its own out, is refused on the field.
    refused_form(
        client,
        reverse("orgs:unit_restructure", args=[tree.snv.pk, "merge"]),
        {"others": [tree.syt_medical.pk], "date": "01/01/2025"},
        "others",
    )
    refused_form(
        client,
        reverse("orgs:unit_restructure", args=[tree.snv_civil.pk, "move"]),
        {"new_parent": tree.syt.pk, "date": "01/01/2025"},
        "new_parent",
    )
    for unknown in ("rename2", "delete", "x" * 300):
        assert client.post(f"/units/{tree.snv.pk}/{unknown}/", {"date": "01/01/2025"}).status_code == 404
    assert client.post(f"/units/{'9' * 30}/rename/", {"date": "01/01/2025"}).status_code == 404
    for user in (secretary, viewer):
        client = login(user)
        assert client.post(reverse("orgs:unit_create"), FORMS["create"][1](tree)).status_code == 403
        for operation in ("rename", "move", "merge", "split", "dissolve"):
            url = reverse("orgs:unit_restructure", args=[tree.snv_civil.pk, operation])
            assert client.post(url, FORMS[operation][1](tree)).status_code == 403
    assert_unchanged(before)


def test_markup_in_a_saved_unit_name_is_shown_escaped(login, province_admin, tree, people):
    """Markup is refused in names; a name that came in some other way is escaped on every page."""
    OrgUnit.objects.filter(pk=tree.snv_civil.pk).update(name=MARKUP)
    tree.snv_civil.versions.update(name=MARKUP)
    client = login(province_admin)
    for url in (
        reverse("orgs:unit_detail", args=[tree.snv_civil.pk]),
        reverse("orgs:unit_detail", args=[tree.snv.pk]),
        reverse("orgs:tree"),
        reverse("orgs:unit_restructure", args=[tree.snv_civil.pk, "rename"]),
        reverse("orgs:unit_restructure", args=[tree.snv.pk, "merge"]),
        reverse("registry:person_detail", args=[people.binh.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_escaped(response, MARKUP)


# ---------------------------------------------------------------------------------------------------
# API
# ---------------------------------------------------------------------------------------------------


def send(client: Any, url: str, body: Any, content_type: str = "application/json") -> Any:
    if not isinstance(body, str | bytes):
        body = json.dumps(body)
    return client.post(url, data=body, content_type=content_type)


def refused_api(response: Any, statuses: set[int], key: str | None = None) -> None:
    assert response.status_code in statuses, (response.status_code, response.content[:500])
    if key is not None:
        body = response.json()
        assert isinstance(body, dict) and key in body, body
        messages = body[key] if isinstance(body[key], list) else [body[key]]
        assert all(str(m).strip() for m in messages)


# operation -> (unit acted on, or None for POST /api/units/; valid body)
API: dict[str, tuple[Callable[[Any], Any], dict[str, Any]]] = {
    "create": (
        lambda t: None,
        {
            "parent": "TN-SNV",
            "code": "TN-SNV-TT",
            "name": "Thanh tra Sở",
            "kind": "division",
            "valid_from": "2025-01-01",
        },
    ),
    "rename": (lambda t: t.snv_civil, {"name": "Phòng Công chức – Viên chức", "date": "2025-07-01"}),
    "move": (lambda t: t.snv_civil, {"new_parent": "TN-SNV-VP", "date": "2025-03-01"}),
    "merge": (lambda t: t.snv_office, {"others": ["TN-SNV-CC"], "date": "2025-07-01"}),
    "dissolve": (lambda t: t.snv_civil, {"date": "2025-01-01"}),
}


def api_url(operation: str, tree: Any) -> str:
    unit = API[operation][0](tree)
    return "/api/units/" if unit is None else f"/api/units/{unit.pk}/{operation}/"


API_DATES: list[Any] = [
    "31/02/2024",
    "2024-02-30",
    "2024-13-01",
    "abc",
    "",
    None,
    20250101,
    ["2025-01-01"],
    "2025-01-01\x00",
    "1999-12-31",  # before the unit (or its parent) existed
    "0001-01-01",
]
BODIES: list[tuple[str, str | bytes, str, set[int]]] = [
    ("not json", "{not json", "application/json", {400}),
    ("array", "ARRAY", "application/json", {400}),
    ("string", '"abc"', "application/json", {400}),
    ("number", "42", "application/json", {400}),
    ("null", "null", "application/json", {400}),
    ("bad utf-8", b'{"name": "\xff\xfe"}', "application/json", {400}),
    ("deep nesting", "[" * 100_000 + "]" * 100_000, "application/json", {400}),
    ("plain text", "name=x", "text/plain", {400, 415}),
]

API_CASES: list[tuple[str, dict[str, Any], set[int], str | None]] = [
    *[("create", {"valid_from": v}, {400}, "valid_from") for v in API_DATES],
    *[(op, {"date": v}, {400}, "date") for op in ("rename", "move", "merge", "dissolve") for v in API_DATES],
    *[
        (op, {"decision_number": v}, {400}, "decision_number")
        for op in API
        if op != "create"
        for v in (LONG, 12, "1\x00")
    ],
    *[(op, {"note": v}, {400}, "note") for op in API if op != "create" for v in (LONG, ["a"], "\x00")],
    # new unit
    *[
        ("create", {"code": v}, {400}, "code")
        for v in (
            "TN-SNV",
            "tn-snv",
            "TN SNV",
            "-TN",
            "Sở-NV",
            "<b>X</b>",
            "X" * 33,
            LONG,
            "TN\x00",
            "",
            None,
            123,
            ["TN-X"],
        )
    ],
    *[
        ("create", {"name": v}, {400}, "name")
        for v in ("", None, LONG, "x" * 256, "Thanh\x00tra", MARKUP, 12, {"vi": "x"})
    ],
    *[("create", {"kind": v}, {400}, "kind") for v in ("galaxy", "", None, 1)],
    *[("create", {"is_agency": v}, {400}, "is_agency") for v in ("maybe", 2, [True])],
    *[
        ("create", {"parent": v}, {400}, "parent")
        for v in ("NOPE", "\x00", "TN-SNV\x00", "\ud800", HUGE, ["TN-SNV"], LONG)
    ],
    ("create", {"parent": "TN-SYT"}, {403}, None),  # outside Sở Nội vụ's administrator
    ("create", {"parent": "TN"}, {403}, None),
    ("create", {"parent": None}, {403}, None),  # a top-level unit: national administrators only
    # rename
    *[("rename", {"name": v}, {400}, "name") for v in ("", None, LONG, "x" * 256, "Sở\x00Y tế", MARKUP, 12, ["x"])],
    # move
    *[
        ("move", {"new_parent": v}, {400}, "new_parent")
        for v in ("NOPE", "\x00", "TN-SNV-VP\x00", HUGE, None, "", ["TN-SNV"])
    ],
    ("move", {"new_parent": "TN-SNV-CC"}, {400}, "new_parent"),  # under itself
    ("move", {"new_parent": "TN-SYT"}, {403}, None),
    # merge
    *[
        ("merge", {"others": v}, {400}, "others")
        for v in ([], None, "TN-SNV-CC", ["NOPE"], ["\x00"], ["\ud800"], [HUGE], [["TN"]], {"a": 1})
    ],
    ("merge", {"others": ["TN-SNV-VP"]}, {400}, "others"),  # into itself
    ("merge", {"others": ["TN-SNV"]}, {400}, "others"),  # its own parent into it
    ("merge", {"others": ["TN-SYT-NVY"]}, {403}, None),
    ("merge", {"others": ["TN-SNV-CC", "TN-SYT"]}, {403}, None),
]


@pytest.mark.parametrize("operation", list(API))
def test_units_api_refuses(login, snv_admin, tree, people, operation):
    client = login(snv_admin)
    url = api_url(operation, tree)

    def check(_operation: str, changes: dict[str, Any], statuses: set[int], key: str | None) -> None:
        before = db_state()
        refused_api(send(client, url, {**API[operation][1], **changes}), statuses, key)
        assert_unchanged(before)

    check_each([c for c in API_CASES if c[0] == operation], check)


@pytest.mark.parametrize("operation", list(API))
def test_units_api_refuses_malformed_bodies(login, snv_admin, tree, operation):
    client = login(snv_admin)
    url = api_url(operation, tree)

    def check(_label: str, body: str | bytes, content_type: str, statuses: set[int]) -> None:
        if body == "ARRAY":
            body = json.dumps([API[operation][1]])
        before = db_state()
        refused_api(send(client, url, body, content_type), statuses)
        assert_unchanged(before)

    check_each(BODIES, check)


@pytest.mark.parametrize("operation", list(API))
def test_units_api_control(login, snv_admin, tree, people, operation):
    response = send(login(snv_admin), api_url(operation, tree), API[operation][1])
    assert response.status_code in {200, 201}, response.content[:500]


def test_units_api_refuses_impossible_restructurings(login, snv_admin, tree, people):
    restructuring.rename(tree.snv_civil, "Phòng Công chức – Viên chức", RENAMED_ON)
    client = login(snv_admin)
    cases = [
        (f"/api/units/{tree.snv.pk}/dissolve/", {"date": "2025-01-01"}, None),  # units remain under it
        (f"/api/units/{tree.snv.pk}/move/", {"new_parent": "TN-SNV-VP", "date": "2025-01-01"}, "new_parent"),
        (f"/api/units/{tree.snv_office.pk}/merge/", {"others": ["TN-SNV"], "date": "2025-01-01"}, "others"),
        (f"/api/units/{tree.snv_civil.pk}/rename/", {"name": "Phòng Công chức", "date": "2025-06-30"}, "date"),
        (f"/api/units/{tree.snv_civil.pk}/move/", {"new_parent": "TN-SNV-VP", "date": "2025-06-30"}, "date"),
        (f"/api/units/{tree.snv_civil.pk}/dissolve/", {"date": "2025-06-30"}, "date"),
        (f"/api/units/{tree.snv_office.pk}/merge/", {"others": ["TN-SNV-CC"], "date": "2025-06-30"}, "date"),
    ]

    def check(url: str, body: dict[str, Any], key: str | None) -> None:
        before = db_state()
        response = send(client, url, body)
        refused_api(response, {400}, key)
        if key is None:
            assert response.json(), response.content
        assert_unchanged(before)

    check_each(cases, check)


def test_units_api_outside_scope_or_role_writes_nothing(login, snv_admin, secretary, viewer, tree, people):
    before = db_state()
    client = login(snv_admin)
    for unit in (tree.syt, tree.province, tree.commune):
        for operation in ("rename", "move", "merge", "dissolve"):
            response = send(client, f"/api/units/{unit.pk}/{operation}/", API[operation][1])
            assert response.status_code == 404, (unit, operation, response.status_code)
    for bad in ("999999", "abc", "9" * 30, "-1"):
        assert send(client, f"/api/units/{bad}/rename/", API["rename"][1]).status_code == 404
    assert send(client, f"/api/units/{tree.snv.pk}/split/", {"date": "2025-01-01"}).status_code == 404
    # Units change only by restructuring: no PUT, PATCH or DELETE.
    assert client.put(f"/api/units/{tree.snv.pk}/", {"name": "X"}, content_type="application/json").status_code == 405
    assert client.patch(f"/api/units/{tree.snv.pk}/", {"name": "X"}, content_type="application/json").status_code == 405
    assert client.delete(f"/api/units/{tree.snv.pk}/").status_code == 405
    for user in (secretary, viewer):
        client = login(user)
        assert send(client, "/api/units/", API["create"][1]).status_code == 403
        for operation in ("rename", "move", "merge", "dissolve"):
            assert send(client, api_url(operation, tree), API[operation][1]).status_code == 403
    assert_unchanged(before)


def test_units_api_date_at_the_start_of_the_calendar(login, system_admin, tree):
    """A unit dated 01/01/0001 would break every later change (the day before does not exist): refused."""
    client = login(system_admin)
    before = db_state()
    body = {"code": "TK", "name": "Tỉnh Khác", "kind": "province", "valid_from": "0001-01-01"}
    refused_api(send(client, "/api/units/", body), {400}, "valid_from")
    assert_unchanged(before)
