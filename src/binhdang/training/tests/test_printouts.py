"""The printable attendance sheet and list of participants, and the list as an Excel file."""

from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import load_workbook

from binhdang.core.models import AuditEntry
from binhdang.training.models import Attendance
from binhdang.training.tests.conftest import FIRST_DAY, enrol, guest


def test_attendance_sheet_lists_everyone_with_a_signature_column_per_day(client, course, people, secretary):
    enrol(course.course, people.ha, course.snv_nomination)
    enrol(course.course, people.yen, course.syt_nomination)
    guest(course.course)
    client.force_login(secretary)
    page = client.get(reverse("training:attendance_sheet", args=[course.course.pk])).content.decode()
    for text in ("Lớp tập huấn 2", "11/07/2025", "12/07/2025", "Hội trường Sở Nội vụ", "Nguyễn Thị Hà",
                 "Hoàng Thị Yến", "Đinh Thị Khách", "Phòng Nghiệp vụ Y", "Hội Liên hiệp Phụ nữ tỉnh"):  # fmt: skip
        assert text in page, text
    # names in the Vietnamese order (by given name): Hà, Khách, Yến
    assert page.index("Nguyễn Thị Hà") < page.index("Đinh Thị Khách") < page.index("Hoàng Thị Yến")
    # two signature cells per row: 3 participants and 5 blank lines
    assert page.count('<td class="sign"></td>') == 2 * (3 + 5)
    assert "training/training.css" in page  # the print style sheet (A4, no navigation)


def test_participant_list_as_xlsx_holds_the_names_and_is_audited(client, course, people, secretary):
    ha = enrol(course.course, people.ha, course.snv_nomination)
    Attendance.objects.create(participant=ha, day=FIRST_DAY, present=True)
    guest(course.course)
    client.force_login(secretary)
    url = reverse("training:participant_list", args=[course.course.pk])
    assert "Nguyễn Thị Hà" in client.get(url).content.decode()
    response = client.get(url, {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Lớp tập huấn 2"
    names = [row[1] for row in rows[6:]]
    assert names == ["Nguyễn Thị Hà", "Đinh Thị Khách"]
    assert rows[6][3] == "Văn phòng Sở"
    assert AuditEntry.objects.filter(action="export", model="training.participant", actor=secretary).exists()


def test_nominated_agency_exports_only_its_own_participants(client, course, people, other_secretary):
    enrol(course.course, people.ha, course.snv_nomination)
    enrol(course.course, people.yen, course.syt_nomination)
    client.force_login(other_secretary)
    response = client.get(reverse("training:participant_list", args=[course.course.pk]), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = {cell for row in sheet.iter_rows(values_only=True) for cell in row}
    assert "Hoàng Thị Yến" in values and "Nguyễn Thị Hà" not in values


def test_ethnic_minority_column_is_for_roles_that_see_sensitive_data(client, english, course, people, secretary,
                                                                     hr_officer):  # fmt: skip
    enrol(course.course, people.ha, course.snv_nomination)  # Hà is Tày
    url = reverse("training:participant_list", args=[course.course.pk])
    client.force_login(hr_officer)
    assert "<th>Ethnic minority</th>" in client.get(url).content.decode()
    client.force_login(secretary)
    page = client.get(url).content.decode()
    assert "Nguyễn Thị Hà" in page and "<th>Ethnic minority</th>" not in page
