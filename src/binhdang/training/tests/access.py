"""The training app's rows of the access matrix (see `access_modules()` in the root conftest.py).

A class of Sở Nội vụ that asks its civil-service division to send people, with Nguyễn Thị Hà and a guest
enrolled: another agency, not asked, neither sees nor changes any of it."""

from __future__ import annotations

import datetime
from typing import Any

from binhdang.training.api import AttendanceMarkSerializer, ParticipantSerializer, TrainingClassSerializer
from binhdang.training.forms import GuestForm, NominationForm, TrainingClassForm

MATRIX: dict[str, tuple[str, str]] = {
    "training:class_list": ("view_aggregate", "page"),
    "training:class_create": ("record_activities", "page"),
    "training:class_detail": ("view_aggregate", "object"),
    "training:class_edit": ("record_activities", "object"),
    "training:class_delete": ("record_activities", "object"),
    "training:class_nominations": ("record_activities", "object"),
    "training:class_enrol": ("record_activities", "object"),
    "training:class_attendance": ("record_activities", "object"),
    "training:class_evaluation": ("record_activities", "object"),
    "training:class_complete": ("record_activities", "object"),
    "training:attendance_sheet": ("record_activities", "object"),
    "training:participant_list": ("view_person", "object"),
    "api:trainingclass-list": ("view_aggregate", "list"),
    "api:trainingclass-detail": ("view_aggregate", "object"),
    "api:trainingclass-complete": ("record_activities", "object"),
    "api:trainingparticipant-list": ("view_person", "list"),
    "api:trainingparticipant-detail": ("view_person", "object"),
    "api:trainingattendance-list": ("record_activities", "list"),
}
PK_KIND: dict[str, str] = {
    **{name: "training_class" for name in MATRIX if name.startswith("training:") and MATRIX[name][1] == "object"},
    "api:trainingclass-detail": "training_class",
    "api:trainingclass-complete": "training_class",
    "api:trainingparticipant-detail": "training_participant",
}
FORMS = [TrainingClassForm, NominationForm, GuestForm]
SERIALIZERS = [TrainingClassSerializer, ParticipantSerializer, AttendanceMarkSerializer]


def records(tree: Any, people: Any) -> dict[str, int]:
    from binhdang.training.models import Attendance, Nomination, Participant, TrainingClass

    course = TrainingClass.objects.create(
        organiser=tree.snv,
        title="Lớp tập huấn lồng ghép giới của Sở Nội vụ",
        start_date=datetime.date(2025, 7, 11),
        end_date=datetime.date(2025, 7, 12),
        venue="Hội trường Sở Nội vụ",
        status=TrainingClass.Status.OPEN,
    )
    nomination = Nomination.objects.create(training_class=course, unit=tree.snv_office, quota=3)
    ha = Participant.objects.create(training_class=course, person=people.ha, nominated_by=nomination)
    Participant.objects.create(training_class=course, guest_name="Đinh Thị Khách", guest_sex="F",
                               guest_unit_text="Hội Liên hiệp Phụ nữ tỉnh")  # fmt: skip
    Attendance.objects.create(participant=ha, day=course.start_date, present=True)
    return {"training_class": course.pk, "training_participant": ha.pk}


def extra_urls(records: dict[str, int]) -> dict[str, list[str]]:
    pk = records["training_class"]
    return {
        "api:trainingparticipant-list": [f"/api/training-participants/?class={pk}"],
        "api:trainingattendance-list": [f"/api/training-attendance/?class={pk}"],
    }
