"""Fixtures of the notification tests: a period whose milestones the tests move the clock
past (dates passed explicitly as `today=`, never slept for), and helpers that drive an
agreement through the real services."""

import datetime

import pytest
from django.utils import timezone

from resultatavtaler.agreements import services as ag
from resultatavtaler.agreements.builtin import ensure_builtin_templates
from resultatavtaler.agreements.models import Template

D0 = datetime.date(2026, 1, 1)


@pytest.fixture
def ad_version(db):
    ensure_builtin_templates()
    return Template.objects.get(organisation__isnull=True, key="ufd-ad").latest_version()


@pytest.fixture
def period(cast, ad_version):
    """Milestones in 2026; the tests pass `today=` so the real date does not matter."""
    p = ag.period_create(
        organisation=cast.organisation, actor=cast.process_owner, name="2026", start=D0,
        end=datetime.date(2026, 12, 31), default_template=ad_version.template,
        drafts_due=datetime.date(2026, 1, 31), signing_due=datetime.date(2026, 2, 28),
        self_evaluations_due=datetime.date(2026, 11, 13), assessment_from=datetime.date(2026, 11, 23),
        assessment_to=datetime.date(2026, 12, 11),
    )
    ag.period_participants_refresh(period=p)
    return p


@pytest.fixture
def current_period(cast, ad_version):
    """A period around the real date, for flows whose services check the real clock
    (a conversation is at least 7 days ahead)."""
    today = timezone.localdate()
    p = ag.period_create(
        organisation=cast.organisation, actor=cast.process_owner, name="Nå", start=today - datetime.timedelta(days=90),
        end=today + datetime.timedelta(days=270), default_template=ad_version.template,
    )
    ag.period_participants_refresh(period=p)
    return p


def add_requirement(agreement, text="Saker behandles innen fristen"):
    agreement.refresh_from_db()
    return ag.requirement_add(agreement=agreement, actor=agreement.leader, expected_lock_version=agreement.lock_version,
                              category_key="professional", text=text, evaluation_method="Tilbakemelding")


def submit(agreement):
    add_requirement(agreement)
    agreement.refresh_from_db()
    ag.agreement_submit(agreement=agreement, actor=agreement.leader)
    agreement.refresh_from_db()
    return agreement


def sign(agreement, *people):
    for person in people:
        agreement.refresh_from_db()
        ag.agreement_sign(agreement=agreement, actor=person)
    agreement.refresh_from_db()
    return agreement


def signed_agreement(leader, period):
    a = submit(ag.agreement_start(period=period, leader=leader, actor=leader))
    return sign(a, a.leader, a.superior)
