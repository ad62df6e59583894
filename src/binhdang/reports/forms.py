"""Forms of the reports pages: opening a report, writing it, reviewing it, templates and DHIS2 codes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binhdang.core.forms import VersionedFormMixin
from binhdang.core.validators import validate_no_markup
from binhdang.indicators.models import validate_period
from binhdang.plans.models import ReportKind
from binhdang.reports.models import Dhis2Mapping, Report
from binhdang.reports.periods import period_choices

AUTHORITY_FORMS = [("", _("(signs in own name)")), ("TM.", "TM."), ("KT.", "KT."), ("TL.", "TL."), ("TUQ.", "TUQ.")]


class OpenReportForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=None, label=_("Org unit"))  # type: ignore[arg-type]
    # A text field, so the API keeps its lenient reading ("2026h1"); the page offers the periods by name.
    period = forms.CharField(
        label=_("Period"), max_length=7, help_text=_("The year or the half-year the report covers.")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=ReportKind.choices, required=False)
    title = forms.CharField(
        label=_("Title (ad-hoc reports)"), max_length=300, required=False, validators=[validate_no_markup]
    )

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["period"].widget = forms.Select(choices=period_choices(timezone.localdate()))

    def clean_period(self) -> str:
        period = (self.cleaned_data.get("period") or "").strip().upper().replace("H", "-H").replace("--", "-")
        validate_period(period)
        return period

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        period = data.get("period") or ""
        kind = data.get("kind") or ""
        if not kind:
            data["kind"] = ReportKind.HALF_YEAR if "-H" in period else ReportKind.ANNUAL
        elif kind == ReportKind.HALF_YEAR and "-H" not in period:
            self.add_error("period", _("A half-year report needs a half-year period (2026-H1 or 2026-H2)."))
        elif kind == ReportKind.ANNUAL and "-H" in period:
            self.add_error("period", _("An annual report needs a year as its period (2026)."))
        if kind == ReportKind.AD_HOC and not (data.get("title") or "").strip():
            self.add_error("title", _("An ad-hoc report needs a title saying what it reports on."))
        return data


class ReportForm(VersionedFormMixin):
    signer_authority_form = forms.ChoiceField(
        label=_("signing on behalf (TM./KT./TL.)"), choices=AUTHORITY_FORMS, required=False
    )
    recipients_text = forms.CharField(
        label=_("Recipients (one per line)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    class Meta:
        model = Report
        fields = [
            "number",
            "results",
            "shortcomings",
            "next_steps",
            "recommendations",
            "signer_authority_form",
            "signer_authority",
            "signer_title",
            "signer_name",
        ]
        widgets = {
            "results": forms.Textarea(attrs={"rows": 10}),
            "shortcomings": forms.Textarea(attrs={"rows": 6}),
            "next_steps": forms.Textarea(attrs={"rows": 6}),
            "recommendations": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipients_text"].initial = "\n".join(self.instance.recipients or [])

    def clean_recipients_text(self) -> list[str]:
        raw = self.cleaned_data.get("recipients_text") or ""
        lines = [line.strip().lstrip("-").strip() for line in raw.splitlines()]
        lines = [line for line in lines if line]
        if len(lines) > 40:
            raise ValidationError(_("At most 40 recipients."))
        if any(len(line) > 200 for line in lines):
            raise ValidationError(_("A recipient line is at most 200 characters long."))
        return lines

    def save(self, commit: bool = True) -> Report:
        self.instance.recipients = self.cleaned_data.get("recipients_text") or []
        return super().save(commit)


def _no_markup_in_comment(value: str) -> None:
    # The model's validator speaks of names; a reviewer's comment deserves its own words.
    if value and ("<" in value or ">" in value):
        raise ValidationError(_("The comment cannot contain “<” or “>”."), code="markup")


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                              max_length=4000, validators=[_no_markup_in_comment])  # fmt: skip


class TemplateUploadForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    file = forms.FileField(label=_("Word template (.docx)"))


class Dhis2MappingForm(forms.ModelForm):
    class Meta:
        model = Dhis2Mapping
        fields = ["data_element", "category_option_combo", "active"]

    def clean_data_element(self) -> str:
        value = (self.cleaned_data.get("data_element") or "").strip()
        if not value or any(ch.isspace() for ch in value):
            raise ValidationError(_("Write the DHIS2 data element's UID or code, without spaces."))
        return value
