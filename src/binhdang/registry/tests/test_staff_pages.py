"""The staff list, person page and edit forms, as each persona sees them."""

from __future__ import annotations

import datetime
import re

from conftest import edit_person_data, make_person
from django.urls import reverse

from binhdang.core.models import AuditEntry
from binhdang.registry.choices import TheoryLevel
from binhdang.registry.models import Employment, Person, Post


def names_in(response) -> list[str]:
    return re.findall(r'<a href="/staff/\d+/">([^<]+)</a>', response.content.decode())


def test_secretary_sees_only_her_department_staff(login, secretary, people):
    response = login(secretary).get(reverse("registry:staff_list"))
    assert response.status_code == 200
    assert sorted(names_in(response)) == ["Lê Thị Ánh", "Nguyễn Thị Hà", "Trần Văn Bình"]


def test_search_ignores_diacritics(login, province_admin, people):
    response = login(province_admin).get(reverse("registry:staff_list"), {"q": "nguyen thi ha"})
    assert names_in(response) == ["Nguyễn Thị Hà"]
    response = login(province_admin).get(reverse("registry:staff_list"), {"q": "NGUYỄN THỊ HÀ"})
    assert names_in(response) == ["Nguyễn Thị Hà"]


def test_staff_sort_by_given_name_in_vietnamese_letter_order(login, province_admin, tree, people):
    make_person(tree.snv_civil, "Đỗ Văn", "An", "M", "TN0005")
    make_person(tree.snv_civil, "Vũ Thị", "Ân", "F", "TN0006")
    make_person(tree.snv_civil, "Phạm Văn", "Đức", "M", "TN0007")
    make_person(tree.snv_civil, "Bùi Văn", "Dũng", "M", "TN0008")
    response = login(province_admin).get(reverse("registry:staff_list"))
    assert names_in(response) == [
        "Đỗ Văn An",
        "Lê Thị Ánh",
        "Vũ Thị Ân",
        "Trần Văn Bình",
        "Bùi Văn Dũng",
        "Phạm Văn Đức",
        "Nguyễn Thị Hà",
        "Hoàng Thị Yến",
    ]


def test_filters_by_subtree_sex_and_post_level(login, province_admin, tree, people):
    client = login(province_admin)
    response = client.get(reverse("registry:staff_list"), {"unit": tree.snv.pk, "sex": "F"})
    assert sorted(names_in(response)) == ["Lê Thị Ánh", "Nguyễn Thị Hà"]
    response = client.get(reverse("registry:staff_list"), {"post_level": "division"})
    assert names_in(response) == ["Nguyễn Thị Hà"]
    response = client.get(reverse("registry:staff_list"), {"minority": "true"})
    assert sorted(names_in(response)) == ["Hoàng Thị Yến", "Nguyễn Thị Hà", "Trần Văn Bình"]


def test_filter_on_a_unit_outside_scope_shows_an_error_not_data(login, secretary, tree, people):
    response = login(secretary).get(reverse("registry:staff_list"), {"unit": tree.syt.pk})
    assert response.status_code == 200
    assert "Hoàng Thị Yến" not in response.content.decode()


def test_viewer_cannot_open_the_staff_list_or_a_person(login, viewer, people):
    client = login(viewer)
    assert client.get(reverse("registry:staff_list")).status_code == 403
    assert client.get(reverse("registry:person_detail", args=[people.ha.pk])).status_code == 403


def test_secretary_cannot_edit_other_agency_staff(login, secretary, people):
    client = login(secretary)
    url = reverse("registry:person_edit", args=[people.yen.pk])
    assert client.get(url).status_code == 404
    response = client.post(url, {"family_name": "Hack", "given_name": "X"})
    assert response.status_code == 404
    assert Person.objects.get(pk=people.yen.pk).family_name == "Hoàng Thị"


def test_leader_sees_staff_but_cannot_edit(login, leader, people):
    client = login(leader)
    assert client.get(reverse("registry:person_detail", args=[people.ha.pk])).status_code == 200
    assert client.get(reverse("registry:person_edit", args=[people.ha.pk])).status_code == 403


def test_sensitive_fields_are_hidden_from_the_secretary(login, secretary, hr_officer, people):
    page = login(secretary).get(reverse("registry:person_detail", args=[people.ha.pk])).content.decode()
    assert "Tày" not in page and "19/05/2010" not in page
    page = login(hr_officer).get(reverse("registry:person_detail", args=[people.ha.pk])).content.decode()
    assert "Tày" in page and "19/05/2010" in page


