from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from binhdang.accounts import scope
from binhdang.indicators.catalogue import BY_CODE, CATALOGUE
from binhdang.indicators.models import Target
from binhdang.orgs.models import OrgUnit
from binhdang.plans.models import Plan
from binhdang.registry.choices import PostLevel


class TargetForm(forms.ModelForm):
    indicator = forms.ChoiceField(label=gettext_lazy("indicator"), choices=())
    level = forms.ChoiceField(
        label=gettext_lazy("level"),
        required=False,
        choices=(),
        help_text=gettext_lazy("Only for indicators counted by level; empty: all levels."),
    )

    class Meta:
        model = Target
        fields = ["plan", "indicator", "level", "unit", "year", "value", "comparator", "text"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["indicator"].choices = [(item.code, item.name) for item in CATALOGUE]
        self.fields["level"].choices = [("", "—"), *PostLevel.choices]
        self.fields["plan"].queryset = scope.restrict(Plan.objects.all(), user, "change")
        self.fields["unit"].queryset = scope.restrict(OrgUnit.objects.all(), user).order_by("path")

    def clean_unit(self) -> OrgUnit:
        unit = self.cleaned_data["unit"]
        if not scope.can_use_unit(self.user, unit, "manage_plans"):
            raise forms.ValidationError(_("You may not set targets for this unit."))
        return unit

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        indicator = BY_CODE.get(data.get("indicator") or "")
        if indicator is not None and data.get("level") and not indicator.by_level:
            self.add_error("level", _("This indicator is not counted by level."))
        return data
