"""Drafting an agreement: starting it, its text sections, requirements and indicators,
publication choices, sharing the draft with the unit and comments.

Every edit takes `expected_lock_version` (optimistic locking: a stale page is refused, never
silently overwritten), locks the agreement row, bumps the lock version, voids a pending
signature (a signature is valid only for the exact version it names) and is audited."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from resultatavtaler.accounts import permissions
from resultatavtaler.audit.services import audit_record
from resultatavtaler.core_errors import DomainError
from resultatavtaler.organisations.models import Person
from resultatavtaler.organisations.selectors import leader_unit, superior_of

from ..constants import AgreementState, Binds, CommentKind, Perspective
from ..models import (
    Agreement,
    Comment,
    Goal,
    Indicator,
    Period,
    PeriodParticipant,
    Requirement,
    TemplateVersion,
    localized,
)
from ._common import (
    bump,
    check_lock_version,
    ensure_same_organisation,
    lock_agreement,
    not_found,
    notify_later,
    refuse,
    renumber,
    state_label,
    void_pending_signatures,
)
from .templates import sync_common_requirements

REQUIREMENT_FIELDS = (
    "text",
    "binds",
    "perspective",
    "goal",
    "superior_requirement",
    "evaluation_method",
    "elements",
    "public",
)
INDICATOR_FIELDS = ("text", "metric", "unit", "baseline", "target_value", "deadline")


# --- starting ------------------------------------------------------------------------


def _language_of(person: Person) -> str:
    return person.language or person.organisation.default_language or "nb"


def start_refusal(*, actor: Person, leader: Person, period: Period) -> str:
    """Why `actor` may not start an agreement for `leader` in `period` (a translated sentence)."""
    if not permissions.is_period_participant(leader, period):
        if actor.pk == leader.pk:
            return _(
                "You do not take part in %(period)s, so you cannot start an agreement for it. Agreements are for "
                "leaders of units with personnel responsibility and for the people the process owner adds. Ask "
                "your process owner if you should have one."
            ) % {"period": period.name}
        return _(
            "%(name)s does not take part in %(period)s. Add them as a participant of the period first."
        ) % {"name": leader.name, "period": period.name}
    return _(
        "Only %(name)s, or a process owner for their unit, can start their agreement for %(period)s."
    ) % {"name": leader.name, "period": period.name}


def agreement_start(
    *,
    period: Period,
    leader: Person,
    actor: Person,
    template_version: TemplateVersion | None = None,
    from_agreement: Agreement | None = None,
    carry_over: list[int] | None = None,
    superior: Person | None = None,
) -> Agreement:
    """Start a draft from a template version (sections filled with the template's standard
    texts) or from last period's agreement, carrying over the requirements chosen by id."""
    if (
        actor is None
        or actor.organisation_id != period.organisation_id
        or leader.organisation_id != period.organisation_id
    ):
        raise not_found()
    if not permissions.can_start_agreement(actor, leader, period):
        refuse(start_refusal(actor=actor, leader=leader, period=period))
    if not period.is_open:
        raise DomainError(_("The period is closed; no new agreements can be started in it."))
    if from_agreement is not None:
        ensure_same_organisation(actor, from_agreement)
        if from_agreement.leader_id != leader.pk:
            raise DomainError(_("Only the leader's own earlier agreement can be carried over."))
        if from_agreement.period_id == period.pk:
            raise DomainError(_("Carry over from an agreement of an earlier period."))
    if template_version is None:
        if from_agreement is not None:
            template_version = from_agreement.template_version
        elif period.default_template is not None:
            template_version = period.default_template.latest_version()
    if template_version is None:
        raise DomainError(_("Choose a template for the agreement."))
    if template_version.template.organisation_id not in (None, period.organisation_id):
        raise not_found()
    participant = PeriodParticipant.objects.filter(period=period, person=leader).select_related("unit").first()
    unit = participant.unit if participant else (leader_unit(leader) or leader.unit)
    if unit is None:
        raise DomainError(_("The leader belongs to no unit."))
    overridden = superior is not None or bool(participant and participant.superior_override_id)
    if superior is None:
        superior = participant.superior_override if participant and participant.superior_override_id else None
    if superior is None:
        superior = superior_of(leader)
    if superior is None:
        raise DomainError(_("The leader has no superior in the organisation tree. Ask the process owner to name one."))
    if superior.organisation_id != period.organisation_id or superior.pk == leader.pk:
        raise DomainError(_("The superior must be another person in the same organisation."))

    language = _language_of(leader)
    sections, public = {}, {}
    for s in template_version.sections:
        if s.get("kind", "text") != "text":
            continue
        sections[s["key"]] = localized(s.get("default_text"), language)
        public[s["key"]] = bool(s.get("public_default", True))
    if from_agreement is not None:
        for key in sections:
            if from_agreement.sections.get(key):
                sections[key] = from_agreement.sections[key]
            if key in from_agreement.section_public:
                public[key] = from_agreement.section_public[key]

    with transaction.atomic():
        if Agreement.objects.select_for_update().filter(period=period, leader=leader).exists():
            raise DomainError(
                _("%(name)s already has an agreement for %(period)s.") % {"name": leader.name, "period": period.name}
            )
        agreement = Agreement.objects.create(
            organisation_id=period.organisation_id,
            period=period,
            leader=leader,
            superior=superior,
            superior_overridden=overridden,
            unit=unit,
            template_version=template_version,
            sections=sections,
            section_public=public,
            started_from=from_agreement,
        )
        categories = {c["key"]: c for c in template_version.categories}
        carried = 0
        if from_agreement is not None and carry_over:
            old = (
                Requirement.objects.filter(agreement=from_agreement, pk__in=carry_over, common_requirement__isnull=True)
                .prefetch_related("indicators")
                .order_by("category_key", "position")
            )
            if len(old) != len(set(carry_over)):
                raise DomainError(_("Only the earlier agreement's own requirements can be carried over."))
            for req in old:
                if req.category_key not in categories or categories[req.category_key].get("is_common"):
                    raise DomainError(
                        _("The template has no category for the requirement %(number)s.") % {"number": req.number}
                    )
                new = Requirement.objects.create(
                    agreement=agreement,
                    category_key=req.category_key,
                    position=req.position,
                    text=req.text,
                    binds=req.binds,
                    perspective=req.perspective,
                    evaluation_method=req.evaluation_method,
                    elements=list(req.elements or []),
                    public=req.public,
                    carried_over_from=req,
                )
                Indicator.objects.bulk_create(
                    [
                        Indicator(
                            requirement=new,
                            position=i.position,
                            text=i.text,
                            metric=i.metric,
                            unit=i.unit,
                            baseline=i.baseline,
                            target_value=i.target_value,
                            deadline=i.deadline,
                        )
                        for i in req.indicators.all()
                    ]
                )
                carried += 1
        for category in template_version.categories:
            if not category.get("prefilled") or category.get("is_common"):
                continue
            if Requirement.objects.filter(agreement=agreement, category_key=category["key"]).exists():
                continue
            for i, ex in enumerate(category.get("examples", []), start=1):
                req = Requirement.objects.create(
                    agreement=agreement,
                    category_key=category["key"],
                    position=i,
                    text=localized(ex.get("text"), language),
                    perspective=ex.get("perspective", category.get("default_perspective", "")),
                    evaluation_method=localized(ex.get("evaluation"), language),
                    elements=[localized(e, language) for e in ex.get("elements", [])],
                    public=bool(category.get("public_default", True)),
                )
                Indicator.objects.bulk_create(
                    [
                        Indicator(requirement=req, position=n, text=localized(t, language))
                        for n, t in enumerate(ex.get("indicators", []), start=1)
                    ]
                )
        for key in categories:
            renumber(agreement, key)
        sync_common_requirements(agreement)
        audit_record(
            action="agreement.start",
            actor=actor,
            obj=agreement,
            # The actor is the event's actor; the leader is named too, since a process owner
            # may start the draft on the leader's behalf.
            data={
                "leader": leader.pk,
                "template_version": template_version.pk,
                "from": getattr(from_agreement, "pk", None),
                "carried_over": carried,
            },
        )
        if actor.pk != leader.pk:
            notify_later(person=leader, kind="agreement_started", template="agreement_started", agreement=agreement)
    return agreement


