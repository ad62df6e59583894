"""The activity pages as each persona uses them: recording, reading, editing, deleting, filtering."""

from __future__ import annotations

import datetime

from django.urls import reverse

from binhdang.activities.models import Activity
from binhdang.activities.tests.helpers import form_data, make_activity, vi
from binhdang.core.models import AuditEntry


def test_secretary_records_an_activity_for_sở_nội_vụ(client, secretary, tree, snv_task):
    # given the committee secretary of Sở Nội vụ
    client.force_login(secretary)
    # when she records a seminar carrying out a task of her plan
    response = client.post(
        reverse("activities:activity_create"), form_data(tree.snv_office, task=snv_task.pk, end_date="13/05/2026")
    )
    # then it is saved with who recorded it, and its page shows it
    activity = Activity.objects.get()
    assert response.status_code == 302 and response.url == reverse("activities:activity_detail", args=[activity.pk])
    assert (activity.unit, activity.task, activity.created_by) == (tree.snv_office, snv_task, secretary)
    assert activity.end_date == datetime.date(2026, 5, 13)
    assert activity.cost == 1_500_000
    page = client.get(response.url).content.decode()
    assert "Hội thảo lồng ghép giới trong xây dựng chính sách" in page
    assert "12/05/2026 – 13/05/2026" in page
    assert "1.500.000" in page or "1,500,000" in page
    assert AuditEntry.objects.filter(model="activities.activity", object_id=activity.pk, action="create").exists()


def test_the_form_offers_her_units_and_the_tasks_of_plans_she_works_to(client, secretary, tree, snv_task, syt_task):
    client.force_login(secretary)
    page = client.get(reverse("activities:activity_create")).content.decode()
    assert "Văn phòng Sở" in page and "Sở Y tế" not in page
    assert "Tổ chức tọa đàm, hội thảo về bình đẳng giới" in page
    assert "Tuyên truyền về bình đẳng giới trong ngành y tế" not in page


def test_secretary_edits_her_activity(client, secretary, tree):
    activity = make_activity(tree.snv)
    client.force_login(secretary)
    data = form_data(tree.snv, title="Hội thảo đã đổi tên", version=activity.version)
    response = client.post(reverse("activities:activity_edit", args=[activity.pk]), data)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Hội thảo đã đổi tên"
    assert activity.version == 2


def test_other_secretary_gets_404_for_sở_nội_vụ_activity(client, other_secretary, tree):
    # given an activity of Sở Nội vụ and the secretary of Sở Y tế
    activity = make_activity(tree.snv, title="Tọa đàm riêng của Sở Nội vụ")
    client.force_login(other_secretary)
    # when she opens, edits or deletes it
    for name in ("activity_detail", "activity_edit"):
        assert client.get(reverse(f"activities:{name}", args=[activity.pk])).status_code == 404
    assert client.post(reverse("activities:activity_edit", args=[activity.pk]), form_data(tree.syt)).status_code == 404
    assert client.post(reverse("activities:activity_delete", args=[activity.pk])).status_code == 404
    # then she sees nothing of it and nothing changed
    page = client.get(reverse("activities:activity_list")).content.decode()
    assert "Tọa đàm riêng của Sở Nội vụ" not in page
    activity.refresh_from_db()
    assert activity.title == "Tọa đàm riêng của Sở Nội vụ"


def test_other_secretary_cannot_record_for_sở_nội_vụ(client, other_secretary, tree):
    client.force_login(other_secretary)
    response = client.post(reverse("activities:activity_create"), form_data(tree.snv))
    assert response.status_code == 200
    assert vi("This unit does not exist or is outside your scope.") in response.content.decode()
    assert not Activity.objects.exists()


