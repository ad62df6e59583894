"""Issue 6 in a real browser: the demo province (Lạng Sơn, built by `binhdang demo`) through the first half of 2026.

Its plan 01/KH-UBND has the agencies report the half-year before 15/06. Sở Y tế's secretary drafts the report
from its figures and her leader submits it (the test then dates that submission 12/06/2026: on time). Sở Nội vụ's
secretary writes hers, its leader submits it now, months after 15/06: late. The province administrator finds in
the table of who has reported one on time, one late and every other agency not submitted; she accepts Sở Y tế's
report and returns Sở Nội vụ's with a comment. The secretary of Sở Nội vụ sees the comment, corrects the text, the
leader submits again, the province accepts. The province then opens its own consolidated report, finds both
departments' parts as submitted, drills down to one, drafts its text from the figures and downloads the report as
.docx (read back with python-docx) and .pdf (read back with pypdf).

The demo has no leader of Sở Y tế (only its secretary), so the test adds one: a secretary may write a report but
only a leader (or an administrator) submits it.

Elements are found by ids, names, data- attributes and hrefs, never by translated text; the text looked for is
data (what the test typed, unit names, dates, numbers) or the words of the official document, which is
Vietnamese whatever the language of the screen.
"""

from __future__ import annotations

import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from binhdang.registry.demo import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

PERIOD = "2026-H1"
DUE = datetime.date(2026, 6, 15)  # the half-year deadline of the demo province's plan 01/KH-UBND
SHOT = "/tmp/e2e-report-journey.png"
# LibreOffice turns the .docx into the PDF; a cold start of soffice takes a few seconds on a busy machine.
PDF_TIMEOUT_MS = 30_000

SNV_TEXT = {
    "number": "45/BC-SNV",
    "results": "Tổ chức hội nghị tập huấn lồng ghép giới cho 60 cán bộ, trong đó 38 nữ.",
    "shortcomings": "Tỷ lệ nữ trong diện quy hoạch lãnh đạo cấp phòng còn thấp.",
    "next_steps": "Rà soát, bổ sung quy hoạch cán bộ nữ giai đoạn 2026–2031.",
    "recommendations": "Đề nghị Ban VSTBPN tỉnh tổ chức lớp bồi dưỡng kỹ năng lãnh đạo cho cán bộ nữ.",
}
SYT_TEXT = {
    "shortcomings": "Chưa tổ chức được hoạt động truyền thông tại các trạm y tế xã.",
    "next_steps": "Phối hợp Hội Liên hiệp Phụ nữ tỉnh tổ chức truyền thông về bình đẳng giới trong y tế.",
}
RETURN_COMMENT = "Đề nghị bổ sung số liệu người tham gia tọa đàm ngày 8/3 và nguồn kinh phí."
CORRECTION = "Tổ chức tọa đàm nhân ngày Quốc tế Phụ nữ 8/3 với 45 người tham gia (30 nữ), kinh phí 12 triệu đồng."


@dataclass
class Demo:
    province: Any
    snv: Any
    syt: Any
    logins: dict[str, tuple[Any, str]] = field(default_factory=dict)  # username -> (user, password)


@pytest.fixture
def demo(transactional_db: None, live_server: Any) -> Demo:
    """The demo province exactly as `binhdang demo` builds it, with its logins."""
    from django.core.management import call_command

    from binhdang.accounts.models import User
    from binhdang.orgs.models import OrgUnit

    call_command("demo", stdout=io.StringIO())
    syt = OrgUnit.objects.get(code="LS-SYT")
    wanted = ("tinh.admin", "snv.thuky", "snv.lanhdao", "syt.thuky", "syt.lanhdao")
    logins = {user.username: (user, DEMO_PASSWORD) for user in User.objects.filter(username__in=wanted)}
    assert len(logins) == 5, "a demo login this test relies on is gone"
    return Demo(OrgUnit.objects.get(code="LS"), OrgUnit.objects.get(code="LS-SNV"), syt, logins)


def _dmy(day: datetime.date | datetime.datetime) -> str:
    return day.strftime("%d/%m/%Y")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _click_and_wait(page: Any, locator: Any, url: str) -> None:
    """Click what sends a form or follows a link, and wait for the page the server sends back."""
    with page.expect_navigation():
        locator.click()
    expect(page).to_have_url(re.compile(url))


