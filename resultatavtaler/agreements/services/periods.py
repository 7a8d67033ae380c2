"""Periods, who takes part in them, and the goals of each unit."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from resultatavtaler.accounts import permissions
from resultatavtaler.audit.services import audit_record
from resultatavtaler.core_errors import DomainError
from resultatavtaler.lib.edit_versions import check_edit_version, edit_version
from resultatavtaler.organisations.models import Organisation, Person, Unit

from ..constants import ParticipantSource, ParticipationRuleKind, PeriodKind, PeriodState
from ..models import Agreement, Goal, ParticipationRule, Period, PeriodParticipant, Template
from ._common import ensure_same_organisation, not_found, refuse

MILESTONES = (
    "drafts_due",
    "signing_due",
    "midyear_review",
    "self_evaluations_due",
    "assessment_from",
    "assessment_to",
)


def _check_dates(period: Period) -> None:
    if period.end < period.start:
        raise DomainError(_("The period cannot end before it starts."))
    if period.assessment_from and period.assessment_to and period.assessment_to < period.assessment_from:
        raise DomainError(_("The assessment window cannot end before it starts."))
    if (
        period.self_evaluations_due
        and period.assessment_from
        and period.self_evaluations_due > period.assessment_from - datetime.timedelta(days=7)
    ):
        # Seed, Vedlegg UFD/AD: the memo reaches the superior "minst en uke før samtalen".
        raise DomainError(_("Self-evaluations must be due at least 7 days before the assessment conversations."))


def period_create(
    *,
    organisation: Organisation,
    actor: Person,
    name: str,
    start: datetime.date,
    end: datetime.date,
    kind: str = PeriodKind.YEAR,
    default_template: Template | None = None,
    **milestones,
) -> Period:
    if actor is None or actor.organisation_id != organisation.pk:
        raise not_found()
    if not permissions.can_manage_periods(actor):
        refuse(_("Only the process owner can create agreement periods."))
    unknown = set(milestones) - set(MILESTONES)
    if unknown:
        raise DomainError(_("Unknown milestone: %(name)s") % {"name": ", ".join(sorted(unknown))})
    if default_template is not None and default_template.organisation_id not in (None, organisation.pk):
        raise DomainError(_("The template belongs to another organisation."))
    with transaction.atomic():
        if Period.objects.filter(organisation=organisation, name=name).exists():
            raise DomainError(_("A period with this name already exists."))
        period = Period(
            organisation=organisation,
            name=name,
            kind=kind,
            start=start,
            end=end,
            default_template=default_template,
            **milestones,
        )
        _check_dates(period)
        period.save()
        audit_record(action="period.create", actor=actor, obj=period, data={"name": name})
    return period


PERIOD_EDIT_FIELDS = ("name", "kind", "start", "end", "default_template", *MILESTONES)


def period_edit_version(period: Period) -> str:
    """The version the period's edit form carries (no lost updates, lib/edit_versions.py)."""
    return edit_version(period, PERIOD_EDIT_FIELDS)


def period_update(
    *, period: Period, actor: Person, expected_version: str | None = None, typed: dict | None = None, **fields
) -> Period:
    """Change the period's name, kind, dates or default template. `expected_version` (the
    form's `period_edit_version`) refuses a save over a newer version; `typed` is what the
    whole form held, so the refusal names only what differs from it."""
    ensure_same_organisation(actor, period)
    if not permissions.can_manage_periods(actor):
        refuse(_("Only the process owner can change agreement periods."))
    allowed = set(PERIOD_EDIT_FIELDS)
    if set(fields) - allowed:
        raise DomainError(_("These fields cannot be changed here."))
    with transaction.atomic():
        period = Period.objects.select_for_update().get(pk=period.pk)
        if period.state == PeriodState.CLOSED:
            raise DomainError(_("A closed period cannot be changed."))
        check_edit_version(
            period, expected_version, fields=PERIOD_EDIT_FIELDS, typed={**(typed or {}), **fields},
            refusal=_("Someone else saved the period while you were working on it, and nothing of yours was saved."),
        )
        if not fields:
            return period
        before = {k: str(getattr(period, k)) for k in fields}
        for k, v in fields.items():
            setattr(period, k, v)
        _check_dates(period)
        period.save()
        audit_record(
            action="period.update",
            actor=actor,
            obj=period,
            data={"before": before, "after": {k: str(v) for k, v in fields.items()}},
        )
    return period


