"""Demo plans read from the seed documents, the way an agency would bring its own: seed 000 (Sở Khoa học
và Công nghệ Lạng Sơn, targets of the 2282/QĐ-TTg programme) and seed 004 (Sở Thông tin và Truyền
thông Lạng Sơn, its 2021 plan with tasks and report deadlines) go through the same reader, review
form and confirmation as an upload, with nothing changed by hand but the plan they implement."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from binhdang.orgs.models import OrgUnit
from binhdang.plans.models import Plan, PlanDraft

SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"
# (seed file, the issuing unit's code after the province code, number of the plan it implements)
DEMO_SEEDS = (
    ("000_e7bc9f945b31054a.txt", "SKHCN", "01/KH-UBND"),
    ("004_0cb6f3bd0139f806.txt", "STTTT", ""),
)


def add_ingested_plans(province: OrgUnit, user: Any = None) -> list[Plan]:
    """Read, review unchanged and confirm the demo seeds; returns the plans made."""
    from binhdang.plans import drafts
    from binhdang.plans.forms import DraftReview
    from binhdang.plans.ingest import read_plan

    made = []
    for name, code, implements in DEMO_SEEDS:
        unit = OrgUnit.objects.filter(code=f"{province.code}-{code}").first()
        if unit is None:
            continue
        data = (SEEDS / name).read_bytes()
        draft = PlanDraft.objects.create(
            user=user,
            unit=unit,
            file_name=name,
            file_hash=hashlib.sha256(data).hexdigest(),
            file_size=len(data),
            data=data,
            extracted=read_plan(data, name),
        )
        review = DraftReview(draft, _Everything())
        posted = review.unchanged_data()
        parent = Plan.objects.filter(number=implements).first() if implements else None
        if parent is not None:
            posted["plan-implements"] = str(parent.pk)
        review = DraftReview(draft, _Everything(), posted)
        if not review.is_valid():
            raise ValueError(f"{name}: {review.header.errors} {[f.errors for f in review.formsets.values()]}")
        made.append(drafts.confirm(draft, review.cleaned(), user or _Everything()))
    return made


class _Everything:
    """The demo builder acts as a national administrator (the review form lists plans in scope)."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    role = "system_admin"
    unit_id = None
    unit = None
    pk = None
