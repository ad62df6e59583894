"""The report workflow: open, write, submit (frozen), return with a comment, correct, resubmit, accept;
the obligations from the plans' report schedules; consolidation up the tree; the DHIS2 export."""

from __future__ import annotations

import datetime
import json

import pytest
from conftest import make_person, make_user

from binhdang.plans.models import Plan, ReportDeadline
from binhdang.reports import dhis2, workflow
from binhdang.reports.assembly import assemble
from binhdang.reports.models import Dhis2Mapping, Report, ReportEvent
from binhdang.reports.obligations import due_date_for, submissions


@pytest.fixture
def province_plan(tree):
    """The province's plan: agencies report to it before 05/06 (half-year) and 30/11 (year)."""
    plan = Plan.objects.create(title="Kế hoạch của tỉnh", issuer=tree.province, period_start=2021, period_end=2030)
    for kind, day in (("half_year", datetime.date(2021, 6, 5)), ("annual", datetime.date(2021, 11, 30))):
        ReportDeadline.objects.create(
            plan=plan, kind=kind, due_date=day, recurring=True, reporter="subordinates", text="trước ngày"
        )
    return plan


def write(report: Report) -> Report:
    report.results = "Đã tổ chức tọa đàm nhân ngày 8/3."
    report.shortcomings = "Tỷ lệ nữ trong quy hoạch còn thấp."
    report.next_steps = "Rà soát, bổ sung quy hoạch."
    report.save()
    return report


@pytest.fixture
def snv_report(tree, people, leader, province_plan):
    report, _created = workflow.open_report(leader, tree.snv, "half_year", "2026-H1")
    return write(report)


def test_the_due_date_comes_from_the_plan_of_the_unit_above(tree, province_plan):
    assert due_date_for(tree.snv, "half_year", "2026-H1") == datetime.date(2026, 6, 5)
    assert due_date_for(tree.snv, "annual", "2026") == datetime.date(2026, 11, 30)
    # The province's own report is not due by its own plan's "subordinates" deadline.
    assert due_date_for(tree.province, "half_year", "2026-H1") is None
    # Outside the plan's period, nothing is due.
    assert due_date_for(tree.snv, "annual", "2031") is None


def test_a_half_year_report_due_in_june_counts_the_figures_of_its_due_day(snv_report):
    assert snv_report.due_date == datetime.date(2026, 6, 5)
    assert snv_report.as_of == datetime.date(2026, 6, 5)
    assert snv_report.status == "draft"
    assert snv_report.events.get().action == "created"


def test_opening_the_same_report_twice_gives_the_same_report(tree, leader, snv_report):
    again, created = workflow.open_report(leader, tree.snv, "half_year", "2026-H1")
    assert (again.pk, created) == (snv_report.pk, False)
    assert Report.objects.count() == 1


def test_secretary_of_another_agency_cannot_open_a_report_for_sở_nội_vụ(tree, other_secretary):
    with pytest.raises(workflow.WorkflowError):
        workflow.open_report(other_secretary, tree.snv, "half_year", "2026-H1")
    assert not Report.objects.exists()


def test_submitting_freezes_the_figures(snv_report, leader, people):
    workflow.submit(snv_report, leader)
    snv_report.refresh_from_db()
    assert snv_report.status == "submitted" and snv_report.submitted_by == leader
    women = {row["code"]: row for row in snv_report.figures["indicators"]}["party_women"]
    # Two women in Sở Nội vụ, one of them a party member.
    assert (women["numerator"], women["denominator"]) == (1, 2)
    # A woman joining later does not change what was submitted.
    make_person(people.ha.employments.get().unit, "Phạm Thị", "Mới", "F", "TN0099")
    snv_report.refresh_from_db()
    assert {row["code"]: row for row in snv_report.figures["indicators"]}["party_women"]["denominator"] == 2


def test_submitting_without_the_required_sections_is_refused_and_changes_nothing(tree, leader, province_plan):
    report, _created = workflow.open_report(leader, tree.snv, "half_year", "2026-H1")
    with pytest.raises(workflow.WorkflowError) as error:
        workflow.submit(report, leader)
    assert "Kết quả đạt được" in error.value.message or "Results achieved" in error.value.message
    report.refresh_from_db()
    assert report.status == "draft" and report.figures == {}


def test_submitting_twice_is_refused(snv_report, leader):
    workflow.submit(snv_report, leader)
    with pytest.raises(workflow.WorkflowError):
        workflow.submit(snv_report, leader)
    assert snv_report.events.filter(action="submitted").count() == 1


