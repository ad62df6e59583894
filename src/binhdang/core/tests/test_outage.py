"""With the database unreachable every page answers a clear 503 page, and works again once it is back."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from binhdang.core.tests.outage_helpers import database_down

VIETNAMESE = "Hệ thống tạm thời không kết nối được cơ sở dữ liệu"


@pytest.fixture
def client() -> Client:
    # What the browser gets: Django's test client would re-raise the database error the page handled.
    return Client(raise_request_exception=False)


def test_pages_of_a_signed_in_user_answer_a_vietnamese_503(client, tree, people, secretary):
    client.force_login(secretary)
    with database_down():
        pages = [client.get(url) for url in ("/", reverse("registry:staff_list"), reverse("indicators:dashboard"))]
    for page in pages:
        assert page.status_code == 503
        assert VIETNAMESE in page.content.decode() and page["Retry-After"]


def test_signing_in_answers_the_503_page_too(client, tree, secretary):
    with database_down():
        page = client.post(reverse("accounts:login"), {"username": "snv.thuky", "password": "mat-khau-thu-nghiem-2025"})
    assert page.status_code == 503 and VIETNAMESE in page.content.decode()


def test_the_api_answers_503_in_json(client, tree, secretary):
    client.force_login(secretary)
    with database_down():
        response = client.get("/api/units/")
    assert response.status_code == 503 and VIETNAMESE in response.json()["detail"]


def test_english_users_read_it_in_english(client, tree, secretary):
    client.force_login(secretary)
    client.cookies["django_language"] = "en"
    with database_down():
        page = client.get(reverse("registry:staff_list"))
    assert page.status_code == 503 and "cannot reach its database" in page.content.decode()


def test_the_platform_recovers_when_the_database_is_back(client, tree, people, secretary):
    client.force_login(secretary)
    with database_down():
        assert client.get(reverse("registry:staff_list")).status_code == 503
    page = client.get(reverse("registry:staff_list"))
    assert page.status_code == 200 and "Nguyễn Thị" in page.content.decode()
