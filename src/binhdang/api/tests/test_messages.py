"""Every message the API can send comes out in Vietnamese (the default) and in English when chosen.

DRF's own Vietnamese catalogue lacks many of its messages; `binhdang.api.messages` puts them in ours.
"""

from __future__ import annotations

import ast
import gettext
import importlib
import importlib.util
import inspect
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.functional import Promise

from binhdang.api.messages import DRF_MESSAGES

# The modules whose messages can reach an API answer (DRF's browsable pages and admin are not the API's).
DRF_MODULES = (
    "authentication",
    "authtoken.serializers",
    "exceptions",
    "fields",
    "filters",
    "generics",
    "negotiation",
    "pagination",
    "parsers",
    "permissions",
    "relations",
    "request",
    "serializers",
    "throttling",
    "validators",
    "versioning",
    "views",
)
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}


def marked_in_source() -> set[str]:
    """Every string DRF's modules pass to gettext, also those marked inside functions (authentication)."""
    root = Path(importlib.util.find_spec("rest_framework").origin).parent
    found: set[str] = set()
    for name in DRF_MODULES:
        tree = ast.parse((root / (name.replace(".", "/") + ".py")).read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in GETTEXT:
                texts = [arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
                found.update(texts[:2] if node.func.id.startswith("ngettext") else texts[:1])
    return found


def default_messages() -> set[str]:
    """The messages DRF's classes carry: fields' and relations' default_error_messages, exceptions'
    default_detail, validators' message, paginators' and versioning schemes' messages."""
    found: set[str] = set()
    with translation.override(None):  # no catalogue: a lazy message reads as its msgid
        for name in DRF_MODULES:
            module = importlib.import_module(f"rest_framework.{name}")
            for value in vars(module).values():
                if not inspect.isclass(value) or not value.__module__.startswith("rest_framework"):
                    continue
                for klass in value.__mro__:
                    for attribute in vars(klass).values():
                        candidates = attribute.values() if isinstance(attribute, dict) else [attribute]
                        found.update(str(text) for text in candidates if isinstance(text, Promise))
    return found


def vietnamese_catalogue() -> dict[str, str]:
    path = Path(settings.LOCALE_PATHS[0]) / "vi" / "LC_MESSAGES" / "django.mo"
    with path.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    return {key if isinstance(key, str) else key[0]: text for key, text in catalogue.items()}


def test_the_walk_finds_drf_messages():
    """A walk that found nothing would let the test below pass on anything."""
    messages = default_messages() | marked_in_source()
    assert {"This field is required.", "Not found.", "Invalid username/password.", "Invalid page."} <= messages
    assert len(messages) > 100


def test_every_drf_message_has_a_vietnamese_translation_in_our_catalogue():
    ours = vietnamese_catalogue()
    messages = default_messages() | marked_in_source()
    missing = sorted(text for text in messages if not ours.get(text) or ours[text] == text)
    assert not missing, f"DRF messages without a Vietnamese translation in our catalogue: {missing}"
    listed = {text for texts in DRF_MESSAGES.values() for text in texts}
    assert not sorted(messages - listed), "list them in binhdang/api/messages.py so makemessages keeps them"


@pytest.fixture
def api(client, secretary, people):
    client.force_login(secretary)
    return client


def test_a_missing_field_is_named_in_vietnamese(api):
    response = api.post("/api/languages/", {}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["person"] == ["Trường này là bắt buộc."]


def test_a_missing_field_is_named_in_english_when_the_user_chose_english(api):
    api.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = api.post("/api/languages/", {}, content_type="application/json")
    assert response.json()["person"] == ["This field is required."]


def test_an_unknown_id_is_refused_in_vietnamese(api, people):
    response = api.post(
        "/api/languages/", {"person": 987654, "language": "Tiếng Anh", "level": "B1"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["person"] == ["Mã số (id) “987654” không hợp lệ: không có bản ghi này."]


def test_a_wrongly_typed_id_is_refused_in_vietnamese(api):
    response = api.post("/api/languages/", {"person": [1]}, content_type="application/json")
    assert response.json()["person"] == ["Sai kiểu dữ liệu: cần một mã số (id), nhưng nhận được list."]


def test_a_visitor_who_is_not_logged_in_is_told_so_in_vietnamese(db):
    response = Client().get("/api/people/")
    assert response.status_code in (401, 403)  # 403 with the session login first, 401 with a token scheme
    assert response.json() == {"detail": "Bạn chưa đăng nhập: yêu cầu không kèm thông tin xác thực."}


def test_a_role_without_the_right_is_refused_in_vietnamese(client, viewer):
    client.force_login(viewer)
    response = client.get("/api/people/")
    assert response.status_code == 403
    assert response.json() == {"detail": "Bạn không có quyền thực hiện thao tác này."}


def test_a_record_that_does_not_exist_is_not_found_in_vietnamese(api):
    response = api.get("/api/people/987654/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy."}


def test_a_path_the_router_refuses_is_not_found_in_json(api):
    response = api.get("/api/people/a.b/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy."}


def test_a_body_that_is_not_json_says_where_in_vietnamese(api):
    response = api.post("/api/languages/", '{"person": ', content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Nội dung gửi lên không phải là JSON hợp lệ: lỗi ở dòng 1, cột 12."}


def test_a_write_without_the_csrf_token_is_refused_in_vietnamese(secretary, people):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(secretary)
    response = browser.post("/api/languages/", {}, content_type="application/json")
    assert response.status_code == 403
    assert "mã bảo mật (CSRF)" in response.json()["detail"]


def test_a_page_beyond_the_numbers_is_refused_in_vietnamese(api):
    response = api.get("/api/people/", {"offset": "abc"})
    assert response.status_code == 400
    assert response.json() == {"offset": ["Hãy nhập một số nguyên không nhỏ hơn 0."]}


def test_a_wrong_media_type_is_refused_in_vietnamese(api):
    response = api.post("/api/languages/", "x", content_type="text/csv")
    assert response.status_code == 415
    assert response.json() == {"detail": "Không hỗ trợ kiểu dữ liệu “text/csv” trong yêu cầu."}
