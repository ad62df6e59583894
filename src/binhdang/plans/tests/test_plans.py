"""Plans and their targets, as the committee secretary and others see them."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from binhdang.indicators.models import Target
from binhdang.plans.models import Plan


def test_secretary_writes_a_plan_and_its_target_and_sees_its_status(client, tree, people, secretary):
    client.force_login(secretary)
    response = client.post(
        reverse("plans:plan_create"),
        {"number": "12/KH-SNV", "title": "Kế hoạch bình đẳng giới", "issuer": tree.snv.pk, "issued_on": "05/01/2022",
         "period_start": 2021, "period_end": 2030},
    )  # fmt: skip
    plan = Plan.objects.get()
    assert response.status_code == 302 and plan.issuer == tree.snv
    response = client.post(
        reverse("indicators:target_create"),
        {"plan": plan.pk, "indicator": "staff_women", "unit": tree.snv.pk, "year": 2030, "value": "80",
         "comparator": "at_least", "text": "Đạt 80% nữ"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert "66,7%" in page and 'data-status="' in page  # 2 of Sở Nội vụ's 3 staff are women


def test_target_outside_the_plan_period_or_another_agency_is_refused(client, tree, secretary):
    plan = Plan.objects.create(title="Kế hoạch", issuer=tree.snv, period_start=2021, period_end=2025)
    client.force_login(secretary)
    data = {"plan": plan.pk, "indicator": "pool_women", "unit": tree.snv.pk, "year": 2030, "value": "50",
            "comparator": "at_least"}  # fmt: skip
    assert client.post(reverse("indicators:target_create"), data).status_code == 200
    assert (
        client.post(reverse("indicators:target_create"), {**data, "year": 2025, "unit": tree.syt.pk}).status_code == 200
    )
    assert client.post(reverse("indicators:target_create"), {**data, "year": 2025, "value": "150"}).status_code == 200
    assert not Target.objects.exists()


def test_the_province_plan_binds_the_agencies_below(client, tree, secretary, other_secretary):
    plan = Plan.objects.create(title="Kế hoạch của tỉnh", issuer=tree.province, period_start=2021, period_end=2030)
    Target.objects.create(plan=plan, unit=tree.province, indicator="pool_women", year=2030, value=Decimal(50))
    own = Plan.objects.create(title="Kế hoạch riêng của Sở Y tế", issuer=tree.syt, period_start=2021, period_end=2030)
    client.force_login(secretary)
    listing = client.get(reverse("plans:plan_list")).content.decode()
    assert "Kế hoạch của tỉnh" in listing and "Sở Y tế" not in listing
    assert client.get(reverse("plans:plan_detail", args=[own.pk])).status_code == 404
    assert client.get(reverse("plans:plan_edit", args=[plan.pk])).status_code == 403  # sees it, may not change it
    client.force_login(other_secretary)
    assert client.get(reverse("plans:plan_detail", args=[own.pk])).status_code == 200
