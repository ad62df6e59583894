"""The dashboard in a real browser, on a small demo province (Lạng Sơn, 3 staff a unit, 2 communes).

The province administrator opens the dashboard from the header: a tile for every built-in indicator,
the seed plans' targets with a status, the trend loaded by dashboard.js and the pyramid drawn by
Chart.js; drills down province → Sở Nội vụ → Văn phòng Sở and back up by the breadcrumb; downloads
the ranking as .xlsx and finds the units below in it. The viewer sees small counts as "<5" and no
names. Every page must load without a server error, a console error or an uncaught exception.

Elements are found by ids, classes and data- attributes; the only text matched is data (unit names,
"<5", "50%"), never a translated label, so these tests hold whether or not the catalogue is compiled.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from binhdang.registry.demo import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

STATUSES_WITH_TARGET = ("achieved", "on_track", "at_risk", "off_track")
PROVINCE_TARGETS = ("agencies_woman_key_leader", "pool_women", "pool_women_trained")  # set on LS by the seed plan
DASHBOARD_SHOT = "/tmp/e2e-dashboard.png"
VIEWER_SHOT = "/tmp/e2e-dashboard-viewer.png"


@dataclass
class Demo:
    province: Any
    snv: Any
    snv_office: Any
    snv_civil: Any
    users: dict[str, Any] = field(default_factory=dict)


@pytest.fixture
def demo(transactional_db: None, live_server: Any) -> Demo:
    """The demo province, small, with its plans and targets; committed where the live server reads it."""
    from binhdang.accounts.models import User
    from binhdang.indicators.demo import add_plans_and_targets
    from binhdang.orgs.models import OrgUnit
    from binhdang.registry.demo import build_province

    build_province(seed=1, staff_per_unit=3, communes=2)
    province = OrgUnit.objects.get(code="LS")
    add_plans_and_targets(province)
    return Demo(
        province=province,
        snv=OrgUnit.objects.get(code="LS-SNV"),
        snv_office=OrgUnit.objects.get(code="LS-SNV-VP"),
        snv_civil=OrgUnit.objects.get(code="LS-SNV-CCVC"),
        users={u.username: u for u in User.objects.filter(username__in=("tinh.admin", "tinh.xem"))},
    )


@dataclass
class Problems:
    console: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    responses: list[str] = field(default_factory=list)

    def check(self) -> None:
        assert not self.page_errors, f"uncaught JavaScript errors: {self.page_errors}"
        assert not self.console, f"console errors: {self.console}"
        assert not self.responses, f"failed responses: {self.responses}"


@pytest.fixture
def problems(page: Any) -> Problems:
    """Console errors, uncaught exceptions and 4xx/5xx responses of the page, for the tests to assert none."""
    found = Problems()

    def on_console(message: Any) -> None:
        if message.type == "error":
            found.console.append(f"{message.text} @ {message.location.get('url')}")

    def on_response(response: Any) -> None:
        if response.status >= 400:
            found.responses.append(f"{response.status} {response.request.method} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: found.page_errors.append(str(error)))
    page.on("response", on_response)
    return found


def _login(login_as: Any, user: Any) -> Any:
    return login_as(user, DEMO_PASSWORD)


def _charts_ready(page: Any) -> None:
    """The trend's JSON came back and both canvases hold a Chart.js chart."""
    trend = page.locator("canvas#trend-chart")
    expect(trend).to_have_attribute("data-loaded", re.compile(r"^[1-9]\d*$"))
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.getElementById('trend-chart'))"
        " && Chart.getChart(document.getElementById('pyramid-chart'))"
    )
    assert page.evaluate("() => Chart.getChart(document.getElementById('pyramid-chart')).config.type") == "bar"
    assert page.evaluate("() => Chart.getChart(document.getElementById('trend-chart')).config.type") == "line"


def _open_unit(page: Any, unit: Any) -> None:
    expect(page.locator("h1#dashboard-unit")).to_have_text(unit.name)
    expect(page.locator("h1#dashboard-unit")).to_have_attribute("data-unit", str(unit.pk))


def _drill_links(page: Any) -> Any:
    return page.locator("#ranking-table a.drill")


def _child_names(unit: Any) -> list[str]:
    """The units directly below `unit` today, as the engine sees them (the ranking's rows)."""
    from binhdang.indicators.engine import evaluate

    evaluation = evaluate(unit, datetime.date.today())
    return sorted(evaluation.tree.nodes[child].name for child in evaluation.children(unit.pk))


