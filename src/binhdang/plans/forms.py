from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _

from binhdang.accounts import scope
from binhdang.core.forms import apply_date_fields
from binhdang.orgs.models import OrgUnit
from binhdang.plans.models import Plan


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["number", "title", "issuer", "issued_on", "period_start", "period_end", "implements"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        apply_date_fields(self)
        self.fields["issuer"].queryset = scope.restrict(OrgUnit.objects.all(), user).order_by("path")
        self.fields["implements"].queryset = scope.restrict(Plan.objects.all(), user)

    def clean_issuer(self) -> OrgUnit:
        issuer = self.cleaned_data["issuer"]
        if not scope.can_use_unit(self.user, issuer, "manage_plans"):
            raise forms.ValidationError(_("You may not issue plans for this unit."))
        return issuer
