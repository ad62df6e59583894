"""The staff journey in a real browser: sign in, filter the list, open a person, edit a post, see the history.

Elements are found by ids, names, hrefs and data- attributes, never by translated text, so these tests
hold whether or not the Vietnamese catalogue is compiled.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

STAFF_LIST_SHOT = "/tmp/e2e-staff-list.png"
PERSON_SHOT = "/tmp/e2e-person.png"


def _rows(page: Any) -> Any:
    return page.locator("#staff-table table#staff tbody tr")


def _person_links(page: Any) -> Any:
    return page.locator("#staff-table table#staff tbody tr td:first-child a")


def test_hr_officer_filters_opens_and_edits_a_post(page: Any, login_as: Any, e2e_people: Any, hr_officer: Any):
    from binhdang.registry.models import Post

    ha, post = e2e_people.ha, e2e_people.post

    # Sign in: the UI is Vietnamese by default (settings and the browser's vi-VN both say so).
    login_as(hr_officer)
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    # The staff list, through the header link. The HR officer sees Văn phòng Sở: Hà, Ánh and Cường.
    page.locator("header nav a[href='/staff/']").click()
    expect(page).to_have_url(re.compile(r"/staff/$"))
    expect(page.locator("form#staff-filters")).to_be_visible()
    expect(_rows(page)).to_have_count(3)
    page.screenshot(path=STAFF_LIST_SHOT, full_page=True)

    # Filter by sex through htmx: only the table is swapped (no page load) and the URL is pushed.
    filters = page.locator("form#staff-filters")
    page.evaluate("window.__sameDocument = true")
    with page.expect_response(lambda r: "/staff/?" in r.url and "sex=F" in r.url) as swap:
        filters.locator("select[name=sex]").select_option("F")
    assert swap.value.request.headers.get("hx-request") == "true"
    expect(_rows(page)).to_have_count(2)
    expect(_person_links(page)).not_to_contain_text(["Cường"])
    expect(page).to_have_url(re.compile(r"sex=F"))
    assert page.evaluate("window.__sameDocument") is True, "the filter reloaded the page instead of swapping the table"

    # Search without diacritics, submitted with Enter: finds Nguyễn Thị Hà only.
    filters.locator("input[name=q]").fill("nguyen thi ha")
    with page.expect_response(lambda r: "/staff/?" in r.url and "q=nguyen" in r.url):
        filters.locator("input[name=q]").press("Enter")
    expect(_rows(page)).to_have_count(1)
    expect(_person_links(page)).to_have_text(["Nguyễn Thị Hà"])
    expect(page).to_have_url(re.compile(r"q=nguyen(\+|%20)thi(\+|%20)ha"))

    # The same filters work without htmx: a full GET of the pushed URL renders the filtered page.
    page.reload()
    expect(page.locator("form#staff-filters input[name=q]")).to_have_value("nguyen thi ha")
    expect(page.locator("form#staff-filters select[name=sex]")).to_have_value("F")
    expect(_rows(page)).to_have_count(1)

    # Open her page.
    page.locator(f"#staff-table a[href='/staff/{ha.pk}/']").click()
    expect(page).to_have_url(re.compile(rf"/staff/{ha.pk}/$"))
    expect(page.locator("h1")).to_contain_text("Nguyễn Thị Hà")
    posts = page.locator("table[data-kind=post]")
    expect(posts.locator("tbody tr")).to_have_count(1)
    expect(posts).to_contain_text("12/QĐ-SNV")

    # Edit her post: a new end date and decision number.
    posts.locator(f"a[href='/staff/post/{post.pk}/edit/']").click()
    form = page.locator("form#fact-form")
    expect(form.locator("input[name=end_date]")).to_have_value("")
    expect(form.locator("input[name=decision_number]")).to_have_value("12/QĐ-SNV")
    expect(form.locator("input[name=start_date]")).to_have_value("01/06/2021")
    form.locator("input[name=end_date]").fill("30/06/2027")
    form.locator("input[name=decision_number]").fill("45/QĐ-SNV")
    form.locator("button[type=submit]").click()

    # Back on her page with the new values, a success message and the change in the history.
    expect(page).to_have_url(re.compile(rf"/staff/{ha.pk}/$"))
    expect(page.locator("main .messages li.success")).to_have_count(1)
    row = page.locator("table[data-kind=post] tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("45/QĐ-SNV")
    expect(row).to_contain_text("30/06/2027")
    expect(row).not_to_contain_text("12/QĐ-SNV")
    expect(page.locator("#change-history")).to_be_visible()
    history = page.locator("table#audit-log tbody tr").filter(has_text="45/QĐ-SNV")
    expect(history).to_have_count(1)
    expect(history).to_contain_text("12/QĐ-SNV → 45/QĐ-SNV")
    expect(history).to_contain_text("— → 30/06/2027")
    expect(history).to_contain_text(hr_officer.full_name)
    page.screenshot(path=PERSON_SHOT, full_page=True)

    saved = Post.objects.get(pk=post.pk)
    assert (saved.end_date.isoformat(), saved.decision_number, saved.version) == ("2027-06-30", "45/QĐ-SNV", 2)

    # Switch to English with the header button, and back to Vietnamese; each time on the same page.
    page.locator("header button[data-lang=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(rf"/staff/{ha.pk}/$"))
    expect(page.locator("header button[data-lang=en]")).to_have_count(0)
    page.locator("header button[data-lang=vi]").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page).to_have_url(re.compile(rf"/staff/{ha.pk}/$"))
    expect(page.locator("table[data-kind=post]")).to_contain_text("45/QĐ-SNV")


def test_impossible_date_is_refused_next_to_the_field(page: Any, login_as: Any, e2e_people: Any, hr_officer: Any):
    from binhdang.core.models import AuditEntry
    from binhdang.registry.models import Post

    ha, post = e2e_people.ha, e2e_people.post
    audit_before = AuditEntry.objects.filter(person_id=ha.pk).count()

    login_as(hr_officer)
    page.goto(f"/staff/post/{post.pk}/edit/")
    form = page.locator("form#fact-form")
    form.locator("input[name=end_date]").fill("31/02/2025")
    form.locator("input[name=decision_number]").fill("99/QĐ-SAI")
    form.locator("button[type=submit]").click()

    # The form comes back with the error beside the end date, the typed values kept, nothing else flagged.
    expect(page).to_have_url(re.compile(rf"/staff/post/{post.pk}/edit/$"))
    end_field = page.locator("form#fact-form [data-field=end_date]")
    expect(end_field).to_have_class(re.compile(r"\bhas-error\b"))
    expect(end_field.locator(".errorlist li")).to_have_count(1)
    expect(end_field.locator(".errorlist li")).not_to_have_text("")
    expect(end_field.locator("input[name=end_date]")).to_have_value("31/02/2025")
    expect(page.locator("form#fact-form .field.has-error")).to_have_count(1)
    expect(page.locator("main .messages li.success")).to_have_count(0)

    # Her page is unchanged: the old decision number, no end date, no new history entry.
    page.goto(f"/staff/{ha.pk}/")
    row = page.locator("table[data-kind=post] tbody tr")
    expect(row).to_contain_text("12/QĐ-SNV")
    expect(row).not_to_contain_text("99/QĐ-SAI")
    expect(row.locator(".badge.active")).to_have_count(1)  # still current: no end date
    expect(page.locator("table#audit-log")).not_to_contain_text("99/QĐ-SAI")

    unchanged = Post.objects.get(pk=post.pk)
    assert (unchanged.end_date, unchanged.decision_number, unchanged.version) == (None, "12/QĐ-SNV", 1)
    assert AuditEntry.objects.filter(person_id=ha.pk).count() == audit_before


def test_other_departments_secretary_gets_404_for_a_person_of_so_noi_vu(
    page: Any, login_as: Any, e2e_people: Any, other_secretary: Any
):
    ha, yen = e2e_people.ha, e2e_people.yen
    login_as(other_secretary)

    # Her own department's staff open normally, so the 404 below is about scope, not a broken page.
    response = page.goto(f"/staff/{yen.pk}/")
    assert response is not None and response.status == 200
    expect(page.locator("h1")).to_contain_text("Hoàng Thị Yến")

    for url in (f"/staff/{ha.pk}/", f"/staff/post/{e2e_people.post.pk}/edit/"):
        response = page.goto(url)
        assert response is not None and response.status == 404, url
        expect(page).to_have_title(re.compile(r"^404\b"))
        body = page.locator("body")
        for secret in ("Nguyễn Thị Hà", "TN0001", "12/QĐ-SNV", "Chánh Văn phòng"):
            expect(body).not_to_contain_text(secret)
        expect(page.locator("table[data-kind]")).to_have_count(0)
