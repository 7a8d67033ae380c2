"""Templates (copy and tailor; every edit a new version) and common requirements, which
appear read-only in every agreement below their unit."""

import copy

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from resultatavtaler.accounts import permissions
from resultatavtaler.audit.services import audit_record
from resultatavtaler.core_errors import DomainError
from resultatavtaler.lib.edit_versions import check_edit_version, edit_version
from resultatavtaler.organisations.models import Organisation, Person, Unit

from ..constants import AgreementState
from ..models import Agreement, CommonRequirement, Indicator, Period, Requirement, Template, TemplateVersion, localized
from ..template_content import validate_content
from ._common import bump, lock_agreement, not_found, refuse, renumber, void_pending_signatures


def template_copy(
    *, template: Template, organisation: Organisation, actor: Person, name: str = "", key: str = ""
) -> Template:
    """Copy a built-in (or the organisation's own) template for tailoring (skreddersøm)."""
    if actor is None or actor.organisation_id != organisation.pk:
        raise not_found()
    if template.organisation_id not in (None, organisation.pk):
        raise not_found()
    if not permissions.can_manage_templates(actor):
        refuse(_("Only the process owner can copy and tailor templates."))
    source = template.latest_version()
    if source is None:
        raise DomainError(_("The template has no version to copy."))
    name = name.strip() or localized({"nb": template.name_nb, "nn": template.name_nn, "en": template.name_en})
    key = slugify(key or name)[:50] or "mal"
    with transaction.atomic():
        base, n = key, 2
        while Template.objects.filter(organisation=organisation, key=key).exists():
            key, n = f"{base}-{n}", n + 1
        content = copy.deepcopy(source.content)
        content["title"] = {**content.get("title", {}), "nb": name}
        new = Template.objects.create(
            organisation=organisation,
            key=key,
            name_nb=name,
            name_nn=name,
            name_en=name,
            is_builtin=False,
            based_on=source,
        )
        TemplateVersion.objects.create(
            template=new,
            number=1,
            content=content,
            created_by=actor,
            change_note=_("Copied from %(name)s, version %(n)s") % {"name": template.name_nb, "n": source.number},
        )
        audit_record(
            action="template.copy", actor=actor, obj=new, organisation=organisation, data={"from_version": source.pk}
        )
    return new


def template_update(
    *, template: Template, actor: Person, content: dict, change_note: str = "", expected_version: int | None = None
) -> TemplateVersion:
    """A new version; agreements made on earlier versions keep theirs. `expected_version` (the
    number of the version the form was made from) refuses a save over a newer version."""
    if template.is_builtin or template.organisation_id is None:
        raise DomainError(_("Built-in templates cannot be changed. Make a copy and tailor it."))
    if actor is None or actor.organisation_id != template.organisation_id:
        raise not_found()
    if not permissions.can_manage_templates(actor):
        refuse(_("Only the process owner can change templates."))
    validate_content(content)
    with transaction.atomic():
        template = Template.objects.select_for_update().get(pk=template.pk)
        last = template.latest_version()
        if expected_version is not None and last is not None and int(expected_version) != last.number:
            newer = TemplateVersion.objects.filter(template=template, number__gt=int(expected_version)).order_by(
                "number"
            )
            raise DomainError(
                _(
                    "Someone else saved the template while you were working on it, and your changes were not "
                    "saved. Newer versions: %(versions)s. Reload the page to see them, then make your changes again."
                )
                % {
                    "versions": "; ".join(
                        f"{v.number} ({v.created_by.name if v.created_by else '–'}: {v.change_note or '–'})"
                        for v in newer.select_related("created_by")
                    )
                },
                code="stale",
                status=409,
            )
        if last is not None and last.content == content:
            raise DomainError(_("Nothing was changed."))
        version = TemplateVersion.objects.create(
            template=template,
            number=(last.number + 1) if last else 1,
            content=content,
            change_note=change_note[:300],
            created_by=actor,
        )
        title = content.get("title") or {}
        if title.get("nb"):
            template.name_nb = title["nb"][:200]
            template.name_nn = (title.get("nn") or template.name_nn)[:200]
            template.name_en = (title.get("en") or template.name_en)[:200]
            template.save(update_fields=["name_nb", "name_nn", "name_en"])
        audit_record(
            action="template.update",
            actor=actor,
            obj=template,
            data={"version": version.number, "note": change_note[:300]},
        )
    return version


