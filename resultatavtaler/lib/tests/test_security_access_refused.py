"""ASVS V7/V16.3.2: a request refused for a missing right (403) is recorded in the audit log —
one event per request with who, which path and from which address — and a failure to record it
never turns the 403 into a 500."""

from django.db import connection
from django.test import RequestFactory
from django.urls import resolve, reverse

from resultatavtaler.agreements.tests.isolation import _period
from resultatavtaler.audit.models import AuditEvent
from resultatavtaler.audit.services import ACCESS_REFUSED, audit_verify
from resultatavtaler.lib.views_errors import permission_denied


def _refusals():
    return AuditEvent.objects.filter(action=ACCESS_REFUSED)


def test_a_403_is_one_audit_event_with_who_path_and_address(cast, client_for):
    url = reverse("agreements:admin")
    response = client_for(cast.employee).get(url, REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 403
    event = _refusals().get()
    assert event.actor_user_id == cast.employee.user_id
    assert event.actor_label == cast.employee.name
    assert event.organisation_id == cast.organisation.pk
    assert event.ip_address == "192.0.2.7"
    assert event.data == {"path": url, "method": "GET"}
    assert audit_verify() is None  # the event is part of the chain


def test_a_page_that_is_allowed_records_no_refusal(cast, client_for):
    assert client_for(cast.process_owner).get(reverse("agreements:admin")).status_code == 200
    assert not _refusals().exists()


def test_a_refusal_rendered_by_the_page_itself_is_recorded_once(cast, client_for):
    url = reverse("agreements:start", args=[_period(cast).pk])
    response = client_for(cast.employee).post(url, {})
    assert response.status_code == 403
    event = _refusals().get()
    assert event.data["path"] == url and event.data["method"] == "POST"
    assert event.data["reason"] == "not_a_participant"


def test_a_service_refusal_for_a_missing_right_is_recorded(cast, client_for):
    from resultatavtaler.agreements.tests.isolation import _agreement

    agreement = _agreement(cast)  # a draft: only the leader may submit it
    response = client_for(cast.superior).post(reverse("agreements:action", args=[agreement.pk, "submit"]))
    assert response.status_code == 403
    assert _refusals().get().actor_user_id == cast.superior.user_id


def test_the_403_stays_a_403_when_the_audit_log_cannot_be_written(cast, client_for):
    # A real failure, not a stand-in: the table is away for the length of the request (the
    # test's transaction puts it back). Logging in is audited too, so it comes first.
    client = client_for(cast.employee)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditevent RENAME TO audit_auditevent_away")
    try:
        response = client.get(reverse("agreements:admin"))
        assert response.status_code == 403
        assert "403.html" in [t.name for t in response.templates]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_auditevent_away RENAME TO audit_auditevent")
    assert not _refusals().exists()


def test_a_secret_token_in_the_path_is_not_recorded(cast):
    path = "/oppfolging/svar/hemmelig-token-123/"
    request = RequestFactory().get(path)
    request.resolver_match = resolve(path)
    request.user = cast.employee.user
    request.person = cast.employee
    assert permission_denied(request).status_code == 403
    event = _refusals().get()
    assert "hemmelig" not in event.data["path"] and event.data["path"] == "/oppfolging/svar/…/"
