"""Browser tests: Playwright's sync API driving Debian's Chromium against pytest-django's live server.

Never run `playwright install`: the browser is the system one at /usr/bin/chromium. When it is
missing, every browser test fails (not skips) with a message saying how to install it.

The live server runs in a thread of this process, so the tests need `transactional_db` (the server
must see committed data); `live_server` turns it on, and the fixtures below request it before the
data fixtures of the root conftest (which ask for `db`) so the order is explicit.
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("BINHDANG_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
# Seconds are slow on a busy CI machine, but a test waiting this long is broken, not slow.
TIMEOUT_MS = 10_000
FAILURE_DIR = Path(os.environ.get("E2E_ARTIFACTS", "/tmp"))


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: the browser tests need Debian's chromium package "
            "(`sudo apt-get install chromium`, or `make test` as root). Do not run `playwright install`.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    manager = sync_playwright().start()
    try:
        browser = manager.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    except Exception as exc:
        manager.stop()
        pytest.fail(f"Chromium at {CHROMIUM} did not start: {exc}", pytrace=False)
    try:
        yield browser
    finally:
        browser.close()
        manager.stop()


_CALL_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call":
        item.stash[_CALL_FAILED] = report.failed
    return report


@pytest.fixture
def page(request: pytest.FixtureRequest, browser: Any, live_server: Any) -> Iterator[Any]:
    """A fresh context per test: Vietnamese locale, Vietnam's time zone, URLs relative to the live server."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        if request.node.stash.get(_CALL_FAILED, False):
            # Left for whoever reads the failure: what the browser showed at that moment.
            name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
            try:
                page.screenshot(path=str(FAILURE_DIR / f"e2e-failure-{name}.png"), full_page=True)
            except Exception:  # a failed screenshot must not hide the real failure
                pass
        context.close()


def totp_now(secret: str) -> str:
    """The code an authenticator app shows now for this base32 secret (as on the enrolment page)."""
    import base64

    from django_otp.oath import totp

    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    return f"{totp(key):06d}"


def device_code(user: Any) -> str:
    """The user's next valid code; a code is accepted once, so a second sign-in within 30 s takes the next."""
    import time

    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=user, confirmed=True)
    drift = 1 if device.last_t >= int(time.time() - device.t0) // device.step else 0
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, drift):06d}"


@pytest.fixture
def login_as(page: Any, live_server: Any) -> Callable[[Any], Any]:
    """Sign in through the real login form (and the code step or the first enrolment for the roles that need
    two-factor); returns the page, now on the user's home page."""
    from conftest import PASSWORD
    from playwright.sync_api import expect

    def _login(user: Any, password: str = PASSWORD) -> Any:
        page.goto(live_server.url + "/accounts/login/")
        form = page.locator("main form:has(input[name=password])")
        form.locator("input[name=username]").fill(user.username)
        form.locator("input[name=password]").fill(password)
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
        if "/accounts/login/enrol/" in page.url:
            # Roles that must use two-factor set up an authenticator at their first sign-in: be the app.
            secret = page.locator("#enrol-secret").inner_text()
            page.locator("input[name=code]").fill(totp_now(secret))
            page.locator("main form button[type=submit]").click()
            page.get_by_role("link", name="Tôi đã lưu mã, tiếp tục").click()
        elif "/accounts/login/code/" in page.url:
            page.locator("input[name=code]").fill(device_code(user))
            page.locator("main form button[type=submit]").click()
        expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
        # The sign-out form is in the header only for signed-in users.
        expect(page.locator("header form[action$='/accounts/logout/']")).to_have_count(1)
        return page

    return _login


@pytest.fixture
def e2e_people(transactional_db: None, people: Any, tree: Any) -> Any:
    """The root conftest's people, plus a man in Văn phòng Sở so that filtering by sex narrows the list.

    `transactional_db` comes first so the data is committed where the live server can read it.
    """
    from binhdang.registry.models import Employment, Person

    cuong = Person.objects.create(
        family_name="Đỗ Văn",
        given_name="Cường",
        sex="M",
        birth_date=datetime.date(1979, 11, 2),
        ethnicity="01",
        employment_type="civil_servant",
        employee_code="TN0005",
        province=tree.province,
    )
    Employment.objects.create(person=cuong, unit=tree.snv_office, start_date=datetime.date(2020, 1, 1))
    people.cuong = cuong
    return people
