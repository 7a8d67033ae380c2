"""Cascade coverage of a superior's agreement and the alignment tree, in a fixed number of
queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resultatavtaler.agreements import services
from resultatavtaler.agreements.selectors import alignment_tree, cascade_coverage

from .conftest import add, fresh


@pytest.fixture
def chain(cast, period, draft):
    sup = services.agreement_start(period=period, leader=cast.superior, actor=cast.superior)
    other = services.agreement_start(period=period, leader=cast.other_leader, actor=cast.other_leader)
    goal_carried = services.goal_create(
        period=period,
        unit=cast.department,
        actor=cast.superior,
        title="Inkluderende arbeidsliv",
        source="business_plan",
    )
    goal_gap = services.goal_create(
        period=period,
        unit=cast.department,
        actor=cast.superior,
        title="Digitalisering av arkivet",
        source="allocation_letter",
    )
    ia = add(sup, cast.superior, text="IA-avtale i avdelingen", goal=goal_carried)
    quality = add(sup, cast.superior, text="Høy kvalitet på regnskapet")
    lonely = add(sup, cast.superior, text="Ny intranettløsning")
    carried_1 = add(draft, cast.leader, text="IA-avtale i personalseksjonen", superior_requirement=ia)
    carried_2 = add(
        other, cast.other_leader, text="Feilfritt regnskap", superior_requirement=quality, goal=goal_carried
    )
    return sup, {
        "ia": ia,
        "quality": quality,
        "lonely": lonely,
        "goal_carried": goal_carried,
        "goal_gap": goal_gap,
        "carried_1": carried_1,
        "carried_2": carried_2,
        "other": other,
    }


def test_cascade_coverage_names_carriers_and_gaps(cast, draft, chain):
    sup, x = chain
    with CaptureQueriesContext(connection) as ctx:
        coverage = cascade_coverage(sup)
        rows = {(r.kind, r.obj.pk): [c.pk for c in r.carried_by] for r in coverage.rows}
    assert len(ctx.captured_queries) == 4
    assert {a.pk for a in coverage.subordinate_agreements} == {draft.pk, x["other"].pk}
    assert rows[("requirement", x["ia"].pk)] == [x["carried_1"].pk]
    assert rows[("requirement", x["quality"].pk)] == [x["carried_2"].pk]
    assert rows[("requirement", x["lonely"].pk)] == []
    assert rows[("goal", x["goal_carried"].pk)] == [x["carried_2"].pk]
    assert rows[("goal", x["goal_gap"].pk)] == []
    assert {(r.kind, r.obj.pk) for r in coverage.gaps} == {("requirement", x["lonely"].pk), ("goal", x["goal_gap"].pk)}


def test_coverage_on_requirements_already_read_is_the_same_in_one_query_fewer(cast, draft, chain):
    from resultatavtaler.agreements.models import Requirement

    sup, x = chain
    read = list(Requirement.objects.filter(agreement=sup))
    expected = cascade_coverage(sup)
    with CaptureQueriesContext(connection) as ctx:
        given = cascade_coverage(sup, read)
    assert len(ctx.captured_queries) == 3

    def shape(coverage):
        return [(r.kind, r.obj.pk, [c.pk for c in r.carried_by]) for r in coverage.rows]

    assert shape(given) == shape(expected)
    assert [a.pk for a in given.subordinate_agreements] == [a.pk for a in expected.subordinate_agreements]


def test_linking_outside_the_superiors_agreement_is_refused(cast, period, draft, chain):
    sup, x = chain
    from resultatavtaler.core_errors import DomainError

    with pytest.raises(DomainError):
        add(draft, cast.leader, text="Lenke til sidemannens krav", superior_requirement=x["carried_2"])


def test_alignment_tree_goals_top_leader_and_sections(cast, period, draft, chain):
    sup, x = chain
    with CaptureQueriesContext(connection) as ctx:
        tree = alignment_tree(cast.organisation, period)
        (root,) = tree.agreements
        by_pk = {n.requirement.pk: n for n in root.requirements}
        children = {c.agreement.pk for c in root.children}
        gaps = {g.goal.pk for g in tree.goal_gaps}
    assert len(ctx.captured_queries) == 3
    assert root.agreement == sup
    assert children == {draft.pk, x["other"].pk}
    assert [c.requirement.pk for c in by_pk[x["ia"].pk].children] == [x["carried_1"].pk]
    assert by_pk[x["lonely"].pk].is_gap and not by_pk[x["ia"].pk].is_gap
    assert gaps == {x["goal_gap"].pk}
    carried = next(g for g in tree.goals if g.goal.pk == x["goal_carried"].pk)
    assert {r.pk for r in carried.carried_by} == {x["ia"].pk, x["carried_2"].pk}


def test_what_the_review_page_shows_of_the_coverage_is_read_in_the_four_queries(cast, draft, chain):
    """The coverage reads only some fields of the carriers and of the subordinates' agreements;
    everything the review page shows of them must be among those, or each row would cost a query."""
    sup, x = chain
    with CaptureQueriesContext(connection) as ctx:
        coverage = cascade_coverage(sup)
        shown = [
            [(c.pk, c.number, c.text, c.agreement.leader.name, c.agreement_id) for c in row.carried_by]
            for row in coverage.rows
        ]
        subs = [(a.pk, a.leader_id, a.unit_id, a.state) for a in coverage.subordinate_agreements]
    assert len(ctx.captured_queries) == 4
    carried_1, carried_2 = fresh(x["carried_1"]), fresh(x["carried_2"])
    assert [(carried_1.pk, carried_1.number, carried_1.text, cast.leader.name, draft.pk)] in shown
    assert (carried_2.pk, carried_2.number, carried_2.text, cast.other_leader.name, x["other"].pk) in shown[1]
    assert sorted(subs) == sorted((a.pk, a.leader_id, a.unit_id, a.state) for a in (fresh(draft), fresh(x["other"])))


def test_review_page_names_each_carrier_without_a_query_per_carrier(cast, draft, chain):
    from django.test import Client
    from django.urls import reverse

    sup, x = chain
    client = Client()
    client.force_login(cast.superior.user, backend="resultatavtaler.accounts.backends.PersonModelBackend")
    url = reverse("agreements:review", args=[draft.pk])

    def page():
        client.get(url)  # caches that are not per request
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return response.content.decode(), len(ctx.captured_queries)

    before, queries = page()
    carried_1 = fresh(x["carried_1"])
    assert f"{cast.leader.name}: {carried_1.number}" in before
    more = [
        add(x["other"], cast.other_leader, text=f"Mer regnskap {i}", superior_requirement=x["lonely"]) for i in range(4)
    ]
    after, queries_after = page()
    for r in more:
        assert f"{cast.other_leader.name}: {fresh(r).number}" in after
    assert queries_after == queries
