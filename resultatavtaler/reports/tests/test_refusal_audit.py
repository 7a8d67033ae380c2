"""ASVS V16.3.2 for the documents and the overview: each refused download, document job or
overview is exactly one `access.refused` audit event — who, the path, the agreement where the
page knows it, the service's reason and the address — and the chain still verifies."""

import pytest
from django.urls import reverse

from resultatavtaler.audit.models import AuditEvent
from resultatavtaler.audit.services import ACCESS_REFUSED, audit_verify
from resultatavtaler.feedback.tests.helpers import profile_pdf_response
from resultatavtaler.feedback.tests.test_access_and_anonymity import _closed_round_with_profile
from resultatavtaler.reports.models import DocumentJob

from .conftest import build_agreement, sign_both

IP = "203.0.113.9"


def _refusal():
    return AuditEvent.objects.get(action=ACCESS_REFUSED)  # exactly one


@pytest.mark.parametrize("name", ["agreement_pdf", "agreement_pdfa", "agreement_docx", "agreement_archive"])
def test_a_refused_download_is_one_event_naming_the_agreement(cast, client_for, name):
    agreement = sign_both(build_agreement(cast, "ufd-ad"))
    url = reverse(f"reports:{name}", args=[agreement.pk])
    response = client_for(cast.other_leader).get(url, REMOTE_ADDR=IP)
    assert response.status_code == 403
    event = _refusal()
    assert (event.actor_user_id, event.actor_label) == (cast.other_leader.user_id, cast.other_leader.name)
    assert event.organisation_id == cast.organisation.pk
    assert (event.object_type, event.object_id) == ("agreements.agreement", str(agreement.pk))
    assert event.ip_address == IP
    assert event.data == {"path": url, "method": "GET", "reason": "forbidden"}
    assert audit_verify() is None


def test_a_unit_member_asking_for_the_draft_is_recorded(cast, client_for):
    agreement = sign_both(build_agreement(cast, "ufd-ad"))
    url = reverse("reports:agreement_pdf", args=[agreement.pk])
    assert client_for(cast.employee).get(url, {"versjon": "utkast"}, REMOTE_ADDR=IP).status_code == 403
    event = _refusal()
    assert event.actor_user_id == cast.employee.user_id and event.object_id == str(agreement.pk)
    assert event.ip_address == IP
    assert audit_verify() is None


def test_a_refused_overview_is_one_event(cast, client_for):
    url = reverse("overview:index")
    assert client_for(cast.employee).get(url, REMOTE_ADDR=IP).status_code == 403
    event = _refusal()
    assert event.actor_user_id == cast.employee.user_id and event.ip_address == IP
    assert event.data["path"] == url
    assert audit_verify() is None


def test_a_refused_document_job_download_is_one_event(cast, client_for, django_capture_on_commit_callbacks):
    closed_round = _closed_round_with_profile(cast, django_capture_on_commit_callbacks)
    client_for(cast.leader).post(reverse("feedback:profile_share", args=[closed_round.pk]), {"shared": "1"})
    assert profile_pdf_response(client_for(cast.superior), closed_round).status_code == 200
    job = DocumentJob.objects.get(requested_by=cast.superior)
    client_for(cast.leader).post(reverse("feedback:profile_share", args=[closed_round.pk]), {"shared": "0"})
    assert not AuditEvent.objects.filter(action=ACCESS_REFUSED).exists()
    url = reverse("reports:document_job_download", args=[job.pk])
    assert client_for(cast.superior).get(url, REMOTE_ADDR=IP).status_code == 403
    event = _refusal()
    assert event.actor_user_id == cast.superior.user_id and event.ip_address == IP
    assert event.data["path"] == url and event.data["reason"]
    assert audit_verify() is None


def test_a_refused_profile_pdf_request_is_one_event(cast, client_for, django_capture_on_commit_callbacks):
    closed_round = _closed_round_with_profile(cast, django_capture_on_commit_callbacks)
    url = reverse("feedback:profile_pdf", args=[closed_round.pk])
    assert client_for(cast.employee).post(url, REMOTE_ADDR=IP).status_code == 403
    event = _refusal()
    assert event.actor_user_id == cast.employee.user_id and event.data["method"] == "POST"
    assert not DocumentJob.objects.exists()
    assert audit_verify() is None
