"""The permissions policy for what exists so far, as a matrix over the named cast."""

import pytest
from django.http import Http404

from resultatavtaler.accounts import permissions
from resultatavtaler.organisations.constants import GrantedRole
from resultatavtaler.organisations.models import Person, Unit
from resultatavtaler.organisations.services import role_grant
from resultatavtaler.organisations.tests.factories import UserFactory

CAST = ["leader", "superior", "director", "employee", "process_owner", "admin_person", "outsider"]


def person(cast, name) -> Person:
    return getattr(cast, name)


@pytest.mark.parametrize("name", CAST)
def test_everyone_active_may_view_their_organisation_tree(cast, name):
    assert permissions.can_view_organisation_tree(person(cast, name)) is True


def test_nobody_and_people_who_left_may_not_view_the_tree(cast):
    assert permissions.can_view_organisation_tree(None) is False
    cast.employee.is_active = False
    assert permissions.can_view_organisation_tree(cast.employee) is False


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("leader", False),
        ("superior", False),
        ("director", False),
        ("employee", False),
        ("process_owner", True),
        ("admin_person", True),
        ("outsider", False),
    ],
)
def test_import_needs_the_organisation_wide_process_owner_or_admin(cast, name, allowed):
    assert permissions.can_import_organisation(person(cast, name)) is allowed


def test_a_subtree_process_owner_may_not_import_the_whole_organisation(cast):
    role_grant(person=cast.leader, role=GrantedRole.PROCESS_OWNER, unit=cast.section)
    assert permissions.is_process_owner(cast.leader) is True
    assert permissions.is_process_owner(cast.leader, cast.section) is True
    assert permissions.is_process_owner(cast.leader, cast.department) is False
    assert permissions.is_organisation_process_owner(cast.leader) is False
    assert permissions.can_import_organisation(cast.leader) is False


@pytest.mark.parametrize(
    ("name", "allowed"),
    [(n, n == "admin_person") for n in CAST],
)
def test_only_the_admin_administers_the_organisation(cast, name, allowed):
    assert permissions.can_administer_organisation(person(cast, name)) is allowed


def test_a_role_never_reaches_into_another_organisation(cast):
    outsider_unit = Unit.objects.get(organisation=cast.other_organisation)
    assert permissions.has_role(cast.process_owner, GrantedRole.PROCESS_OWNER, outsider_unit) is False
    assert permissions.is_process_owner(cast.process_owner, outsider_unit) is False
    assert permissions.is_process_owner(cast.process_owner, cast.section) is True


def test_same_organisation(cast):
    assert permissions.same_organisation(cast.leader, cast.section) is True
    assert permissions.same_organisation(cast.leader, cast.organisation) is True
    assert permissions.same_organisation(cast.outsider, cast.section) is False
    assert permissions.same_organisation(cast.outsider, cast.organisation) is False
    assert permissions.same_organisation(None, cast.section) is False
    with pytest.raises(Http404):
        permissions.ensure_same_organisation(cast.outsider, cast.employee)


def test_get_object_for_person_or_404(cast):
    assert permissions.get_object_for_person_or_404(Unit, cast.leader, pk=cast.section.pk) == cast.section
    # Another organisation's object is answered exactly like a missing one.
    with pytest.raises(Http404):
        permissions.get_object_for_person_or_404(Unit, cast.outsider, pk=cast.section.pk)
    with pytest.raises(Http404):
        permissions.get_object_for_person_or_404(Unit, cast.leader, pk=10**9)
    with pytest.raises(Http404):
        permissions.get_object_for_person_or_404(Unit, None, pk=cast.section.pk)
    # A queryset keeps its own narrowing, and the organisation scope is added to it.
    active = Person.objects.filter(is_active=True)
    assert permissions.get_object_for_person_or_404(active, cast.leader, pk=cast.employee.pk) == cast.employee
    with pytest.raises(Http404):
        permissions.get_object_for_person_or_404(active, cast.outsider, pk=cast.employee.pk)
    cast.employee.is_active = False
    cast.employee.save(update_fields=["is_active"])
    with pytest.raises(Http404):
        permissions.get_object_for_person_or_404(active, cast.leader, pk=cast.employee.pk)


def test_only_platform_superusers_use_django_admin(cast, db):
    staff = UserFactory(username="staff")
    staff.is_staff = True
    superuser = UserFactory(username="root")
    superuser.is_staff = superuser.is_superuser = True
    assert permissions.can_use_django_admin(superuser) is True
    assert permissions.can_use_django_admin(staff) is False
    assert permissions.can_use_django_admin(cast.admin_person.user) is False
    superuser.is_active = False
    assert permissions.can_use_django_admin(superuser) is False
    assert permissions.can_use_django_admin(None) is False
