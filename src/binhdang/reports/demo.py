"""Demo reports: the year 2025 in the demo province, so the pages have something to show.

Sở Nội vụ submitted on time and the province accepted; Sở Y tế submitted late and was returned with a
comment (its writers have the reminder); Sở Khoa học và Công nghệ has a draft. Each goes through the
workflow as the demo logins would take it, then its moments are dated around the due date (15/12/2025).
The first half of 2026 is left to be reported (the browser test takes it through).
The text of each report is the draft the numbers suggest, as a secretary would start from.
"""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from binhdang.accounts.models import User
from binhdang.orgs.models import OrgUnit
from binhdang.reports import workflow
from binhdang.reports.assembly import assemble
from binhdang.reports.models import Report, ReportEvent
from binhdang.reports.narrative import suggest

PERIOD = "2025"
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
RETURN_COMMENT = (
    "Đề nghị bổ sung số lượt người tham gia các hoạt động truyền thông theo giới tính và làm rõ nguyên nhân "
    "tỷ lệ nữ trong quy hoạch còn thấp."
)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=HANOI)


def _written(report: Report) -> Report:
    for name, text in suggest(assemble(report)).items():
        setattr(report, name, text)
    report.signer_authority_form = "KT."
    report.signer_authority = "GIÁM ĐỐC"
    report.signer_title = "PHÓ GIÁM ĐỐC"
    report.save()
    return report


def _dated(report: Report, moments: dict[str, datetime.datetime]) -> None:
    """Move the report's steps to the given moments (the workflow stamped them now)."""
    for action, moment in moments.items():
        ReportEvent.objects.filter(report=report, action=action).update(at=moment)
    fields: dict[str, Any] = {}
    if "submitted" in moments:
        fields["submitted_at"] = moments["submitted"]
    for action in ("accepted", "returned"):
        if action in moments:
            fields["reviewed_at"] = moments[action]
    if fields:
        Report.objects.filter(pk=report.pk).update(**fields)


def add_reports(province: OrgUnit) -> list[Report]:
    users = {user.username: user for user in User.objects.filter(username__in=_LOGINS)}
    if len(users) < len(_LOGINS):
        return []  # the demo logins are not there: nothing to act as
    snv = OrgUnit.objects.get(code=f"{province.code}-SNV")
    syt = OrgUnit.objects.get(code=f"{province.code}-SYT")
    made = []

    report, _created = workflow.open_report(users["snv.thuky"], snv, "annual", PERIOD)
    due = report.due_date or datetime.date(2025, 12, 15)
    _written(report)
    workflow.submit(report, users["snv.lanhdao"])
    workflow.accept(report, users["tinh.admin"], "Tiếp nhận báo cáo.")
    _dated(report, {"created": _at(due - datetime.timedelta(days=12), 8),
                    "submitted": _at(due - datetime.timedelta(days=3), 15),
                    "accepted": _at(due + datetime.timedelta(days=2), 9)})  # fmt: skip
    made.append(report)

    report, _created = workflow.open_report(users["syt.thuky"], syt, "annual", PERIOD)
    _written(report)
    workflow.submit(report, users["syt.lanhdao"])
    workflow.return_report(report, users["tinh.admin"], RETURN_COMMENT)
    _dated(report, {"created": _at(due - datetime.timedelta(days=5), 8),
                    "submitted": _at(due + datetime.timedelta(days=4), 16),
                    "returned": _at(due + datetime.timedelta(days=6), 10)})  # fmt: skip
    made.append(report)

    science = OrgUnit.objects.filter(code=f"{province.code}-SKHCN").first()
    if science is not None:
        report, _created = workflow.open_report(users["tinh.admin"], science, "annual", PERIOD)
        made.append(report)
    return made


_LOGINS = ("tinh.admin", "snv.thuky", "snv.lanhdao", "syt.thuky", "syt.lanhdao")
