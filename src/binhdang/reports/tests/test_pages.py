"""The reports pages as the personas see them: opening and writing a report, submitting, reviewing,
the table of who has reported, reminders, the documents and the DHIS2 export."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from conftest import make_user
from django.core import mail
from django.urls import reverse
from docx import Document

from binhdang.agenda.models import Reminder
from binhdang.plans.models import Plan, ReportDeadline
from binhdang.reports.models import DocumentTemplate, Report
from binhdang.reports.rendering import default_template


@pytest.fixture
def province_plan(tree):
    plan = Plan.objects.create(title="Kế hoạch của tỉnh", issuer=tree.province, period_start=2021, period_end=2030)
    ReportDeadline.objects.create(
        plan=plan, kind="half_year", due_date=datetime.date(2021, 6, 15), recurring=True, reporter="subordinates"
    )
    ReportDeadline.objects.create(
        plan=plan, kind="annual", due_date=datetime.date(2021, 12, 15), recurring=True, reporter="subordinates"
    )
    return plan


def open_report(client, unit, period="2026-H1") -> Report:
    response = client.post(reverse("reports:report_create"), {"unit": unit.pk, "period": period})
    assert response.status_code == 302, response.content
    return Report.objects.get(unit=unit, period=period)


TEXT = {
    "results": "Tổ chức tọa đàm nhân ngày Quốc tế Phụ nữ 8/3 với 45 người tham gia.",
    "shortcomings": "Tỷ lệ nữ trong diện quy hoạch còn thấp.",
    "next_steps": "Rà soát, bổ sung quy hoạch cán bộ nữ.",
    "recommendations": "",
    "number": "15/BC-SNV",
    "signer_authority_form": "KT.",
    "signer_authority": "GIÁM ĐỐC",
    "signer_title": "PHÓ GIÁM ĐỐC",
    "signer_name": "Vi Văn Lãnh",
    "recipients_text": "Ban VSTBPN tỉnh (b/c);\nLưu: VT.",
}


def write(client, report: Report, **changes) -> object:
    report.refresh_from_db()
    return client.post(reverse("reports:report_edit", args=[report.pk]), {**TEXT, "version": report.version, **changes})


def test_secretary_opens_and_writes_the_report_and_sees_live_figures(client, secretary, tree, people, province_plan):
    client.force_login(secretary)
    report = open_report(client, tree.snv)
    assert report.due_date == datetime.date(2026, 6, 15)
    page = client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert "live, from today" in page or "số liệu hiện tại" in page or "từ số liệu" in page
    assert 'data-code="party_women"' in page
    assert write(client, report).status_code == 302
    report.refresh_from_db()
    assert report.results.startswith("Tổ chức tọa đàm") and report.recipients == ["Ban VSTBPN tỉnh (b/c);", "Lưu: VT."]
    # The secretary may not submit: the submit button is not there.
    page = client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert 'id="submit-report"' not in page


def test_two_people_editing_the_same_draft_do_not_overwrite_each_other(client, secretary, leader, tree, province_plan):
    client.force_login(secretary)
    report = open_report(client, tree.snv)
    stale_version = report.version
    assert write(client, report).status_code == 302
    client.force_login(leader)
    response = client.post(
        reverse("reports:report_edit", args=[report.pk]), {**TEXT, "results": "Bản khác", "version": stale_version}
    )
    assert response.status_code == 200
    assert "Someone else saved" in response.content.decode() or "Người khác đã lưu" in response.content.decode()
    report.refresh_from_db()
    assert report.results == TEXT["results"]


def test_leader_submits_and_the_frozen_report_cannot_be_edited(client, secretary, leader, tree, people, province_plan):
    client.force_login(secretary)
    report = open_report(client, tree.snv)
    write(client, report)
    client.force_login(leader)
    client.post(reverse("reports:report_submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == "submitted" and report.figures["indicators"]
    before = (report.results, report.version)
    response = write(client, report, results="Sửa sau khi gửi")
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.results, report.version) == before
    # Submitting twice says so and changes nothing.
    response = client.post(reverse("reports:report_submit", args=[report.pk]), follow=True)
    assert "submitted on" in response.content.decode() or "đã được gửi" in response.content.decode()
    assert report.events.filter(action="submitted").count() == 1


def test_submitting_without_required_sections_names_them(client, leader, tree, province_plan):
    client.force_login(leader)
    report = open_report(client, tree.snv)
    response = client.post(reverse("reports:report_submit", args=[report.pk]), follow=True)
    page = response.content.decode()
    assert "Kết quả đạt được" in page or "Results achieved" in page
    report.refresh_from_db()
    assert report.status == "draft"


def test_province_returns_with_a_comment_and_accepts_the_corrected_report(
    client, secretary, leader, province_admin, tree, people, province_plan
):
    client.force_login(secretary)
    report = open_report(client, tree.snv)
    write(client, report)
    client.force_login(leader)
    client.post(reverse("reports:report_submit", args=[report.pk]))
    client.force_login(province_admin)
    page = client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert 'id="accept-report"' in page and 'id="return-report"' in page
    client.post(reverse("reports:report_return", args=[report.pk]), {"comment": "Bổ sung số liệu tập huấn."})
    report.refresh_from_db()
    assert report.status == "returned"
    client.force_login(secretary)
    assert write(client, report, results=TEXT["results"] + " Đã bổ sung.").status_code == 302
    client.force_login(leader)
    client.post(reverse("reports:report_submit", args=[report.pk]))
    client.force_login(province_admin)
    client.post(reverse("reports:report_accept", args=[report.pk]), {"comment": ""})
    report.refresh_from_db()
    assert report.status == "accepted"
    page = client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert "Bổ sung số liệu tập huấn." in page


def test_another_agency_cannot_see_or_accept_sở_nội_vụ_report(client, leader, other_secretary, tree, province_plan):
    client.force_login(leader)
    report = open_report(client, tree.snv)
    client.force_login(other_secretary)
    assert client.get(reverse("reports:report_detail", args=[report.pk])).status_code == 404
    assert client.post(reverse("reports:report_accept", args=[report.pk])).status_code == 404
    report.refresh_from_db()
    assert report.status == "draft"


def test_the_province_sees_who_is_late_and_reminds_them(client, leader, province_admin, tree, province_plan):
    syt_leader = make_user("syt.lanhdao", "leader", tree.syt, "Lò Văn Y")
    syt_leader.email = "syt@example.vn"
    syt_leader.save()
    client.force_login(leader)
    report = open_report(client, tree.snv)
    write(client, report)
    client.post(reverse("reports:report_submit", args=[report.pk]))
    client.force_login(province_admin)
    url = reverse("reports:submissions") + f"?unit={tree.province.pk}&period=2020-H1"
    page = client.get(url).content.decode()
    assert 'data-unit="TN-SYT"' in page
    # Half-year 2026: Sở Nội vụ submitted (on time or not depends on today); Sở Y tế has nothing yet.
    page = client.get(reverse("reports:submissions") + f"?unit={tree.province.pk}&period=2026-H1").content.decode()
    assert 'data-state="on_time" data-unit="TN-SNV"' in page or 'data-state="late" data-unit="TN-SNV"' in page
    response = client.post(reverse("reports:send_reminder"), {"unit": tree.province.pk, "period": "2026-H1"})
    assert response.status_code == 302
    reminder = Reminder.objects.get(user=syt_leader)
    assert "Sở Y tế" in reminder.title
    assert [message.to for message in mail.outbox] == [["syt@example.vn"]]
    assert not Reminder.objects.filter(user=leader).exists()


def test_the_word_file_is_an_official_document(client, leader, tree, people, province_plan):
    client.force_login(leader)
    report = open_report(client, tree.snv)
    write(client, report)
    response = client.get(reverse("reports:report_download", args=[report.pk]) + "?format=docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells
    assert "SỞ NỘI VỤ" in cells and "15/BC-SNV" in cells
    assert "BÁO CÁO" in text and "6 tháng đầu năm 2026" in text.replace("first half of", "6 tháng đầu năm")
    assert "Tổ chức tọa đàm nhân ngày Quốc tế Phụ nữ" in text
    assert "KT. GIÁM ĐỐC" in cells and "Vi Văn Lãnh" in cells


def test_the_pdf_is_made_by_libreoffice(client, leader, tree, province_plan):
    client.force_login(leader)
    report = open_report(client, tree.snv)
    write(client, report)
    response = client.get(reverse("reports:report_download", args=[report.pk]) + "?format=pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_a_broken_template_is_refused_and_the_built_in_one_stays(client, province_admin, tree):
    client.force_login(province_admin)
    url = reverse("reports:template_list") + f"?unit={tree.province.pk}"
    bad = io.BytesIO(b"PK\x03\x04 not a real docx")
    bad.name = "mau.docx"
    response = client.post(url, {"name": "Mẫu hỏng", "file": bad})
    assert response.status_code == 200
    assert not DocumentTemplate.objects.exists()
    good = io.BytesIO(default_template())
    good.name = "mau.docx"
    response = client.post(url, {"name": "Mẫu của tỉnh", "file": good})
    assert response.status_code == 302
    assert DocumentTemplate.objects.get().unit == tree.province


def test_dhis2_export_needs_a_submitted_report(client, leader, tree, province_plan):
    client.force_login(leader)
    report = open_report(client, tree.snv)
    response = client.get(reverse("reports:report_dhis2", args=[report.pk]))
    assert response.status_code == 302
    write(client, report)
    client.post(reverse("reports:report_submit", args=[report.pk]))
    body = json.loads(client.get(reverse("reports:report_dhis2", args=[report.pk])).content)
    assert body["period"] == "2026S1" and body["orgUnit"] == "TN-SNV"
    csv_text = client.get(reverse("reports:report_dhis2", args=[report.pk]) + "?format=csv").content.decode()
    assert csv_text.startswith("dataelement,period,orgunit,")


def test_viewer_sees_the_report_with_small_counts_hidden(client, leader, viewer, tree, people, province_plan):
    client.force_login(leader)
    report = open_report(client, tree.snv)
    client.force_login(viewer)
    page = client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert 'data-code="party_women"' in page and "&lt;5" in page
    assert 'id="submit-report"' not in page and "Nguyễn Thị Hà" not in page
    assert "Báo cáo 6 tháng đầu năm 2026 — Sở Nội vụ" in page


def test_an_annual_report_is_titled_once_with_its_year(client, leader, tree, province_plan):
    client.force_login(leader)
    report = open_report(client, tree.snv, "2026")
    page = client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert "Báo cáo năm 2026 — Sở Nội vụ" in page


def test_the_form_of_a_returned_report_shows_what_the_unit_above_asked(
    client, leader, province_admin, tree, people, province_plan
):
    from binhdang.reports import workflow

    report, _created = workflow.open_report(leader, tree.snv, "half_year", "2026-H1")
    for name in ("results", "shortcomings", "next_steps"):
        setattr(report, name, TEXT[name])
    report.save()
    workflow.submit(report, leader)
    workflow.return_report(report, province_admin, "Bổ sung số người được tập huấn.")
    client.force_login(leader)
    page = client.get(reverse("reports:report_edit", args=[report.pk])).content.decode()
    assert 'id="return-comment"' in page and "Bổ sung số người được tập huấn." in page


def _indicator_cells(content: bytes, code: str) -> list[str]:
    """The row of the Word file's indicator table for one indicator, as cell texts."""
    from django.utils import translation

    from binhdang.indicators.catalogue import BY_CODE

    with translation.override("vi"):
        name = str(BY_CODE[code].name)
    document = Document(io.BytesIO(content))
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    return next(row for row in rows if len(row) > 2 and row[1] == name)


