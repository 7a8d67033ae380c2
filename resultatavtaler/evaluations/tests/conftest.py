"""Fixtures of the evaluation tests: a 2026 period on the UFD/AD template (seed scale) and the
cast's leader's agreement, signed by both, with two requirements and a measurable indicator."""

import datetime
from decimal import Decimal

import pytest

from resultatavtaler.agreements import services as ag_services
from resultatavtaler.agreements.builtin import ensure_builtin_templates
from resultatavtaler.agreements.models import Indicator, Template
from resultatavtaler.organisations.models import Person


@pytest.fixture
def ad_template(db):
    ensure_builtin_templates()
    return Template.objects.get(organisation__isnull=True, key="ufd-ad").latest_version()


@pytest.fixture
def period(cast, ad_template):
    return ag_services.period_create(
        organisation=cast.organisation, actor=cast.process_owner, name="2026",
        start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31), default_template=ad_template.template,
        midyear_review=datetime.date(2026, 6, 15), self_evaluations_due=datetime.date(2026, 11, 13),
    )


def _add(agreement, actor, text, **kw):
    agreement.refresh_from_db()
    return ag_services.requirement_add(agreement=agreement, actor=actor, expected_lock_version=agreement.lock_version,
                                       category_key="professional", text=text, **kw)


def make_signed(leader, period):
    ag = ag_services.agreement_start(period=period, leader=leader, actor=leader)
    _add(ag, leader, "Redusere sykefraværet i seksjonen",
         indicators=[{"text": "Sykefravær", "metric": "Sykefravær i prosent", "unit": "%",
                      "baseline": Decimal("6.5"), "target_value": Decimal("5"),
                      "deadline": datetime.date(2026, 12, 31)}],
         evaluation_method="Tall fra HR-systemet")
    _add(ag, leader, "Saker behandles innen fristen", evaluation_method="Tilbakemelding fra medarbeidere")
    ag.refresh_from_db()
    ag_services.agreement_submit(agreement=ag, actor=leader)
    ag.refresh_from_db()
    ag_services.agreement_sign(agreement=ag, actor=ag.leader)
    ag_services.agreement_sign(agreement=ag, actor=ag.superior)
    ag.refresh_from_db()
    return ag


@pytest.fixture
def signed(cast, period):
    return make_signed(cast.leader, period)


@pytest.fixture
def indicator(signed):
    return Indicator.objects.filter(requirement__agreement=signed).exclude(metric="").get()


@pytest.fixture
def staff(cast):
    """Five more employees in the leader's section, so input requests can reach the thresholds."""
    from resultatavtaler.organisations.tests.factories import PersonFactory

    return [PersonFactory(organisation=cast.organisation, unit=cast.section, name=f"Ansatt {i}") for i in range(5)]


def all_ratings(agreement, value=2, comment="Godt arbeid"):
    from resultatavtaler.evaluations.services import evaluation_requirements

    return {r.pk: {"value": value, "comment": comment} for r in evaluation_requirements(agreement)}


def fresh(obj):
    obj.refresh_from_db()
    return obj


__all__ = ["Person", "all_ratings", "fresh", "make_signed"]


def days_pass(agreement, days: int) -> None:
    """Time passes: the dated records of the follow-up move `days` into the past, as they would
    be seen `days` later (the test suite has no clock to wind forward)."""
    from datetime import timedelta

    from resultatavtaler.evaluations.models import Assessment, SelfEvaluation

    for model, fields in ((SelfEvaluation, ("submitted_at",)), (Assessment, ("conversation_at",))):
        for obj in model.objects.filter(agreement=agreement):
            for f in fields:
                if getattr(obj, f):
                    setattr(obj, f, getattr(obj, f) - timedelta(days=days))
            obj.save(update_fields=list(fields))
