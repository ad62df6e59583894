"""Dated facts must make sense in time: within their unit's life and the person's working age."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from binhdang.orgs import restructuring
from binhdang.registry.models import Employment, Post

D = datetime.date


def test_a_post_cannot_start_before_its_unit_existed(tree, people):
    post = Post(
        person=people.ha,
        unit=tree.snv,
        title="Phó Giám đốc",
        level="department",
        rank="deputy",
        start_date=D(1999, 6, 1),
    )
    with pytest.raises(ValidationError) as error:
        post.full_clean()
    assert "start_date" in error.value.message_dict


def test_an_employment_cannot_start_after_its_unit_ended(tree, people):
    restructuring.merge([tree.snv_civil], tree.snv_office, D(2025, 3, 1))
    employment = Employment(person=people.anh, unit=tree.snv_civil, start_date=D(2025, 6, 1))
    with pytest.raises(ValidationError) as error:
        employment.full_clean()
    assert "start_date" in error.value.message_dict


def test_nobody_works_before_fifteen(tree, people):
    employment = Employment(person=people.ha, unit=tree.syt, start_date=D(1995, 1, 1))  # Hà was born in 1985
    with pytest.raises(ValidationError) as error:
        employment.full_clean()
    assert "start_date" in error.value.message_dict


def test_two_restructurings_of_one_unit_on_one_day_are_refused(tree):
    restructuring.rename(tree.syt, "Sở Y tế (tạm)", D(2025, 7, 1))
    with pytest.raises(ValidationError):
        restructuring.rename(tree.syt, "Sở Y tế", D(2025, 7, 1))
    assert [v.valid_to for v in tree.syt.versions.order_by("valid_from")] == [D(2025, 6, 30), None]


def test_a_merge_keeps_the_end_of_a_job_due_to_end_later(tree, people):
    import datetime as dt

    from binhdang.orgs.restructuring import merge
    from binhdang.registry.models import Employment

    job = people.yen.employments.get()
    job.end_date = dt.date(2025, 6, 30)
    job.save()
    merge([tree.syt_medical], tree.snv_civil, dt.date(2024, 1, 1))
    moved = Employment.objects.get(person=people.yen, unit=tree.snv_civil)
    assert (moved.start_date, moved.end_date) == (dt.date(2024, 1, 1), dt.date(2025, 6, 30))
