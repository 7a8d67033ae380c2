"""A signed agreement of the cast's leader (the evaluations app's fixtures) and helpers."""

import datetime

import pytest

from resultatavtaler.agreements import services as ag_services
from resultatavtaler.agreements.builtin import ensure_builtin_templates
from resultatavtaler.agreements.models import Template
from resultatavtaler.evaluations.tests.conftest import make_signed


@pytest.fixture
def period_2020(cast):
    ensure_builtin_templates()
    tv = Template.objects.get(organisation__isnull=True, key="ufd-ad").latest_version()
    return ag_services.period_create(
        organisation=cast.organisation, actor=cast.process_owner, name="2020",
        start=datetime.date(2020, 1, 1), end=datetime.date(2020, 12, 31), default_template=tv.template,
    )


@pytest.fixture
def signed_2020(cast, period_2020):
    return make_signed(cast.leader, period_2020)


def text_section_keys(agreement):
    return [s["key"] for s in agreement.template_version.content["sections"] if s.get("kind", "text") == "text"]
