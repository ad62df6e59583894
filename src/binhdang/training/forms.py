"""Forms of the training app. Every choice of unit, plan or nomination is limited to what the user may use."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binhdang.accounts import scope
from binhdang.core.forms import VersionedFormMixin, apply_date_fields
from binhdang.core.validators import validate_no_markup
from binhdang.core.vietnamese import format_date
from binhdang.orgs.models import OrgUnit
from binhdang.plans.models import Plan, Task
from binhdang.registry.choices import Sex
from binhdang.registry.models import validate_name
from binhdang.training.models import Nomination, TrainingClass
from binhdang.training.services import attendance_outside, nominee_units

# Fields fixed once a class is completed: its training records were written from them.
FIXED_WHEN_COMPLETED = ("organiser", "title", "kind", "start_date", "end_date", "completion_threshold", "status")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{'— ' * (obj.depth - 1)}{obj.name}"


class TaskChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Task) -> str:
        text = obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"
        return f"{obj.label} {text}".strip()


class TrainingClassForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = TrainingClass
        fields = [
            "title",
            "organiser",
            "plan",
            "task",
            "kind",
            "content",
            "target_groups",
            "start_date",
            "end_date",
            "venue",
            "trainers",
            "status",
            "completion_threshold",
        ]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 4}),
            "target_groups": forms.Textarea(attrs={"rows": 3}),
            "trainers": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        apply_date_fields(self)
        today = timezone.localdate()
        units = (
            OrgUnit.objects.filter(scope.units_q(user))
            .filter(valid_from__lte=today)
            .exclude(valid_to__lt=today)
            .order_by("path")
            if scope.has_right(user, "record_activities")
            else OrgUnit.objects.none()
        )
        self.fields["organiser"] = UnitChoiceField(
            queryset=units,
            label=_("organised by"),
            error_messages={"invalid_choice": _("This unit does not exist or is outside your scope.")},
        )
        if self.instance.pk:
            self.fields["organiser"].initial = self.instance.organiser_id
        elif getattr(user, "unit_id", None):
            self.fields["organiser"].initial = user.unit_id
        plans = scope.restrict(Plan.objects.all(), user)
        self.fields["plan"].queryset = plans
        self.fields["plan"].error_messages["invalid_choice"] = _("This plan does not exist or is outside your scope.")
        self.fields["task"] = TaskChoiceField(
            queryset=scope.restrict(Task.objects.select_related("plan"), user).order_by("plan", "order", "pk"),
            required=False,
            label=_("task of the plan"),
            error_messages={"invalid_choice": _("This task does not exist or is outside your scope.")},
        )
        if self.instance.task_id:
            self.fields["task"].initial = self.instance.task_id
        statuses = [c for c in TrainingClass.Status.choices if c[0] != TrainingClass.Status.COMPLETED]
        self.fields["status"].choices = statuses
        if self.instance.status == TrainingClass.Status.COMPLETED:
            self.fields["status"].choices = TrainingClass.Status.choices
            for name in FIXED_WHEN_COMPLETED:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Fixed: the training records of this class were written from it.")

    def clean_organiser(self) -> OrgUnit:
        organiser = self.cleaned_data["organiser"]
        if not scope.can_use_unit(self.user, organiser, "record_activities"):
            raise forms.ValidationError(_("You may not organise classes for this unit."))
        return organiser

    def clean_status(self) -> str:
        status = self.cleaned_data["status"]
        completed = TrainingClass.Status.COMPLETED
        if status == completed and self.instance.status != completed:
            raise forms.ValidationError(_("A class is completed with the “Complete the class” button."))
        return status

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        task, plan = data.get("task"), data.get("plan")
        if task is not None and plan is None:
            data["plan"] = task.plan
            self.instance.plan = task.plan
        start, end = data.get("start_date"), data.get("end_date")
        if self.instance.pk and start and end and start <= end:
            outside = attendance_outside(self.instance, start, end)
            if outside is not None:
                self.add_error(
                    "start_date" if outside < start else "end_date",
                    _("Attendance is recorded on %(day)s, outside the new dates; correct the attendance first.")
                    % {"day": format_date(outside)},
                )
        return data


class NominationForm(forms.ModelForm):
    class Meta:
        model = Nomination
        fields = ["unit", "quota", "note"]

    def __init__(self, *args: Any, user: Any, course: TrainingClass, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.course = course
        self.fields["unit"] = UnitChoiceField(
            queryset=nominee_units(user, course),
            label=_("unit asked to send people"),
            error_messages={"invalid_choice": _("This unit does not exist or may not be asked.")},
        )
        self.fields["quota"].widget.attrs.update({"min": 1, "max": 1000})
        if self.instance.pk:
            del self.fields["unit"]

    def clean_unit(self) -> OrgUnit:
        unit = self.cleaned_data["unit"]
        if self.course.nominations.filter(unit=unit).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("%(unit)s is already asked to send people to this class.") % {"unit": unit.name}
            )
        return unit

    def clean_quota(self) -> int:
        quota = self.cleaned_data["quota"]
        if self.instance.pk:
            taken = self.instance.participants.count()
            if quota < taken:
                raise forms.ValidationError(
                    _("%(unit)s has already enrolled %(taken)d people; remove some of them first.")
                    % {"unit": self.instance.unit.name, "taken": taken}
                )
        return quota

    def save(self, commit: bool = True) -> Nomination:
        self.instance.training_class = self.course
        return super().save(commit)


class GuestForm(forms.Form):
    """A participant the registry does not hold: someone of the Women's Union, of a unit outside the platform."""

    guest_name = forms.CharField(label=_("full name"), max_length=120, validators=[validate_name])
    guest_sex = forms.ChoiceField(label=_("sex"), choices=Sex.choices)
    guest_unit_text = forms.CharField(
        label=_("agency"), max_length=200, required=False, validators=[validate_no_markup]
    )
    guest_is_minority = forms.BooleanField(label=_("ethnic minority"), required=False)
    nomination = forms.TypedChoiceField(label=_("sent by"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, nominations: list[Nomination], organiser_side: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(n.pk, n.unit.name) for n in nominations]
        if organiser_side:
            choices.insert(0, ("", _("— no nomination (the organiser's guest) —")))
        self.fields["nomination"].choices = choices
        self.fields["nomination"].required = not organiser_side
        self.nominations = {n.pk: n for n in nominations}

    def clean_nomination(self) -> Nomination | None:
        value = self.cleaned_data.get("nomination")
        return self.nominations.get(value) if value is not None else None


def parse_day(text: str) -> datetime.date | None:
    """A day written yyyymmdd in a checkbox name."""
    if len(text) != 8 or not text.isascii() or not text.isdigit():
        return None
    try:
        return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None
