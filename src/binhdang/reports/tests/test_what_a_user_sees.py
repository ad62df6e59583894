"""What a user sees of a report, as found by walking the demo: the day its figures are as of, the signer
filled from the head post, the "open a report" form as it is rendered, empty sections, table 1 in the body,
one rule of lateness, and the DHIS2 completion day in Vietnam."""

from __future__ import annotations

import datetime
import io
import json
import re

import pytest
from conftest import make_person
from django.urls import reverse
from django.utils import timezone
from docx import Document
from lxml import html

from binhdang.plans.models import Plan, ReportDeadline
from binhdang.registry.models import Post
from binhdang.reports import workflow
from binhdang.reports.models import Report
from binhdang.reports.tests.test_pages import open_report, write

UTC = datetime.UTC


@pytest.fixture
def province_plan(tree):
    """The province asks its agencies for the half-year report by 15/06 and the annual one by 15/12."""
    plan = Plan.objects.create(title="Kế hoạch của tỉnh", issuer=tree.province, period_start=2021, period_end=2030)
    for kind, day in (("half_year", datetime.date(2021, 6, 15)), ("annual", datetime.date(2021, 12, 15))):
        ReportDeadline.objects.create(plan=plan, kind=kind, due_date=day, recurring=True, reporter="subordinates")
    return plan


@pytest.fixture
def today(monkeypatch):
    """Pretend today is `today.set(day)` in Vietnam (timezone.localdate() without a value)."""
    real = timezone.localdate

    class Today:
        day = datetime.date(2026, 5, 20)

        def set(self, day: datetime.date) -> None:
            self.day = day

    holder = Today()
    monkeypatch.setattr(timezone, "localdate", lambda value=None, tz=None: holder.day if value is None
                        else real(value, tz))  # fmt: skip
    return holder


def figures_as_of(page: str) -> str:
    element = html.fromstring(page).get_element_by_id("figures-as-of")
    return " ".join(element.text_content().split())


def docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def test_a_draft_says_once_that_its_figures_are_as_of_today(client, secretary, tree, province_plan, today):
    client.force_login(secretary)
    report = open_report(client, tree.snv)  # due 15/06/2026; today is 20/05/2026
    page = client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    shown = figures_as_of(page)
    assert shown.startswith("Hôm nay, 20/05/2026"), shown
    assert "15/06/2026" not in shown and "lấy từ dữ liệu hôm nay" not in page
    document = docx_text(client.get(reverse("reports:report_download", args=[report.pk]) + "?format=docx").content)
    assert "(số liệu tính đến ngày 20/05/2026)" in document


