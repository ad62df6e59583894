"""Forms of the registry. Every unit choice is limited to the user's scope."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from binhdang.accounts import scope
from binhdang.core.forms import DateField, VersionedFormMixin, apply_date_fields
from binhdang.orgs.models import OrgUnit
from binhdang.registry.choices import LEVEL_BY_UNIT_KIND, POST_TITLES, PostRank
from binhdang.registry.models import Employment, ForeignLanguage, Person, PoolEntry, Post, TrainingRecord

SENSITIVE_FIELDS = Person.sensitive_fields


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{'— ' * (obj.depth - 1)}{obj.name}"


def scoped_units(user: Any) -> Any:
    today = datetime.date.today()
    qs = (
        scope.restrict(OrgUnit.objects.all(), user, "change")
        if scope.has_right(user, "change_org")
        else OrgUnit.objects.filter(scope.units_q(user))
        if scope.has_right(user, "change_person")
        else OrgUnit.objects.none()
    )
    return qs.filter(valid_from__lte=today).exclude(valid_to__lt=today).order_by("path")


class ScopedForm(forms.ModelForm):
    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        apply_date_fields(self)
        if "unit" in self.fields:
            self.fields["unit"] = UnitChoiceField(
                queryset=scoped_units(user),
                label=_("org unit"),
                error_messages={"invalid_choice": _("This unit does not exist or is outside your scope.")},
            )
            if self.instance.pk and getattr(self.instance, "unit_id", None):
                self.fields["unit"].initial = self.instance.unit_id


class PersonForm(VersionedFormMixin, ScopedForm):
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none())
    start_date = DateField(label=_("working here from"))

    class Meta:
        model = Person
        fields = [
            "family_name",
            "given_name",
            "sex",
            "birth_date",
            "ethnicity",
            "employment_type",
            "civil_service_rank",
            "degree",
            "political_theory",
            "state_management",
            "it_level",
            "party_member_since",
            "employee_code",
        ]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk:
            # Where a person works is changed through employment records, with dates.
            del self.fields["unit"]
            del self.fields["start_date"]
        if not scope.has_right(user, "view_sensitive"):
            for name in SENSITIVE_FIELDS:
                self.fields.pop(name, None)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        unit = data.get("unit")
        if unit is not None and not self.instance.pk:
            self.instance.province = unit.province()
        return data

    def save(self, commit: bool = True) -> Person:
        is_new = self.instance.pk is None
        person = super().save(commit)
        if commit and is_new:
            Employment.objects.create(
                person=person, unit=self.cleaned_data["unit"], start_date=self.cleaned_data["start_date"]
            )
        return person


class EmploymentForm(ScopedForm):
    class Meta:
        model = Employment
        fields = ["unit", "start_date", "end_date"]


class PostForm(VersionedFormMixin, ScopedForm):
    class Meta:
        model = Post
        fields = ["unit", "title", "rank", "level", "is_key_leader", "start_date", "end_date", "decision_number"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["level"].required = False
        self.fields["level"].help_text = _("Left empty, it follows from the kind of unit.")
        self.fields["title"].widget.attrs["list"] = "post-titles"
        self.title_suggestions = sorted({t for titles in POST_TITLES.values() for t, _r in titles})

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        unit = data.get("unit")
        if unit is not None and not data.get("level"):
            data["level"] = LEVEL_BY_UNIT_KIND.get(unit.kind)
            self.instance.level = data["level"]
        title = (data.get("title") or "").strip()
        if unit is not None and title and not data.get("rank"):
            known = dict(POST_TITLES.get(unit.kind, []))
            data["rank"] = known.get(title, PostRank.DEPUTY)
        return data


class PoolEntryForm(ScopedForm):
    class Meta:
        model = PoolEntry
        fields = ["title", "level", "period_start", "period_end", "start_date", "end_date", "decision_number"]


class TrainingRecordForm(ScopedForm):
    class Meta:
        model = TrainingRecord
        fields = ["kind", "course", "start_date", "end_date", "completed", "certificate"]


class ForeignLanguageForm(ScopedForm):
    class Meta:
        model = ForeignLanguage
        fields = ["language", "level"]
        # A language recorded twice for one person is refused by ForeignLanguage.clean().
