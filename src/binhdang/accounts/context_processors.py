from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from binhdang.accounts import scope as rules


def scope(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {
        "rights": {right for right in rules.ALL_RIGHTS if rules.has_right(user, right)},
    }
