""""Other agreements you can see" on My agreements: one period at a time (the newest open one
unless the reader chooses), a page at a time, with the same queries however many there are; a
stale page number or a forged period id falls back instead of failing."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resultatavtaler.agreements import services
from resultatavtaler.agreements.views import agreement as list_view


def _period(organisation, actor, year, template):
    return services.period_create(
        organisation=organisation, actor=actor, name=str(year), start=datetime.date(year, 1, 1),
        end=datetime.date(year, 12, 31), default_template=template,
    )


@pytest.fixture
def later(cast, ad_template):
    return _period(cast.organisation, cast.process_owner, 2027, ad_template.template)


def _others(response):
    return [a.leader.name for a in response.context["others"]]


def test_one_period_at_a_time_newest_open_first(cast, period, later, client_for):
    services.agreement_start(period=period, leader=cast.leader, actor=cast.leader)
    services.agreement_start(period=later, leader=cast.other_leader, actor=cast.other_leader)
    client = client_for(cast.superior)

    response = client.get(reverse("agreements:list"))
    assert response.context["chosen_period"] == later
    assert _others(response) == [cast.other_leader.name]
    html = response.content.decode()
    assert 'name="periode"' in html and f'<option value="{later.pk}" selected>' in html

    response = client.get(reverse("agreements:list"), {"periode": period.pk})
    assert response.context["chosen_period"] == period
    assert _others(response) == [cast.leader.name]


@pytest.mark.parametrize("asked", ["x", "999999", "outsider"])
def test_a_forged_or_unknown_period_falls_back_to_the_newest_open(cast, period, later, ad_template, client_for, asked):
    services.agreement_start(period=later, leader=cast.other_leader, actor=cast.other_leader)
    if asked == "outsider":
        from resultatavtaler.agreements.models import Period

        foreign = Period.objects.create(organisation=cast.other_organisation, name="2028",
                                        start=datetime.date(2028, 1, 1), end=datetime.date(2028, 12, 31))
        asked = str(foreign.pk)
    response = client_for(cast.superior).get(reverse("agreements:list"), {"periode": asked})
    assert response.status_code == 200
    assert response.context["chosen_period"] == later
    assert _others(response) == [cast.other_leader.name]


def test_a_page_at_a_time(cast, period, client_for, monkeypatch):
    monkeypatch.setattr(list_view, "OTHERS_PAGE_SIZE", 1)
    services.agreement_start(period=period, leader=cast.leader, actor=cast.leader)
    services.agreement_start(period=period, leader=cast.other_leader, actor=cast.other_leader)
    client = client_for(cast.superior)

    first = client.get(reverse("agreements:list"))
    second = client.get(reverse("agreements:list"), {"periode": period.pk, "page": 2})
    assert len(_others(first)) == 1 and len(_others(second)) == 1
    assert set(_others(first) + _others(second)) == {cast.leader.name, cast.other_leader.name}
    html = first.content.decode()
    assert f"?periode={period.pk}&amp;page=2" in html and 'aria-current="page"' in html
    # A stale or nonsense page number shows a real page, never an error.
    assert _others(client.get(reverse("agreements:list"), {"page": "abc"})) == _others(first)
    assert _others(client.get(reverse("agreements:list"), {"page": 99})) == _others(second)


def test_the_same_queries_for_two_and_for_many_others(cast, period, client_for):
    from resultatavtaler.organisations.constants import UnitKind
    from resultatavtaler.organisations.services import unit_create
    from resultatavtaler.organisations.tests.factories import PersonFactory

    services.agreement_start(period=period, leader=cast.leader, actor=cast.leader)
    client = client_for(cast.superior)
    client.get(reverse("agreements:list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("agreements:list"))
    for i in range(3):
        unit = unit_create(organisation=cast.organisation, code=f"ADM-{i}", name=f"Seksjon {i}", parent=cast.department,
                           kind=UnitKind.SECTION)
        leader = PersonFactory(organisation=cast.organisation, unit=unit, name=f"Leder {i}")
        unit.leader = leader
        unit.save()
        services.agreement_start(period=period, leader=leader, actor=leader)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("agreements:list"))
    assert len(_others(response)) == 4
    assert len(many.captured_queries) == len(few.captured_queries)
    assert not any('"agreements_agreement"."sections"' in q["sql"] for q in many.captured_queries)


def test_my_agreements_and_to_review_read_names_and_states_not_content(cast, period, ad_template, page_statements):
    """Each list shows an agreement's period, unit, people, state and next step: every row is
    read in the list's one statement (no field fetched afterwards per row), without the
    agreements' sections."""
    from .conftest import submit

    services.agreement_start(period=period, leader=cast.leader, actor=cast.leader)
    pages = {cast.leader: reverse("agreements:list"), cast.superior: reverse("agreements:to_review")}
    few = {person: len(page_statements(person, url)[1]) for person, url in pages.items()}

    # Another year for the leader (started at once, so the page offers no new period to start)
    # and another leader for the superior.
    later = _period(cast.organisation, cast.process_owner, 2027, ad_template.template)
    submit(services.agreement_start(period=later, leader=cast.leader, actor=cast.leader))
    services.agreement_start(period=period, leader=cast.other_leader, actor=cast.other_leader)
    for person, url in pages.items():
        html, statements = page_statements(person, url)
        assert len(statements) == few[person], person
        assert not any('"agreements_agreement"."sections"' in sql for sql in statements)
        assert "2027" in html
        assert (cast.superior if person == cast.leader else cast.other_leader).name in html