# --- editing -------------------------------------------------------------------------


def _begin_edit(agreement: Agreement, actor: Person, expected_lock_version: int | None) -> Agreement:
    ensure_same_organisation(actor, agreement)
    ag = lock_agreement(agreement)
    if not permissions.can_view_agreement(actor, ag):
        raise not_found()
    if not permissions.can_edit_agreement(actor, ag):
        if ag.state not in (AgreementState.DRAFT, AgreementState.IN_REVIEW):
            raise DomainError(
                _("The agreement is %(state)s and can no longer be changed. Start a renegotiation to change it.")
                % {"state": state_label(ag.state)},
                code="wrong_state",
            )
        refuse(_("You cannot change this agreement now."))
    check_lock_version(ag, expected_lock_version)
    return ag


def _finish_edit(ag: Agreement, actor: Person, action: str, data: dict, *fields: str) -> Agreement:
    bump(ag, *fields)
    void_pending_signatures(ag, actor)
    audit_record(action=action, actor=actor, obj=ag, data=data)
    return ag


def agreement_update_sections(
    *, agreement: Agreement, actor: Person, expected_lock_version: int, sections: dict[str, str]
) -> Agreement:
    with transaction.atomic():
        ag = _begin_edit(agreement, actor, expected_lock_version)
        tv = ag.template_version
        changed = {}
        for key, text in sections.items():
            spec = tv.section(key)
            if spec is None or spec.get("kind", "text") != "text":
                raise DomainError(_("The template has no text section %(key)s.") % {"key": key})
            text = (text or "").strip()
            max_lines = spec.get("max_lines")
            if max_lines and len([ln for ln in text.splitlines() if ln.strip()]) > max_lines:
                raise DomainError(
                    _("%(heading)s: at most %(n)s lines.") % {"heading": localized(spec["heading"]), "n": max_lines}
                )
            if ag.sections.get(key, "") != text:
                changed[key] = {"before": ag.sections.get(key, ""), "after": text}
                ag.sections[key] = text
        if not changed:
            return ag
        return _finish_edit(ag, actor, "agreement.update_sections", {"sections": changed}, "sections")


