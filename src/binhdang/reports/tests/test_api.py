"""The reports' API as the personas use it: the secretary opens and writes a report, the leader submits it, the
province returns it with a comment and accepts it; what each may not do is refused with the workflow's message
and changes nothing; viewers see the figures with small counts hidden; who has reported, and the DHIS2 export."""

from __future__ import annotations

import datetime
import json

import pytest
from conftest import make_user

from binhdang.plans.models import Plan, ReportDeadline
from binhdang.reports import workflow
from binhdang.reports.models import Report, ReportEvent


@pytest.fixture
def province_plan(tree):
    """The province's plan: its agencies report to it before 15/06 (half-year) and 15/12 (year)."""
    plan = Plan.objects.create(title="Kế hoạch của tỉnh", issuer=tree.province, period_start=2021, period_end=2030)
    for kind, day in (("half_year", datetime.date(2021, 6, 15)), ("annual", datetime.date(2021, 12, 15))):
        ReportDeadline.objects.create(plan=plan, kind=kind, due_date=day, recurring=True, reporter="subordinates")
    return plan


TEXT = {
    "results": "Tổ chức tọa đàm nhân ngày Quốc tế Phụ nữ 8/3 với 45 người tham gia.",
    "shortcomings": "Tỷ lệ nữ trong diện quy hoạch còn thấp.",
    "next_steps": "Rà soát, bổ sung quy hoạch cán bộ nữ.",
    "number": "15/BC-SNV",
    "signer_authority_form": "KT.",
    "signer_authority": "GIÁM ĐỐC",
    "signer_title": "PHÓ GIÁM ĐỐC",
    "signer_name": "Vi Văn Lãnh",
    "recipients": ["Ban VSTBPN tỉnh (b/c);", "  ", "Lưu: VT."],
}


def send(client, url, data=None, method="post"):
    return getattr(client, method)(
        url, data=json.dumps(data if data is not None else {}), content_type="application/json"
    )


def errors(response) -> str:
    return json.dumps(response.json(), ensure_ascii=False)


def snapshot(report: Report) -> tuple:
    """What a refused request must leave as it was."""
    report.refresh_from_db()
    steps = list(report.events.values_list("action", "comment"))
    return (report.status, report.version, report.results, report.figures, report.submitted_at, steps)


@pytest.fixture
def draft(tree, people, leader, province_plan) -> Report:
    """Sở Nội vụ's half-year report, opened and written (all the required sections)."""
    report, _created = workflow.open_report(leader, tree.snv, "half_year", "2026-H1")
    Report.objects.filter(pk=report.pk).update(
        results=TEXT["results"], shortcomings=TEXT["shortcomings"], next_steps=TEXT["next_steps"]
    )
    report.refresh_from_db()
    return report


@pytest.fixture
def submitted(draft, leader) -> Report:
    workflow.submit(draft, leader)
    draft.refresh_from_db()
    return draft


def test_secretary_opens_and_writes_the_report(client, secretary, tree, people, province_plan):
    client.force_login(secretary)
    # when she opens Sở Nội vụ's report for the first half of 2026 ("2026h1" as typed)
    response = send(client, "/api/reports/", {"unit": "TN-SNV", "period": "2026h1"})
    # then it is a draft due when the province's plan says, its figures live
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["unit"], body["kind"], body["period"], body["status"]) == ("TN-SNV", "half_year", "2026-H1", "draft")
    assert body["due_date"] == "2026-06-15" and body["version"] == 1
    assert len(body["missing_sections"]) == 3
    report = Report.objects.get(pk=body["id"])
    assert report.figures == {}
    # opening it again gives the same report
    again = send(client, "/api/reports/", {"unit": "TN-SNV", "period": "2026-H1"})
    assert again.status_code == 200 and again.json()["id"] == report.pk
    assert Report.objects.count() == 1
    # when she writes it with the version she read
    response = send(client, f"/api/reports/{report.pk}/", {**TEXT, "version": 1}, "patch")
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2 and response.json()["missing_sections"] == []
    report.refresh_from_db()
    assert report.results == TEXT["results"] and report.signer_authority_form == "KT."
    assert report.recipients == ["Ban VSTBPN tỉnh (b/c);", "Lưu: VT."]
    assert list(report.events.values_list("action", flat=True)) == ["created", "saved"]
    # and reading it shows the figures assembled from today's data
    detail = client.get(f"/api/reports/{report.pk}/").json()
    women = {row["code"]: row for row in detail["figures"]["indicators"]}["party_women"]
    assert (women["numerator"], women["denominator"]) == (1, 2)
    assert detail["figures"]["counts"]["party_women"] == [1, 2] and detail["signer_name"] == "Vi Văn Lãnh"


