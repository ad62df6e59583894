"""The plans' API: read in scope, written by who manages the plan, progress by the unit in charge."""

from __future__ import annotations

import datetime
import json

import pytest

from binhdang.plans.models import Plan, PlanDraft, ReportDeadline, Task
from binhdang.plans.tests.access import EXTRACTED


@pytest.fixture
def plan(tree):
    plan = Plan.objects.create(
        number="12/KH-SNV", title="Kế hoạch của Sở Nội vụ", issuer=tree.snv, period_start=2021, period_end=2030,
        signer_name="Nguyễn Văn Ký", signer_title="GIÁM ĐỐC",
    )  # fmt: skip
    ReportDeadline.objects.create(plan=plan, kind="annual", due_date=datetime.date(2000, 11, 30), recurring=True)
    return plan


@pytest.fixture
def task(plan, tree):
    return Task.objects.create(plan=plan, text="Tổ chức tọa đàm", unit_in_charge=tree.snv_office)


def post(client, url, data, method="post"):
    return getattr(client, method)(url, data=json.dumps(data), content_type="application/json")


def test_plans_in_scope_are_listed_with_their_parts(client, plan, tree, secretary, other_secretary):
    Plan.objects.create(title="Kế hoạch của Sở Y tế", issuer=tree.syt, period_start=2021, period_end=2030)
    client.force_login(secretary)
    body = client.get("/api/plans/").json()
    assert [p["title"] for p in body["results"]] == ["Kế hoạch của Sở Nội vụ"]
    assert body["results"][0]["issuer"] == "TN-SNV" and body["results"][0]["signer_name"] == "Nguyễn Văn Ký"
    client.force_login(other_secretary)
    assert [p["title"] for p in client.get("/api/plans/").json()["results"]] == ["Kế hoạch của Sở Y tế"]
    assert client.get(f"/api/plans/{plan.pk}/").status_code == 404


def test_viewer_reads_plans_without_names_and_cannot_write(client, plan, viewer):
    client.force_login(viewer)
    data = client.get(f"/api/plans/{plan.pk}/").json()
    assert data["title"] == "Kế hoạch của Sở Nội vụ" and "signer_name" not in data
    assert post(client, f"/api/plans/{plan.pk}/", {"title": "Đổi"}, "patch").status_code == 403
    assert post(client, "/api/plans/", {"title": "Mới", "issuer": "TN-SNV"}).status_code == 403


def test_secretary_writes_a_plan_for_her_agency_only(client, tree, plan, secretary):
    client.force_login(secretary)
    payload = {"title": "Kế hoạch năm 2026", "issuer": "TN-SNV", "period_start": 2026, "period_end": 2026,
               "recipients": ["Lãnh đạo Sở"], "implements": plan.pk}  # fmt: skip
    response = post(client, "/api/plans/", payload)
    assert response.status_code == 201, response.content
    created = Plan.objects.get(pk=response.json()["id"])
    assert created.issuer == tree.snv and created.recipients == ["Lãnh đạo Sở"] and created.implements == plan
    assert post(client, "/api/plans/", {**payload, "issuer": "TN-SYT"}).status_code == 403
    assert post(client, "/api/plans/", {**payload, "period_end": 2020}).status_code == 400
    stale = post(client, f"/api/plans/{plan.pk}/", {"title": "Đổi tên", "version": 7}, "patch")
    assert stale.status_code == 400
    fresh = post(client, f"/api/plans/{plan.pk}/", {"title": "Đổi tên", "version": 1}, "patch")
    assert fresh.status_code == 200 and fresh.json()["version"] == 2
    assert client.delete(f"/api/plans/{plan.pk}/").status_code == 405


def test_tasks_are_written_by_who_manages_the_plan(client, tree, plan, task, secretary, leader):
    client.force_login(secretary)
    payload = {"plan": plan.pk, "text": "Rà soát quy hoạch", "unit_in_charge": "TN-SNV-CC",
               "cooperating_units": ["TN-SNV-VP"], "recurrence": "yearly", "due_date": "2021-10-20"}  # fmt: skip
    response = post(client, "/api/tasks/", payload)
    assert response.status_code == 201, response.content
    created = Task.objects.get(pk=response.json()["id"])
    assert created.unit_in_charge == tree.snv_civil and list(created.cooperating_units.all()) == [tree.snv_office]
    assert post(client, "/api/tasks/", {**payload, "unit_in_charge": "TN-SYT-NVY"}).status_code == 400
    client.force_login(leader)
    assert post(client, f"/api/tasks/{task.pk}/", {"text": "Đổi"}, "patch").status_code == 403
    assert Task.objects.get(pk=task.pk).text == "Tổ chức tọa đàm"


def test_the_unit_in_charge_reports_progress_through_the_api(client, task, leader, viewer, other_secretary):
    client.force_login(leader)
    response = post(client, f"/api/tasks/{task.pk}/progress/", {"note": "Đã tổ chức", "status": "done"})
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "done" and response.json()["author"] == leader.full_name
    task.refresh_from_db()
    assert task.status == "done" and task.version == 2
    detail = client.get(f"/api/tasks/{task.pk}/").json()
    assert detail["last_progress"]["note"] == "Đã tổ chức" and detail["overdue"] is False
    assert post(client, f"/api/tasks/{task.pk}/progress/", {"note": "<b>x</b>", "status": "done"}).status_code == 400
    assert post(client, f"/api/tasks/{task.pk}/progress/", {"note": "x", "status": "finished"}).status_code == 400
    client.force_login(viewer)
    assert post(client, f"/api/tasks/{task.pk}/progress/", {"note": "x", "status": "done"}).status_code == 403
    client.force_login(other_secretary)
    assert post(client, f"/api/tasks/{task.pk}/progress/", {"note": "x", "status": "done"}).status_code == 404
    assert task.progress.count() == 1


def test_report_deadlines_are_read_only_and_scoped(client, plan, secretary, other_secretary):
    client.force_login(secretary)
    [deadline] = client.get("/api/report-deadlines/").json()["results"]
    assert deadline["kind"] == "annual" and deadline["recurring"] is True and deadline["next_due"].endswith("-11-30")
    assert post(client, "/api/report-deadlines/", {"plan": plan.pk, "kind": "annual"}).status_code == 405
    client.force_login(other_secretary)
    assert client.get("/api/report-deadlines/").json()["results"] == []


def test_drafts_are_read_by_their_uploader_only(client, tree, secretary, snv_admin, other_secretary):
    mine = PlanDraft.objects.create(user=secretary, unit=tree.snv, file_name="kh.txt", file_hash="0" * 64,
                                    file_size=1, data=b"x", extracted=EXTRACTED)  # fmt: skip
    PlanDraft.objects.create(user=snv_admin, unit=tree.snv, file_name="khac.txt", file_hash="1" * 64, file_size=1,
                             data=b"x", extracted={})  # fmt: skip
    client.force_login(secretary)
    [draft] = client.get("/api/plan-drafts/").json()["results"]
    assert draft["id"] == mine.pk and draft["extracted"]["number"] == "15/KH-SNV" and "data" not in draft
    client.force_login(other_secretary)
    assert client.get("/api/plan-drafts/").json()["results"] == []
    assert client.get(f"/api/plan-drafts/{mine.pk}/").status_code == 404
