"""A training class of Sở Nội vụ for the training app's tests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest

FIRST_DAY = datetime.date(2025, 7, 11)
LAST_DAY = datetime.date(2025, 7, 12)


@dataclass
class Course:
    course: Any  # "Lớp tập huấn 2" of Sở Nội vụ, 11–12/07/2025, open for enrolment
    snv_nomination: Any  # Văn phòng Sở may send 3
    syt_nomination: Any  # Sở Y tế may send 2


@pytest.fixture
def course(tree: Any, people: Any, secretary: Any) -> Course:
    from binhdang.training.models import Nomination, TrainingClass

    course = TrainingClass.objects.create(
        organiser=tree.snv,
        title="Lớp tập huấn 2",
        content="Tổng quan về bình đẳng giới và công tác quản lý nhà nước về bình đẳng giới",
        target_groups="Trưởng ban, phó ban, thư ký Ban Vì sự tiến bộ của phụ nữ",
        start_date=FIRST_DAY,
        end_date=LAST_DAY,
        venue="Hội trường Sở Nội vụ",
        trainers="Tiến sĩ Đặng Ngọc Toàn\nLãnh đạo tỉnh",
        status=TrainingClass.Status.OPEN,
        created_by=secretary,
    )
    return Course(
        course=course,
        snv_nomination=Nomination.objects.create(training_class=course, unit=tree.snv_office, quota=3),
        syt_nomination=Nomination.objects.create(training_class=course, unit=tree.syt, quota=2),
    )


@pytest.fixture
def english(client: Any) -> Any:
    """Pages in English, so that messages are compared with their msgids (the Vietnamese is written elsewhere)."""
    client.cookies["django_language"] = "en"
    return client


def enrol(course: Any, person: Any, nomination: Any = None) -> Any:
    from binhdang.training.models import Participant

    return Participant.objects.create(training_class=course, person=person, nominated_by=nomination)


def guest(course: Any, name: str = "Đinh Thị Khách", nomination: Any = None) -> Any:
    from binhdang.training.models import Participant

    return Participant.objects.create(
        training_class=course, guest_name=name, guest_sex="F", guest_unit_text="Hội Liên hiệp Phụ nữ tỉnh",
        nominated_by=nomination,
    )  # fmt: skip
