"""Who may start an agreement in a period: a participant for themselves (a leader of a unit
with personnel responsibility, or someone the process owner added), and a process owner for a
participant in their scope. Anyone else is refused with a message that says why (403)."""

import pytest
from django.urls import reverse
from django.utils import translation

from resultatavtaler.accounts import permissions
from resultatavtaler.agreements import services
from resultatavtaler.agreements.models import Agreement
from resultatavtaler.core_errors import PermissionDeniedError
from resultatavtaler.organisations.constants import GrantedRole
from resultatavtaler.organisations.services import role_grant
from resultatavtaler.organisations.tests.factories import person_with_login


def test_a_leader_with_personnel_responsibility_starts_their_own(cast, period):
    assert permissions.can_start_agreement(cast.leader, cast.leader, period)
    agreement = services.agreement_start(period=period, leader=cast.leader, actor=cast.leader)
    assert agreement.leader == cast.leader


def test_an_employee_who_does_not_take_part_is_refused_with_a_reason(cast, period):
    assert not permissions.can_start_agreement(cast.employee, cast.employee, period)
    with pytest.raises(PermissionDeniedError) as exc, translation.override("en"):
        services.agreement_start(period=period, leader=cast.employee, actor=cast.employee)
    assert "do not take part in 2026" in exc.value.message
    assert not Agreement.objects.filter(leader=cast.employee).exists()


def test_a_leader_without_personnel_responsibility_does_not_take_part(cast, period):
    cast.other_section.has_personnel_responsibility = False
    cast.other_section.save(update_fields=["has_personnel_responsibility"])
    assert not permissions.is_period_participant(cast.other_leader, period)
    with pytest.raises(PermissionDeniedError):
        services.agreement_start(period=period, leader=cast.other_leader, actor=cast.other_leader)


@pytest.mark.parametrize("rule", ["person", "unit"])
def test_someone_the_process_owner_added_may_start_their_own(cast, period, rule):
    target = {"person": cast.employee} if rule == "person" else {"unit": cast.section}
    services.participation_rule_add(period=period, actor=cast.process_owner, **target)
    assert permissions.can_start_agreement(cast.employee, cast.employee, period)
    agreement = services.agreement_start(period=period, leader=cast.employee, actor=cast.employee)
    assert agreement.leader == cast.employee


def test_participation_follows_the_rules_even_before_the_list_is_refreshed(cast, period):
    # No refresh has run for this period: the leader still takes part by the rule.
    assert not period.participants.exists()
    assert permissions.is_period_participant(cast.leader, period)
    assert not permissions.is_period_participant(cast.employee, period)


def test_a_process_owner_starts_one_for_a_participant_in_their_scope(cast, period):
    assert permissions.can_start_agreement(cast.process_owner, cast.leader, period)
    agreement = services.agreement_start(period=period, leader=cast.leader, actor=cast.process_owner)
    assert agreement.leader == cast.leader


def test_a_process_owner_may_not_start_one_for_a_non_participant(cast, period):
    with pytest.raises(PermissionDeniedError) as exc, translation.override("en"):
        services.agreement_start(period=period, leader=cast.employee, actor=cast.process_owner)
    assert "does not take part" in exc.value.message


def test_a_subtree_process_owner_only_within_their_subtree(cast, period):
    scoped = person_with_login(organisation=cast.organisation, unit=cast.section, name="Siri Seksjon",
                               username="scoped_po")
    role_grant(person=scoped, role=GrantedRole.PROCESS_OWNER, unit=cast.section)
    assert permissions.can_start_agreement(scoped, cast.leader, period)
    assert not permissions.can_start_agreement(scoped, cast.other_leader, period)
    with pytest.raises(PermissionDeniedError):
        services.agreement_start(period=period, leader=cast.other_leader, actor=scoped)


def test_nobody_else_starts_one_for_a_participant(cast, period):
    for actor in (cast.superior, cast.director, cast.employee, cast.admin_person):
        with pytest.raises(PermissionDeniedError) as exc, translation.override("en"):
            services.agreement_start(period=period, leader=cast.leader, actor=actor)
        assert "Only Live Leder, or a process owner for their unit" in exc.value.message
    assert not Agreement.objects.filter(leader=cast.leader).exists()


def test_the_start_page_refuses_a_non_participant_with_403_and_the_reason(cast, period, client_for):
    cast.employee.language = "en"  # the page speaks the person's language
    cast.employee.save(update_fields=["language"])
    client = client_for(cast.employee)
    url = reverse("agreements:start", args=[period.pk])
    response = client.get(url)
    assert response.status_code == 403
    assert "do not take part in 2026" in response.content.decode()
    response = client.post(url, {})
    assert response.status_code == 403
    assert not Agreement.objects.filter(leader=cast.employee).exists()
    # The list offers no start button to a non-participant.
    assert url not in client.get(reverse("agreements:list")).content.decode()


def test_the_start_page_is_open_to_a_participant(cast, period, client_for):
    response = client_for(cast.leader).get(reverse("agreements:start", args=[period.pk]))
    assert response.status_code == 200
