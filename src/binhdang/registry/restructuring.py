"""Move staff and posts when org units are merged or split, keeping the dated history.

Old facts end the day before the restructuring; new ones start on its day in the new unit.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.dispatch import receiver

from binhdang.core.models import active_on_q
from binhdang.orgs.models import OrgUnit, RestructuringEvent
from binhdang.orgs.signals import unit_split, units_merged
from binhdang.registry.choices import LEVEL_BY_UNIT_KIND, PostRank
from binhdang.registry.models import Employment, Post


def _transfer(
    source: OrgUnit, target_for: dict[int, OrgUnit], default: OrgUnit, day: datetime.date, event: RestructuringEvent
) -> None:
    eve = day - datetime.timedelta(days=1)
    for employment in Employment.objects.filter(active_on_q(day), unit=source):
        target = target_for.get(employment.person_id, default)
        ends = employment.end_date  # a job due to end later still ends then, in the new unit
        employment.end_date = eve
        employment.save()
        Employment.objects.create(person_id=employment.person_id, unit=target, start_date=day, end_date=ends)
    for post in Post.objects.filter(active_on_q(day), unit=source):
        target = target_for.get(post.person_id, default)
        ends = post.end_date
        post.end_date = eve
        post.save()
        held = Post.objects.filter(active_on_q(day), unit=target)
        if held.filter(person_id=post.person_id).exists():
            continue  # already holds a post in the receiving unit (e.g. heads of two merged units)
        title, rank, key_leader = post.title, post.rank, post.is_key_leader
        if rank == PostRank.HEAD and held.filter(rank=PostRank.HEAD, title=title).exists():
            # The receiving unit keeps its head; a merged unit's head becomes a deputy, as decisions
            # on mergers usually provide, until a new appointment is recorded.
            title, rank, key_leader = f"Phó {title}", PostRank.DEPUTY, False
        Post.objects.create(
            person_id=post.person_id,
            unit=target,
            title=title,
            rank=rank,
            level=LEVEL_BY_UNIT_KIND.get(target.kind, post.level),
            is_key_leader=key_leader,
            start_date=day,
            end_date=ends,
            decision_number=event.decision_number or post.decision_number,
        )


@receiver(units_merged, dispatch_uid="registry-units-merged")
def move_staff_of_merged_units(
    sender: Any, sources: list[OrgUnit], target: OrgUnit, date: datetime.date, event: RestructuringEvent, **kwargs: Any
) -> None:
    for source in sources:
        _transfer(source, {}, target, date, event)


@receiver(unit_split, dispatch_uid="registry-unit-split")
def move_staff_of_split_unit(
    sender: Any,
    source: OrgUnit,
    assignments: dict[int, OrgUnit],
    default: OrgUnit,
    date: datetime.date,
    event: RestructuringEvent,
    **kwargs: Any,
) -> None:
    _transfer(source, assignments, default, date, event)