def test_a_secretary_drafts_but_only_a_leader_submits(snv_report, secretary):
    with pytest.raises(workflow.WorkflowError):
        workflow.submit(snv_report, secretary)
    snv_report.refresh_from_db()
    assert snv_report.status == "draft"


def test_the_unit_above_returns_with_a_comment_then_accepts_the_corrected_report(snv_report, leader, province_admin):
    workflow.submit(snv_report, leader)
    with pytest.raises(workflow.WorkflowError):
        workflow.return_report(snv_report, province_admin, "")  # a return needs a comment
    workflow.return_report(snv_report, province_admin, "Bổ sung số liệu tập huấn.")
    snv_report.refresh_from_db()
    assert snv_report.status == "returned" and snv_report.figures == {}
    snv_report.results += "\nĐã bổ sung."
    snv_report.save()
    workflow.submit(snv_report, leader)
    workflow.accept(snv_report, province_admin)
    snv_report.refresh_from_db()
    assert snv_report.status == "accepted"
    assert list(snv_report.events.values_list("action", "comment")) == [
        ("created", ""),
        ("submitted", ""),
        ("returned", "Bổ sung số liệu tập huấn."),
        ("submitted", ""),
        ("accepted", ""),
    ]


def test_the_people_who_write_the_report_are_told_when_it_is_returned(
    snv_report, leader, secretary, province_admin, django_capture_on_commit_callbacks
):
    from binhdang.agenda.models import Reminder

    workflow.submit(snv_report, leader)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_report(snv_report, province_admin, "Bổ sung số liệu tập huấn.")
    told = Reminder.objects.filter(key__startswith="report-returned-")
    assert set(told.values_list("user__username", flat=True)) == {leader.username, secretary.username}
    assert all("Bổ sung số liệu tập huấn." in reminder.title for reminder in told)
    assert all(reminder.url.endswith(f"/reports/{snv_report.pk}/") for reminder in told)


def test_a_unit_cannot_accept_its_own_report(snv_report, leader, tree):
    admin = make_user("snv.qt", "agency_admin", tree.snv)
    workflow.submit(snv_report, leader)
    with pytest.raises(workflow.WorkflowError):
        workflow.accept(snv_report, admin)
    snv_report.refresh_from_db()
    assert snv_report.status == "submitted"


def test_another_agency_cannot_accept_a_report_outside_its_scope(snv_report, leader, other_secretary):
    workflow.submit(snv_report, leader)
    with pytest.raises(workflow.WorkflowError):
        workflow.accept(snv_report, other_secretary)
    with pytest.raises(workflow.WorkflowError):
        workflow.return_report(snv_report, other_secretary, "Không được phép")
    snv_report.refresh_from_db()
    assert snv_report.status == "submitted"
    assert not ReportEvent.objects.filter(action__in=["accepted", "returned"]).exists()


def test_accepting_a_draft_is_refused(snv_report, province_admin):
    with pytest.raises(workflow.WorkflowError):
        workflow.accept(snv_report, province_admin)


def test_the_level_above_sees_who_submitted_on_time_late_or_not_at_all(tree, people, province_plan, leader):
    syt_leader = make_user("syt.ld", "leader", tree.syt)
    snv, _c = workflow.open_report(leader, tree.snv, "half_year", "2026-H1")
    workflow.submit(write(snv), leader)
    syt, _c = workflow.open_report(syt_leader, tree.syt, "half_year", "2026-H1")
    workflow.submit(write(syt), syt_leader)
    # Sở Y tế sent it a week after the due date.
    Report.objects.filter(pk=syt.pk).update(submitted_at=datetime.datetime(2026, 6, 12, 9, 0, tzinfo=datetime.UTC))
    Report.objects.filter(pk=snv.pk).update(submitted_at=datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC))
    table = submissions(tree.province, "half_year", "2026-H1", datetime.date(2026, 6, 20))
    rows = {row.unit.code: row for row in table}
    assert rows["TN-SNV"].state == "on_time"
    assert (rows["TN-SYT"].state, rows["TN-SYT"].late_days) == ("late", 7)
    assert rows["TN-HL"].state == "missing"


def test_a_report_sent_early_on_the_day_after_the_deadline_in_vietnam_is_late(tree, people, province_plan, leader):
    snv, _c = workflow.open_report(leader, tree.snv, "half_year", "2026-H1")
    workflow.submit(write(snv), leader)
    # 06:00 on 06/06 in Hà Nội is still 05/06 in UTC: the deadline (05/06) has passed in Vietnam.
    Report.objects.filter(pk=snv.pk).update(submitted_at=datetime.datetime(2026, 6, 5, 23, 0, tzinfo=datetime.UTC))
    rows = {row.unit.code: row for row in submissions(tree.province, "half_year", "2026-H1", datetime.date(2026, 7, 1))}
    assert (rows["TN-SNV"].state, rows["TN-SNV"].late_days) == ("late", 1)


