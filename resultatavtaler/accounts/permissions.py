"""The one permissions policy (CONVENTIONS.md): every view and API endpoint asks here, and
nothing re-derives a right inline.

Shape — follow it when you add your domain:

* Functions are named ``can_<verb>_<thing>(person, thing=None) -> bool`` (or ``is_<role>``).
  The first argument is always the acting ``Person`` (``request.person``), which may be
  ``None`` (a login without a person, or a person who has left): every function answers
  ``False`` for ``None``. ``request.person`` is only ever an *active* person
  (accounts.middleware.PersonMiddleware), so functions need not re-check ``is_active``.
* A function answers one question and never raises. Views turn ``False`` into 403
  (``raise PermissionDenied``); services turn it into ``PermissionDeniedError`` with a
  translated message.
* Organisation isolation comes first and is not a right: another organisation's object
  does not exist for the person and answers 404. Views load objects with
  ``get_object_for_person_or_404(Model_or_queryset, person, pk=...)`` and only then ask
  ``can_...``. Every ``can_...`` that takes an object also answers ``False`` for another
  organisation's object (``same_organisation``), so a function is safe on its own.
* Roles follow the unit tree (leader, superior, upper chain, employee: organisations.selectors);
  only process owner, admin and pay are explicit ``RoleGrant`` rows, organisation-wide or
  for a unit subtree (``has_role``).
* The platform superuser (Django ``is_superuser``) is a technical role for ``django-admin/``
  only; it gives no right inside an organisation (``can_use_django_admin``).

Domain apps add their functions here, additively and grouped under a heading comment, e.g.::

    # --- agreements -------------------------------------------------------------
    def can_view_agreement(person, agreement) -> bool:
        if not same_organisation(person, agreement):
            return False
        return person.pk in (agreement.leader_id, agreement.superior_id) or ...
"""

from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from resultatavtaler.organisations.constants import GrantedRole
from resultatavtaler.organisations.models import Organisation, Person, RoleGrant, Unit

# --- organisation isolation ---------------------------------------------------------


def same_organisation(person: Person | None, obj) -> bool:
    """True when `obj` (anything with `organisation_id`, or an Organisation) belongs to the
    person's organisation."""
    if person is None or obj is None:
        return False
    org_id = obj.pk if isinstance(obj, Organisation) else getattr(obj, "organisation_id", None)
    return org_id is not None and org_id == person.organisation_id


def ensure_same_organisation(person: Person | None, obj) -> None:
    """Another organisation's object does not exist for this person: 404, never 403."""
    if not same_organisation(person, obj):
        raise Http404


def get_object_for_person_or_404(queryset_or_model: type[Model] | QuerySet, person: Person | None, **lookup):
    """Load one object of the person's own organisation, or answer 404.

    The lookup is scoped to the organisation *in the query*, so another organisation's
    object is indistinguishable from a missing one (no 403 that would confirm it exists).
    The model must have an ``organisation`` foreign key (every tenant record does).
    """
    if person is None:
        raise Http404
    queryset = queryset_or_model if isinstance(queryset_or_model, QuerySet) else queryset_or_model._default_manager.all()
    return get_object_or_404(queryset.filter(organisation_id=person.organisation_id), **lookup)


# --- explicit roles ----------------------------------------------------------------


def _grants(person: Person, role: str):
    return RoleGrant.objects.filter(organisation_id=person.organisation_id, person=person, role=role)


def has_role(person: Person | None, role: str, unit: Unit | None = None) -> bool:
    """True when the person holds the role for the whole organisation or, with `unit`,
    for a subtree that contains that unit. Without `unit` only an organisation-wide grant
    counts."""
    if person is None:
        return False
    if unit is not None and unit.organisation_id != person.organisation_id:
        return False
    for g in _grants(person, role).select_related("unit"):
        if g.unit_id is None:
            return True
        if unit is not None and unit.path.startswith(g.unit.path):
            return True
    return False


def is_process_owner(person: Person | None, unit: Unit | None = None) -> bool:
    """Without `unit`: holds a process-owner grant of any scope (organisation or subtree),
    e.g. to show the administration menu. With `unit`: the grant covers that unit."""
    if person is None:
        return False
    if unit is None:
        return _grants(person, GrantedRole.PROCESS_OWNER).exists()
    return has_role(person, GrantedRole.PROCESS_OWNER, unit)


def is_organisation_process_owner(person: Person | None) -> bool:
    """Holds the process-owner role for the whole organisation (not only a subtree)."""
    return has_role(person, GrantedRole.PROCESS_OWNER)


def is_admin(person: Person | None) -> bool:
    """The organisation's administrator (configuration; no implicit access to personal
    evaluations, DESIGN.md §1)."""
    return has_role(person, GrantedRole.ADMIN)


# --- organisations app ---------------------------------------------------------------


def can_view_organisation_tree(person: Person | None) -> bool:
    # Everyone in the organisation may see its units, leaders and colleagues (a staff list).
    return person is not None and person.is_active


def can_import_organisation(person: Person | None) -> bool:
    """The HR import replaces the whole organisation's units and people, so it needs the
    organisation-wide process-owner grant (a subtree grant is not enough) or admin."""
    return is_organisation_process_owner(person) or is_admin(person)


def can_administer_organisation(person: Person | None) -> bool:
    """Organisation settings and explicit role grants (process owner, admin, pay)."""
    return is_admin(person)


# --- platform ------------------------------------------------------------------------


def can_use_django_admin(user) -> bool:
    """`django-admin/` is for platform superusers only: staff status alone is not enough,
    and an organisation's admin role does not open it."""
    return bool(user is not None and user.is_active and user.is_superuser)


def can_view_audit_log(person: Person | None) -> bool:
    """The organisation's audit log is for its administrators (DESIGN.md §6)."""
    return person is not None and person.is_active and is_admin(person)
