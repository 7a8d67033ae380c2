"""/revisjonslogg/: an organisation's administrators search its audit log, and only theirs."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from resultatavtaler.audit.models import AuditEvent
from resultatavtaler.audit.services import audit_record, audit_verify
from resultatavtaler.audit.views import PAGE_SIZE

pytestmark = pytest.mark.django_db
URL = "/revisjonslogg/"


def _rows(response):
    return list(response.context["page"].object_list)


def test_the_url_is_where_the_issue_says():
    assert reverse("audit:log") == URL


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("who", ["leader", "superior", "director", "employee", "process_owner", "outsider"])
def test_only_administrators_may_read_the_log(who, cast, client_for):
    response = client_for(getattr(cast, who)).get(URL)
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="audit.log_viewed").exists()


def test_admin_sees_own_organisation_events_only(cast, client_for):
    audit_record(action="test.ours", actor=cast.leader, obj=cast.leader)
    audit_record(action="test.theirs", actor=cast.outsider, obj=cast.outsider)
    audit_record(action="test.system")  # no organisation: nobody's page
    response = client_for(cast.admin_person).get(URL)
    assert response.status_code == 200
    actions = {e.action for e in _rows(response)}
    assert "test.ours" in actions
    assert "test.theirs" not in actions and "test.system" not in actions
    assert all(e.organisation_id == cast.organisation.pk for e in _rows(response))
    body = response.content.decode()
    assert "Otto Utenfor" not in body
    assert "test.theirs" not in body  # not even in the action list


def test_reading_the_log_is_itself_recorded(cast, client_for):
    client = client_for(cast.admin_person)
    client.get(URL, {"action": "", "actor": "Live"}, REMOTE_ADDR="192.0.2.20")
    ev = AuditEvent.objects.get(action="audit.log_viewed")
    assert ev.actor_label == cast.admin_person.name
    assert ev.organisation_id == cast.organisation.pk
    assert ev.ip_address == "192.0.2.20"
    assert ev.data == {"filters": {"actor": "Live"}, "page": 1}
    # The next read shows the earlier one.
    assert "audit.log_viewed" in {e.action for e in _rows(client.get(URL))}
    assert audit_verify() is None


def test_search_by_action_actor_and_object(cast, client_for):
    audit_record(action="agreement.signed", actor=cast.leader, obj=cast.leader)
    audit_record(action="agreement.signed", actor=cast.superior, obj=cast.superior)
    audit_record(action="agreement.submitted", actor=cast.leader, obj=cast.employee)
    client = client_for(cast.admin_person)

    by_action = _rows(client.get(URL, {"action": "agreement.signed"}))
    assert {e.actor_label for e in by_action} == {cast.leader.name, cast.superior.name}

    by_actor = _rows(client.get(URL, {"actor": cast.leader.name.split()[0].lower()}))
    assert {e.action for e in by_actor} == {"agreement.signed", "agreement.submitted"}

    by_object = _rows(client.get(URL, {"object": f"organisations.person:{cast.employee.pk}"}))
    assert [e.action for e in by_object] == ["agreement.submitted"]

    by_id = _rows(client.get(URL, {"object": str(cast.superior.pk)}))
    assert [e.actor_label for e in by_id] == [cast.superior.name]


def test_search_by_date_range_includes_both_whole_days(cast, client_for):
    ev = audit_record(action="test.today", actor=cast.leader, organisation=cast.organisation)
    today = timezone.localdate(ev.created_at)
    client = client_for(cast.admin_person)
    iso = today.isoformat()
    assert ev in _rows(client.get(URL, {"date_from": iso, "date_to": iso}))
    norwegian = today.strftime("%d.%m.%Y")
    assert ev in _rows(client.get(URL, {"date_from": norwegian}))
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    yesterday = (today - datetime.timedelta(days=1)).isoformat()
    assert ev not in _rows(client.get(URL, {"date_from": tomorrow}))
    assert ev not in _rows(client.get(URL, {"date_to": yesterday}))


def test_a_reversed_date_range_is_explained(cast, client_for):
    response = client_for(cast.admin_person).get(URL, {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["date_to"]


def test_the_log_is_paginated_newest_first_and_keeps_the_search(cast, client_for):
    for i in range(PAGE_SIZE + 5):
        audit_record(action="test.bulk", actor=cast.leader, organisation=cast.organisation, data={"i": i})
    client = client_for(cast.admin_person)
    first = client.get(URL, {"action": "test.bulk"})
    rows = _rows(first)
    assert len(rows) == PAGE_SIZE
    assert rows[0].data["i"] == PAGE_SIZE + 4
    assert "action=test.bulk&amp;page=2" in first.content.decode()
    second = client.get(URL, {"action": "test.bulk", "page": 2})
    assert [e.data["i"] for e in _rows(second)] == [4, 3, 2, 1, 0]
