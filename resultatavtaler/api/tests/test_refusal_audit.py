"""ASVS V16.3.2 for the integration API: every 403 it answers — for a token or a person's
session — is one `access.refused` audit event, like the pages' (who: the person, or the token's
name and prefix in its organisation; the object where the endpoint knows it; the reason; the
address), and the chain still verifies. A 401 names no one and is not audited.

And the reads the pages audit (self-evaluation, assessment, input results, lederprofil, pay
summary) are not exposed by the API at all: no endpoint returns them, so there is no API read
to audit."""

import json

import pytest
from django.test import Client

from resultatavtaler.audit.models import AuditEvent
from resultatavtaler.audit.services import ACCESS_REFUSED, audit_verify

from .conftest import problem
from .test_permissions import HR_ROW, measurement_rows

pytestmark = pytest.mark.django_db

IP = "198.51.100.23"


def _refusals():
    return AuditEvent.objects.filter(action=ACCESS_REFUSED)


def _token_label(token) -> str:
    return f"API token {token.name} ({token.prefix})"


@pytest.mark.parametrize(
    "url",
    ["/api/v1/persons/bulk", "/api/v1/measurements/bulk"],
)
def test_a_read_tokens_write_is_one_refusal_in_the_tokens_name(world, cast, client, read_token, url):
    token, raw = read_token
    body = {"rows": [HR_ROW]} if "persons" in url else measurement_rows(world)
    response = client.post(
        url, json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}", REMOTE_ADDR=IP
    )
    problem(response, 403)
    event = _refusals().get()
    assert event.actor_user_id is None and event.actor_label == _token_label(token)
    assert event.organisation_id == cast.organisation.pk
    assert event.ip_address == IP
    assert event.data == {
        "path": url,
        "method": "POST",
        "via": "api",
        "token": token.prefix,
        "token_id": token.pk,
        "reason": "read_only_token",
    }
    assert audit_verify() is None


def test_a_persons_refused_read_names_them_and_the_agreement(world, cast, client_for):
    url = f"/api/v1/agreements/{world.draft.pk}"
    response = client_for(cast.employee).get(url, REMOTE_ADDR=IP)
    problem(response, 403)
    event = _refusals().get()
    assert (event.actor_user_id, event.actor_label) == (cast.employee.user_id, cast.employee.name)
    assert event.organisation_id == cast.organisation.pk
    assert (event.object_type, event.object_id) == ("agreements.agreement", str(world.draft.pk))
    assert event.ip_address == IP
    assert event.data == {"path": url, "method": "GET", "via": "api", "session": True, "reason": "no_access"}
    assert audit_verify() is None


@pytest.mark.parametrize(
    ("suffix", "reason"),
    [("/versions", "no_versions"), ("/versions/1", "no_versions"), ("/versions/1/pdf", "no_versions")],
)
def test_refused_versions_are_recorded_with_the_agreement(world, cast, client_for, suffix, reason):
    url = f"/api/v1/agreements/{world.signed.pk}{suffix}"
    problem(client_for(cast.employee).get(url, REMOTE_ADDR=IP), 403)
    event = _refusals().get()
    assert event.actor_user_id == cast.employee.user_id
    assert (event.object_type, event.object_id) == ("agreements.agreement", str(world.signed.pk))
    assert event.data["reason"] == reason and event.data["path"] == url
    assert audit_verify() is None


def test_a_refused_progress_names_the_period(world, cast, client_for):
    url = f"/api/v1/periods/{world.period.pk}/progress"
    problem(client_for(cast.employee).get(url, REMOTE_ADDR=IP), 403)
    event = _refusals().get()
    assert event.actor_user_id == cast.employee.user_id
    assert (event.object_type, event.object_id) == ("agreements.period", str(world.period.pk))
    assert event.data["reason"] == "no_overview"
    assert audit_verify() is None


