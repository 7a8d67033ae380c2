"""Reads of the experience library and the introduction guide (each a fixed number of queries)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from resultatavtaler.agreements.models import Requirement
from resultatavtaler.organisations.constants import GrantedRole, UnitKind
from resultatavtaler.organisations.models import Person, RoleGrant, Unit

from .guide_data import GROUPS, ITEM_KEYS
from .models import GuideProgress, LibraryEntry


def library_search(person: Person, *, q: str = "", category: str = "", perspective: str = "") -> QuerySet[LibraryEntry]:
    """The organisation's entries matching every given criterion. Text search is a
    case-insensitive substring match on the requirement, indicators, elements and evaluation
    (icontains: LIKE on SQLite, ILIKE-style UPPER() LIKE on PostgreSQL)."""
    qs = LibraryEntry.objects.filter(organisation_id=person.organisation_id).select_related(
        "created_by", "source_agreement__unit"
    )
    for word in q.split()[:8]:
        qs = qs.filter(
            Q(text__icontains=word) | Q(indicators__icontains=word) | Q(evaluation_method__icontains=word)
            | Q(elements__icontains=word)
        )
    if category:
        qs = qs.filter(category=category)
    if perspective:
        qs = qs.filter(perspective=perspective)
    return qs.order_by("category", "-created_at", "pk")


def shareable_requirements(person: Person) -> QuerySet[Requirement]:
    """The person's own requirements (not common ones), newest period first, with whether
    each is already shared."""
    shared_ids = LibraryEntry.objects.filter(
        organisation_id=person.organisation_id, source_requirement__isnull=False
    ).values("source_requirement_id")
    from django.db.models import Exists, OuterRef

    return (
        Requirement.objects.filter(
            agreement__organisation_id=person.organisation_id, agreement__leader=person,
            common_requirement__isnull=True,
        )
        .select_related("agreement__period")
        .annotate(is_shared=Exists(shared_ids.filter(source_requirement_id=OuterRef("pk"))))
        .order_by("-agreement__period__start", "category_key", "position", "pk")
    )


def guide_units(person: Person) -> list[Unit]:
    """The departments in the person's process-owner scope, each with its count of done
    items. Departments are units of kind "department"; an organisation without them uses the
    units right below the top."""
    grants = list(
        RoleGrant.objects.filter(organisation_id=person.organisation_id, person=person,
                                 role=GrantedRole.PROCESS_OWNER).select_related("unit")
    )
    if not grants:
        return []
    qs = Unit.objects.filter(organisation_id=person.organisation_id)
    if not any(g.unit_id is None for g in grants):
        scope = Q(pk__in=[])
        for g in grants:
            scope |= Q(path__startswith=g.unit.path)
        qs = qs.filter(scope)
    departments = qs.filter(kind=UnitKind.DEPARTMENT)
    if not departments.exists():
        departments = qs.filter(depth=1) if qs.filter(depth=1).exists() else qs.filter(depth=0)
    done = GuideProgress.objects.filter(unit_id__in=departments.values("pk"))
    counts = {r["unit_id"]: r["n"] for r in done.values("unit_id").annotate(n=Count("pk"))}
    units = list(departments.select_related("leader").order_by("path"))
    for u in units:
        u.guide_done = counts.get(u.pk, 0)
        u.guide_total = len(ITEM_KEYS)
    return units


def guide_checklist(unit: Unit, language: str) -> list[dict]:
    """The guide's groups with each item's text in the language, and who ticked it when."""
    done = {g.item_key: g for g in GuideProgress.objects.filter(unit=unit).select_related("done_by")}
    lang = language if language in ("nb", "nn", "en") else "nb"
    return [
        {
            "key": group["key"],
            "title": group["title"],
            "items": [
                {"key": item["key"], "text": item[lang], "done": done.get(item["key"])} for item in group["items"]
            ],
        }
        for group in GROUPS
    ]
