"""Sessions: an idle session ends, logging out ends it in the database, and logging in starts a
new one (ASVS 5.0 V7.2, V7.3, V7.4)."""

import datetime
import time

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from resultatavtaler.lib.middleware import SessionIdleRefreshMiddleware

pytestmark = pytest.mark.django_db
PASSWORD = "korrekt-hest-batteri"


def _log_in(client):
    response = client.post(reverse("accounts:login"), {"username": "leader", "password": PASSWORD})
    assert response.status_code == 302
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _is_logged_in(client) -> bool:
    response = client.get(reverse("home:index"))
    return response.status_code == 200


def _set_refreshed(key: str, seconds_ago: int) -> None:
    """Pretend the session's expiry was last renewed `seconds_ago` (and expires accordingly)."""
    session = Session.objects.get(pk=key)
    data = session.get_decoded()
    data[SessionIdleRefreshMiddleware.STAMP] = int(time.time()) - seconds_ago
    Session.objects.filter(pk=key).update(
        session_data=SessionStore().encode(data),
        expire_date=timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - seconds_ago),
    )


def test_the_idle_timeout_is_thirty_minutes_and_restarts_with_every_request(client, leader):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_REFRESH_SECONDS == 60
    key = _log_in(client)
    # Someone was idle for 25 minutes and comes back: still logged in, and the clock restarts.
    _set_refreshed(key, 25 * 60)
    assert _is_logged_in(client)
    remaining = Session.objects.get(pk=key).expire_date - timezone.now()
    assert remaining > datetime.timedelta(minutes=29)
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE


def test_the_expiry_is_written_at_most_once_a_minute(client, leader):
    key = _log_in(client)
    _set_refreshed(key, 30)  # renewed half a minute ago
    before = Session.objects.get(pk=key).expire_date
    response = client.get(reverse("home:index"))
    # Not renewed: no write, no new cookie; the timeout is at most a minute early.
    assert response.status_code == 200
    assert Session.objects.get(pk=key).expire_date == before
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    _set_refreshed(key, 61)  # a minute and more: the next request renews it
    response = client.get(reverse("home:index"))
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE
    remaining = Session.objects.get(pk=key).expire_date - timezone.now()
    assert remaining > datetime.timedelta(minutes=29, seconds=50)


def test_with_refresh_seconds_zero_every_request_renews_the_expiry(client, leader, settings):
    settings.SESSION_REFRESH_SECONDS = 0
    key = _log_in(client)
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + datetime.timedelta(minutes=5))
    assert _is_logged_in(client)
    remaining = Session.objects.get(pk=key).expire_date - timezone.now()
    assert remaining > datetime.timedelta(minutes=29)


def test_an_anonymous_visit_writes_no_session(client, db):
    client.get(reverse("accounts:login"))
    assert Session.objects.count() == 0


def test_a_session_idle_past_the_timeout_requires_a_new_login(client, leader):
    key = _log_in(client)
    assert _is_logged_in(client)
    # Idle for longer than SESSION_COOKIE_AGE: the session's expiry has passed.
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("home:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    _log_in(client)
    assert _is_logged_in(client)


def test_logging_out_removes_the_session_from_the_database(client, leader):
    key = _log_in(client)
    assert Session.objects.filter(pk=key).exists()
    client.post(reverse("accounts:logout"))
    assert not Session.objects.filter(pk=key).exists()
    # The old cookie, replayed, no longer works.
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    assert not _is_logged_in(client)


def test_logging_in_replaces_the_session_key(client, leader):
    before = client.session  # an anonymous session, as a fixation attacker would plant
    before["planted"] = "by someone else"
    before.save()
    old_key = before.session_key
    new_key = _log_in(client)
    assert new_key != old_key
    assert not Session.objects.filter(pk=old_key).exists()


def test_session_and_csrf_cookies_are_not_readable_by_scripts(client, leader):
    _log_in(client)
    assert client.cookies[settings.SESSION_COOKIE_NAME]["httponly"]
    assert client.cookies[settings.SESSION_COOKIE_NAME]["samesite"] == "Lax"
    assert settings.CSRF_COOKIE_HTTPONLY


def _age_login(client, seconds):
    """What the passing of time does to the login stamp (lib/middleware.py)."""
    session = client.session
    stamp = session["_auth_started"]
    assert stamp["key"] == session.session_key
    session["_auth_started"] = {**stamp, "at": stamp["at"] - seconds}
    session.save()


def test_a_busy_session_still_ends_after_the_absolute_lifetime(client, leader):
    assert settings.SESSION_ABSOLUTE_SECONDS == 10 * 60 * 60
    key = _log_in(client)
    assert _is_logged_in(client)
    _age_login(client, 9 * 60 * 60)  # nine hours of steady work: fine
    assert _is_logged_in(client)
    _age_login(client, 60 * 60 + 1)  # past ten hours
    response = client.get(reverse("organisations:tree"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "next=" in response["Location"]
    assert not Session.objects.filter(pk=key).exists()
    # A new login starts a new lifetime.
    _log_in(client)
    assert _is_logged_in(client)
