"""The dashboard and the entry of values, as the roles see them."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from binhdang.indicators.models import AggregateValue, Target
from binhdang.plans.models import Plan


def test_leader_sees_tiles_targets_and_drills_down(client, tree, people, leader):
    plan = Plan.objects.create(title="Kế hoạch", issuer=tree.province, period_start=2021, period_end=2030)
    Target.objects.create(plan=plan, unit=tree.province, indicator="staff_women", year=2030, value=Decimal(80))
    client.force_login(leader)
    page = client.get(reverse("indicators:dashboard")).content.decode()
    assert 'data-indicator="staff_women"' in page and "Sở Nội vụ" in page
    assert "66,7%" in page  # Hà and Ánh of Sở Nội vụ's three
    drill = client.get(reverse("indicators:dashboard") + f"?unit={tree.snv_office.pk}").content.decode()
    assert "100%" in drill and 'id="breadcrumbs"' in drill
    assert client.get(reverse("indicators:dashboard") + f"?unit={tree.syt.pk}").status_code == 404


def test_viewer_gets_small_counts_hidden(client, tree, people, viewer):
    client.force_login(viewer)
    page = client.get(reverse("indicators:dashboard")).content.decode()
    assert "&lt;5" in page
    assert 'id="eligible"' not in page  # names are for roles that may see people


def test_chart_data_downloads(client, tree, people, leader):
    client.force_login(leader)
    for chart in ("indicators", "ranking", "pipeline", "pyramid", "trend"):
        response = client.get(reverse("indicators:chart_data", args=[chart]) + "?indicator=pool_women")
        assert response.status_code == 200, chart
        assert load_workbook(io.BytesIO(response.content)).active.max_row >= 2
    trend = client.get(reverse("indicators:trend") + "?indicator=staff_women").json()
    assert trend["points"][0]["day"] == "30/06/2021" and trend["points"][-1]["value"] is not None


def test_secretary_enters_health_checks_within_limits(client, tree, people, secretary):
    client.force_login(secretary)
    url = reverse("indicators:data_entry") + f"?unit={tree.snv.pk}&period=2026"
    refused = client.post(url, {"health_check__female": "3"})  # Sở Nội vụ has two women
    assert refused.status_code == 200 and not AggregateValue.objects.exists()
    saved = client.post(url, {"health_check__female": "2", "domestic_violence_cases__total": "0"})
    assert saved.status_code == 302
    assert AggregateValue.objects.get(element="health_check").female == 2
    page = client.get(reverse("indicators:dashboard") + f"?unit={tree.snv.pk}&on={datetime.date.today():%d/%m/%Y}")
    assert 'data-indicator="health_check_women"' in page.content.decode()


def test_command_and_api_print_the_same_rows(client, tree, people, leader, capsys):
    import json

    from django.core.management import call_command

    call_command("indicators", "--unit", "TN-SNV", "--date", "2026-11-01", "--json")
    rows = json.loads(capsys.readouterr().out)
    staff = next(row for row in rows if row["code"] == "staff_women")
    assert set(staff) >= {"code", "name", "numerator", "denominator", "value", "target", "target_year", "status",
                          "gap_people"}  # fmt: skip
    assert (staff["numerator"], staff["denominator"], staff["value"]) == (2, 3, 66.67)
    client.force_login(leader)
    api = client.get("/api/indicators/?unit=TN-SNV&date=2026-11-01").json()
    assert api == rows
    assert client.get("/api/indicators/?unit=TN-SYT").status_code == 404
    assert client.get("/api/indicators/?date=31-12-2026").status_code == 400


def test_viewer_cannot_work_out_a_hidden_count(client, tree, people, viewer):
    """A share of fewer than 5 people shows no value, status or gap; a count of cases under 5 is hidden."""
    plan = Plan.objects.create(title="Kế hoạch", issuer=tree.province, period_start=2021, period_end=2030)
    Target.objects.create(plan=plan, unit=tree.province, indicator="staff_women", year=2030, value=Decimal(90))
    AggregateValue.objects.create(unit=tree.snv, element="domestic_violence_cases", period="2026", total=1)
    client.force_login(viewer)
    day = "01/11/2026"
    page = client.get(reverse("indicators:dashboard") + f"?unit={tree.snv.pk}&on={day}").content.decode()
    tile = page.split('data-indicator="staff_women"')[1].split("</div>\n")[0]
    assert 'data-status="hidden"' in page and "&lt;5" in tile and "Cần thêm" not in tile and "more" not in tile
    cases = page.split('data-indicator="domestic_violence_cases"')[1].split('class="value"')[1][:40]
    assert "&lt;5" in cases
    api = client.get("/api/indicators/?unit=TN-SNV&date=2026-11-01").json()
    staff = next(row for row in api if row["code"] == "staff_women")
    assert staff["value"] is None and staff["gap_people"] is None and staff["numerator"] is None
    trend = client.get(reverse("indicators:trend") + f"?unit={tree.snv.pk}&indicator=staff_women").json()
    assert all(point["value"] is None for point in trend["points"])


def test_a_back_dated_change_shows_on_the_next_load(tree, people):
    """The year-earlier figures are cached under a stamp of the registry: any change renews them."""
    from binhdang.indicators.views import _year_earlier_results

    day = datetime.date(2026, 11, 1)
    before = _year_earlier_results(tree.snv, day).result("staff_women")
    assert (before.numerator, before.denominator) == (2, 3)
    assert _year_earlier_results(tree.snv, day).result("staff_women") == before  # from the cache
    job = people.binh.employments.get()  # Bình, a man: now he joined only this year
    job.start_date = datetime.date(2026, 1, 1)
    job.save()
    after = _year_earlier_results(tree.snv, day).result("staff_women")
    assert (after.numerator, after.denominator) == (2, 2)


def _tile(page: str, code: str) -> str:
    return page.split(f'data-indicator="{code}"')[1].split('<div class="tile')[0].split("</section>")[0]


def _many_women(tree, count: int = 8) -> None:
    from conftest import make_person

    for n in range(count):
        make_person(tree.snv_civil, "Phạm Thị", f"Lan {n}", "F", f"TEST-L{n}")


def test_a_viewer_sees_no_gap_that_rests_on_a_hidden_count(client, tree, people, viewer):
    # given Sở Nội vụ with ten women and one man, and a target of 95% women
    plan = Plan.objects.create(title="Kế hoạch", issuer=tree.province, period_start=2021, period_end=2030)
    Target.objects.create(plan=plan, unit=tree.province, indicator="staff_women", year=2030, value=Decimal(95))
    _many_women(tree)
    client.force_login(viewer)
    # when the viewer opens its dashboard
    page = client.get(reverse("indicators:dashboard") + f"?unit={tree.snv.pk}").content.decode()
    tile = _tile(page, "staff_women")
    # then "10 / 11" with "1 more woman" would name the one man: the tile hides a count, and so its
    # value, status and gap
    assert 'class="gap"' not in tile and "Cần thêm" not in tile and "more women" not in tile
    assert "90,9%" not in tile
    assert "10 / 11" not in tile


def test_roles_that_see_people_see_the_gap(client, tree, people, leader):
    plan = Plan.objects.create(title="Kế hoạch", issuer=tree.province, period_start=2021, period_end=2030)
    Target.objects.create(plan=plan, unit=tree.province, indicator="staff_women", year=2030, value=Decimal(95))
    _many_women(tree)
    client.force_login(leader)
    tile = _tile(client.get(reverse("indicators:dashboard") + f"?unit={tree.snv.pk}").content.decode(), "staff_women")
    assert "10 / 11" in tile and 'class="gap"' in tile


def test_the_ranking_and_the_tile_never_leave_one_child_to_subtract(client, tree, people, viewer):
    # given the province: Sở Nội vụ ten women of eleven, Sở Y tế one woman (Yến), the commune none
    _many_women(tree)
    client.force_login(viewer)
    page = client.get(reverse("indicators:dashboard") + "?indicator=staff_women").content.decode()
    import re

    tile = _tile(page, "staff_women")
    tile_counts = re.search(r'<div class="muted">([^<]*) / ([^<]*)</div>', tile).groups()
    ranking = re.findall(r'<td class="num">[^<]*</td><td class="num">([^<]*?)(?: / ([^<]*))?</td></tr>', page)
    assert ranking
    # then of the women (the tile's and the children's), none or at least two are hidden: the
    # province's 11 less Sở Nội vụ's 10 would give Sở Y tế's one woman
    women = [tile_counts[0], *[row[0] for row in ranking]]
    assert sum(1 for value in women if not value.isdigit()) != 1, women
    assert not any(value in {"1", "2", "3", "4"} for row in ranking for value in row)
