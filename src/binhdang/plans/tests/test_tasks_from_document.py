"""Tasks read from a plan become work: the unit in charge matched in the tree, how often and by when the task
is due, its "Thời gian" and "Đối tượng" kept."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from conftest import make_user
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from binhdang.plans import drafts
from binhdang.plans.ingest import parse_plan
from binhdang.plans.ingest.schedule import task_when
from binhdang.plans.models import PlanDraft, Recurrence, Task
from binhdang.plans.tests.test_drafts import form_data, review_page
from binhdang.plans.tests.test_unit_matching import SEEDS, demo_department


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_wording_gives_how_often_and_by_when():
    assert task_when("Hàng năm, tiến hành sơ kết, tổng kết") == ("yearly", None)
    assert task_when("Định kỳ hằng năm, Ban … tổ chức sơ kết trước ngày 15/11") == ("yearly", "--11-15")
    assert task_when("Hằng quý báo cáo tiến độ") == ("quarterly", None)
    assert task_when("báo cáo định kỳ 6 tháng (trước ngày 5/6)") == ("half_yearly", "--06-05")
    assert task_when("Thường xuyên củng cố, kiện toàn") == ("continuous", None)
    assert task_when("Tổ chức tọa đàm trong tháng 3") == (None, "--03-31")
    assert task_when("Ban hành kế hoạch trong Quý II năm 2025") == (None, "2025-06-30")
    assert task_when("Tổ chức hội nghị trong năm 2025") == (None, "2025-12-31")
    assert task_when("Hoàn thành trước ngày 15/11/2025") == (None, "2025-11-15")
    assert task_when("Thực hiện tốt tháng hành động vì BĐG") == ("yearly", "--12-15")
    # a school and a budget line are not a rhythm; a term of office and a period are not due dates
    assert task_when("Trung tâm Giáo dục thường xuyên tổ chức") == (None, None)
    assert task_when("từ nguồn chi thường xuyên") == (None, None)
    assert task_when("đại biểu nhiệm kỳ 2021-2026, giai đoạn 2021 - 2030") == (None, None)


def test_a_date_without_year_is_once_in_a_one_year_plan_and_yearly_in_a_longer_one():
    assert drafts.task_due(None, "--03-31", 2021, 2021) == ("once", "31/03/2021")
    assert drafts.task_due(None, "--03-31", 2021, 2030) == ("yearly", "31/03")
    assert drafts.task_due("yearly", "2025-11-15", 2021, 2030) == ("yearly", "15/11")
    assert drafts.task_due("yearly", None, 2021, 2030) == ("yearly", "")
    assert drafts.task_due(None, "2025-06-30", 2021, 2030) == ("once", "30/06/2025")


def test_group_time_frame_and_participants_stay_with_each_task():
    text = (next(SEEDS.glob("002_*.txt"))).read_text(encoding="utf-8")
    tasks = parse_plan(text)["tasks"]
    propaganda = [task for task in tasks if task["label"] == "II.2"]
    assert propaganda and all(task["participants"].startswith("cán bộ quản lý giáo dục") for task in propaganda)
    events = next(task for task in propaganda if task["text"].startswith("Tổ chức các hoạt động tuyên truyền"))
    assert events["due"] == "2021-12-31"


@pytest.mark.django_db
def test_seed_002_confirmed_for_the_education_department_gives_tasks_that_are_work(client: Any):
    # given the demo's Sở Giáo dục và Đào tạo and its committee secretary
    department = demo_department("SGDDT")
    secretary = make_user("sgd.thuky", "secretary", department, "Lý Thị Thư")
    client.force_login(secretary)
    client.cookies["django_language"] = "en"
    seed = next(SEEDS.glob("002_*.txt"))
    # when she uploads seed 002 and confirms it as read
    upload = SimpleUploadedFile(seed.name, seed.read_bytes(), content_type="text/plain")
    assert client.post(reverse("plans:draft_upload"), {"file": upload, "unit": department.pk}).status_code == 302
    draft = PlanDraft.objects.get()
    page = review_page(client, draft)
    data = form_data(page)
    office_row = next(key for key, value in data.items() if str(value).startswith("Văn Phòng Sở GD&ĐT chủ trì"))
    prefix = office_row.rsplit("-", 1)[0]
    assert data[f"{prefix}-unit_in_charge"] == "Văn phòng Sở"  # shown for confirmation as the tree names it
    response = client.post(reverse("plans:draft_review", args=[draft.pk]), {**data, "action": "confirm"})
    assert response.status_code == 302, response.content.decode()[:2000]
    # then the units are those of the tree, with dates where the text has them
    tasks = {task.text[:40]: task for task in Task.objects.select_related("unit_in_charge")}
    by_start = {
        start: next(t for text, t in tasks.items() if text.startswith(start))
        for start in (
            "Văn Phòng Sở GD&ĐT chủ trì",
            "Phòng Thanh tra lồng ghép",
            "Phòng Tổ chức cán bộ là bộ phận",
            "Thực hiện tốt tháng hành động",
            "Tổ chức các hoạt động tuyên truyền các",
        )
    }
    assert by_start["Văn Phòng Sở GD&ĐT chủ trì"].unit_in_charge.code == "LS-SGDDT-VP"
    assert by_start["Phòng Thanh tra lồng ghép"].unit_in_charge.code == "LS-SGDDT-TTR"
    tccb = by_start["Phòng Tổ chức cán bộ là bộ phận"]
    assert tccb.unit_in_charge.code == "LS-SGDDT-TCCB"
    assert (tccb.recurrence, tccb.due_date.month, tccb.due_date.day) == (Recurrence.HALF_YEARLY, 6, 5)
    action_month = by_start["Thực hiện tốt tháng hành động"]
    assert action_month.recurrence == Recurrence.ONCE and action_month.due_date == datetime.date(2021, 12, 15)
    assert action_month.participants == "cơ quan quản lý giáo dục; các cơ sở giáo dục"
    assert by_start["Tổ chức các hoạt động tuyên truyền các"].due_date == datetime.date(2021, 12, 31)


@pytest.mark.django_db
def test_a_task_done_once_needs_the_year_on_the_review_page(client: Any, tree: Any, secretary: Any):
    from binhdang.plans.tests.test_drafts import confirm, make_draft

    client.force_login(secretary)
    client.cookies["django_language"] = "en"
    draft = make_draft(tree, secretary)
    response = confirm(client, draft, **{"task-0-recurrence": "once", "task-0-due": "15/11"})
    assert "A task done once needs the year" in response.content.decode()
    assert not Task.objects.exists()


# --- "Việc của đơn vị" and reminders ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_division_sees_its_tasks_from_the_plans_above_and_is_reminded(client: Any, tree: Any, hr_officer: Any):
    from binhdang.agenda.reminders import due_events
    from binhdang.plans.models import Plan

    # given a province plan giving Văn phòng Sở a task due in ten days, Sở Nội vụ's plan in which it cooperates
    # on a task that is overdue, and Sở Y tế's plan
    today = datetime.date.today()
    province_plan = Plan.objects.create(title="Kế hoạch của tỉnh", issuer=tree.province, period_start=today.year,
                                        period_end=today.year + 1)  # fmt: skip
    soon = Task.objects.create(plan=province_plan, text="Việc tỉnh giao Văn phòng", unit_in_charge=tree.snv_office,
                               due_date=today + datetime.timedelta(days=10))  # fmt: skip
    own_plan = Plan.objects.create(title="Kế hoạch Sở Nội vụ", issuer=tree.snv, period_start=today.year - 1,
                                   period_end=today.year + 1)  # fmt: skip
    late = Task.objects.create(plan=own_plan, text="Việc phối hợp đã trễ", unit_in_charge=tree.snv_civil,
                               due_date=today - datetime.timedelta(days=3))  # fmt: skip
    late.cooperating_units.set([tree.snv_office])
    Task.objects.create(plan=province_plan, text="Việc của Sở Y tế", unit_in_charge=tree.syt_medical)
    # when the HR officer of Văn phòng Sở opens "Việc của đơn vị"
    client.force_login(hr_officer)
    page = client.get(reverse("plans:task_list")).content.decode()
    # then both tasks of her unit are there, the overdue one first, and not the other agency's
    assert page.index("Việc phối hợp đã trễ") < page.index("Việc tỉnh giao Văn phòng")
    assert "Việc của Sở Y tế" not in page and "Việc của đơn vị" in page
    # and she is reminded of the one due within her days ahead
    keys = [event.key for event in due_events(hr_officer, today, 14)]
    assert any(key.startswith(f"task-{soon.pk}-") for key in keys)


def test_an_impossible_class_date_does_not_drop_the_dates_after_it():
    from binhdang.plans.ingest.schedule import class_dates

    assert class_dates("ngày 31/6/2019, ngày 11-12/7/2019 và ngày 20/7/2019") == [
        "2019-07-11",
        "2019-07-12",
        "2019-07-20",
    ]
    assert class_dates("từ ngày 30/6 đến ngày 31/6/2019; ngày 30-32/7/2019; ngày 5/8/2019") == [
        "2019-06-30",
        "2019-07-30",
        "2019-08-05",
    ]
