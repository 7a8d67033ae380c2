"""ASVS V16.3.2: every 403 the product answers is exactly one `access.refused` event, also
those no handler records itself — a page that renders its own refusal with status 403, a
logged-in session's CSRF failure — through `lib.middleware.AuditRefusedAccessMiddleware`.
An anonymous CSRF failure is not audited (docs/security.md). The chain verifies after each.

The pages' PermissionDenied (handler403) is tested in lib/tests/test_security_access_refused.py,
the integration API in api/tests/test_refusal_audit.py, documents and the overview in
reports/tests/test_refusal_audit.py, the privacy pages in lib/privacy/tests/test_refusal_audit.py;
the permission matrix (accounts/tests/test_permission_matrix.py) checks that every 403 of every
URL for every person of the cast is one event."""

from datetime import timedelta

import pytest
from django.http import HttpResponse, HttpResponseForbidden
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from resultatavtaler.audit.models import AuditEvent
from resultatavtaler.audit.services import ACCESS_REFUSED, audit_access_refused, audit_verify
from resultatavtaler.lib.middleware import AuditRefusedAccessMiddleware

pytestmark = pytest.mark.django_db
IP = "192.0.2.81"


def _refusals():
    return AuditEvent.objects.filter(action=ACCESS_REFUSED)


def test_a_page_that_renders_its_own_403_is_recorded_once(cast, client_for):
    from resultatavtaler.feedback import services
    from resultatavtaler.feedback.constants import RaterGroup

    # A 360 invitation the leader has only proposed: the invited colleague's answer page
    # answers 403 ("not open for answers") with a page of its own, not through handler403.
    fr = services.round_start(leader=cast.leader, actor=cast.leader, deadline=timezone.localdate() + timedelta(days=14))
    inv = services.invitation_propose(
        feedback_round=fr, actor=cast.leader, group=RaterGroup.PEERS, person=cast.other_leader
    )
    url = reverse("feedback:answer_invitation", args=[inv.pk])
    response = client_for(cast.other_leader).get(url, REMOTE_ADDR=IP)
    assert response.status_code == 403
    event = _refusals().get()
    assert (event.actor_user_id, event.actor_label) == (cast.other_leader.user_id, cast.other_leader.name)
    assert event.organisation_id == cast.organisation.pk
    assert event.ip_address == IP
    assert event.data == {"path": url, "method": "GET"}
    assert audit_verify() is None


def test_a_logged_in_sessions_csrf_failure_is_recorded(cast):
    from resultatavtaler.agreements.tests.isolation import _period

    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.leader.user, backend="resultatavtaler.accounts.backends.PersonModelBackend")
    url = reverse("agreements:start", args=[_period(cast).pk])
    response = client.post(url, {}, REMOTE_ADDR=IP)
    assert response.status_code == 403
    assert "csrf_failure.html" in [t.name for t in response.templates]
    event = _refusals().get()
    assert event.actor_user_id == cast.leader.user_id and event.ip_address == IP
    assert event.data == {"path": url, "method": "POST", "reason": "csrf"}
    assert audit_verify() is None


def test_an_anonymous_csrf_failure_is_not_audited(cast):
    before = AuditEvent.objects.count()
    response = Client(enforce_csrf_checks=True).post(
        reverse("accounts:login"), {"username": "leader", "password": "x"}, REMOTE_ADDR=IP
    )
    assert response.status_code == 403
    assert AuditEvent.objects.count() == before  # no refusal, and no login attempt either


def test_the_middleware_records_a_403_once_and_nothing_else(cast):
    request = RequestFactory().get("/noe/", REMOTE_ADDR=IP)
    request.user = cast.employee.user
    request.person = cast.employee
    AuditRefusedAccessMiddleware(lambda r: HttpResponse("ok"))(request)
    assert not _refusals().exists()
    AuditRefusedAccessMiddleware(lambda r: HttpResponseForbidden())(request)
    event = _refusals().get()
    assert event.actor_user_id == cast.employee.user_id and event.ip_address == IP
    assert event.data == {"path": "/noe/", "method": "GET"}

    # A refusal its handler already recorded (with the reason and object) is not recorded again.
    request = RequestFactory().get("/noe/annet/", REMOTE_ADDR=IP)
    request.user = cast.employee.user
    request.person = cast.employee

    def view(r):
        audit_access_refused(r, reason="known_reason", obj=cast.leader)
        return HttpResponseForbidden()

    AuditRefusedAccessMiddleware(view)(request)
    assert _refusals().count() == 2
    latest = _refusals().latest("id")
    assert latest.data["reason"] == "known_reason" and latest.object_id == str(cast.leader.pk)
    assert audit_verify() is None
