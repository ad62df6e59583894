"""Enrolling people in a class: within each unit's quota, once per person, only one's own staff, guests too."""

from __future__ import annotations

import datetime

from conftest import make_person
from django.urls import reverse

from binhdang.training.models import Participant, TrainingClass
from binhdang.training.tests.conftest import enrol


def enrol_url(course):
    return reverse("training:class_enrol", args=[course.pk])


def test_nominated_agency_enrols_its_own_staff_found_by_name(client, course, tree, people, other_secretary):
    client.force_login(other_secretary)
    # when Sở Y tế's secretary searches her staff without diacritics
    page = client.get(enrol_url(course.course), {"nomination": course.syt_nomination.pk, "q": "hoang thi yen"})
    # then Yến is offered, and no one of Sở Nội vụ
    text = page.content.decode()
    assert "Hoàng Thị Yến" in text and "Nguyễn Thị Hà" not in text
    # and enrolling her puts her in the class under Sở Y tế's nomination
    response = client.post(
        enrol_url(course.course), {"action": "person", "person": people.yen.pk, "nomination": course.syt_nomination.pk}
    )
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert (participant.person, participant.nominated_by) == (people.yen, course.syt_nomination)


def test_enrolling_beyond_the_quota_is_refused(client, english, course, tree, people, other_secretary):
    # given Sở Y tế may send 2 and has sent 2
    enrol(course.course, people.yen, course.syt_nomination)
    second = make_person(tree.syt_medical, "Phạm Thị", "Lan", "F", "TN0005")
    enrol(course.course, second, course.syt_nomination)
    third = make_person(tree.syt_medical, "Vũ Văn", "Nam", "M", "TN0006")
    client.force_login(other_secretary)
    # when she enrols a third
    response = client.post(
        enrol_url(course.course), {"action": "person", "person": third.pk, "nomination": course.syt_nomination.pk},
        follow=True,
    )  # fmt: skip
    # then she is told the quota, and nothing is written
    assert "Sở Y tế may send 2 people to this class and has already enrolled 2." in response.content.decode()
    assert not Participant.objects.filter(person=third).exists()
    # and the page says so before she tries again
    page = client.get(enrol_url(course.course), {"nomination": course.syt_nomination.pk}).content.decode()
    assert 'id="quota-full"' in page and 'value="person"' not in page


def test_a_person_enrolled_twice_is_refused(client, english, course, people, secretary):
    enrol(course.course, people.ha, course.snv_nomination)
    client.force_login(secretary)
    response = client.post(
        enrol_url(course.course), {"action": "person", "person": people.ha.pk, "nomination": course.snv_nomination.pk},
        follow=True,
    )  # fmt: skip
    assert "Nguyễn Thị Hà is already enrolled in this class." in response.content.decode()
    assert Participant.objects.count() == 1


def test_a_nominated_agency_cannot_enrol_another_agencys_staff(client, english, course, people, other_secretary):
    client.force_login(other_secretary)
    response = client.post(
        enrol_url(course.course), {"action": "person", "person": people.ha.pk, "nomination": course.syt_nomination.pk},
        follow=True,
    )  # fmt: skip
    page = response.content.decode()
    # Hà is outside Sở Y tế's scope: she is not even named in the refusal
    assert "No such person in your scope." in page and "Nguyễn Thị Hà" not in page
    assert not Participant.objects.exists()


def test_organiser_cannot_enrol_someone_who_did_not_work_in_the_nominated_unit(client, english, course, people,
                                                                                secretary):  # fmt: skip
    client.force_login(secretary)
    # Bình works in Phòng Công chức, not in Văn phòng Sở, the nominated unit
    response = client.post(
        enrol_url(course.course),
        {"action": "person", "person": people.binh.pk, "nomination": course.snv_nomination.pk},
        follow=True,
    )
    assert "Trần Văn Bình did not work at Văn phòng Sở on 11/07/2025" in response.content.decode()
    assert not Participant.objects.exists()


