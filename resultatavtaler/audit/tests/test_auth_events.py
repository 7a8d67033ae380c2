"""Logging in, a failed login and logging out leave audit events with the client's address."""

import pytest
from django.urls import reverse

from resultatavtaler.audit.models import AuditEvent
from resultatavtaler.audit.services import audit_verify

pytestmark = pytest.mark.django_db
PASSWORD = "korrekt-hest-batteri"  # organisations/tests/factories.py


def _login(client, username, password, ip="192.0.2.10"):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_login_is_recorded_with_person_organisation_and_address(client, leader):
    response = _login(client, "leader", PASSWORD)
    assert response.status_code == 302
    ev = AuditEvent.objects.get(action="auth.login")
    assert ev.actor_label == leader.name
    assert ev.actor_user_id == leader.user_id
    assert ev.organisation_id == leader.organisation_id
    assert ev.ip_address == "192.0.2.10"
    assert audit_verify() is None


def test_failed_login_is_recorded_with_the_name_tried_and_no_password(client, leader):
    response = _login(client, "leader", "wrong-password-here", ip="2001:db8::7")
    assert response.status_code == 200  # the form again, with an error
    ev = AuditEvent.objects.get(action="auth.login_failed")
    assert ev.actor_user_id is None and ev.actor_label == ""
    assert ev.data == {"username": "leader"}
    assert "wrong-password-here" not in str(ev.data)
    # The attempt shows in the log of the organisation whose account was tried.
    assert ev.organisation_id == leader.organisation_id
    assert (ev.object_type, ev.object_id) == ("organisations.person", str(leader.pk))
    assert ev.ip_address == "2001:db8::7"


def test_failed_login_for_an_unknown_name_is_recorded_without_organisation(client, cast):
    _login(client, "nobody-by-this-name", "whatever-password")
    ev = AuditEvent.objects.get(action="auth.login_failed")
    assert ev.organisation_id is None
    assert ev.data == {"username": "nobody-by-this-name"}


def test_logout_is_recorded(client, leader):
    _login(client, "leader", PASSWORD)
    response = client.post(reverse("accounts:logout"), REMOTE_ADDR="192.0.2.11")
    assert response.status_code == 302
    ev = AuditEvent.objects.get(action="auth.logout")
    assert ev.actor_label == leader.name
    assert ev.ip_address == "192.0.2.11"
    assert audit_verify() is None


def test_logout_without_being_logged_in_records_nothing(client, cast):
    client.post(reverse("accounts:logout"))
    assert not AuditEvent.objects.filter(action="auth.logout").exists()
