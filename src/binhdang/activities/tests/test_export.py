"""The filtered list exported as .xlsx: headings in the user's language, real dates shown dd/mm/yyyy."""

from __future__ import annotations

import datetime
import io

from django.urls import reverse
from openpyxl import load_workbook

from binhdang.activities.tests.helpers import make_activity, vi


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith('attachment; filename="hoat-dong-')
    return load_workbook(io.BytesIO(response.content))


def test_export_holds_the_filtered_activities_with_dates_as_dates(client, secretary, tree):
    make_activity(
        tree.snv_office, title="Tọa đàm phụ nữ lãnh đạo", kind="discussion", start_date=datetime.date(2025, 4, 18),
        end_date=datetime.date(2025, 4, 19), cost=3_000_000, venue="Phòng họp",
    )  # fmt: skip
    make_activity(tree.snv, title="Mít tinh Tháng hành động", kind="rally", start_date=datetime.date(2025, 11, 25))
    make_activity(tree.syt, title="Hoạt động của Sở Y tế")
    client.force_login(secretary)
    book = workbook(client.get(reverse("activities:activity_export"), {"kind": "discussion"}))
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == (vi("Date"), vi("Last day"), vi("Org unit"), vi("Kind of activity"), vi("Title"))
    assert len(rows) == 2
    row = rows[1]
    assert row[0] == datetime.datetime(2025, 4, 18) and row[1] == datetime.datetime(2025, 4, 19)
    assert sheet["A2"].number_format == "DD/MM/YYYY"
    assert row[2] == "Văn phòng Sở" and row[4] == "Tọa đàm phụ nữ lãnh đạo" and row[5] == "Phòng họp"
    assert row[8:12] == (30, 12, 5, 3_000_000)


def test_export_has_totals_by_kind(client, secretary, tree):
    make_activity(tree.snv, kind="seminar", participants_female=10, participants_male=4, participants_minority=1)
    make_activity(tree.snv, kind="seminar", participants_female=6, participants_male=6, participants_minority=2)
    make_activity(tree.snv, kind="article", participants_female=0, participants_male=0, participants_minority=0)
    client.force_login(secretary)
    totals = workbook(client.get(reverse("activities:activity_export"))).worksheets[1]
    rows = list(totals.iter_rows(values_only=True))
    assert rows[1][1:5] == (2, 16, 10, 3)
    assert rows[-1][0] == vi("Total") and rows[-1][1:5] == (3, 16, 10, 3)


def test_export_headings_are_in_english_for_an_english_user(client, secretary, tree):
    make_activity(tree.snv)
    client.force_login(secretary)
    client.cookies["django_language"] = "en"
    sheet = workbook(client.get(reverse("activities:activity_export"))).worksheets[0]
    assert sheet["A1"].value == "Date" and sheet["D1"].value == "Kind of activity" and sheet["D2"].value == "seminar"


def test_viewer_export_hides_small_counts(client, viewer, tree):
    make_activity(tree.snv, participants_female=3, participants_male=20, participants_minority=0)
    client.force_login(viewer)
    sheet = workbook(client.get(reverse("activities:activity_export"))).worksheets[0]
    assert [cell.value for cell in sheet[2]][8:11] == ["<5", "×", 0]  # 23 participants less 20 men: hidden


def test_export_holds_only_the_users_scope(client, other_secretary, tree):
    make_activity(tree.snv, title="Hoạt động của Sở Nội vụ")
    client.force_login(other_secretary)
    sheet = workbook(client.get(reverse("activities:activity_export"), {"unit": tree.snv.pk})).worksheets[0]
    assert sheet.max_row == 1
