"""Signing in: password, then a one-time code for the roles that need it; a session only after both."""

from __future__ import annotations

import re

import pytest
from conftest import PASSWORD
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from binhdang.accounts import twofactor


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def enrolled(user) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    twofactor.new_backup_codes(user)
    return device


def password_step(client, user, password: str = PASSWORD, next_url: str = ""):
    data = {"username": user.username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("accounts:login"), data)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


class TestRolesWithoutRequiredTwoFactor:
    def test_secretary_signs_in_with_the_password_alone(self, client, secretary):
        response = password_step(client, secretary)
        assert response.status_code == 302 and response.url == reverse("core:home")
        assert signed_in(client)

    def test_secretary_who_turned_two_factor_on_is_asked_for_the_code(self, client, secretary):
        device = enrolled(secretary)
        response = password_step(client, secretary)
        assert response.url == reverse("accounts:login_code")
        assert not signed_in(client)
        response = client.post(reverse("accounts:login_code"), {"code": current_code(device)})
        assert response.status_code == 302 and signed_in(client)


class TestRolesWithRequiredTwoFactor:
    @pytest.mark.parametrize("persona", ["system_admin", "province_admin", "hr_officer"])
    def test_the_password_alone_opens_no_session(self, client, request, persona):
        user = request.getfixturevalue(persona)
        enrolled(user)
        # when the right password is given
        response = password_step(client, user)
        # then the code is asked for, and no page is reachable yet
        assert response.url == reverse("accounts:login_code")
        assert not signed_in(client)
        assert client.get(reverse("registry:staff_list")).status_code == 302

    def test_hr_officer_signs_in_with_password_then_code_and_lands_on_next(self, client, hr_officer):
        device = enrolled(hr_officer)
        staff = reverse("registry:staff_list")
        password_step(client, hr_officer, next_url=staff)
        page = client.get(reverse("accounts:login_code"))
        assert "Mã đăng nhập" in page.content.decode()
        response = client.post(reverse("accounts:login_code"), {"code": current_code(device)})
        assert response.status_code == 302 and response.url == staff
        assert signed_in(client)
        assert client.get(staff).status_code == 200

    def test_a_wrong_code_is_refused_with_a_message(self, client, hr_officer):
        enrolled(hr_officer)
        password_step(client, hr_officer)
        response = client.post(reverse("accounts:login_code"), {"code": "000000"})
        assert response.status_code == 200
        assert "Mã này không đúng" in response.content.decode()
        assert not signed_in(client)

    def test_a_backup_code_signs_in_once(self, client, hr_officer):
        enrolled(hr_officer)
        code = StaticToken.objects.filter(device__user=hr_officer).first().token
        password_step(client, hr_officer)
        response = client.post(reverse("accounts:login_code"), {"code": code.upper()})
        assert response.status_code == 302 and signed_in(client)
        client.logout()
        password_step(client, hr_officer)
        client.post(reverse("accounts:login_code"), {"code": code})
        assert not signed_in(client)
        assert twofactor.backup_codes_left(hr_officer) == twofactor.BACKUP_CODE_COUNT - 1

    def test_the_code_step_without_the_password_step_goes_back_to_the_login(self, client, hr_officer):
        enrolled(hr_officer)
        response = client.post(reverse("accounts:login_code"), {"code": "123456"})
        assert response.status_code == 302 and response.url == reverse("accounts:login")
        assert not signed_in(client)

    def test_first_sign_in_enrols_an_authenticator_then_opens_the_session(self, client, province_admin, settings):
        # django-otp's growing delay after a wrong code would need a sleep
        settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0
        # given an agency administrator without an authenticator
        response = password_step(client, province_admin)
        # then she is sent to set one up, not signed in
        assert response.url == reverse("accounts:login_enrol")
        assert not signed_in(client)
        page = client.get(reverse("accounts:login_enrol")).content.decode()
        assert "<svg" in page  # the QR code, drawn on the server
        secret = re.search(r'id="enrol-secret">([A-Z2-7 ]+)<', page).group(1)
        device = TOTPDevice.objects.get(user=province_admin, confirmed=False)
        assert secret.replace(" ", "") in device.config_url
        # when she enters a wrong code, then the right one
        assert "Mã này không đúng" in client.post(reverse("accounts:login_enrol"), {"code": "111111"}).content.decode()
        response = client.post(reverse("accounts:login_enrol"), {"code": current_code(device)})
        # then the session starts and her backup codes are shown once
        assert response.status_code == 200 and signed_in(client)
        shown = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
        assert len(shown) == twofactor.BACKUP_CODE_COUNT
        stored = StaticToken.objects.filter(device__user=province_admin).values_list("token", flat=True)
        assert sorted(shown) == sorted(stored)
        assert TOTPDevice.objects.get(user=province_admin).confirmed

    def test_force_login_in_tests_still_opens_a_session(self, client, system_admin):
        client.force_login(system_admin)
        assert client.get(reverse("accounts:user_list")).status_code == 200


def test_a_right_code_typed_right_after_a_wrong_one_is_asked_to_wait_not_refused(client, hr_officer):
    # given a wrong code just entered (django-otp then refuses any code for a second)
    device = enrolled(hr_officer)
    password_step(client, hr_officer)
    client.post(reverse("accounts:login_code"), {"code": "000000"})
    # when the right code follows at once
    response = client.post(reverse("accounts:login_code"), {"code": current_code(device)})
    # then the page asks to wait a moment, rather than calling the right code wrong
    assert "hãy chờ" in response.content.decode()
    assert not signed_in(client)
