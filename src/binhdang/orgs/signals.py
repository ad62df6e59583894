"""Signals other apps listen to when the tree is restructured (orgs does not know their models)."""

from django.dispatch import Signal

# sent with: sources (list[OrgUnit]), target (OrgUnit), date (first day in the new unit), event
units_merged = Signal()
# sent with: source (OrgUnit), assignments (dict[int person_id, OrgUnit]), default (OrgUnit), date, event
unit_split = Signal()
