"""The user's own security page: two-factor on and off, backup codes, API tokens."""

from __future__ import annotations

import re

from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from binhdang.accounts import twofactor
from binhdang.accounts.tests.test_sign_in import current_code, enrolled, password_step, signed_in


class TestOptionalTwoFactor:
    def test_a_secretary_turns_two_factor_on_and_is_asked_for_a_code_next_time(self, client, secretary):
        client.force_login(secretary)
        page = client.get(reverse("accounts:two_factor_enrol")).content.decode()
        assert "<svg" in page and 'id="enrol-secret"' in page
        device = TOTPDevice.objects.get(user=secretary, confirmed=False)
        response = client.post(reverse("accounts:two_factor_enrol"), {"code": current_code(device)})
        assert response.status_code == 200
        assert len(re.findall(r"<li><code>", response.content.decode())) == twofactor.BACKUP_CODE_COUNT
        assert twofactor.is_enabled(secretary)
        client.logout()
        assert password_step(client, secretary).url == reverse("accounts:login_code")

    def test_a_secretary_turns_two_factor_off_with_a_current_code(self, client, secretary, settings):
        settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0
        device = enrolled(secretary)
        client.force_login(secretary)
        client.post(reverse("accounts:two_factor_disable"), {"code": "000000"})
        assert twofactor.is_enabled(secretary)
        client.post(reverse("accounts:two_factor_disable"), {"code": current_code(device)})
        assert not twofactor.is_enabled(secretary) and not StaticToken.objects.filter(device__user=secretary).exists()
        client.logout()
        assert password_step(client, secretary).url == reverse("core:home")

    def test_an_hr_officer_cannot_turn_two_factor_off(self, client, hr_officer):
        device = enrolled(hr_officer)
        client.force_login(hr_officer)
        page = client.get(reverse("accounts:security")).content.decode()
        assert reverse("accounts:two_factor_disable") not in page
        response = client.post(reverse("accounts:two_factor_disable"), {"code": current_code(device)}, follow=True)
        assert "không thể tắt" in response.content.decode()
        assert twofactor.is_enabled(hr_officer)

    def test_new_backup_codes_replace_the_old_ones(self, client, secretary):
        enrolled(secretary)
        old = set(StaticToken.objects.filter(device__user=secretary).values_list("token", flat=True))
        client.force_login(secretary)
        response = client.post(reverse("accounts:backup_codes"))
        shown = set(re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode()))
        stored = set(StaticToken.objects.filter(device__user=secretary).values_list("token", flat=True))
        assert shown == stored and len(stored) == twofactor.BACKUP_CODE_COUNT and not (old & stored)


class TestApiToken:
    def test_a_token_made_on_the_security_page_opens_the_api(self, client, secretary, tree):
        client.force_login(secretary)
        response = client.post(reverse("accounts:api_token"), {"action": "create"})
        key = re.search(r'id="api-token">([0-9a-f]{40})<', response.content.decode()).group(1)
        assert Token.objects.get(user=secretary).key == key
        client.logout()
        assert client.get("/api/people/").status_code in (401, 403)
        assert client.get("/api/people/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200

    def test_a_replaced_or_deleted_token_no_longer_works(self, client, secretary, tree):
        client.force_login(secretary)
        first = Token.objects.create(user=secretary).key
        client.post(reverse("accounts:api_token"), {"action": "create"})
        second = Token.objects.get(user=secretary).key
        client.post(reverse("accounts:api_token"), {"action": "delete"})
        assert not Token.objects.filter(user=secretary).exists()
        client.logout()
        for key in (first, second):
            assert client.get("/api/people/", HTTP_AUTHORIZATION=f"Token {key}").status_code in (401, 403)

    def test_a_wrong_token_is_refused(self, client, tree):
        assert client.get("/api/people/", HTTP_AUTHORIZATION="Token " + "0" * 40).status_code in (401, 403)


def test_the_security_pages_need_a_session(client, secretary):
    for name in ("accounts:security", "accounts:two_factor_enrol", "accounts:password_change"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert not signed_in(client)
