"""Every page of the access matrix opens in Chromium without a Content Security Policy violation: no
inline script, handler or style is left for the browser to refuse (and so silently break)."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import access_modules
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import Error as PlaywrightError

pytestmark = pytest.mark.e2e

# Downloads and machine endpoints are not pages a browser renders.
NOT_PAGES = ("export", "template", "feed", "annotated", "document", "download", "print", "chart_data", "progress")


def _pages(tree: Any, people: Any) -> list[str]:
    from binhdang.accounts.tests.test_access_matrix import MATRIX

    urls = []
    for name, (_right, kind) in MATRIX.items():
        if kind != "page" or (name.startswith("api:") and name != "api:docs") or any(x in name for x in NOT_PAGES):
            continue
        try:
            urls.append(reverse(name))
        except NoReverseMatch:
            continue
    for module in access_modules():
        records = module.records(tree, people)
        for name, record in module.PK_KIND.items():
            if name.startswith("api:") or any(x in name for x in NOT_PAGES) or module.MATRIX[name][1] != "object":
                continue
            urls.append(reverse(name, args=[records[record]]))
    urls.append(reverse("orgs:unit_detail", args=[tree.snv.pk]))
    urls.append(reverse("registry:person_detail", args=[people.ha.pk]))
    urls.append(reverse("indicators:dashboard") + f"?unit={tree.province.pk}")
    return urls


def test_no_page_breaks_the_content_security_policy(page, live_server, login_as, e2e_people, tree, province_admin):
    # given the province administrator, who may open every page of the province
    urls = _pages(tree, e2e_people)
    login_as(province_admin)
    violations: list[str] = []

    def on_console(message: Any) -> None:
        if "Content Security Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: violations.append(f"{page.url}: {error}"))
    # when each page is opened
    for url in urls:
        try:
            page.goto(live_server.url + url)
        except PlaywrightError:
            continue  # an answer without a page (a POST-only URL's 405): nothing to render
        page.wait_for_load_state("load")
    # then the browser refused nothing
    assert len(urls) > 30
    assert not violations, "\n".join(violations)