def agreement_set_publication(
    *,
    agreement: Agreement,
    actor: Person,
    expected_lock_version: int,
    sections: dict[str, bool] | None = None,
    requirements: dict[int, bool] | None = None,
) -> Agreement:
    """Decide, before signing, which sections and requirements the unit will see."""
    with transaction.atomic():
        ag = _begin_edit(agreement, actor, expected_lock_version)
        for key, value in (sections or {}).items():
            if ag.template_version.section(key) is None:
                raise DomainError(_("The template has no text section %(key)s.") % {"key": key})
            ag.section_public[key] = bool(value)
        reqs = {r.pk: r for r in Requirement.objects.filter(agreement=ag, pk__in=list((requirements or {}).keys()))}
        if len(reqs) != len(requirements or {}):
            raise not_found()
        for pk, value in (requirements or {}).items():
            if reqs[int(pk)].public != bool(value):
                reqs[int(pk)].public = bool(value)
                reqs[int(pk)].save(update_fields=["public"])
        ag.publication_decided = True
        return _finish_edit(
            ag,
            actor,
            "agreement.publication",
            {"sections": sections or {}, "requirements": {str(k): v for k, v in (requirements or {}).items()}},
            "section_public",
            "publication_decided",
        )


def agreement_set_superior(*, agreement: Agreement, actor: Person, superior: Person) -> Agreement:
    """Name another superior than the tree gives (process owner, before signing)."""
    ensure_same_organisation(actor, agreement)
    if not permissions.is_process_owner(actor, agreement.unit):
        refuse(_("Only the process owner can name another superior."))
    if superior.organisation_id != agreement.organisation_id or superior.pk == agreement.leader_id:
        raise DomainError(_("The superior must be another person in the same organisation."))
    with transaction.atomic():
        ag = lock_agreement(agreement)
        if ag.state not in (AgreementState.DRAFT, AgreementState.IN_REVIEW):
            raise DomainError(_("The superior cannot be changed after signing."), code="wrong_state")
        before = ag.superior_id
        ag.superior, ag.superior_overridden = superior, True
        return _finish_edit(
            ag,
            actor,
            "agreement.set_superior",
            {"before": before, "after": superior.pk},
            "superior",
            "superior_overridden",
        )


