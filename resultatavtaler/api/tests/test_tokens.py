"""API tokens: created and revoked by the organisation's administrators on their page, the raw
token shown once and only its hash kept, audited; a revoked token stops working at once."""

import hashlib
import re

import pytest
from django.urls import reverse

from resultatavtaler.api.models import ApiToken
from resultatavtaler.api.services import api_token_authenticate, api_token_revoke
from resultatavtaler.audit.models import AuditEvent
from resultatavtaler.core_errors import DomainError, PermissionDeniedError

from .conftest import problem

pytestmark = pytest.mark.django_db


def test_an_admin_creates_a_token_and_sees_it_once(cast, client_for):
    client = client_for(cast.admin_person)
    response = client.post(reverse("api:tokens"), {"name": "Lønns- og personalsystem", "scope": "write"})
    assert response.status_code == 200
    html = response.content.decode()
    raw = re.search(r'value="(ra_[0-9a-f]{8}_[A-Za-z0-9_-]+)"', html).group(1)
    token = ApiToken.objects.get()
    assert token.name == "Lønns- og personalsystem" and token.scope == "write"
    assert token.created_by == cast.admin_person and token.organisation == cast.organisation
    # Only the hash is stored; the raw value appears on no later page.
    assert token.secret_sha256 == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(ApiToken.objects.values().get())
    later = client.get(reverse("api:tokens")).content.decode()
    assert raw not in later and f"ra_{token.prefix}" in later and "Lønns- og personalsystem" in later
    assert AuditEvent.objects.filter(action="api.token_created", object_id=str(token.pk)).exists()
    assert "no-store" in response["Cache-Control"]


def test_the_page_refuses_a_nameless_token(cast, client_for):
    response = client_for(cast.admin_person).post(reverse("api:tokens"), {"name": "  ", "scope": "read"})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("who", ["leader", "superior", "process_owner", "employee", "director"])
def test_only_admins_open_the_token_page(cast, client_for, who, read_token):
    client = client_for(getattr(cast, who))
    assert client.get(reverse("api:tokens")).status_code == 403
    assert client.post(reverse("api:tokens"), {"name": "x", "scope": "write"}).status_code == 403
    assert client.post(reverse("api:token_revoke", args=[read_token[0].pk])).status_code == 403
    assert ApiToken.objects.count() == 1 and ApiToken.objects.get().revoked_at is None


def test_revoking_stops_the_token_at_once(cast, client_for, read_token, api_as):
    token, raw = read_token
    assert api_as(token=read_token).get("/api/v1/me").status_code == 200
    response = client_for(cast.admin_person).post(reverse("api:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="api.token_revoked", object_id=str(token.pk)).exists()
    body = problem(api_as(token=read_token).get("/api/v1/me"), 401)
    assert body["type"].endswith("/unauthenticated")
    # Revoking twice changes nothing and records nothing more.
    api_token_revoke(token=token, actor=cast.admin_person)
    assert AuditEvent.objects.filter(action="api.token_revoked").count() == 1


def test_another_organisations_admin_cannot_revoke(cast, client_for, read_token):
    from resultatavtaler.organisations.constants import GrantedRole
    from resultatavtaler.organisations.services import role_grant

    role_grant(person=cast.outsider, role=GrantedRole.ADMIN)
    response = client_for(cast.outsider).post(reverse("api:token_revoke", args=[read_token[0].pk]))
    assert response.status_code == 404
    with pytest.raises(DomainError) as refused:
        api_token_revoke(token=read_token[0], actor=cast.outsider)
    assert refused.value.status == 404
    assert ApiToken.objects.get().revoked_at is None
    # The outsider's token page lists only their own organisation's tokens.
    html = client_for(cast.outsider).get(reverse("api:tokens")).content.decode()
    assert read_token[0].prefix not in html


def test_a_non_admin_cannot_revoke_through_the_service(cast, read_token):
    with pytest.raises(PermissionDeniedError):
        api_token_revoke(token=read_token[0], actor=cast.leader)


def test_authentication_is_by_the_whole_token(read_token):
    token, raw = read_token
    assert api_token_authenticate(raw) == token
    assert api_token_authenticate(raw[:-1] + ("A" if raw[-1] != "A" else "B")) is None
    assert api_token_authenticate(raw.replace("ra_", "xx_", 1)) is None
    assert api_token_authenticate("") is None
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_api_writes_and_token_changes_appear_in_the_audit_log_with_the_token(cast, write_token, api_as):
    response = api_as(token=write_token).post(
        "/api/v1/persons/bulk",
        {
            "rows": [
                {"employee_id": "N1", "name": "Nina Ny", "unit_code": "ADM", "unit_name": "", "parent_unit_code": "TD"}
            ]
        },
    )
    assert response.status_code == 200, response.content
    event = AuditEvent.objects.get(action="api.persons_upserted")
    assert event.actor_label == f"API token HR ({write_token[0].prefix})"
    assert event.data["token"] == write_token[0].prefix and event.data["persons_created"] == 1


def test_admins_find_the_token_page_in_the_menu(cast, client_for):
    url = reverse("api:tokens")
    assert f'href="{url}"' in client_for(cast.admin_person).get(reverse("home:index")).content.decode()
    assert f'href="{url}"' not in client_for(cast.leader).get(reverse("home:index")).content.decode()
