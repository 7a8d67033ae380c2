import pytest

from resultatavtaler.core_errors import DomainError
from resultatavtaler.lib.validators import is_valid_organisation_number
from resultatavtaler.organisations.selectors import direct_reports, superior_of, units_in_subtree, upper_chain_of
from resultatavtaler.organisations.services import unit_create, unit_move


def test_superior_of_section_leader_is_department_leader(cast):
    assert superior_of(cast.leader) == cast.superior
    assert superior_of(cast.superior) == cast.director
    assert superior_of(cast.director) is None


def test_superior_of_employee_is_leader_of_their_unit(cast):
    assert superior_of(cast.employee) == cast.leader


def test_superior_skips_ancestor_without_leader(cast):
    cast.department.leader = None
    cast.department.save()
    assert superior_of(cast.leader) == cast.director


def test_upper_chain(cast):
    assert upper_chain_of(cast.leader) == [cast.superior, cast.director]


def test_direct_reports_include_members_and_subunit_leaders(cast):
    reports = set(direct_reports(cast.superior))
    assert cast.leader in reports and cast.other_leader in reports
    assert cast.employee not in reports
    assert cast.employee in set(direct_reports(cast.leader))


def test_subtree_and_move(cast):
    assert set(units_in_subtree(cast.department)) == {cast.department, cast.section, cast.other_section}
    new = unit_create(organisation=cast.organisation, code="NY", name="Ny avdeling", parent=cast.ministry)
    unit_move(unit=cast.section, new_parent=new)
    cast.section.refresh_from_db()
    assert cast.section.path == f"{new.path}{cast.section.pk}/"
    assert superior_of(cast.leader) == cast.director  # the new department has no leader


def test_move_below_itself_is_refused(cast):
    with pytest.raises(DomainError):
        unit_move(unit=cast.department, new_parent=cast.section)
    cast.section.refresh_from_db()
    assert cast.section.parent == cast.department


@pytest.mark.parametrize(
    "value,ok",
    [("999000002", True), ("999000003", False), ("12345678", False), ("abcdefghi", False), ("974761076", True)],
)
def test_organisation_number_mod11(value, ok):
    assert is_valid_organisation_number(value) is ok


def test_within_a_request_a_leaders_superior_comes_from_the_grants_read_once(cast):
    """The units a person leads come with their role grants, read once per request (the
    permission memo): finding a leader's superior then reads only the ancestors' leaders, and a
    unit changed in the request is seen (a write to Unit empties the memo)."""
    from django.db import connection
    from django.http import HttpResponse
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from resultatavtaler.accounts import permissions
    from resultatavtaler.accounts.permission_memo import PermissionMemoMiddleware

    found = {}

    def view(request):
        permissions.led_unit_paths(cast.leader)  # the menu's question, asked first on a page
        with CaptureQueriesContext(connection) as ctx:
            found["superior"] = superior_of(cast.leader)
        found["statements"] = [q["sql"] for q in ctx.captured_queries]
        cast.department.leader = None
        cast.department.save()
        found["after"] = superior_of(cast.leader)
        return HttpResponse()

    PermissionMemoMiddleware(view)(RequestFactory().get("/"))
    assert found["superior"] == cast.superior
    (statement,) = found["statements"]
    assert '"organisations_unit"."id" IN' in statement  # the ancestors, with their leaders
    assert found["after"] == cast.director
