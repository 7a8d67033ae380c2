"""The process overview: who sees which leaders, states and overdue flags by the period's
milestones, filters, sorting, the chart and its table, the XLSX export, and a fixed number of
queries whatever the number of leaders."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from resultatavtaler.agreements import services as agreements
from resultatavtaler.agreements.tests.conftest import builtin_version
from resultatavtaler.organisations.constants import UnitKind
from resultatavtaler.organisations.services import unit_create
from resultatavtaler.organisations.tests.factories import PersonFactory
from resultatavtaler.reports.overview import (
    Overdue,
    OverviewFilter,
    decorate,
    overdue_counts,
    overview_rows,
    overview_scope,
    state_counts,
)

URL = "/oversikt/"


@pytest.fixture
def period(cast):
    ad = builtin_version("ufd-ad")
    p = agreements.period_create(
        organisation=cast.organisation,
        actor=cast.process_owner,
        name="2026",
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
        default_template=ad.template,
        drafts_due=datetime.date(2026, 1, 31),
        signing_due=datetime.date(2026, 2, 28),
        self_evaluations_due=datetime.date(2026, 11, 13),
        assessment_from=datetime.date(2026, 11, 23),
        assessment_to=datetime.date(2026, 12, 11),
    )
    agreements.period_participants_refresh(period=p)
    return p


def _submit(agreement):
    agreement.refresh_from_db()
    agreements.requirement_add(agreement=agreement, actor=agreement.leader,
                               expected_lock_version=agreement.lock_version, category_key="professional",
                               text="Sikre god saksbehandling", indicators=["Saksbehandlingstid under 4 uker"],
                               evaluation_method="Rapporter")
    agreement.refresh_from_db()
    return agreements.agreement_submit(agreement=agreement, actor=agreement.leader)


def _names(rows):
    return [r.name for r in rows]


def test_process_owner_sees_every_leader_with_state_and_next_milestone(cast, period):
    agreements.agreement_start(period=period, leader=cast.leader, actor=cast.leader)
    scope = overview_scope(cast.process_owner)
    rows = [decorate(r) for r in overview_rows(period=period, scope=scope, today=datetime.date(2026, 1, 10))]
    by_name = {r.name: r for r in rows}
    assert set(by_name) == {"Dina Direktør", "Sverre Sjef", "Live Leder", "Odd Andreleder"}
    live = by_name["Live Leder"]
    assert live.row_state == "draft" and str(live.state_label) == "Draft"
    assert live.next_due_date == datetime.date(2026, 1, 31)
    assert live.overdue == "" and live.superior_name == "Sverre Sjef"
    assert by_name["Odd Andreleder"].row_state == "not_started"
    assert by_name["Odd Andreleder"].agreement_pk is None


def test_superiors_see_their_subtree_and_leaders_only_their_own_part(cast, period):
    assert set(_names(overview_rows(period=period, scope=overview_scope(cast.superior)))) == {
        "Sverre Sjef", "Live Leder", "Odd Andreleder"}
    assert _names(overview_rows(period=period, scope=overview_scope(cast.other_leader))) == ["Odd Andreleder"]
    assert overview_scope(cast.employee) is None


def test_a_superior_named_on_an_agreement_outside_the_subtree_sees_that_row(cast, period):
    agreements.agreement_start(period=period, leader=cast.leader, actor=cast.leader, superior=cast.other_leader)
    names = _names(overview_rows(period=period, scope=overview_scope(cast.other_leader)))
    assert set(names) == {"Odd Andreleder", "Live Leder"}


def test_overdue_flags_follow_the_milestones_and_the_clock(cast, period):
    draft = agreements.agreement_start(period=period, leader=cast.leader, actor=cast.leader)
    scope = overview_scope(cast.process_owner)

    def flags(today):
        return {r.name: r.overdue for r in overview_rows(period=period, scope=scope, today=today)}

    assert set(flags(datetime.date(2026, 1, 31)).values()) == {""}  # due today is not overdue
    feb = flags(datetime.date(2026, 2, 1))
    assert feb["Live Leder"] == Overdue.DRAFTS and feb["Odd Andreleder"] == Overdue.DRAFTS
    _submit(draft)
    feb = flags(datetime.date(2026, 2, 1))
    assert feb["Live Leder"] == ""  # in review, signing not due yet
    assert flags(datetime.date(2026, 3, 1))["Live Leder"] == Overdue.SIGNING
    counts = overdue_counts(period=period, scope=scope, today=datetime.date(2026, 3, 1))
    assert counts == {Overdue.DRAFTS: 3, Overdue.SIGNING: 1}


def test_filters_by_state_unit_and_overdue_and_sorts(cast, period):
    draft = agreements.agreement_start(period=period, leader=cast.leader, actor=cast.leader)
    _submit(draft)
    scope = overview_scope(cast.process_owner)
    today = datetime.date(2026, 2, 10)
    in_review = overview_rows(period=period, scope=scope, today=today, flt=OverviewFilter(state="in_review"))
    assert _names(in_review) == ["Live Leder"]
    section = overview_rows(period=period, scope=scope, today=today, flt=OverviewFilter(unit=cast.section))
    assert _names(section) == ["Live Leder"]
    overdue = overview_rows(period=period, scope=scope, today=today, flt=OverviewFilter(overdue_only=True))
    assert set(_names(overdue)) == {"Dina Direktør", "Sverre Sjef", "Odd Andreleder"}
    by_name = overview_rows(period=period, scope=scope, today=today, flt=OverviewFilter(sort="name"))
    assert _names(by_name) == sorted(_names(by_name))
    desc = overview_rows(period=period, scope=scope, today=today, flt=OverviewFilter(sort="name", descending=True))
    assert _names(desc) == list(reversed(_names(by_name)))
    by_state = overview_rows(period=period, scope=scope, today=today, flt=OverviewFilter(sort="state", descending=True))
    assert _names(by_state)[0] == "Live Leder"
    counts = {c["state"]: c["count"] for c in state_counts(period=period, scope=scope, today=today,
                                                          flt=OverviewFilter(state="in_review"))}
    assert counts["in_review"] == 1 and counts["not_started"] == 3  # the chart ignores the state filter


def test_page_shows_table_chart_with_data_table_and_no_evaluation_content(cast, period, client_for):
    agreements.agreement_start(period=period, leader=cast.leader, actor=cast.leader)
    html = client_for(cast.process_owner).get(URL, {"period": period.pk}).content.decode()
    assert "Live Leder" in html and "Odd Andreleder" in html
    assert '<svg class="overview-chart" role="img"' in html and "<desc" in html
    assert html.count("<caption") == 2  # the chart's data table and the leaders' table
    assert 'aria-sort="ascending"' in html
    assert reverse("agreements:detail", args=[cast.leader.agreements.get().pk]) in html
    assert "style=" not in html


def test_who_may_open_the_page(cast, period, client_for):
    assert client_for(cast.employee).get(URL).status_code == 403
    assert client_for(cast.superior).get(URL).status_code == 200
    outsider = client_for(cast.outsider).get(URL)  # leads a unit in the other organisation
    assert outsider.status_code == 200
    assert "Live Leder" not in outsider.content.decode()
    # Another organisation's period in the query is not a choice: the form ignores it.
    html = client_for(cast.outsider).get(URL, {"period": period.pk}).content.decode()
    assert "Live Leder" not in html and "2026" not in html.split("<main", 1)[1].split("Filter", 1)[0]


def test_export_is_the_filtered_list_as_xlsx(cast, period, client_for):
    draft = agreements.agreement_start(period=period, leader=cast.leader, actor=cast.leader)
    _submit(draft)
    response = client_for(cast.process_owner).get(
        reverse("overview:export"), {"period": period.pk, "unit": cast.department.pk, "sort": "name"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[0][0] == "Leader"
    assert [r[0] for r in rows[1:]] == ["Live Leder", "Odd Andreleder", "Sverre Sjef"]
    live = rows[1]
    assert live[1] == "ADM-PERS" and live[4] == "In review" and live[6] == "28.02.2026"


def _add_leaders(cast, period, n):
    for i in range(n):
        unit = unit_create(organisation=cast.organisation, code=f"S{i:03d}", name=f"Seksjon {i}",
                           parent=cast.department, kind=UnitKind.SECTION)
        unit.leader = PersonFactory(organisation=cast.organisation, unit=unit, name=f"Leder {i:03d}")
        unit.save(update_fields=["leader"])
    agreements.period_participants_refresh(period=period)
    for person in list(cast.organisation.persons.filter(name__startswith="Leder "))[: n // 2]:
        agreements.agreement_start(period=period, leader=person, actor=cast.process_owner)


def _queries(client, params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("params", [{}, {"overdue": "on", "sort": "-due"}, {"state": "draft", "sort": "state"}])
def test_the_page_runs_the_same_number_of_queries_for_3_and_30_leaders(cast, period, client_for, params):
    client = client_for(cast.process_owner)
    _add_leaders(cast, period, 3)
    few, response = _queries(client, {"period": period.pk, **params})
    _add_leaders_more = 27
    for i in range(_add_leaders_more):
        unit = unit_create(organisation=cast.organisation, code=f"T{i:03d}", name=f"Team {i}",
                           parent=cast.department, kind=UnitKind.SECTION)
        unit.leader = PersonFactory(organisation=cast.organisation, unit=unit, name=f"Teamleder {i:03d}")
        unit.save(update_fields=["leader"])
    agreements.period_participants_refresh(period=period)
    for person in list(cast.organisation.persons.filter(name__startswith="Teamleder "))[:13]:
        agreements.agreement_start(period=period, leader=person, actor=cast.process_owner)
    many, response = _queries(client, {"period": period.pk, **params})
    assert few == many
    if not params:
        assert "Teamleder 026" in response.content.decode()  # the 30+ rows are really on the page


def test_export_runs_the_same_number_of_queries_for_3_and_30_leaders(cast, period, client_for):
    client = client_for(cast.process_owner)
    _add_leaders(cast, period, 3)
    with CaptureQueriesContext(connection) as ctx:
        b"".join(client.get(reverse("overview:export"), {"period": period.pk}).streaming_content)
    few = len(ctx.captured_queries)
    _add_leaders(cast, period, 0)
    for i in range(27):
        unit = unit_create(organisation=cast.organisation, code=f"X{i:03d}", name=f"Enhet {i}",
                           parent=cast.department, kind=UnitKind.SECTION)
        unit.leader = PersonFactory(organisation=cast.organisation, unit=unit, name=f"Enhetsleder {i:03d}")
        unit.save(update_fields=["leader"])
    agreements.period_participants_refresh(period=period)
    with CaptureQueriesContext(connection) as ctx:
        content = b"".join(client.get(reverse("overview:export"), {"period": period.pk}).streaming_content)
    assert len(ctx.captured_queries) == few
    assert len(list(load_workbook(io.BytesIO(content)).active.iter_rows())) == 1 + 4 + 3 + 27


def test_the_menu_shows_overview_to_process_owners_and_superiors(cast, period, client_for):
    from resultatavtaler.lib.navigation import items_for

    def labels(person):
        return [str(i["label"]) for i in items_for(person, "overview:index")]

    assert "Overview" in labels(cast.process_owner) and "Overview" in labels(cast.superior)
    assert "Overview" not in labels(cast.employee)
    assert "Experience library" in labels(cast.employee) and "Notifications" in labels(cast.employee)
    current = [i for i in items_for(cast.superior, "overview:index") if i["current"]]
    assert [str(i["label"]) for i in current] == ["Overview"]
    html = client_for(cast.process_owner).get(URL).content.decode()
    assert '<a href="/oversikt/" aria-current="page">Overview</a>' in html
