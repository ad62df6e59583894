"""A sensitive fact is never guessed: people whose ethnicity nobody recorded are unknown, left out of
the ethnic-minority share, counted apart and shown beside it."""

from __future__ import annotations

import datetime
import io
import json
import re

import pytest
from conftest import edit_person_data, make_person, staff_workbook
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from binhdang.indicators.engine import evaluate
from binhdang.registry.models import ImportJob, Person

# Three new people of Sở Nội vụ, in the secretaries' template: no "Dân tộc" column.
THREE = [
    ["SNV401", "Sầm Thị", "Lan", "Nữ", "12/04/1990", "TN-SNV-VP"],
    ["SNV402", "Lò Văn", "Pọm", "Nam", "01/07/1988", "TN-SNV-CC"],
    ["SNV403", "Đinh Thị", "Mai", "Nữ", "23/11/1993", "TN-SNV-VP"],
]


def minority(unit):
    return evaluate(unit, datetime.date.today()).result("minority_staff")


def import_as(client, user, rows, unit) -> ImportJob:
    client.force_login(user)
    client.post(
        reverse("registry:import_list"), {"file": SimpleUploadedFile("ds.xlsx", staff_workbook(rows)), "unit": unit.pk}
    )
    job = ImportJob.objects.latest("pk")
    client.post(reverse("registry:import_run", args=[job.pk]), {"confirm_warnings": "on"})
    job.refresh_from_db()
    return job


def tile(page: str, code: str) -> str:
    """The dashboard's tile of an indicator, up to the next tile."""
    found = re.search(rf'data-indicator="{code}".*?(?=<div class="tile|</section>)', page, re.S)
    assert found, code
    return found.group(0)


def test_secretary_import_without_ethnicity_leaves_it_unknown_and_keeps_the_minority_share(
    client, tree, people, secretary
):
    # Hà (Tày) and Bình (Nùng) of three staff of Sở Nội vụ: 2 of 3 are of an ethnic minority.
    before = minority(tree.snv)
    assert (before.numerator, before.denominator, before.unknown) == (2, 3, 0)
    job = import_as(client, secretary, THREE, tree.snv)
    assert job.status == ImportJob.Status.DONE
    new = Person.objects.filter(employee_code__in=["SNV401", "SNV402", "SNV403"])
    assert sorted(new.values_list("ethnicity", flat=True), key=str) == [None, None, None]
    after = minority(tree.snv)
    assert (after.numerator, after.denominator, after.value, after.unknown) == (2, 3, before.value, 3)
    # Nothing pretends a value: no finding of the import says the new people are Kinh.
    assert "Kinh" not in json.dumps(job.summary, ensure_ascii=False)


def test_secretary_import_never_overwrites_a_known_ethnicity(client, tree, people, secretary):
    row = ["TN0001", "Nguyễn Thị", "Hà", "Nữ", "08/03/1985", "TN-SNV-VP"]
    assert import_as(client, secretary, [row], tree.snv).status == ImportJob.Status.DONE
    people.ha.refresh_from_db()
    assert people.ha.ethnicity == "02"


def test_hr_import_with_an_empty_ethnicity_cell_leaves_it_unknown(client, tree, province_admin):
    headings = ["Mã cán bộ", "Họ và tên đệm", "Tên", "Giới tính", "Ngày sinh", "Đơn vị", "Dân tộc"]
    rows = [[*THREE[0], ""], [*THREE[1], "Thái"]]
    client.force_login(province_admin)
    data = staff_workbook(rows, headings)
    client.post(reverse("registry:import_list"), {"file": SimpleUploadedFile("ds.xlsx", data), "unit": tree.snv.pk})
    job = ImportJob.objects.latest("pk")
    client.post(reverse("registry:import_run", args=[job.pk]), {"confirm_warnings": "on"})
    assert dict(Person.objects.values_list("employee_code", "ethnicity")) == {"SNV401": None, "SNV402": "03"}


