"""Tasks of a plan: written by who manages the plan, reported on by the unit in charge, listed as "my tasks"."""

from __future__ import annotations

import datetime
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from binhdang.plans.models import Plan, Task, TaskProgress

TODAY = datetime.date.today()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64  # what the upload check reads: the signature


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def english(client):
    """Messages are checked by their English text: it does not depend on the state of the Vietnamese catalogue."""
    client.cookies["django_language"] = "en"


@pytest.fixture
def plan(tree):
    return Plan.objects.create(title="Kế hoạch của Sở Nội vụ", issuer=tree.snv, period_start=2021, period_end=2030)


@pytest.fixture
def task(plan, tree):
    return Task.objects.create(
        plan=plan, label="III.1", text="Tổ chức tọa đàm về bình đẳng giới", unit_in_charge=tree.snv_office,
        due_date=TODAY - datetime.timedelta(days=2),
    )  # fmt: skip


def task_data(task=None, **changes):
    data = {
        "label": "III.2",
        "text": "Rà soát quy hoạch cán bộ nữ",
        "unit_in_charge": "",
        "unit_in_charge_text": "",
        "cooperating_text": "",
        "recurrence": "once",
        "due_date": "",
        "status": "not_started",
    }
    if task is not None:
        data.update(
            label=task.label, text=task.text, unit_in_charge=task.unit_in_charge_id or "", recurrence=task.recurrence,
            due_date=task.due_date.strftime("%d/%m/%Y") if task.due_date else "", status=task.status,
            version=task.version,
        )  # fmt: skip
    data.update(changes)
    return data


def test_secretary_adds_a_task_with_units_of_the_issuer(client, plan, tree, secretary):
    client.force_login(secretary)
    data = task_data(unit_in_charge=tree.snv_civil.pk, cooperating_units=[tree.snv_office.pk],
                     cooperating_text="Công đoàn Sở", recurrence="yearly", due_date="20/10/2021")  # fmt: skip
    response = client.post(reverse("plans:task_create", args=[plan.pk]), data)
    task = Task.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#task-{task.pk}")
    assert (task.unit_in_charge, task.recurrence, task.due_date) == (
        tree.snv_civil,
        "yearly",
        datetime.date(2021, 10, 20),
    )
    assert list(task.cooperating_units.all()) == [tree.snv_office] and task.cooperating_text == "Công đoàn Sở"
    page = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert "Rà soát quy hoạch cán bộ nữ" in page and "20/10/" in page


def test_a_unit_outside_the_issuer_or_a_repeat_without_date_is_refused(client, plan, tree, secretary):
    client.force_login(secretary)
    url = reverse("plans:task_create", args=[plan.pk])
    assert client.post(url, task_data(unit_in_charge=tree.syt.pk)).status_code == 200
    response = client.post(url, task_data(recurrence="half_yearly"))
    assert (
        response.status_code == 200
        and "A task that repeats needs the date it is first due." in response.content.decode()
    )
    assert not Task.objects.exists()


def test_two_people_editing_a_task_never_overwrite_each_other(client, task, secretary):
    client.force_login(secretary)
    url = reverse("plans:task_edit", args=[task.pk])
    first, second = task_data(task, status="in_progress"), task_data(task, text="Sửa khác")
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    assert response.status_code == 200 and "Someone else saved this record" in response.content.decode()
    task.refresh_from_db()
    assert task.status == "in_progress" and task.text == "Tổ chức tọa đàm về bình đẳng giới" and task.version == 2


def test_progress_note_makes_an_open_edit_form_stale(client, task, secretary, leader):
    client.force_login(secretary)
    stale = task_data(task, status="not_started")
    client.force_login(leader)
    client.post(reverse("plans:task_progress", args=[task.pk]), {"note": "Đã xong", "status": "done"})
    client.force_login(secretary)
    assert client.post(reverse("plans:task_edit", args=[task.pk]), stale).status_code == 200
    task.refresh_from_db()
    assert task.status == "done"


