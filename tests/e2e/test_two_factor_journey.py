"""An HR officer's first sign-in sets up an authenticator; the next one asks for its code; a wrong code
is refused and the pages stay closed until the right one."""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import PASSWORD
from playwright.sync_api import expect

from .conftest import device_code, totp_now

pytestmark = pytest.mark.e2e


def _password_step(page: Any, live_server: Any, user: Any) -> None:
    page.goto(live_server.url + "/accounts/login/?next=/staff/")
    form = page.locator("main form:has(input[name=password])")
    form.locator("input[name=username]").fill(user.username)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()


def test_hr_officer_enrols_at_first_sign_in_then_signs_in_with_a_code(page, live_server, e2e_people, hr_officer):
    # given an HR officer who never signed in: the password leads to the enrolment, not to the pages
    _password_step(page, live_server, hr_officer)
    expect(page).to_have_url(re.compile(r"/accounts/login/enrol/$"))
    expect(page.locator("#enrol-qr svg")).to_be_visible()
    page.goto(live_server.url + "/staff/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))  # no session yet
    page.go_back()
    # when she scans the QR code (here: reads the key) and enters the app's code
    page.goto(live_server.url + "/accounts/login/enrol/")
    secret = page.locator("#enrol-secret").inner_text()
    page.locator("input[name=code]").fill(totp_now(secret))
    page.locator("main form button[type=submit]").click()
    # then her backup codes are shown once, and she continues to the page she asked for
    expect(page.locator("#backup-codes li")).to_have_count(10)
    page.get_by_role("link", name="Tôi đã lưu mã, tiếp tục").click()
    expect(page).to_have_url(re.compile(r"/staff/$"))
    expect(page.locator("header form[action$='/accounts/logout/']")).to_have_count(1)

    # and next time: password, then a wrong code is refused, then the right code opens the session
    page.locator("header form[action$='/accounts/logout/'] button").click()
    _password_step(page, live_server, hr_officer)
    expect(page).to_have_url(re.compile(r"/accounts/login/code/$"))
    page.locator("input[name=code]").fill("000000")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".errorlist")).to_contain_text("Mã này không đúng")
    page.wait_for_timeout(1100)  # django-otp waits a second after a wrong code before checking another
    page.locator("input[name=code]").fill(device_code(hr_officer))
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/staff/$"))
    expect(page.locator("header #account-security")).to_have_count(1)
