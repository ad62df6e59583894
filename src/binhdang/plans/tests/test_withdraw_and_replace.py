"""A plan can be withdrawn (kept read-only, its targets out of force, audited) or replaced by a new version
uploaded over it; and a target has one status wherever it is shown (the plan page uses the dashboard's rule)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from binhdang.core.models import AuditEntry
from binhdang.indicators.models import Target
from binhdang.indicators.targets import applicable_targets
from binhdang.plans.models import Plan, PlanDraft, PlanStatus, Task
from binhdang.plans.tests.test_drafts import form_data, review_page
from binhdang.plans.tests.test_unit_matching import SEEDS


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def english(client: Any) -> None:
    client.cookies["django_language"] = "en"


def _upload_and_confirm(client: Any, unit: Any, **changes: Any) -> Any:
    seed = next(SEEDS.glob("001_*.txt"))
    upload = SimpleUploadedFile(seed.name, seed.read_bytes(), content_type="text/plain")
    assert client.post(reverse("plans:draft_upload"), {"file": upload, "unit": unit.pk}).status_code == 302
    draft = PlanDraft.objects.latest("pk")
    data = {**form_data(review_page(client, draft)), **changes, "action": "confirm"}
    return draft, client.post(reverse("plans:draft_review", args=[draft.pk]), data)


def test_a_plan_is_withdrawn_with_its_targets_and_kept_read_only(client: Any, tree: Any, secretary: Any):
    # given a plan of Sở Nội vụ with a target and a task
    plan = Plan.objects.create(title="Kế hoạch Sở", issuer=tree.snv, period_start=2021, period_end=2030)
    Target.objects.create(plan=plan, unit=tree.snv, indicator="staff_women", year=2030, value=Decimal(50))
    task = Task.objects.create(plan=plan, text="Tổ chức tọa đàm", unit_in_charge=tree.snv_office)
    client.force_login(secretary)
    # a withdrawal without a reason is refused with a message, nothing changes
    response = client.post(reverse("plans:plan_withdraw", args=[plan.pk]), {"reason": ""}, follow=True)
    assert "Say why the plan is withdrawn." in response.content.decode()
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.IN_FORCE
    # when she withdraws it
    response = client.post(reverse("plans:plan_withdraw", args=[plan.pk]), {"reason": "Ban hành nhầm"})
    assert response.status_code == 302
    # then it is kept, withdrawn, with its target out of force, and the audit log says who did it
    plan.refresh_from_db()
    assert plan.status == PlanStatus.WITHDRAWN and plan.withdrawn_on == timezone.localdate()
    assert not Target.objects.get(plan=plan).in_force
    assert ("staff_women", "") not in applicable_targets(tree.snv, timezone.localdate())
    entry = AuditEntry.objects.filter(object_id=plan.pk, changes__has_key="status").order_by("-pk").first()
    assert entry is not None and entry.actor_id == secretary.pk
    page = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert 'id="withdrawn"' in page and "Ban hành nhầm" in page and 'id="withdraw-form"' not in page
    # and nothing of it can be changed any more; its task is no one's work
    assert client.get(reverse("plans:plan_edit", args=[plan.pk])).status_code == 403
    assert client.post(reverse("plans:task_delete", args=[task.pk])).status_code == 403
    assert (
        client.post(reverse("plans:task_progress", args=[task.pk]), {"note": "x", "status": "done"}).status_code == 403
    )
    assert Task.objects.filter(pk=task.pk).exists()
    assert "Tổ chức tọa đàm" not in client.get(reverse("plans:task_list")).content.decode()


def test_a_second_upload_of_a_plan_replaces_it_as_a_new_version(client: Any, tree: Any, secretary: Any):
    # given seed 001 confirmed once for Sở Nội vụ
    client.force_login(secretary)
    _draft, response = _upload_and_confirm(client, tree.snv)
    assert response.status_code == 302
    first = Plan.objects.get()
    # when the same plan is uploaded again, the review page proposes to replace the plan of the same number
    seed = next(SEEDS.glob("001_*.txt"))
    upload = SimpleUploadedFile(seed.name, seed.read_bytes(), content_type="text/plain")
    client.post(reverse("plans:draft_upload"), {"file": upload, "unit": tree.snv.pk})
    draft = PlanDraft.objects.latest("pk")
    page = review_page(client, draft)
    assert 'id="same-file"' in page
    data = form_data(page)
    assert data["plan-replaces"] == str(first.pk)
    # without replacing, its targets clash with those in force: the user is told, nothing is written
    blocked = client.post(
        reverse("plans:draft_review", args=[draft.pk]), {**data, "plan-replaces": "", "action": "confirm"}
    )
    assert blocked.status_code == 200 and "already has a target" in blocked.content.decode()
    assert Plan.objects.count() == 1
    # replacing it creates the new version and keeps the old one withdrawn, read-only, pointing to the new
    response = client.post(reverse("plans:draft_review", args=[draft.pk]), {**data, "action": "confirm"})
    assert response.status_code == 302, response.content.decode()[:2000]
    second = Plan.objects.exclude(pk=first.pk).get()
    first.refresh_from_db()
    assert first.status == PlanStatus.WITHDRAWN and first.superseded_by_id == second.pk
    assert second.status == PlanStatus.IN_FORCE
    assert not first.targets.filter(in_force=True).exists() and second.targets.filter(in_force=True).exists()
    page = client.get(reverse("plans:plan_detail", args=[first.pk])).content.decode()
    assert f'href="{reverse("plans:plan_detail", args=[second.pk])}"' in page


def test_another_agencys_plan_cannot_be_replaced(client: Any, tree: Any, secretary: Any, other_secretary: Any):
    theirs = Plan.objects.create(title="Kế hoạch Sở Y tế", issuer=tree.syt, period_start=2021, period_end=2030)
    client.force_login(secretary)
    draft, response = _upload_and_confirm(client, tree.snv, **{"plan-replaces": str(theirs.pk)})
    assert response.status_code == 200
    theirs.refresh_from_db()
    assert theirs.status == PlanStatus.IN_FORCE and Plan.objects.count() == 1


def test_the_plan_page_gives_a_target_the_dashboards_status(client: Any, tree: Any, people: Any, secretary: Any):
    from conftest import make_person

    # given 3 of 4 staff of Sở Nội vụ are women a year ago, and a woman joined half a year ago (4 of 5 now):
    # rising 5 points a year towards 85% by 2030, so on track by the trend, at risk by the distance alone
    today = timezone.localdate()
    make_person(tree.snv_civil, "Lý Thị", "Thu", "F", "TN0099", start=today - datetime.timedelta(days=180))
    plan = Plan.objects.create(title="Kế hoạch Sở", issuer=tree.snv, period_start=2021, period_end=2030)
    target = Target.objects.create(plan=plan, unit=tree.snv, indicator="staff_women", year=2030, value=Decimal(85))
    client.force_login(secretary)
    # when the plan page and the dashboard are opened
    plan_page = client.get(reverse("plans:plan_detail", args=[plan.pk]))
    dashboard = client.get(reverse("indicators:dashboard"), {"unit": tree.snv.pk})
    # then they give the target the same status
    [row] = [row for row in plan_page.context["targets"]["rows"] if row["target"].pk == target.pk]
    [tile] = [tile for tile in dashboard.context["tiles"] if tile["assessment"].indicator.code == "staff_women"]
    assert tile["assessment"].status == "on_track"
    assert row["assessment"].status == tile["assessment"].status


def test_a_plan_entered_by_mistake_is_deleted_one_with_work_is_withdrawn_instead(
    client: Any, tree: Any, secretary: Any, leader: Any
):
    mistake = Plan.objects.create(title="Nhập nhầm", issuer=tree.snv, period_start=2021, period_end=2030)
    Task.objects.create(plan=mistake, text="Việc chưa làm")
    worked = Plan.objects.create(title="Đang thực hiện", issuer=tree.snv, period_start=2021, period_end=2030)
    Task.objects.create(plan=worked, text="Việc đã làm").add_progress(leader, "Đã làm", "done")
    client.force_login(secretary)
    assert client.post(reverse("plans:plan_delete", args=[mistake.pk])).status_code == 302
    assert not Plan.objects.filter(pk=mistake.pk).exists() and not Task.objects.filter(text="Việc chưa làm").exists()
    response = client.post(reverse("plans:plan_delete", args=[worked.pk]), follow=True)
    assert "cannot be deleted: Progress was recorded on its tasks. Withdraw it instead." in response.content.decode()
    assert Plan.objects.filter(pk=worked.pk).exists()
