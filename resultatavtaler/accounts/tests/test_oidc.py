"""OpenID Connect: the claim → Person mapping, with real claim dicts through the library's
own decision flow (`get_or_create_user`), and the switch from environment variables.
A full login against a real provider is a later issue."""

import importlib
import json
import os
import subprocess
import sys
from urllib.parse import parse_qs, urlparse

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.test import override_settings
from django.urls import clear_url_caches, reverse

from resultatavtaler.accounts.oidc import PersonOIDCBackend
from resultatavtaler.audit.models import AuditEvent
from resultatavtaler.organisations.tests.factories import PersonFactory

OIDC_SETTINGS = {
    "OIDC_RP_CLIENT_ID": "resultatavtaler",
    "OIDC_RP_CLIENT_SECRET": "hemmelig",
    "OIDC_RP_SIGN_ALGO": "RS256",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.example.no/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example.no/token",
    "OIDC_OP_JWKS_ENDPOINT": "https://idp.example.no/jwks",
    # No userinfo endpoint: the claims are the verified ID token's payload, so the
    # library's whole decision runs here without a network call.
    "OIDC_OP_USER_ENDPOINT": "",
    "OIDC_RP_SCOPES": "openid email profile",
    "OIDC_PERSON_CLAIM": "email",
    "OIDC_ORGANISATION_NUMBER": "",
    "OIDC_CREATE_USER": True,
}


def backend_with(**overrides) -> PersonOIDCBackend:
    with override_settings(**{**OIDC_SETTINGS, **overrides}):
        return PersonOIDCBackend()


def login_with_claims(backend: PersonOIDCBackend, claims: dict):
    """What the callback does once the ID token is verified: `payload` is its claims."""
    return backend.get_or_create_user("access-token", "id-token", claims)


def claims_for(email: str, **more) -> dict:
    return {"sub": "abc-123", "iss": "https://idp.example.no", "email": email, **more}


# --- claim → person ----------------------------------------------------------------------


def test_email_claim_logs_in_the_persons_user(leader):
    user = login_with_claims(backend_with(), claims_for(leader.email.upper()))
    assert user == leader.user


def test_a_person_without_a_login_gets_one_created_and_linked(organisation, cast):
    person = PersonFactory(organisation=organisation, unit=cast.section, name="Nina Ny", email="nina.ny@td.example")
    backend = backend_with()

    user = login_with_claims(backend, claims_for("nina.ny@td.example"))

    person.refresh_from_db()
    assert user is not None and person.user == user
    assert user.username == f"{person.employee_id}@{organisation.org_number}"
    assert user.email == "nina.ny@td.example"
    assert not user.has_usable_password()  # an OIDC login has no local password
    assert AuditEvent.objects.filter(action="accounts.oidc_user_linked", object_id=str(person.pk)).count() == 1
    # The next login finds the same user; nothing new is created.
    users_before = get_user_model().objects.count()
    assert login_with_claims(backend, claims_for("nina.ny@td.example")) == user
    assert get_user_model().objects.count() == users_before


def test_no_matching_person_is_refused_and_creates_nothing(cast):
    users_before = get_user_model().objects.count()
    assert login_with_claims(backend_with(), claims_for("ukjent@example.org")) is None
    assert get_user_model().objects.count() == users_before


def test_a_person_who_has_left_is_refused(leader):
    leader.is_active = False
    leader.save(update_fields=["is_active"])
    assert login_with_claims(backend_with(), claims_for(leader.email)) is None


def test_a_blocked_login_user_stays_blocked(leader):
    leader.user.is_active = False
    leader.user.save(update_fields=["is_active"])
    assert login_with_claims(backend_with(), claims_for(leader.email)) is None


def test_two_matching_people_are_refused(cast):
    # The same address in two organisations (e.g. a shared service): we never pick one.
    PersonFactory(organisation=cast.organisation, unit=cast.section, email="delt@example.no")
    PersonFactory(organisation=cast.other_organisation, email="delt@example.no")
    users_before = get_user_model().objects.count()
    assert login_with_claims(backend_with(), claims_for("delt@example.no")) is None
    assert get_user_model().objects.count() == users_before


def test_the_organisation_number_setting_limits_matching_to_one_organisation(cast):
    mine = PersonFactory(organisation=cast.organisation, unit=cast.section, email="delt@example.no")
    PersonFactory(organisation=cast.other_organisation, email="delt@example.no")
    backend = backend_with(OIDC_ORGANISATION_NUMBER=cast.organisation.org_number)
    user = login_with_claims(backend, claims_for("delt@example.no"))
    mine.refresh_from_db()
    assert user is not None and mine.user == user


@pytest.mark.parametrize("claim", ["employee_id", "ansattnummer"])
def test_an_employee_id_claim_maps_to_the_employee_id(claim, employee):
    backend = backend_with(OIDC_PERSON_CLAIM=claim)
    # The e-mail in the token is someone else's: only the configured claim counts.
    user = login_with_claims(backend, {"sub": "x", "email": "annen@example.org", claim: employee.employee_id})
    assert user == employee.user


def test_an_employee_id_claim_with_a_number_value_matches(organisation, cast):
    person = PersonFactory(organisation=organisation, unit=cast.section, employee_id="40117")
    user = login_with_claims(backend_with(OIDC_PERSON_CLAIM="ansattnummer"), {"sub": "y", "ansattnummer": 40117})
    person.refresh_from_db()
    assert user is not None and person.user == user


