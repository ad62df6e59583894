"""The attendance grid (one POST for every participant and day) and the evaluation grid."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse

from binhdang.core.models import AuditEntry
from binhdang.training.models import Attendance, TrainingClass
from binhdang.training.tests.conftest import FIRST_DAY, LAST_DAY, enrol, guest


def attendance_url(course):
    return reverse("training:class_attendance", args=[course.pk])


def test_organiser_ticks_attendance_for_everyone_in_one_post(client, course, people, secretary):
    ha = enrol(course.course, people.ha, course.snv_nomination)
    visitor = guest(course.course)
    client.force_login(secretary)
    page = client.get(attendance_url(course.course)).content.decode()
    assert f'name="present-{ha.pk}-20250711"' in page and "12/07" in page
    # when Hà was present both days and the guest only the first
    response = client.post(
        attendance_url(course.course),
        {"row": [ha.pk, visitor.pk], f"present-{ha.pk}-20250711": "on", f"present-{ha.pk}-20250712": "on",
         f"present-{visitor.pk}-20250711": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    marks = {(a.participant_id, a.day): a.present for a in Attendance.objects.all()}
    assert marks == {(ha.pk, FIRST_DAY): True, (ha.pk, LAST_DAY): True, (visitor.pk, FIRST_DAY): True,
                     (visitor.pk, LAST_DAY): False}  # fmt: skip
    assert AuditEntry.objects.filter(model="training.attendance", person_id=people.ha.pk).count() == 2
    # and unticking a box later records the absence
    client.post(attendance_url(course.course), {"row": [ha.pk], f"present-{ha.pk}-20250711": "on"})
    assert not Attendance.objects.get(participant=ha, day=LAST_DAY).present
    # the class page shows the rate per day: both came on the first, no one on the second
    detail = client.get(reverse("training:class_detail", args=[course.course.pk])).content.decode()
    rates = detail[detail.index('id="attendance-rates"') :]
    assert rates.index(" 100,0%") < rates.index("12/07/2025") < rates.index(" 0,0%")


def test_attendance_on_a_day_outside_the_class_is_refused_and_nothing_saved(client, english, course, people,
                                                                            secretary):  # fmt: skip
    ha = enrol(course.course, people.ha, course.snv_nomination)
    client.force_login(secretary)
    response = client.post(
        attendance_url(course.course),
        {"row": [ha.pk], f"present-{ha.pk}-20250711": "on", f"present-{ha.pk}-20250720": "on"},
    )
    assert response.status_code == 200
    assert "Nguyễn Thị Hà: 20/07/2025 is not a day of the class (11/07/2025 – 12/07/2025)." in response.content.decode()
    assert not Attendance.objects.exists()


def test_attendance_of_someone_not_in_the_class_is_refused(client, english, course, people, secretary):
    client.force_login(secretary)
    response = client.post(attendance_url(course.course), {"row": ["99999"], "present-99999-20250711": "on"})
    assert "participant 99999 is not in this class" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_damaged_grid_is_refused_without_an_error_page(client, english, course, people, secretary):
    ha = enrol(course.course, people.ha, course.snv_nomination)
    client.force_login(secretary)
    for data in ({"row": ["x"]}, {"row": [ha.pk], f"present-{ha.pk}-20251399": "on"}, {"present-a-b": "on"}):
        response = client.post(attendance_url(course.course), data)
        assert response.status_code == 200 and "The form was damaged" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_completed_class_keeps_its_attendance(client, english, course, people, secretary):
    ha = enrol(course.course, people.ha, course.snv_nomination)
    TrainingClass.objects.filter(pk=course.course.pk).update(status=TrainingClass.Status.COMPLETED)
    client.force_login(secretary)
    response = client.post(attendance_url(course.course), {"row": [ha.pk], f"present-{ha.pk}-20250711": "on"})
    assert "This class is completed: its attendance no longer changes." in response.content.decode()
    assert not Attendance.objects.exists()


def test_moving_the_class_away_from_recorded_attendance_is_refused(client, english, course, people, secretary):
    ha = enrol(course.course, people.ha, course.snv_nomination)
    Attendance.objects.create(participant=ha, day=LAST_DAY, present=True)
    client.force_login(secretary)
    c = course.course
    data = {"title": c.title, "organiser": c.organiser_id, "kind": c.kind, "start_date": "10/07/2025",
            "end_date": "11/07/2025", "status": c.status, "completion_threshold": 50, "version": c.version}  # fmt: skip
    response = client.post(reverse("training:class_edit", args=[c.pk]), data)
    assert response.status_code == 200
    assert "Attendance is recorded on 12/07/2025, outside the new dates" in str(response.context["form"].errors)
    c.refresh_from_db()
    assert c.end_date == LAST_DAY


def evaluation_url(course):
    return reverse("training:class_evaluation", args=[course.pk])


def test_organiser_records_scores_and_satisfaction_and_sees_the_averages(client, course, people, secretary):
    ha = enrol(course.course, people.ha, course.snv_nomination)
    visitor = guest(course.course)
    client.force_login(secretary)
    response = client.post(
        evaluation_url(course.course),
        {"row": [ha.pk, visitor.pk], f"before-{ha.pk}": "5,5", f"after-{ha.pk}": "8", f"satisfaction-{ha.pk}": "5",
         f"before-{visitor.pk}": "6.5", f"after-{visitor.pk}": "9", f"satisfaction-{visitor.pk}": "4"},
    )  # fmt: skip
    assert response.status_code == 302
    ha.refresh_from_db()
    assert (ha.score_before, ha.score_after, ha.satisfaction) == (Decimal("5.5"), Decimal("8.0"), 5)
    page = client.get(reverse("training:class_detail", args=[course.course.pk])).content.decode()
    assert "6,0" in page and "8,5" in page and "4,5" in page  # before, after, satisfaction


def test_scores_out_of_range_are_refused_by_name_and_nothing_saved(client, english, course, people, secretary):
    ha = enrol(course.course, people.ha, course.snv_nomination)
    visitor = guest(course.course)
    client.force_login(secretary)
    response = client.post(
        evaluation_url(course.course),
        {"row": [ha.pk, visitor.pk], f"before-{ha.pk}": "11", f"after-{ha.pk}": "8", f"satisfaction-{visitor.pk}": "9",
         f"before-{visitor.pk}": "6"},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nguyễn Thị Hà: the score before the class must be a number from 0 to 10" in page
    assert "Đinh Thị Khách: satisfaction is a whole number from 1 to 5." in page
    ha.refresh_from_db()
    visitor.refresh_from_db()
    assert ha.score_after is None and visitor.score_before is None
    assert 'value="11"' in page  # what was typed is kept for correction


def test_viewer_sees_no_averages_of_a_handful_of_people(client, course, people, viewer):
    ha = enrol(course.course, people.ha, course.snv_nomination)
    ha.score_before, ha.score_after = Decimal("3.0"), Decimal("9.5")
    ha.save()
    client.force_login(viewer)
    page = client.get(reverse("training:class_detail", args=[course.course.pk])).content.decode()
    assert "9,5" not in page and "9.5" not in page


def test_class_dates_are_shown_and_read_as_dd_mm_yyyy(client, course, secretary):
    client.force_login(secretary)
    page = client.get(reverse("training:class_detail", args=[course.course.pk])).content.decode()
    assert "11/07/2025 – 12/07/2025" in page
    assert datetime.date(2025, 7, 11) == course.course.start_date