# --- common requirements -------------------------------------------------------------


def _applicable_common(agreement: Agreement) -> list[CommonRequirement]:
    common_keys = [c["key"] for c in agreement.template_version.categories if c.get("is_common")]
    if not common_keys:
        return []
    unit_ids = [*agreement.unit.ancestor_ids(), agreement.unit_id]
    return list(
        CommonRequirement.objects.filter(period_id=agreement.period_id, category_key__in=common_keys)
        .filter(Q(unit__isnull=True) | Q(unit_id__in=unit_ids))
        .order_by("category_key", "position", "number", "pk")
    )


def _indicator_texts(req: Requirement) -> list[str]:
    return [i.text for i in sorted(req.indicators.all(), key=lambda i: (i.position, i.pk))]


def sync_common_requirements(agreement: Agreement) -> bool:
    """Make the agreement's read-only copies match the common requirements that apply to it.
    Only for drafts and agreements in review; a signed version never changes. Returns
    whether anything changed (the caller bumps the lock version and voids signatures)."""
    if agreement.state not in (AgreementState.DRAFT, AgreementState.IN_REVIEW):
        return False
    wanted = {cr.pk: cr for cr in _applicable_common(agreement)}
    copies = {
        r.common_requirement_id: r
        for r in Requirement.objects.filter(agreement=agreement, common_requirement__isnull=False).prefetch_related(
            "indicators"
        )
    }
    changed = False
    touched_categories = set()
    for cr_id, req in copies.items():
        if cr_id not in wanted:
            touched_categories.add(req.category_key)
            req.delete()
            changed = True
    index_in_category: dict[str, int] = {}
    for cr_id, cr in wanted.items():
        index_in_category[cr.category_key] = index_in_category.get(cr.category_key, 0) + 1
        req = copies.get(cr_id)
        fields = {
            "position": index_in_category[cr.category_key],
            "category_key": cr.category_key,
            "number": cr.number,
            "text": cr.text,
            "evaluation_method": cr.evaluation_method,
            "elements": list(cr.elements or []),
            "perspective": cr.perspective,
        }
        if req is None:
            req = Requirement.objects.create(
                agreement=agreement, common_requirement=cr, public=True, binds="leader", **fields
            )
            Indicator.objects.bulk_create(
                [Indicator(requirement=req, position=i, text=t) for i, t in enumerate(cr.indicators or [], start=1)]
            )
            touched_categories.add(cr.category_key)
            changed = True
            continue
        if any(getattr(req, k) != v for k, v in fields.items()) or _indicator_texts(req) != list(cr.indicators or []):
            for k, v in fields.items():
                setattr(req, k, v)
            req.save()
            req.indicators.all().delete()
            Indicator.objects.bulk_create(
                [Indicator(requirement=req, position=i, text=t) for i, t in enumerate(cr.indicators or [], start=1)]
            )
            touched_categories.add(cr.category_key)
            changed = True
    for key in touched_categories:
        renumber(agreement, key)
    return changed


def _resync_open_agreements(period: Period, unit: Unit | None, actor: Person) -> None:
    qs = Agreement.objects.filter(period=period, state__in=[AgreementState.DRAFT, AgreementState.IN_REVIEW])
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    for pk in qs.values_list("pk", flat=True):
        agreement = lock_agreement(pk)
        if sync_common_requirements(agreement):
            bump(agreement)
            void_pending_signatures(agreement, actor)


def _check_common(actor: Person, period: Period, unit: Unit | None) -> None:
    if actor is None or actor.organisation_id != period.organisation_id:
        raise not_found()
    if unit is not None and unit.organisation_id != period.organisation_id:
        raise not_found()
    if not permissions.can_manage_common_requirements(actor, unit):
        refuse(_("Only the leader of the unit or the process owner can set common requirements."))