def test_an_ad_hoc_report_is_opened_with_its_title(client, secretary, tree, province_plan):
    client.force_login(secretary)
    untitled = send(client, "/api/reports/", {"unit": "TN-SNV", "period": "2026", "kind": "ad_hoc"})
    assert untitled.status_code == 400 and "title" in untitled.json()
    response = send(
        client, "/api/reports/", {"unit": "TN-SNV", "period": "2026", "kind": "ad_hoc", "title": "Báo cáo nhanh 8/3"}
    )
    assert response.status_code == 201, response.content
    assert response.json()["title"] == "Báo cáo nhanh 8/3" and response.json()["due_date"] is None


def test_opening_outside_the_scope_or_for_no_period_is_refused(client, secretary, viewer, tree, province_plan):
    client.force_login(secretary)
    outside = send(client, "/api/reports/", {"unit": "TN-SYT", "period": "2026-H1"})
    assert outside.status_code == 403 and "Đơn vị này nằm ngoài phạm vi" in errors(outside)
    assert send(client, "/api/reports/", {"unit": "TN-NOPE", "period": "2026-H1"}).status_code == 400
    no_period = send(client, "/api/reports/", {"unit": "TN-SNV", "period": "2026-H3"})
    assert no_period.status_code == 400 and "không phải một kỳ" in no_period.json()["period"][0]
    other_digits = send(client, "/api/reports/", {"unit": "TN-SNV", "period": "٢٠٢٦-H1"})  # Arabic-Indic digits
    assert other_digits.status_code == 400 and "không phải một kỳ" in other_digits.json()["period"][0]
    mismatch = send(client, "/api/reports/", {"unit": "TN-SNV", "period": "2026-H1", "kind": "annual"})
    assert mismatch.status_code == 400 and "period" in mismatch.json()
    client.force_login(viewer)
    assert send(client, "/api/reports/", {"unit": "TN", "period": "2026-H1"}).status_code == 403
    assert not Report.objects.exists() and not ReportEvent.objects.exists()