def _validate_links(ag: Agreement, goal: Goal | None, superior_requirement: Requirement | None) -> None:
    if goal is not None and (goal.organisation_id != ag.organisation_id or goal.period_id != ag.period_id):
        raise DomainError(_("The goal belongs to another period or organisation."))
    if superior_requirement is not None:
        sup = superior_requirement.agreement
        if (
            sup.organisation_id != ag.organisation_id
            or sup.period_id != ag.period_id
            or sup.leader_id != ag.superior_id
        ):
            raise DomainError(_("Link only to a requirement in your superior's agreement for the same period."))


def _clean_requirement_fields(ag: Agreement, fields: dict) -> dict:
    clean = {}
    for key, value in fields.items():
        if key not in REQUIREMENT_FIELDS:
            raise DomainError(_("These fields cannot be changed here."))
        if key == "text":
            value = (value or "").strip()
            if not value:
                raise DomainError(_("A requirement needs a text."))
        elif (key == "binds" and value not in Binds.values) or (
            key == "perspective" and value and value not in Perspective.values
        ):
            raise DomainError(_("Unknown choice: %(value)s") % {"value": value})
        elif key == "elements":
            value = [str(e).strip() for e in (value or []) if str(e).strip()]
        elif key == "public":
            value = bool(value)
        elif key in ("evaluation_method",):
            value = (value or "").strip()
        clean[key] = value
    _validate_links(ag, clean.get("goal"), clean.get("superior_requirement"))
    return clean


def requirement_add(
    *,
    agreement: Agreement,
    actor: Person,
    expected_lock_version: int,
    category_key: str,
    text: str,
    indicators: list[str | dict] | None = None,
    **fields,
) -> Requirement:
    with transaction.atomic():
        ag = _begin_edit(agreement, actor, expected_lock_version)
        category = ag.template_version.category(category_key)
        if category is None:
            raise DomainError(_("The template has no category %(key)s.") % {"key": category_key})
        if category.get("is_common"):
            raise DomainError(_("This category holds the common requirements; they are set for the whole unit."))
        clean = _clean_requirement_fields(ag, {"text": text, **fields})
        clean.setdefault("perspective", category.get("default_perspective", ""))
        clean.setdefault("public", bool(category.get("public_default", True)))
        position = Requirement.objects.filter(agreement=ag, category_key=category_key).count() + 1
        req = Requirement.objects.create(agreement=ag, category_key=category_key, position=position, **clean)
        for i, ind in enumerate(indicators or [], start=1):
            data = {"text": ind} if isinstance(ind, str) else dict(ind)
            Indicator.objects.create(requirement=req, position=i, **_clean_indicator(data, partial=False))
        renumber(ag, category_key)
        req.refresh_from_db()
        _finish_edit(ag, actor, "requirement.add", {"requirement": req.pk, "number": req.number, "text": req.text})
    return req


def _own_requirement(requirement: Requirement, ag: Agreement) -> Requirement:
    req = Requirement.objects.select_for_update().get(pk=requirement.pk)
    if req.agreement_id != ag.pk:
        raise not_found()
    if req.common_requirement_id:
        raise DomainError(_("Common requirements are read-only in the agreement; they are changed for the whole unit."))
    return req


