from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from binhdang.agenda.models import MAX_DAYS_AHEAD, CalendarSettings


class CalendarSettingsForm(forms.ModelForm):
    """The user's reminder settings; the e-mail address is saved on the user (the one the platform knows)."""

    days_ahead = forms.IntegerField(
        label=_("Remind me this many days ahead"),
        min_value=0,
        max_value=MAX_DAYS_AHEAD,
        help_text=_("From 0 (on the day only) to 60 days."),
        error_messages={
            "required": _("Enter how many days ahead to remind you, from 0 to 60."),
            "invalid": _("Days ahead: enter a whole number from 0 to 60."),
            "min_value": _("Days ahead cannot be negative: enter a number from 0 to 60."),
            "max_value": _("Days ahead can be at most 60."),
        },
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("E-mail address: enter an address like ten@coquan.gov.vn.")},
    )

    class Meta:
        model = CalendarSettings
        fields = ["days_ahead", "email_enabled"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["email"].initial = user.email
        self.order_fields(["days_ahead", "email_enabled", "email"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("email_enabled") and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Enter the e-mail address to send reminders to, or turn e-mail reminders off."))
        return data

    def save(self, commit: bool = True) -> CalendarSettings:
        found = super().save(commit=False)
        found.user = self.user
        if commit:
            found.save()
            if self.user.email != self.cleaned_data["email"]:
                self.user.email = self.cleaned_data["email"]
                self.user.save(update_fields=["email"])
        return found
