"""Local login with brute-force protection, logout and password change."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.urls import reverse

from resultatavtaler.audit.models import AuditEvent

PASSWORD = "korrekt-hest-batteri"  # the cast's password (organisations/tests/factories.py)
LOGIN = "/konto/logg-inn/"


def _login(client, username, password, ip="10.0.0.1", **extra):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


@pytest.mark.django_db
def test_login_page_renders_the_form_with_labels(client, english):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_username"' in html
    assert '<label for="id_password"' in html
    assert "Log in with your organisation" not in html  # OIDC is off without OIDC_RP_CLIENT_ID


def test_correct_password_logs_in_and_goes_home(client, leader):
    response = _login(client, "leader", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home:index")
    home = client.get(response.url)
    assert home.status_code == 200
    assert "Live Leder" in home.content.decode()


def test_login_keeps_a_safe_next_and_drops_a_foreign_one(client, leader):
    response = client.post(
        LOGIN + "?next=/organisasjon/", {"username": "leader", "password": PASSWORD, "next": "/organisasjon/"}
    )
    assert response.url == "/organisasjon/"
    client.post(reverse("accounts:logout"))
    response = client.post(LOGIN, {"username": "leader", "password": PASSWORD, "next": "https://evil.example/"})
    assert response.url == reverse("home:index")


def test_login_rotates_the_session_key(client, leader):
    # A session that exists before login (as an attacker could plant one: session fixation).
    session = client.session
    session["before_login"] = True
    session.save()
    old_key = session.session_key
    assert client.cookies[settings.SESSION_COOKIE_NAME].value == old_key

    _login(client, "leader", PASSWORD)

    new_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert new_key != old_key
    assert not Session.objects.filter(session_key=old_key).exists()
    assert client.session[SESSION_KEY] == str(leader.user.pk)


def test_wrong_password_shows_an_error_and_does_not_log_in(client, english, leader):
    response = _login(client, "leader", "feil-passord")
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert SESSION_KEY not in client.session


def test_too_many_failures_lock_the_user_out_from_that_address(client, english, leader):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert _login(client, "leader", "feil-passord").status_code == 200
    locked = _login(client, "leader", "feil-passord")
    assert locked.status_code == 429
    # Now even the right password is refused, and the page says for how long.
    response = _login(client, "leader", PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many failed attempts" in html
    assert "15 minutes" in html  # AXES_COOLOFF_TIME 0.25 hours
    assert SESSION_KEY not in client.session
    assert AccessAttempt.objects.filter(username="leader", ip_address="10.0.0.1").exists()


def test_a_lockout_blocks_neither_the_user_elsewhere_nor_colleagues_behind_the_same_address(client, leader, employee):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "leader", "feil-passord", ip="10.0.0.1")
    assert _login(client, "leader", PASSWORD, ip="10.0.0.1").status_code == 429
    # A colleague behind the same office address logs in normally ...
    assert _login(client, "employee", PASSWORD, ip="10.0.0.1").status_code == 302
    client.post(reverse("accounts:logout"))
    # ... and an attacker elsewhere cannot lock the leader out of their own office.
    assert _login(client, "leader", PASSWORD, ip="10.0.0.2").status_code == 302


def test_a_successful_login_resets_the_failure_count(client, leader):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "leader", "feil-passord")
    assert _login(client, "leader", PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "leader", "feil-passord").status_code == 200
    assert _login(client, "leader", PASSWORD).status_code == 302


def test_logout_needs_post(client_for, leader):
    client = client_for(leader)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.get(reverse("home:index")).status_code == 200


def test_logout_ends_the_session(client_for, leader):
    client = client_for(leader)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:login")
    home = client.get(reverse("home:index"))
    assert home.status_code == 302
    assert home.url.startswith(reverse("accounts:login"))


def test_password_change_needs_login(client):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_password_change_keeps_the_user_logged_in_and_replaces_the_password(client, english, leader):
    _login(client, "leader", PASSWORD)
    page = client.get(reverse("accounts:password_change"))
    assert page.status_code == 200
    new_password = "nytt-langt-passord-2026"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("home:index")
    assert "Your password has been changed." in response.content.decode()
    assert client.get(reverse("home:index")).status_code == 200  # still logged in
    assert AuditEvent.objects.filter(action="accounts.password_changed", object_id=str(leader.pk)).exists()

    client.post(reverse("accounts:logout"))
    assert _login(client, "leader", PASSWORD).status_code == 200  # the old one no longer works
    assert _login(client, "leader", new_password).status_code == 302


def test_password_change_refuses_a_short_password(client, english, leader):
    _login(client, "leader", PASSWORD)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "kort", "new_password2": "kort"},
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    client.post(reverse("accounts:logout"))
    assert _login(client, "leader", PASSWORD).status_code == 302