def _sign_in(page: Any, login_as: Any, demo: Demo, username: str) -> None:
    """Sign out whoever is signed in, through the header's form, then sign in as `username`."""
    sign_out = page.locator("header form[action$='/accounts/logout/'] button[type=submit]")
    if sign_out.count():
        with page.expect_navigation():
            sign_out.click()
    login_as(*demo.logins[username])


def _success(page: Any) -> None:
    """The step went through: a success message and no error."""
    expect(page.locator("main .messages li.success")).to_have_count(1)
    expect(page.locator("main .messages li.error")).to_have_count(0)


def _open_own_report(page: Any, unit: Any) -> Any:
    """From the header: the reports list, the form opening the report of `unit` for the half-year."""
    from binhdang.reports.models import Report

    page.locator("header nav a[href='/reports/']").click()
    expect(page).to_have_url(re.compile(r"/reports/$"))
    form = page.locator("form#open-report")
    expect(form.locator("select[name=unit]")).to_have_value(str(unit.pk))  # the user's own unit is offered first
    form.locator("select[name=period]").select_option(PERIOD)
    form.locator("select[name=kind]").select_option("half_year")
    _click_and_wait(page, form.locator("button[type=submit]"), r"/reports/\d+/$")
    report = Report.objects.get(unit=unit, kind="half_year", period=PERIOD)
    expect(page).to_have_url(re.compile(rf"/reports/{report.pk}/$"))
    expect(page.locator("#report-status")).to_have_class(re.compile(r"\bdraft\b"))
    return report


def _go_to_report(page: Any, report: Any) -> None:
    """From the header: the reports list, then the report's row."""
    page.locator("header nav a[href='/reports/']").click()
    expect(page).to_have_url(re.compile(r"/reports/$"))
    detail = reverse("reports:report_detail", args=[report.pk])
    _click_and_wait(page, page.locator(f"table#reports a[href='{detail}']"), rf"{detail}$")


def _write(page: Any, report: Any, texts: dict[str, str], *, suggest: bool = False) -> None:
    """The report's text: its writing form (drafted from the figures if `suggest`), filled in and saved."""
    edit = reverse("reports:report_edit", args=[report.pk])
    link = f"{edit}?suggest=1" if suggest else edit
    _click_and_wait(page, page.locator(f"#report-actions a[href='{link}']"), rf"{re.escape(link)}$")
    form = page.locator("form#report-form")
    if suggest:
        # The first draft states what the figures hold: never empty for a department of the demo.
        expect(form.locator("textarea[name=results]")).not_to_have_value("")
    for name, text in texts.items():
        tag = "input" if name == "number" else "textarea"
        form.locator(f"{tag}[name={name}]").fill(text)
    _click_and_wait(page, form.locator("button[type=submit]"), rf"/reports/{report.pk}/$")
    _success(page)
    for name, text in texts.items():
        for line in text.splitlines() if name != "number" else ():
            expect(page.locator("#narrative")).to_contain_text(line)


def _submit(page: Any, report: Any) -> None:
    _click_and_wait(page, page.locator("#submit-report"), rf"/reports/{report.pk}/$")
    _success(page)
    expect(page.locator("#report-status")).to_have_class(re.compile(r"\bsubmitted\b"))
    expect(page.locator("#submit-report")).to_have_count(0)
    edit = reverse("reports:report_edit", args=[report.pk])
    expect(page.locator(f"#report-actions a[href='{edit}']")).to_have_count(0)


def _review(page: Any, report: Any, button: str, comment: str = "") -> None:
    """The province, on a submitted report: accept it or return it, with a comment."""
    review = page.locator("form#review")
    review.locator("textarea[name=comment]").fill(comment)
    _click_and_wait(page, review.locator(f"button#{button}"), rf"/reports/{report.pk}/$")
    _success(page)
    expect(page.locator("form#review")).to_have_count(0)


def _submissions(page: Any, province: Any) -> Any:
    """From the reports list: the table of who has reported to the province, for the half-year."""
    page.locator("header nav a[href='/reports/']").click()
    expect(page).to_have_url(re.compile(r"/reports/$"))
    table_url = f"{reverse('reports:submissions')}?unit={province.pk}"
    _click_and_wait(page, page.locator(f"main a[href='{table_url}']"), r"/reports/submissions/")
    period = page.locator("form.filters")
    period.locator("select[name=period]").select_option(PERIOD)
    _click_and_wait(page, period.locator("button[type=submit]"), rf"period={PERIOD}")
    rows = page.locator("table#submissions tbody tr")
    expect(rows.first).to_have_attribute("data-state", re.compile(r"\w"))
    return rows


