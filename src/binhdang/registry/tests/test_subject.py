"""A data-subject request (Nghị định 13/2023): an HR officer or administrator sees, exports, corrects and
erases everything held about one person; nobody else can."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from binhdang.core.models import AuditEntry
from binhdang.core.tests.formulas import text_values
from binhdang.registry.models import Employment, ForeignLanguage, Person, Post, TrainingRecord


@pytest.fixture
def ha_everywhere(tree, people, secretary, hr_officer):
    """Hà with a language, a training record, a place in a class and a change in the audit log."""
    from django.test import Client

    from binhdang.training.models import Participant, TrainingClass

    ForeignLanguage.objects.create(person=people.ha, language="Tiếng Anh", level="B1")
    TrainingRecord.objects.create(
        person=people.ha,
        kind="gender_mainstreaming",
        course="Kỹ năng lãnh đạo của nữ",
        start_date=datetime.date(2024, 5, 1),
    )
    course = TrainingClass.objects.create(
        organiser=tree.snv, title="Lớp tập huấn giới", start_date=datetime.date(2025, 7, 11),
        end_date=datetime.date(2025, 7, 12), venue="Hội trường", created_by=secretary,
    )  # fmt: skip
    Participant.objects.create(training_class=course, person=people.ha, score_before=5, score_after=9)
    editor = Client()
    editor.force_login(hr_officer)
    from conftest import edit_person_data

    response = editor.post(
        reverse("registry:person_edit", args=[people.ha.pk]), edit_person_data(people.ha, given_name="Hạ")
    )
    assert response.status_code == 302
    people.ha.refresh_from_db()
    return people.ha


def test_hr_officer_sees_everything_held_about_a_person(client, hr_officer, ha_everywhere):
    client.force_login(hr_officer)
    page = client.get(reverse("registry:person_detail", args=[ha_everywhere.pk])).content.decode()
    assert reverse("registry:subject_detail", args=[ha_everywhere.pk]) in page
    page = client.get(reverse("registry:subject_detail", args=[ha_everywhere.pk])).content.decode()
    for text in ("Nguyễn Thị", "TN0001", "Chánh Văn phòng", "Tiếng Anh", "Kỹ năng lãnh đạo của nữ", "Lớp tập huấn giới",
                 "Văn phòng Sở"):  # fmt: skip
        assert text in page, text
    assert 'id="subject-audit"' in page and "Hạ" in page  # the audit entry of the change of name
    assert reverse("registry:person_edit", args=[ha_everywhere.pk]) in page  # correct
    assert reverse("registry:fact_edit", args=["post", ha_everywhere.posts.get().pk]) in page


def test_secretary_leader_and_other_agency_cannot_handle_a_request(
    client, secretary, leader, other_secretary, viewer, ha_everywhere
):
    for user, status in ((secretary, 403), (leader, 403), (viewer, 403), (other_secretary, 403)):
        client.force_login(user)
        for name in ("subject_detail", "subject_export", "subject_erase"):
            assert client.get(reverse(f"registry:{name}", args=[ha_everywhere.pk])).status_code == status, (user, name)
        page = client.get(reverse("registry:person_detail", args=[ha_everywhere.pk])).content.decode()
        assert 'id="subject-link"' not in page


def test_hr_officer_of_a_division_cannot_reach_someone_outside_it(client, hr_officer, people):
    client.force_login(hr_officer)  # Văn phòng Sở; Bình works in Phòng Công chức, viên chức
    assert client.get(reverse("registry:subject_detail", args=[people.binh.pk])).status_code == 404
    erase = client.post(reverse("registry:subject_erase", args=[people.binh.pk]), {"confirm": "TN0002"})
    assert erase.status_code == 404
    assert Person.objects.filter(pk=people.binh.pk).exists()


def test_export_as_json_and_xlsx_holds_the_data_and_is_audited(client, hr_officer, ha_everywhere):
    client.force_login(hr_officer)
    url = reverse("registry:subject_export", args=[ha_everywhere.pk])
    body = json.loads(client.get(url, {"format": "json"}).content)
    assert body["person_id"] == ha_everywhere.pk
    assert body["sections"]["person"]["records"][0]["employee_code"] == "TN0001"
    assert body["sections"]["language"]["records"][0]["language"] == "Tiếng Anh"
    assert body["sections"]["participation"]["records"][0]["training_class"].startswith("Lớp tập huấn giới")
    assert body["sections"]["audit"]["records"]
    response = client.get(url, {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    values = text_values(response.content)  # no formula anywhere
    assert "TN0001" in values and "Tiếng Anh" in values
    assert len(load_workbook(io.BytesIO(response.content)).sheetnames) == len(body["sections"])
    exports = AuditEntry.objects.filter(action="export", model="registry.person", object_id=ha_everywhere.pk)
    assert sorted(exports.values_list("changes__format", flat=True)) == ["json", "xlsx"]
    assert set(exports.values_list("actor", flat=True)) == {hr_officer.pk}


def test_erasure_removes_the_personal_data_and_records_only_the_erasure(client, province_admin, ha_everywhere, tree):
    from binhdang.reports.models import Report
    from binhdang.training.models import Participant

    # given a report submitted with Hà counted in it
    frozen = {"counts": {"staff_women": [2, 3]}}
    report = Report.objects.create(
        unit=tree.snv, kind="annual", period="2025", as_of=datetime.date(2025, 12, 31), status="submitted",
        figures=frozen,
    )  # fmt: skip
    pk = ha_everywhere.pk
    client.force_login(province_admin)
    # when the code typed is wrong, nothing is erased
    refused = client.post(reverse("registry:subject_erase", args=[pk]), {"confirm": "TN0003"})
    assert refused.status_code == 200 and Person.objects.filter(pk=pk).exists()
    # when the administrator confirms with Hà's employee code
    response = client.post(reverse("registry:subject_erase", args=[pk]), {"confirm": "TN0001"})
    assert response.status_code == 302
    # then nothing personal of Hà is left
    assert not Person.objects.filter(pk=pk).exists()
    for model in (Employment, Post, ForeignLanguage, TrainingRecord):
        assert not model.objects.filter(person_id=pk).exists()
    assert not Participant.objects.filter(person_id=pk).exists()
    everything = json.dumps(list(AuditEntry.objects.values()), ensure_ascii=False, default=str)
    for value in ("Nguyễn Thị", "TN0001", "Hạ", "Tiếng Anh", "Kỹ năng lãnh đạo của nữ"):
        assert value not in everything, value
    # and one audit entry says who erased which person's records, without the values
    erasure = AuditEntry.objects.get(changes__has_key="erasure")
    assert erasure.actor == province_admin and erasure.object_id == pk
    records = erasure.changes["erasure"]["records"]
    assert records["registry.person"] == 1 and records["registry.foreignlanguage"] == 1
    assert records["training.participant"] == 1 and records["core.auditentry"] >= 1
    # and the report's frozen counts stay
    report.refresh_from_db()
    assert report.figures == frozen
