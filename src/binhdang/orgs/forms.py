"""Forms to establish and restructure org units. Choices are limited to the user's scope."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from binhdang.accounts import scope
from binhdang.core.forms import DateField
from binhdang.core.validators import validate_no_markup
from binhdang.orgs.models import OrgUnit, UnitKind

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{'— ' * (obj.depth - 1)}{obj.name} [{obj.code}]"


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value: Any) -> Any:
        try:
            return super()._check_values(value)
        except OverflowError as error:
            # An id beyond the database's integer range is no unit (SQLite cannot even bind it in "pk IN").
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": ""}
            ) from error


def changeable_units(user: Any) -> Any:
    today = datetime.date.today()
    return (
        scope.restrict(OrgUnit.objects.all(), user, "change")
        .filter(valid_from__lte=today)
        .exclude(valid_to__lt=today)
        .order_by("path")
    )


def unit_field(user: Any, label: str, **kwargs: Any) -> UnitChoiceField:
    return UnitChoiceField(
        queryset=changeable_units(user),
        label=label,
        error_messages={"invalid_choice": _("This unit does not exist or is outside your scope.")},
        **kwargs,
    )


class RestructuringForm(forms.Form):
    date = DateField(label=_("effective date"))
    decision_number = forms.CharField(label=_("decision number"), max_length=64, required=False)
    note = forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000)

    def __init__(self, *args: Any, user: Any, unit: OrgUnit | None = None, **kwargs: Any) -> None:
        self.user = user
        self.unit = unit
        super().__init__(*args, **kwargs)


class NewUnitFields(forms.Form):
    code = forms.CharField(label=_("code"), max_length=32)
    name = forms.CharField(label=_("name"), max_length=255, validators=[validate_no_markup])
    kind = forms.ChoiceField(label=_("kind"), choices=UnitKind.choices)
    is_agency = forms.BooleanField(label=_("agency with its own head"), required=False)

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not CODE_RE.match(code):
            raise forms.ValidationError(_("A code has letters, digits, dots, hyphens or underscores only."))
        if OrgUnit.objects.filter(code__iexact=code).exists():
            raise forms.ValidationError(_("The code “%(code)s” is already used by another unit.") % {"code": code})
        return code


class CreateUnitForm(NewUnitFields, RestructuringForm):
    def __init__(self, *args: Any, user: Any, unit: OrgUnit | None = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, unit=unit, **kwargs)
        self.fields["parent"] = unit_field(user, _("parent unit"), required=not scope.is_global(user))
        self.order_fields(["parent", "code", "name", "kind", "is_agency", "date"])


class RenameForm(RestructuringForm):
    name = forms.CharField(label=_("new name"), max_length=255, validators=[validate_no_markup])


class MoveForm(RestructuringForm):
    def __init__(self, *args: Any, user: Any, unit: OrgUnit | None = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, unit=unit, **kwargs)
        self.fields["new_parent"] = unit_field(user, _("new parent unit"))
        self.order_fields(["new_parent", "date"])


class MergeForm(RestructuringForm):
    def __init__(self, *args: Any, user: Any, unit: OrgUnit | None = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, unit=unit, **kwargs)
        self.fields["others"] = UnitMultipleChoiceField(
            queryset=changeable_units(user),
            label=_("units merged into this one"),
            error_messages={"invalid_choice": _("This unit does not exist or is outside your scope.")},
            widget=forms.SelectMultiple(attrs={"size": 10}),
        )
        self.order_fields(["others", "date"])


class SplitForm(RestructuringForm):
    parts = forms.CharField(
        label=_("new units"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One unit per line: code; name. The staff go to the first unit; move them afterwards."),
    )

    def clean_parts(self) -> list[tuple[str, str]]:
        rows: list[tuple[str, str]] = []
        for number, line in enumerate(self.cleaned_data["parts"].splitlines(), start=1):
            if not line.strip():
                continue
            code, sep, name = line.partition(";")
            code, name = code.strip(), name.strip()
            if not sep or not code or not name:
                raise forms.ValidationError(_("Line %(n)s: write “code; name”.") % {"n": number})
            if not CODE_RE.match(code):
                raise forms.ValidationError(
                    _("Line %(n)s: a code has letters, digits, dots, hyphens or underscores only.") % {"n": number}
                )
            if OrgUnit.objects.filter(code__iexact=code).exists() or code in {c for c, _n in rows}:
                raise forms.ValidationError(
                    _("Line %(n)s: the code “%(code)s” is already used.") % {"n": number, "code": code}
                )
            if len(name) > 255:
                raise forms.ValidationError(_("Line %(n)s: the name is too long.") % {"n": number})
            if "<" in name or ">" in name:
                raise forms.ValidationError(
                    _("Line %(n)s: a name cannot contain “<” or “>”.") % {"n": number}, code="markup"
                )
            rows.append((code, name))
        if len(rows) < 2:
            raise forms.ValidationError(_("A split needs at least two new units."))
        return rows


class DissolveForm(RestructuringForm):
    pass


class AsOfForm(forms.Form):
    on = DateField(label=_("as of"), required=False)