def test_an_agency_merged_away_before_the_period_owes_no_report(tree, province_plan):
    from binhdang.orgs.models import OrgUnit

    OrgUnit.objects.filter(pk=tree.syt.pk).update(valid_to=datetime.date(2025, 12, 31))
    OrgUnit.objects.filter(pk=tree.syt_medical.pk).update(valid_to=datetime.date(2025, 12, 31))
    codes = [row.unit.code for row in submissions(tree.province, "half_year", "2026-H1", datetime.date(2026, 7, 1))]
    assert codes == ["TN-SNV", "TN-HL"]
    # Its report of 2025, when it still existed, is still owed.
    codes = [row.unit.code for row in submissions(tree.province, "annual", "2025", datetime.date(2026, 7, 1))]
    assert "TN-SYT" in codes


def test_the_table_keeps_the_provinces_deadline_over_an_agencys_own(tree, province_plan):
    # Sở Y tế's own plan reports by 1/6: the province's 5/6 is still what it owes the province (never replaced
    # by the plan below); its own date counts only where the province sets none.
    own = Plan.objects.create(title="Kế hoạch của Sở Y tế", issuer=tree.syt, period_start=2021, period_end=2030)
    ReportDeadline.objects.create(
        plan=own, kind="half_year", due_date=datetime.date(2021, 6, 1), recurring=True, reporter="issuer"
    )
    rows = {row.unit.code: row for row in submissions(tree.province, "half_year", "2026-H1", datetime.date(2026, 7, 1))}
    assert rows["TN-SYT"].due_date == datetime.date(2026, 6, 5) == due_date_for(tree.syt, "half_year", "2026-H1")
    assert rows["TN-SNV"].due_date == datetime.date(2026, 6, 5) == due_date_for(tree.snv, "half_year", "2026-H1")


def test_the_consolidated_report_adds_up_submitted_reports_and_flags_missing_ones(
    tree, people, province_plan, leader, province_admin
):
    snv, _c = workflow.open_report(leader, tree.snv, "half_year", "2026-H1")
    workflow.submit(write(snv), leader)
    snv.refresh_from_db()
    province, _c = workflow.open_report(province_admin, tree.province, "half_year", "2026-H1")
    assert province.consolidated
    figures = assemble(province)
    parts = {part["code"]: part for part in figures["parts"]}
    assert parts["TN-SNV"]["source"] == "submitted" and parts["TN-SNV"]["report_id"] == snv.pk
    assert parts["TN-SYT"]["source"] == "live"
    staff = {row["code"]: row for row in figures["indicators"]}["party_women"]
    # Three women in the province: two in Sở Nội vụ (frozen), one in Sở Y tế (live).
    assert staff["denominator"] == 3
    # A change in Sở Nội vụ after its submission does not leak into the province's total.
    make_person(tree.snv_office, "Phạm Thị", "Sau", "F", "TN0098")
    figures = assemble(province)
    assert {row["code"]: row for row in figures["indicators"]}["party_women"]["denominator"] == 3


def test_dhis2_export_of_a_submitted_report(snv_report, leader):
    workflow.submit(snv_report, leader)
    snv_report.refresh_from_db()
    assert dhis2.ensure_default_mappings() > 30
    Dhis2Mapping.objects.filter(code="party_women.numerator").update(
        data_element="fbfJHSPpUQD", category_option_combo="pq2XI5kz2BY"
    )
    value_set = dhis2.data_value_set(snv_report)
    assert value_set["period"] == "2026S1" and value_set["orgUnit"] == "TN-SNV"
    values = {item["dataElement"]: item for item in value_set["dataValues"]}
    assert values["fbfJHSPpUQD"] == {
        "dataElement": "fbfJHSPpUQD",
        "period": "2026S1",
        "orgUnit": "TN-SNV",
        "value": "1",
        "categoryOptionCombo": "pq2XI5kz2BY",
    }
    json.dumps(value_set)
    lines = dhis2.data_value_csv(snv_report).splitlines()
    assert lines[0] == ",".join(dhis2.CSV_COLUMNS)
    assert any(line.startswith("fbfJHSPpUQD,2026S1,TN-SNV,pq2XI5kz2BY,,1,") for line in lines)
    # A mapping switched off is not exported.
    Dhis2Mapping.objects.filter(code="party_women.numerator").update(active=False)
    assert "fbfJHSPpUQD" not in json.dumps(dhis2.data_value_set(snv_report))
