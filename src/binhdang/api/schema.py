"""The OpenAPI schema says what the API really answers: its error responses too, not only the 2xx.

drf-spectacular documents the success of each operation; a client (and the schemathesis test) also meets
the 400 of bad input, the 401/403 of a missing or insufficient login, the 404 of a record outside the
caller's scope, the 409 of a conflicting write and the 415 of a body in a type the API does not read.
Their bodies are DRF's: `{"detail": "…"}`, or for validation errors an object of messages by field.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent

DETAIL = ResolvedComponent(
    name="ErrorDetail",
    type=ResolvedComponent.SCHEMA,
    object="ErrorDetail",
    schema={
        "type": "object",
        "description": "One message saying why the request was refused, in the caller's language.",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
)
# A message, a list of messages, or (for nested data: a list of rows, a JSON object) the same by key.
_MESSAGES: dict[str, Any] = {
    "oneOf": [
        {"type": "string"},
        {"type": "array", "items": {}},
        {"type": "object", "additionalProperties": {}},
    ]
}
VALIDATION = ResolvedComponent(
    name="ValidationError",
    type=ResolvedComponent.SCHEMA,
    object="ValidationError",
    schema={
        "type": "object",
        "description": (
            "The messages by field name (`non_field_errors` for the record as a whole), or `detail` when the "
            "body could not be read at all."
        ),
        "additionalProperties": _MESSAGES,
    },
)


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's AutoSchema, adding the error responses every operation can give."""

    def _map_serializer_field(self, field: Any, direction: str, bypass_extensions: bool = False) -> dict[str, Any]:
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if direction == "response" and field.field_name in getattr(field.parent, "small_counts", ()):
            # scope.suppress_small: a role that sees counts only reads "<5" for a count of 1 to 4.
            from binhdang.accounts.scope import SMALL_COUNT

            return {"oneOf": [schema, {"type": "string", "enum": [f"<{SMALL_COUNT}"]}]}
        return schema

    def map_parsers(self) -> list[Any]:
        # The views also read form encodings (for DRF's browsable pages), but a form cannot carry what the
        # schemas say a body may hold: a null, a number, a nested list. The API is a JSON API.
        return [media_type for media_type in super().map_parsers() if media_type == "application/json"]

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        self.registry.register_on_missing(DETAIL)
        self.registry.register_on_missing(VALIDATION)
        detail = {"application/json": {"schema": DETAIL.ref}}
        messages = {"application/json": {"schema": VALIDATION.ref}}
        parameters = operation.get("parameters", [])
        errors: dict[str, tuple[str, dict[str, Any]]] = {
            # Which one depends on the credentials: a missing session is a 403 (DRF's session login has no
            # challenge to send), a wrong token or password a 401.
            "401": ("Not logged in, or the credentials are wrong.", detail),
            "403": ("The caller's role or scope does not allow this.", detail),
        }
        writes = "requestBody" in operation
        if self.method != "GET" or any(parameter["in"] == "query" for parameter in parameters):
            # Bad input, or (for a body-less step such as submitting a report) a step the record's state refuses.
            errors["400"] = ("Bad input: the messages say what and where.", messages)
        scope_filters = set(getattr(self.view, "scope_filters", ()))
        if any(parameter["in"] == "path" or parameter["name"] in scope_filters for parameter in parameters):
            # A record outside the caller's scope is not found, whether the path or a filter names it.
            errors["404"] = ("No such record within the caller's scope.", detail)
        if writes or self.method == "DELETE":
            errors["409"] = ("The change conflicts with an existing record.", messages)
        if writes:
            errors["415"] = ("The body is in a media type the API does not read.", detail)
        for parameter in parameters:
            if parameter["in"] == "query" and not parameter.get("required"):
                # `?unit=` means no filter, as an HTML form sends a field left blank.
                parameter["allowEmptyValue"] = True
        responses = operation.setdefault("responses", {})
        for code, (description, content) in errors.items():
            responses.setdefault(code, {"description": description, "content": content})
        operation["responses"] = dict(sorted(responses.items()))
        return operation
