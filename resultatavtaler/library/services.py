"""What the library app offers to others (keyword-only, atomic, rights-checked, audited):

* `library_ensure_seed_examples(organisation=...)` — the seed's example requirements, once per
  organisation (idempotent; the library page calls it lazily).
* `library_share_requirement(requirement=..., actor=...)` — a leader shares one of their own
  requirements with the whole organisation.
* `library_copy_to_draft(entry=..., actor=..., agreement=..., category_key=...)` — copy an entry
  into the person's own draft through the agreements service `requirement_add`.
* `library_entry_delete(entry=..., actor=...)` — the one who shared it, or a process owner.
* `guide_set_progress(unit=..., actor=..., done_keys=...)` — tick the introduction guide.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from resultatavtaler.accounts import permissions
from resultatavtaler.agreements.models import Agreement, Requirement
from resultatavtaler.agreements.services import requirement_add
from resultatavtaler.audit.services import audit_record
from resultatavtaler.core_errors import DomainError, PermissionDeniedError
from resultatavtaler.organisations.models import Organisation, Person, Unit

from .constants import CATEGORY_BY_TEMPLATE_KEY, LibraryCategory, LibrarySource
from .guide_data import ITEM_KEYS
from .models import GuideProgress, LibraryEntry
from .seed_examples import EXAMPLES


def _not_found() -> DomainError:
    return DomainError(_("Not found."), code="not_found", status=404)


def library_ensure_seed_examples(*, organisation: Organisation) -> int:
    """Create the seed's examples the organisation does not have yet; returns how many."""
    have = set(
        LibraryEntry.objects.filter(organisation=organisation, source=LibrarySource.SEED_EXAMPLE).values_list(
            "seed_key", flat=True
        )
    )
    missing = [ex for ex in EXAMPLES if ex["key"] not in have]
    if not missing:
        return 0
    created = 0
    for ex in missing:
        try:
            with transaction.atomic():
                LibraryEntry.objects.create(
                    organisation=organisation,
                    seed_key=ex["key"],
                    text=ex["text"],
                    category=ex["category"],
                    perspective=ex.get("perspective", ""),
                    indicators="\n".join(ex.get("indicators", [])),
                    evaluation_method=ex.get("evaluation", ""),
                    elements="\n".join(ex.get("elements", [])),
                    source=LibrarySource.SEED_EXAMPLE,
                    source_reference=ex["reference"],
                    language="nb",
                )
                created += 1
        except IntegrityError:  # another request seeded it at the same moment
            continue
    return created


def library_share_requirement(
    *, requirement: Requirement, actor: Person, category: str | None = None, request=None
) -> LibraryEntry:
    """Share a requirement of the actor's own agreement. The indicators, evaluation method and
    elements come along; the agreement is remembered as the source (shown as the unit, not
    the person's results). Sharing the same requirement twice is refused."""
    if actor is None or requirement.agreement.organisation_id != actor.organisation_id:
        raise _not_found()
    if not permissions.can_share_requirement(actor, requirement):
        raise PermissionDeniedError(_("Only the leader whose agreement holds the requirement can share it."))
    if category is None:
        category = CATEGORY_BY_TEMPLATE_KEY.get(requirement.category_key, LibraryCategory.PROFESSIONAL)
    if category not in LibraryCategory.values:
        raise DomainError(_("Unknown choice: %(value)s") % {"value": category})
    with transaction.atomic():
        if LibraryEntry.objects.filter(organisation_id=actor.organisation_id, source_requirement=requirement).exists():
            raise DomainError(_("You have already shared this requirement."), code="already_shared")
        req = Requirement.objects.select_related("agreement").prefetch_related("indicators").get(pk=requirement.pk)
        entry = LibraryEntry.objects.create(
            organisation_id=actor.organisation_id,
            text=req.text,
            category=category,
            perspective=req.perspective,
            indicators="\n".join(i.text for i in req.indicators.all()),
            evaluation_method=req.evaluation_method,
            elements="\n".join(str(e) for e in req.elements or []),
            source=LibrarySource.SHARED,
            source_agreement=req.agreement,
            source_requirement=req,
            language=actor.language or actor.organisation.default_language or "nb",
            created_by=actor,
        )
        audit_record(action="library.share", actor=actor, obj=entry, request=request,
                     data={"requirement": req.pk, "agreement": req.agreement_id, "category": category})
    return entry


