"""The one permissions policy (CONVENTIONS.md): every view and API endpoint asks here.

Rights follow the organisation tree (DESIGN.md §1); process owner, admin and pay roles are
explicit grants. An object of another organisation is answered with 404 by the views
(`get_for_person_or_404`), a missing right with 403.
"""

from django.http import Http404

from resultatavtaler.organisations.constants import GrantedRole
from resultatavtaler.organisations.models import Person, RoleGrant, Unit


def same_organisation(person: Person | None, obj) -> bool:
    org_id = getattr(obj, "organisation_id", None)
    return person is not None and org_id is not None and org_id == person.organisation_id


def ensure_same_organisation(person: Person | None, obj) -> None:
    """Another organisation's object does not exist for this person: 404, never 403."""
    if not same_organisation(person, obj):
        raise Http404


def _grants(person: Person, role: str):
    return RoleGrant.objects.filter(organisation_id=person.organisation_id, person=person, role=role)


def has_role(person: Person | None, role: str, unit: Unit | None = None) -> bool:
    """True when the person holds the role for the whole organisation or, with `unit`,
    for a subtree that contains that unit."""
    if person is None:
        return False
    grants = list(_grants(person, role).select_related("unit"))
    for g in grants:
        if g.unit_id is None:
            return True
        if unit is not None and unit.path.startswith(g.unit.path):
            return True
    return False


def is_process_owner(person: Person | None, unit: Unit | None = None) -> bool:
    if person is None:
        return False
    if unit is None:
        return _grants(person, GrantedRole.PROCESS_OWNER).exists()
    return has_role(person, GrantedRole.PROCESS_OWNER, unit)


def is_admin(person: Person | None) -> bool:
    return has_role(person, GrantedRole.ADMIN)


def can_view_organisation_tree(person: Person | None) -> bool:
    # Everyone in the organisation may see its units, leaders and colleagues (a staff list).
    return person is not None and person.is_active


def can_import_organisation(person: Person | None) -> bool:
    return is_process_owner(person) or is_admin(person)
