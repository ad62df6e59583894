"""Who sees and does what with a training class: the organiser's side runs it, a nominated unit enrols its own
staff, the units below the organiser see it, another agency does not know it exists, a viewer sees counts."""

from __future__ import annotations

import datetime

from django.urls import reverse

from binhdang.accounts import scope
from binhdang.training.models import Participant, TrainingClass
from binhdang.training.tests.conftest import enrol, guest


def test_secretary_of_the_organiser_runs_the_class_and_sees_every_name(client, course, people):
    # given Hà of Sở Nội vụ and Yến of Sở Y tế enrolled
    enrol(course.course, people.ha, course.snv_nomination)
    enrol(course.course, people.yen, course.syt_nomination)
    client.force_login(course.course.created_by)
    # when the organiser's secretary opens the class
    page = client.get(reverse("training:class_detail", args=[course.course.pk])).content.decode()
    # then she sees both names and every page that runs the class
    assert "Nguyễn Thị Hà" in page and "Hoàng Thị Yến" in page
    for name in ("class_edit", "class_nominations", "class_enrol", "class_attendance", "class_evaluation",
                 "attendance_sheet", "participant_list"):  # fmt: skip
        assert client.get(reverse(f"training:{name}", args=[course.course.pk])).status_code == 200, name


def test_leader_of_the_organiser_may_run_the_class_too(client, course, leader):
    client.force_login(leader)
    assert client.get(reverse("training:class_attendance", args=[course.course.pk])).status_code == 200


def test_nominated_agency_sees_the_class_and_only_its_own_participants(client, course, people, other_secretary):
    # given Sở Y tế asked to send two people, with Yến enrolled, and Hà of Sở Nội vụ enrolled too
    enrol(course.course, people.ha, course.snv_nomination)
    enrol(course.course, people.yen, course.syt_nomination)
    client.force_login(other_secretary)
    # when Sở Y tế's secretary opens the class
    response = client.get(reverse("training:class_detail", args=[course.course.pk]))
    page = response.content.decode()
    # then she sees the class and Yến, not Hà
    assert response.status_code == 200 and "Lớp tập huấn 2" in page
    assert "Hoàng Thị Yến" in page and "Nguyễn Thị Hà" not in page
    listing = client.get(reverse("training:participant_list", args=[course.course.pk])).content.decode()
    assert "Hoàng Thị Yến" in listing and "Nguyễn Thị Hà" not in listing
    # and may enrol, but not run the class
    assert client.get(reverse("training:class_enrol", args=[course.course.pk])).status_code == 200
    for name in ("class_edit", "class_nominations", "class_attendance", "class_evaluation", "attendance_sheet"):
        assert client.get(reverse(f"training:{name}", args=[course.course.pk])).status_code == 403, name
    assert client.post(reverse("training:class_complete", args=[course.course.pk])).status_code == 403


def test_secretary_cannot_see_another_agencys_class_it_was_not_asked_to(client, course, tree, other_secretary):
    # given Sở Nội vụ's class no longer asks Sở Y tế
    course.syt_nomination.delete()
    client.force_login(other_secretary)
    # then for Sở Y tế the class does not exist
    assert "Lớp tập huấn 2" not in client.get(reverse("training:class_list")).content.decode()
    for name in ("class_detail", "class_edit", "class_enrol", "participant_list", "attendance_sheet"):
        assert client.get(reverse(f"training:{name}", args=[course.course.pk])).status_code == 404, name
    assert client.post(reverse("training:class_delete", args=[course.course.pk])).status_code == 404
    assert TrainingClass.objects.filter(pk=course.course.pk).exists()


def test_units_below_the_organiser_see_its_classes(client, tree, people, other_secretary, hr_officer):
    # given a class the province organises, asking no one in particular
    province_class = TrainingClass.objects.create(
        organiser=tree.province, title="Lớp tập huấn 1", start_date=datetime.date(2025, 7, 10),
        end_date=datetime.date(2025, 7, 10),
    )  # fmt: skip
    # then every agency of the province sees it, and none may change it
    for user in (other_secretary, hr_officer):
        client.force_login(user)
        assert "Lớp tập huấn 1" in client.get(reverse("training:class_list")).content.decode()
        assert client.get(reverse("training:class_detail", args=[province_class.pk])).status_code == 200
        assert client.get(reverse("training:class_edit", args=[province_class.pk])).status_code == 403


