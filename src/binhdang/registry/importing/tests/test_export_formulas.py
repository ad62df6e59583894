"""Text typed into the registry stays text in the staff export and the import template."""

from __future__ import annotations

import datetime

from conftest import make_person
from django.urls import reverse

from binhdang.core.tests.formulas import INJECTIONS, assert_typed_text_kept, text_values
from binhdang.orgs.models import OrgUnit
from binhdang.registry.models import TrainingRecord


def test_staff_export_writes_formula_like_text_as_text(client, tree, snv_admin):
    link, arithmetic, negative, lotus = INJECTIONS
    person = make_person(tree.snv_office, link, lotus, "F", arithmetic)
    TrainingRecord.objects.create(person=person, kind="it", course=negative, start_date=datetime.date(2024, 1, 1))
    client.force_login(snv_admin)
    response = client.get(reverse("registry:staff_export"))
    assert response.status_code == 200
    assert_typed_text_kept(b"".join(response.streaming_content))


def test_import_template_writes_unit_names_as_text(client, tree, snv_admin):
    OrgUnit.objects.filter(pk=tree.snv.pk).update(name=INJECTIONS[0])
    client.force_login(snv_admin)
    response = client.get(reverse("registry:import_template"))
    assert response.status_code == 200
    text_values(response.content)  # no formula anywhere
