"""Typed text stays text in the reports' .xlsx annex, the DHIS2 CSV and the indicators' chart data
(the indicators app has no test folder of its own for files)."""

from __future__ import annotations

import csv
import io

from django.urls import reverse

from binhdang.core.tests.formulas import INJECTIONS, assert_typed_text_kept
from binhdang.orgs.models import OrgUnit, UnitVersion
from binhdang.reports.dhis2 import data_value_csv
from binhdang.reports.models import Dhis2Mapping, Report
from binhdang.reports.rendering import Table, render_xlsx


def test_annex_workbook_writes_formula_like_text_as_text():
    link, arithmetic, negative, lotus = INJECTIONS
    tables = [Table(arithmetic, [link, "Tổng số"], [[negative, 3], [lotus, 4]], notes=link)]
    assert_typed_text_kept(render_xlsx(tables, lotus))


def test_dhis2_csv_neutralises_formula_like_codes(tree):
    link, arithmetic, _negative, lotus = INJECTIONS
    Dhis2Mapping.objects.create(code="staff_women.numerator", data_element=link, category_option_combo=lotus)
    Dhis2Mapping.objects.create(code="staff_women.denominator", data_element=arithmetic)
    OrgUnit.objects.filter(pk=tree.snv.pk).update(code="=cmd")
    tree.snv.refresh_from_db()
    report = Report(unit=tree.snv, period="2026-H1", figures={"counts": {"staff_women": [-1, 10]}})
    rows = list(csv.reader(io.StringIO(data_value_csv(report))))[1:]
    assert [row[0] for row in rows] == ['\'=HYPERLINK("http://x","y")', "'+1+1"]
    assert rows[0][2] == "'=cmd" and rows[0][3] == "'@SUM(A1)"
    assert rows[0][5] == "-1"  # a number stays a number
    assert not any(field.startswith(("=", "+", "@")) for row in rows for field in row)


def test_indicator_chart_data_writes_unit_names_as_text(client, tree, people, leader):
    for unit, name in ((tree.snv_office, INJECTIONS[0]), (tree.snv_civil, INJECTIONS[3])):
        OrgUnit.objects.filter(pk=unit.pk).update(name=name)
        UnitVersion.objects.filter(unit=unit).update(name=name)  # the engine's tree names units by date
    client.force_login(leader)
    response = client.get(reverse("indicators:chart_data", args=["ranking"]) + "?indicator=staff_women")
    assert response.status_code == 200
    assert_typed_text_kept(response.content, (INJECTIONS[0], INJECTIONS[3]))