def test_division_below_the_organiser_sees_the_names_of_its_own_staff_only(client, course, people, hr_officer):
    # given Hà (Văn phòng Sở) and Bình (Phòng Công chức) enrolled in Sở Nội vụ's class
    enrol(course.course, people.ha, course.snv_nomination)
    enrol(course.course, people.binh)
    client.force_login(hr_officer)  # HR officer of Văn phòng Sở
    page = client.get(reverse("training:class_detail", args=[course.course.pk])).content.decode()
    assert "Nguyễn Thị Hà" in page and "Trần Văn Bình" not in page


def test_viewer_sees_the_class_with_small_counts_hidden_and_no_names(client, course, people, viewer):
    # given two people and a guest enrolled
    enrol(course.course, people.ha, course.snv_nomination)
    enrol(course.course, people.yen, course.syt_nomination)
    guest(course.course)
    client.force_login(viewer)
    # when the provincial viewer opens the class
    page = client.get(reverse("training:class_detail", args=[course.course.pk])).content.decode()
    # then the counts of people are "<5" and no one is named
    assert "Lớp tập huấn 2" in page
    assert 'id="total">&lt;5<' in page and 'id="female">&lt;5<' in page
    assert "Nguyễn Thị Hà" not in page and "Hoàng Thị Yến" not in page and "Đinh Thị Khách" not in page
    assert "&lt;5" in client.get(reverse("training:class_list")).content.decode()
    # and the list of participants and every page that changes something are closed to her
    assert client.get(reverse("training:participant_list", args=[course.course.pk])).status_code == 403
    assert client.get(reverse("training:class_enrol", args=[course.course.pk])).status_code == 403
    assert client.get(reverse("training:class_edit", args=[course.course.pk])).status_code == 403


def test_viewer_sees_counts_of_five_and_more(client, course, tree, viewer):
    for n in range(5):
        guest(course.course, name=f"Khách Thứ {'ABCDE'[n]}")
    client.force_login(viewer)
    page = client.get(reverse("training:class_detail", args=[course.course.pk])).content.decode()
    assert 'id="total">5<' in page and 'id="female">5<' in page


def test_scope_rule_for_participants_names_and_removal(course, people, tree, secretary, other_secretary):
    # given Hà enrolled by the organiser, Yến by Sở Y tế, and a guest Sở Y tế sent
    ha = enrol(course.course, people.ha, course.snv_nomination)
    yen = enrol(course.course, people.yen, course.syt_nomination)
    sent = guest(course.course, nomination=course.syt_nomination)
    organisers_guest = guest(course.course, name="Trịnh Văn Mời")
    everyone = Participant.objects.all()
    # then the organiser names and removes everyone
    assert set(scope.restrict(everyone, secretary, "names")) == {ha, yen, sent, organisers_guest}
    assert set(scope.restrict(everyone, secretary, "enrol")) == {ha, yen, sent, organisers_guest}
    # and Sở Y tế names and removes only its own
    assert set(scope.restrict(everyone, other_secretary, "names")) == {yen, sent}
    assert set(scope.restrict(everyone, other_secretary, "enrol")) == {yen, sent}
    assert set(scope.restrict(everyone, other_secretary, "view")) == {ha, yen, sent, organisers_guest}
    assert not scope.restrict(everyone, other_secretary, "change").exists()


def test_viewer_cannot_work_out_a_small_count_from_the_other_sex(client, course, viewer):
    # given one woman and five men enrolled: the total (6) minus the men would give the women away
    guest(course.course, name="Đinh Thị Khách")
    for n in range(5):
        Participant.objects.create(training_class=course.course, guest_name=f"Lò Văn {'ABCDE'[n]}", guest_sex="M")
    client.force_login(viewer)
    page = client.get(reverse("training:class_detail", args=[course.course.pk])).content.decode()
    assert 'id="total">6<' in page and 'id="female">&lt;5<' in page and 'id="male">—<' in page


def test_organiser_names_other_agencies_staff_without_opening_their_registry_page(client, course, people,
                                                                                   secretary):  # fmt: skip
    enrol(course.course, people.ha, course.snv_nomination)
    enrol(course.course, people.yen, course.syt_nomination)
    client.force_login(secretary)
    page = client.get(reverse("training:class_detail", args=[course.course.pk])).content.decode()
    assert reverse("registry:person_detail", args=[people.ha.pk]) in page
    assert "Hoàng Thị Yến" in page and reverse("registry:person_detail", args=[people.yen.pk]) not in page
    assert "Phòng Nghiệp vụ Y, Sở Y tế" in page  # her unit, and the agency that sent her
