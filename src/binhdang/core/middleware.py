"""Remember who is acting, so the audit log can name them without passing the user everywhere."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from binhdang.core import audit


class ActorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
        with audit.acting_as(actor):
            return self.get_response(request)


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose English with the switch (the language cookie).

    Django would also follow the browser's Accept-Language, and many office machines run an English
    browser: the platform must still open in Vietnamese there.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


# Pages and API endpoints that show people's personal data (or the user's own secrets), by URL
# namespace and API basename: the one place that decides what browsers and proxies must not keep.
NO_STORE_NAMESPACES = frozenset({"registry", "accounts"})
NO_STORE_API_BASENAMES = frozenset(
    {"person", "employment", "post", "poolentry", "trainingrecord", "foreignlanguage", "trainingparticipant"}
)
# Pages of other apps that list people by name (a class's participants, its printable sheets).
NO_STORE_URL_NAMES = frozenset(
    {"training:participant_list", "training:attendance_sheet", "training:class_enrol", "training:class_attendance"}
)


def keeps_personal_data(request: HttpRequest, response: HttpResponse) -> bool:
    if response.get("Content-Disposition", "").startswith("attachment"):
        return True  # every download: exports, import files, documents with names
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    if match.namespace in NO_STORE_NAMESPACES or match.view_name in NO_STORE_URL_NAMES:
        return True
    name = match.url_name or ""
    return match.namespace == "api" and name.rsplit("-", 1)[0] in NO_STORE_API_BASENAMES


class NoStoreMiddleware:
    """`Cache-Control: no-store` on personal data, so a shared office computer's cache keeps none of it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if keeps_personal_data(request, response):
            add_never_cache_headers(response)
        return response
