"""Creating, editing, listing and deleting classes, and asking units to send people."""

from __future__ import annotations

import datetime

from django.urls import reverse

from binhdang.core.models import AuditEntry
from binhdang.plans.models import Plan, Task
from binhdang.training.models import Nomination, TrainingClass
from binhdang.training.tests.conftest import enrol


def class_data(tree, **changes):
    data = {
        "title": "Lớp tập huấn 1",
        "organiser": tree.snv.pk,
        "kind": "gender_mainstreaming",
        "content": "Chương trình mục tiêu Quốc gia về bình đẳng giới",
        "target_groups": "Giám đốc, thủ trưởng các sở, ban, ngành",
        "start_date": "10/07/2026",
        "end_date": "10/07/2026",
        "venue": "Hội trường Sở Nội vụ",
        "trainers": "Tiến sĩ Đặng Ngọc Toàn",
        "status": "planned",
        "completion_threshold": "50",
    }
    data.update(changes)
    return data


def test_secretary_adds_a_class_of_a_plan_task_and_sees_it_listed(client, tree, secretary):
    plan = Plan.objects.create(title="Kế hoạch tổ chức tập huấn", issuer=tree.province, period_start=2026,
                               period_end=2026)  # fmt: skip
    task = Task.objects.create(plan=plan, text="Tổ chức các lớp tập huấn", unit_in_charge=tree.snv)
    client.force_login(secretary)
    response = client.post(reverse("training:class_create"), class_data(tree, task=task.pk))
    course = TrainingClass.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("training:class_detail", args=[course.pk])
    assert (course.organiser, course.plan, course.task, course.created_by) == (tree.snv, plan, task, secretary)
    assert course.start_date == datetime.date(2026, 7, 10)
    assert AuditEntry.objects.filter(model="training.trainingclass", action="create", unit_id=tree.snv.pk).exists()
    listing = client.get(reverse("training:class_list"), {"year": "2026", "status": "planned"}).content.decode()
    assert "Lớp tập huấn 1" in listing and "10/07/2026" in listing
    assert "Lớp tập huấn 1" not in client.get(reverse("training:class_list"), {"year": "2025"}).content.decode()


def test_a_class_ending_before_it_starts_is_refused(client, english, tree, secretary):
    client.force_login(secretary)
    response = client.post(reverse("training:class_create"), class_data(tree, end_date="09/07/2026"))
    assert response.status_code == 200
    assert "The last day (09/07/2026) is before the first day (10/07/2026)." in response.context["form"].errors[
        "end_date"
    ]
    assert not TrainingClass.objects.exists()


def test_class_form_refuses_bad_input_by_field(client, tree, secretary):
    client.force_login(secretary)
    cases = [
        ({"start_date": "31/02/2026"}, "start_date"),
        ({"end_date": "10/12/2026"}, "end_date"),  # longer than a class
        ({"completion_threshold": "150"}, "completion_threshold"),
        ({"organiser": tree.syt.pk}, "organiser"),  # another agency
        ({"title": "<b>x</b>"}, "title"),
        ({"status": "completed"}, "status"),
    ]
    for changes, field in cases:
        response = client.post(reverse("training:class_create"), class_data(tree, **changes))
        assert response.status_code == 200 and field in response.context["form"].errors, (changes, field)
    assert not TrainingClass.objects.exists()


def test_two_editors_do_not_overwrite_each_other(client, course, secretary):
    client.force_login(secretary)
    url = reverse("training:class_edit", args=[course.course.pk])
    c = course.course
    data = {"title": "Tên mới", "organiser": c.organiser_id, "kind": c.kind, "start_date": "11/07/2025",
            "end_date": "12/07/2025", "status": "open", "completion_threshold": 50, "version": c.version}  # fmt: skip
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "title": "Tên khác"})  # the same, stale, version
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert TrainingClass.objects.get().title == "Tên mới"


def test_organiser_asks_units_to_send_people_with_a_quota(client, english, course, tree, secretary):
    client.force_login(secretary)
    url = reverse("training:class_nominations", args=[course.course.pk])
    page = client.get(url).content.decode()
    assert "Xã Hữu Lũng" in page  # an agency of the province, though outside Sở Nội vụ's own scope
    response = client.post(url, {"action": "add", "unit": tree.commune.pk, "quota": "4", "note": "Chủ tịch xã"})
    assert response.status_code == 302
    assert Nomination.objects.get(unit=tree.commune).quota == 4
    # the same unit twice is refused
    response = client.post(url, {"action": "add", "unit": tree.commune.pk, "quota": "1"})
    assert "Xã Hữu Lũng is already asked to send people to this class." in response.context["form"].errors["unit"]
    # a quota of 0 is refused
    response = client.post(url, {"action": "add", "unit": tree.snv_civil.pk, "quota": "0"})
    assert "quota" in response.context["form"].errors


def test_a_quota_below_those_enrolled_or_withdrawing_a_used_nomination_is_refused(client, english, course, people,
                                                                                   secretary):  # fmt: skip
    enrol(course.course, people.yen, course.syt_nomination)
    client.force_login(secretary)
    url = reverse("training:class_nominations", args=[course.course.pk])
    nomination = course.syt_nomination
    response = client.post(url, {"action": "update", "nomination": nomination.pk, "quota": "0"}, follow=True)
    assert "Sở Y tế:" in response.content.decode()
    response = client.post(url, {"action": "delete", "nomination": nomination.pk}, follow=True)
    assert "Sở Y tế has enrolled people; remove them before withdrawing the nomination." in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.quota == 2
    # an unused one is withdrawn
    client.post(url, {"action": "delete", "nomination": course.snv_nomination.pk})
    assert list(Nomination.objects.all()) == [nomination]


def test_class_page_shows_nominations_with_enrolled_counts_and_participants_by_sex(client, course, people,
                                                                                   secretary):  # fmt: skip
    enrol(course.course, people.ha, course.snv_nomination)
    enrol(course.course, people.anh, course.snv_nomination)
    enrol(course.course, people.yen, course.syt_nomination)
    enrol(course.course, people.binh)
    client.force_login(secretary)
    page = client.get(reverse("training:class_detail", args=[course.course.pk])).content.decode()
    assert 'id="total">4<' in page and 'id="female">3<' in page and 'id="male">1<' in page
    snv_row = page[page.index(f'data-unit="{course.snv_nomination.unit.code}"') :]
    assert '<td class="num">3</td><td class="num">2</td>' in snv_row[: snv_row.index("</tr>")]
    assert "Hội trường Sở Nội vụ" in page and "Tiến sĩ Đặng Ngọc Toàn" in page


def test_secretary_deletes_a_class_not_yet_completed(client, course, people, secretary):
    enrol(course.course, people.ha, course.snv_nomination)
    client.force_login(secretary)
    url = reverse("training:class_delete", args=[course.course.pk])
    assert "Lớp tập huấn 2" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not TrainingClass.objects.exists()
