"""Periods, who takes part, carry-over from last period and common requirements."""

import datetime

import pytest

from resultatavtaler.agreements import services
from resultatavtaler.agreements.models import PeriodParticipant, Requirement
from resultatavtaler.core_errors import DomainError
from resultatavtaler.organisations.tests.factories import PersonFactory

from .conftest import add, builtin_version, fresh, sign_both, submit


def test_only_the_process_owner_creates_periods_and_dates_are_checked(cast):
    kw = {
        "organisation": cast.organisation,
        "name": "2027",
        "start": datetime.date(2027, 1, 1),
        "end": datetime.date(2027, 12, 31),
    }
    with pytest.raises(DomainError) as exc:
        services.period_create(actor=cast.leader, **kw)
    assert exc.value.status == 403
    with pytest.raises(DomainError):
        services.period_create(
            actor=cast.process_owner,
            self_evaluations_due=datetime.date(2027, 11, 20),
            assessment_from=datetime.date(2027, 11, 23),
            **kw,
        )
    period = services.period_create(actor=cast.process_owner, **kw)
    assert period.is_open


def test_participants_are_leaders_with_personnel_responsibility_plus_additions(cast, period):
    participants = {p.person for p in services.period_participants_refresh(period=period)}
    assert participants == {cast.director, cast.superior, cast.leader, cast.other_leader}
    cast.other_section.has_personnel_responsibility = False
    cast.other_section.save()
    underdirektor = PersonFactory(organisation=cast.organisation, unit=cast.department, title="Underdirektør")
    services.participation_rule_add(
        period=period, actor=cast.process_owner, person=underdirektor, superior_override=cast.superior
    )
    services.participation_rule_add(period=period, actor=cast.process_owner, unit=cast.section)
    rows = {p.person: p for p in PeriodParticipant.objects.filter(period=period)}
    assert cast.other_leader not in rows
    assert rows[underdirektor].source == "added" and rows[underdirektor].superior_override == cast.superior
    assert rows[cast.employee].source == "added"
    assert rows[cast.leader].source == "auto"
    with pytest.raises(DomainError):
        services.participation_rule_add(period=period, actor=cast.leader, person=cast.employee)


def test_superior_override_from_participation(cast, period):
    services.participation_rule_add(
        period=period, actor=cast.process_owner, person=cast.leader, superior_override=cast.director
    )
    agreement = services.agreement_start(period=period, leader=cast.leader, actor=cast.leader)
    assert agreement.superior == cast.director and agreement.superior_overridden


def test_carry_over_chosen_requirements_from_last_period(cast, period, draft):
    keep = add(
        draft,
        cast.leader,
        text="Få på plass en avtale om inkluderende arbeidsliv innen 31.12.02.",
        indicators=[{"text": "Avtale på plass innen tidsfrist", "deadline": "2026-12-31"}],
        evaluation_method="Vurderinger fra tillitsvalgte og andre avdelinger",
    )
    add(draft, cast.leader, text="Gjort ferdig i år")
    services.agreement_update_sections(
        agreement=draft,
        actor=cast.leader,
        expected_lock_version=fresh(draft).lock_version,
        sections={"section_goals": "Personalforvaltning for hele departementet."},
    )
    submit(draft)
    sign_both(draft)
    next_period = services.period_create(
        organisation=cast.organisation,
        actor=cast.process_owner,
        name="2027",
        start=datetime.date(2027, 1, 1),
        end=datetime.date(2027, 12, 31),
    )
    new = services.agreement_start(
        period=next_period, leader=cast.leader, actor=cast.leader, from_agreement=draft, carry_over=[keep.pk]
    )
    (carried,) = new.requirements.all()
    assert carried.carried_over_from == keep and carried.text == keep.text and carried.number == "1.1"
    assert carried.indicators.get().deadline == datetime.date(2026, 12, 31)
    assert new.sections["section_goals"] == "Personalforvaltning for hele departementet."
    assert new.template_version == draft.template_version and new.started_from == draft
    with pytest.raises(DomainError):
        services.agreement_start(
            period=next_period,
            leader=cast.other_leader,
            actor=cast.other_leader,
            from_agreement=draft,
            carry_over=[keep.pk],
        )


def test_common_requirements_appear_read_only_below_their_unit(cast, period, draft):
    ad = builtin_version("ufd-ad")
    created = services.common_requirements_from_template(
        period=period, actor=cast.superior, template_version=ad, unit=cast.department
    )
    assert [c.number for c in created] == ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6"]
    commons = list(Requirement.objects.filter(agreement=draft, common_requirement__isnull=False).order_by("position"))
    assert [r.number for r in commons] == ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6"]
    assert commons[1].indicators.count() == 5
    with pytest.raises(DomainError):
        services.requirement_update(
            requirement=commons[0], actor=cast.leader, expected_lock_version=fresh(draft).lock_version, text="Mitt eget"
        )
    with pytest.raises(DomainError):
        add(draft, cast.leader, category_key="general", text="Eget generelt krav")
    with pytest.raises(DomainError) as exc:
        services.common_requirement_create(
            period=period, actor=cast.leader, unit=cast.department, category_key="general", text="x"
        )
    assert exc.value.status == 403
    services.common_requirement_update(
        common_requirement=created[0], actor=cast.process_owner, text="Delegering av arbeidsoppgaver og ansvar"
    )
    assert Requirement.objects.get(agreement=draft, common_requirement=created[0]).text.endswith("og ansvar")
    services.common_requirement_delete(common_requirement=created[5], actor=cast.superior)
    assert Requirement.objects.filter(agreement=draft, common_requirement__isnull=False).count() == 5


def test_signed_agreements_keep_their_common_requirements(cast, period, draft):
    cr = services.common_requirement_create(
        period=period, actor=cast.process_owner, category_key="general", text="Medarbeiderfokus"
    )
    submit(draft)
    sign_both(draft)
    services.common_requirement_update(common_requirement=cr, actor=cast.process_owner, text="Endret senere")
    assert Requirement.objects.get(agreement=draft, common_requirement=cr).text == "Medarbeiderfokus"
    assert fresh(draft).state == "signed"


def test_goals_belong_to_the_unit_leader_or_process_owner(cast, period):
    with pytest.raises(DomainError):
        services.goal_create(period=period, unit=cast.department, actor=cast.leader, title="x")
    goal = services.goal_create(
        period=period,
        unit=cast.section,
        actor=cast.superior,
        title="Mål fra VP",
        source="business_plan",
        perspective="economy",
    )
    child = services.goal_create(period=period, unit=cast.section, actor=cast.leader, title="Delmål", parent=goal)
    assert child.parent == goal
