"""A session ends after SESSION_IDLE_MINUTES without a request, and SESSION_MAX_HOURS after sign-in."""

from __future__ import annotations

from django.urls import reverse

from binhdang.accounts.middleware import LAST_SEEN_AT, SIGNED_IN_AT
from binhdang.accounts.tests.test_sign_in import password_step, signed_in


def age_session(client, **seconds_ago: float) -> None:
    session = client.session
    for key, ago in seconds_ago.items():
        session[key] = session[key] - ago
    session.save()


def test_a_session_idle_for_longer_than_the_limit_is_signed_out(client, secretary, settings):
    password_step(client, secretary)
    age_session(client, binhdang_last_seen_at=settings.SESSION_IDLE_SECONDS + 5)
    response = client.get(reverse("registry:staff_list"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert not signed_in(client)
    page = client.get(response.url).content.decode()
    assert "không thao tác trong một thời gian" in page


def test_activity_keeps_the_session_alive(client, secretary, settings):
    password_step(client, secretary)
    age_session(client, binhdang_last_seen_at=settings.SESSION_IDLE_SECONDS - 120)
    assert client.get(reverse("registry:staff_list")).status_code == 200
    # the request moved the idle clock forward
    assert client.session[LAST_SEEN_AT] > client.session[SIGNED_IN_AT] - 1


def test_a_session_ends_after_its_maximum_length_even_when_active(client, secretary, settings):
    password_step(client, secretary)
    age_session(client, binhdang_signed_in_at=settings.SESSION_COOKIE_AGE + 5)
    response = client.get(reverse("registry:staff_list"))
    assert response.status_code == 302 and not signed_in(client)
    assert "hết thời hạn tối đa" in client.get(response.url).content.decode()


def test_defaults_are_30_minutes_idle_and_10_hours_at_most(settings):
    assert settings.SESSION_IDLE_SECONDS == 30 * 60
    assert settings.SESSION_COOKIE_AGE == 10 * 3600


def test_an_idle_api_session_is_refused(client, secretary, tree, settings):
    password_step(client, secretary)
    assert client.get("/api/people/").status_code == 200
    age_session(client, binhdang_last_seen_at=settings.SESSION_IDLE_SECONDS + 5)
    assert client.get("/api/people/").status_code in (401, 403)