def test_leader_of_the_unit_in_charge_adds_progress_but_cannot_edit(client, task, leader):
    client.force_login(leader)
    page = client.get(reverse("plans:task_detail", args=[task.pk])).content.decode()
    assert 'id="progress-form"' in page and reverse("plans:task_edit", args=[task.pk]) not in page
    response = client.post(
        reverse("plans:task_progress", args=[task.pk]),
        {"note": "Đã tổ chức tọa đàm ngày 20/10", "status": "done", "evidence": SimpleUploadedFile("anh.png", PNG)},
    )
    assert response.status_code == 302
    note = TaskProgress.objects.get()
    task.refresh_from_db()
    assert (note.author, note.status, note.evidence_name, task.status) == (leader, "done", "anh.png", "done")
    assert client.get(reverse("plans:task_edit", args=[task.pk])).status_code == 403
    assert client.post(reverse("plans:task_edit", args=[task.pk]), task_data(task, text="x")).status_code == 403
    assert client.post(reverse("plans:task_delete", args=[task.pk])).status_code == 403
    assert Task.objects.get().text == "Tổ chức tọa đàm về bình đẳng giới"


def test_the_unit_in_charge_reports_on_a_task_of_the_province_plan(client, tree, leader):
    province_plan = Plan.objects.create(
        title="Kế hoạch của tỉnh", issuer=tree.province, period_start=2021, period_end=2030
    )
    task = Task.objects.create(plan=province_plan, text="Báo cáo sơ kết", unit_in_charge=tree.snv)
    client.force_login(leader)
    response = client.post(reverse("plans:task_progress", args=[task.pk]), {"note": "Đã gửi", "status": "in_progress"})
    assert response.status_code == 302 and task.progress.count() == 1


def test_a_unit_not_in_charge_may_not_report_progress(client, plan, tree, hr_officer, viewer, other_secretary):
    task = Task.objects.create(plan=plan, text="Rà soát quy hoạch", unit_in_charge=tree.snv_civil)
    url = reverse("plans:task_progress", args=[task.pk])
    client.force_login(hr_officer)  # Văn phòng Sở: sees the plan, is not in charge of this task
    assert client.post(url, {"note": "x", "status": "done"}).status_code == 403
    client.force_login(viewer)
    assert client.get(reverse("plans:task_detail", args=[task.pk])).status_code == 200
    assert client.post(url, {"note": "x", "status": "done"}).status_code == 403
    client.force_login(other_secretary)
    assert client.get(reverse("plans:task_detail", args=[task.pk])).status_code == 404
    assert client.post(url, {"note": "x", "status": "done"}).status_code == 404
    assert not TaskProgress.objects.exists()


def test_evidence_that_is_not_a_document_is_refused(client, task, leader):
    client.force_login(leader)
    exe = SimpleUploadedFile("bien-ban.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 500)
    response = client.post(
        reverse("plans:task_progress", args=[task.pk]), {"note": "x", "status": "done", "evidence": exe}
    )
    assert (
        response.status_code == 200
        and "This file is not of a kind that can be attached here" in response.content.decode()
    )
    assert not TaskProgress.objects.exists()
    task.refresh_from_db()
    assert task.status == "not_started"


def test_evidence_is_downloaded_only_within_scope(client, task, secretary, leader, viewer, other_secretary):
    note = task.add_progress(leader, "Biên bản tọa đàm", "done", evidence=PNG, evidence_name="bien-ban.png")
    url = reverse("plans:progress_evidence", args=[note.pk])
    for user in (secretary, leader):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
        assert 'filename="bien-ban.png"' in response["Content-Disposition"]
    client.force_login(viewer)
    assert client.get(url).status_code == 403
    client.force_login(other_secretary)
    assert client.get(url).status_code == 404
    assert client.get(note.evidence.url).status_code == 404  # never a public /media/ address


def test_viewer_sees_progress_without_names(client, task, leader, viewer):
    task.add_progress(leader, "Đã tổ chức", "done", evidence=PNG, evidence_name="anh.png")
    client.force_login(viewer)
    page = client.get(reverse("plans:task_detail", args=[task.pk])).content.decode()
    assert "Đã tổ chức" in page and leader.full_name not in page and "progress-form" not in page
    assert reverse("plans:progress_evidence", args=[task.progress.get().pk]) not in page


def test_secretary_deletes_a_task_and_its_evidence_file(client, task, secretary, django_capture_on_commit_callbacks):
    note = task.add_progress(secretary, "Ảnh", "in_progress", evidence=PNG, evidence_name="anh.png")
    stored = note.evidence.path
    client.force_login(secretary)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("plans:task_delete", args=[task.pk])).status_code == 302
    assert not Task.objects.exists() and not TaskProgress.objects.exists()
    assert not os.path.exists(stored)


