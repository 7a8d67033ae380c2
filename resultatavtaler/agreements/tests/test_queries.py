"""The agreement, review and list pages run the same number of SQL queries however many
requirements an agreement holds and however many leaders a superior has."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resultatavtaler.agreements import services
from resultatavtaler.agreements.models import Comment, Indicator, Requirement
from resultatavtaler.organisations.services import unit_create
from resultatavtaler.organisations.tests.factories import PersonFactory

from .conftest import fresh


def login(person) -> Client:
    client = Client()
    client.force_login(person.user, backend="resultatavtaler.accounts.backends.PersonModelBackend")
    return client


def count_queries(client, url) -> int:
    client.get(url)  # warm caches that are not per request (content types, translations)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def fill(agreement, n: int, *, author) -> None:
    """`n` requirements over the agreement's own categories, each with two indicators, a goal
    link and a comment (set up through the ORM: only the page's reads are measured)."""
    period = agreement.period
    goal = services.goal_create(period=period, unit=agreement.unit, actor=author, title="Et godt arbeidsmiljø")
    categories = [c["key"] for c in agreement.template_version.categories if not c.get("is_common")]
    existing = Requirement.objects.filter(agreement=agreement).count()
    reqs = Requirement.objects.bulk_create(
        [
            Requirement(
                agreement=agreement,
                category_key=categories[i % len(categories)],
                position=existing + i + 1,
                number=f"9.{existing + i + 1}",
                text=f"Krav nummer {existing + i + 1}",
                perspective="professional",
                goal=goal,
                evaluation_method="Tilbakemelding fra medarbeidere",
            )
            for i in range(n)
        ]
    )
    Indicator.objects.bulk_create(
        [Indicator(requirement=r, position=p, text=f"Indikator {p}", target_value=p) for r in reqs for p in (1, 2)]
    )
    Comment.objects.bulk_create(
        [Comment(agreement=agreement, requirement=r, author=author, text="Kommentar") for r in reqs]
    )


@pytest.fixture
def two_agreements(cast, period):
    """The cast leader's agreement and the other leader's, both in review."""
    small = services.agreement_start(period=period, leader=cast.leader, actor=cast.leader)
    large = services.agreement_start(period=period, leader=cast.other_leader, actor=cast.other_leader)
    fill(small, 5, author=cast.leader)
    fill(large, 50, author=cast.other_leader)
    for ag in (small, large):
        services.agreement_submit(agreement=fresh(ag), actor=ag.leader)
    # The superior's own agreement, so the review page computes the cascade coverage.
    services.agreement_start(period=period, leader=cast.superior, actor=cast.superior)
    return fresh(small), fresh(large)


@pytest.mark.parametrize("page", ["detail", "review", "history"])
def test_agreement_pages_do_not_grow_with_requirements(cast, two_agreements, page):
    small, large = two_agreements
    client = login(cast.superior)  # the superior of both
    counts = [count_queries(client, reverse(f"agreements:{page}", args=[ag.pk])) for ag in (small, large)]
    assert counts[0] == counts[1], f"{page}: {counts[0]} queries with 5 requirements, {counts[1]} with 50"


def test_the_leaders_agreement_page_does_not_grow_with_requirements(cast, period):
    small = services.agreement_start(period=period, leader=cast.leader, actor=cast.leader)
    client = login(cast.leader)
    fill(small, 5, author=cast.leader)
    five = count_queries(client, reverse("agreements:detail", args=[small.pk]))
    fill(small, 45, author=cast.leader)
    assert Requirement.objects.filter(agreement=small).count() == 50
    assert count_queries(client, reverse("agreements:detail", args=[small.pk])) == five


def _leaders(cast, period, n: int, start: int) -> None:
    for i in range(start, start + n):
        unit = unit_create(
            organisation=cast.organisation, code=f"ADM-S{i}", name=f"Seksjon {i}", parent=cast.department
        )
        person = PersonFactory(organisation=cast.organisation, unit=unit, name=f"Leder {i}")
        unit.leader = person
        unit.save(update_fields=["leader"])
        ag = services.agreement_start(period=period, leader=person, actor=person)
        if i % 3 == 0:
            fill(ag, 1, author=person)
            services.agreement_submit(agreement=fresh(ag), actor=person)
        if i % 3 == 1:
            services.agreement_submit(agreement=fresh(ag), actor=person)
            services.agreement_sign(agreement=fresh(ag), actor=person)


@pytest.mark.parametrize("page", ["to_review", "list", "alignment"])
def test_list_pages_do_not_grow_with_leaders(cast, period, page):
    client = login(cast.superior)
    url = reverse(f"agreements:{page}")
    _leaders(cast, period, 3, 0)
    three = count_queries(client, url)
    _leaders(cast, period, 27, 3)
    assert count_queries(client, url) == three, f"{page}: more queries with 30 leaders than with 3"


def test_the_home_page_list_of_my_leaders_does_not_grow_either(cast, period):
    client = login(cast.superior)
    _leaders(cast, period, 3, 0)
    three = count_queries(client, reverse("home:index"))
    _leaders(cast, period, 27, 3)
    assert count_queries(client, reverse("home:index")) == three