def test_organiser_enrols_its_own_staff_without_a_nomination(client, course, people, secretary):
    client.force_login(secretary)
    page = client.get(enrol_url(course.course), {"nomination": "own"}).content.decode()
    assert "Trần Văn Bình" in page
    response = client.post(enrol_url(course.course), {"action": "person", "person": people.binh.pk,
                                                       "nomination": "own"})  # fmt: skip
    assert response.status_code == 302 and response["Location"].endswith("?nomination=own")
    assert Participant.objects.get().nominated_by is None


def test_nominated_agency_can_enrol_only_once_enrolment_is_open(client, english, course, people, other_secretary):
    TrainingClass.objects.filter(pk=course.course.pk).update(status=TrainingClass.Status.PLANNED)
    client.force_login(other_secretary)
    response = client.post(
        enrol_url(course.course), {"action": "person", "person": people.yen.pk, "nomination": course.syt_nomination.pk},
        follow=True,
    )  # fmt: skip
    assert "Enrolment in this class is not open yet." in response.content.decode()
    assert not Participant.objects.exists()


def test_a_guest_is_enrolled_under_the_agencys_nomination_and_counts_in_its_quota(client, course, other_secretary):
    client.force_login(other_secretary)
    response = client.post(
        enrol_url(course.course),
        {"action": "guest", "guest_name": "Đinh Thị Khách", "guest_sex": "F", "guest_unit_text": "",
         "guest_is_minority": "on", "nomination": course.syt_nomination.pk},
    )  # fmt: skip
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert participant.is_guest and participant.guest_is_minority
    assert participant.guest_unit_text == "Sở Y tế"  # the sending unit, when none is typed
    assert course.syt_nomination.participants.count() == 1


def test_a_guest_without_a_name_or_with_markup_is_refused(client, course, secretary):
    client.force_login(secretary)
    for name in ("", "<script>alert(1)</script>"):
        response = client.post(enrol_url(course.course),
                               {"action": "guest", "guest_name": name, "guest_sex": "F"})  # fmt: skip
        assert response.status_code == 200
        assert "guest_name" in response.context["guest_form"].errors
        assert "<script>alert(1)</script>" not in response.content.decode()
    assert not Participant.objects.exists()


def test_nominated_agency_removes_its_own_participant_but_not_others(client, english, course, people,
                                                                      other_secretary):  # fmt: skip
    yen = enrol(course.course, people.yen, course.syt_nomination)
    ha = enrol(course.course, people.ha, course.snv_nomination)
    client.force_login(other_secretary)
    response = client.post(enrol_url(course.course), {"action": "remove", "participant": ha.pk}, follow=True)
    assert "You may not remove this participant." in response.content.decode()
    client.post(enrol_url(course.course), {"action": "remove", "participant": yen.pk})
    assert list(Participant.objects.all()) == [ha]


def test_nothing_changes_in_a_completed_class(client, english, course, people, secretary):
    participant = enrol(course.course, people.ha, course.snv_nomination)
    TrainingClass.objects.filter(pk=course.course.pk).update(status=TrainingClass.Status.COMPLETED)
    client.force_login(secretary)
    response = client.post(enrol_url(course.course), {"action": "remove", "participant": participant.pk},
                           follow=True)  # fmt: skip
    assert "This class is completed: its participants no longer change." in response.content.decode()
    assert Participant.objects.filter(pk=participant.pk).exists()


def test_staff_who_joined_after_the_first_day_are_not_offered(client, course, tree, secretary):
    make_person(tree.snv_office, "Mới Vào", "Làm", "F", "TN0009", start=datetime.date(2025, 8, 1))
    client.force_login(secretary)
    page = client.get(enrol_url(course.course), {"nomination": course.snv_nomination.pk}).content.decode()
    assert "Nguyễn Thị Hà" in page and "Mới Vào Làm" not in page


def test_garbage_in_the_enrolment_form_is_a_message_not_an_error(client, course, secretary):
    client.force_login(secretary)
    for data in ({"action": "person", "person": "x"}, {"action": "remove", "participant": "²"}, {"action": "?"},
                 {"action": "person", "person": "1", "nomination": "999999"}):  # fmt: skip
        response = client.post(enrol_url(course.course), data)
        assert response.status_code == 200 and '<li class="error">' in response.content.decode()
    assert not Participant.objects.exists()
