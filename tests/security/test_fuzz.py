"""Schema-driven fuzzing of the whole API with schemathesis, in-process through WSGI, for every role (issue 12):
no server error, no endpoint that answers 2xx without authentication (except sign-in, the schema and its docs),
and every documented response conforms to the schema.

Bounded for CI: a few examples per operation and role (FUZZ_EXAMPLES, 2), derandomized (the same cases on every
run), no Hypothesis database and no deadline (the budget is the number of examples). One test per role shares one
populated tenant, so the data is built once per role, not once per operation. FUZZ_EXAMPLES=25 for a deeper run.
"""

from __future__ import annotations

import functools
import os
from collections import Counter

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from knox.models import AuthToken
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from portal.wsgi import application
from tests.domain import populate_domain

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "2"))  # per operation and role
ROLES = ["regulator", "district", "bureau", "cb_manager", "expert", "enterprise", "reviewer"]
OPEN = {"/api/schema/", "/api/docs/", "/api/v1/auth/login/"}  # answer without a token by design
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)


@functools.cache
def _schema():
    return schemathesis.openapi.from_wsgi("/api/schema/", application)


@functools.cache
def _strategies() -> dict:
    """Each operation's case strategy, built once for every role (building them is most of a run's cost)."""
    return {id(operation): operation.as_strategy() for operation in _all_operations()}


@functools.cache
def _all_operations() -> tuple:
    return tuple(result.ok() for result in _schema().get_all_operations())


# Signing out revokes the token every later case would use: these two are tested in tests/accounts, not fuzzed.
SIGN_OUT = ("/auth/logout/", "/auth/logoutall/")


def _operations(*, signed_in: bool = True):
    for operation in _all_operations():
        if signed_in and operation.path.endswith(SIGN_OUT):
            continue
        yield operation


# DRF writes a time of day as "09:00:00" and drf-spectacular declares it ``format: time``; JSON Schema's "time" is
# RFC 3339's full-time, which demands a UTC offset that a time of day in the campaign's own zone does not have.
NOT_CHECKABLE = ('is not a "time"',)


def _failures_of(operation, headers: dict, checks, statuses: Counter) -> list[str]:
    """Run the operation's cases; the failures of its checks as text (empty when it passed)."""

    @FUZZ_SETTINGS
    @given(case=_strategies()[id(operation)])
    def run(case):
        response = case.call(headers=headers)
        statuses[response.status_code // 100 * 100] += 1
        case.validate_response(response, checks=checks, headers=headers)

    try:
        run()
    except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - every operation's failures are collected and reported together
        parts = getattr(error, "exceptions", [error])
        texts = [f"{part} {getattr(part, 'message', '')} {getattr(part, 'title', '')}" for part in parts]
        if all(any(skip in text for skip in NOT_CHECKABLE) for text in texts):
            return []
        text = "\n".join(texts)
        return [f"{operation.method.upper()} {operation.path}: {text[:1500]}"]
    return []


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """schemathesis calls the WSGI application itself, not through Django's test client, so Django's
    ``request_started`` / ``request_finished`` close the database connection the test's transaction lives on (on
    PostgreSQL: "connection already closed" for every later request). Disconnected while fuzzing, as the test client
    does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize("role", ROLES)
def test_fuzz_every_operation_as_each_role(cast, foreign, role):
    populate_domain(cast)
    populate_domain(foreign)
    token = AuthToken.objects.create(cast.users()[role])[1]
    headers = {"Authorization": f"Token {token}"}
    failures: list[str] = []
    statuses: Counter = Counter()
    for operation in _operations():
        failures += _failures_of(operation, headers, CHECKS, statuses)
    print(role, dict(statuses))
    assert statuses[200] > 30, statuses  # the fuzzing reached the endpoints, not only their error answers
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures[:40])


@pytest.mark.django_db
def test_no_endpoint_answers_without_authentication(cast):
    populate_domain(cast)
    opened: list[str] = []
    for operation in _operations(signed_in=False):
        if operation.path in OPEN or operation.path.endswith("/auth/login/"):
            continue

        @settings(
            max_examples=1, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
        )
        @given(case=_strategies()[id(operation)])
        def run(case):
            response = case.call()
            if response.status_code < 400:
                opened.append(f"{case.method} {case.formatted_path} → {response.status_code}")
            assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code}"

        run()
    assert not opened, opened
