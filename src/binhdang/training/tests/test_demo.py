"""The demo's training classes: the four classes of seed 003 in the demo province."""

from __future__ import annotations

import pytest

from binhdang.orgs.models import OrgUnit
from binhdang.registry.demo import PROVINCE_CODE, build_province
from binhdang.registry.models import TrainingRecord
from binhdang.training.demo import add_training_classes
from binhdang.training.models import TrainingClass


@pytest.mark.django_db
def test_demo_adds_the_four_classes_with_two_completed_and_records_written():
    build_province(seed=3, staff_per_unit=2, communes=3)
    province = OrgUnit.objects.get(code=PROVINCE_CODE)
    counts = add_training_classes(province, seed=3)
    classes = list(TrainingClass.objects.order_by("start_date"))
    assert [c.title for c in classes] == ["Lớp tập huấn 1", "Lớp tập huấn 2", "Lớp tập huấn 3", "Lớp tập huấn 4"]
    assert [c.status for c in classes] == ["completed", "completed", "open", "planned"]
    assert {c.organiser.code for c in classes} == {f"{PROVINCE_CODE}-SNV"}
    second = classes[1]
    assert (second.end_date - second.start_date).days == 1 and second.start_date.month == 7
    assert second.nominations.count() >= 10 and second.participants.filter(person__isnull=True).count() == 2
    records = TrainingRecord.objects.filter(course__in=["Lớp tập huấn 1", "Lớp tập huấn 2"])
    assert counts["training_records_from_classes"] == records.count() > 20
    assert records.filter(completed=True).count() > records.count() / 2
    assert classes[3].nominations.count() == 3  # the three communes built
