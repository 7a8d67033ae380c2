"""Reads of the organisation tree that other apps share: who leads what, who is whose
superior, and the subtree queries. Everything here stays inside one organisation."""

from django.db.models import QuerySet

from resultatavtaler.accounts import permissions

from .models import Person, Unit


def units_in_subtree(unit: Unit, *, include_self: bool = True) -> QuerySet[Unit]:
    qs = Unit.objects.filter(organisation_id=unit.organisation_id, path__startswith=unit.path)
    if not include_self:
        qs = qs.exclude(pk=unit.pk)
    return qs


def led_units(person: Person) -> QuerySet[Unit]:
    return Unit.objects.filter(organisation_id=person.organisation_id, leader=person)


def leader_unit(person: Person) -> Unit | None:
    """The unit a person leads (the highest one, if several)."""
    return led_units(person).order_by("depth").first()


def superior_of(person: Person, *, led: list[Unit] | None = None) -> Person | None:
    """The nearest superior (DESIGN.md §1): for a unit leader, the leader of the nearest
    ancestor unit led by someone else; for anyone else, the leader of their unit (or of the
    nearest ancestor with a leader, when their own unit has none). A caller that has read the
    person's led units, highest first, passes them as `led`; otherwise the paths of the units
    they lead come with their role grants, which a request reads once (`permissions`)."""
    if led is not None:
        own_path = led[0].path if led else None
    else:
        paths = permissions.led_unit_paths(person)
        # The highest unit they lead (fewest levels; the same path order among equals).
        own_path = min(paths, key=lambda path: (path.count("/"), path)) if paths else None
    if own_path is not None:
        ids = Unit(path=own_path).ancestor_ids()
    elif person.unit_id is not None:
        ids = [*person.unit.ancestor_ids(), person.unit_id]
    else:
        return None
    if not ids:
        return None
    units = {
        u.pk: u
        for u in Unit.objects.filter(organisation_id=person.organisation_id, pk__in=ids).select_related("leader")
    }
    for uid in reversed(ids):
        u = units.get(uid)
        if u is not None and u.leader_id and u.leader_id != person.pk:
            return u.leader
    return None


def upper_chain_of(person: Person) -> list[Person]:
    """The superior, the superior's superior and so on up to the top."""
    chain: list[Person] = []
    current = superior_of(person)
    while current is not None and current not in chain:
        chain.append(current)
        current = superior_of(current)
    return chain


def direct_reports(leader: Person) -> QuerySet[Person]:
    """Members of the units a person leads, and the leaders of the units directly below
    whose superior (by the tree) is this person."""
    units = list(led_units(leader))
    if not units:
        return Person.objects.none()
    member_ids = set(
        Person.objects.filter(unit__in=units, is_active=True).exclude(pk=leader.pk).values_list("pk", flat=True)
    )
    for child in Unit.objects.filter(parent__in=units).exclude(leader=None).exclude(leader=leader):
        member_ids.add(child.leader_id)
    return Person.objects.filter(pk__in=member_ids).order_by("name")
