"""The API against its own OpenAPI schema (schemathesis, in-process through the WSGI app),
once per role: a read token, a write token, and the sessions of a leader, an employee, a
process owner and an outsider. Every generated request — valid and invalid — must get no
5xx, a documented status and content type, and a body that matches the schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
]
CSRF = "schemathesisschemathesisschemat1"  # a 32-character CSRF secret, sent as cookie and header


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI handler closes the database connection when a request ends (request_finished →
    close_old_connections), which would end the test's transaction on PostgreSQL. Django's own
    test client disconnects the same receiver for its requests; so do we, for these."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def headers_for(world, cast, read_token, write_token, client):
    def _headers(role: str) -> dict:
        if role.endswith("_token"):
            raw = (read_token if role == "read_token" else write_token)[1]
            return {"Authorization": f"Bearer {raw}"}
        person = getattr(cast, role)
        client.force_login(person.user, backend="resultatavtaler.accounts.backends.PersonModelBackend")
        session = client.cookies["sessionid"].value
        return {"Cookie": f"sessionid={session}; csrftoken={CSRF}", "X-CSRFToken": CSRF}

    return _headers


# Loaded once at collection, through the WSGI app (the schema needs no database); every case
# then calls the same in-process app. (schemathesis' lazy fixture loader does not run under
# pytest 9, so the schema is loaded eagerly.)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


def _test_as(role: str):
    @schema.parametrize()
    @settings(
        max_examples=20,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def test(case, headers_for):
        case.call_and_validate(headers=headers_for(role), checks=CHECKS)

    test.__name__ = test.__qualname__ = f"test_every_answer_matches_the_schema_as_{role}"
    return test


test_every_answer_matches_the_schema_as_read_token = _test_as("read_token")
test_every_answer_matches_the_schema_as_write_token = _test_as("write_token")
test_every_answer_matches_the_schema_as_leader = _test_as("leader")
test_every_answer_matches_the_schema_as_employee = _test_as("employee")
test_every_answer_matches_the_schema_as_process_owner = _test_as("process_owner")
test_every_answer_matches_the_schema_as_outsider = _test_as("outsider")
