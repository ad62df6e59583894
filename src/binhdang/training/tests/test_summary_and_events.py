"""Training in the reports' figures and on the calendar."""

from __future__ import annotations

import datetime

from binhdang.agenda.providers import collect
from binhdang.training import services
from binhdang.training.events import events
from binhdang.training.models import Attendance, TrainingClass
from binhdang.training.summary import summarise
from binhdang.training.tests.conftest import FIRST_DAY, LAST_DAY, enrol, guest


def test_summary_counts_classes_participants_by_sex_and_people_trained(course, tree, people):
    # given Sở Nội vụ's class with Hà (present), Bình (absent), Yến of Sở Y tế (present) and a guest, completed
    for person, nomination, came in ((people.ha, course.snv_nomination, True), (people.binh, None, False),
                                     (people.yen, course.syt_nomination, True)):  # fmt: skip
        participant = enrol(course.course, person, nomination)
        Attendance.objects.create(participant=participant, day=FIRST_DAY, present=came)
    guest(course.course)
    services.complete(course.course)
    # and a class still planned, which is not "held"
    TrainingClass.objects.create(organiser=tree.snv, title="Lớp sau", start_date=datetime.date(2025, 9, 1),
                                 end_date=datetime.date(2025, 9, 1))  # fmt: skip
    # when Sở Nội vụ's first half and second half of 2025 are summarised
    h2 = summarise(tree.snv, datetime.date(2025, 7, 1), datetime.date(2025, 12, 31))
    # then
    assert (h2.classes_held, h2.participants, h2.participants_female, h2.participants_male) == (1, 4, 3, 1)
    assert h2.guests == 1
    assert (h2.people_trained, h2.records_written) == (2, 3)
    [row] = h2.classes
    assert (row.title, row.start, row.end, row.participants, row.female, row.trained) == (
        "Lớp tập huấn 2", FIRST_DAY, LAST_DAY, 4, 3, 2
    )
    # Sở Nội vụ's own staff in it: Hà and Bình (Yến is Sở Y tế's; the guest was sent by no unit)
    assert (h2.staff_sent, h2.staff_sent_female, h2.staff_trained) == (2, 1, 1)
    assert summarise(tree.snv, datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)).classes_held == 0
    # Sở Y tế held no class, but sent Yến, who was trained
    syt = summarise(tree.syt, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    assert (syt.classes_held, syt.staff_sent, syt.staff_trained) == (0, 1, 1)
    # the province sees the class of its department
    assert summarise(tree.province, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)).classes_held == 1


def test_calendar_shows_one_event_spanning_the_class_to_those_who_see_it(course, tree, secretary, other_secretary):
    [event] = events(secretary, datetime.date(2025, 7, 1), datetime.date(2025, 7, 31))
    assert (event.kind, event.start, event.end, event.unit) == ("class", FIRST_DAY, LAST_DAY, "Sở Nội vụ")
    assert "Lớp tập huấn 2" in event.title and event.url.endswith(f"/training/{course.course.pk}/")
    # Sở Y tế, asked to send people, sees it too; once no longer asked, it does not
    assert [e.key for e in events(other_secretary, FIRST_DAY, FIRST_DAY)] == [event.key]
    course.syt_nomination.delete()
    assert events(other_secretary, FIRST_DAY, LAST_DAY) == []
    # outside the range or cancelled: no event
    assert events(secretary, datetime.date(2025, 8, 1), datetime.date(2025, 8, 31)) == []
    TrainingClass.objects.filter(pk=course.course.pk).update(status=TrainingClass.Status.CANCELLED)
    assert events(secretary, FIRST_DAY, LAST_DAY) == []


def test_the_calendar_collects_training_classes(course, secretary):
    keys = [e.key for e in collect(secretary, FIRST_DAY, LAST_DAY)]
    assert f"class-{course.course.pk}" in keys