def _download_ranking_of_pool_women(page: Any, province: Any, tmp_path: Path) -> None:
    """On the province's dashboard: rank by women in the pool, download that ranking, read it back."""
    # The select submits its form on change: a new page, ranked by the chosen indicator.
    with page.expect_navigation():
        page.locator("#ranking select[name=indicator]").select_option("pool_women")
    expect(page).to_have_url(re.compile(r"indicator=pool_women"))
    expect(page.locator("#ranking select[name=indicator]")).to_have_value("pool_women")
    _charts_ready(page)
    shown = _drill_links(page).all_text_contents()

    link = page.locator("#ranking a.download")
    expect(link).to_have_count(1)
    expect(link).to_have_attribute("href", re.compile(r"/dashboard/data/ranking\.xlsx\?.*indicator=pool_women"))
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.failure() is None, download.failure()
    assert re.fullmatch(r"ranking-LS-\d{8}\.xlsx", download.suggested_filename), download.suggested_filename
    target = tmp_path / download.suggested_filename
    download.save_as(target)

    sheet = load_workbook(target, read_only=True).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == province.name
    selected = page.evaluate("() => document.querySelector('#ranking select[name=indicator]').selectedOptions[0].text")
    assert rows[1][1] == selected  # the heading names the indicator, in the page's language
    units = [row[0] for row in rows[2:]]
    assert sorted(units) == _child_names(province)
    assert units == shown, "the file lists the units in the order of the table"
    for row in rows[2:]:
        assert row[1] and (row[1] == "—" or row[1].endswith("%")), row  # a share, as on the page


def test_admin_sees_every_indicator_drills_down_and_back_and_downloads_the_ranking(
    page: Any, login_as: Any, demo: Demo, problems: Problems, tmp_path: Path
):
    from binhdang.indicators.catalogue import CATALOGUE

    _login(login_as, demo.users["tinh.admin"])
    page.locator("header nav a[href='/dashboard/']").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    _open_unit(page, demo.province)
    expect(page.locator("#breadcrumbs strong")).to_have_text(demo.province.name)
    expect(page.locator("#breadcrumbs a")).to_have_count(0)

    # A tile for every built-in indicator, and no other.
    tiles = page.locator("#tiles .tile")
    expect(tiles).to_have_count(len(CATALOGUE))
    for indicator in CATALOGUE:
        expect(page.locator(f"#tiles .tile[data-indicator='{indicator.code}']")).to_have_count(1)

    # The province plan's targets show, with a status both as data and as the tile's class.
    for code in PROVINCE_TARGETS:
        tile = page.locator(f"#tiles .tile[data-indicator='{code}']")
        status = tile.get_attribute("data-status")
        assert status in STATUSES_WITH_TARGET, (code, status)
        expect(tile).to_have_class(re.compile(rf"\b{status}\b"))
        expect(tile).to_contain_text("(2030)")  # the target of the nearest year not yet over
    expect(page.locator("#tiles .tile[data-indicator='pool_women']")).to_contain_text("50% (2030)")
    # Sở Ngoại vụ's own targets do not apply to the province.
    expect(page.locator("#tiles .tile[data-indicator='language_women']")).to_have_attribute(
        "data-status", re.compile(r"^no_(target|data)$")
    )

    _charts_ready(page)
    # The province admin sees people: the list of trained women in the pool is there.
    expect(page.locator("section#eligible")).to_have_count(1)
    page.screenshot(path=DASHBOARD_SHOT, full_page=True)

    # The ranking lists the units below the province: departments and communes.
    ranking = _drill_links(page)
    expect(ranking).to_have_count(len(_child_names(demo.province)))
    assert sorted(ranking.all_text_contents()) == _child_names(demo.province)

    # Down to Sở Nội vụ.
    _drill_links(page).filter(has_text=re.compile(rf"^{re.escape(demo.snv.name)}$")).click()
    expect(page).to_have_url(re.compile(rf"[?&]unit={demo.snv.pk}\b"))
    _open_unit(page, demo.snv)
    crumbs = page.locator("#breadcrumbs")
    expect(crumbs.locator("a")).to_have_text([demo.province.name])
    expect(crumbs.locator("strong")).to_have_text(demo.snv.name)
    assert sorted(_drill_links(page).all_text_contents()) == _child_names(demo.snv)
    expect(page.locator("#tiles .tile")).to_have_count(len(CATALOGUE))
    _charts_ready(page)

    # Down to its office, a division with no units below.
    _drill_links(page).filter(has_text=re.compile(rf"^{re.escape(demo.snv_office.name)}$")).click()
    expect(page).to_have_url(re.compile(rf"[?&]unit={demo.snv_office.pk}\b"))
    _open_unit(page, demo.snv_office)
    expect(crumbs.locator("a")).to_have_text([demo.province.name, demo.snv.name])
    expect(crumbs.locator("strong")).to_have_text(demo.snv_office.name)
    assert _child_names(demo.snv_office) == []
    expect(_drill_links(page)).to_have_count(0)
    expect(page.locator("#ranking-table tbody tr")).to_have_count(1)
    expect(page.locator("#ranking-table tbody td.muted")).to_have_count(1)
    _charts_ready(page)

    # Back up by the breadcrumb: first to the department, then to the province.
    crumbs.locator("a").filter(has_text=re.compile(rf"^{re.escape(demo.snv.name)}$")).click()
    _open_unit(page, demo.snv)
    _charts_ready(page)  # let its trend request finish before leaving, so none is pending at the end
    page.locator("#breadcrumbs a").filter(has_text=re.compile(rf"^{re.escape(demo.province.name)}$")).click()
    _open_unit(page, demo.province)
    expect(page.locator("#breadcrumbs a")).to_have_count(0)
    expect(_drill_links(page)).to_have_count(len(_child_names(demo.province)))
    _charts_ready(page)

    # The data behind the ranking, as a spreadsheet: one row per unit below the province.
    _download_ranking_of_pool_women(page, demo.province, tmp_path)

    problems.check()


