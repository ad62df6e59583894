"""Security headers: CSP without inline code, HSTS and HTTPS behind SECURE_COOKIES, no-store on personal data."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


class TestContentSecurityPolicy:
    def test_pages_allow_scripts_and_styles_from_the_site_only(self, client, secretary):
        client.force_login(secretary)
        policy = csp(client.get(reverse("registry:staff_list")))
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
        assert "'unsafe-eval'" not in str(policy)

    def test_the_login_and_error_pages_carry_it_too(self, client, db):
        assert "script-src 'self'" in client.get(reverse("accounts:login"))["Content-Security-Policy"]
        assert "script-src 'self'" in client.get("/khong-co/")["Content-Security-Policy"]

    def test_only_the_api_docs_allow_inline_styles_and_still_no_inline_script(self, client, secretary):
        client.force_login(secretary)
        response = client.get(reverse("api:docs"))
        policy = csp(response)
        assert "'unsafe-inline'" in policy["style-src"] and policy["script-src"] == ["'self'"]
        assert "<script>" not in response.content.decode()  # the split view serves its script as a file

    @pytest.mark.parametrize("path", sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html")))
    def test_no_template_has_inline_script_handlers_or_styles(self, path):
        text = (TEMPLATES / path).read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "inline <script>"
        assert not re.search(r"\son[a-z]+\s*=", text), "on*= handler"
        assert not re.search(r"\sstyle\s*=", text), 'style="" attribute'
        assert "<style" not in text, "<style> element"
        assert not re.search(r"(src|href)=\"(https?:)?//", text), "a file from another site (vendor it)"


class TestOtherHeaders:
    def test_referrer_policy_frame_options_and_nosniff(self, client, db):
        response = client.get(reverse("accounts:login"))
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"

    def test_no_hsts_nor_redirect_over_plain_http_by_default(self, client, db):
        response = client.get(reverse("accounts:login"))
        assert response.status_code == 200 and "Strict-Transport-Security" not in response

    def test_secure_cookies_turns_on_hsts_and_the_https_redirect(self):
        # given the settings read with SECURE_COOKIES=true (they are computed when the module loads)
        code = (
            "import json, binhdang.settings as s; print(json.dumps([s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS,"
            " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, getattr(s, 'SECURE_PROXY_SSL_HEADER', None)]))"
        )
        env = {**os.environ, "SECURE_COOKIES": "true", "PYTHONPATH": str(TEMPLATES.parents[1])}
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        assert out.stdout.strip() == "[true, 31536000, true, true, null]"

    def test_with_those_settings_http_is_redirected_and_https_gets_hsts(self, client, db, settings):
        settings.SECURE_SSL_REDIRECT = True
        settings.SECURE_HSTS_SECONDS = 31536000
        response = client.get(reverse("accounts:login"))
        assert response.status_code == 301 and response.url.startswith("https://")
        secure = client.get(reverse("accounts:login"), secure=True)
        assert secure.status_code == 200
        assert secure["Strict-Transport-Security"] == "max-age=31536000"


class TestNoStoreOnPersonalData:
    def test_staff_person_import_and_export_pages_are_not_stored(self, client, hr_officer, people, tree):
        client.force_login(hr_officer)
        for url in (
            reverse("registry:staff_list"),
            reverse("registry:person_detail", args=[people.ha.pk]),
            reverse("registry:import_list"),
            reverse("registry:staff_export"),
            "/api/people/",
            f"/api/people/{people.ha.pk}/",
            reverse("accounts:security"),
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            assert "no-store" in response["Cache-Control"], url

    def test_a_training_class_s_participant_lists_are_not_stored(self, client, province_admin, tree, people):
        from binhdang.training.tests.access import records

        course = records(tree, people)["training_class"]
        client.force_login(province_admin)
        for name in ("training:participant_list", "training:attendance_sheet"):
            response = client.get(reverse(name, args=[course]))
            assert response.status_code == 200, name
            assert "no-store" in response["Cache-Control"], name
        assert "no-store" not in client.get(reverse("training:class_list")).get("Cache-Control", "")

    def test_pages_without_personal_data_keep_normal_caching(self, client, secretary):
        client.force_login(secretary)
        response = client.get(reverse("agenda:calendar"))
        assert response.status_code == 200
        assert "no-store" not in response.get("Cache-Control", "")