def _row(page: Any, unit: Any) -> Any:
    row = page.locator(f"table#submissions tbody tr[data-unit='{unit.code}']")
    expect(row).to_have_count(1)
    return row


def _days_late(report: Any) -> re.Pattern[str]:
    """The days between the deadline and the day in Vietnam the report was sent, as a number standing alone."""
    from django.utils import timezone

    local = (timezone.localtime(report.submitted_at).date() - DUE).days
    return re.compile(rf"(?<!\d){local}(?!\d)")


def _docx_text(path: Path) -> tuple[str, list[list[list[str]]]]:
    """All the text of a .docx (paragraphs, tables, headers) and its tables as rows of cell texts."""
    from docx import Document

    document = Document(str(path))
    parts = [paragraph.text for paragraph in document.paragraphs]
    tables = []
    pending = list(document.tables)
    while pending:
        table = pending.pop(0)
        rows = [[_nfc(cell.text.strip()) for cell in row.cells] for row in table.rows]
        tables.append(rows)
        parts.extend(text for row in rows for text in row)
        pending.extend(nested for row in table.rows for cell in row.cells for nested in cell.tables)
    for section in document.sections:
        parts.extend(paragraph.text for paragraph in section.header.paragraphs)
    return _nfc("\n".join(parts)), tables


