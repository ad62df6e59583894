"""Two-factor sign-in with a time-based code (TOTP, any authenticator app) and single-use backup codes.

Who must use it is a setting (TWO_FACTOR_REQUIRED_ROLES); everybody else may turn it on. The
sign-in views (signin.py) ask for a code whenever the user has a confirmed device, and make users of
a required role enrol one before their session starts.
"""

from __future__ import annotations

import base64
import math
import re
from typing import Any

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

AUTHENTICATOR = "authenticator"
BACKUP = "backup"
BACKUP_CODE_COUNT = 10
WAIT = _("Too many wrong codes in a row: wait %(seconds)s seconds, then enter the code your app shows.")
WRONG_CODE = _("This code is not right. Enter the code your app shows now (it changes every 30 seconds).")


def is_required(user: Any) -> bool:
    return user.role in settings.TWO_FACTOR_REQUIRED_ROLES


def is_enabled(user: Any) -> bool:
    """Whether the user signs in with a code: a confirmed authenticator (backup codes alone do not count)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def needs_code(user: Any) -> bool:
    return is_required(user) or is_enabled(user)


def unconfirmed_authenticator(user: Any) -> TOTPDevice:
    """The device being enrolled: the same secret until it is confirmed, so a reload keeps the QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=AUTHENTICATOR).first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)


def clean_code(code: str) -> str:
    # People type "123 456", or copy a backup code with a dash or in capitals.
    return re.sub(r"[\s-]", "", code).lower()


@transaction.atomic
def confirm(device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the enrolment with its first code; returns fresh backup codes, or None if the code is wrong."""
    if not device.verify_token(clean_code(code)):
        return None
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_backup_codes(device.user)


@transaction.atomic
def new_backup_codes(user: Any) -> list[str]:
    """Replace the user's backup codes; each works once."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name=BACKUP, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def backup_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def verify(user: Any, code: str) -> Device | None:
    """The device (authenticator or backup codes) that accepts the code; a backup code is used up."""
    code = clean_code(code)
    if not code:
        return None
    for device in devices_for_user(user, confirmed=True, for_verify=True):
        # Each device throttles its own failures (growing delays) besides the sign-in lockout.
        if device.verify_token(code):
            return device
    return None


def seconds_to_wait(user: Any, device: Device | None = None) -> int:
    """How long django-otp still refuses codes after wrong ones (1, 2, 4, ... seconds): a right code typed
    too soon would be refused as if it were wrong, so the page asks to wait instead."""
    now = timezone.now()
    waits = [0]
    for candidate in [device] if device is not None else devices_for_user(user, confirmed=True):
        allowed, data = candidate.verify_is_allowed()
        if not allowed and data and data.get("locked_until"):
            waits.append(math.ceil((data["locked_until"] - now).total_seconds()))
    return max(waits)


@transaction.atomic
def disable(user: Any) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def qr_svg(device: TOTPDevice) -> SafeString:
    """The enrolment QR code as inline SVG, drawn on the server (no image service, no script)."""
    svg = segno.make(device.config_url, error="m").svg_inline(scale=4, border=2, title="QR")
    return mark_safe(svg)  # noqa: S308 - segno's own markup; the only variable part is in its data


def secret_text(device: TOTPDevice) -> str:
    """The secret for typing into an app by hand, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
