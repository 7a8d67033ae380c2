"""The agreements pages for the organisation-isolation test (accounts/tests/test_isolation.py)."""

import datetime


def _agreement(cast):
    from resultatavtaler.agreements import services
    from resultatavtaler.agreements.builtin import ensure_builtin_templates
    from resultatavtaler.agreements.models import Agreement, Period

    existing = Agreement.objects.filter(leader=cast.leader).first()
    if existing:
        return existing
    (ad, *_rest) = ensure_builtin_templates()
    period = Period.objects.filter(organisation=cast.organisation, name="Isolasjon 2026").first()
    if period is None:
        period = services.period_create(
            organisation=cast.organisation,
            actor=cast.process_owner,
            name="Isolasjon 2026",
            start=datetime.date(2026, 1, 1),
            end=datetime.date(2026, 12, 31),
            default_template=ad.template,
        )
    return services.agreement_start(period=period, leader=cast.leader, actor=cast.leader)


def _period(cast):
    return _agreement(cast).period


def _requirement(cast):
    from resultatavtaler.agreements import services
    from resultatavtaler.agreements.models import Requirement

    agreement = _agreement(cast)
    existing = Requirement.objects.filter(agreement=agreement, common_requirement__isnull=True).first()
    if existing:
        return existing
    agreement.refresh_from_db()
    return services.requirement_add(
        agreement=agreement,
        actor=cast.leader,
        expected_lock_version=agreement.lock_version,
        category_key="professional",
        text="Sporstoffkrav for isolasjonstesten",
        indicators=["Sporstoffindikator"],
    )


def _indicator(cast):
    return _requirement(cast).indicators.first()


def _goal(cast):
    from resultatavtaler.agreements import services
    from resultatavtaler.agreements.models import Goal

    period = _period(cast)
    existing = Goal.objects.filter(period=period).first()
    return existing or services.goal_create(
        period=period, unit=cast.section, actor=cast.process_owner, title="Sporstoffmål"
    )


def _template(cast):
    from resultatavtaler.agreements import services
    from resultatavtaler.agreements.builtin import ensure_builtin_templates
    from resultatavtaler.agreements.models import Template

    existing = Template.objects.filter(organisation=cast.organisation).first()
    if existing:
        return existing
    (ad, *_rest) = ensure_builtin_templates()
    return services.template_copy(
        template=ad.template, organisation=cast.organisation, actor=cast.process_owner, name="Sporstoffmal"
    )


def _common_requirement(cast):
    from resultatavtaler.agreements import services
    from resultatavtaler.agreements.models import CommonRequirement

    period = _period(cast)
    existing = CommonRequirement.objects.filter(period=period).first()
    return existing or services.common_requirement_create(
        period=period, actor=cast.process_owner, category_key="general", text="Sporstoff felles krav"
    )


OBJECT_KWARGS = {
    "agreements:detail": lambda cast: {"pk": _agreement(cast).pk},
    "agreements:action": lambda cast: {"pk": _agreement(cast).pk, "action": "sign"},
    "agreements:diff": lambda cast: {"pk": _agreement(cast).pk, "old": 1, "new": 2},
    "agreements:start": lambda cast: {"period_pk": _period(cast).pk},
    "agreements:start_for": lambda cast: {"period_pk": _period(cast).pk, "person_pk": cast.other_leader.pk},
    "agreements:review": lambda cast: {"pk": _agreement(cast).pk},
    "agreements:renegotiate": lambda cast: {"pk": _agreement(cast).pk},
    "agreements:history": lambda cast: {"pk": _agreement(cast).pk},
    "agreements:changes": lambda cast: {"pk": _agreement(cast).pk},
    "agreements:publication": lambda cast: {"pk": _agreement(cast).pk},
    "agreements:section_edit": lambda cast: {"pk": _agreement(cast).pk, "key": "section_goals"},
    "agreements:requirement_add": lambda cast: {"pk": _agreement(cast).pk, "category": "professional"},
    "agreements:requirement_edit": lambda cast: {"pk": _agreement(cast).pk, "req_pk": _requirement(cast).pk},
    "agreements:requirement_move": lambda cast: {"pk": _agreement(cast).pk, "req_pk": _requirement(cast).pk},
    "agreements:requirement_remove": lambda cast: {"pk": _agreement(cast).pk, "req_pk": _requirement(cast).pk},
    "agreements:indicator_add": lambda cast: {"pk": _agreement(cast).pk, "req_pk": _requirement(cast).pk},
    "agreements:indicator_edit": lambda cast: {"pk": _agreement(cast).pk, "ind_pk": _indicator(cast).pk},
    "agreements:indicator_remove": lambda cast: {"pk": _agreement(cast).pk, "ind_pk": _indicator(cast).pk},
    "agreements:period_detail": lambda cast: {"pk": _period(cast).pk},
    "agreements:period_participants": lambda cast: {"pk": _period(cast).pk},
    "agreements:goals": lambda cast: {"period_pk": _period(cast).pk},
    "agreements:goal_edit": lambda cast: {"period_pk": _period(cast).pk, "goal_pk": _goal(cast).pk},
    "agreements:goal_delete": lambda cast: {"period_pk": _period(cast).pk, "goal_pk": _goal(cast).pk},
    "agreements:common_requirements": lambda cast: {"period_pk": _period(cast).pk},
    "agreements:common_requirements_adopt": lambda cast: {"period_pk": _period(cast).pk},
    "agreements:common_requirement_edit": lambda cast: {"pk": _common_requirement(cast).pk},
    "agreements:common_requirement_delete": lambda cast: {"pk": _common_requirement(cast).pk},
    "agreements:template_edit": lambda cast: {"pk": _template(cast).pk},
    "agreements:template_copy": lambda cast: {"pk": _template(cast).pk},
}