def test_a_token_without_the_claim_is_refused(leader):
    backend = backend_with(OIDC_PERSON_CLAIM="ansattnummer")
    # The library raises here; its authenticate() logs it and answers None.
    with pytest.raises(SuspiciousOperation):
        login_with_claims(backend, claims_for(leader.email))
    with pytest.raises(SuspiciousOperation):
        login_with_claims(backend, {"sub": "x", "ansattnummer": "  "})


def test_an_unverified_email_is_refused(leader):
    with pytest.raises(SuspiciousOperation):
        login_with_claims(backend_with(), claims_for(leader.email, email_verified=False))
    assert login_with_claims(backend_with(), claims_for(leader.email, email_verified=True)) == leader.user


def test_a_local_account_with_the_same_user_name_is_never_taken_over(organisation, cast):
    person = PersonFactory(organisation=organisation, unit=cast.section, email="ola@td.example")
    local = get_user_model().objects.create_user(
        f"{person.employee_id}@{organisation.org_number}", password="et-lokalt-passord-123"
    )
    assert login_with_claims(backend_with(), claims_for("ola@td.example")) is None
    person.refresh_from_db()
    assert person.user is None
    local.refresh_from_db()
    assert local.has_usable_password()


def test_an_earlier_oidc_user_is_reused_when_the_person_was_unlinked(organisation, cast):
    person = PersonFactory(organisation=organisation, unit=cast.section, email="kari@td.example")
    backend = backend_with()
    first = login_with_claims(backend, claims_for("kari@td.example"))
    person.user = None
    person.save(update_fields=["user"])
    assert login_with_claims(backend, claims_for("kari@td.example")) == first


def test_the_users_email_follows_the_person(leader):
    leader.user.email = "gammel@example.org"
    leader.user.save(update_fields=["email"])
    user = login_with_claims(backend_with(), claims_for(leader.email))
    user.refresh_from_db()
    assert user.email == leader.email


# --- the switch and the login page ---------------------------------------------------------


@pytest.fixture
def oidc_on(settings):
    """OIDC switched on as config/settings.py does it, with config/urls.py re-read so its
    `if settings.OIDC_ENABLED` adds the provider's URLs."""
    for name, value in OIDC_SETTINGS.items():
        setattr(settings, name, value)
    settings.OIDC_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "resultatavtaler.accounts.oidc.PersonOIDCBackend",
    ]
    settings.OIDC_USE_PKCE = True
    import config.urls

    importlib.reload(config.urls)
    clear_url_caches()
    yield settings
    settings.OIDC_ENABLED = False
    importlib.reload(config.urls)
    clear_url_caches()


@pytest.mark.django_db
def test_the_login_page_offers_the_organisation_account_when_enabled(oidc_on, client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("accounts:login") + "?next=/organisasjon/").content.decode()
    assert "Log in with your organisation's account" in html
    assert 'href="/oidc/authenticate/?next=%2Forganisasjon%2F"' in html


@pytest.mark.django_db
def test_the_button_starts_an_authorisation_request_at_the_provider(oidc_on, client):
    response = client.get("/oidc/authenticate/?next=/organisasjon/")
    assert response.status_code == 302
    url = urlparse(response.url)
    assert f"{url.scheme}://{url.netloc}{url.path}" == "https://idp.example.no/authorize"
    query = parse_qs(url.query)
    assert query["client_id"] == ["resultatavtaler"]
    assert query["response_type"] == ["code"]
    assert query["redirect_uri"] == ["http://testserver/oidc/callback/"]
    assert query["code_challenge_method"] == ["S256"]  # PKCE
    assert query["state"][0] and query["nonce"][0]


@pytest.mark.django_db
def test_a_refused_organisation_login_is_explained(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("accounts:login") + "?oidc=failed").content.decode()
    assert "not connected to exactly one active person" in html


def test_environment_variables_switch_oidc_on():
    """config/settings.py reads the OIDC_* variables at import: check it in a fresh process."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "RESULTATAVTALER_TESTING": "1",
        "OIDC_RP_CLIENT_ID": "resultatavtaler",
        "OIDC_RP_CLIENT_SECRET": "hemmelig",
        "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.example.no/authorize",
        "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example.no/token",
        "OIDC_OP_JWKS_ENDPOINT": "https://idp.example.no/jwks",
        "OIDC_PERSON_CLAIM": "ansattnummer",
    }
    script = (
        "import json, django; django.setup()\n"
        "from django.conf import settings; from django.urls import reverse\n"
        "from resultatavtaler.accounts.oidc import PersonOIDCBackend\n"
        "b = PersonOIDCBackend()\n"
        "print(json.dumps({'enabled': settings.OIDC_ENABLED, 'backends': settings.AUTHENTICATION_BACKENDS,"
        " 'init': reverse('oidc_authentication_init'), 'claim': b.person_claim, 'pkce': settings.OIDC_USE_PKCE}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["enabled"] is True
    assert result["backends"][0] == "axes.backends.AxesStandaloneBackend"
    assert "resultatavtaler.accounts.oidc.PersonOIDCBackend" in result["backends"]
    assert result["init"] == "/oidc/authenticate/"
    assert result["claim"] == "ansattnummer"
    assert result["pkce"] is True
