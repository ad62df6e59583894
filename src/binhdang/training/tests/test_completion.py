"""Completing a class writes the registry's training records, once, for registry participants only, marked
completed for those who attended enough; the records show on the person's page and feed the indicators."""

from __future__ import annotations

import datetime

from django.urls import reverse

from binhdang.indicators.engine import evaluate
from binhdang.registry.models import PoolEntry, TrainingRecord
from binhdang.training import services
from binhdang.training.models import Attendance, TrainingClass
from binhdang.training.tests.conftest import FIRST_DAY, LAST_DAY, enrol, guest


def present(participant, *days):
    for day in days:
        Attendance.objects.create(participant=participant, day=day, present=True)


def complete_url(course):
    return reverse("training:class_complete", args=[course.pk])


def test_completing_writes_a_record_per_registry_participant_and_none_for_guests(client, course, people, secretary):
    # given Hà present both days, Yến on the first only, Bình never, and a guest
    ha = enrol(course.course, people.ha, course.snv_nomination)
    yen = enrol(course.course, people.yen, course.syt_nomination)
    binh = enrol(course.course, people.binh)
    visitor = guest(course.course)
    present(ha, FIRST_DAY, LAST_DAY)
    present(yen, FIRST_DAY)
    present(visitor, FIRST_DAY, LAST_DAY)
    client.force_login(secretary)
    # when the organiser completes the class
    response = client.post(complete_url(course.course), follow=True)
    assert response.status_code == 200
    # then each registry participant has a record with the class's kind, title and dates
    records = {r.person_id: r for r in TrainingRecord.objects.all()}
    assert set(records) == {people.ha.pk, people.yen.pk, people.binh.pk}
    record = records[people.ha.pk]
    assert (record.kind, record.course, record.start_date, record.end_date) == (
        "gender_mainstreaming", "Lớp tập huấn 2", FIRST_DAY, LAST_DAY
    )
    # completed when present on at least half of the days (the default threshold)
    assert {pid: r.completed for pid, r in records.items()} == {people.ha.pk: True, people.yen.pk: True,
                                                               people.binh.pk: False}  # fmt: skip
    for participant in (ha, yen, binh):
        participant.refresh_from_db()
        assert participant.training_record == records[participant.person_id]
    visitor.refresh_from_db()
    assert visitor.training_record is None
    course.course.refresh_from_db()
    assert course.course.status == TrainingClass.Status.COMPLETED


def test_completing_twice_writes_nothing_more(client, english, course, people, secretary):
    present(enrol(course.course, people.ha, course.snv_nomination), FIRST_DAY)
    client.force_login(secretary)
    client.post(complete_url(course.course))
    response = client.post(complete_url(course.course), follow=True)
    assert "This class was already completed; nothing was changed." in response.content.decode()
    assert TrainingRecord.objects.count() == 1
    assert services.complete(course.course).already and TrainingRecord.objects.count() == 1


def test_a_higher_threshold_leaves_one_day_of_two_not_completed(course, people):
    TrainingClass.objects.filter(pk=course.course.pk).update(completion_threshold=100)
    present(enrol(course.course, people.ha, course.snv_nomination), FIRST_DAY)
    course.course.refresh_from_db()
    result = services.complete(course.course)
    assert (result.records, result.completed) == (1, 0)
    assert not TrainingRecord.objects.get().completed


def test_a_cancelled_class_cannot_be_completed(client, english, course, people, secretary):
    enrol(course.course, people.ha, course.snv_nomination)
    TrainingClass.objects.filter(pk=course.course.pk).update(status=TrainingClass.Status.CANCELLED)
    client.force_login(secretary)
    response = client.post(complete_url(course.course), follow=True)
    assert "A cancelled class cannot be completed." in response.content.decode()
    assert not TrainingRecord.objects.exists()
    assert TrainingClass.objects.get().status == TrainingClass.Status.CANCELLED


def test_a_class_that_has_not_ended_cannot_be_completed(client, english, course, people, secretary):
    later = datetime.date.today() + datetime.timedelta(days=30)
    TrainingClass.objects.filter(pk=course.course.pk).update(start_date=later, end_date=later)
    enrol(course.course, people.ha, course.snv_nomination)
    client.force_login(secretary)
    response = client.post(complete_url(course.course), follow=True)
    assert "it can be completed from that day on" in response.content.decode()
    assert not TrainingRecord.objects.exists()


def test_the_records_show_on_the_persons_page(client, course, people, secretary, hr_officer):
    present(enrol(course.course, people.ha, course.snv_nomination), FIRST_DAY, LAST_DAY)
    services.complete(course.course)
    client.force_login(hr_officer)
    page = client.get(reverse("registry:person_detail", args=[people.ha.pk])).content.decode()
    training = page[page.index('data-kind="training"') :]
    assert "Lớp tập huấn 2" in training and "11/07/2025" in training and "12/07/2025" in training


def test_completed_records_count_for_the_women_of_the_pool_trained(course, people, tree):
    # given Hà, a woman of Sở Nội vụ in the succession pool, not yet trained
    PoolEntry.objects.create(person=people.ha, title="Phó Giám đốc Sở", level="department", period_start=2025,
                             period_end=2030, start_date=datetime.date(2025, 1, 1))  # fmt: skip
    day = datetime.date(2025, 8, 1)
    before = evaluate(tree.snv, day).result("pool_women_trained")
    assert (before.numerator, before.denominator) == (0, 1)
    # when she completes the class
    present(enrol(course.course, people.ha, course.snv_nomination), FIRST_DAY, LAST_DAY)
    services.complete(course.course)
    # then the indicator counts her as trained
    after = evaluate(tree.snv, day).result("pool_women_trained")
    assert (after.numerator, after.denominator) == (1, 1)


def test_a_completed_class_cannot_be_deleted_and_its_dates_are_fixed(client, english, course, people, secretary):
    present(enrol(course.course, people.ha, course.snv_nomination), FIRST_DAY)
    services.complete(course.course)
    client.force_login(secretary)
    response = client.post(reverse("training:class_delete", args=[course.course.pk]), follow=True)
    assert "cannot be deleted" in response.content.decode()
    assert TrainingClass.objects.exists()
    form = client.get(reverse("training:class_edit", args=[course.course.pk])).context["form"]
    assert form.fields["start_date"].disabled and form.fields["title"].disabled and not form.fields["venue"].disabled
