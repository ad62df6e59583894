"""Forms of the plan pages: the plan with its parts, tasks and progress notes, the upload of a plan document
and the review of what was read from it."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from binhdang.accounts import scope
from binhdang.core.forms import DateField, VersionedFormMixin, apply_date_fields
from binhdang.core.uploads import DOCUMENTS, check_upload
from binhdang.core.validators import validate_no_markup
from binhdang.orgs.forms import UnitMultipleChoiceField
from binhdang.orgs.models import OrgUnit
from binhdang.plans import drafts
from binhdang.plans.models import (
    BudgetLine,
    DatePrecision,
    LegalBasis,
    Objective,
    Plan,
    PlanStatus,
    Recurrence,
    ReportDeadline,
    ReportKind,
    Task,
)

PLAN_DOCUMENT_KINDS = frozenset({"pdf", "docx", "odt", "text"})
READABLE_KINDS = frozenset({"pdf", "docx", "text"})  # what the plan reader understands
DATE_HELP = gettext_lazy("dd/mm/yyyy; mm/yyyy or yyyy when the document leaves the day or the month blank.")


class PartialDateField(forms.CharField):
    """A signing date as far as it is known: dd/mm/yyyy, mm/yyyy or yyyy -> (date, precision)."""

    default_error_messages = {
        "invalid": gettext_lazy("Write the date as dd/mm/yyyy, or mm/yyyy or yyyy when the day or month is blank.")
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", DATE_HELP)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> tuple[datetime.date | None, str]:  # type: ignore[override]
        text = super().to_python(value)
        try:
            return drafts.parse_partial_date(text)
        except ValueError as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error

    def validate(self, value: Any) -> None:
        if self.required and value[0] is None:
            raise ValidationError(self.error_messages["required"], code="required")

    def run_validators(self, value: Any) -> None:
        return None

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime.date):
            return drafts.partial_date_display(value, DatePrecision.DAY)
        return value


def _lines(text: str) -> list[str]:
    return [line.strip().lstrip("-").strip() for line in (text or "").splitlines() if line.strip().lstrip("-").strip()]


class PlanForm(VersionedFormMixin, forms.ModelForm):
    issued_on = PartialDateField(label=gettext_lazy("date signed"), required=False)
    recipients = forms.CharField(
        label=gettext_lazy("recipients"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("One per line, as under “Nơi nhận”."),
    )
    document = forms.FileField(
        label=gettext_lazy("original document"),
        required=False,
        help_text=gettext_lazy("PDF, Word (.docx), OpenDocument or text; it replaces the one kept now."),
    )

    class Meta:
        model = Plan
        fields = [
            "number",
            "title",
            "issuer",
            "issued_on",
            "place",
            "period_start",
            "period_end",
            "implements",
            "general_objective",
            "signer_name",
            "signer_title",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "general_objective": forms.Textarea(attrs={"rows": 3}),
            "signer_title": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["issuer"].queryset = scope.restrict(OrgUnit.objects.all(), user).order_by("path")
        implements = scope.restrict(Plan.objects.all(), user)
        if self.instance.pk:
            implements = implements.exclude(pk=self.instance.pk)
        self.fields["implements"].queryset = implements
        if self.instance.pk:
            self.initial["issued_on"] = self.instance.issued_display
            self.initial["recipients"] = "\n".join(str(line) for line in self.instance.recipients or [])

    def clean_issuer(self) -> OrgUnit:
        issuer = self.cleaned_data["issuer"]
        if not scope.can_use_unit(self.user, issuer, "manage_plans"):
            raise forms.ValidationError(_("You may not issue plans for this unit."))
        return issuer

    def clean_issued_on(self) -> datetime.date | None:
        day, self.issued_precision = self.cleaned_data["issued_on"]
        return day

    def clean_recipients(self) -> list[str]:
        lines = _lines(self.cleaned_data["recipients"])
        for line in lines:
            validate_no_markup(line)
        return lines

    def clean_document(self) -> Any:
        upload = self.cleaned_data.get("document")
        if upload:
            check_upload(upload, PLAN_DOCUMENT_KINDS)
        return upload

    def save(self, commit: bool = True) -> Plan:
        self.instance.issued_precision = getattr(self, "issued_precision", DatePrecision.DAY)
        self.instance.recipients = self.cleaned_data["recipients"]
        return super().save(commit)


class _DatedForm(forms.ModelForm):
    """A row of a plan's part: dates typed as dd/mm/yyyy."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        apply_date_fields(self)


