"""Demo activities for the demo province's departments: last year's full calendar and this year's up to the
given day — the 8/3 and 20/10 commemorations, an Action Month rally, a seminar, articles, leaflets, an
inspection with findings — as the seed plans describe them. Linked to a plan task where the department's
plan (or the province's) has one on outreach."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from binhdang.activities.models import Activity, ActivityKind
from binhdang.orgs.models import OrgUnit
from binhdang.plans.models import Task

# (kind, month, day, title, venue, audience); %(unit)s is the department's name.
_YEAR = (
    (ActivityKind.COMMEMORATION, 3, 7, "Gặp mặt kỷ niệm Ngày Quốc tế Phụ nữ 8/3", "Hội trường %(unit)s",
     "Nữ cán bộ, công chức, viên chức và người lao động"),
    (ActivityKind.DISCUSSION, 4, 18, "Tọa đàm “Phụ nữ tham gia lãnh đạo, quản lý: cơ hội và thách thức”",
     "Phòng họp %(unit)s", "Lãnh đạo phòng, cán bộ nữ trong diện quy hoạch"),
    (ActivityKind.ARTICLE, 5, 20, "Bài viết về gương cán bộ nữ tiêu biểu trên Trang thông tin điện tử", "",
     "Cán bộ, công chức, viên chức và người dân"),
    (ActivityKind.SEMINAR, 6, 26, "Hội thảo lồng ghép giới trong xây dựng và thực hiện chính sách",
     "Hội trường %(unit)s", "Lãnh đạo, chuyên viên các phòng chuyên môn"),
    (ActivityKind.INSPECTION, 9, 10, "Kiểm tra việc thực hiện pháp luật về bình đẳng giới tại các phòng, đơn vị",
     "Các phòng, đơn vị trực thuộc %(unit)s", "Các phòng chuyên môn, đơn vị trực thuộc"),
    (ActivityKind.COMMEMORATION, 10, 20, "Kỷ niệm Ngày Phụ nữ Việt Nam 20/10", "Hội trường %(unit)s",
     "Nữ cán bộ, công chức, viên chức và người lao động"),
    (ActivityKind.RALLY, 3, 8, "Mít tinh kỷ niệm Ngày Quốc tế Phụ nữ 8/3", "Sân trụ sở %(unit)s",
     "Toàn thể cán bộ, công chức, viên chức và người lao động"),
    (ActivityKind.LEAFLET, 11, 16, "Phát tờ rơi về phòng, chống bạo lực trên cơ sở giới", "Trụ sở %(unit)s",
     "Cán bộ, công chức, viên chức và người lao động"),
    (ActivityKind.ACTION_MONTH, 11, 25, "Mít tinh hưởng ứng Tháng hành động vì bình đẳng giới và phòng, chống bạo "
     "lực trên cơ sở giới", "Sân trụ sở %(unit)s", "Toàn thể cán bộ, công chức, viên chức và người lao động"),
    (ActivityKind.ARTICLE, 12, 2, "Đăng tin hưởng ứng Tháng hành động vì bình đẳng giới", "",
     "Cán bộ, công chức, viên chức và người dân"),
    (ActivityKind.AWARD, 12, 20, "Khen thưởng tập thể, cá nhân có thành tích trong công tác bình đẳng giới",
     "Hội trường %(unit)s", "Tập thể, cá nhân tiêu biểu"),
)  # fmt: skip
_FINDINGS = (
    "Các phòng, đơn vị đã xây dựng kế hoạch hoạt động vì sự tiến bộ của phụ nữ; tỷ lệ nữ trong diện quy hoạch "
    "lãnh đạo cấp phòng ở %(share)s%%, chưa đạt chỉ tiêu 40%%. Một đơn vị chưa báo cáo định kỳ 6 tháng đúng hạn."
)
_FOLLOW_UP = (
    "Đề nghị các phòng, đơn vị bổ sung nữ vào danh sách quy hoạch nhiệm kỳ tới; gửi báo cáo định kỳ đúng hạn; "
    "Ban Vì sự tiến bộ của phụ nữ theo dõi, báo cáo kết quả khắc phục trước ngày 30/11."
)
_OUTREACH_WORDS = ("tuyên truyền", "tọa đàm", "hội thảo", "truyền thông")


def _outreach_task(unit: OrgUnit, province: OrgUnit) -> Task | None:
    """A task on outreach from the department's own plan, else from the province's."""
    for issuer in (unit, province):
        words = Q()
        for word in _OUTREACH_WORDS:
            words |= Q(text__icontains=word)
        task = Task.objects.filter(words, plan__issuer=issuer).order_by("plan", "order", "pk").first()
        if task is not None:
            return task
    return None


def add_activities(province: OrgUnit, rng_seed: int = 1, day: datetime.date | None = None) -> dict[str, Any]:
    """Activities of every current department of `province`: last year's, and this year's up to `day`."""
    day = day or timezone.localdate()
    rng = random.Random(f"{rng_seed}:activities")
    departments = (
        OrgUnit.objects.filter(province.subtree_q(), kind="department", depth=province.depth + 1)
        .filter(valid_from__lte=day)
        .exclude(valid_to__lt=day)
        .order_by("path")
    )
    rows = []
    for unit in departments:
        task = _outreach_task(unit, province)
        for year in (day.year - 1, day.year):
            for kind, month, date, title, venue, audience in _YEAR:
                start = datetime.date(year, month, date)
                if start > day or rng.random() < 0.15:  # not every department holds every activity
                    continue
                women, men = rng.randint(8, 60), rng.randint(4, 45)
                if kind in (ActivityKind.ARTICLE, ActivityKind.LEAFLET):
                    women, men = 0, 0  # readers are not counted
                inspection = kind == ActivityKind.INSPECTION
                rows.append(
                    Activity(
                        unit=unit,
                        kind=kind,
                        title=title,
                        start_date=start,
                        end_date=start + datetime.timedelta(days=2) if inspection else None,
                        venue=venue % {"unit": unit.name},
                        audience=audience,
                        task=task if kind in (ActivityKind.DISCUSSION, ActivityKind.SEMINAR) else None,
                        participants_female=women,
                        participants_male=men,
                        participants_minority=rng.randint(0, (women + men) // 3),
                        cost=Decimal(rng.choice((0, 1_500_000, 3_000_000, 5_000_000, 12_000_000))),
                        findings=_FINDINGS % {"share": rng.randint(22, 38)} if inspection else "",
                        follow_up=_FOLLOW_UP if inspection else "",
                    )
                )
    with transaction.atomic():
        Activity.objects.bulk_create(rows, batch_size=500)
    return {"activities": len(rows), "departments": departments.count()}