def test_overdue_task_is_marked_on_the_plan_page(client, task, secretary):
    client.force_login(secretary)
    page = client.get(reverse("plans:plan_detail", args=[task.plan_id])).content.decode()
    assert "0 of 1 tasks done, 1 overdue" in page and 'class="badge overdue"' in page
    task.add_progress(secretary, "Xong", "done")
    page = client.get(reverse("plans:plan_detail", args=[task.plan_id])).content.decode()
    assert "1 of 1 tasks done, 0 overdue" in page and 'class="badge overdue"' not in page


def test_a_yearly_task_is_overdue_until_progress_is_noted(plan, tree):
    task = Task.objects.create(plan=plan, text="Tọa đàm 20/10", recurrence="yearly",
                               due_date=TODAY - datetime.timedelta(days=1), unit_in_charge=tree.snv_office)  # fmt: skip
    assert task.is_overdue(TODAY)
    task.add_progress(None, "Đã tổ chức", "in_progress")
    prefetched = Task.objects.prefetch_related("progress").get(pk=task.pk)
    assert not task.is_overdue(TODAY) and not prefetched.is_overdue(TODAY)


# --- My tasks ---------------------------------------------------------------------------------------------


def test_my_tasks_lists_the_units_tasks_overdue_first(client, plan, tree, leader, other_secretary):
    Task.objects.create(plan=plan, text="Việc sau", unit_in_charge=tree.snv_civil,
                                due_date=TODAY + datetime.timedelta(days=10))  # fmt: skip
    Task.objects.create(plan=plan, text="Việc trễ", unit_in_charge=tree.snv_office,
                               due_date=TODAY - datetime.timedelta(days=10))  # fmt: skip
    Task.objects.create(plan=plan, text="Việc xong", unit_in_charge=tree.snv_office, status="done")
    other = Plan.objects.create(title="Kế hoạch Sở Y tế", issuer=tree.syt, period_start=2021, period_end=2030)
    Task.objects.create(plan=other, text="Việc của Sở Y tế", unit_in_charge=tree.syt_medical)
    client.force_login(leader)
    page = client.get(reverse("plans:task_list")).content.decode()
    assert page.index("Việc trễ") < page.index("Việc sau") and "Việc xong" in page
    assert "Việc của Sở Y tế" not in page and "Tasks: 3" in page
    overdue = client.get(reverse("plans:task_list"), {"overdue": "on"}).content.decode()
    assert "Việc trễ" in overdue and "Việc sau" not in overdue
    by_status = client.get(reverse("plans:task_list"), {"status": "done"}).content.decode()
    assert "Việc xong" in by_status and "Việc trễ" not in by_status
    client.force_login(other_secretary)
    page = client.get(reverse("plans:task_list")).content.decode()
    assert "Việc của Sở Y tế" in page and "Việc trễ" not in page


def test_my_tasks_of_a_division_are_its_own(client, plan, tree, hr_officer):
    Task.objects.create(plan=plan, text="Việc của Văn phòng", unit_in_charge=tree.snv_office)
    Task.objects.create(plan=plan, text="Việc của Phòng Công chức", unit_in_charge=tree.snv_civil)
    client.force_login(hr_officer)
    page = client.get(reverse("plans:task_list")).content.decode()
    assert "Việc của Văn phòng" in page and "Việc của Phòng Công chức" not in page


def test_my_tasks_ignores_nonsense_filters(client, plan, secretary):
    client.force_login(secretary)
    for query in ({"status": "\x00"}, {"page": "9" * 30}, {"overdue": "x" * 1000}, {"status": "💩"}):
        assert client.get(reverse("plans:task_list"), query).status_code == 200