def requirement_update(*, requirement: Requirement, actor: Person, expected_lock_version: int, **fields) -> Requirement:
    with transaction.atomic():
        ag = _begin_edit(requirement.agreement, actor, expected_lock_version)
        req = _own_requirement(requirement, ag)
        clean = _clean_requirement_fields(ag, fields)
        changed = {}
        for k, v in clean.items():
            if getattr(req, k) != v:
                before = getattr(req, k)
                changed[k] = {"before": getattr(before, "pk", before), "after": getattr(v, "pk", v)}
                setattr(req, k, v)
        if not changed:
            return req
        req.save()
        _finish_edit(ag, actor, "requirement.update", {"requirement": req.pk, "changes": changed})
    return req


def requirement_move(
    *, requirement: Requirement, actor: Person, expected_lock_version: int, position: int
) -> Requirement:
    """Place the requirement at `position` (1-based) within its category."""
    with transaction.atomic():
        ag = _begin_edit(requirement.agreement, actor, expected_lock_version)
        req = _own_requirement(requirement, ag)
        siblings = list(
            Requirement.objects.filter(agreement=ag, category_key=req.category_key)
            .exclude(pk=req.pk)
            .order_by("position", "pk")
        )
        position = max(1, min(int(position), len(siblings) + 1))
        siblings.insert(position - 1, req)
        for i, r in enumerate(siblings, start=1):
            r.position = i
        Requirement.objects.bulk_update(siblings, ["position"])
        renumber(ag, req.category_key)
        req.refresh_from_db()
        _finish_edit(ag, actor, "requirement.move", {"requirement": req.pk, "position": position})
    return req


def requirement_remove(*, requirement: Requirement, actor: Person, expected_lock_version: int) -> None:
    with transaction.atomic():
        ag = _begin_edit(requirement.agreement, actor, expected_lock_version)
        req = _own_requirement(requirement, ag)
        data = {"requirement": req.pk, "number": req.number, "text": req.text}
        category_key = req.category_key
        req.delete()
        renumber(ag, category_key)
        _finish_edit(ag, actor, "requirement.remove", data)


def _clean_indicator(data: dict, *, partial: bool) -> dict:
    clean = {}
    for key, value in data.items():
        if key not in INDICATOR_FIELDS:
            raise DomainError(_("These fields cannot be changed here."))
        if key in ("baseline", "target_value"):
            if value in (None, ""):
                value = None
            else:
                try:
                    value = Decimal(str(value).replace(",", ".").replace(" ", ""))
                except ArithmeticError as exc:
                    raise DomainError(_("Write the value as a number, e.g. 4,5.")) from exc
        elif key == "deadline":
            if value in (None, ""):
                value = None
            elif isinstance(value, str):
                try:
                    value = datetime.date.fromisoformat(value)
                except ValueError as exc:
                    raise DomainError(_("Write the deadline as a date.")) from exc
        else:
            value = (value or "").strip()
        clean[key] = value
    if ("text" in clean or not partial) and not clean.get("text"):
        raise DomainError(_("An indicator needs a text."))
    return clean


def indicator_add(
    *, requirement: Requirement, actor: Person, expected_lock_version: int, text: str, **fields
) -> Indicator:
    with transaction.atomic():
        ag = _begin_edit(requirement.agreement, actor, expected_lock_version)
        req = _own_requirement(requirement, ag)
        clean = _clean_indicator({"text": text, **fields}, partial=False)
        ind = Indicator.objects.create(requirement=req, position=req.indicators.count() + 1, **clean)
        _finish_edit(ag, actor, "indicator.add", {"requirement": req.pk, "indicator": ind.pk, "text": ind.text})
    return ind


