"""The overview's page in two steps (`OverviewPageRows`: the ids of the page, then their rows)
and its total from the state counts: the same rows, in the same order, with the same values as
the single annotated query, for every sort, direction and filter, and no COUNT query."""

import dataclasses
import datetime
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resultatavtaler.reports.overview import (
    SORTS,
    OverviewFilter,
    OverviewPageRows,
    overview_rows,
    overview_scope,
    state_counts,
    total_from_counts,
)
from resultatavtaler.reports.tests.test_overview import _add_leaders, _submit, period  # noqa: F401

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 15)  # past the drafts' and the signing milestones: overdue rows
FIELDS = ("pk", "name", "agreement_pk", "row_state", "superior_name", "row_unit_path", "overdue", "next_due",
          "input_invited", "feedback_invited", "state_rank", "overdue_rank")


def _values(rows):
    return [tuple(getattr(r, f) for f in FIELDS) for r in rows]


def _filters(cast):
    sorts = [OverviewFilter(sort=key, descending=desc) for key in SORTS for desc in (False, True)]
    return sorts + [
        OverviewFilter(state="not_started"),
        OverviewFilter(state="draft", sort="name"),
        OverviewFilter(state="in_review"),
        OverviewFilter(overdue_only=True, sort="due"),
        OverviewFilter(overdue_only=True, state="draft"),
        OverviewFilter(unit=cast.department, sort="state", descending=True),
        OverviewFilter(unit=cast.department, overdue_only=True),
        OverviewFilter(state="closed"),  # none
    ]


@pytest.fixture
def leaders(cast, period):  # noqa: F811
    _add_leaders(cast, period, 12)
    started = list(period.agreements.order_by("pk"))
    _submit(started[0])
    return period


def test_each_page_has_the_rows_of_the_single_query_in_its_order(cast, leaders):
    scope = overview_scope(cast.process_owner)
    for flt in _filters(cast):
        rows = overview_rows(period=leaders, scope=scope, flt=flt, today=TODAY)
        expected = _values(rows)
        paged = OverviewPageRows(rows)
        got = []
        for start in range(0, len(expected) + 5, 5):
            got += _values(paged[start:start + 5])
        assert got == expected, flt
        assert paged.count() == len(expected)


def _by_state(of, scope, flt):
    """The states of the rows themselves, counted in Python (the state filter left out)."""
    rows = overview_rows(period=of, scope=scope, flt=dataclasses.replace(flt, state=""), today=TODAY)
    return Counter(rows.values_list("row_state", flat=True))


def test_the_total_from_the_state_counts_is_the_number_of_rows(cast, leaders):
    scope = overview_scope(cast.process_owner)
    for flt in _filters(cast):
        counts = state_counts(period=leaders, scope=scope, flt=flt, today=TODAY)
        rows = overview_rows(period=leaders, scope=scope, flt=flt, today=TODAY)
        assert total_from_counts(counts, flt) == rows.count(), flt
        assert {c["state"]: c["count"] for c in counts if c["count"]} == _by_state(leaders, scope, flt), flt
    # A superior's scope (their subtree and the agreements that name them) is counted the same way.
    scope = overview_scope(cast.superior)
    for flt in (OverviewFilter(), OverviewFilter(unit=cast.department), OverviewFilter(overdue_only=True)):
        counts = state_counts(period=leaders, scope=scope, flt=flt, today=TODAY)
        rows = overview_rows(period=leaders, scope=scope, flt=flt, today=TODAY)
        assert total_from_counts(counts, flt) == rows.count(), flt
        assert {c["state"]: c["count"] for c in counts if c["count"]} == _by_state(leaders, scope, flt), flt
    assert total_from_counts(state_counts(period=leaders, scope=scope, today=TODAY), OverviewFilter()) > 0


def test_the_state_counts_join_only_what_their_filter_needs(cast, leaders):
    """Counting 5,000 leaders through every column's join took SQLite twice as long: the count
    joins the units only for a unit filter or a scope by units, the rest only for the overdue."""
    everything = overview_scope(cast.process_owner)
    cases = [
        (everything, OverviewFilter(), set()),
        (everything, OverviewFilter(unit=cast.department), {"organisations_unit"}),
        (overview_scope(cast.superior), OverviewFilter(), {"organisations_unit"}),
        (everything, OverviewFilter(overdue_only=True), {"organisations_unit", "evaluations_assessment"}),
    ]
    assert everything.everything
    for scope, flt, joined in cases:
        with CaptureQueriesContext(connection) as ctx:
            state_counts(period=leaders, scope=scope, flt=flt, today=TODAY)
        (sql,) = [q["sql"] for q in ctx.captured_queries]
        found = {t for t in ("organisations_unit", "evaluations_assessment") if f'JOIN "{t}"' in sql}
        assert found == joined, (flt, sql)
        assert sql.count("JOIN") - sql.count("LEFT OUTER JOIN") == 0, sql  # no join may drop a leader


def test_the_page_runs_no_count_query_and_pages_through_everyone(cast, leaders, client_for):
    client = client_for(cast.process_owner)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/oversikt/", {"period": leaders.pk, "sort": "name"})
    assert response.status_code == 200
    assert not [q for q in ctx.captured_queries if "COUNT(*)" in q["sql"].upper()]
    everyone = list(overview_rows(period=leaders, scope=overview_scope(cast.process_owner),
                                  flt=OverviewFilter(sort="name")).values_list("name", flat=True))
    assert len(everyone) > 12
    assert response.context["page"].paginator.count == len(everyone)
    assert [r.name for r in response.context["page"].object_list] == everyone


def test_slicing_by_position_is_refused(cast, leaders):
    paged = OverviewPageRows(overview_rows(period=leaders, scope=overview_scope(cast.process_owner)))
    with pytest.raises(TypeError):
        paged[0]


def test_the_periods_are_read_once_for_the_default_and_the_list(cast, leaders, page_statements):
    """Django's select reads a queryset of choices twice (to decide on `required`, then for the
    options); the page reads the periods once and lists them, the chosen one selected."""
    html, statements = page_statements(cast.process_owner, "/oversikt/")
    assert len([s for s in statements if s.startswith('SELECT "agreements_period"')]) == 1
    assert f'<option value="{leaders.pk}" selected>{leaders.name}</option>' in html