def test_a_viewer_downloads_the_report_with_the_small_counts_hidden_as_on_the_page(
    client, leader, viewer, tree, people, province_plan
):
    client.force_login(leader)
    report = open_report(client, tree.snv)
    url = reverse("reports:report_download", args=[report.pk]) + "?format=docx"
    assert _indicator_cells(client.get(url).content, "party_women")[2] != "—"
    client.force_login(viewer)
    assert _indicator_cells(client.get(url).content, "party_women")[2] == "—"


def test_a_viewer_cannot_export_the_raw_counts_to_dhis2(client, leader, viewer, tree, province_plan):
    client.force_login(leader)
    report = open_report(client, tree.snv)
    write(client, report)
    client.post(reverse("reports:report_submit", args=[report.pk]))
    client.force_login(viewer)
    assert client.get(reverse("reports:report_dhis2", args=[report.pk])).status_code == 403


def test_a_return_with_markup_in_the_comment_is_refused_with_its_reason(client, leader, province_admin, tree,
                                                                         province_plan):  # fmt: skip
    client.force_login(leader)
    report = open_report(client, tree.snv)
    write(client, report)
    client.post(reverse("reports:report_submit", args=[report.pk]))
    client.force_login(province_admin)
    response = client.post(
        reverse("reports:report_return", args=[report.pk]), {"comment": "<script>x</script>"}, follow=True
    )
    report.refresh_from_db()
    assert report.status == "submitted" and not report.events.filter(action="returned").exists()
    assert "Ý kiến không được chứa ký tự “&lt;” hoặc “&gt;”." in response.content.decode()


def test_an_unknown_signing_form_is_refused(client, leader, tree, province_plan):
    client.force_login(leader)
    report = open_report(client, tree.snv)
    response = write(client, report, signer_authority_form="XYZ")
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.signer_authority_form == "" and report.results == ""


def test_an_attachment_removed_or_deleted_with_its_report_leaves_no_file(
    client, secretary, tree, province_plan, settings, django_capture_on_commit_callbacks
):
    from pathlib import Path

    client.force_login(secretary)
    report = open_report(client, tree.snv)
    url = reverse("reports:attachment_upload", args=[report.pk])
    for name in ("Phụ lục 1.pdf", "Phụ lục 2.pdf"):
        upload = io.BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
        upload.name = name
        client.post(url, {"file": upload})
    first, second = report.attachments.order_by("pk")
    stored = [Path(settings.MEDIA_ROOT) / a.file.name for a in (first, second)]
    assert all(path.exists() for path in stored)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:attachment_delete", args=[first.pk]))
    assert not stored[0].exists() and stored[1].exists()
    with django_capture_on_commit_callbacks(execute=True):
        Report.objects.filter(pk=report.pk).delete()
    assert not stored[1].exists()
