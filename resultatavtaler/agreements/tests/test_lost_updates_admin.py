"""No lost updates on the administration forms: a period (its milestone dates), a goal and a
common requirement. Two editors open the same form; the second to save is refused with what
the first saved, and nothing of theirs is written."""

import datetime

import pytest
from django.db import models
from django.test import Client
from django.urls import reverse

from resultatavtaler.agreements import services
from resultatavtaler.agreements.models import CommonRequirement, Goal, Period
from resultatavtaler.core_errors import DomainError
from resultatavtaler.organisations.constants import GrantedRole
from resultatavtaler.organisations.services import role_grant
from resultatavtaler.organisations.tests.factories import person_with_login


def _client(person) -> Client:
    c = Client()
    c.force_login(person.user, backend="resultatavtaler.accounts.backends.PersonModelBackend")
    return c


def _form_data(response) -> dict:
    """What the page's form would post unchanged: every field's shown value and the version."""
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        if isinstance(value, models.Model):
            value = value.pk
        if isinstance(value, datetime.date):
            value = value.isoformat()
        data[name] = "" if value is None else value
    data["version"] = response.context["version"]
    return data


@pytest.fixture
def second_owner(cast):
    person = person_with_login(organisation=cast.organisation, unit=cast.department, name="Per Prosess",
                               username="processowner2")
    role_grant(person=person, role=GrantedRole.PROCESS_OWNER)
    return person


def test_period_second_stale_save_is_refused_and_nothing_is_written(cast, period, second_owner):
    url = reverse("agreements:period_detail", args=[period.pk])
    first, second = _client(cast.process_owner), _client(second_owner)
    page_first, page_second = first.get(url), second.get(url)
    assert page_first.context["version"] == page_second.context["version"] != ""

    data = _form_data(page_first) | {"signing_due": "2026-03-06"}
    assert first.post(url, data).status_code == 302
    assert Period.objects.get(pk=period.pk).signing_due == datetime.date(2026, 3, 6)

    data = _form_data(page_second) | {"name": "2026 (revidert)"}
    response = second.post(url, data)
    assert response.status_code == 409
    message = " ".join(response.context["form"].non_field_errors())
    assert "06.03.2026" in message  # what the first editor saved
    stored = Period.objects.get(pk=period.pk)
    assert stored.name == "2026" and stored.signing_due == datetime.date(2026, 3, 6)
    # From the page shown again (the newer version), the second editor makes their change again.
    assert second.post(url, _form_data(second.get(url)) | {"name": "2026 (revidert)"}).status_code == 302
    stored = Period.objects.get(pk=period.pk)
    assert stored.name == "2026 (revidert)" and stored.signing_due == datetime.date(2026, 3, 6)


def test_period_stale_save_that_changes_nothing_is_refused_too(cast, period, second_owner):
    url = reverse("agreements:period_detail", args=[period.pk])
    first, second = _client(cast.process_owner), _client(second_owner)
    stale = _form_data(second.get(url))
    assert first.post(url, _form_data(first.get(url)) | {"drafts_due": "2026-02-06"}).status_code == 302
    # The second editor's unchanged form would put the old drafts date back.
    assert second.post(url, stale).status_code == 409
    assert Period.objects.get(pk=period.pk).drafts_due == datetime.date(2026, 2, 6)


def test_period_service_refuses_an_old_version(cast, period):
    version = services.period_edit_version(period)
    services.period_update(period=period, actor=cast.process_owner, expected_version=version, name="Første")
    with pytest.raises(DomainError) as exc:
        services.period_update(period=period, actor=cast.process_owner, expected_version=version, name="Andre")
    assert exc.value.code == "stale" and exc.value.status == 409 and "Første" in exc.value.message
    assert Period.objects.get(pk=period.pk).name == "Første"


def test_goal_second_stale_save_is_refused(cast, period):
    goal = services.goal_create(period=period, unit=cast.section, actor=cast.leader, title="Godt arbeidsmiljø")
    url = reverse("agreements:goal_edit", args=[period.pk, goal.pk])
    leader, owner = _client(cast.leader), _client(cast.process_owner)
    page_leader, page_owner = leader.get(url), owner.get(url)
    new_title = {"title": "Et godt og inkluderende arbeidsmiljø"}
    assert leader.post(url, _form_data(page_leader) | new_title).status_code == 302
    response = owner.post(url, _form_data(page_owner) | {"description": "Målt i medarbeiderundersøkelsen"})
    assert response.status_code == 409
    assert "Et godt og inkluderende arbeidsmiljø" in " ".join(response.context["form"].non_field_errors())
    stored = Goal.objects.get(pk=goal.pk)
    assert stored.title == "Et godt og inkluderende arbeidsmiljø" and stored.description == ""


def test_common_requirement_second_stale_save_is_refused(cast, period, second_owner):
    cr = services.common_requirement_create(period=period, actor=cast.process_owner, category_key="general",
                                            text="Følge opp sykefravær", number="0.1")
    url = reverse("agreements:common_requirement_edit", args=[cr.pk])
    first, second = _client(cast.process_owner), _client(second_owner)
    page_first, page_second = first.get(url), second.get(url)
    assert first.post(url, _form_data(page_first) | {"text": "Følge opp og forebygge sykefravær"}).status_code == 302
    response = second.post(url, _form_data(page_second) | {"evaluation_method": "Tall fra HR"})
    assert response.status_code == 409
    assert "Følge opp og forebygge sykefravær" in " ".join(response.context["form"].non_field_errors())
    stored = CommonRequirement.objects.get(pk=cr.pk)
    assert stored.text == "Følge opp og forebygge sykefravær" and stored.evaluation_method == ""
