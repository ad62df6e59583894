"""The demo province's reports of 2025, as `binhdang demo` leaves them."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command

from binhdang.agenda.models import Reminder
from binhdang.orgs.models import OrgUnit
from binhdang.reports.demo import RETURN_COMMENT
from binhdang.reports.models import Report
from binhdang.reports.obligations import submissions


@pytest.fixture
def demo(db: None, django_capture_on_commit_callbacks) -> OrgUnit:
    with django_capture_on_commit_callbacks(execute=True):  # the reminders are sent once the demo is committed
        call_command("demo", stdout=io.StringIO())
    return OrgUnit.objects.get(code="LS")


def test_the_demo_province_sees_one_report_accepted_one_returned_late_and_one_draft(demo):
    rows = {row.unit.code: row for row in submissions(demo, "annual", "2025", datetime.date(2026, 1, 10))}
    assert rows["LS-SNV"].state == "accepted" and rows["LS-SNV"].late_days == 0
    assert rows["LS-SYT"].state == "returned" and rows["LS-SYT"].late_days == 4
    assert rows["LS-SKHCN"].state == "missing"  # a draft not sent by its due date
    returned = Report.objects.get(unit__code="LS-SYT", period="2025")
    assert returned.events.get(action="returned").comment == RETURN_COMMENT
    # Its writers were told, with the comment.
    told = Reminder.objects.filter(key__startswith="report-returned-")
    assert set(told.values_list("user__username", flat=True)) == {"syt.thuky", "syt.lanhdao"}
    accepted = Report.objects.get(unit__code="LS-SNV", period="2025")
    assert accepted.figures["indicators"] and accepted.results.strip()  # frozen figures, text from the numbers
    assert accepted.submitted_at.date() == datetime.date(2025, 12, 12)


def test_the_agencies_read_together_give_what_each_read_alone_gives(demo):
    """The consolidation reads the live parts in three queries; each part must be what its own query says."""
    from binhdang.orgs.models import subtree_q
    from binhdang.reports.assembly import _sections, _sections_by_agency
    from binhdang.reports.obligations import reporting_agencies

    start, day = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
    agencies = reporting_agencies(demo, day)
    together = _sections_by_agency(demo, agencies, start, day, "2025")
    alone = {a.pk: _sections(a, subtree_q(a.path, "unit__"), start, day, "2025") for a in agencies}
    assert together == alone
    assert sum(len(part["activities"]) for part in together.values()) > 10  # the demo's activities are in it
    assert sum(part["tasks"]["total"] for part in together.values()) > 10  # and its tasks