def test_a_late_draft_is_as_of_its_day_and_a_submitted_one_of_the_day_it_was_frozen_for(
    client, leader, tree, province_plan, today
):
    today.set(datetime.date(2026, 12, 8))
    client.force_login(leader)
    report = open_report(client, tree.snv)  # the first half of 2026, due 15/06/2026
    shown = figures_as_of(client.get(reverse("reports:report_detail", args=[report.pk])).content.decode())
    assert shown.startswith("15/06/2026") and "Hôm nay" not in shown, shown
    write(client, report)
    client.post(reverse("reports:report_submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.is_frozen and report.figures["as_of"] == "2026-06-15"
    today.set(datetime.date(2027, 1, 4))
    shown = figures_as_of(client.get(reverse("reports:report_detail", args=[report.pk])).content.decode())
    assert shown == "15/06/2026 — Đã chốt khi gửi", shown


def test_the_signer_is_filled_from_the_head_post_on_the_report_day_and_can_be_changed(
    client, secretary, tree, province_plan
):
    former = make_person(tree.snv_office, "Đinh Văn", "Cũ", "M", "TN0101")
    director = make_person(tree.snv_office, "Lục Thị", "Giang", "F", "TN0102")
    Post.objects.create(person=former, unit=tree.snv, title="Giám đốc", level="department", rank="head",
                        start_date=datetime.date(2018, 1, 1), end_date=datetime.date(2025, 12, 31))  # fmt: skip
    Post.objects.create(person=director, unit=tree.snv, title="Giám đốc Sở", level="department", rank="head",
                        start_date=datetime.date(2026, 1, 1))  # fmt: skip
    client.force_login(secretary)
    report = open_report(client, tree.snv)
    form = html.fromstring(client.get(reverse("reports:report_edit", args=[report.pk])).content.decode())
    assert form.xpath('//input[@name="signer_title"]/@value') == ["Giám đốc Sở"]
    assert form.xpath('//input[@name="signer_name"]/@value') == ["Lục Thị Giang"]
    assert write(client, report, signer_title="Phó Giám đốc", signer_name="Vi Văn Lãnh").status_code == 302
    report.refresh_from_db()
    assert (report.signer_title, report.signer_name) == ("Phó Giám đốc", "Vi Văn Lãnh")


def test_a_unit_without_a_head_on_the_day_opens_with_an_empty_signer(tree, leader, province_plan):
    report, _created = workflow.open_report(leader, tree.snv, "half_year", "2026-H1")
    assert (report.signer_title, report.signer_name) == ("", "")


def _form_as_rendered(form) -> dict[str, str]:
    data = {}
    for field in form.xpath(".//input[@name]"):
        if field.get("type") not in ("checkbox", "radio", "submit") or field.get("checked") is not None:
            data[field.get("name")] = field.get("value", "")
    for select in form.xpath(".//select[@name]"):
        chosen = select.xpath("./option[@selected]") or select.xpath("./option")
        data[select.get("name")] = chosen[0].get("value", "") if chosen else ""
    for area in form.xpath(".//textarea[@name]"):
        data[area.get("name")] = area.text or ""
    return data


@pytest.mark.parametrize("day", [datetime.date(2026, 12, 8), datetime.date(2026, 3, 2)])
def test_the_open_report_form_opens_a_report_as_it_is_rendered(client, secretary, tree, province_plan, today, day):
    today.set(day)
    client.force_login(secretary)
    page = html.fromstring(client.get(reverse("reports:report_list")).content.decode())
    form = page.get_element_by_id("open-report")
    response = client.post(form.get("action"), _form_as_rendered(form))
    report = Report.objects.get(unit=tree.snv)
    assert response.status_code == 302 and response.url == reverse("reports:report_detail", args=[report.pk])
    assert report.period == ("2026" if day.month > 7 else "2026-H1")


def test_an_empty_section_is_left_out_of_the_document(client, leader, tree, province_plan):
    client.force_login(leader)
    report = open_report(client, tree.snv)
    write(client, report, recommendations="")
    text = docx_text(client.get(reverse("reports:report_download", args=[report.pk]) + "?format=docx").content)
    lines = [line.strip() for line in text.splitlines()]
    assert "—" not in lines and "KIẾN NGHỊ, ĐỀ XUẤT" not in text
    headings = [line for line in lines if re.match(r"^[IVX]+\. ", line)]
    assert [h.split(".")[0] for h in headings] == ["I", "II", "III"], headings


def test_table_1_is_in_the_results_without_a_page_break_and_not_repeated_in_the_annex(
    client, leader, tree, province_plan
):
    client.force_login(leader)
    report = open_report(client, tree.snv)
    write(client, report)
    document = Document(
        io.BytesIO(client.get(reverse("reports:report_download", args=[report.pk]) + "?format=docx").content)
    )
    texts = [p.text for p in document.paragraphs]
    caption = "Bảng 1. Các chỉ tiêu bình đẳng giới"
    assert texts.count(caption) == 1
    results = texts.index("I. KẾT QUẢ ĐẠT ĐƯỢC")
    assert results < texts.index(caption) < texts.index("II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN")
    between = document.paragraphs[results : texts.index(caption) + 1]
    for paragraph in between:
        xml = paragraph._p.xml
        assert 'w:type="page"' not in xml and "pageBreakBefore" not in xml, paragraph.text
    indicator_tables = [
        table for table in document.tables if any("Chỉ tiêu kế hoạch" in cell.text for cell in table.rows[0].cells)
    ]
    assert len(indicator_tables) == 1


def test_the_summary_counts_late_by_the_rule_the_table_shows(client, leader, province_admin, tree, province_plan):
    client.force_login(leader)
    report = open_report(client, tree.snv, period="2025-H1")  # due 15/06/2025
    write(client, report)
    client.post(reverse("reports:report_submit", args=[report.pk]))
    Report.objects.filter(pk=report.pk).update(submitted_at=datetime.datetime(2025, 12, 8, 2, tzinfo=UTC))
    client.force_login(province_admin)
    client.post(reverse("reports:report_accept", args=[report.pk]), {"comment": ""})
    assert Report.objects.get(pk=report.pk).status == "accepted"
    page = client.get(reverse("reports:submissions") + f"?unit={tree.province.pk}&period=2025-H1").content.decode()
    tree_html = html.fromstring(page)
    counts = " ".join(tree_html.get_element_by_id("submission-counts").text_content().split())
    rows = tree_html.xpath('//table[@id="submissions"]/tbody/tr')
    late_rows = [row for row in rows if "Chậm" in row.text_content() or row.get("data-state") == "missing"]
    assert "Chậm 176 ngày" in page
    assert f"chậm: {len(late_rows)}" in counts and len(late_rows) == 3, counts  # Sở Nội vụ, Sở Y tế, the commune
    table = client.get(f"/api/reports/submissions/?unit={tree.province.code}&period=2025-H1").json()
    late = {row["unit"]: (row["late"], row["late_days"]) for row in table["rows"]}
    assert late == {"TN-SNV": (True, 176), "TN-SYT": (True, 0), "TN-HL": (True, 0)}
    assert table["counts"]["late"] == 3 and table["counts"]["accepted"] == 1


def test_dhis2_complete_date_is_the_day_in_vietnam(client, leader, tree, province_plan):
    client.force_login(leader)
    report = open_report(client, tree.snv)
    write(client, report)
    client.post(reverse("reports:report_submit", args=[report.pk]))
    # 20:30 UTC on 15/06 is 03:30 on 16/06 in Vietnam.
    Report.objects.filter(pk=report.pk).update(submitted_at=datetime.datetime(2026, 6, 15, 20, 30, tzinfo=UTC))
    response = client.get(reverse("reports:report_dhis2", args=[report.pk]))
    assert json.loads(response.content)["completeDate"] == "2026-06-16"
