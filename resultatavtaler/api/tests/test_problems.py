"""Errors are RFC 9457 problem documents, in the caller's language; the rate limit answers 429
with Retry-After; the refusals of services (DomainError, 409 stale) keep their status."""

import pytest
from django.test import RequestFactory
from django.utils import translation

from resultatavtaler.api.api import _domain_error
from resultatavtaler.api.problems import ApiProblem
from resultatavtaler.api.ratelimit import check_rate
from resultatavtaler.core_errors import DomainError

from .conftest import problem

pytestmark = pytest.mark.django_db


def test_validation_problem_lists_fields(write_token, api_as):
    body = problem(api_as(token=write_token, language="en").post("/api/v1/persons/bulk", {"rows": [{}]}), 422)
    assert body["type"] == "/api/v1/problems/validation"
    assert body["instance"] == "/api/v1/persons/bulk"
    assert {"field": "rows.0.employee_id", "message": "This field is required."} in body["errors"]
    assert (
        problem(api_as(token=write_token).post("/api/v1/persons/bulk", {"rows": []}), 422)["errors"][0]["field"]
        == "rows"
    )


def test_messages_follow_accept_language_for_tokens(write_token, api_as):
    english = api_as(token=write_token, language="en").post("/api/v1/persons/bulk", {"rows": [{}]})
    bokmaal = api_as(token=write_token, language="nb").post("/api/v1/persons/bulk", {"rows": [{}]})
    assert english["Content-Language"] == "en" and bokmaal["Content-Language"] == "nb"
    assert english.json()["errors"][0]["message"] == "This field is required."
    with translation.override("nb"):
        required_nb = translation.gettext("This field is required.")
    assert required_nb != "This field is required."  # the bokmål catalogue has it
    assert bokmaal.json()["errors"][0]["message"] == required_nb


def test_a_body_that_is_not_json_is_a_400_problem(write_token, api_as):
    api = api_as(token=write_token)
    response = api.client.post("/api/v1/persons/bulk", "{not json", content_type="application/json", **api.headers)
    problem(response, 400)


def test_unknown_and_forbidden_objects(world, cast, read_token, api_as):
    assert problem(api_as(token=read_token).get("/api/v1/agreements/999999"), 404)["type"].endswith("/not-found")
    assert problem(api_as(token=read_token).get("/api/v1/agreements/1/versions/99"), 404)
    assert problem(api_as(person=cast.admin_person).get(f"/api/v1/agreements/{world.signed.pk}"), 403)["type"].endswith(
        "/forbidden"
    )
    assert problem(api_as(token=read_token).get("/api/v1/agreements/abc"), 422)["errors"][0]["field"] == "agreement_id"


def test_problem_responses_are_never_cached(read_token, api_as):
    response = api_as().get("/api/v1/units")
    assert "no-store" in response["Cache-Control"]
    assert "Authorization" in response["Vary"]
    assert "no-store" in api_as(token=read_token).get("/api/v1/units")["Cache-Control"]


def test_the_rate_limit_answers_429_with_retry_after(settings, read_token, write_token, api_as):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    api = api_as(token=read_token)
    assert [api.get("/api/v1/me").status_code for _ in range(3)] == [200, 200, 200]
    response = api.get("/api/v1/me")
    body = problem(response, 429)
    assert body["type"].endswith("/rate-limited")
    assert 1 <= int(response["Retry-After"]) <= 60
    # Each token has its own window.
    assert api_as(token=write_token).get("/api/v1/me").status_code == 200


def test_the_window_resets_each_minute(settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 1
    check_rate("t", now=120.0)
    with pytest.raises(ApiProblem) as refused:
        check_rate("t", now=150.0)
    assert refused.value.status == 429 and refused.value.headers["Retry-After"] == "30"
    check_rate("t", now=180.0)  # the next minute


def test_domain_errors_keep_their_status_stale_is_409():
    request = RequestFactory().get("/api/v1/agreements")
    response = _domain_error(request, DomainError("Someone else changed it.", code="stale", status=409))
    body = problem(response, 409)
    assert body["type"].endswith("/stale") and body["detail"] == "Someone else changed it."
    assert problem(_domain_error(request, DomainError("Nope")), 400)["detail"] == "Nope"


def test_a_body_over_the_upload_limit_is_a_413_problem(settings, write_token, api_as):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    rows = [{"employee_id": f"E{i}", "name": "x" * 50, "unit_code": "ADM"} for i in range(50)]
    body = problem(api_as(token=write_token).post("/api/v1/persons/bulk", {"rows": rows}), 413)
    assert body["type"].endswith("/too-large")
