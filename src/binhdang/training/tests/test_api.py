"""The training API: classes, participants and attendance, scoped as the pages are."""

from __future__ import annotations

import json

from binhdang.registry.models import TrainingRecord
from binhdang.training.models import Attendance, Participant, TrainingClass
from binhdang.training.tests.conftest import enrol


def post(client, url, data):
    return client.post(url, data=json.dumps(data), content_type="application/json")


def test_secretary_creates_reads_and_edits_a_class_through_the_api(client, tree, secretary):
    client.force_login(secretary)
    response = post(client, "/api/training-classes/", {
        "title": "Lớp tập huấn 3", "organiser": "TN-SNV", "start_date": "2026-07-15", "end_date": "16/07/2026",
        "venue": "Hội trường", "status": "open",
    })  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["organiser"] == "TN-SNV" and body["kind"] == "gender_mainstreaming" and body["participant_count"] == 0
    course = TrainingClass.objects.get()
    assert course.created_by == secretary
    edit = json.dumps({"venue": "Phòng họp", "version": 1})
    response = client.patch(f"/api/training-classes/{course.pk}/", data=edit, content_type="application/json")
    assert response.status_code == 200 and TrainingClass.objects.get().venue == "Phòng họp"
    # a stale version is refused
    response = client.patch(f"/api/training-classes/{course.pk}/", data=json.dumps({"venue": "X", "version": 1}),
                            content_type="application/json")  # fmt: skip
    assert response.status_code == 400 and "version" in response.json()


def test_api_refuses_a_bad_class_with_field_errors(client, tree, secretary):
    client.force_login(secretary)
    base = {"title": "Lớp", "organiser": "TN-SNV", "start_date": "2026-07-15", "end_date": "2026-07-16"}
    for changes, field in (({"end_date": "2026-07-01"}, "end_date"), ({"organiser": "NO-SUCH"}, "organiser"),
                           ({"status": "completed"}, "status"), ({"completion_threshold": 0}, "completion_threshold"),
                           ({"plan": 999999}, "plan")):  # fmt: skip
        response = post(client, "/api/training-classes/", {**base, **changes})
        assert response.status_code == 400 and field in response.json(), (changes, response.content)
    assert post(client, "/api/training-classes/", {**base, "organiser": "TN-SYT"}).status_code == 403
    assert not TrainingClass.objects.exists()


def test_another_agency_does_not_see_the_class_through_the_api(client, course, people, other_secretary):
    course.syt_nomination.delete()
    client.force_login(other_secretary)
    assert client.get("/api/training-classes/").json()["results"] == []
    assert client.get(f"/api/training-classes/{course.course.pk}/").status_code == 404
    assert client.get(f"/api/training-participants/?class={course.course.pk}").status_code == 404
    assert client.get(f"/api/training-attendance/?class={course.course.pk}").status_code == 404
    assert client.post(f"/api/training-classes/{course.course.pk}/complete/").status_code == 404


def test_viewer_sees_classes_with_small_counts_hidden(client, course, people, viewer):
    enrol(course.course, people.ha, course.snv_nomination)
    client.force_login(viewer)
    [row] = client.get("/api/training-classes/").json()["results"]
    assert row["title"] == "Lớp tập huấn 2" and row["participant_count"] == "<5"
    assert client.get("/api/training-participants/").status_code == 403


def test_participants_are_enrolled_listed_and_removed_through_the_api(client, course, people, other_secretary):
    client.force_login(other_secretary)
    url = "/api/training-participants/"
    response = post(client, url, {"training_class": course.course.pk, "person": people.yen.pk,
                                  "nominated_by": course.syt_nomination.pk})  # fmt: skip
    assert response.status_code == 201, response.content
    assert response.json()["full_name"] == "Hoàng Thị Yến"
    response = post(client, url, {"training_class": course.course.pk, "guest_name": "Đinh Thị Khách",
                                  "guest_sex": "F", "nominated_by": course.syt_nomination.pk})  # fmt: skip
    assert response.status_code == 201, response.content
    # the quota of 2 is reached
    response = post(client, url, {"training_class": course.course.pk, "guest_name": "Lò Văn Ba", "guest_sex": "M",
                                  "nominated_by": course.syt_nomination.pk})  # fmt: skip
    assert response.status_code == 400
    assert "đã đăng ký 2 người" in response.json()["non_field_errors"][0]
    # Hà, enrolled by the organiser, is not listed to Sở Y tế
    enrol(course.course, people.ha, course.snv_nomination)
    names = [p["full_name"] for p in client.get(f"{url}?class={course.course.pk}").json()["results"]]
    assert sorted(names) == ["Hoàng Thị Yến", "Đinh Thị Khách"]
    yen = Participant.objects.get(person=people.yen)
    assert client.delete(f"{url}{yen.pk}/").status_code == 204
    ha = Participant.objects.get(person=people.ha)
    assert client.delete(f"{url}{ha.pk}/").status_code == 404
    assert Participant.objects.filter(person=people.ha).exists()


def test_enrolling_the_same_person_twice_through_the_api_is_refused(client, course, people, secretary):
    enrol(course.course, people.ha, course.snv_nomination)
    client.force_login(secretary)
    response = post(client, "/api/training-participants/", {"training_class": course.course.pk,
                                                            "person": people.ha.pk,
                                                            "nominated_by": course.snv_nomination.pk})  # fmt: skip
    assert response.status_code == 400 and "person" in response.json()
    assert Participant.objects.count() == 1


def test_attendance_is_posted_in_bulk_all_or_nothing(client, course, people, secretary):
    ha = enrol(course.course, people.ha, course.snv_nomination)
    client.force_login(secretary)
    url = f"/api/training-attendance/?class={course.course.pk}"
    bad = [{"participant": ha.pk, "day": "2025-07-11", "present": True},
           {"participant": ha.pk, "day": "2025-07-20", "present": True}]  # fmt: skip
    response = post(client, url, bad)
    assert response.status_code == 400
    assert "Ngày 20/07/2025 không thuộc thời gian của lớp" in response.json()["non_field_errors"][0]
    assert not Attendance.objects.exists()
    good = [{"participant": ha.pk, "day": "2025-07-11", "present": True},
            {"participant": ha.pk, "day": "12/07/2025", "present": False}]  # fmt: skip
    assert post(client, url, good).json() == {"changed": 2}
    assert client.get(url).json() == [{"participant": ha.pk, "day": "2025-07-11", "present": True},
                                      {"participant": ha.pk, "day": "2025-07-12", "present": False}]  # fmt: skip
    for garbage in ({"participant": ha.pk}, [{"participant": "x"}], "text", [[1]]):
        assert post(client, url, garbage).status_code == 400


def test_complete_action_writes_records_once(client, course, people, secretary):
    ha = enrol(course.course, people.ha, course.snv_nomination)
    Attendance.objects.create(participant=ha, day=course.course.start_date, present=True)
    client.force_login(secretary)
    url = f"/api/training-classes/{course.course.pk}/complete/"
    first = client.post(url).json()
    assert first["records_written"] == 1 and first["records_completed"] == 1 and not first["already_completed"]
    assert client.post(url).json()["already_completed"] is True
    assert TrainingRecord.objects.count() == 1
    assert client.delete(f"/api/training-classes/{course.course.pk}/").status_code == 400
