"""Fixtures of the API tests: a 2026 period with a signed agreement for the cast's leader
(one public and one internal requirement, an indicator with a measurement), a draft for
the other leader, and tokens of each scope for the cast's organisation and the outsider's."""

import datetime
import json
from dataclasses import dataclass

import pytest
from django.core.cache import cache

from resultatavtaler.agreements import services as agreement_services
from resultatavtaler.agreements.builtin import ensure_builtin_templates
from resultatavtaler.agreements.models import Template
from resultatavtaler.api.services import api_token_create
from resultatavtaler.evaluations.services import measurement_record


@pytest.fixture(autouse=True)
def _fresh_rate_counters(settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 10_000
    cache.clear()
    yield
    cache.clear()


@dataclass
class World:
    period: object
    signed: object  # the leader's agreement, signed by both
    draft: object  # the other leader's draft
    public_requirement: object
    internal_requirement: object
    indicator: object


def _edit(agreement, actor, **kw):
    agreement.refresh_from_db()
    return agreement_services.requirement_add(
        agreement=agreement, actor=actor, expected_lock_version=agreement.lock_version, **kw
    )


@pytest.fixture
def world(cast) -> World:
    ensure_builtin_templates()
    template = Template.objects.get(organisation__isnull=True, key="ufd-ad").latest_version()
    period = agreement_services.period_create(
        organisation=cast.organisation,
        actor=cast.process_owner,
        name="2026",
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
        default_template=template.template,
        drafts_due=datetime.date(2026, 1, 31),
        signing_due=datetime.date(2026, 2, 28),
    )
    signed = agreement_services.agreement_start(period=period, leader=cast.leader, actor=cast.leader)
    public = _edit(
        signed,
        cast.leader,
        category_key="professional",
        text="Saksbehandlingstiden skal ned",
        indicators=[{"text": "Median saksbehandlingstid", "metric": "dager", "target_value": "30"}],
    )
    internal = _edit(signed, cast.leader, category_key="professional", text="Intern oppfølging", public=False)
    signed.refresh_from_db()
    agreement_services.agreement_submit(agreement=signed, actor=cast.leader)
    signed.refresh_from_db()
    agreement_services.agreement_sign(agreement=signed, actor=cast.leader)
    agreement_services.agreement_sign(agreement=signed, actor=cast.superior)
    signed.refresh_from_db()
    indicator = public.indicators.get()
    measurement_record(
        indicator=indicator, actor=cast.leader, date=datetime.date(2026, 3, 31), value="41.5", source="Sak"
    )
    draft = agreement_services.agreement_start(period=period, leader=cast.other_leader, actor=cast.other_leader)
    return World(period, signed, draft, public, internal, indicator)


@pytest.fixture
def read_token(cast):
    return api_token_create(organisation=cast.organisation, actor=cast.admin_person, name="BI", scope="read")


@pytest.fixture
def write_token(cast):
    return api_token_create(organisation=cast.organisation, actor=cast.admin_person, name="HR", scope="write")


@pytest.fixture
def outsider_token(cast):
    from resultatavtaler.organisations.constants import GrantedRole
    from resultatavtaler.organisations.services import role_grant

    role_grant(person=cast.outsider, role=GrantedRole.ADMIN)
    return api_token_create(organisation=cast.outsider.organisation, actor=cast.outsider, name="Other", scope="write")


class ApiClient:
    """The Django test client with a bearer token (or a session) and JSON helpers."""

    def __init__(self, client, raw_token=None, language=None):
        self.client = client
        self.headers = {}
        if raw_token:
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {raw_token}"
        if language:
            self.headers["HTTP_ACCEPT_LANGUAGE"] = language

    def get(self, url, **params):
        return self.client.get(url, params, **self.headers)

    def post(self, url, body):
        return self.client.post(url, json.dumps(body, default=str), content_type="application/json", **self.headers)


@pytest.fixture
def api_as(client, client_for):
    """api_as(token=(token, raw)) or api_as(person=p): a client calling the API as them."""

    def _make(*, token=None, person=None, language=None):
        if person is not None:
            return ApiClient(client_for(person), language=language)
        return ApiClient(client, token[1] if token else None, language=language)

    return _make


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert body["status"] == status
    assert {"type", "title", "status", "detail", "instance"} <= set(body)
    return body
