"""Bulk reads of people over the API are in the audit log, like the staff export."""

from __future__ import annotations

from binhdang.core.models import AuditEntry


def test_hr_officer_listing_people_over_the_api_is_audited(client, hr_officer, people):
    # given an HR officer signed in
    client.force_login(hr_officer)
    before = AuditEntry.objects.filter(action="export", model="registry.person").count()
    # when she reads the list of people over the API
    response = client.get("/api/people/?limit=2")
    # then one audit entry names her, the records and how many were read
    assert response.status_code == 200
    entries = AuditEntry.objects.filter(action="export", model="registry.person")
    assert entries.count() == before + 1
    entry = entries.latest("pk")
    assert entry.actor == hr_officer
    assert entry.changes["count"] == response.json()["count"]
    assert entry.changes["shown"] == len(response.json()["results"])
    assert entry.changes["filters"] == "limit=2"


def test_listing_employments_over_the_api_is_audited(client, hr_officer, people):
    client.force_login(hr_officer)
    response = client.get("/api/employments/")
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action="export", model="registry.employment", actor=hr_officer).exists()