def copy_targets(person: Person) -> list[tuple[Agreement, dict]]:
    """The (agreement, category) pairs the person may copy into: their own agreements they can
    edit now, and each template category that is not filled with common requirements."""
    if person is None:
        return []
    out = []
    for ag in (
        Agreement.objects.filter(organisation_id=person.organisation_id, leader=person)
        .select_related("period", "template_version", "unit", "leader", "superior")
        .order_by("-period__start")
    ):
        if not permissions.can_edit_agreement(person, ag):
            continue
        for cat in ag.template_version.categories:
            if not cat.get("is_common"):
                out.append((ag, cat))
    return out


def library_copy_to_draft(
    *, entry: LibraryEntry, actor: Person, agreement: Agreement, category_key: str
) -> Requirement:
    if actor is None or entry.organisation_id != actor.organisation_id:
        raise _not_found()
    if agreement.organisation_id != actor.organisation_id or agreement.leader_id != actor.pk:
        raise _not_found()
    agreement.refresh_from_db()
    return requirement_add(
        agreement=agreement,
        actor=actor,
        expected_lock_version=agreement.lock_version,
        category_key=category_key,
        text=entry.text,
        indicators=entry.indicator_list,
        evaluation_method=entry.evaluation_method,
        elements=entry.element_list,
        **({"perspective": entry.perspective} if entry.perspective else {}),
    )


def library_entry_delete(*, entry: LibraryEntry, actor: Person, request=None) -> None:
    if actor is None or entry.organisation_id != actor.organisation_id:
        raise _not_found()
    if not permissions.can_delete_library_entry(actor, entry):
        raise PermissionDeniedError(_("Only the one who shared it or a process owner can remove it."))
    with transaction.atomic():
        audit_record(action="library.delete", actor=actor, obj=entry, request=request,
                     data={"text": entry.text[:200], "source": entry.source})
        entry.delete()


def guide_set_progress(*, unit: Unit, actor: Person, done_keys: list[str], request=None) -> list[GuideProgress]:
    """Make the ticked items exactly `done_keys` for the unit: new ones get who and when,
    items already done keep theirs, unticked ones are removed."""
    if actor is None or unit.organisation_id != actor.organisation_id:
        raise _not_found()
    if not permissions.can_manage_introduction_guide(actor, unit):
        raise PermissionDeniedError(_("Only a process owner for this unit keeps its introduction guide."))
    wanted = set(done_keys)
    unknown = wanted - set(ITEM_KEYS)
    if unknown:
        raise DomainError(_("Unknown choice: %(value)s") % {"value": ", ".join(sorted(unknown))})
    with transaction.atomic():
        Unit.objects.select_for_update().get(pk=unit.pk)
        existing = {g.item_key: g for g in GuideProgress.objects.filter(unit=unit)}
        removed = [k for k in existing if k not in wanted]
        GuideProgress.objects.filter(unit=unit, item_key__in=removed).delete()
        added = [k for k in ITEM_KEYS if k in wanted and k not in existing]
        now = timezone.now()
        GuideProgress.objects.bulk_create([
            GuideProgress(organisation_id=unit.organisation_id, unit=unit, item_key=k, done_by=actor, done_at=now)
            for k in added
        ])
        if added or removed:
            audit_record(action="guide.progress", actor=actor, obj=unit, request=request,
                         data={"done": added, "undone": removed})
    return list(GuideProgress.objects.filter(unit=unit).select_related("done_by"))
