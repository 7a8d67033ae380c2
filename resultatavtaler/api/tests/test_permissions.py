"""Who may read and write what through the API: tokens by scope and organisation, people
exactly as the pages allow them (accounts.permissions), another organisation's objects 404."""

import json

import pytest
from django.test import Client

from resultatavtaler.agreements.services import agreement_share_with_unit

from .conftest import problem

pytestmark = pytest.mark.django_db

HR_ROW = {"employee_id": "N1", "name": "Nina Ny", "unit_code": "ADM", "parent_unit_code": "TD"}


def measurement_rows(world, value="40"):
    return {"rows": [{"indicator": f"IND-{world.indicator.pk}", "date": "2026-04-30", "value": value}]}


# --- tokens ------------------------------------------------------------------------------------


def test_a_read_token_reads_everything_of_its_organisation_and_writes_nothing(world, read_token, api_as):
    api = api_as(token=read_token)
    for url in (
        "/api/v1/units",
        "/api/v1/persons",
        "/api/v1/periods",
        "/api/v1/agreements",
        "/api/v1/measurements",
        f"/api/v1/agreements/{world.signed.pk}",
        f"/api/v1/agreements/{world.draft.pk}",
        f"/api/v1/agreements/{world.signed.pk}/published",
        f"/api/v1/agreements/{world.signed.pk}/versions",
        f"/api/v1/agreements/{world.signed.pk}/versions/1",
        f"/api/v1/periods/{world.period.pk}/progress",
    ):
        assert api.get(url).status_code == 200, url
    assert {a["id"] for a in api.get("/api/v1/agreements").json()["items"]} == {world.signed.pk, world.draft.pk}
    problem(api.post("/api/v1/persons/bulk", {"rows": [HR_ROW]}), 403)
    problem(api.post("/api/v1/measurements/bulk", measurement_rows(world)), 403)


def test_a_write_token_writes(world, write_token, api_as):
    api = api_as(token=write_token)
    assert api.post("/api/v1/persons/bulk", {"rows": [HR_ROW]}).status_code == 200
    assert api.post("/api/v1/measurements/bulk", measurement_rows(world)).json()["created"] == 1


def test_a_token_sees_states_published_parts_and_signed_versions_but_no_draft_content(world, read_token, api_as):
    api = api_as(token=read_token)
    signed = api.get(f"/api/v1/agreements/{world.signed.pk}").json()
    assert signed["access"] == "record" and signed["content"] is None
    assert [r["text"] for r in signed["published"]["requirements"]] == ["Saksbehandlingstiden skal ned"]
    assert [v["number"] for v in signed["versions"]] == [1]
    # The signed version itself is the whole agreement as signed, internal requirement included.
    version = api.get(f"/api/v1/agreements/{world.signed.pk}/versions/1").json()
    assert {r["text"] for r in version["snapshot"]["requirements"]} == {
        "Saksbehandlingstiden skal ned",
        "Intern oppfølging",
    }
    assert version["sha256"] == world.signed.in_force_version.sha256
    draft = api.get(f"/api/v1/agreements/{world.draft.pk}").json()
    assert draft["state"] == "draft" and draft["content"] is None and draft["versions"] == []


def test_a_token_never_reaches_personal_evaluations(world, read_token, api_as):
    from resultatavtaler.accounts.permissions import api_token_can_view_evaluation

    assert not api_token_can_view_evaluation(read_token[0], world.signed)
    schema = api_as().get("/api/v1/openapi.json").json()
    paths = " ".join(schema["paths"])
    for word in ("self", "assessment", "evaluation", "feedback", "360", "input"):
        assert word not in paths
    progress = api_as(token=read_token).get(f"/api/v1/periods/{world.period.pk}/progress").json()
    assert all(row["feedback_invited"] is None and row["input_invited"] is None for row in progress["leaders"])


def test_a_revoked_or_malformed_token_is_refused(read_token, api_as, client):
    from resultatavtaler.api.services import api_token_revoke

    for header in ("Bearer nonsense", "Basic dXNlcjpwYXNz", "Bearer ", f"Token {read_token[1]}"):
        problem(client.get("/api/v1/me", HTTP_AUTHORIZATION=header), 401)
    api_token_revoke(token=read_token[0], actor=read_token[0].created_by)
    response = api_as(token=read_token).get("/api/v1/units")
    problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_anonymous_callers_get_401_not_a_login_page(client, world):
    for url in ("/api/v1/units", f"/api/v1/agreements/{world.signed.pk}"):
        response = client.get(url)
        problem(response, 401)


def test_another_organisations_objects_do_not_exist_for_a_token(world, outsider_token, api_as):
    api = api_as(token=outsider_token)
    for url in (
        f"/api/v1/agreements/{world.signed.pk}",
        f"/api/v1/agreements/{world.signed.pk}/published",
        f"/api/v1/agreements/{world.signed.pk}/versions",
        f"/api/v1/agreements/{world.signed.pk}/versions/1",
        f"/api/v1/agreements/{world.signed.pk}/versions/1/pdf",
        f"/api/v1/periods/{world.period.pk}/progress",
    ):
        body = problem(api.get(url), 404)
        assert body["type"].endswith("/not-found")
    assert api.get("/api/v1/agreements").json()["items"] == []
    assert api.get("/api/v1/measurements").json()["items"] == []
    persons = api.get("/api/v1/persons").json()["items"]
    assert {p["name"] for p in persons} == {"Otto Utenfor"}
    # Pushing to another organisation's indicator: a row error, as for a missing one; nothing written.
    response = api.post("/api/v1/measurements/bulk", measurement_rows(world))
    body = problem(response, 422)
    assert body["errors"][0]["field"] == "rows.0.indicator"
    assert world.indicator.measurements.count() == 1


