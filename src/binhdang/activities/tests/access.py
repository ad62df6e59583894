"""The activities' rows of the access matrix (see `access_modules()` in the root conftest.py).

Every role sees the activities of its scope (counts only); recording, editing, deleting and attaching files
need the right to record activities over the activity's unit."""

from __future__ import annotations

from typing import Any

from binhdang.activities.api import ActivitySerializer
from binhdang.activities.forms import ActivityForm

MATRIX: dict[str, tuple[str, str]] = {
    "activities:activity_list": ("view_aggregate", "page"),
    "activities:activity_export": ("view_aggregate", "page"),
    "activities:activity_create": ("record_activities", "page"),
    "activities:activity_detail": ("view_aggregate", "object"),
    "activities:activity_edit": ("record_activities", "object"),
    "activities:activity_delete": ("record_activities", "object"),
    "activities:attachment_upload": ("record_activities", "object"),
    "activities:attachment_download": ("view_aggregate", "object"),
    "activities:attachment_delete": ("record_activities", "object"),
    "api:activity-list": ("view_aggregate", "list"),
    "api:activity-detail": ("view_aggregate", "object"),
}
PK_KIND: dict[str, str] = {
    "activities:activity_detail": "activity",
    "activities:activity_edit": "activity",
    "activities:activity_delete": "activity",
    "activities:attachment_upload": "activity",
    "activities:attachment_download": "activity_attachment",
    "activities:attachment_delete": "activity_attachment",
    "api:activity-detail": "activity",
}
FORMS = [ActivityForm]
SERIALIZERS = [ActivitySerializer]


def records(tree: Any, people: Any) -> dict[str, int]:
    """An inspection of Sở Nội vụ with one attached file. The file's row points at nothing stored, so the
    tests that walk every URL write no file (a download answers 404: the file is no longer stored)."""
    import datetime

    from binhdang.activities.models import Activity, ActivityAttachment

    activity = Activity.objects.create(
        unit=tree.snv_office,
        kind="inspection",
        title="Kiểm tra việc thực hiện pháp luật về bình đẳng giới",
        start_date=datetime.date(2025, 9, 10),
        participants_female=3,
        participants_male=2,
        findings="Tỷ lệ nữ trong diện quy hoạch chưa đạt 40%.",
        follow_up="Bổ sung nữ vào danh sách quy hoạch.",
    )
    attachment = ActivityAttachment.objects.create(
        activity=activity, file="activities/2025/bien-ban-kiem-tra.pdf", name="Biên bản kiểm tra.pdf", size=1024,
        kind="pdf",
    )  # fmt: skip
    return {"activity": activity.pk, "activity_attachment": attachment.pk}

