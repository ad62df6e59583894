from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from binhdang.accounts import scope
from binhdang.accounts.models import Role, User
from binhdang.core.validators import validate_no_markup
from binhdang.orgs.forms import unit_field


class UserForm(forms.ModelForm):
    password = forms.CharField(
        label=_("password"),
        widget=forms.PasswordInput,
        required=False,
        help_text=_("Leave empty to keep the current password."),
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "role", "is_active"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.acting_user = user
        super().__init__(*args, **kwargs)
        self.fields["unit"] = unit_field(user, _("org unit"), required=not scope.is_global(user))
        if self.instance.pk and self.instance.unit_id:
            self.fields["unit"].initial = self.instance.unit_id
        if not scope.is_global(user):
            # Only a national system administrator makes other system administrators.
            self.fields["role"].choices = [c for c in Role.choices if c[0] != Role.SYSTEM_ADMIN]
        if not self.instance.pk:
            self.fields["password"].required = True
            self.fields["password"].help_text = ""
        self.fields["full_name"].validators.append(validate_no_markup)

    def clean_username(self) -> str:
        username = self.cleaned_data.get("username") or ""
        # The model's unique check is case-sensitive: "SNV.THUKY" would sit beside "snv.thuky".
        if username and User.objects.filter(username__iexact=username).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(User._meta.get_field("username").error_messages["unique"], code="unique")
        return username

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        password = cleaned.get("password") or ""
        if password:
            # Checked against the values being saved (a new user's instance has no username yet).
            person = User(
                pk=self.instance.pk,
                username=cleaned.get("username") or self.instance.username,
                full_name=cleaned.get("full_name") or self.instance.full_name,
                email=cleaned.get("email") or self.instance.email,
            )
            try:
                validate_password(password, person)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        user.unit = self.cleaned_data.get("unit")
        if self.cleaned_data.get("password"):
            user.set_password(self.cleaned_data["password"])
        if commit:
            user.save()
        return user


class LoginForm(AuthenticationForm):
    """The password step of signing in (the code step follows for users with two-factor)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # AuthenticationForm sets max_length after the field is made, so the length is never checked:
        # a 10,000-character username would reach authenticate() and the lockout records.
        self.fields["username"].validators.append(MaxLengthValidator(self.fields["username"].max_length))


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("one-time code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
        help_text=_("The 6 digits your authenticator app shows now, or one of your backup codes."),
    )
