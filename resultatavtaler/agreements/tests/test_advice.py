"""Each advice rule (DESIGN.md §4) with a passing and a failing draft, its seed citation,
and the process owner's choice to make a rule block submission."""

import datetime

import pytest

from resultatavtaler.agreements import services
from resultatavtaler.agreements.advice import MAX_OWN_REQUIREMENTS, advice_for
from resultatavtaler.agreements.models import AdviceSetting
from resultatavtaler.core_errors import DomainError

from .conftest import add, fresh


def rule(agreement, code):
    (result,) = advice_for(fresh(agreement), [code])
    return result


def test_every_rule_cites_the_seed(draft):
    results = advice_for(draft)
    assert [r.code for r in results] == [f"Q{i}" for i in range(1, 12)]
    for r in results:
        assert r.seed_section and r.seed_quote and r.message
    q4 = next(r for r in results if r.code == "Q4")
    assert q4.seed_section == "3" and q4.seed_quote.startswith("Kravene bør balanseres")


def test_q1_recommended_count_per_category(cast, draft):
    assert not rule(draft, "Q1").ok
    for i in range(4):
        add(draft, cast.leader, text=f"Faglig krav {i}")
        add(draft, cast.leader, category_key="personal_development", text=f"Utviklingsmål {i}")
    assert rule(draft, "Q1").ok
    add(draft, cast.leader, text="Femte")
    add(draft, cast.leader, text="Sjette")
    result = rule(draft, "Q1")
    assert not result.ok and "6" in result.message


def test_q2_few_requirements(cast, draft):
    add(draft, cast.leader, text="Ett krav")
    assert rule(draft, "Q2").ok
    for i in range(MAX_OWN_REQUIREMENTS):
        add(draft, cast.leader, category_key="personal_development", text=f"Krav {i}")
    assert not rule(draft, "Q2").ok


def test_q3_indicator_and_evaluation(cast, draft):
    req = add(draft, cast.leader, text="Krav uten indikator")
    assert not rule(draft, "Q3").ok
    services.indicator_add(
        requirement=req,
        actor=cast.leader,
        expected_lock_version=fresh(draft).lock_version,
        text="Feilfritt regnskap innen fastsatte tidsfrister",
    )
    assert not rule(draft, "Q3").ok  # still no evaluation method
    services.requirement_update(
        requirement=req,
        actor=cast.leader,
        expected_lock_version=fresh(draft).lock_version,
        evaluation_method="Regelmessige avstemmings- og kontrollrapporter",
    )
    assert rule(draft, "Q3").ok


def test_q4_balance(cast, draft):
    add(draft, cast.leader, text="Faglig", perspective="professional")
    add(draft, cast.leader, text="Økonomi", perspective="economy")
    add(draft, cast.leader, text="Medarbeidere", perspective="employees")
    result = rule(draft, "Q4")
    assert not result.ok and "users" in result.message.lower()
    add(draft, cast.leader, text="Brukere", perspective="users")
    assert rule(draft, "Q4").ok


def test_q5_professional_requirements_link_upward(cast, period, draft):
    req = add(draft, cast.leader, text="Faglig krav", perspective="professional")
    assert not rule(draft, "Q5").ok
    goal = services.goal_create(period=period, unit=cast.section, actor=cast.leader, title="Et godt regnskap")
    services.requirement_update(
        requirement=req, actor=cast.leader, expected_lock_version=fresh(draft).lock_version, goal=goal
    )
    assert rule(draft, "Q5").ok


def test_q6_cascaded_goals_are_owned(cast, period, draft):
    sup = services.agreement_start(period=period, leader=cast.superior, actor=cast.superior, superior=cast.director)
    assert rule(sup, "Q6").ok  # nobody below yet
    top = add(sup, cast.superior, text="Inkluderende arbeidsliv i hele avdelingen")
    assert not rule(sup, "Q6").ok
    add(draft, cast.leader, text="IA-avtale i seksjonen", superior_requirement=top)
    assert rule(sup, "Q6").ok