def period_close(*, period: Period, actor: Person) -> Period:
    ensure_same_organisation(actor, period)
    if not permissions.can_manage_periods(actor):
        refuse(_("Only the process owner can close agreement periods."))
    with transaction.atomic():
        period = Period.objects.select_for_update().get(pk=period.pk)
        if period.state == PeriodState.CLOSED:
            raise DomainError(_("The period is already closed."))
        period.state = PeriodState.CLOSED
        period.save(update_fields=["state"])
        audit_record(action="period.close", actor=actor, obj=period)
    return period


def participation_rule_add(
    *,
    period: Period,
    actor: Person,
    person: Person | None = None,
    unit: Unit | None = None,
    superior_override: Person | None = None,
) -> ParticipationRule:
    """Add a named person (e.g. an underdirektør) or every employee of a unit."""
    ensure_same_organisation(actor, period)
    if not permissions.can_manage_periods(actor):
        refuse(_("Only the process owner can decide who gets an agreement."))
    if (person is None) == (unit is None):
        raise DomainError(_("Choose either a person or a unit."))
    for other in (person, unit, superior_override):
        if other is not None and other.organisation_id != period.organisation_id:
            raise DomainError(_("The person or unit belongs to another organisation."))
    kind = ParticipationRuleKind.PERSON if person is not None else ParticipationRuleKind.UNIT_MEMBERS
    with transaction.atomic():
        rule = ParticipationRule.objects.create(
            period=period, kind=kind, person=person, unit=unit, superior_override=superior_override
        )
        audit_record(
            action="period.participation_rule_add",
            actor=actor,
            obj=period,
            data={"rule": rule.pk, "person": getattr(person, "pk", None), "unit": getattr(unit, "pk", None)},
        )
        period_participants_refresh(period=period)
    return rule


def participation_rule_remove(*, rule: ParticipationRule, actor: Person) -> None:
    ensure_same_organisation(actor, rule.period)
    if not permissions.can_manage_periods(actor):
        refuse(_("Only the process owner can decide who gets an agreement."))
    with transaction.atomic():
        period = rule.period
        audit_record(action="period.participation_rule_remove", actor=actor, obj=period, data={"rule": rule.pk})
        rule.delete()
        period_participants_refresh(period=period)


def period_participants_refresh(*, period: Period) -> list[PeriodParticipant]:
    """Recompute who is to have an agreement: by default every unit leader with personnel
    responsibility, plus the process owner's additions. A participant who already has an
    agreement is kept even when no rule names them any more."""
    org_id = period.organisation_id
    wanted: dict[int, tuple[int, int | None, str]] = {}  # person → (unit, superior override, source)
    for unit in Unit.objects.filter(
        organisation_id=org_id, has_personnel_responsibility=True, leader__isnull=False, leader__is_active=True
    ).order_by("depth"):
        wanted.setdefault(unit.leader_id, (unit.pk, None, ParticipantSource.AUTO))
    for rule in ParticipationRule.objects.filter(period=period).order_by("pk"):
        if rule.kind == ParticipationRuleKind.PERSON:
            person = rule.person
            previous = wanted.get(person.pk)
            unit_id = previous[0] if previous else person.unit_id
            if person.is_active and unit_id:
                source = previous[2] if previous else ParticipantSource.ADDED
                wanted[person.pk] = (unit_id, rule.superior_override_id, source)
        else:
            for p in Person.objects.filter(organisation_id=org_id, unit=rule.unit, is_active=True):
                if p.pk not in wanted:
                    wanted[p.pk] = (rule.unit_id, rule.superior_override_id, ParticipantSource.ADDED)
    existing = {pp.person_id: pp for pp in PeriodParticipant.objects.filter(period=period)}
    with_agreement = set(Agreement.objects.filter(period=period).values_list("leader_id", flat=True))
    to_delete = [pp.pk for pid, pp in existing.items() if pid not in wanted and pid not in with_agreement]
    PeriodParticipant.objects.filter(pk__in=to_delete).delete()
    changed, created = [], []
    for pid, (unit_id, override_id, source) in wanted.items():
        pp = existing.get(pid)
        if pp is None:
            created.append(
                PeriodParticipant(
                    period=period, person_id=pid, unit_id=unit_id, superior_override_id=override_id, source=source
                )
            )
        elif (pp.unit_id, pp.superior_override_id, pp.source) != (unit_id, override_id, source):
            pp.unit_id, pp.superior_override_id, pp.source = unit_id, override_id, source
            changed.append(pp)
    PeriodParticipant.objects.bulk_create(created)
    PeriodParticipant.objects.bulk_update(changed, ["unit", "superior_override", "source"])
    return list(PeriodParticipant.objects.filter(period=period).select_related("person", "unit"))


