"""Text typed into an activity stays text in the exported workbook: no formula injection."""

from __future__ import annotations

from django.urls import reverse

from binhdang.activities.tests.helpers import make_activity
from binhdang.core.tests.formulas import INJECTIONS, assert_typed_text_kept


def test_activity_export_writes_formula_like_text_as_text(client, secretary, tree):
    link, arithmetic, negative, lotus = INJECTIONS
    make_activity(tree.snv_office, title=link, venue=arithmetic, notes=negative, audience=lotus)
    client.force_login(secretary)
    response = client.get(reverse("activities:activity_export"))
    assert response.status_code == 200
    assert_typed_text_kept(response.content)
