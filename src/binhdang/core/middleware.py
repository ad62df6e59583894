"""Remember who is acting, so the audit log can name them without passing the user everywhere."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

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