def test_secretary_creating_a_person_leaves_ethnicity_unknown(client, tree, secretary):
    client.force_login(secretary)
    data = edit_person_data(
        Person(
            family_name="Sầm Thị",
            given_name="Lan",
            sex="F",
            birth_date=datetime.date(1990, 4, 12),
            employment_type="civil_servant",
            employee_code="SNV401",
        )
    )
    data.pop("ethnicity")
    data.pop("version")
    data.update(unit=tree.snv_office.pk, start_date="01/01/2024")
    response = client.post(reverse("registry:person_create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Person.objects.get(employee_code="SNV401").ethnicity is None


def test_dashboard_shows_the_unknowns_beside_the_share_and_the_share_moves_when_hr_records_it(
    client, tree, people, hr_officer
):
    lan = make_person(tree.snv_office, "Sầm Thị", "Lan", "F", "SNV401", ethnicity=None)
    make_person(tree.snv_office, "Đinh Thị", "Mai", "F", "SNV403", ethnicity=None)
    client.force_login(hr_officer)
    url = f"{reverse('indicators:dashboard')}?unit={tree.snv_office.pk}"
    with translation.override("vi"):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    shown = tile(page, "minority_staff")
    # Văn phòng Sở: Hà (Tày), Ánh (Kinh), and two whose ethnicity is unknown.
    assert 'data-unknown="2"' in shown and "Chưa rõ dân tộc: 2" in shown
    assert "1 / 2" in shown and "50" in shown

    edit = reverse("registry:person_edit", args=[lan.pk])
    response = client.post(edit, edit_person_data(lan, ethnicity="05", party_member_since=""))
    assert response.status_code == 302
    lan.refresh_from_db()
    assert lan.ethnicity == "05"
    after = minority(tree.snv_office)
    assert (after.numerator, after.denominator, after.unknown) == (2, 3, 1)
    shown = tile(client.get(url).content.decode(), "minority_staff")
    assert 'data-unknown="1"' in shown and "2 / 3" in shown


def test_viewer_sees_a_small_number_of_unknowns_hidden(client, tree, people, viewer):
    for index in range(2):
        make_person(tree.snv_civil, "Lò Văn", f"Pọm{'ab'[index]}", "M", f"SNV40{index}", ethnicity=None)
    client.force_login(viewer)
    page = client.get(f"{reverse('indicators:dashboard')}?unit={tree.province.pk}").content.decode()
    shown = tile(page, "minority_staff")
    assert 'data-unknown="&lt;5"' in shown and 'data-unknown="2"' not in shown


@pytest.mark.parametrize("ethnicity", [None, "07"])
def test_api_gives_an_unknown_ethnicity_as_null(client, tree, province_admin, ethnicity):
    person = make_person(tree.snv_office, "Sầm Thị", "Lan", "F", "SNV401", ethnicity=ethnicity)
    client.force_login(province_admin)
    body = client.get(f"/api/people/{person.pk}/").json()
    assert "ethnicity" in body and body["ethnicity"] == ethnicity


def test_indicators_api_gives_the_unknowns_beside_the_share_and_hides_them_from_a_viewer(
    client, tree, people, province_admin, viewer
):
    for index in range(2):
        make_person(tree.snv_civil, "Lò Văn", f"Pọm{'ab'[index]}", "M", f"SNV40{index}", ethnicity=None)

    def row(user, code: str) -> dict:
        client.force_login(user)
        rows = client.get(f"/api/indicators/?unit={tree.snv.code}").json()
        return next(found for found in rows if found["code"] == code)

    shown = row(province_admin, "minority_staff")
    assert (shown["numerator"], shown["denominator"], shown["unknown"]) == (2, 3, 2)
    assert row(province_admin, "staff_women")["unknown"] is None
    assert row(viewer, "minority_staff")["unknown"] is None


def test_export_leaves_an_unknown_ethnicity_empty_and_the_minority_filter_leaves_it_out(
    client, tree, people, province_admin
):
    lan = make_person(tree.snv_office, "Sầm Thị", "Lan", "F", "SNV401", ethnicity=None)
    client.force_login(province_admin)
    response = client.get(reverse("registry:staff_export"))
    staff = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    headings = [cell.value for cell in staff[1]]
    column = next(index for index, heading in enumerate(headings) if heading in ("Dân tộc", "Ethnicity"))
    by_code = {row[0].value: row[column].value for row in staff.iter_rows(min_row=2)}
    assert by_code["SNV401"] in (None, "") and by_code["TN0001"] == "Tày" and by_code["TN0003"] == "Kinh"

    def listed(minority: str) -> set[str]:
        page = client.get(reverse("registry:staff_list") + f"?minority={minority}").content.decode()
        return {person.given_name for person in (lan, people.ha, people.anh) if person.full_name in page}

    # Neither minority nor Kinh: nobody counted her as one or the other.
    assert listed("true") == {"Hà"} and listed("false") == {"Ánh"}
    assert listed("") == {"Lan", "Hà", "Ánh"}


def test_a_report_stating_the_minority_share_says_how_many_are_unknown(tree, people, leader, province_admin):
    from binhdang.plans.models import Plan, ReportDeadline
    from binhdang.reports import workflow
    from binhdang.reports.assembly import assemble
    from binhdang.reports.document import indicator_table
    from binhdang.reports.narrative import suggest

    plan = Plan.objects.create(title="Kế hoạch của tỉnh", issuer=tree.province, period_start=2021, period_end=2030)
    ReportDeadline.objects.create(
        plan=plan, kind="half_year", due_date=datetime.date(2021, 6, 5), recurring=True, reporter="subordinates"
    )
    for index in range(3):
        make_person(tree.snv_civil, "Lò Văn", f"Pọm{'abc'[index]}", "M", f"SNV40{index}", ethnicity=None)
    report, _created = workflow.open_report(leader, tree.snv, "half_year", "2026-H1")
    row = {found["code"]: found for found in assemble(report)["indicators"]}["minority_staff"]
    # Hà (Tày) and Bình (Nùng) of the three whose ethnicity is known; three more are unknown.
    assert (row["numerator"], row["denominator"], row["unknown"]) == (2, 3, 3)
    assert "chưa rõ dân tộc: 3 người" in suggest({"indicators": [{**row, "previous_value": 50.0}]})["results"]
    names = [line[1] for line in indicator_table({"indicators": [row]}).rows]
    assert len(names) == 1 and names[0].endswith("(chưa rõ dân tộc: 3 người)")
    # The province's consolidated report adds the unknowns of its agencies up like its other counts.
    province, _created = workflow.open_report(province_admin, tree.province, "half_year", "2026-H1")
    total = {found["code"]: found for found in assemble(province)["indicators"]}["minority_staff"]
    assert total["unknown"] == 3 and total["denominator"] == 4