def test_a_service_refusal_for_a_person_is_recorded_with_its_code(world, cast, client_for):
    problem(client_for(cast.leader).post(
        "/api/v1/persons/bulk", json.dumps({"rows": [HR_ROW]}), content_type="application/json", REMOTE_ADDR=IP
    ), 403)
    event = _refusals().get()
    assert event.actor_user_id == cast.leader.user_id and event.object_type == ""
    assert event.data["reason"] == "no_import_right" and event.data["session"] is True
    assert audit_verify() is None


def test_a_sessions_write_without_the_csrf_token_is_recorded(world, cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.leader.user, backend="resultatavtaler.accounts.backends.PersonModelBackend")
    response = client.post(
        "/api/v1/measurements/bulk",
        json.dumps(measurement_rows(world)),
        content_type="application/json",
        REMOTE_ADDR=IP,
    )
    problem(response, 403)
    event = _refusals().get()
    assert event.actor_user_id == cast.leader.user_id and event.ip_address == IP
    assert event.data["reason"] == "csrf" and event.data["method"] == "POST"
    assert audit_verify() is None


def test_a_401_is_not_audited(world, client, read_token):
    from resultatavtaler.api.services import api_token_revoke

    before = AuditEvent.objects.count()
    problem(client.get(f"/api/v1/agreements/{world.signed.pk}"), 401)  # no credentials
    problem(client.get("/api/v1/units", HTTP_AUTHORIZATION="Bearer ra_00000000_wrong"), 401)  # unknown token
    problem(client.get("/api/v1/units", HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz"), 401)
    assert AuditEvent.objects.count() == before
    api_token_revoke(token=read_token[0], actor=read_token[0].created_by)
    before = AuditEvent.objects.count()
    problem(client.get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {read_token[1]}"), 401)
    assert AuditEvent.objects.count() == before


def test_allowed_api_reads_record_no_refusal(world, cast, api_as, read_token):
    assert api_as(token=read_token).get(f"/api/v1/agreements/{world.signed.pk}").status_code == 200
    assert api_as(person=cast.leader).get(f"/api/v1/agreements/{world.signed.pk}").status_code == 200
    assert not _refusals().exists()


# --- the personal evaluations are not in the API -------------------------------------------------

SECRET_SUMMARY = "Egenevaluering-hemmelig-7c1e"
SECRET_COMMENT = "Vurderingskommentar-hemmelig-90ab"


def _get_urls(schema: dict, world) -> list[str]:
    """Every GET operation of the API, with the world's objects in its path."""
    ids = {"{agreement_id}": world.signed.pk, "{period_id}": world.period.pk, "{number}": 1}
    urls = []
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        for name, value in ids.items():
            path = path.replace(name, str(value))
        assert "{" not in path, path  # a new path parameter: name its object above
        urls.append(path)
    return urls


def test_no_api_read_returns_a_self_evaluation_or_its_ratings(world, cast, api_as, read_token):
    from resultatavtaler.evaluations.services import evaluation_requirements, self_evaluation_save

    ratings = {r.pk: {"value": 2, "comment": SECRET_COMMENT} for r in evaluation_requirements(world.signed)}
    self_evaluation_save(agreement=world.signed, actor=cast.leader, ratings=ratings, summary=SECRET_SUMMARY,
                         submit=True)
    viewed_before = set(AuditEvent.objects.filter(action__endswith="viewed").values_list("pk", flat=True))
    urls = _get_urls(api_as().get("/api/v1/openapi.json").json(), world)
    assert f"/api/v1/agreements/{world.signed.pk}" in urls
    # The signed version's PDF is built with include_evaluations=False (api.services.signed_version_pdf);
    # its text is compressed, so it is left out of the text check.
    urls = [u for u in urls if not u.endswith("/pdf")]
    for caller in (api_as(person=cast.leader), api_as(person=cast.superior), api_as(token=read_token)):
        for url in urls:
            response = caller.get(url)
            assert response.status_code in (200, 403), (url, response.status_code)
            text = response.content.decode()
            assert SECRET_SUMMARY not in text and SECRET_COMMENT not in text, url
    # So the API has no reads of evaluations to audit: it records none.
    viewed_after = set(AuditEvent.objects.filter(action__endswith="viewed").values_list("pk", flat=True))
    assert viewed_after == viewed_before
