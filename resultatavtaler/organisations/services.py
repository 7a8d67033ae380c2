"""What the organisations app offers to others: creating and moving units (keeping the
materialised path and depth right), setting leaders, and granting explicit roles."""

from django.db import transaction
from django.utils.translation import gettext as _

from resultatavtaler.accounts.permission_memo import forget as forget_permission_memo
from resultatavtaler.core_errors import DomainError

from .models import Organisation, Person, RoleGrant, Unit


def _path_for(unit: Unit) -> tuple[str, int]:
    if unit.parent_id is None:
        return f"/{unit.pk}/", 0
    parent = unit.parent
    return f"{parent.path}{unit.pk}/", parent.depth + 1


def unit_refresh_paths(*, organisation: Organisation) -> None:
    """Recompute path and depth for every unit of an organisation (after a bulk change)."""
    units = list(Unit.objects.filter(organisation=organisation).only("id", "parent_id", "path", "depth"))
    by_id = {u.pk: u for u in units}
    children: dict[int | None, list[Unit]] = {}
    for u in units:
        children.setdefault(u.parent_id, []).append(u)
    changed = []
    stack = [(u, f"/{u.pk}/", 0) for u in children.get(None, [])]
    seen = set()
    while stack:
        u, path, depth = stack.pop()
        seen.add(u.pk)
        if u.path != path or u.depth != depth:
            u.path, u.depth = path, depth
            changed.append(u)
        for c in children.get(u.pk, []):
            stack.append((c, f"{path}{c.pk}/", depth + 1))
    if len(seen) != len(by_id):
        raise DomainError(_("The unit tree contains a cycle."))
    Unit.objects.bulk_update(changed, ["path", "depth"], batch_size=500)
    forget_permission_memo()


@transaction.atomic
def unit_create(
    *, organisation: Organisation, code: str, name: str, parent: Unit | None = None, kind: str = "other",
    leader: Person | None = None,
) -> Unit:
    if parent is not None and parent.organisation_id != organisation.pk:
        raise DomainError(_("The parent unit belongs to another organisation."))
    unit = Unit.objects.create(organisation=organisation, code=code, name=name, parent=parent, kind=kind, leader=leader)
    unit.path, unit.depth = _path_for(unit)
    unit.save(update_fields=["path", "depth"])
    return unit


@transaction.atomic
def unit_move(*, unit: Unit, new_parent: Unit | None) -> Unit:
    if new_parent is not None:
        if new_parent.organisation_id != unit.organisation_id:
            raise DomainError(_("The parent unit belongs to another organisation."))
        if new_parent.path.startswith(unit.path):
            raise DomainError(_("A unit cannot be placed below itself."))
    unit.parent = new_parent
    unit.save(update_fields=["parent"])
    unit_refresh_paths(organisation=unit.organisation)
    unit.refresh_from_db()
    return unit


def role_grant(*, person: Person, role: str, unit: Unit | None = None) -> RoleGrant:
    grant, _created = RoleGrant.objects.get_or_create(
        organisation=person.organisation, person=person, role=role, unit=unit
    )
    return grant
