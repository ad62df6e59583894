"""The reports' rows of the access matrix (see `access_modules()` in the root conftest.py)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.base import ContentFile

from binhdang.reports import api
from binhdang.reports.forms import Dhis2MappingForm, OpenReportForm, ReportForm, ReviewForm, TemplateUploadForm

MATRIX: dict[str, tuple[str, str]] = {
    "reports:report_list": ("view_aggregate", "page"),
    "reports:report_create": ("write_reports", "post-only"),
    "reports:submissions": ("view_aggregate", "page"),
    "reports:send_reminder": ("review_reports", "post-only"),
    "reports:template_list": ("manage_users", "page"),
    "reports:template_delete": ("manage_users", "object"),
    "reports:dhis2_mappings": ("view_aggregate", "page"),
    "reports:report_detail": ("view_aggregate", "object"),
    "reports:report_edit": ("write_reports", "object"),
    "reports:report_submit": ("submit_reports", "object"),
    "reports:report_return": ("review_reports", "object"),
    "reports:report_accept": ("review_reports", "object"),
    "reports:report_download": ("view_aggregate", "object"),
    "reports:report_dhis2": ("view_person", "object"),
    "reports:attachment_upload": ("write_reports", "object"),
    "reports:attachment_download": ("view_aggregate", "object"),
    "reports:attachment_delete": ("write_reports", "object"),
    "api:report-list": ("view_aggregate", "list"),
    "api:report-detail": ("view_aggregate", "object"),
    "api:report-submit": ("submit_reports", "object"),
    "api:report-return": ("review_reports", "object"),
    "api:report-accept": ("review_reports", "object"),
    "api:report-events": ("view_aggregate", "object"),
    "api:report-dhis2": ("view_person", "object"),
    "api:report-submissions": ("view_aggregate", "list"),
}
PK_KIND: dict[str, str] = {
    "reports:report_detail": "report",
    "reports:report_edit": "report",
    "reports:report_submit": "report",
    "reports:report_return": "report",
    "reports:report_accept": "report",
    "reports:report_download": "report",
    "reports:report_dhis2": "report",
    "reports:attachment_upload": "report",
    "reports:attachment_download": "report_attachment",
    "reports:attachment_delete": "report_attachment",
    "reports:template_delete": "document_template",
    "api:report-detail": "report",
    "api:report-submit": "report",
    "api:report-return": "report",
    "api:report-accept": "report",
    "api:report-events": "report",
    "api:report-dhis2": "report",
}
FORMS = [OpenReportForm, ReportForm, ReviewForm, TemplateUploadForm, Dhis2MappingForm]
SERIALIZERS = [api.ReportSerializer, api.OpenReportSerializer, api.ReviewSerializer, api.SubmissionQuerySerializer]


def records(tree: Any, people: Any) -> dict[str, int]:
    """A submitted half-year report of Sở Nội vụ with an attachment, and a template of Sở Nội vụ."""
    from binhdang.reports.models import DocumentTemplate, Report, ReportAttachment
    from binhdang.reports.rendering import default_template

    report = Report.objects.create(
        unit=tree.snv,
        kind="half_year",
        period="2026-H1",
        as_of=datetime.date(2026, 6, 30),
        status="submitted",
        results="Nguyễn Thị Hà được bổ nhiệm",
        shortcomings="x",
        next_steps="y",
        figures={"counts": {"party_women": [1, 2]}, "indicators": [], "parts": []},
    )
    attachment = ReportAttachment(report=report, name="bien-ban.pdf", size=9, kind="pdf")
    attachment.file.save("bien-ban.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    template = DocumentTemplate.objects.create(unit=tree.snv, name="Mẫu của Sở", data=default_template(),
                                               file_name="mau.docx")  # fmt: skip
    return {"report": report.pk, "report_attachment": attachment.pk, "document_template": template.pk}


def extra_urls(records: dict[str, int]) -> dict[str, list[str]]:
    return {"api:report-submissions": ["/api/reports/submissions/?unit=TN-SNV&period=2026-H1"]}