def test_viewer_sees_list_totals_with_small_counts_hidden_and_no_edit(client, viewer, tree):
    # given two activities: a small one (3 women, 2 men, 1 minority) and a large one
    small = make_activity(
        tree.snv, kind="discussion", participants_female=3, participants_male=2, participants_minority=1
    )
    make_activity(tree.syt, kind="rally", participants_female=40, participants_male=35, participants_minority=7)
    client.force_login(viewer)
    # when the provincial viewer opens the list
    page = client.get(reverse("activities:activity_list")).content.decode()
    # then the totals are shown, the small counts as "<5", and no way to record or edit
    assert "&lt;5" in page
    assert 'id="activity-grand-total"' in page and ">43<" in page and ">37<" in page
    assert reverse("activities:activity_create") not in page
    detail = client.get(reverse("activities:activity_detail", args=[small.pk])).content.decode()
    assert "&lt;5" in detail and reverse("activities:activity_edit", args=[small.pk]) not in detail
    assert client.get(reverse("activities:activity_create")).status_code == 403
    assert client.get(reverse("activities:activity_edit", args=[small.pk])).status_code == 403
    assert client.post(reverse("activities:activity_delete", args=[small.pk])).status_code == 403
    assert Activity.objects.count() == 2


def test_secretary_sees_exact_small_counts(client, secretary, tree):
    make_activity(tree.snv, participants_female=3, participants_male=2, participants_minority=1)
    client.force_login(secretary)
    page = client.get(reverse("activities:activity_list")).content.decode()
    assert "&lt;5" not in page
    assert '<td class="num">3</td>' in page


def test_leader_of_the_unit_records_an_activity(client, leader, tree):
    client.force_login(leader)
    response = client.post(reverse("activities:activity_create"), form_data(tree.snv_civil, kind="discussion"))
    assert response.status_code == 302
    assert Activity.objects.get().unit == tree.snv_civil


def test_hr_officer_records_for_her_division_only(client, hr_officer, tree):
    client.force_login(hr_officer)
    refused = client.post(reverse("activities:activity_create"), form_data(tree.snv))
    assert refused.status_code == 200 and not Activity.objects.exists()
    accepted = client.post(reverse("activities:activity_create"), form_data(tree.snv_office))
    assert accepted.status_code == 302 and Activity.objects.get().unit == tree.snv_office


def test_hr_officer_cannot_reach_another_divisions_activity(client, hr_officer, tree):
    activity = make_activity(tree.snv_civil)
    client.force_login(hr_officer)
    # The division's activity is outside her subtree: not even seen.
    assert client.get(reverse("activities:activity_edit", args=[activity.pk])).status_code == 404


def test_version_conflict_is_refused_and_nothing_saved(client, secretary, leader, tree):
    # given an activity the secretary opened at version 1, then the leader changed it
    activity = make_activity(tree.snv, title="Tọa đàm ban đầu")
    client.force_login(leader)
    assert (
        client.post(
            reverse("activities:activity_edit", args=[activity.pk]),
            form_data(tree.snv, title="Sửa của lãnh đạo", version=1),
        ).status_code
        == 302
    )
    # when the secretary saves her version
    client.force_login(secretary)
    response = client.post(
        reverse("activities:activity_edit", args=[activity.pk]), form_data(tree.snv, title="Sửa của thư ký", version=1)
    )
    # then she is told, and the leader's change stays
    assert response.status_code == 200
    stale = vi(
        "Someone else saved this record while you were editing it. Reload the page to see their change, then make "
        "yours again."
    )
    assert stale in response.content.decode()
    activity.refresh_from_db()
    assert activity.title == "Sửa của lãnh đạo"


def test_deleting_an_activity_removes_it_and_its_files(
    client, secretary, tree, settings, django_capture_on_commit_callbacks
):
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    activity = make_activity(tree.snv)
    client.force_login(secretary)
    upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n% test\n", content_type="application/pdf")
    client.post(reverse("activities:attachment_upload", args=[activity.pk]), {"file": upload})
    stored = Path(settings.MEDIA_ROOT) / activity.attachments.get().file.name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("activities:activity_delete", args=[activity.pk]))
    assert response.status_code == 302
    assert not Activity.objects.exists()
    assert not stored.exists()


