"""The org-tree browser: the tree as of any day, staff counts by sex, and no query per unit."""

from __future__ import annotations

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from binhdang.orgs import restructuring
from binhdang.orgs.restructuring import NewUnit, create_unit


def row(page: str, code: str) -> str:
    match = re.search(rf'<tr data-code="{re.escape(code)}">(.*?)</tr>', page, re.S)
    assert match, code
    return match.group(1)


def numbers(html: str) -> list[str]:
    return re.findall(r'<td class="num">([^<]*)</td>', html)


def test_counts_women_and_men_rolled_up_the_tree(client, province_admin, tree, people):
    client.force_login(province_admin)
    page = client.get(reverse("orgs:tree")).content.decode()
    assert numbers(row(page, "TN"))[:3] == ["3", "1", "4"]
    assert numbers(row(page, "TN-SNV"))[:3] == ["2", "1", "3"]
    assert numbers(row(page, "TN-SYT"))[:3] == ["1", "0", "1"]


def test_the_tree_of_an_earlier_day_shows_the_names_of_that_day(client, province_admin, tree):
    restructuring.rename(tree.syt, "Sở Y tế và Dân số", datetime.date(2025, 7, 1))
    client.force_login(province_admin)
    old = client.get(reverse("orgs:tree"), {"on": "30/06/2025"}).content.decode()
    new = client.get(reverse("orgs:tree"), {"on": "01/07/2025"}).content.decode()
    assert "Sở Y tế</a>" in old and "Sở Y tế và Dân số" not in old
    assert "Sở Y tế và Dân số" in new


def test_a_bad_date_shows_an_error_and_todays_tree(client, province_admin, tree):
    client.force_login(province_admin)
    response = client.get(reverse("orgs:tree"), {"on": "31/02/2025"})
    assert response.status_code == 200
    assert response.context["form"].errors["on"]
    assert 'data-code="TN-SNV"' in response.content.decode()


def test_the_tree_page_does_not_query_per_unit(client, province_admin, tree, people):
    client.force_login(province_admin)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("orgs:tree"))
    for n in range(30):
        create_unit(NewUnit(f"TN-SYT-{n}", f"Phòng số {n}", "division"), tree.syt, datetime.date(2020, 1, 1))
    with CaptureQueriesContext(connection) as large:
        page = client.get(reverse("orgs:tree")).content.decode()
    assert "Phòng số 29" in page
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_unit_page_shows_history_and_posts(client, hr_officer, tree, people):
    restructuring.rename(tree.snv_office, "Văn phòng", datetime.date(2025, 7, 1), decision_number="7/QĐ-SNV")
    client.force_login(hr_officer)
    page = client.get(reverse("orgs:unit_detail", args=[tree.snv_office.pk])).content.decode()
    assert "Văn phòng Sở" in page and "7/QĐ-SNV" in page and "30/06/2025" in page
    assert "Nguyễn Thị Hà" in page and "Chánh Văn phòng" in page


def _triples(page: str) -> list[list[str]]:
    return [numbers(match)[:3] for match in re.findall(r'<tr data-code="[^"]*">(.*?)</tr>', page, re.S)]


def test_a_viewer_never_sees_a_tree_row_with_one_count_hidden(client, viewer, tree, people):
    # given a province with few staff (every unit has fewer than 5 of one sex)
    from conftest import make_person

    for n in range(5):
        make_person(tree.snv_civil, "Trần", f"Nam {n}", "M", f"TEST-M{n}")
    client.force_login(viewer)
    # when the viewer opens the tree
    page = client.get(reverse("orgs:tree")).content.decode()
    # then no row reads "<5 / 5 / 8": a row hides none, two or all three of its counts
    triples = _triples(page)
    assert triples
    for triple in triples:
        assert sum(1 for value in triple if not value.isdigit()) != 1, triple
    # and no count of 1 to 4 is shown
    assert not any(value in {"1", "2", "3", "4"} for triple in triples for value in triple)


def test_a_viewer_cannot_subtract_the_units_below_from_their_parent(client, viewer, tree, people):
    # given Sở Nội vụ's divisions: one with few staff, one with many
    from conftest import make_person

    for n in range(7):
        make_person(tree.snv_civil, "Trần", f"Văn {n}", "M", f"TEST-V{n}")
        make_person(tree.snv_civil, "Trần", f"Thị {n}", "F", f"TEST-T{n}")
    client.force_login(viewer)
    page = client.get(reverse("orgs:tree")).content.decode()
    # then for each sex, the parent and its children never leave exactly one count hidden
    for column in (0, 1):
        cells = [numbers(row(page, code))[column] for code in ("TN-SNV", "TN-SNV-VP", "TN-SNV-CC")]
        assert sum(1 for value in cells if not value.isdigit()) != 1, cells


def test_the_unit_page_hides_for_a_viewer_what_the_tree_hides(client, viewer, tree, people):
    client.force_login(viewer)
    tree_page = client.get(reverse("orgs:tree")).content.decode()
    unit_page = client.get(reverse("orgs:unit_detail", args=[tree.snv.pk])).content.decode()
    women, men = numbers(row(tree_page, "TN-SNV"))[:2]
    assert f"{women}</span>" in unit_page and f"{men}</span>" in unit_page
    assert not re.search(r'<td class="num">[1-4]</td>', unit_page)


def test_roles_that_see_people_see_every_count_of_the_tree(client, secretary, tree, people):
    client.force_login(secretary)
    page = client.get(reverse("orgs:tree")).content.decode()
    assert numbers(row(page, "TN-SNV"))[:3] == ["2", "1", "3"]
