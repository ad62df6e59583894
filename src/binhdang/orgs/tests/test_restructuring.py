"""Restructuring keeps dated history: the tree as of any day, staff and posts moved on merge."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from binhdang.core.models import active_on_q
from binhdang.orgs import restructuring
from binhdang.orgs.models import OrgUnit
from binhdang.orgs.tree import subtree, tree_as_of
from binhdang.registry.models import Employment, Post

D = datetime.date


def test_subtree_is_one_prefix_query(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        codes = sorted(subtree(tree.snv).values_list("code", flat=True))
    assert codes == ["TN-SNV", "TN-SNV-CC", "TN-SNV-VP"]


def test_rename_keeps_the_old_name_for_earlier_days(tree):
    restructuring.rename(tree.syt, "Sở Y tế và Dân số", D(2025, 7, 1), decision_number="01/QĐ-UBND")
    assert tree_as_of(D(2025, 6, 30)).nodes[tree.syt.pk].name == "Sở Y tế"
    assert tree_as_of(D(2025, 7, 1)).nodes[tree.syt.pk].name == "Sở Y tế và Dân số"
    assert OrgUnit.objects.get(pk=tree.syt.pk).name == "Sở Y tế và Dân số"


def test_move_changes_the_parent_from_its_day(tree):
    restructuring.move(tree.snv_civil, tree.syt, D(2025, 3, 1))
    before, after = tree_as_of(D(2025, 2, 28)), tree_as_of(D(2025, 3, 1))
    assert before.nodes[tree.snv_civil.pk].parent_id == tree.snv.pk
    assert after.nodes[tree.snv_civil.pk].parent_id == tree.syt.pk
    assert tree.snv_civil.pk in before.descendants(tree.snv.pk)
    assert tree.snv_civil.pk in after.descendants(tree.syt.pk)
    assert subtree(OrgUnit.objects.get(pk=tree.syt.pk)).filter(pk=tree.snv_civil.pk).exists()


def test_merge_moves_staff_and_posts_with_dated_history(tree, people):
    day = D(2025, 3, 1)
    target = restructuring.merge(
        [tree.snv_office, tree.snv_civil],
        restructuring.NewUnit("TN-SNV-VPCC", "Văn phòng – Công chức", "division"),
        day,
        decision_number="99/QĐ-SNV",
    )
    # Hà worked in Văn phòng Sở until the day before, and in the merged unit from the day.
    old = Employment.objects.get(person=people.ha, unit=tree.snv_office)
    assert old.end_date == D(2025, 2, 28)
    new = Employment.objects.get(person=people.ha, unit=target)
    assert new.start_date == day and new.end_date is None
    post = Post.objects.get(active_on_q(day), person=people.ha)
    assert post.unit == target and post.title == "Chánh Văn phòng" and post.decision_number == "99/QĐ-SNV"
    # The sources end; the tree of the day before still has them.
    assert not OrgUnit.objects.get(pk=tree.snv_office.pk).is_active_on(day)
    assert tree.snv_office.pk in tree_as_of(D(2025, 2, 28)).nodes
    assert tree.snv_office.pk not in tree_as_of(day).nodes
    assert Employment.objects.filter(active_on_q(day), unit=target).count() == 3


def test_split_sends_named_staff_to_their_new_unit(tree, people):
    parts = [
        restructuring.NewUnit("TN-SNV-VP1", "Văn phòng", "division"),
        restructuring.NewUnit("TN-SNV-TC", "Phòng Tổ chức", "division"),
    ]
    first, second = restructuring.split(tree.snv_office, parts, D(2025, 1, 1), assignments={people.anh.pk: "TN-SNV-TC"})
    assert Employment.objects.get(active_on_q(D(2025, 1, 1)), person=people.anh).unit == second
    assert Employment.objects.get(active_on_q(D(2025, 1, 1)), person=people.ha).unit == first


def test_a_unit_cannot_move_under_itself(tree):
    with pytest.raises(ValidationError):
        restructuring.move(tree.snv, tree.snv_office, D(2025, 1, 1))
    assert OrgUnit.objects.get(pk=tree.snv.pk).depth == 2


def test_restructuring_before_the_last_change_is_refused_and_writes_nothing(tree):
    restructuring.rename(tree.syt, "Sở Y tế mới", D(2025, 7, 1))
    with pytest.raises(ValidationError):
        restructuring.rename(tree.syt, "Sở Y tế cũ", D(2024, 1, 1))
    assert OrgUnit.objects.get(pk=tree.syt.pk).name == "Sở Y tế mới"
    assert tree.syt.versions.count() == 2


def test_a_duplicate_code_is_refused(tree):
    with pytest.raises(ValidationError):
        restructuring.create_unit(restructuring.NewUnit("TN-SYT", "Trùng mã", "division"), tree.syt, D(2024, 1, 1))


def test_treebeard_finds_no_problem_after_restructuring(tree, people):
    restructuring.move(tree.snv_civil, tree.syt, D(2025, 3, 1))
    restructuring.merge([tree.commune], tree.syt, D(2025, 7, 1))
    assert all(not problems for problems in OrgUnit.objects.find_problems())


def test_merging_two_headed_units_leaves_one_head_and_makes_the_other_a_deputy(tree, people):
    from conftest import make_person

    # given Văn phòng Sở headed by Hà and Phòng Công chức headed by Bình
    head_b = Post.objects.create(
        person=people.binh,
        unit=tree.snv_civil,
        title="Chánh Văn phòng",
        level="division",
        rank="head",
        start_date=D(2022, 1, 1),
    )
    make_person(tree.snv_civil, "Vi Thị", "Lan", "F", "TN0099")
    # when Phòng Công chức is merged into Văn phòng Sở
    day = D(2025, 3, 1)
    restructuring.merge([tree.snv_civil], tree.snv_office, day)
    # then Văn phòng Sở has one head (Hà) and Bình is now a deputy there, with dated history
    current = Post.objects.filter(active_on_q(day), unit=tree.snv_office)
    assert [(p.person_id, p.rank) for p in current.filter(rank="head")] == [(people.ha.pk, "head")]
    moved = current.get(person=people.binh)
    assert moved.rank == "deputy" and moved.title == "Phó Chánh Văn phòng"
    assert Post.objects.get(pk=head_b.pk).end_date == D(2025, 2, 28)
    for post in current:
        post.full_clean()
