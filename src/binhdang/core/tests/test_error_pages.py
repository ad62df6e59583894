"""The error pages render without the user, the session or the database: they show when those fail."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.utils import translation

from binhdang.core import views


class _Unavailable:
    """Stands for request.user / request.session when the middleware never ran or the database is down."""

    def __getattr__(self, name: str):
        raise AssertionError(f"the error page touched {name!r} of the user or the session")


def _database_down():
    return mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection",
        side_effect=OperationalError("connection refused"),
    )


class TestWrongHostHeader:
    def test_a_wrong_host_gets_a_400_page_not_a_500(self, db):
        # given a Host the platform does not serve
        client = Client(raise_request_exception=False)
        # when
        response = client.get("/", HTTP_HOST="evil.example")
        # then
        assert response.status_code == 400
        assert "Yêu cầu không hợp lệ, hệ thống không thể xử lý." in response.content.decode()


@pytest.mark.parametrize(
    ("handler", "status", "message"),
    [
        (views.bad_request, 400, "Yêu cầu không hợp lệ, hệ thống không thể xử lý."),
        (views.permission_denied, 403, "Bạn không có quyền xem trang này."),
        (views.page_not_found, 404, "Trang bạn yêu cầu không tồn tại."),
    ],
)
def test_error_pages_need_no_user_session_or_database(handler, status, message):
    request = RequestFactory().get("/somewhere/")
    request.user = _Unavailable()
    request.session = _Unavailable()
    with _database_down(), translation.override("vi"):
        response = handler(request, Exception("boom"))
    assert response.status_code == status
    page = response.content.decode()
    assert message in page and "Quay lại trang chủ" in page


def test_server_error_page_needs_no_user_session_or_database():
    request = RequestFactory().get("/somewhere/")
    request.user = _Unavailable()
    request.session = _Unavailable()
    with _database_down(), translation.override("vi"):
        response = views.server_error(request)
    assert response.status_code == 500
    assert "Đã xảy ra lỗi từ phía hệ thống." in response.content.decode()


def test_a_signed_in_user_gets_the_outage_page_while_the_database_is_down(client, secretary):
    # given a signed-in secretary
    client.force_login(secretary)
    client.raise_request_exception = False
    # when the database stops answering
    with _database_down():
        response = client.get("/staff/")
    # then the page says in Vietnamese that the database is out of reach (503, core/outage.py), not a crash
    assert response.status_code == 503
    assert "Hệ thống tạm thời không kết nối được cơ sở dữ liệu." in response.content.decode()


def test_unknown_page_for_a_signed_in_user_is_a_404_page(client, secretary):
    client.force_login(secretary)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Trang bạn yêu cầu không tồn tại." in response.content.decode()


def test_error_page_follows_the_chosen_language(client, secretary):
    client.cookies["django_language"] = "en"
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "The page you asked for does not exist." in response.content.decode()