def test_viewer_sees_small_counts_hidden_and_no_names(page: Any, login_as: Any, demo: Demo, problems: Problems):
    from binhdang.core.models import active_on_q
    from binhdang.indicators.engine import evaluate
    from binhdang.registry.models import Person

    _login(login_as, demo.users["tinh.xem"])
    page.locator("header nav a[href='/dashboard/']").click()
    _open_unit(page, demo.province)
    expect(page.locator("section#eligible")).to_have_count(0)
    _charts_ready(page)

    # Down through the links to Phòng Công chức, viên chức of Sở Nội vụ: fewer than 5 staff.
    unit = demo.snv_civil
    today = datetime.date.today()
    staff = list(Person.objects.filter(active_on_q(today, "employments__"), employments__unit=unit).distinct())
    assert 0 < evaluate(unit, today).measure("staff", unit.pk) < 5, "the demo division should be small"
    _drill_links(page).filter(has_text=re.compile(rf"^{re.escape(demo.snv.name)}$")).click()
    _open_unit(page, demo.snv)
    _charts_ready(page)
    _drill_links(page).filter(has_text=re.compile(rf"^{re.escape(unit.name)}$")).click()
    _open_unit(page, unit)
    _charts_ready(page)

    # Counts of 1–4 read "<5": the staff tile's value (a share of fewer than 5 people) and its count
    # over the total; nowhere a bare 1–4 in the tiles' counts, the pipeline or the pyramid.
    staff_tile = page.locator("#tiles .tile[data-indicator='staff_women']")
    expect(staff_tile.locator(".value")).to_have_text("<5")
    expect(staff_tile.locator(".muted")).to_contain_text("<5")
    for cell in page.locator("#pyramid-table tbody td.num, #pipeline-table tbody td.num").all_text_contents():
        assert not re.fullmatch(r"[1-4]", cell.strip()), f"a small count is shown to a viewer: {cell!r}"
    for cell in page.locator("#tiles .tile .muted").all_text_contents():
        assert not re.search(r"(^|\D)[1-4](\D|$)", cell), f"a small count is shown to a viewer: {cell!r}"

    # No names: no list of women, no link to a person, none of the office's staff anywhere.
    expect(page.locator("section#eligible")).to_have_count(0)
    expect(page.locator("main a[href^='/staff/']")).to_have_count(0)
    body = page.locator("body")
    for person in staff:
        expect(body).not_to_contain_text(person.full_name)
    page.screenshot(path=VIEWER_SHOT, full_page=True)

    problems.check()