def test_list_filters_by_unit_with_its_subtree_kind_year_half_and_task(client, secretary, tree, snv_task):
    make_activity(tree.snv_office, title="Tọa đàm Văn phòng", kind="discussion", start_date=datetime.date(2025, 3, 2))
    make_activity(tree.snv_civil, title="Hội thảo Phòng Công chức", start_date=datetime.date(2025, 9, 2), task=snv_task)
    make_activity(tree.snv, title="Mít tinh của Sở", kind="rally", start_date=datetime.date(2026, 4, 2))
    client.force_login(secretary)
    url = reverse("activities:activity_list")

    def titles(**query: object) -> set[str]:
        page = client.get(url, query).content.decode()
        return {t for t in ("Tọa đàm Văn phòng", "Hội thảo Phòng Công chức", "Mít tinh của Sở") if t in page}

    assert titles() == {"Tọa đàm Văn phòng", "Hội thảo Phòng Công chức", "Mít tinh của Sở"}
    assert titles(unit=tree.snv.pk) == {"Tọa đàm Văn phòng", "Hội thảo Phòng Công chức", "Mít tinh của Sở"}
    assert titles(unit=tree.snv_office.pk) == {"Tọa đàm Văn phòng"}
    assert titles(kind="rally") == {"Mít tinh của Sở"}
    assert titles(year=2025) == {"Tọa đàm Văn phòng", "Hội thảo Phòng Công chức"}
    assert titles(year=2025, half=2) == {"Hội thảo Phòng Công chức"}
    assert titles(task=snv_task.pk) == {"Hội thảo Phòng Công chức"}


def test_list_totals_count_the_filtered_activities_by_kind(client, secretary, tree):
    make_activity(tree.snv, kind="seminar", participants_female=10, participants_male=5, participants_minority=2)
    make_activity(tree.snv, kind="seminar", participants_female=20, participants_male=5, participants_minority=3)
    make_activity(tree.snv, kind="rally", participants_female=50, participants_male=40, participants_minority=0)
    client.force_login(secretary)
    page = client.get(reverse("activities:activity_list"), {"kind": "seminar"}).content.decode()
    seminar_row = page.split('data-kind="seminar"')[1].split("</tr>")[0]
    assert [cell.split("<")[0] for cell in seminar_row.split('class="num">')[1:5]] == ["2", "30", "10", "5"]
    assert 'data-kind="rally"' not in page


def test_an_htmx_request_gets_only_the_results(client, secretary, tree):
    make_activity(tree.snv)
    client.force_login(secretary)
    response = client.get(reverse("activities:activity_list"), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert 'id="activity-totals"' in body and "<html" not in body


def test_a_commemoration_far_from_8_3_and_20_10_shows_a_warning_but_is_saved(client, secretary, tree):
    client.force_login(secretary)
    far = client.post(
        reverse("activities:activity_create"),
        form_data(tree.snv, kind="commemoration", title="Gặp mặt kỷ niệm", start_date="15/06/2026"),
    )
    assert far.status_code == 302
    page = client.get(far.url).content.decode()
    assert 'id="date-warning"' in page and "15/06/2026" in page
    near = make_activity(tree.snv, kind="commemoration", start_date=datetime.date(2026, 3, 7))
    assert 'id="date-warning"' not in client.get(reverse("activities:activity_detail", args=[near.pk])).content.decode()


def test_findings_are_shown_for_inspections_only(client, secretary, tree):
    client.force_login(secretary)
    response = client.post(
        reverse("activities:activity_create"),
        form_data(
            tree.snv,
            kind="inspection",
            title="Kiểm tra thực hiện pháp luật về bình đẳng giới",
            start_date="10/09/2025",
            findings="Tỷ lệ nữ trong quy hoạch đạt 28%.",
            follow_up="Bổ sung nữ vào quy hoạch.",
        ),
    )
    inspection = Activity.objects.get()
    page = client.get(response.url).content.decode()
    assert 'id="findings"' in page and "Tỷ lệ nữ trong quy hoạch đạt 28%." in page
    # Turned into a seminar, the findings go: they belong to inspections.
    client.post(
        reverse("activities:activity_edit", args=[inspection.pk]),
        form_data(tree.snv, findings="Còn lại", version=inspection.version),
    )
    inspection.refresh_from_db()
    assert inspection.findings == "" and 'id="findings"' not in client.get(response.url).content.decode()


def test_the_form_says_the_findings_are_for_inspections(client, secretary, tree):
    client.force_login(secretary)
    page = client.get(reverse("activities:activity_create")).content.decode()
    assert 'id="inspection-fields"' in page and "activity_form.js" in page


def test_the_list_is_in_english_for_an_english_user(client, secretary, tree):
    make_activity(tree.snv)
    client.force_login(secretary)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("activities:activity_list")).content.decode()
    assert "Kind of activity" in page and "seminar" in page
