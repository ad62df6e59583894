"""Malformed input to the user form (new user, edit user) and the login form: field errors, nothing written."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import PASSWORD
from django.urls import reverse

from binhdang.accounts.models import User
from binhdang.core.tests.db_state import assert_escaped, assert_unchanged, check_each, db_state, refused_form

LONG = "x" * 10_000
MARKUP = "<script>alert(1)</script>"


def user_data(tree: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "username": "snv.moi",
        "full_name": "Đinh Thị Mới",
        "email": "moi@snv.langson.gov.vn",
        "role": "secretary",
        "is_active": "on",
        "unit": tree.snv_civil.pk,
        "password": "mat-khau-rat-dai-2025",
    }
    data.update(changes)
    return data


USER_CASES: list[tuple[str, Any, str]] = [
    ("username", "", "username"),
    ("username", MARKUP, "username"),
    ("username", "snv thu ky", "username"),
    ("username", "x" * 151, "username"),
    ("username", LONG, "username"),
    ("username", "snv\x00moi", "username"),
    ("username", "syt.thuky", "username"),  # taken
    ("username", "SYT.THUKY", "username"),  # taken, in capitals
    ("full_name", MARKUP, "full_name"),
    ("full_name", "Đinh <b>Thị</b> Mới", "full_name"),
    ("full_name", LONG, "full_name"),
    ("full_name", "Đinh\x00Mới", "full_name"),
    ("email", "not-an-email", "email"),
    ("email", "a@" + "x" * 300 + ".vn", "email"),
    ("email", "a\x00@snv.vn", "email"),
    ("role", "god", "role"),
    ("role", "", "role"),
    ("role", "system_admin", "role"),  # only a national administrator makes one
    ("role", LONG, "role"),
    ("unit", lambda t: t.syt.pk, "unit"),  # outside Sở Nội vụ
    ("unit", lambda t: t.province.pk, "unit"),
    ("unit", 999_999, "unit"),
    ("unit", "TN-SNV", "unit"),
    ("unit", "9" * 30, "unit"),
    ("unit", "\x00", "unit"),
    ("unit", "", "unit"),
    ("password", "123", "password"),
    ("password", "password", "password"),  # too common
    ("password", "mat-khau\x00-rat-dai", "password"),
]


@pytest.mark.parametrize("field", sorted({c[0] for c in USER_CASES + [("password", "", "password")]}))
def test_user_create_form_refuses(login, snv_admin, other_secretary, tree, field):
    client = login(snv_admin)
    cases = [c for c in [*USER_CASES, ("password", "", "password")] if c[0] == field]

    def check(name: str, value: Any, error_field: str) -> None:
        data = user_data(tree, **{name: value(tree) if callable(value) else value})
        response = refused_form(client, reverse("accounts:user_create"), data, error_field)
        if isinstance(value, str) and "<" in value:
            assert_escaped(response, value)

    check_each(cases, check)


@pytest.mark.parametrize("field", sorted({c[0] for c in USER_CASES}))
def test_user_edit_form_refuses(login, snv_admin, secretary, other_secretary, tree, field):
    client = login(snv_admin)
    url = reverse("accounts:user_edit", args=[secretary.pk])
    base = user_data(tree, username=secretary.username, full_name=secretary.full_name, unit=tree.snv.pk, password="")

    def check(name: str, value: Any, error_field: str) -> None:
        data = {**base, name: value(tree) if callable(value) else value}
        response = refused_form(client, url, data, error_field)
        if isinstance(value, str) and "<" in value:
            assert_escaped(response, value)

    check_each([c for c in USER_CASES if c[0] == field], check)


def test_user_forms_control(login, snv_admin, secretary, tree):
    client = login(snv_admin)
    assert client.post(reverse("accounts:user_create"), user_data(tree)).status_code == 302
    data = user_data(tree, username=secretary.username, full_name="Hoàng Thị Thư", unit=tree.snv.pk, password="")
    assert client.post(reverse("accounts:user_edit", args=[secretary.pk]), data).status_code == 302


def test_user_forms_outside_scope_or_role_write_nothing(
    login, snv_admin, system_admin, province_admin, secretary, other_secretary, tree
):
    before = db_state()
    client = login(snv_admin)
    for user in (other_secretary, system_admin, province_admin):
        url = reverse("accounts:user_edit", args=[user.pk])
        assert client.post(url, user_data(tree, username=user.username)).status_code == 404
    assert client.post(f"/accounts/users/{'9' * 30}/edit/", user_data(tree)).status_code == 404
    # An administrator cannot lift herself out of her unit or above her role.
    url = reverse("accounts:user_edit", args=[snv_admin.pk])
    own = user_data(tree, username=snv_admin.username, role="agency_admin", unit=tree.snv.pk, password="")
    refused_form(client, url, {**own, "unit": tree.province.pk}, "unit")
    refused_form(client, url, {**own, "role": "system_admin"}, "role")
    # Roles without the right to manage users.
    client = login(secretary)
    assert client.post(reverse("accounts:user_create"), user_data(tree)).status_code == 403
    assert client.post(reverse("accounts:user_edit", args=[secretary.pk]), user_data(tree)).status_code == 403
    assert_unchanged(before)


LOGIN_CASES: list[dict[str, Any]] = [
    {"username": MARKUP, "password": "x"},
    {"username": "snv.thuky", "password": "sai-mat-khau"},
    {"username": "snv\x00thuky", "password": PASSWORD},
    {"username": "snv.thuky", "password": PASSWORD + "\x00"},
    {"username": LONG, "password": LONG},
    {"username": "", "password": ""},
    {},
]


def test_login_form_refuses_bad_input(client, secretary):
    def check(data: dict[str, Any]) -> None:
        before = db_state()
        response = client.post(reverse("accounts:login"), data)
        assert response.status_code == 200
        assert response.context["form"].errors
        assert "_auth_user_id" not in client.session
        if "<" in data.get("username", ""):
            assert_escaped(response, data["username"])
        assert_unchanged(before)

    check_each([(case,) for case in LOGIN_CASES], check)


def test_markup_in_a_saved_full_name_is_shown_escaped(login, snv_admin, secretary):
    User.objects.filter(pk=secretary.pk).update(full_name=MARKUP)
    client = login(snv_admin)
    for url in (reverse("accounts:user_list"), reverse("accounts:user_edit", args=[secretary.pk])):
        response = client.get(url)
        assert response.status_code == 200
        assert_escaped(response, MARKUP)
    response = login(User.objects.get(pk=secretary.pk)).get(reverse("registry:staff_list"))
    assert response.status_code == 200
    assert_escaped(response, MARKUP)
