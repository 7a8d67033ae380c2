"""ASVS V16.3.2 for the privacy pages: a refused person export, people list, exemption or
redacted copy is exactly one `access.refused` audit event — who, the path, the person or
agreement asked for, the address — and the chain still verifies."""

from django.urls import reverse

from resultatavtaler.audit.models import AuditEvent
from resultatavtaler.audit.services import ACCESS_REFUSED, audit_verify

from .conftest import text_section_keys

IP = "192.0.2.44"


def _refusal():
    return AuditEvent.objects.get(action=ACCESS_REFUSED)  # exactly one


def test_a_refused_person_export_names_the_person_asked_for(cast, client_for):
    url = reverse("privacy:person_export", args=[cast.leader.pk, "json"])
    assert client_for(cast.superior).get(url, REMOTE_ADDR=IP).status_code == 403
    event = _refusal()
    assert (event.actor_user_id, event.actor_label) == (cast.superior.user_id, cast.superior.name)
    assert event.organisation_id == cast.organisation.pk
    assert (event.object_type, event.object_id) == ("organisations.person", str(cast.leader.pk))
    assert event.ip_address == IP
    assert event.data == {"path": url, "method": "GET"}
    assert not AuditEvent.objects.filter(action="privacy.person_export").exists()
    assert audit_verify() is None


def test_a_refused_person_data_page_and_people_list_are_recorded(cast, client_for):
    client = client_for(cast.leader)
    assert client.get(reverse("privacy:person", args=[cast.superior.pk]), REMOTE_ADDR=IP).status_code == 403
    assert _refusal().object_id == str(cast.superior.pk)
    assert client.get(reverse("privacy:people"), REMOTE_ADDR=IP).status_code == 403
    assert AuditEvent.objects.filter(action=ACCESS_REFUSED, actor_user_id=cast.leader.user_id).count() == 2
    assert audit_verify() is None


def test_a_refused_redacted_copy_names_the_agreement(cast, client_for, signed_2020):
    url = reverse("privacy:redacted_copy", args=[signed_2020.pk])
    assert client_for(cast.employee).get(url, REMOTE_ADDR=IP).status_code == 403
    event = _refusal()
    assert event.actor_user_id == cast.employee.user_id
    assert (event.object_type, event.object_id) == ("agreements.agreement", str(signed_2020.pk))
    assert event.ip_address == IP
    assert audit_verify() is None


def test_a_refused_exemption_is_recorded_once(cast, client_for, signed_2020):
    key = text_section_keys(signed_2020)[1]
    url = reverse("privacy:exemptions", args=[signed_2020.pk])
    response = client_for(cast.superior).post(
        url, {"prefix": key, f"{key}-section": key, f"{key}-basis": "offl_14"}, REMOTE_ADDR=IP
    )
    assert response.status_code == 403
    event = _refusal()
    assert event.actor_user_id == cast.superior.user_id and event.data["method"] == "POST"
    assert (event.object_type, event.object_id) == ("agreements.agreement", str(signed_2020.pk))
    assert audit_verify() is None
