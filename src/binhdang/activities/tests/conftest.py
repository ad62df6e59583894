"""Fixtures of the activities' tests: files go to a temporary media folder; a plan of Sở Nội vụ with a task."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def snv_task(tree: Any) -> Any:
    from binhdang.plans.models import Plan, Task

    plan = Plan.objects.create(
        number="15/KH-SNV", title="Kế hoạch bình đẳng giới của Sở Nội vụ", issuer=tree.snv, period_start=2021,
        period_end=2030,
    )  # fmt: skip
    return Task.objects.create(plan=plan, label="III.1", text="Tổ chức tọa đàm, hội thảo về bình đẳng giới")


@pytest.fixture
def syt_task(tree: Any) -> Any:
    from binhdang.plans.models import Plan, Task

    plan = Plan.objects.create(title="Kế hoạch của Sở Y tế", issuer=tree.syt, period_start=2021, period_end=2030)
    return Task.objects.create(plan=plan, label="II.2", text="Tuyên truyền về bình đẳng giới trong ngành y tế")

