"""The API does what its OpenAPI schema says, whatever it is sent.

Schemathesis reads `/api/schema/` from the Django WSGI application, in process, and sends every operation
valid and invalid requests (its examples and fuzzing phases) as three personas: the province's
administrator (who may write everything), the secretary of Sở Nội vụ (who writes her department's
records) and the province's viewer (who sees counts only). Every check is on: no server error, status
codes, content types, headers and bodies as documented, invalid data refused, valid data accepted.
Path ids are drawn from the records the fixtures hold half of the time, so reads, edits and deletions
reach real objects, not only 404s. Each request runs in a savepoint that is rolled back: every example
meets the same data.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from conftest import access_modules
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from binhdang.registry.models import ForeignLanguage, PoolEntry, TrainingRecord

PERSONAS = ("province_admin", "secretary", "viewer")
EXAMPLES = 15  # generated requests per operation, each sent as every persona

CONFIG = schemathesis.Config.from_dict(
    {
        "checks": {
            "enabled": True,
            # A request the schema allows can still name a record that does not exist (a person's id, a unit's
            # code, which a JSON schema cannot list) or break a rule between fields (a course that ends before
            # it starts): the API refuses it with a 400 that says what and where. Every other answer to valid
            # data (405, 406, 415, 422, …) still fails the check; a 5xx fails `not_a_server_error`.
            "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "401", "403", "404", "409"]},
        },
        # The persona's session is the credentials; made-up ones would be sent beside it and ignored.
        "generation": {
            "max-examples": EXAMPLES, "mode": "all", "deterministic": True, "with-security-parameters": False,
        },
        # The coverage phase's boundary cases are not bounded by max-examples (200 and more for an operation
        # with a body): with them the run takes ten minutes. The fuzzing phase's valid and invalid requests
        # (and the schema's examples) stay within the time `make test` can give. Stateful runs would chain
        # writes across requests, which the savepoint of each request undoes.
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
        "seed": 20251207,
    }
)


@pytest.fixture
def records(tree, people, settings, tmp_path) -> dict[str, list[int]]:
    """A few records of every kind, in Sở Nội vụ (the secretary's) and in Sở Y tế (outside her scope)."""
    settings.MEDIA_ROOT = tmp_path
    for person in (people.ha, people.yen):
        PoolEntry.objects.create(
            person=person, title="Phó Giám đốc Sở", level="department", period_start=2025, period_end=2030,
            start_date=datetime.date(2025, 1, 1),
        )  # fmt: skip
        TrainingRecord.objects.create(
            person=person, kind="gender_mainstreaming", course="Lồng ghép giới", start_date=datetime.date(2024, 5, 1)
        )
        ForeignLanguage.objects.create(person=person, language="Tiếng Anh", level="B1")
    found: dict[str, list[int]] = {}
    for module in access_modules():
        for kind, pk in module.records(tree, people).items():
            found.setdefault(kind, []).append(pk)
    return found


@pytest.fixture
def wsgi_app() -> Iterator[Any]:
    """The project's WSGI application, run inside the test's transaction.

    Django's own handler closes the database connection when a request starts and ends
    (`close_old_connections`), which inside the test's transaction would end it (on PostgreSQL; an in-memory
    SQLite connection is never closed). Django's test client unhooks it only around its own requests and
    hooks it again after each, so the application unhooks it at every call, and the fixture hooks it back.
    """
    application = get_wsgi_application()

    def app(environ: dict[str, Any], start_response: Any) -> Any:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        return application(environ, start_response)

    try:
        yield app
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def session_cookies(user: Any) -> dict[str, str]:
    """The session and CSRF cookies a browser logged in as `user` sends (the API takes the session)."""
    client = Client()
    client.force_login(user)
    blank = RequestFactory().get("/")
    get_token(blank)
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": blank.META["CSRF_COOKIE"]}


@pytest.fixture
def sessions(request, records) -> dict[str, dict[str, str]]:
    return {name: session_cookies(request.getfixturevalue(name)) for name in PERSONAS}


@pytest.fixture
def api_schema(province_admin, sessions, wsgi_app, records, request) -> Any:
    """The schema read at /api/schema/, sent to the WSGI application."""
    # Schemathesis 4.32 names each operation's subtest by rewriting `node._nodeid`, which pytest 9 no longer
    # has (its `nodeid` reads `_id`): giving it one keeps the reports named by operation.
    request.node._nodeid = request.node.nodeid
    browser = Client()
    browser.force_login(province_admin)
    raw = browser.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    schema = schemathesis.openapi.from_dict(raw, config=CONFIG)
    schema.app = wsgi_app
    schema.location = "/api/schema/"
    ids = real_ids(browser, raw["paths"])

    @schema.auth()
    class Session:
        """A persona's session cookie, with the CSRF cookie and header DRF asks of a session's writes (the test
        sends each case once per persona, replacing these)."""

        def get(self, case: Any, context: Any) -> dict[str, str]:
            return sessions[PERSONAS[0]]

        def set(self, case: Any, data: dict[str, str], context: Any) -> None:
            log_in(case, data)

    @schema.hook
    def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any]) -> Any:
        # Half the requests reach a real record of the operation's kind (the other half keep the drawn id).
        known = ids.get(context.operation.path, []) if context.operation is not None else []
        if not path_parameters or "id" not in path_parameters or not known:
            return st.just(path_parameters)
        return st.one_of(st.just(path_parameters), st.sampled_from(known).map(lambda pk: {**path_parameters, "id": pk}))

    return schema


def log_in(case: Any, cookies: dict[str, str]) -> None:
    case.cookies = {**(case.cookies or {}), **cookies}
    case.headers = {**(case.headers or {}), "X-CSRFToken": cookies["csrftoken"]}


def real_ids(browser: Client, paths: dict[str, Any]) -> dict[str, list[Any]]:
    """For every detail path, ids of records its list shows the administrator (in both departments)."""
    found: dict[str, list[Any]] = {}
    for path in paths:
        if "{id}" not in path:
            continue
        response = browser.get(path.split("{id}")[0], {"limit": 5})
        if response.status_code != 200:
            continue
        body = response.json()
        rows = body.get("results", []) if isinstance(body, dict) else body
        found[path] = [row["id"] for row in rows if isinstance(row, dict) and "id" in row]
    return found


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,  # no timed assertions in tests: a loaded CI machine must not fail an example for being slow
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_api_conforms_to_its_schema(case, sessions):
    # Each case goes out as every persona (generating it is the slow part): the administrator writes, the
    # secretary meets the other department's records as 404s, the viewer meets 403s.
    for name, cookies in sessions.items():
        log_in(case, cookies)
        with transaction.atomic():
            try:
                case.call_and_validate()
            except BaseException as error:
                error.add_note(f"Sent as {name}.")
                raise
            finally:
                transaction.set_rollback(True)
