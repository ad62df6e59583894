"""The file pickers speak Vietnamese: a button of the page opens the browser's file chooser and the chosen
file's name is written beside it; the browser's own "Choose File" button is not shown. The API reference
(in English, for developers) runs without inline scripts and leads back to the application."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

SHOT = "/tmp/e2e-file-picker.png"


def test_secretary_chooses_a_staff_workbook_with_a_vietnamese_button(
    transactional_db: None, page: Any, login_as: Any, live_server: Any, e2e_people: Any, secretary: Any, tmp_path: Path
):
    login_as(secretary)
    page.goto(live_server.url + "/staff/imports/")
    form = page.locator("form#upload-form")
    picker = form.locator(".file-picker")
    button = picker.locator("label.btn")
    expect(button).to_have_text("Chọn tệp")
    expect(picker.locator(".file-picker-name")).to_have_text("Chưa chọn tệp")
    native = picker.locator("input[type=file][name=file]")
    # The browser's own input is there for the form and the keyboard, but takes no room on the page.
    box = native.bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1, box
    workbook = tmp_path / "danh-sach-can-bo.xlsx"
    workbook.write_bytes(b"PK\x03\x04")
    with page.expect_file_chooser() as chooser:
        button.click()
    chooser.value.set_files(str(workbook))
    expect(picker.locator(".file-picker-name")).to_have_text("danh-sach-can-bo.xlsx")
    page.screenshot(path=SHOT, full_page=True)


def test_the_api_reference_renders_and_leads_back_home(
    transactional_db: None, page: Any, login_as: Any, live_server: Any, e2e_people: Any, secretary: Any
):
    login_as(secretary)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url + "/api/docs/")
    # Swagger UI runs from a script file of the same server (no inline script), and draws the API's title.
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Bình Đẳng API")
    back = page.get_by_role("link", name="← Quay lại Bình Đẳng")
    back.click()
    expect(page).not_to_have_url(re.compile(r"/api/"))  # home, or where home sends this role
    assert errors == []
