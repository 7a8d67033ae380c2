"""A process owner starts a participant's agreement on their behalf: the "Start agreement"
button on the process overview (a POST form), the start page with the leader's own choices
(a template, or last period's agreement to carry over), the leader's notification and the
audit event; and the refusals: no right (403), another organisation (404), an agreement that
already exists, a person who does not take part."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from resultatavtaler.agreements import services
from resultatavtaler.agreements.constants import PeriodState
from resultatavtaler.agreements.models import Agreement, Period, Requirement
from resultatavtaler.agreements.tests.conftest import add, year_period
from resultatavtaler.audit.models import AuditEvent
from resultatavtaler.notifications.models import Notification
from resultatavtaler.organisations.constants import GrantedRole
from resultatavtaler.organisations.services import role_grant
from resultatavtaler.organisations.tests.factories import person_with_login

OVERVIEW = "/oversikt/"


def _url(period, person):
    return reverse("agreements:start_for", args=[period.pk, person.pk])


def _section_process_owner(cast):
    scoped = person_with_login(
        organisation=cast.organisation, unit=cast.section, name="Siri Seksjon", username="scoped_po"
    )
    role_grant(person=scoped, role=GrantedRole.PROCESS_OWNER, unit=cast.section)
    return scoped


@pytest.fixture
def refreshed(period):
    services.period_participants_refresh(period=period)
    return period


# --- the overview's button -----------------------------------------------------------------


def test_the_overview_offers_a_post_button_for_each_participant_without_an_agreement(cast, refreshed, client_for):
    services.agreement_start(period=refreshed, leader=cast.other_leader, actor=cast.other_leader)
    html = client_for(cast.process_owner).get(OVERVIEW, {"period": refreshed.pk}).content.decode()
    form = f'<form method="post" action="{_url(refreshed, cast.leader)}"'
    assert form in html
    assert "csrfmiddlewaretoken" in html[html.index(form) :]
    # Who has an agreement gets no button; nor does anyone in a link that would change state.
    assert _url(refreshed, cast.other_leader) not in html
    assert f'href="{_url(refreshed, cast.leader)}"' not in html


def test_the_overview_offers_no_button_outside_the_process_owners_scope_or_in_a_closed_period(
    cast, refreshed, client_for
):
    scoped = _section_process_owner(cast)
    html = client_for(scoped).get(OVERVIEW, {"period": refreshed.pk}).content.decode()
    assert _url(refreshed, cast.leader) in html
    assert _url(refreshed, cast.other_leader) not in html
    # The superior sees the leaders of the department, but starts nobody's agreement.
    html = client_for(cast.superior).get(OVERVIEW, {"period": refreshed.pk}).content.decode()
    assert "Live Leder" in html and _url(refreshed, cast.leader) not in html
    Period.objects.filter(pk=refreshed.pk).update(state=PeriodState.CLOSED)
    html = client_for(cast.process_owner).get(OVERVIEW, {"period": refreshed.pk}).content.decode()
    assert _url(refreshed, cast.leader) not in html


# --- the start page ------------------------------------------------------------------------


def test_the_button_leads_to_the_start_form_and_starts_nothing_yet(cast, refreshed, client_for):
    client = client_for(cast.process_owner)
    for response in (client.post(_url(refreshed, cast.leader)), client.get(_url(refreshed, cast.leader))):
        assert response.status_code == 200
        html = response.content.decode()
        assert "Start the agreement of Live Leder for 2026" in html
        assert 'name="template_version"' in html
    assert not Agreement.objects.filter(leader=cast.leader).exists()


def test_the_process_owner_starts_the_draft_and_the_leader_finds_it_and_is_notified(
    cast, refreshed, client_for, ad_template, django_capture_on_commit_callbacks
):
    client = client_for(cast.process_owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(refreshed, cast.leader), {"step": "start", "template_version": str(ad_template.pk)})
    assert response.status_code == 302
    assert response.url == f"{reverse('overview:index')}?period={refreshed.pk}"
    agreement = Agreement.objects.get(period=refreshed, leader=cast.leader)
    assert agreement.template_version == ad_template and agreement.state == "draft"
    assert agreement.superior == cast.superior
    followed = client.get(response.url).content.decode()
    assert "The draft of the agreement of Live Leder for 2026 is started." in followed
    # The audit event names both the process owner (the actor) and the leader.
    event = AuditEvent.objects.get(action="agreement.start", object_id=str(agreement.pk))
    assert event.actor_label == cast.process_owner.name
    assert event.actor_user_id == cast.process_owner.user_id
    assert event.data["leader"] == cast.leader.pk
    # The leader is told, in the app and by e-mail, and finds the draft among their agreements.
    note = Notification.objects.get(person=cast.leader, kind="agreement_started")
    assert note.url == reverse("agreements:detail", args=[agreement.pk])
    assert any(cast.leader.email in m.to for m in mail.outbox)
    mine = client_for(cast.leader).get(reverse("agreements:list")).content.decode()
    assert reverse("agreements:detail", args=[agreement.pk]) in mine


def test_the_process_owner_may_carry_over_last_periods_agreement(cast, refreshed, client_for, ad_template):
    earlier = year_period(cast, ad_template, 2025)
    old = services.agreement_start(period=earlier, leader=cast.leader, actor=cast.leader)
    kept = add(old, cast.leader, text="Kortere saksbehandlingstid")
    add(old, cast.leader, text="Ikke med videre")
    client = client_for(cast.process_owner)
    html = client.get(_url(refreshed, cast.leader)).content.decode()
    assert "Carry over from 2025" in html and "Kortere saksbehandlingstid" in html
    response = client.post(
        _url(refreshed, cast.leader), {"step": "start", "from_previous": "on", "carry_over": [str(kept.pk)]}
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get(period=refreshed, leader=cast.leader)
    assert agreement.started_from == old
    texts = list(
        Requirement.objects.filter(agreement=agreement, common_requirement__isnull=True).values_list("text", flat=True)
    )
    assert "Kortere saksbehandlingstid" in texts and "Ikke med videre" not in texts


# --- refusals ------------------------------------------------------------------------------


def test_a_process_owner_outside_the_units_scope_is_refused_with_403(cast, refreshed, client_for, ad_template):
    scoped = _section_process_owner(cast)
    client = client_for(scoped)
    url = _url(refreshed, cast.other_leader)
    assert client.get(url).status_code == 403
    response = client.post(url, {"step": "start", "template_version": str(ad_template.pk)})
    assert response.status_code == 403
    assert "Only Odd Andreleder, or a process owner for their unit" in response.content.decode()
    assert not Agreement.objects.filter(leader=cast.other_leader).exists()
    assert AuditEvent.objects.filter(action="access.refused", data__reason="out_of_scope").exists()
    # Within the scope, the same process owner may.
    assert client.get(_url(refreshed, cast.leader)).status_code == 200


@pytest.mark.parametrize("who", ["superior", "leader", "employee", "admin_person"])
def test_nobody_but_a_process_owner_opens_the_page(cast, refreshed, client_for, who):
    client = client_for(getattr(cast, who))
    assert client.get(_url(refreshed, cast.other_leader)).status_code == 403
    assert client.post(_url(refreshed, cast.other_leader), {"step": "start"}).status_code == 403
    assert not Agreement.objects.filter(leader=cast.other_leader).exists()


def test_another_organisations_person_or_period_is_not_found(cast, refreshed, client_for, ad_template):
    client = client_for(cast.process_owner)
    assert client.post(_url(refreshed, cast.outsider), {"step": "start"}).status_code == 404
    theirs = Period.objects.create(
        organisation=cast.other_organisation,
        name="Deres 2026",
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
    )
    assert client.post(_url(theirs, cast.leader), {"step": "start"}).status_code == 404
    assert client.get(_url(theirs, cast.leader)).status_code == 404
    assert not Agreement.objects.exists()


def test_an_existing_agreement_is_shown_with_a_message_and_never_duplicated(cast, refreshed, client_for, ad_template):
    existing = services.agreement_start(period=refreshed, leader=cast.leader, actor=cast.leader)
    client = client_for(cast.process_owner)
    for response in (
        client.get(_url(refreshed, cast.leader)),
        client.post(_url(refreshed, cast.leader), {"step": "start", "template_version": str(ad_template.pk)}),
    ):
        assert response.status_code == 302
        assert response.url == reverse("agreements:detail", args=[existing.pk])
    page = client.get(response.url).content.decode()
    assert "Live Leder already has an agreement for 2026." in page
    assert Agreement.objects.filter(period=refreshed, leader=cast.leader).count() == 1


def test_an_agreement_started_meanwhile_is_refused_with_a_message_not_a_500(cast, refreshed, client_for, ad_template):
    # A section process owner who may not see the existing agreement's content (it names the
    # department after a reorganisation) still gets the service's message, never a duplicate.
    scoped = _section_process_owner(cast)
    existing = services.agreement_start(period=refreshed, leader=cast.leader, actor=cast.leader)
    Agreement.objects.filter(pk=existing.pk).update(unit=cast.department)
    response = client_for(scoped).post(
        _url(refreshed, cast.leader), {"step": "start", "template_version": str(ad_template.pk)}
    )
    assert response.status_code == 400
    assert "Live Leder already has an agreement for 2026." in response.content.decode()
    assert Agreement.objects.filter(period=refreshed, leader=cast.leader).count() == 1


def test_a_person_who_does_not_take_part_is_refused_with_the_reason(cast, refreshed, client_for, ad_template):
    client = client_for(cast.process_owner)
    for response in (
        client.get(_url(refreshed, cast.employee)),
        client.post(_url(refreshed, cast.employee), {"step": "start"}),
    ):
        assert response.status_code == 403
        html = response.content.decode()
        assert "Erle Ansatt does not take part in 2026. Add them as a participant of the period first." in html
        assert "Back to the process overview" in html
    assert not Agreement.objects.filter(leader=cast.employee).exists()


def test_a_closed_period_is_refused_with_a_message(cast, refreshed, client_for, ad_template):
    Period.objects.filter(pk=refreshed.pk).update(state=PeriodState.CLOSED)
    response = client_for(cast.process_owner).post(
        _url(refreshed, cast.leader), {"step": "start", "template_version": str(ad_template.pk)}
    )
    assert response.status_code == 400
    assert "The period is closed; no new agreements can be started in it." in response.content.decode()
    assert not Agreement.objects.filter(leader=cast.leader).exists()