def test_the_leader_submits_and_the_report_is_frozen(client, draft, leader, secretary):
    client.force_login(leader)
    response = send(client, f"/api/reports/{draft.pk}/submit/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted" and response.json()["submitted_by"] == "Vi Văn Lãnh"
    draft.refresh_from_db()
    assert draft.status == "submitted" and draft.figures["indicators"] and draft.submitted_by == leader
    before = snapshot(draft)
    # submitting twice is refused with the workflow's message
    twice = send(client, f"/api/reports/{draft.pk}/submit/")
    assert twice.status_code == 400 and "đã được gửi lúc" in errors(twice)
    # a frozen report cannot be written, even with the right version
    client.force_login(secretary)
    edit = send(client, f"/api/reports/{draft.pk}/", {"results": "Sửa sau khi gửi", "version": draft.version}, "patch")
    assert edit.status_code == 400 and "Báo cáo đã gửi bị khóa" in errors(edit)
    assert snapshot(draft) == before
    # the frozen figures are what the detail shows
    assert client.get(f"/api/reports/{draft.pk}/").json()["figures"] == draft.figures


def test_submitting_without_the_required_sections_names_them(client, leader, tree, province_plan):
    report, _created = workflow.open_report(leader, tree.snv, "half_year", "2026-H1")
    before = snapshot(report)
    client.force_login(leader)
    response = send(client, f"/api/reports/{report.pk}/submit/")
    assert response.status_code == 400 and "Kết quả đạt được" in errors(response)
    assert snapshot(report) == before


def test_a_secretary_drafts_but_only_a_leader_submits(client, draft, secretary):
    before = snapshot(draft)
    client.force_login(secretary)
    assert send(client, f"/api/reports/{draft.pk}/submit/").status_code == 403
    assert snapshot(draft) == before


def test_the_province_returns_with_a_comment_then_accepts_the_corrected_report(
    client, submitted, province_admin, secretary, leader
):
    client.force_login(province_admin)
    # a return needs a comment: refused, nothing changed
    before = snapshot(submitted)
    bare = send(client, f"/api/reports/{submitted.pk}/return/", {"comment": "  "})
    assert bare.status_code == 400 and "trả lại báo cáo phải có ý kiến" in errors(bare)
    assert snapshot(submitted) == before
    response = send(client, f"/api/reports/{submitted.pk}/return/", {"comment": "Bổ sung số liệu tập huấn."})
    assert response.status_code == 200 and response.json()["status"] == "returned"
    assert response.json()["reviewed_by"] == "Lê Văn Tỉnh"
    submitted.refresh_from_db()
    assert submitted.status == "returned" and submitted.figures == {}
    # only a submitted report can be accepted
    assert send(client, f"/api/reports/{submitted.pk}/accept/").status_code == 400
    # Sở Nội vụ corrects it and submits it again
    client.force_login(secretary)
    fix = {"results": TEXT["results"] + "\nĐã bổ sung.", "version": submitted.version}
    assert send(client, f"/api/reports/{submitted.pk}/", fix, "patch").status_code == 200
    client.force_login(leader)
    assert send(client, f"/api/reports/{submitted.pk}/submit/").status_code == 200
    client.force_login(province_admin)
    accepted = send(client, f"/api/reports/{submitted.pk}/accept/", {"comment": "Đạt yêu cầu."})
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    steps = client.get(f"/api/reports/{submitted.pk}/events/").json()
    assert [(step["action"], step["comment"]) for step in steps] == [
        ("created", ""),
        ("submitted", ""),
        ("returned", "Bổ sung số liệu tập huấn."),
        ("saved", ""),
        ("submitted", ""),
        ("accepted", "Đạt yêu cầu."),
    ]
    assert steps[2]["by"] == "Lê Văn Tỉnh"


def test_a_reviewer_outside_the_scope_or_of_the_report_s_own_unit_changes_nothing(
    client, submitted, other_secretary, secretary
):
    before = snapshot(submitted)
    # the secretary of Sở Y tế does not even see it
    client.force_login(other_secretary)
    for step in ("return", "accept"):
        response = send(client, f"/api/reports/{submitted.pk}/{step}/", {"comment": "Không được phép"})
        assert response.status_code == 404 and "Nguyễn" not in errors(response)
    assert client.get(f"/api/reports/{submitted.pk}/").status_code == 404
    assert client.get(f"/api/reports/{submitted.pk}/events/").status_code == 404
    # Sở Nội vụ's own secretary sees it but does not review her own unit's report
    client.force_login(secretary)
    own = send(client, f"/api/reports/{submitted.pk}/accept/")
    assert own.status_code == 403 and "Bạn không có quyền" in errors(own)
    assert snapshot(submitted) == before


def test_a_stale_version_is_refused(client, draft, secretary, leader):
    client.force_login(secretary)
    read = client.get(f"/api/reports/{draft.pk}/").json()["version"]
    assert (
        send(client, f"/api/reports/{draft.pk}/", {"results": "Bản của thư ký", "version": read}, "patch").status_code
        == 200
    )
    client.force_login(leader)
    stale = send(client, f"/api/reports/{draft.pk}/", {"results": "Bản của lãnh đạo", "version": read}, "patch")
    assert stale.status_code == 400 and "Người khác đã lưu bản ghi này" in stale.json()["version"][0]
    draft.refresh_from_db()
    assert draft.results == "Bản của thư ký" and draft.version == read + 1


def test_viewer_sees_the_report_with_small_counts_hidden_and_cannot_write(client, submitted, viewer):
    before = snapshot(submitted)
    client.force_login(viewer)
    [listed] = client.get("/api/reports/").json()["results"]
    assert listed["id"] == submitted.pk and listed["submitted_by"] is None and "signer_name" not in listed
    detail = client.get(f"/api/reports/{submitted.pk}/").json()
    women = {row["code"]: row for row in detail["figures"]["indicators"]}["party_women"]
    # One party member among two women in Sở Nội vụ: hidden, and no raw count tells it either.
    assert women["hidden"] is True and women["value"] is None and women["numerator"] is None
    assert "counts" not in detail["figures"] and "Nguyễn Thị Hà" not in json.dumps(detail, ensure_ascii=False)
    assert client.get(f"/api/reports/{submitted.pk}/dhis2/").status_code == 403
    assert send(client, f"/api/reports/{submitted.pk}/", {"results": "x"}, "patch").status_code == 403
    assert send(client, f"/api/reports/{submitted.pk}/accept/").status_code == 403
    assert send(client, f"/api/reports/{submitted.pk}/return/", {"comment": "x"}).status_code == 403
    assert snapshot(submitted) == before


def test_lists_hold_the_reports_in_scope_and_filter_them(client, tree, draft, province_admin, other_secretary):
    syt_leader = make_user("syt.ld", "leader", tree.syt)
    syt, _created = workflow.open_report(syt_leader, tree.syt, "annual", "2025")
    client.force_login(province_admin)

    def ids(query: str) -> list[int]:
        response = client.get(f"/api/reports/{query}")
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids("") == [draft.pk, syt.pk]  # the latest period first
    assert ids("?unit=TN-SNV") == [draft.pk] and ids("?unit=TN-SYT-NVY") == [] and ids("?unit=TN-NOPE") == []
    assert ids("?kind=annual") == [syt.pk] and ids("?period=2026-H1&status=draft") == [draft.pk]
    assert client.get("/api/reports/?kind=monthly").status_code == 400
    client.force_login(other_secretary)
    assert ids("") == [syt.pk] and ids("?unit=TN-SNV") == []


def test_the_province_sees_who_reported_on_time_late_or_not_at_all(client, tree, province_admin, other_secretary):
    plan = Plan.objects.create(title="Kế hoạch của tỉnh", issuer=tree.province, period_start=2021, period_end=2030)
    ReportDeadline.objects.create(
        plan=plan, kind="half_year", due_date=datetime.date(2021, 6, 15), recurring=True, reporter="subordinates"
    )
    leader = make_user("snv.ld2", "leader", tree.snv)
    report, _created = workflow.open_report(leader, tree.snv, "half_year", "2025-H1")
    Report.objects.filter(pk=report.pk).update(results="a", shortcomings="b", next_steps="c")
    workflow.submit(report, leader)
    Report.objects.filter(pk=report.pk).update(submitted_at=datetime.datetime(2025, 6, 1, 2, 0, tzinfo=datetime.UTC))
    client.force_login(province_admin)
    response = client.get("/api/reports/submissions/?unit=TN&period=2025-h1")
    assert response.status_code == 200, response.content
    table = response.json()
    assert (table["unit"], table["period"], table["kind"]) == ("TN", "2025-H1", "half_year")
    rows = {row["unit"]: row for row in table["rows"]}
    assert (rows["TN-SNV"]["state"], rows["TN-SNV"]["report"], rows["TN-SNV"]["due_date"]) == (
        "on_time",
        report.pk,
        "2025-06-15",
    )
    assert rows["TN-SYT"]["state"] == "missing" and rows["TN-SYT"]["report"] is None
    assert table["counts"]["on_time"] == 1 and table["counts"]["missing"] == 2
    # without a unit: the caller's own
    assert client.get("/api/reports/submissions/?period=2025-H1").json()["unit"] == "TN"
    bad = client.get("/api/reports/submissions/?unit=TN&period=2025-H3")
    assert bad.status_code == 400 and "period" in bad.json()
    client.force_login(other_secretary)
    assert client.get("/api/reports/submissions/?unit=TN&period=2025-H1").status_code == 404
    assert client.get("/api/reports/submissions/?unit=TN-SNV&period=2025-H1").status_code == 404


def test_the_dhis2_export_needs_a_submitted_report(client, draft, leader):
    client.force_login(leader)
    early = client.get(f"/api/reports/{draft.pk}/dhis2/")
    assert early.status_code == 400 and "Chỉ xuất sang DHIS2" in errors(early)
    send(client, f"/api/reports/{draft.pk}/submit/")
    body = client.get(f"/api/reports/{draft.pk}/dhis2/").json()
    assert body["period"] == "2026S1" and body["orgUnit"] == "TN-SNV" and "dataValues" in body


@pytest.mark.parametrize(
    "payload",
    [
        {"results": 7},
        {"results": ["a"]},
        {"results": "<script>alert(1)</script>"},
        {"results": "a\x00b"},
        {"recipients": "Lưu: VT."},
        {"recipients": [f"Nơi nhận {n}" for n in range(41)]},
        {"recipients": ["x" * 201]},
        {"signer_authority_form": "Thay mặt"},
        {"version": "một"},
        {"number": None},
    ],
)
def test_wrong_types_and_values_are_refused_with_a_400(client, draft, secretary, payload):
    before = snapshot(draft)
    client.force_login(secretary)
    response = send(client, f"/api/reports/{draft.pk}/", payload, "patch")
    assert response.status_code == 400, (payload, response.status_code, response.content)
    assert snapshot(draft) == before


def test_broken_json_is_a_400_not_a_500(client, draft, secretary, leader, province_admin):
    before = snapshot(draft)
    client.force_login(secretary)
    for url, method in ((f"/api/reports/{draft.pk}/", "patch"), ("/api/reports/", "post")):
        response = getattr(client, method)(url, data='{"results": "x",', content_type="application/json")
        assert response.status_code == 400
        assert getattr(client, method)(url, data="[1, 2]", content_type="application/json").status_code == 400
    for payload in ({"unit": ["TN-SNV"], "period": "2026-H1"}, {"unit": "TN-SNV\x00", "period": "2026-H1"},
                    {"unit": "TN-SNV", "period": 2026}, {"unit": "TN-SNV"}):  # fmt: skip
        assert send(client, "/api/reports/", payload).status_code == 400, payload
    client.force_login(leader)
    assert send(client, f"/api/reports/{draft.pk}/submit/", None).status_code == 200
    client.force_login(province_admin)
    for comment in (5, ["x"], "\x00", "x" * 4001):
        response = send(client, f"/api/reports/{draft.pk}/return/", {"comment": comment})
        assert response.status_code == 400, comment
    draft.refresh_from_db()
    assert draft.status == "submitted" and before[2] == draft.results
    assert Report.objects.count() == 1


def _small(value) -> bool:
    return isinstance(value, int) and 0 < value < 5


def test_a_viewer_gets_no_count_under_5_from_a_report_nor_one_that_gives_one_away(
    client, tree, people, leader, viewer, province_plan
):
    # given Sở Nội vụ with ten women and one man (Bình) once eight women join the civil-service division
    from conftest import make_person

    for n in range(8):
        make_person(tree.snv_civil, "Phạm Thị", f"Lan {n}", "F", f"TEST-L{n}")
    report, _created = workflow.open_report(leader, tree.snv, "half_year", "2026-H1")
    client.force_login(viewer)
    # when the viewer reads the report through the API
    figures = client.get(f"/api/reports/{report.pk}/").json()["figures"]
    rows = {row["code"]: row for row in figures["indicators"]}
    # then no numerator or denominator is 1 to 4 (the old API gave "denominator": 3 for 3 leaders ...)
    for row in rows.values():
        assert not _small(row["numerator"]) and not _small(row["denominator"]), row
        # nor a denominator and numerator whose difference is (10 women of 11 staff: the one man)
        if isinstance(row["numerator"], int) and isinstance(row["denominator"], int):
            assert not _small(row["denominator"] - row["numerator"]), row
        # and a share, a status or a gap shows only when both of its counts do
        if row["numerator"] is None or (row["is_share"] and row["denominator"] is None):
            assert row["value"] is None and row["gap_people"] is None, row
    assert rows["staff_women"]["value"] is None
    # the same counts are one cell: women staff, hidden as the numerator, is hidden as a denominator too
    assert rows["party_women"]["denominator"] is None
    # and the activities and training counts read "<5" or "×", never 1 to 4
    for row in figures.get("activities") or []:
        assert not any(_small(row[key]) for key in ("female", "male", "minority"))
    assert not any(_small(value) for value in figures["training"].values())


def test_roles_that_see_people_get_every_count_of_the_report(client, tree, people, leader, province_plan):
    report, _created = workflow.open_report(leader, tree.snv, "half_year", "2026-H1")
    client.force_login(leader)
    rows = {row["code"]: row for row in client.get(f"/api/reports/{report.pk}/").json()["figures"]["indicators"]}
    assert (rows["staff_women"]["numerator"], rows["staff_women"]["denominator"]) == (2, 3)
