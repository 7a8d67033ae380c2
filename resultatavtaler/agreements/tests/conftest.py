"""Fixtures of the agreements tests: a 2026 period on the UFD/AD template and a draft for
the cast's leader (whose superior, by the tree, is the cast's superior)."""

import datetime

import pytest

from resultatavtaler.agreements import services
from resultatavtaler.agreements.builtin import ensure_builtin_templates
from resultatavtaler.agreements.models import Template


def builtin_version(key: str):
    # Transactional tests flush the database, data migrations included: make sure they exist.
    ensure_builtin_templates()
    return Template.objects.get(organisation__isnull=True, key=key).latest_version()


@pytest.fixture
def ad_template():
    return builtin_version("ufd-ad")


def year_period(cast, template_version, year: int):
    """Another period of the cast's organisation: the calendar year, on the template's default."""
    return services.period_create(
        organisation=cast.organisation,
        actor=cast.process_owner,
        name=str(year),
        start=datetime.date(year, 1, 1),
        end=datetime.date(year, 12, 31),
        default_template=template_version.template,
    )


@pytest.fixture
def period(cast, ad_template):
    return services.period_create(
        organisation=cast.organisation,
        actor=cast.process_owner,
        name="2026",
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
        default_template=ad_template.template,
        drafts_due=datetime.date(2026, 1, 31),
        signing_due=datetime.date(2026, 2, 28),
        midyear_review=datetime.date(2026, 6, 15),
        self_evaluations_due=datetime.date(2026, 11, 13),
        assessment_from=datetime.date(2026, 11, 23),
        assessment_to=datetime.date(2026, 12, 11),
    )


@pytest.fixture
def draft(cast, period):
    return services.agreement_start(period=period, leader=cast.leader, actor=cast.leader)


def fresh(obj):
    obj.refresh_from_db()
    return obj


def add(agreement, actor, category_key="professional", text="Krav", **kw):
    agreement.refresh_from_db()
    return services.requirement_add(
        agreement=agreement,
        actor=actor,
        expected_lock_version=agreement.lock_version,
        category_key=category_key,
        text=text,
        **kw,
    )


def submit(agreement, actor=None):
    agreement.refresh_from_db()
    return services.agreement_submit(agreement=agreement, actor=actor or agreement.leader)


def sign_both(agreement):
    agreement.refresh_from_db()
    services.agreement_sign(agreement=agreement, actor=agreement.leader)
    services.agreement_sign(agreement=agreement, actor=agreement.superior)
    agreement.refresh_from_db()
    return agreement
