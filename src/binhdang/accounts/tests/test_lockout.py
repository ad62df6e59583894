"""Repeated failed sign-ins lock the username from that address for a while, on every way in."""

from __future__ import annotations

import base64

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from conftest import PASSWORD
from django.urls import reverse
from django.utils import timezone

from binhdang.accounts.tests.test_sign_in import enrolled, password_step, signed_in

LOCKED = "đăng nhập sai quá nhiều lần"


def fail(client, user, times: int):
    for _ in range(times):
        password_step(client, user, "mat-khau-sai-hoan-toan")


class TestLoginForm:
    def test_after_the_limit_even_the_right_password_is_refused_with_when_to_retry(self, client, secretary, settings):
        # given as many wrong passwords as the limit allows
        fail(client, secretary, settings.AXES_FAILURE_LIMIT)
        # when the right password comes next
        response = password_step(client, secretary)
        # then the login page says the account is locked and until when (dd/mm/yyyy)
        assert response.status_code == 429
        page = response.content.decode()
        assert LOCKED in page and "Vui lòng thử lại sau" in page
        until = timezone.localtime(AccessAttempt.objects.get().attempt_time + settings.AXES_COOLOFF_TIME)
        assert f"sau {until:%H:%M} ngày {until:%d/%m/%Y}" in page
        attempt = AccessAttempt.objects.get(username=secretary.username)
        assert attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT
        # every failure is on record, the last ones marked as locked out
        failures = AccessFailureLog.objects.filter(username=secretary.username)
        assert failures.count() == settings.AXES_FAILURE_LIMIT + 1 and failures.filter(locked_out=True).exists()
        assert not signed_in(client)

    def test_fewer_failures_than_the_limit_still_let_the_right_password_in(self, client, secretary, settings):
        fail(client, secretary, settings.AXES_FAILURE_LIMIT - 1)
        assert password_step(client, secretary).status_code == 302
        assert signed_in(client)
        # a success starts the count again and is logged
        assert not AccessAttempt.objects.filter(username=secretary.username).exists()
        assert AccessLog.objects.filter(username=secretary.username).exists()

    def test_the_lock_is_per_username_and_address(self, client, secretary, leader, settings):
        fail(client, secretary, settings.AXES_FAILURE_LIMIT)
        # another user from the same computer is not locked out
        assert password_step(client, leader).status_code == 302
        # the same user from another address is not locked out either
        other = client.__class__(REMOTE_ADDR="10.0.0.9")
        assert password_step(other, secretary).status_code == 302

    def test_the_lock_lifts_after_the_cool_off(self, client, secretary, settings):
        fail(client, secretary, settings.AXES_FAILURE_LIMIT)
        AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - settings.AXES_COOLOFF_TIME)
        assert password_step(client, secretary).status_code == 302

    def test_the_limit_comes_from_the_environment_setting(self, client, secretary, settings):
        settings.AXES_FAILURE_LIMIT = 2
        fail(client, secretary, 2)
        assert password_step(client, secretary).status_code == 429


def test_wrong_codes_count_towards_the_same_lock(client, hr_officer, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0
    enrolled(hr_officer)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_step(client, hr_officer)
        response = client.post(reverse("accounts:login_code"), {"code": "000000"})
    assert response.status_code == 429 and LOCKED in response.content.decode()
    # the password step is now refused too
    assert password_step(client, hr_officer).status_code == 429
    assert not signed_in(client)


class TestApiBasicAuth:
    def _basic(self, user, password: str) -> dict[str, str]:
        pair = base64.b64encode(f"{user.username}:{password}".encode()).decode()
        return {"HTTP_AUTHORIZATION": f"Basic {pair}"}

    def test_basic_auth_is_off_by_default(self, client, secretary, tree, settings):
        assert settings.API_BASIC_AUTH is False
        response = client.get("/api/people/", **self._basic(secretary, PASSWORD))
        assert response.status_code in (401, 403)

    def test_when_allowed_basic_auth_is_locked_out_after_the_limit(self, client, secretary, tree, settings):
        settings.API_BASIC_AUTH = True
        assert client.get("/api/people/", **self._basic(secretary, PASSWORD)).status_code == 200
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert client.get("/api/people/", **self._basic(secretary, "sai")).status_code in (401, 403)
        # the failure that reaches the limit already answers with the lock
        assert client.get("/api/people/", **self._basic(secretary, "sai")).status_code == 429
        response = client.get("/api/people/", **self._basic(secretary, PASSWORD))
        assert response.status_code == 429
        assert LOCKED in response.json()["detail"]


def test_an_api_client_sending_a_huge_or_nul_username_gets_a_refusal_not_a_500(client, tree, settings):
    settings.API_BASIC_AUTH = True
    for username in ("x" * 10_000, "snv\x00thuky"):
        pair = base64.b64encode(f"{username}:mat-khau".encode()).decode()
        response = client.get("/api/people/", HTTP_AUTHORIZATION=f"Basic {pair}")
        assert response.status_code in (401, 403)
    assert all(len(a.username) <= 255 and "\x00" not in a.username for a in AccessAttempt.objects.all())
