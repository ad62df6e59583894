"""Names, titles and venues typed into a training class stay text in the participant list (.xlsx)."""

from __future__ import annotations

from django.urls import reverse

from binhdang.core.tests.formulas import INJECTIONS, assert_typed_text_kept
from binhdang.training.models import TrainingClass
from binhdang.training.tests.conftest import guest


def test_participant_list_writes_formula_like_text_as_text(client, course, secretary):
    link, arithmetic, negative, lotus = INJECTIONS
    TrainingClass.objects.filter(pk=course.course.pk).update(title=link, venue=arithmetic)
    guest(course.course, name=lotus)
    guest(course.course, name=negative)
    client.force_login(secretary)
    response = client.get(reverse("training:participant_list", args=[course.course.pk]), {"format": "xlsx"})
    assert response.status_code == 200
    assert_typed_text_kept(b"".join(response.streaming_content))