def goal_create(
    *,
    period: Period,
    unit: Unit,
    actor: Person,
    title: str,
    description: str = "",
    source: str = "business_plan",
    perspective: str = "",
    parent: Goal | None = None,
    position: int = 0,
) -> Goal:
    ensure_same_organisation(actor, period)
    if unit.organisation_id != period.organisation_id:
        raise DomainError(_("The unit belongs to another organisation."))
    if not permissions.can_manage_goals(actor, unit):
        refuse(_("Only the unit's leader or the process owner can maintain its goals."))
    if parent is not None and (parent.period_id != period.pk):
        raise DomainError(_("The parent goal belongs to another period."))
    if not title.strip():
        raise DomainError(_("A goal needs a title."))
    with transaction.atomic():
        goal = Goal.objects.create(
            organisation_id=period.organisation_id,
            period=period,
            unit=unit,
            parent=parent,
            title=title.strip(),
            description=description,
            source=source,
            perspective=perspective,
            position=position,
        )
        audit_record(action="goal.create", actor=actor, obj=goal, data={"title": goal.title})
    return goal


GOAL_EDIT_FIELDS = ("title", "description", "source", "perspective", "parent")


def goal_edit_version(goal: Goal) -> str:
    return edit_version(goal, GOAL_EDIT_FIELDS)


def goal_update(*, goal: Goal, actor: Person, expected_version: str | None = None, **fields) -> Goal:
    """`expected_version` (the form's `goal_edit_version`) refuses a save over a newer version."""
    ensure_same_organisation(actor, goal)
    if not permissions.can_manage_goals(actor, goal.unit):
        refuse(_("Only the unit's leader or the process owner can maintain its goals."))
    if set(fields) - {"title", "description", "source", "perspective", "parent", "position"}:
        raise DomainError(_("These fields cannot be changed here."))
    with transaction.atomic():
        goal = Goal.objects.select_for_update().get(pk=goal.pk)
        check_edit_version(
            goal, expected_version, fields=GOAL_EDIT_FIELDS, typed=fields,
            refusal=_("Someone else saved the goal while you were working on it, and nothing of yours was saved."),
        )
        for k, v in fields.items():
            setattr(goal, k, v)
        goal.save()
        audit_record(action="goal.update", actor=actor, obj=goal, data={k: str(v) for k, v in fields.items()})
    return goal


def goal_delete(*, goal: Goal, actor: Person) -> None:
    ensure_same_organisation(actor, goal)
    if not permissions.can_manage_goals(actor, goal.unit):
        refuse(_("Only the unit's leader or the process owner can maintain its goals."))
    if goal.requirements.filter(~Q(agreement__state="draft")).exists():
        raise DomainError(_("Requirements in agreements beyond draft link to this goal; it cannot be deleted."))
    with transaction.atomic():
        audit_record(action="goal.delete", actor=actor, obj=goal, data={"title": goal.title})
        goal.delete()


def advice_setting_set(*, organisation: Organisation, actor: Person, rule_code: str, blocking: bool):
    """Make an advice rule block submission (or stop it from blocking) in the organisation."""
    from ..advice import RULES
    from ..models import AdviceSetting

    if actor is None or actor.organisation_id != organisation.pk:
        raise not_found()
    if not permissions.can_manage_periods(actor):
        refuse(_("Only the process owner can make advice blocking."))
    if rule_code not in RULES:
        raise DomainError(_("Unknown advice rule."))
    with transaction.atomic():
        setting, _created = AdviceSetting.objects.update_or_create(
            organisation=organisation, rule_code=rule_code, defaults={"blocking": bool(blocking)}
        )
        audit_record(
            action="advice_setting.set",
            actor=actor,
            organisation=organisation,
            data={"rule": rule_code, "blocking": bool(blocking)},
        )
    return setting
