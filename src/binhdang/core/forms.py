"""Form pieces shared by every app: dd/mm/yyyy date fields and optimistic-lock checking."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    """A text input for dd/mm/yyyy dates (the browser date picker shows US or ISO orders)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", **(attrs or {})}, format="%d/%m/%Y"
        )


class DateField(forms.DateField):
    widget = DateInput
    default_error_messages = {"invalid": _("Enter a real date as dd/mm/yyyy, e.g. 05/09/2025.")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"])
        super().__init__(**kwargs)


class VersionedFormMixin(forms.ModelForm):
    """Refuse to save over a change someone else saved since this form was opened."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.instance.pk:
            current = (
                type(self.instance)
                ._default_manager.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if data.get("version") is not None and current is not None and data["version"] != current:
                raise forms.ValidationError(
                    _(
                        "Someone else saved this record while you were editing it. Reload the page to see their "
                        "change, then make yours again."
                    ),
                    code="stale",
                )
        return data

    def save(self, commit: bool = True) -> Any:
        if self.instance.pk:
            self.instance.version = (self.instance.version or 0) + 1
        return super().save(commit)


def apply_date_fields(form: forms.BaseForm) -> None:
    """Swap Django's model DateFields for our dd/mm/yyyy ones, keeping label and required."""
    for name, field in list(form.fields.items()):
        if isinstance(field, forms.DateField) and not isinstance(field, DateField):
            form.fields[name] = DateField(
                label=field.label, required=field.required, help_text=field.help_text, initial=field.initial
            )
