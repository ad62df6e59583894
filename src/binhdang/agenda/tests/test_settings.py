"""The reminder settings form: days ahead 0–60 and a real e-mail address, refused with a message on the field."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from binhdang.agenda.models import CalendarSettings
from binhdang.core.tests.db_state import refused_form


def test_settings_are_saved_with_the_address_on_the_user(client, secretary, settings):
    settings.REMINDER_DAYS_AHEAD = 7
    client.force_login(secretary)
    page = client.get(reverse("agenda:settings"))
    assert page.context["form"]["days_ahead"].value() == 7  # the platform's default until changed
    response = client.post(
        reverse("agenda:settings"), {"days_ahead": "14", "email_enabled": "on", "email": "thu@snv.gov.vn"}
    )
    assert response.status_code == 302
    stored = CalendarSettings.objects.get(user=secretary)
    assert stored.days_ahead == 14 and stored.email_enabled
    secretary.refresh_from_db()
    assert secretary.email == "thu@snv.gov.vn"


def test_e_mail_can_be_turned_off_without_an_address(client, secretary):
    client.force_login(secretary)
    response = client.post(reverse("agenda:settings"), {"days_ahead": "0", "email": ""})
    assert response.status_code == 302
    assert CalendarSettings.objects.get(user=secretary).email_enabled is False


@pytest.mark.parametrize(
    ("data", "field", "msgid"),
    [
        ({"days_ahead": "-1"}, "days_ahead", "Days ahead cannot be negative: enter a number from 0 to 60."),
        ({"days_ahead": "61"}, "days_ahead", "Days ahead can be at most 60."),
        ({"days_ahead": "abc"}, "days_ahead", "Days ahead: enter a whole number from 0 to 60."),
        ({"days_ahead": "9" * 30}, "days_ahead", "Days ahead can be at most 60."),
        ({"days_ahead": ""}, "days_ahead", "Enter how many days ahead to remind you, from 0 to 60."),
        ({"email": "khong-phai-email"}, "email", "E-mail address: enter an address like ten@coquan.gov.vn."),
        (
            {"email": "", "email_enabled": "on"},
            "email",
            "Enter the e-mail address to send reminders to, or turn e-mail reminders off.",
        ),
    ],
)
def test_bad_settings_are_refused_on_their_field(client, secretary, data, field, msgid):
    client.force_login(secretary)
    payload = {"days_ahead": "7", "email_enabled": "on", "email": "thu@snv.gov.vn", **data}
    response = refused_form(client, reverse("agenda:settings"), payload, field)
    with translation.override("vi"):
        assert gettext(msgid) in response.content.decode()
    assert not CalendarSettings.objects.exists()


def test_settings_page_is_vietnamese_by_default(client, secretary):
    client.force_login(secretary)
    page = client.get(reverse("agenda:settings")).content.decode()
    assert 'lang="vi"' in page and "Lưu" in page