def indicator_update(*, indicator: Indicator, actor: Person, expected_lock_version: int, **fields) -> Indicator:
    with transaction.atomic():
        ag = _begin_edit(indicator.requirement.agreement, actor, expected_lock_version)
        _own_requirement(indicator.requirement, ag)
        ind = Indicator.objects.select_for_update().get(pk=indicator.pk)
        clean = _clean_indicator(fields, partial=True)
        for k, v in clean.items():
            setattr(ind, k, v)
        ind.save()
        _finish_edit(
            ag, actor, "indicator.update", {"indicator": ind.pk, "changes": {k: str(v) for k, v in clean.items()}}
        )
    return ind


def indicator_remove(*, indicator: Indicator, actor: Person, expected_lock_version: int) -> None:
    with transaction.atomic():
        ag = _begin_edit(indicator.requirement.agreement, actor, expected_lock_version)
        _own_requirement(indicator.requirement, ag)
        data = {"indicator": indicator.pk, "text": indicator.text}
        Indicator.objects.filter(pk=indicator.pk).delete()
        _finish_edit(ag, actor, "indicator.remove", data)


# --- involving the unit --------------------------------------------------------------


def agreement_share_with_unit(*, agreement: Agreement, actor: Person) -> Agreement:
    """Let the unit's employees read the draft and comment (seed 2.9: "drøfte kravene med
    egne medarbeidere")."""
    ensure_same_organisation(actor, agreement)
    with transaction.atomic():
        ag = lock_agreement(agreement)
        if not permissions.can_view_agreement(actor, ag):
            raise not_found()
        if ag.state not in (AgreementState.DRAFT, AgreementState.IN_REVIEW):
            raise DomainError(_("Only a draft can be shared with the unit."), code="wrong_state")
        if not permissions.can_share_agreement_with_unit(actor, ag):
            refuse(_("Only the leader can share the draft with the unit."))
        first_time = ag.shared_with_unit_at is None
        ag.shared_with_unit_at = timezone.now()
        ag.save(update_fields=["shared_with_unit_at", "updated_at"])
        audit_record(action="agreement.share_with_unit", actor=actor, obj=ag)
        if first_time:
            members = Person.objects.filter(
                organisation_id=ag.organisation_id, is_active=True, unit__path__startswith=ag.unit.path
            ).exclude(pk__in=[ag.leader_id, ag.superior_id])
            for member in members.select_related("organisation"):
                notify_later(person=member, kind="agreement_shared", template="agreement_shared", agreement=ag)
    return ag


def agreement_comment(
    *, agreement: Agreement, actor: Person, text: str, requirement: Requirement | None = None
) -> Comment:
    ensure_same_organisation(actor, agreement)
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write a comment first."))
    with transaction.atomic():
        ag = lock_agreement(agreement)
        if not (permissions.can_view_agreement(actor, ag) or permissions.can_view_shared_draft(actor, ag)):
            raise not_found()
        if not permissions.can_comment_agreement(actor, ag):
            raise DomainError(_("Comments are closed once the agreement is signed."), code="wrong_state")
        if requirement is not None and requirement.agreement_id != ag.pk:
            raise not_found()
        if actor.pk == ag.superior_id:
            kind = CommentKind.REVIEW
        elif actor.pk == ag.leader_id or permissions.is_agreement_upper_chain(actor, ag):
            kind = CommentKind.DISCUSSION
        else:
            kind = CommentKind.UNIT
        comment = Comment.objects.create(agreement=ag, requirement=requirement, author=actor, text=text, kind=kind)
        audit_record(action="agreement.comment", actor=actor, obj=ag, data={"comment": comment.pk, "kind": kind})
        recipients = {ag.leader_id: ag.leader, ag.superior_id: ag.superior}
        recipients.pop(actor.pk, None)
        if kind == CommentKind.UNIT:
            recipients.pop(ag.superior_id, None)
        for person in recipients.values():
            notify_later(
                person=person,
                kind="agreement_comment",
                template="agreement_comment",
                agreement=ag,
                context={"author_name": actor.name, "text": text},
            )
    return comment
