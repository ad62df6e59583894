"""The password policy, in Vietnamese, and the page where users change their own password."""

from __future__ import annotations

import pytest
from conftest import PASSWORD
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from binhdang.accounts.models import User
from binhdang.accounts.tests.test_sign_in import password_step, signed_in


def refusal(password: str, user: User) -> str:
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        validate_password(password, user)
    return " ".join(caught.value.messages)


class TestPolicy:
    def test_the_username_is_refused_as_password(self, secretary):
        assert "quá giống" in refusal("snv.thuky2025", secretary)
        assert "quá giống" in refusal("Thuky.snv-2025", secretary)

    def test_the_full_name_is_refused_as_password(self, secretary):
        assert "quá giống" in refusal("HoangThiThu2026", User(username="x", full_name="Hoàng Thị Thư", email=""))

    def test_short_passwords_are_refused_with_the_minimum(self, secretary):
        assert "12" in refusal("a8#kQ2", secretary)

    def test_common_and_numeric_passwords_are_refused(self, secretary):
        assert refusal("password1234", secretary)
        assert refusal("209384756120", secretary)

    def test_a_long_unrelated_password_passes(self, secretary):
        validate_password("rừng-thông-mùa-thu-2026", secretary)

    def test_the_user_form_applies_the_policy(self, client, province_admin, tree):
        client.force_login(province_admin)
        data = {"username": "nguyen.van.moi", "full_name": "Nguyễn Văn Mới", "email": "", "role": "viewer",
                "is_active": "on", "unit": tree.snv.pk, "password": "nguyen.van.moi"}  # fmt: skip
        response = client.post(reverse("accounts:user_create"), data)
        assert response.status_code == 200
        assert "quá giống" in " ".join(response.context["form"].errors["password"])
        assert not User.objects.filter(username="nguyen.van.moi").exists()


class TestPasswordChange:
    def test_the_header_menu_leads_to_the_password_change(self, client, secretary):
        client.force_login(secretary)
        page = client.get(reverse("accounts:security")).content.decode()
        assert reverse("accounts:password_change") in page
        assert reverse("accounts:security") in client.get(reverse("agenda:calendar")).content.decode()

    def test_a_user_changes_her_password_and_stays_signed_in(self, client, secretary):
        password_step(client, secretary)
        new = "rừng-thông-mùa-thu-2026"
        response = client.post(
            reverse("accounts:password_change"),
            {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        )
        assert response.status_code == 302 and response.url == reverse("accounts:security")
        assert signed_in(client)
        secretary.refresh_from_db()
        assert secretary.check_password(new)

    def test_a_weak_new_password_is_refused_in_vietnamese(self, client, secretary):
        client.force_login(secretary)
        response = client.post(
            reverse("accounts:password_change"),
            {"old_password": PASSWORD, "new_password1": "snv.thuky", "new_password2": "snv.thuky"},
        )
        assert response.status_code == 200
        assert "quá giống" in response.content.decode()
        secretary.refresh_from_db()
        assert secretary.check_password(PASSWORD)

    def test_a_wrong_old_password_changes_nothing(self, client, secretary):
        client.force_login(secretary)
        new = "rừng-thông-mùa-thu-2026"
        response = client.post(
            reverse("accounts:password_change"),
            {"old_password": "khong-phai", "new_password1": new, "new_password2": new},
        )
        assert response.status_code == 200
        secretary.refresh_from_db()
        assert secretary.check_password(PASSWORD)


def test_the_demo_password_passes_the_policy_for_every_demo_login(db):
    from binhdang.registry import demo

    for username in demo.DEMO_USERNAMES:
        validate_password(demo.DEMO_PASSWORD, User(username=username, full_name="Nguyễn Thị Hà"))
