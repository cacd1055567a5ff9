"""The API does not break: schemathesis generates requests for every operation of the committed docs/openapi.yaml,
sent as each role to the application in-process; no answer may be a server error or stray from the schema (status
code documented, content type, JSON body). Bounded and derandomised so that CI stays fast and stable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import schemathesis
from django.conf import settings
from django.db import transaction
from django.test.client import ClientHandler
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.choices import Role

from .client import TRACE_OR_SQL, report_figures
from .matrix import ANONYMOUS

SCHEMA_PATH = Path(settings.BASE_DIR) / "docs" / "openapi.yaml"
SCHEMA = schemathesis.openapi.from_path(str(SCHEMA_PATH))
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
ROLES = [ANONYMOUS, Role.PARTNER.value, Role.NATIONAL_COORDINATOR.value, Role.ADMINISTRATOR.value]
# Status-code conformance is measured separately (test_status_codes_documented) because of the known gap below.
CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]
MAX_EXAMPLES = 6

# Known ways the API strays from its schema: key → reason. Each is xfail(strict=True), so fixing the application (or
# the schema) turns it red until the entry is removed here. A key is "role|METHOD path" or a whole check's name.
# Operations known to break the checks: key → reason, strictly xfailed (none now: the schema documents the
# 400/401/403/404 answers through config.schema.document_error_responses).
KNOWN_API_BUGS: dict[str, str] = {}

FIGURES: dict = {
    "operations": len(OPERATIONS),
    "roles": ROLES,
    "max_examples": MAX_EXAMPLES,
    "requests": 0,
    "requests_per_role": dict.fromkeys(ROLES, 0),
    "server_errors": 0,
    "traces_or_sql": 0,
    "schema_violations": 0,
    "failed_operations": [],
    "undocumented_status": {},
    "undocumented_status_requests": 0,
    "answers_2xx": 0,
}


def _wsgi(handler: ClientHandler):
    """Django's test handler (no connection closing between requests, so the module's transaction holds) as WSGI."""

    def app(environ, start_response):
        response = handler(environ)
        headers = list(response.items()) + [
            ("Set-Cookie", c.output(header="")) for c in response.cookies.values()
        ]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        if response.streaming:
            return response.streaming_content
        return [response.content]

    return app


APP = _wsgi(ClientHandler(enforce_csrf_checks=False))


def _key(operation) -> str:
    return f"{operation.method.upper()} {operation.path}"


def _params():
    for role in ROLES:
        for operation in OPERATIONS:
            key = f"{role}|{_key(operation)}"
            marks = (
                [pytest.mark.xfail(strict=True, reason=KNOWN_API_BUGS[key])] if key in KNOWN_API_BUGS else []
            )
            yield pytest.param(role, operation, id=f"{role}|{_key(operation)}", marks=marks)


@pytest.fixture(scope="module", autouse=True)
def _report():
    yield
    report_figures("fuzz", FIGURES | {"schemathesis": schemathesis.__version__, "known_bugs": sorted(KNOWN_API_BUGS)})


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "operation"), list(_params()))
def test_operation(world, role, operation):
    user = world.users[role]
    headers = {"Authorization": f"Token {Token.objects.get_or_create(user=user)[0].key}"} if user else {}
    failures: list[str] = []

    @hypothesis_settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case):
        FIGURES["requests"] += 1
        FIGURES["requests_per_role"][role] += 1
        with transaction.atomic():  # each request's writes are undone, so every case meets the same world
            response = case.call(app=APP, headers=headers)
            transaction.set_rollback(True)
        FIGURES["answers_2xx"] += 200 <= response.status_code < 300
        leaked = TRACE_OR_SQL.search(response.content or b"")
        if leaked:
            FIGURES["traces_or_sql"] += 1
            failures.append(f"[{role}] {case.method} {case.formatted_path} → {response.status_code} shows "
                            f"{leaked.group(0)[:80]!r}")
        try:
            case.validate_response(response, checks=[status_code_conformance], headers=headers)
        except FailureGroup:  # recorded for the known gap, asserted in test_status_codes_documented
            FIGURES["undocumented_status_requests"] += 1
            seen = FIGURES["undocumented_status"].setdefault(str(response.status_code), [])
            if _key(operation) not in seen:
                seen.append(_key(operation))
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as error:  # schemathesis raises a group listing the failures
            FIGURES["server_errors"] += response.status_code >= 500
            FIGURES["schema_violations"] += response.status_code < 500
            failures.append(
                f"[{role}] "
                f"{case.method} {case.formatted_path} query={case.query} body={case.body!r} → "
                f"{response.status_code}: {str(error)[:600]}"
            )

    run()
    if failures:
        FIGURES["failed_operations"].append(f"{role}|{_key(operation)}")
    assert not failures, "\n\n".join(failures)


def test_status_codes_documented():
    """Every status code the fuzzing above met is documented for its operation (runs after it, in file order)."""
    if not FIGURES["requests"]:
        pytest.skip("needs the fuzzing above in the same run")
    assert not FIGURES["undocumented_status"], json.dumps(FIGURES["undocumented_status"], indent=1)