def test_q7_cooperation_requirement(cast, draft):
    add(draft, cast.leader, text="Feilfritt regnskap")
    assert not rule(draft, "Q7").ok
    add(draft, cast.leader, text="Bidra til et godt samarbeid internt i avdelingen")
    assert rule(draft, "Q7").ok


def test_q8_shared_with_unit(cast, draft):
    assert not rule(draft, "Q8").ok
    services.agreement_share_with_unit(agreement=draft, actor=cast.leader)
    assert rule(draft, "Q8").ok


def test_q9_publication_decided(cast, draft):
    assert not rule(draft, "Q9").ok
    services.agreement_set_publication(
        agreement=draft, actor=cast.leader, expected_lock_version=0, sections={"contact_network": False}
    )
    assert rule(draft, "Q9").ok


def test_q10_follow_up_dates(cast, period, draft):
    assert rule(draft, "Q10").ok
    services.period_update(period=period, actor=cast.process_owner, midyear_review=None)
    assert not rule(draft, "Q10").ok


def test_q11_measurable_indicators(cast, draft):
    req = add(draft, cast.leader, text="Krav", indicators=["Kontroll over utgiftene gjennom året"])
    assert not rule(draft, "Q11").ok
    ind = req.indicators.get()
    services.indicator_update(
        indicator=ind,
        actor=cast.leader,
        expected_lock_version=fresh(draft).lock_version,
        deadline=datetime.date(2026, 12, 31),
    )
    assert rule(draft, "Q11").ok
    add(draft, cast.leader, text="Krav 2", indicators=["Sykefravær under 5 prosent"])
    assert rule(draft, "Q11").ok


def test_a_blocking_rule_refuses_submission_until_it_passes(cast, draft):
    services.advice_setting_set(organisation=cast.organisation, actor=cast.process_owner, rule_code="Q8", blocking=True)
    with pytest.raises(DomainError) as exc:
        services.agreement_submit(agreement=draft, actor=cast.leader)
    assert exc.value.code == "advice_blocking" and "Q8" in exc.value.message
    assert fresh(draft).state == "draft"
    assert rule(draft, "Q8").blocking
    services.agreement_share_with_unit(agreement=draft, actor=cast.leader)
    services.agreement_submit(agreement=draft, actor=cast.leader)
    assert fresh(draft).state == "in_review"


def test_only_process_owners_choose_blocking_rules(cast):
    with pytest.raises(DomainError):
        services.advice_setting_set(organisation=cast.organisation, actor=cast.leader, rule_code="Q1", blocking=True)
    with pytest.raises(DomainError):
        services.advice_setting_set(
            organisation=cast.organisation, actor=cast.process_owner, rule_code="Q99", blocking=True
        )
    assert not AdviceSetting.objects.exists()


def test_advice_on_the_pages_requirements_equals_advice_read_fresh(cast, draft):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from resultatavtaler.agreements.models import Agreement
    from resultatavtaler.agreements.views.page import load_requirements

    add(draft, cast.leader, text="Kortere saksbehandlingstid", indicators=["Under 4 uker", "Klager under 2 %"])
    add(draft, cast.leader, category_key="personal_development", text="Bedre delegering")

    def load():
        return Agreement.objects.select_related("template_version", "period", "unit", "leader").get(pk=draft.pk)

    agreement, other = load(), load()
    loaded = load_requirements(agreement)
    assert len(loaded) >= 2 and any(r.indicators.all() for r in loaded)
    with CaptureQueriesContext(connection) as fresh_read:
        expected = advice_for(other)
    with CaptureQueriesContext(connection) as preloaded:
        given = advice_for(agreement, requirements=loaded)
    assert [(r.code, r.status, r.message, r.items) for r in given] == [
        (r.code, r.status, r.message, r.items) for r in expected
    ]
    # Neither the requirements nor their indicators are read again.
    assert len(preloaded.captured_queries) == len(fresh_read.captured_queries) - 2