def test_demo_province_through_a_half_year_late_report_returned_corrected_accepted_and_downloaded(
    demo: Demo, page: Any, login_as: Any, tmp_path: Path
) -> None:
    from django.utils import timezone
    from pypdf import PdfReader

    from binhdang.reports.models import Report, ReportEvent

    province, snv, syt = demo.province, demo.snv, demo.syt
    today = timezone.localdate()
    assert today > DUE, "the journey needs the half-year's deadline to have passed"

    # --- 1. Sở Y tế: the secretary drafts the text from the figures, her leader submits ---------------------------
    _sign_in(page, login_as, demo, "syt.thuky")
    syt_report = _open_own_report(page, syt)
    assert (syt_report.due_date, syt_report.as_of, syt_report.status) == (DUE, DUE, "draft")
    _write(page, syt_report, SYT_TEXT, suggest=True)
    expect(page.locator("#submit-report")).to_have_count(0)  # a secretary writes; a leader submits

    _sign_in(page, login_as, demo, "syt.lanhdao")
    _go_to_report(page, syt_report)
    _submit(page, syt_report)
    syt_report.refresh_from_db()
    assert syt_report.status == "submitted" and syt_report.submitted_by == demo.logins["syt.lanhdao"][0]
    assert syt_report.figures["indicators"] and syt_report.figures["as_of"] == DUE.isoformat()
    # All this happened in June, before the deadline: the report's history is dated so, as it would have been.
    june = {
        "created": timezone.make_aware(datetime.datetime(2026, 6, 10, 8, 0)),
        "saved": timezone.make_aware(datetime.datetime(2026, 6, 11, 15, 0)),
        "submitted": timezone.make_aware(datetime.datetime(2026, 6, 12, 9, 30)),
    }
    for action, moment in june.items():
        ReportEvent.objects.filter(report=syt_report, action=action).update(at=moment)
    Report.objects.filter(pk=syt_report.pk).update(created_at=june["created"], submitted_at=june["submitted"])
    page.reload()
    expect(page.locator("#report-facts .badge.danger")).to_have_count(0)  # not late
    expect(page.locator("#report-facts")).to_contain_text("12/06/2026 09:30")

    # --- 2. Sở Nội vụ: the secretary writes, the leader submits today, months after 15/06 ------------------------
    _sign_in(page, login_as, demo, "snv.thuky")
    snv_report = _open_own_report(page, snv)
    assert (snv_report.due_date, snv_report.as_of, snv_report.consolidated) == (DUE, DUE, True)
    expect(page.locator("#report-facts .badge.danger")).to_have_count(1)  # overdue already
    _write(page, snv_report, SNV_TEXT)
    expect(page.locator("#submit-report")).to_have_count(0)

    _sign_in(page, login_as, demo, "snv.lanhdao")
    _go_to_report(page, snv_report)
    _submit(page, snv_report)
    expect(page.locator("#report-facts .badge.danger")).to_have_count(1)  # submitted late
    snv_report.refresh_from_db()
    assert snv_report.status == "submitted" and snv_report.is_late(today)
    late_days = _days_late(snv_report)

    # --- 3. The province: who has reported; Sở Y tế accepted, Sở Nội vụ returned with a comment -------------------
    _sign_in(page, login_as, demo, "tinh.admin")
    rows = _submissions(page, province)
    syt_row, snv_row = _row(page, syt), _row(page, snv)
    expect(syt_row).to_have_attribute("data-state", "on_time")
    expect(syt_row.locator("td").nth(1)).to_have_text(_dmy(DUE))
    expect(syt_row.locator("td").nth(3)).to_have_text("12/06/2026 09:30")
    expect(snv_row).to_have_attribute("data-state", "late")
    expect(snv_row.locator("td").nth(2)).to_contain_text(late_days)
    expect(snv_row.locator("td").nth(3)).to_contain_text(_dmy(today))
    # Every other agency of the province owes the report and has not sent it.
    total = rows.count()
    assert total > 20  # departments and communes of the demo province
    expect(page.locator("table#submissions tbody tr[data-state=missing]")).to_have_count(total - 2)

    syt_detail = reverse("reports:report_detail", args=[syt_report.pk])
    _click_and_wait(page, syt_row.locator(f"a[href='{syt_detail}']"), rf"{syt_detail}$")
    expect(page.locator("#narrative")).to_contain_text(SYT_TEXT["next_steps"])
    _review(page, syt_report, "accept-report")
    expect(page.locator("#report-status")).to_have_class(re.compile(r"\baccepted\b"))

    _submissions(page, province)
    expect(_row(page, syt)).to_have_attribute("data-state", "accepted")
    snv_detail = reverse("reports:report_detail", args=[snv_report.pk])
    _click_and_wait(page, _row(page, snv).locator(f"a[href='{snv_detail}']"), rf"{snv_detail}$")
    _review(page, snv_report, "return-report", RETURN_COMMENT)
    expect(page.locator("#report-status")).to_have_class(re.compile(r"\breturned\b"))
    snv_report.refresh_from_db()
    assert snv_report.status == "returned" and snv_report.figures == {}  # live again while it is corrected
    _submissions(page, province)
    expect(_row(page, snv)).to_have_attribute("data-state", "returned")

    # --- 4. Sở Nội vụ sees the comment, corrects the text; the leader submits again --------------------------------
    _sign_in(page, login_as, demo, "snv.thuky")
    _go_to_report(page, snv_report)
    expect(page.locator("#report-status")).to_have_class(re.compile(r"\breturned\b"))
    expect(page.locator("#return-comment q")).to_have_text(RETURN_COMMENT)
    expect(page.locator("#events li[data-action=returned] q")).to_have_text(RETURN_COMMENT)
    corrected = f"{SNV_TEXT['results']}\n{CORRECTION}"
    _write(page, snv_report, {"results": corrected})
    expect(page.locator("#narrative p").first.locator("br")).to_have_count(1)  # two paragraphs, two lines

    _sign_in(page, login_as, demo, "snv.lanhdao")
    _go_to_report(page, snv_report)
    expect(page.locator("#return-comment")).to_be_visible()
    _submit(page, snv_report)
    expect(page.locator("#return-comment")).to_have_count(0)

    # --- 5. The province accepts the corrected report --------------------------------------------------------------
    _sign_in(page, login_as, demo, "tinh.admin")
    _submissions(page, province)
    snv_row = _row(page, snv)
    expect(snv_row).to_have_attribute("data-state", "late")  # sent again, still after the deadline
    _click_and_wait(page, snv_row.locator(f"a[href='{snv_detail}']"), rf"{snv_detail}$")
    expect(page.locator("#narrative")).to_contain_text(CORRECTION)
    _review(page, snv_report, "accept-report", "Đã tiếp nhận.")
    expect(page.locator("#report-status")).to_have_class(re.compile(r"\baccepted\b"))

    _submissions(page, province)
    snv_row, syt_row = _row(page, snv), _row(page, syt)
    expect(snv_row).to_have_attribute("data-state", "accepted")
    expect(snv_row.locator(".badge.danger")).to_contain_text(late_days)  # accepted, but it came late
    expect(syt_row).to_have_attribute("data-state", "accepted")
    expect(syt_row.locator(".badge.danger")).to_have_count(0)
    expect(page.locator("table#submissions tbody tr[data-state=missing]")).to_have_count(total - 2)

    snv_report.refresh_from_db()
    assert snv_report.status == "accepted" and snv_report.results.splitlines() == corrected.splitlines()
    assert list(snv_report.events.values_list("action", flat=True)) == [
        "created", "saved", "submitted", "returned", "saved", "submitted", "accepted",
    ]  # fmt: skip
    assert snv_report.events.get(action="returned").comment == RETURN_COMMENT
    assert list(syt_report.events.values_list("action", flat=True)) == ["created", "saved", "submitted", "accepted"]

    # --- 6. The province's consolidated report: the departments' parts, a drill-down, the documents ----------------
    own = _open_own_report(page, province)
    assert own.consolidated and own.as_of == datetime.date(2026, 6, 30)
    parts = page.locator("table#parts tbody tr")
    submitted_parts = page.locator("table#parts tbody tr[data-source=submitted]")
    expect(submitted_parts).to_have_count(2)
    expect(parts.first).to_be_visible()
    expect(page.locator("table#parts tbody tr[data-source=live]")).to_have_count(parts.count() - 2)
    syt_part = page.locator(f"table#parts tbody tr[data-unit='{syt.code}']")
    expect(syt_part).to_have_attribute("data-source", "submitted")
    expect(syt_part.locator("td").nth(2)).to_have_text("12/06/2026 09:30")
    snv_part = page.locator(f"table#parts tbody tr[data-unit='{snv.code}']")
    expect(snv_part).to_have_attribute("data-source", "submitted")
    expect(snv_part.locator("td").nth(2)).to_contain_text(_dmy(today))

    own_detail = reverse("reports:report_detail", args=[own.pk])
    _click_and_wait(page, snv_part.locator(f"a[href='{snv_detail}']"), rf"{snv_detail}$")  # drill down
    expect(page.locator("h1")).to_contain_text(snv.name)
    expect(page.locator("#report-status")).to_have_class(re.compile(r"\baccepted\b"))
    expect(page.locator("#narrative")).to_contain_text(CORRECTION)
    with page.expect_navigation():
        page.go_back()
    expect(page).to_have_url(re.compile(rf"{own_detail}$"))

    # The table of who has reported now leads to the province's own report.
    _submissions(page, province)
    _click_and_wait(page, page.locator(f"main a[href='{own_detail}']"), rf"{own_detail}$")
    _write(page, own, {"recommendations": "Đề nghị Trung ương hướng dẫn thống nhất biểu mẫu báo cáo."}, suggest=True)
    own.refresh_from_db()
    assert own.results.strip() and own.status == "draft"

    with page.expect_download() as docx_download:
        page.locator("a#download-docx").click()
    docx = docx_download.value
    assert docx.suggested_filename == f"bao-cao-{province.code}-{PERIOD}.docx"
    docx_path = tmp_path / docx.suggested_filename
    docx.save_as(docx_path)
    text, tables = _docx_text(docx_path)
    assert _nfc(f"ỦY BAN NHÂN DÂN {province.name.upper()}") in text
    assert "6 tháng đầu năm 2026" in text
    assert _nfc(own.results.splitlines()[0].strip()) in text
    # The annex's table of the agencies reporting: both departments as sent, with the day each was sent.
    part_rows = {row[1]: row for table in tables if table and "Cơ quan, đơn vị" in table[0] for row in table[1:]}
    assert len(part_rows) == parts.count()
    assert part_rows[_nfc(syt.name)][3] == "12/06/2026"
    assert part_rows[_nfc(snv.name)][3] == _dmy(today)
    assert part_rows[_nfc(syt.name)][2] == part_rows[_nfc(snv.name)][2] == "Đã gửi"
    indicator_tables = [table for table in tables if table and "Chỉ tiêu" in table[0]]
    assert indicator_tables and len(indicator_tables[0]) > 5

    with page.expect_download(timeout=PDF_TIMEOUT_MS) as pdf_download:
        page.locator("a#download-pdf").click(timeout=PDF_TIMEOUT_MS)
    pdf = pdf_download.value
    assert pdf.suggested_filename == f"bao-cao-{province.code}-{PERIOD}.pdf"
    pdf_path = tmp_path / pdf.suggested_filename
    pdf.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF")
    reader = PdfReader(str(pdf_path))
    assert len(reader.pages) >= 2
    pdf_text = _nfc(" ".join(page_.extract_text() or "" for page_ in reader.pages))
    assert "LẠNG SƠN" in pdf_text and _nfc(snv.name) in pdf_text
    page.screenshot(path=SHOT, full_page=True)