class ReportDeadlineForm(forms.ModelForm):
    """A report deadline as the plan writes it: "05/06" every year, "15/06/2026" once (a deadline of every year
    is kept on a leap year, 2000, which the form never shows)."""

    due = forms.CharField(
        label=gettext_lazy("due"),
        max_length=20,
        help_text=gettext_lazy("dd/mm for every year, dd/mm/yyyy for one date."),
    )

    class Meta:
        model = ReportDeadline
        fields = ["kind", "reporter", "due", "recipient", "text"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.due_date:
            self.initial["due"] = drafts.due_display(self.instance.due_date, self.instance.recurring)

    def clean_due(self) -> str:
        try:
            self.instance.due_date, self.instance.recurring = drafts.parse_due(self.cleaned_data["due"])
        except ValueError as error:
            raise forms.ValidationError(
                _("Write dd/mm for a deadline of every year or dd/mm/yyyy for one date, e.g. 05/06 or 15/06/2026.")
            ) from error
        return self.cleaned_data["due"]


def _inline(model: type, fields: list[str], form: type = _DatedForm, **widgets: Any) -> Any:
    return forms.inlineformset_factory(
        Plan,
        model,
        form=form,
        fields=fields,
        extra=1,
        can_delete=True,
        max_num=300,
        absolute_max=400,
        widgets={name: forms.Textarea(attrs={"rows": 2}) for name in widgets.get("textareas", ())},
    )


LegalBasisFormSet = _inline(LegalBasis, ["text", "number", "issued_on"], textareas=["text"])
ObjectiveFormSet = _inline(Objective, ["label", "text"], textareas=["text"])
ReportDeadlineFormSet = _inline(
    ReportDeadline, ["kind", "reporter", "due", "recipient", "text"], form=ReportDeadlineForm
)
BudgetLineFormSet = _inline(BudgetLine, ["text", "source", "amount"], textareas=["text"])
# (prefix, formset class, heading) of the parts edited with the plan.
PLAN_PARTS = [
    ("bases", LegalBasisFormSet, gettext_lazy("Legal bases")),
    ("objectives", ObjectiveFormSet, gettext_lazy("Specific objectives")),
    ("deadlines", ReportDeadlineFormSet, gettext_lazy("Report deadlines")),
    ("budget", BudgetLineFormSet, gettext_lazy("Budget")),
]


# --- Tasks and progress ---------------------------------------------------------------------------------


class TaskForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Task
        fields = [
            "label",
            "text",
            "unit_in_charge",
            "unit_in_charge_text",
            "cooperating_units",
            "cooperating_text",
            "recurrence",
            "due_date",
            "schedule_text",
            "participants",
            "status",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "cooperating_units": forms.SelectMultiple(attrs={"size": 6}),
        }
        field_classes = {"cooperating_units": UnitMultipleChoiceField}  # an id beyond any integer is no unit
        help_texts = {
            "unit_in_charge_text": gettext_lazy("Only for a unit that is not in the org tree."),
            "cooperating_text": gettext_lazy("Only for units that are not in the org tree."),
            "due_date": gettext_lazy("For a task that repeats: the first time it is due (its day and month count)."),
        }

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        apply_date_fields(self)
        units = OrgUnit.objects.filter(pk__in=[unit.pk for unit in drafts.current_units(plan.issuer)])
        if self.instance.pk:  # a unit dissolved since stays choosable on the tasks that name it
            kept = [self.instance.unit_in_charge_id, *self.instance.cooperating_units.values_list("pk", flat=True)]
            units = OrgUnit.objects.filter(pk__in=[*units.values_list("pk", flat=True), *[k for k in kept if k]])
        self.fields["unit_in_charge"].queryset = units.order_by("path")
        self.fields["cooperating_units"].queryset = units.order_by("path")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        repeats = data.get("recurrence") in (Recurrence.YEARLY, Recurrence.HALF_YEARLY, Recurrence.QUARTERLY)
        if repeats and not data.get("due_date") and "due_date" not in self.errors:
            self.add_error("due_date", _("A task that repeats needs the date it is first due."))
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("reason for withdrawal"),
        max_length=500,
        validators=[validate_no_markup],
        error_messages={"required": gettext_lazy("Say why the plan is withdrawn.")},
    )


class ProgressForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("progress note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[validate_no_markup],
    )
    status = forms.ChoiceField(label=gettext_lazy("status afterwards"), choices=Task.Status.choices)
    evidence = forms.FileField(
        label=gettext_lazy("evidence"),
        required=False,
        help_text=gettext_lazy("Minutes, photos, a report: PDF, Word, Excel, PowerPoint, OpenDocument, JPEG or PNG."),
    )

    def clean_evidence(self) -> Any:
        upload = self.cleaned_data.get("evidence")
        if upload:
            check_upload(upload, DOCUMENTS)
        return upload


class TaskFilterForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("status"), required=False, choices=())
    overdue = forms.BooleanField(label=gettext_lazy("overdue only"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", pgettext_lazy("filter", "All")), *Task.Status.choices]


# --- Upload and review of a plan document ------------------------------------------------------------------


def issuing_units(user: Any) -> Any:
    """The units `user` may issue plans for: their own subtree, with the right to manage plans."""
    if not scope.has_right(user, "manage_plans"):
        return OrgUnit.objects.none()
    return scope.restrict(OrgUnit.objects.all(), user).order_by("path")


class DraftUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Plan document"),
        help_text=gettext_lazy("Word (.docx), PDF with text, or plain text (.txt, .md)."),
    )
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=gettext_lazy("issued by"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].queryset = issuing_units(user)
        if getattr(user, "unit_id", None):
            self.fields["unit"].initial = user.unit_id

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        self.kind = check_upload(upload, READABLE_KINDS)
        return upload

    def clean_unit(self) -> OrgUnit:
        unit = self.cleaned_data["unit"]
        if not scope.can_use_unit(self.user, unit, "manage_plans"):
            raise forms.ValidationError(_("You may not issue plans for this unit."))
        return unit


class DraftHeaderForm(forms.Form):
    number = forms.CharField(
        label=gettext_lazy("document number"), max_length=64, required=False, validators=[validate_no_markup]
    )
    issued = PartialDateField(label=gettext_lazy("date signed"), required=False)
    place = forms.CharField(label=gettext_lazy("place"), max_length=80, required=False, validators=[validate_no_markup])
    title = forms.CharField(
        label=gettext_lazy("plan title"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[validate_no_markup],
    )
    period_start = forms.IntegerField(label=gettext_lazy("period from (year)"), min_value=2000, max_value=2100)
    period_end = forms.IntegerField(label=gettext_lazy("period to (year)"), min_value=2000, max_value=2100)
    implements = forms.ModelChoiceField(label=gettext_lazy("implements"), queryset=Plan.objects.none(), required=False)
    general_objective = forms.CharField(
        label=gettext_lazy("overall objective"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[validate_no_markup],
    )
    recipients = forms.CharField(
        label=gettext_lazy("recipients"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("One per line, as under “Nơi nhận”."),
    )
    signer_name = forms.CharField(
        label=gettext_lazy("signed by"), max_length=120, required=False, validators=[validate_no_markup]
    )
    signer_title = forms.CharField(
        label=gettext_lazy("signer's title"),
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[validate_no_markup],
    )

    replaces = forms.ModelChoiceField(
        label=gettext_lazy("replaces the plan"),
        queryset=Plan.objects.none(),
        required=False,
        help_text=gettext_lazy("The plan in force that this document replaces: it is withdrawn and kept read-only."),
    )

    def __init__(self, *args: Any, plans: Any, replaceable: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["implements"].queryset = plans
        self.fields["replaces"].queryset = replaceable if replaceable is not None else Plan.objects.none()

    def clean_recipients(self) -> list[str]:
        lines = _lines(self.cleaned_data["recipients"])
        for line in lines:
            validate_no_markup(line)
        return lines


class RowForm(forms.Form):
    """One row of a section of the review page. A row left out ("include" unticked) or left empty is not
    checked and not created."""

    include = forms.BooleanField(label=gettext_lazy("keep"), required=False, initial=True)
    required_fields: tuple[str, ...] = ()
    content_fields: tuple[str, ...] = ()  # a row with all of these blank is an empty row (a choice has a default)
    narrow_fields = ("include", "label", "number", "issued_on", "value", "year", "due", "amount", "comparator")

    def _kept(self) -> bool:
        if not self.fields["include"].widget.value_from_datadict(self.data, self.files, self.add_prefix("include")):
            return False
        return any(str(self.data.get(self.add_prefix(name), "")).strip() for name in self.content_fields)

    def full_clean(self) -> None:
        if self.is_bound and not self._kept():
            self._errors = ErrorDict()
            self.cleaned_data = {"include": False}
            return
        super().full_clean()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in self.required_fields:
            if name not in self.errors and data.get(name) in (None, ""):
                self.add_error(name, forms.ValidationError(self.fields[name].error_messages["required"], "required"))
        return data


def _text(label: Any, max_length: int | None = None, rows: int = 0, required: bool = False) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput
    return forms.CharField(
        label=label, max_length=max_length, required=required, widget=widget, validators=[validate_no_markup]
    )


class LegalBasisRow(RowForm):
    text = _text(gettext_lazy("wording"), rows=2)
    number = _text(gettext_lazy("document number"), 120)
    issued_on = DateField(label=gettext_lazy("issued on"), required=False)
    required_fields = ("text",)
    content_fields = ("text", "number", "issued_on")


class ObjectiveRow(RowForm):
    label = _text(gettext_lazy("label"), 16)
    text = _text(gettext_lazy("wording"), rows=2)
    required_fields = ("text",)
    content_fields = ("label", "text")


def _indicator_choices() -> list[tuple[str, str]]:
    from binhdang.indicators.catalogue import CATALOGUE

    return [("", _("— not yet mapped —")), *((item.code, str(item.name)) for item in CATALOGUE)]


def _comparator_choices() -> list[tuple[str, str]]:
    from binhdang.indicators.models import Target

    return list(Target.Comparator.choices)


class TargetRow(RowForm):
    text = _text(gettext_lazy("wording in the plan"), 500, rows=2)
    indicator = forms.ChoiceField(label=gettext_lazy("indicator"), required=False, choices=_indicator_choices)
    value = forms.DecimalField(label=gettext_lazy("value"), required=False, max_digits=7, decimal_places=2, min_value=0)
    comparator = forms.ChoiceField(label=gettext_lazy("comparator"), choices=_comparator_choices)
    year = forms.IntegerField(label=gettext_lazy("year"), required=False, min_value=2000, max_value=2100)
    required_fields = ("value", "year")
    content_fields = ("text", "indicator", "value", "year")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("indicator") and not data.get("text") and "text" not in self.errors:
            self.add_error("text", _("A target not yet mapped to an indicator needs the plan's wording."))
        return data


class ReportDeadlineRow(RowForm):
    kind = forms.ChoiceField(label=gettext_lazy("kind"), choices=ReportKind.choices)
    reporter = forms.ChoiceField(
        label=gettext_lazy("who reports"),
        choices=ReportDeadline.Reporter.choices,
        initial=ReportDeadline.Reporter.ISSUER,
    )
    due = forms.CharField(
        label=gettext_lazy("due"),
        max_length=20,
        required=False,
        help_text=gettext_lazy("dd/mm for every year, dd/mm/yyyy for one date."),
    )
    recipient = _text(gettext_lazy("sent to"), 300)
    text = _text(gettext_lazy("wording in the plan"), 500)
    required_fields = ("due",)
    content_fields = ("due", "recipient", "text")

    def clean_due(self) -> tuple[datetime.date, bool] | None:
        if not self.cleaned_data.get("due"):
            return None
        try:
            return drafts.parse_due(self.cleaned_data["due"])
        except ValueError as error:
            raise forms.ValidationError(
                _("Write dd/mm for a deadline of every year or dd/mm/yyyy for one date, e.g. 05/06 or 15/06/2026.")
            ) from error


class TaskRow(RowForm):
    label = _text(gettext_lazy("section"), 32)
    text = _text(gettext_lazy("task"), rows=2)
    unit_in_charge = _text(gettext_lazy("unit in charge"), 300)
    cooperating = _text(gettext_lazy("cooperating units"), 500)
    recurrence = forms.ChoiceField(label=gettext_lazy("when"), choices=Recurrence.choices, initial=Recurrence.ONCE)
    due = forms.CharField(
        label=gettext_lazy("due"),
        max_length=20,
        required=False,
        help_text=gettext_lazy("dd/mm/yyyy for one date; dd/mm for a task that repeats."),
    )
    schedule_text = _text(gettext_lazy("time frame as written"), 300)
    participants = _text(gettext_lazy("target participants"), 500)
    required_fields = ("text",)
    content_fields = ("label", "text", "unit_in_charge", "cooperating", "due", "schedule_text", "participants")

    def __init__(self, *args: Any, units: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = units
        self.fields["unit_in_charge"].widget.attrs["list"] = "units-in-tree"
        self.fields["cooperating"].help_text = _("Separate units with “;”.")

    def _value(self, name: str) -> str:
        if self.is_bound:
            return str(self.data.get(self.add_prefix(name), ""))
        return str(self.initial.get(name) or "")

    def matched_unit(self) -> OrgUnit | None:
        """The unit of the tree the unit in charge names, for the page to show which were found."""
        return drafts.match_unit(self._value("unit_in_charge"), self.units)

    def unmatched_cooperating(self) -> list[str]:
        return [
            name for name in drafts.split_names(self._value("cooperating")) if not drafts.match_unit(name, self.units)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        name = data.get("unit_in_charge") or ""
        unit = drafts.match_unit(name, self.units)
        data["unit"] = unit
        data["unit_in_charge_text"] = "" if unit else name
        found, unknown = [], []
        for part in drafts.split_names(data.get("cooperating") or ""):
            match = drafts.match_unit(part, self.units)
            if match is None:
                unknown.append(part)
            elif match not in found:
                found.append(match)
        data["cooperating_units"], data["cooperating_text"] = found, "; ".join(unknown)
        data["due_date"] = self._due_date(data)
        return data

    def _due_date(self, data: dict[str, Any]) -> datetime.date | None:
        """The due date typed: one date for a task done once, day and month (of any year) for one that repeats."""
        text, recurrence = (data.get("due") or "").strip(), data.get("recurrence")
        if not text or "due" in self.errors:
            # "Hàng năm, …" with no date is read as it is: the date can be set on the task later.
            return None
        try:
            day, every_year = drafts.parse_due(text)
        except ValueError:
            self.add_error("due", _("Write the date as dd/mm/yyyy, or dd/mm for a task that repeats, e.g. 15/11/2025."))
            return None
        if every_year and recurrence not in drafts.REPEATING:
            self.add_error("due", _("A task done once needs the year: dd/mm/yyyy."))
            return None
        return day


class BudgetLineRow(RowForm):
    text = _text(gettext_lazy("wording"), rows=2)
    source = forms.ChoiceField(label=gettext_lazy("source"), choices=BudgetLine.Source.choices)
    amount = forms.DecimalField(
        label=gettext_lazy("amount (VND)"), required=False, max_digits=15, decimal_places=0, min_value=0
    )
    required_fields = ("text",)
    content_fields = ("text", "amount")


class _RowFormSet(forms.BaseFormSet):
    def kept(self) -> list[tuple[int, dict[str, Any]]]:
        """(row number on the page, cleaned data) of every row to create."""
        return [
            (index + 1, form.cleaned_data)
            for index, form in enumerate(self.forms)
            if form.cleaned_data.get("include") and not form.errors
        ]


def _rows(form: type[RowForm]) -> Any:
    return forms.formset_factory(form, formset=_RowFormSet, extra=1, max_num=400, absolute_max=400)


# (section of drafts.cleaned, prefix on the page, formset class, heading)
REVIEW_SECTIONS = [
    ("legal_bases", "basis", _rows(LegalBasisRow), gettext_lazy("Legal bases")),
    ("objectives", "objective", _rows(ObjectiveRow), gettext_lazy("Specific objectives")),
    ("targets", "target", _rows(TargetRow), gettext_lazy("Targets")),
    ("report_deadlines", "deadline", _rows(ReportDeadlineRow), gettext_lazy("Report deadlines")),
    ("tasks", "task", _rows(TaskRow), gettext_lazy("Tasks")),
    ("budget_lines", "budget", _rows(BudgetLineRow), gettext_lazy("Budget")),
]


class DraftReview:
    """The review page's forms: the header and one formset per section, from the draft (GET) or the page's
    own POST, so that nothing is stored until the user confirms."""

    def __init__(self, draft: Any, user: Any, data: Any = None) -> None:
        self.draft, self.user = draft, user
        self.plans = scope.restrict(Plan.objects.select_related("issuer"), user).order_by("-period_start", "title")
        self.units = drafts.current_units(draft.unit)
        initial = drafts.review_initial(draft.extracted, draft.unit, self.plans) if data is None else {}
        self.replaceable = scope.restrict(
            Plan.objects.filter(issuer=draft.unit, status=PlanStatus.IN_FORCE), user, "change"
        ).order_by("-period_start", "title")
        self.header = DraftHeaderForm(
            data, initial=initial.get("header"), plans=self.plans, replaceable=self.replaceable, prefix="plan"
        )
        self.sections = []
        for section, prefix, formset_class, heading in REVIEW_SECTIONS:
            kwargs = {"form_kwargs": {"units": self.units}} if section == "tasks" else {}
            formset = formset_class(data, initial=initial.get(section), prefix=prefix, **kwargs)
            self.sections.append((section, formset, heading))
        self.problems: list[drafts.Problem] = []

    @property
    def formsets(self) -> dict[str, Any]:
        return {section: formset for section, formset, _heading in self.sections}

    def unchanged_data(self) -> dict[str, Any]:
        """What the page posts when the user changes nothing (the demo confirms the seed plans so)."""
        data: dict[str, Any] = {}
        pages: list[Any] = [self.header]
        for _section, formset, _heading in self.sections:
            for bound in formset.management_form:
                data[bound.html_name] = bound.value()
            pages.extend(formset.forms)
        for page in pages:
            for bound in page:
                value = bound.value()
                if isinstance(bound.field.widget, forms.CheckboxInput):
                    if value:
                        data[bound.html_name] = "on"
                elif isinstance(value, list | tuple):
                    data[bound.html_name] = [str(item) for item in value]
                elif value is not None:
                    data[bound.html_name] = value if isinstance(value, str) else str(value)
        return data

    def is_valid(self) -> bool:
        valid = self.header.is_valid()
        for _section, formset, _heading in self.sections:
            valid = formset.is_valid() and valid
        return valid

    def cleaned(self) -> dict[str, Any]:
        header = self.header.cleaned_data
        issued_on, precision = header["issued"]
        extracted = self.draft.extracted if isinstance(self.draft.extracted, dict) else {}
        printed = extracted.get("number_as_printed")
        result: dict[str, Any] = {
            "plan": {
                "number": header["number"],
                "number_as_printed": printed if isinstance(printed, str) else "",
                "issued_on": issued_on,
                "issued_precision": precision,
                "place": header["place"],
                "title": header["title"],
                "period_start": header["period_start"],
                "period_end": header["period_end"],
                "implements": header["implements"],
                "replaces": header["replaces"],
                "general_objective": header["general_objective"],
                "recipients": header["recipients"],
                "signer_name": header["signer_name"],
                "signer_title": header["signer_title"],
            }
        }
        formsets = self.formsets
        result["legal_bases"] = [
            {"row": row, "text": d["text"], "number": d["number"], "issued_on": d["issued_on"]}
            for row, d in formsets["legal_bases"].kept()
        ]
        result["objectives"] = [
            {"row": row, "label": d["label"], "text": d["text"]} for row, d in formsets["objectives"].kept()
        ]
        result["targets"] = [
            {
                "row": row,
                "text": d["text"],
                "indicator": d["indicator"],
                "value": d["value"],
                "comparator": d["comparator"],
                "year": d["year"],
            }
            for row, d in formsets["targets"].kept()
        ]
        result["report_deadlines"] = [
            {
                "row": row,
                "kind": d["kind"],
                "reporter": d["reporter"],
                "due_date": d["due"][0],
                "recurring": d["due"][1],
                "recipient": d["recipient"],
                "text": d["text"],
            }
            for row, d in formsets["report_deadlines"].kept()
        ]
        result["tasks"] = [
            {
                "row": row,
                "label": d["label"],
                "text": d["text"],
                "unit_in_charge": d["unit"],
                "unit_in_charge_text": d["unit_in_charge_text"],
                "cooperating_units": d["cooperating_units"],
                "cooperating_text": d["cooperating_text"],
                "recurrence": d["recurrence"],
                "due_date": d["due_date"],
                "schedule_text": d["schedule_text"],
                "participants": d["participants"],
            }
            for row, d in formsets["tasks"].kept()
        ]
        result["budget_lines"] = [
            {"row": row, "text": d["text"], "source": d["source"], "amount": d["amount"]}
            for row, d in formsets["budget_lines"].kept()
        ]
        return result

    def add_problems(self, problems: list[drafts.Problem]) -> None:
        """Show each problem at its field (header or row) and in the list at the top of the page."""
        self.problems = list(problems)
        formsets = self.formsets
        for problem in problems:
            if problem.section == "plan":
                form = self.header
            else:
                forms_of_section = formsets[problem.section].forms
                form = (
                    forms_of_section[problem.row - 1] if problem.row and problem.row <= len(forms_of_section) else None
                )
            if form is None:
                continue
            field = problem.field if problem.field in form.fields else None
            if form.errors is not None and problem.message not in form.errors.get(field or "__all__", []):
                form.add_error(field, problem.message)

    def error_list(self) -> list[str]:
        """Every error on the page, each naming its row and field: "Target 3, year: …"."""
        found: list[str] = []

        def add(text: str) -> None:
            if text not in found:
                found.append(text)

        for field, errors in self.header.errors.items():
            label = self.header.fields[field].label if field in self.header.fields else ""
            for error in errors:
                add(f"{str(label)[:1].upper()}{str(label)[1:]}: {error}" if label else str(error))
        for section, formset, _heading in self.sections:
            for error in formset.non_form_errors():
                add(str(error))
            for index, form in enumerate(formset.forms):
                row = drafts.row_label(section, index + 1)
                for field, errors in form.errors.items():
                    label = form.fields[field].label if field in form.fields else ""
                    for error in errors:
                        if str(error).startswith(row):
                            add(str(error))
                        else:
                            name = f"{str(label)[:1].lower()}{str(label)[1:]}"
                            add(f"{row}, {name}: {error}" if label else f"{row}: {error}")
        return found
