"""/api/activities/: scoped like the pages, units by code, the list's filters, the model's own checks."""

from __future__ import annotations

import datetime
import json

from binhdang.activities.models import Activity
from binhdang.activities.tests.helpers import make_activity

URL = "/api/activities/"


def post(client, payload, url=URL, method="post"):
    return getattr(client, method)(url, data=json.dumps(payload), content_type="application/json")


def payload(**changes):
    data = {
        "unit": "TN-SNV-VP",
        "kind": "discussion",
        "title": "Tọa đàm về phụ nữ tham gia lãnh đạo",
        "start_date": "2026-04-18",
        "participants_female": 25,
        "participants_male": 10,
        "participants_minority": 4,
        "cost": "2000000",
    }
    data.update(changes)
    return data


def test_secretary_creates_an_activity_by_unit_code(client, secretary, tree, snv_task):
    client.force_login(secretary)
    response = post(client, payload(task=snv_task.pk))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["unit"] == "TN-SNV-VP" and body["unit_name"] == "Văn phòng Sở" and body["version"] == 1
    activity = Activity.objects.get()
    assert (activity.unit, activity.task, activity.created_by, activity.cost) == (
        tree.snv_office,
        snv_task,
        secretary,
        2_000_000,
    )


def test_the_list_holds_only_the_callers_scope(client, other_secretary, tree):
    make_activity(tree.snv, title="Của Sở Nội vụ")
    make_activity(tree.syt_medical, title="Của Sở Y tế")
    client.force_login(other_secretary)
    body = client.get(URL).json()
    assert [row["title"] for row in body["results"]] == ["Của Sở Y tế"]
    assert "TN-SNV" not in json.dumps(body)


def test_another_agency_can_neither_read_nor_change_nor_create(client, other_secretary, tree, snv_task):
    activity = make_activity(tree.snv)
    client.force_login(other_secretary)
    detail = f"{URL}{activity.pk}/"
    assert client.get(detail).status_code == 404
    assert post(client, {"title": "Đổi"}, detail, "patch").status_code == 404
    assert client.delete(detail).status_code == 404
    assert post(client, payload()).status_code in (400, 403)
    assert post(client, payload(unit="TN-SYT", task=snv_task.pk)).status_code == 403
    assert Activity.objects.count() == 1 and Activity.objects.get().title == activity.title


def test_viewer_reads_with_small_counts_hidden_and_cannot_write(client, viewer, tree):
    activity = make_activity(tree.snv, participants_female=3, participants_male=12, participants_minority=0)
    client.force_login(viewer)
    body = client.get(f"{URL}{activity.pk}/").json()
    # the 12 men are hidden too: the page gives the 15 participants, and 15 - 12 would give the 3 women
    assert (body["participants_female"], body["participants_male"], body["participants_minority"]) == ("<5", "×", 0)
    assert post(client, payload(unit="TN-SNV")).status_code == 403
    assert client.delete(f"{URL}{activity.pk}/").status_code == 403


def test_filters_by_unit_code_with_its_subtree_kind_and_year(client, province_admin, tree):
    make_activity(tree.snv_office, title="A", kind="discussion", start_date=datetime.date(2025, 3, 2))
    make_activity(tree.snv, title="B", kind="rally", start_date=datetime.date(2026, 3, 2))
    make_activity(tree.syt, title="C", kind="discussion", start_date=datetime.date(2025, 6, 2))
    client.force_login(province_admin)

    def titles(query: str) -> list[str]:
        return sorted(row["title"] for row in client.get(f"{URL}?{query}").json()["results"])

    assert titles("unit=TN-SNV") == ["A", "B"]
    assert titles(f"unit={tree.snv_office.pk}") == ["A"]
    assert titles("kind=discussion") == ["A", "C"]
    assert titles("year=2025") == ["A", "C"]
    assert titles("unit=TN-SNV&year=2025") == ["A"]
    assert client.get(f"{URL}?unit=KHONG-CO").status_code == 400
    assert client.get(f"{URL}?year=1850").status_code == 400


def test_the_api_refuses_what_the_form_refuses_with_the_same_message(client, secretary, tree):
    client.force_login(secretary)
    response = post(client, payload(kind="action_month", start_date="2025-12-20"))
    assert response.status_code == 400
    assert "15/11/2025" in json.dumps(response.json(), ensure_ascii=False)
    response = post(client, payload(participants_minority=99))
    assert response.status_code == 400 and "participants_minority" in response.json()
    assert post(client, payload(participants_female=100_000)).status_code == 400
    assert post(client, payload(participants_female=-1)).status_code == 400
    assert post(client, payload(cost="-1")).status_code == 400
    assert not Activity.objects.exists()


def test_a_stale_version_is_refused(client, secretary, tree):
    activity = make_activity(tree.snv, title="Gốc")
    client.force_login(secretary)
    detail = f"{URL}{activity.pk}/"
    assert post(client, {"title": "Lần một", "version": 1}, detail, "patch").status_code == 200
    stale = post(client, {"title": "Lần hai", "version": 1}, detail, "patch")
    assert stale.status_code == 400 and "version" in stale.json()
    activity.refresh_from_db()
    assert (activity.title, activity.version) == ("Lần một", 2)


def test_moving_an_activity_to_another_agency_is_refused(client, secretary, tree):
    activity = make_activity(tree.snv)
    client.force_login(secretary)
    assert post(client, {"unit": "TN-SYT"}, f"{URL}{activity.pk}/", "patch").status_code == 403
    activity.refresh_from_db()
    assert activity.unit == tree.snv


def test_deleting_through_the_api(client, secretary, tree):
    activity = make_activity(tree.snv)
    client.force_login(secretary)
    assert client.delete(f"{URL}{activity.pk}/").status_code == 204
    assert not Activity.objects.exists()
