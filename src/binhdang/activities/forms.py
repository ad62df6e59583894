"""The activity form: units and plan tasks limited to the user's scope, counts of people checked."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binhdang.accounts import scope
from binhdang.activities.filtersets import TaskField, UnitField
from binhdang.activities.models import MAX_PARTICIPANTS, Activity
from binhdang.core.forms import VersionedFormMixin, apply_date_fields
from binhdang.orgs.models import OrgUnit
from binhdang.plans.models import Task

# Unit selects list this many levels below the user's unit: a national administrator would otherwise get
# every unit of the country in one select.
UNIT_LEVELS = 3
PEOPLE_FIELDS = ("participants_female", "participants_male", "participants_minority")
INSPECTION_FIELDS = ("findings", "follow_up")
# 1.500.000 (Vietnamese), 1,500,000 or 1 500 000: thousands separated by dots, commas or spaces.
_THOUSANDS = re.compile(r"\d{1,3}(?:([., ])\d{3})(?:\1\d{3})*")


def _active(qs: QuerySet[OrgUnit]) -> QuerySet[OrgUnit]:
    today = timezone.localdate()
    return qs.filter(valid_from__lte=today).exclude(valid_to__lt=today)


def _top_depth(user: Any) -> int:
    return user.unit.depth if getattr(user, "unit", None) is not None and not scope.is_global(user) else 0


def visible_units(user: Any) -> QuerySet[OrgUnit]:
    """Units the activity list can be filtered by: the user's scope, a few levels deep."""
    qs = scope.restrict(OrgUnit.objects.all(), user).filter(depth__lte=_top_depth(user) + UNIT_LEVELS)
    return _active(qs).order_by("path")


def recording_units(user: Any, current: OrgUnit | None = None) -> QuerySet[OrgUnit]:
    """Units the user may record activities for (and the activity's own unit, even if it has since closed)."""
    if not scope.has_right(user, "record_activities"):
        return OrgUnit.objects.none()
    qs = _active(OrgUnit.objects.filter(scope.units_q(user))).filter(depth__lte=_top_depth(user) + UNIT_LEVELS)
    if current is not None and scope.can_use_unit(user, current, "record_activities"):
        qs = qs | OrgUnit.objects.filter(pk=current.pk)
    return qs.order_by("path")


def visible_tasks(user: Any) -> QuerySet[Task]:
    """Tasks of the plans the user may see: their units', and those of the units above them."""
    return scope.restrict(Task.objects.all(), user, "view").select_related("plan").order_by("plan", "order", "pk")


class MoneyField(forms.DecimalField):
    """An amount of đồng, whole, as people type it: 1.500.000, 1,500,000, 1 500 000 or 1500000."""

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            text = value.strip().removesuffix("đ").removesuffix("VND").strip()
            if _THOUSANDS.fullmatch(text):
                text = re.sub(r"[., ]", "", text)
            value = text
        return super().to_python(value)


def _people_field(label: Any) -> forms.IntegerField:
    message = _("Enter a number of people from 0 to %(limit)s.") % {"limit": MAX_PARTICIPANTS}
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_PARTICIPANTS,
        initial=0,
        error_messages={"invalid": message, "min_value": message, "max_value": message, "required": message},
    )


class ActivityForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "unit",
            "kind",
            "title",
            "start_date",
            "end_date",
            "venue",
            "task",
            "audience",
            "participants_female",
            "participants_male",
            "participants_minority",
            "cost",
            "findings",
            "follow_up",
            "notes",
        ]
        widgets = {
            "findings": forms.Textarea(attrs={"rows": 4}),
            "follow_up": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        apply_date_fields(self)
        current = self.instance.unit if self.instance.pk else None
        self.fields["unit"] = UnitField(
            queryset=recording_units(user, current),
            label=_("org unit"),
            error_messages={"invalid_choice": _("This unit does not exist or is outside your scope.")},
        )
        if current is None and getattr(user, "unit", None) is not None:
            self.fields["unit"].initial = user.unit.pk
        self.fields["task"] = TaskField(
            queryset=visible_tasks(user),
            required=False,
            label=_("plan task carried out"),
            help_text=_("Optional: the task of your plan (or of a plan above) this activity carries out."),
            error_messages={"invalid_choice": _("This task does not exist or belongs to a plan outside your scope.")},
        )
        self.fields["start_date"].label = _("date (first day)")
        for name in PEOPLE_FIELDS:
            self.fields[name] = _people_field(Activity._meta.get_field(name).verbose_name)
        self.fields["participants_minority"].help_text = _("Of the women and men above, how many are ethnic minority.")
        self.fields["cost"] = MoneyField(
            label=_("cost (VND)"),
            required=False,
            min_value=0,
            max_digits=15,
            decimal_places=0,
            help_text=_("Whole đồng, e.g. 1.500.000."),
            error_messages={
                "invalid": _("Enter the cost in whole đồng, e.g. 1.500.000."),
                "min_value": _("The cost cannot be negative."),
                "max_digits": _("The cost is too large; enter it in đồng, e.g. 1.500.000."),
                "max_whole_digits": _("The cost is too large; enter it in đồng, e.g. 1.500.000."),
                "max_decimal_places": _("Enter the cost in whole đồng, without decimals."),
            },
        )
        for name in INSPECTION_FIELDS:
            self.fields[name].help_text = _(
                "Only for an inspection, check or supervision; required once it has taken place."
            )

    def clean_unit(self) -> OrgUnit:
        unit = self.cleaned_data["unit"]
        if not scope.can_use_unit(self.user, unit, "record_activities"):
            raise forms.ValidationError(_("You may not record activities for this unit."))
        return unit