# --- people with their session: what the pages give them -------------------------------------


@pytest.mark.parametrize(
    ("who", "signed_access", "draft_status"),
    [
        ("leader", "full", 403),
        ("superior", "full", 200),
        ("director", "full", 200),
        ("process_owner", "full", 200),
        ("employee", "published_parts", 403),
        ("admin_person", None, 403),
    ],
)
def test_a_person_sees_an_agreement_as_the_page_shows_it(world, cast, api_as, who, signed_access, draft_status):
    api = api_as(person=getattr(cast, who))
    response = api.get(f"/api/v1/agreements/{world.signed.pk}")
    if signed_access is None:
        problem(response, 403)
    else:
        body = response.json()
        assert body["access"] == signed_access
        assert (body["content"] is not None) == (signed_access == "full")
        assert (body["versions"] is not None) == (signed_access == "full")
    assert api.get(f"/api/v1/agreements/{world.draft.pk}").status_code == draft_status


def test_an_employee_reads_published_parts_but_not_versions(world, cast, api_as):
    api = api_as(person=cast.employee)
    published = api.get(f"/api/v1/agreements/{world.signed.pk}/published").json()
    assert [r["text"] for r in published["requirements"]] == ["Saksbehandlingstiden skal ned"]
    problem(api.get(f"/api/v1/agreements/{world.signed.pk}/versions"), 403)
    problem(api.get(f"/api/v1/agreements/{world.signed.pk}/versions/1"), 403)
    problem(api.get(f"/api/v1/agreements/{world.signed.pk}/versions/1/pdf"), 403)
    # Their list: their unit's agreement in force, not the other section's draft.
    assert [a["id"] for a in api.get("/api/v1/agreements").json()["items"]] == [world.signed.pk]
    assert api.get("/api/v1/measurements").json()["items"] == []


def test_a_shared_draft_is_readable_by_the_unit(world, cast, api_as):
    agreement_share_with_unit(agreement=world.draft, actor=cast.other_leader)
    from resultatavtaler.organisations.tests.factories import person_with_login

    colleague = person_with_login(
        organisation=cast.organisation, unit=cast.other_section, name="Kari Kollega", username="kari"
    )
    body = api_as(person=colleague).get(f"/api/v1/agreements/{world.draft.pk}").json()
    assert body["access"] == "shared_draft" and body["content"] is not None and body["versions"] is None


def test_progress_for_people_follows_the_overview_page(world, cast, api_as):
    owner = api_as(person=cast.process_owner).get(f"/api/v1/periods/{world.period.pk}/progress").json()
    assert owner["counts"]["signed"] == 1 and owner["counts"]["draft"] == 1
    leader = api_as(person=cast.leader).get(f"/api/v1/periods/{world.period.pk}/progress").json()
    assert [row["leader"]["name"] for row in leader["leaders"]] == ["Live Leder"]
    problem(api_as(person=cast.employee).get(f"/api/v1/periods/{world.period.pk}/progress"), 403)


def test_people_write_what_the_pages_let_them(world, cast, api_as):
    # HR upsert: the import right (organisation-wide process owner or admin).
    assert api_as(person=cast.process_owner).post("/api/v1/persons/bulk", {"rows": [HR_ROW]}).status_code == 200
    problem(api_as(person=cast.leader).post("/api/v1/persons/bulk", {"rows": [HR_ROW]}), 403)
    # Measurements: the leader, superior or process owner of the agreement.
    assert api_as(person=cast.leader).post("/api/v1/measurements/bulk", measurement_rows(world)).status_code == 200
    body = problem(api_as(person=cast.employee).post("/api/v1/measurements/bulk", measurement_rows(world, "1")), 422)
    assert body["errors"][0]["field"] == "rows.0.indicator"


def test_a_session_needs_the_csrf_token_for_writes(world, cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.leader.user, backend="resultatavtaler.accounts.backends.PersonModelBackend")
    assert client.get("/api/v1/me").status_code == 200  # reads need none
    body = json.dumps(measurement_rows(world))
    problem(client.post("/api/v1/measurements/bulk", body, content_type="application/json"), 403)
    client.get("/api/v1/docs")  # any page that sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post("/api/v1/measurements/bulk", body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200, response.content


def test_a_token_is_never_taken_for_the_session_it_travels_with(world, cast, client_for, read_token):
    client = client_for(cast.process_owner)
    problem(client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer ra_00000000_wrong"), 401)
    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {read_token[1]}").json()
    assert me["kind"] == "token" and me["person_id"] is None


@pytest.mark.parametrize(
    "who", ["leader", "other_leader", "superior", "director", "process_owner", "employee", "admin_person", "outsider"]
)
def test_a_person_gets_from_the_api_what_the_agreement_page_gives(world, cast, client_for, who):
    from django.urls import reverse

    client = client_for(getattr(cast, who))
    for agreement in (world.signed, world.draft):
        page = client.get(reverse("agreements:detail", args=[agreement.pk])).status_code
        api = client.get(f"/api/v1/agreements/{agreement.pk}").status_code
        assert page == api, (who, agreement, page, api)