def common_requirement_create(
    *,
    period: Period,
    actor: Person,
    category_key: str,
    text: str,
    unit: Unit | None = None,
    number: str = "",
    indicators: list[str] | None = None,
    evaluation_method: str = "",
    elements: list[str] | None = None,
    perspective: str = "",
    position: int | None = None,
) -> CommonRequirement:
    _check_common(actor, period, unit)
    if not text.strip():
        raise DomainError(_("A requirement needs a text."))
    with transaction.atomic():
        if position is None:
            position = CommonRequirement.objects.filter(period=period, unit=unit, category_key=category_key).count() + 1
        cr = CommonRequirement.objects.create(
            organisation_id=period.organisation_id,
            period=period,
            unit=unit,
            category_key=category_key,
            number=number,
            position=position,
            text=text.strip(),
            indicators=[i for i in (indicators or []) if i],
            evaluation_method=evaluation_method,
            elements=[e for e in (elements or []) if e],
            perspective=perspective,
            author=actor,
        )
        audit_record(action="common_requirement.create", actor=actor, obj=cr, data={"text": cr.text})
        _resync_open_agreements(period, unit, actor)
    return cr


COMMON_REQUIREMENT_EDIT_FIELDS = ("number", "text", "indicators", "evaluation_method", "elements", "perspective")


def common_requirement_edit_version(cr: CommonRequirement) -> str:
    return edit_version(cr, COMMON_REQUIREMENT_EDIT_FIELDS)


def common_requirement_update(
    *, common_requirement: CommonRequirement, actor: Person, expected_version: str | None = None, **fields
) -> CommonRequirement:
    """`expected_version` (the form's `common_requirement_edit_version`) refuses a save over a
    newer version."""
    cr = common_requirement
    _check_common(actor, cr.period, cr.unit)
    allowed = {"text", "number", "indicators", "evaluation_method", "elements", "perspective", "position"}
    if set(fields) - allowed:
        raise DomainError(_("These fields cannot be changed here."))
    with transaction.atomic():
        # `of`: the unit is an outer join (none for the whole organisation), which PostgreSQL
        # cannot lock; the requirement's own row is what two editors race for.
        cr = CommonRequirement.objects.select_for_update(of=("self",)).select_related("period", "unit").get(pk=cr.pk)
        check_edit_version(
            cr, expected_version, fields=COMMON_REQUIREMENT_EDIT_FIELDS, typed=fields,
            refusal=_("Someone else saved the common requirement while you were working on it, and nothing of "
                      "yours was saved."),
        )
        before = {k: getattr(cr, k) for k in fields}
        for k, v in fields.items():
            setattr(cr, k, v)
        cr.save()
        audit_record(action="common_requirement.update", actor=actor, obj=cr, data={"before": before, "after": fields})
        _resync_open_agreements(cr.period, cr.unit, actor)
    return cr


def common_requirement_delete(*, common_requirement: CommonRequirement, actor: Person) -> None:
    cr = common_requirement
    _check_common(actor, cr.period, cr.unit)
    with transaction.atomic():
        period, unit = cr.period, cr.unit
        # Copies in open agreements go with it; signed versions keep theirs in their snapshots.
        Requirement.objects.filter(
            common_requirement=cr, agreement__state__in=[AgreementState.DRAFT, AgreementState.IN_REVIEW]
        ).delete()
        audit_record(action="common_requirement.delete", actor=actor, obj=cr, data={"text": cr.text})
        cr.delete()
        _resync_open_agreements(period, unit, actor)


def common_requirements_from_template(
    *,
    period: Period,
    actor: Person,
    template_version: TemplateVersion,
    unit: Unit | None = None,
    language: str = "nb",
) -> list[CommonRequirement]:
    """Adopt the examples a template gives for its common categories (e.g. the six
    "Generelle krav" of the UFD/AD template) as this period's common requirements."""
    created = []
    with transaction.atomic():
        for category in template_version.categories:
            if not category.get("is_common"):
                continue
            for i, ex in enumerate(category.get("examples", []), start=1):
                text = localized(ex.get("text"), language)
                if CommonRequirement.objects.filter(
                    period=period, unit=unit, category_key=category["key"], text=text
                ).exists():
                    continue
                created.append(
                    common_requirement_create(
                        period=period,
                        actor=actor,
                        unit=unit,
                        category_key=category["key"],
                        number=ex.get("number", ""),
                        position=i,
                        text=text,
                        indicators=[localized(x, language) for x in ex.get("indicators", [])],
                        evaluation_method=localized(ex.get("evaluation"), language),
                        elements=[localized(x, language) for x in ex.get("elements", [])],
                        perspective=ex.get("perspective", ""),
                    )
                )
    return created