def test_hr_officer_edits_a_person_and_the_change_is_in_the_history(login, hr_officer, people):
    client = login(hr_officer)
    url = reverse("registry:person_edit", args=[people.ha.pk])
    response = client.post(url, edit_person_data(people.ha, political_theory="advanced"))
    assert response.status_code == 302
    assert Person.objects.get(pk=people.ha.pk).political_theory == "advanced"
    entry = AuditEntry.objects.filter(person_id=people.ha.pk, action="update").latest("id")
    assert entry.actor == hr_officer and entry.changes["political_theory"]["new"] == str(TheoryLevel.ADVANCED.label)
    page = client.get(reverse("registry:person_detail", args=[people.ha.pk])).content.decode()
    assert "Nông Văn Hải" in page


def test_a_stale_edit_does_not_overwrite_a_newer_one(login, hr_officer, people):
    client = login(hr_officer)
    url = reverse("registry:person_edit", args=[people.ha.pk])
    first = edit_person_data(people.ha, degree="master")
    second = edit_person_data(people.ha, degree="doctorate")
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    assert response.status_code == 200
    assert "Someone else saved" in response.content.decode() or "Người khác" in response.content.decode()
    assert Person.objects.get(pk=people.ha.pk).degree == "master"


def test_secretary_adds_a_person_with_first_employment(login, secretary, tree):
    client = login(secretary)
    data = {
        "family_name": "Lăng Thị",
        "given_name": "Mai",
        "sex": "F",
        "birth_date": "02/09/1990",
        "ethnicity": "01",
        "employment_type": "civil_servant",
        "civil_service_rank": "specialist",
        "degree": "bachelor",
        "political_theory": "none",
        "state_management": "none",
        "it_level": "basic",
        "employee_code": "TN0100",
        "unit": tree.snv_civil.pk,
        "start_date": "01/03/2024",
    }
    response = client.post(reverse("registry:person_create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get(employee_code="TN0100")
    assert person.province == tree.province
    assert Employment.objects.get(person=person).unit == tree.snv_civil


def test_edit_a_post_and_see_it_in_the_history(login, hr_officer, people):
    client = login(hr_officer)
    url = reverse("registry:fact_edit", args=["post", people.post.pk])
    data = {
        "unit": people.post.unit_id,
        "title": "Chánh Văn phòng",
        "rank": "head",
        "level": "division",
        "start_date": "01/06/2021",
        "end_date": "31/12/2025",
        "decision_number": "15/QĐ-SNV",
        "version": people.post.version,
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert Post.objects.get(pk=people.post.pk).end_date == datetime.date(2025, 12, 31)
    page = client.get(reverse("registry:person_detail", args=[people.ha.pk])).content.decode()
    assert "15/QĐ-SNV" in page and "31/12/2025" in page


def test_the_person_page_lists_every_dated_fact(login, hr_officer, people):
    page = login(hr_officer).get(reverse("registry:person_detail", args=[people.ha.pk])).content.decode()
    assert "Văn phòng Sở" in page and "Chánh Văn phòng" in page and "01/06/2021" in page


def test_secretary_cannot_filter_staff_by_ethnicity_in_the_api(client, secretary, hr_officer, people):
    # given Hà is Tày (02) and the other two people of Sở Nội vụ are not
    client.force_login(secretary)
    names = [p["full_name"] for p in client.get("/api/people/", {"ethnicity": "02"}).json()["results"]]
    # then the secretary's filter on a sensitive field is ignored: it would reveal who is Tày
    assert sorted(names) == ["Lê Thị Ánh", "Nguyễn Thị Hà", "Trần Văn Bình"]
    assert all("ethnicity" not in p for p in client.get("/api/people/").json()["results"])
    client.force_login(hr_officer)
    names = [p["full_name"] for p in client.get("/api/people/", {"ethnicity": "02"}).json()["results"]]
    assert names == ["Nguyễn Thị Hà"]


def test_api_unit_filter_outside_scope_is_refused(client, secretary, tree, people):
    client.force_login(secretary)
    response = client.get("/api/people/", {"unit": tree.syt.pk})
    assert response.status_code == 400
