"""The alignment page loads only what its reader may see (docs/performance.md §3): the same
tree, requirements, carriers and gaps as pruning the whole organisation's tree would give —
nothing more, nothing less — in a number of queries that does not grow with the
organisation; a reader who may see too much for one page chooses a part of it. The reader's
agreements are found by the reader's own leaders and units, with organisation and period
checked on each row found (§28): never another period's, and on SQLite not from the
(organisation, period) index when the statistics promise it is selective."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resultatavtaler.agreements import selectors, services
from resultatavtaler.agreements.models import Agreement, Requirement
from resultatavtaler.organisations.constants import GrantedRole
from resultatavtaler.organisations.models import Unit
from resultatavtaler.organisations.selectors import superior_of
from resultatavtaler.organisations.services import role_grant, unit_create
from resultatavtaler.organisations.tests.factories import PersonFactory, person_with_login

from .conftest import add, fresh, year_period


def login(person) -> Client:
    client = Client()
    client.force_login(person.user, backend="resultatavtaler.accounts.backends.PersonModelBackend")
    return client


def _unit_with_leader(cast, code, name, parent, *, with_login=False):
    unit = unit_create(organisation=cast.organisation, code=code, name=name, parent=parent)
    if with_login:
        person = person_with_login(
            organisation=cast.organisation, unit=unit, name=f"Leder {code}", username=code.lower()
        )
    else:
        person = PersonFactory(organisation=cast.organisation, unit=unit, name=f"Leder {code}")
    unit.leader = person
    unit.save(update_fields=["leader"])
    return unit, person


@pytest.fixture
def org(cast, period):
    """The cast's ministry → ADM (superior) → two sections, and a second department FIN with
    two sections and a section below one of them; goals at the top and in ADM; requirements
    carrying the superiors' requirements and the goals across the tree; a process owner of
    FIN only."""
    fin, fin_leader = _unit_with_leader(cast, "FIN", "Finansavdelingen", cast.ministry, with_login=True)
    fin_a, fin_a_leader = _unit_with_leader(cast, "FIN-A", "Budsjettseksjonen", fin, with_login=True)
    fin_b, fin_b_leader = _unit_with_leader(cast, "FIN-B", "Regnskapsseksjonen", fin)
    fin_b1, fin_b1_leader = _unit_with_leader(cast, "FIN-B1", "Lønnskontoret", fin_b)
    fin_owner = person_with_login(organisation=cast.organisation, unit=fin, name="Frida Fagansvarlig", username="finpo")
    role_grant(person=fin_owner, role=GrantedRole.PROCESS_OWNER, unit=fin)
    who = [cast.director, cast.superior, cast.leader, cast.other_leader, fin_leader, fin_a_leader, fin_b_leader]
    # The director answers to a minister outside the tree (no agreement of their own).
    minister = PersonFactory(organisation=cast.organisation, unit=cast.ministry, name="Mona Minister")
    ags = {
        cast.director.pk: services.agreement_start(
            period=period, leader=cast.director, actor=cast.director, superior=minister
        )
    }
    ags |= {p.pk: services.agreement_start(period=period, leader=p, actor=p) for p in [*who[1:], fin_b1_leader]}
    top_goal = services.goal_create(period=period, unit=cast.ministry, actor=cast.director, title="Tillit i staten")
    adm_goal = services.goal_create(
        period=period, unit=cast.department, actor=cast.superior, title="Et godt arbeidsmiljø"
    )
    services.goal_create(period=period, unit=cast.department, actor=cast.superior, title="Ingen bærer dette")
    r = {}
    r["top"] = add(ags[cast.director.pk], cast.director, text="Effektiv forvaltning", goal=top_goal)
    r["top_lonely"] = add(ags[cast.director.pk], cast.director, text="Ingen under bærer dette")
    r["adm"] = add(ags[cast.superior.pk], cast.superior, text="Godt HR-arbeid", superior_requirement=r["top"])
    r["adm_2"] = add(ags[cast.superior.pk], cast.superior, text="Orden i regnskapet", goal=adm_goal)
    r["pers"] = add(ags[cast.leader.pk], cast.leader, text="Rekruttering", superior_requirement=r["adm"])
    add(ags[cast.leader.pk], cast.leader, text="Uten kobling")
    add(ags[cast.other_leader.pk], cast.other_leader, text="Lønnskjøring", superior_requirement=r["adm"], goal=adm_goal)
    r["fin"] = add(
        ags[fin_leader.pk], fin_leader, text="Budsjettdisiplin", superior_requirement=r["top"], goal=top_goal
    )
    add(ags[fin_a_leader.pk], fin_a_leader, text="Budsjett i tide", superior_requirement=r["fin"])
    r["fin_b"] = add(
        ags[fin_b_leader.pk], fin_b_leader, text="Avstemming", superior_requirement=r["fin"], goal=adm_goal
    )
    add(ags[fin_b1_leader.pk], fin_b1_leader, text="Lønn i tide", superior_requirement=r["fin_b"])
    return {
        "units": {"fin": fin, "fin_a": fin_a, "fin_b": fin_b, "fin_b1": fin_b1},
        "readers": [*who, cast.process_owner, fin_owner],
        "fin_owner": fin_owner,
        "fin_leader": fin_leader,
        "fin_a_leader": fin_a_leader,
        "agreements": {k: fresh(a) for k, a in ags.items()},
    }


# --- what the page showed before: the whole organisation's tree, pruned to what the reader may see


def _reference(person, period):
    """The former view: every agreement and requirement of the period, pruned afterwards."""
    tree = selectors.alignment_tree(person.organisation, period)
    visible = set(selectors.agreements_visible_to(person).filter(period=period).values_list("pk", flat=True))
    superior = superior_of(person)
    if superior is not None:
        visible |= set(Agreement.objects.filter(period=period, leader=superior).values_list("pk", flat=True))

    def prune(node):
        children = [c for c in (prune(child) for child in node.children) if c is not None]
        shown = node.agreement.pk in visible
        if not shown and not children:
            return None
        reqs = [(rn.requirement.pk, len(rn.children), rn.is_gap) for rn in node.requirements] if shown else None
        return (node.agreement.pk, shown, reqs, children)

    agreements = [n for n in (prune(node) for node in tree.agreements) if n is not None]
    goals = []
    for g in _walk(tree.goals):
        shown = [r.pk for r in g.carried_by if r.agreement_id in visible]
        goals.append((g.goal.pk, shown, len(g.carried_by) - len(shown), g.is_gap))
    unlinked = [r.pk for r in tree.unlinked if r.agreement_id in visible]
    return agreements, goals, unlinked, len(tree.goal_gaps)


def _shape(tree):
    def node(n):
        reqs = [(rn.requirement.pk, rn.carried_count, rn.is_gap) for rn in n.requirements] if n.visible else None
        assert n.visible or not n.requirements, "a hidden agreement's requirements were loaded"
        return (n.agreement.pk, n.visible, reqs, [node(c) for c in n.children])

    goals = [(g.goal.pk, [r.pk for r in g.carried_by], g.hidden_carriers, g.is_gap) for g in _walk(tree.goals)]
    return [node(n) for n in tree.agreements], goals, [r.pk for r in tree.unlinked], len(tree.goal_gaps)


def _walk(goals):
    stack = list(goals)
    while stack:
        node = stack.pop(0)
        yield node
        stack[:0] = node.children


def _visible_pks(tree) -> set[int]:
    out, stack = set(), list(tree.agreements)
    while stack:
        n = stack.pop()
        if n.visible:
            out.add(n.agreement.pk)
        stack.extend(n.children)
    return out


@pytest.mark.parametrize("listed", [5000, 1])
def test_every_reader_sees_exactly_what_the_pruned_whole_tree_showed(cast, period, org, listed, monkeypatch):
    # With a limit of 1, the ids of the visible agreements go to the database as subqueries.
    monkeypatch.setattr(selectors, "MAX_LISTED_IDS", listed)
    for person in org["readers"]:
        person.refresh_from_db()
        expected = _reference(person, period)
        got = _shape(selectors.alignment_tree(person.organisation, period, reader=person))
        assert got == expected, person.name
    # The test is not vacuous: readers see different parts, bare nodes and hidden carriers occur.
    shapes = {p.name: _shape(selectors.alignment_tree(p.organisation, period, reader=p)) for p in org["readers"]}
    assert len({repr(s) for s in shapes.values()}) >= 4
    leader_agreements, leader_goals, _u, _g = shapes[cast.leader.name]
    (root,) = leader_agreements
    assert root[0] == org["agreements"][cast.director.pk].pk and root[1] is False  # the director's: bare
    assert any(hidden for _pk, _shown, hidden, _gap in leader_goals)


def test_the_extent_keeps_the_rows_for_the_tree_when_they_are_few_enough(cast, period, org):
    """`extent(keep_up_to=n)` gives what the count gives; it keeps the rows when there are at
    most n, and the tree built from the kept rows is the tree built by reading them again."""
    kept_some = counted_some = False
    for person in org["readers"]:
        person.refresh_from_db()
        assert person.organisation  # read here, not inside the statements counted below
        counted = selectors.alignment_reach(person, period).extent()
        for limit in (1, 3, 100):
            reach = selectors.alignment_reach(person, period)
            assert reach.extent(keep_up_to=limit) == counted, (person.name, limit)
            if counted[0] <= limit:
                kept_some = True
                visible = set(
                    Agreement.objects.filter(organisation_id=person.organisation_id, period=period)
                    .filter(reach.q)
                    .values_list("pk", "leader_id", "superior_id")
                )
                assert set(reach.rows) == visible and len(reach.rows) == counted[0], (person.name, limit)
                with CaptureQueriesContext(connection) as kept:
                    tree = selectors.alignment_tree(person.organisation, period, reader=reach)
                fresh_reach = selectors.alignment_reach(person, period)
                with CaptureQueriesContext(connection) as again:
                    reread = selectors.alignment_tree(person.organisation, period, reader=fresh_reach)
                assert _shape(tree) == _shape(reread) == _reference(person, period), person.name
                assert len(kept.captured_queries) == len(again.captured_queries) - 1, person.name
            else:
                counted_some = True
                assert reach.rows is None, (person.name, limit)
    assert kept_some and counted_some


def test_a_subtree_goes_to_the_database_as_its_unit_ids_or_beyond_the_limit_as_a_subquery(
    cast, period, org, monkeypatch
):
    """Both forms of the filter give every reader the same agreements; the list is the one
    PostgreSQL can answer from the indexes (docs/performance.md)."""

    def visible(person):
        with CaptureQueriesContext(connection) as read:
            pks = set(selectors.agreements_visible_to(person).values_list("pk", flat=True))
        # Whether the statement tests the units' paths itself (the subquery) or takes their ids.
        return pks, " LIKE " in read.captured_queries[-1]["sql"].upper()

    readers = [*org["readers"], cast.process_owner]
    listed = {}
    for person in readers:
        person.refresh_from_db()
        listed[person.pk], by_path = visible(person)
        assert not by_path, person.name
    monkeypatch.setattr(selectors, "MAX_LISTED_IDS", 1)
    subtree_readers = 0
    for person in readers:
        pks, by_path = visible(person)
        assert pks == listed[person.pk], person.name
        subtree_readers += by_path
    # The fixture has readers with a subtree of several units (the section leaders' have one).
    assert subtree_readers >= 3
    assert len({frozenset(v) for v in listed.values()}) >= 4


def test_what_the_reader_may_not_see_is_not_on_the_page(cast, period, org):
    page = login(cast.leader).get(reverse("agreements:alignment")).content.decode()
    assert "Rekruttering" in page  # own requirement
    assert "Godt HR-arbeid" in page  # the superior's requirement (linked to)
    assert "Orden i regnskapet" in page
    for hidden in ("Effektiv forvaltning", "Lønnskjøring", "Budsjettdisiplin", "Avstemming", "Lønn i tide"):
        assert hidden not in page, hidden
    assert reverse("agreements:detail", args=[org["agreements"][cast.director.pk].pk]) not in page
    assert "Leder FIN-B1" not in page  # not above anything the leader sees
    fin_page = login(org["fin_owner"]).get(reverse("agreements:alignment")).content.decode()
    assert "Budsjettdisiplin" in fin_page and "Lønn i tide" in fin_page
    assert "Rekruttering" not in fin_page and "Effektiv forvaltning" not in fin_page


def _grow(cast, period, parent, prefix: str, n: int) -> None:
    """`n` units below `parent`, each with a leader, an agreement and two requirements carrying
    the parent leader's first requirement, and a unit below each with the same."""
    parent_ag = Agreement.objects.get(period=period, leader=parent.leader)
    first = Requirement.objects.filter(agreement=parent_ag).order_by("pk").first()
    for i in range(n):
        unit, person = _unit_with_leader(cast, f"{prefix}{i}", f"Enhet {prefix}{i}", parent)
        sub, sub_person = _unit_with_leader(cast, f"{prefix}{i}-1", f"Enhet {prefix}{i}-1", unit)
        ag = services.agreement_start(period=period, leader=person, actor=person)
        sub_ag = services.agreement_start(period=period, leader=sub_person, actor=sub_person)
        reqs = Requirement.objects.bulk_create(
            [
                Requirement(
                    agreement=ag,
                    category_key="professional",
                    position=10 + k,
                    number=f"9.{k}",
                    text=f"Krav {k}",
                    perspective="professional",
                    superior_requirement=first,
                )
                for k in (1, 2)
            ]
        )
        Requirement.objects.bulk_create(
            [
                Requirement(
                    agreement=sub_ag,
                    category_key="professional",
                    position=11,
                    number="9.1",
                    text="Krav",
                    perspective="professional",
                    superior_requirement=reqs[0],
                )
            ]
        )


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("reader", ["process_owner", "leader", "fin_owner", "director"])
def test_queries_do_not_grow_with_the_organisation(cast, period, org, reader, settings):
    settings.ALIGNMENT_MAX_AGREEMENTS = 10_000
    person = org["fin_owner"] if reader == "fin_owner" else getattr(cast, reader)
    client, url = login(person), reverse("agreements:alignment")
    before = _queries(client, url)
    _grow(cast, period, cast.department, "ADM-X", 6)
    _grow(cast, period, org["units"]["fin_b"], "FIN-X", 6)
    _grow(cast, period, cast.ministry, "NY", 4)
    assert Agreement.objects.filter(period=period).count() >= 8 + 32
    assert _queries(client, url) == before
    person.refresh_from_db()
    assert _shape(selectors.alignment_tree(person.organisation, period, reader=person)) == _reference(person, period)


def test_a_reader_who_sees_too_much_gets_the_top_levels_and_chooses_a_part(cast, period, org, settings):
    settings.ALIGNMENT_MAX_AGREEMENTS = 3
    _grow(cast, period, org["units"]["fin_b"], "FIN-X", 2)  # depth 4 and 5 below the ministry
    client, url = login(cast.process_owner), reverse("agreements:alignment")
    fin_b1_ag = org["agreements"][Unit.objects.get(code="FIN-B1").leader_id]
    page = client.get(url).content.decode()
    # (Page texts are checked by structure: the nb and nn catalogues translate them.)
    assert '<option value="" selected>' in page  # the top levels
    assert 'name="unit"' in page and "Finansavdelingen (FIN)" in page and '<option value="all">' in page
    assert "Budsjettdisiplin" in page and "Godt HR-arbeid" in page  # depth 0 and 1: shown
    assert "Avstemming" not in page and "Lønn i tide" not in page  # depth 2 and 3: below the top levels
    assert "Regnskapsseksjonen (FIN-B)" not in page  # nor offered in the list (found via "Show this part")
    assert reverse("agreements:detail", args=[fin_b1_ag.pk]) not in page
    top_queries = _queries(client, url)

    fin_b = org["units"]["fin_b"]
    part = client.get(url, {"period": period.pk, "unit": fin_b.pk}).content.decode()
    assert "Lønn i tide" in part and "Avstemming" in part
    assert "Budsjettdisiplin" not in part  # above the part: by leader and unit only
    fin_ag = org["agreements"][org["fin_leader"].pk]
    assert org["fin_leader"].name in part and reverse("agreements:detail", args=[fin_ag.pk]) not in part
    assert "Rekruttering" not in part
    tree = selectors.alignment_tree(cast.organisation, period, reader=cast.process_owner, within=fin_b)
    assert {a.unit.path.startswith(fin_b.path) for a in Agreement.objects.filter(pk__in=_visible_pks(tree))} == {True}

    everything = client.get(url, {"period": period.pk, "unit": "all"}).content.decode()
    assert "Lønn i tide" in everything and "Rekruttering" in everything and "Effektiv forvaltning" in everything

    # A leader who sees little is not asked to choose.
    assert 'name="unit"' not in login(org["fin_a_leader"]).get(url).content.decode()
    # A section leader who chooses a part above their own sees only bare nodes and their own.
    own = login(org["fin_a_leader"]).get(url, {"unit": org["units"]["fin"].pk}).content.decode()
    assert "Budsjett i tide" in own and "Budsjettdisiplin" in own  # own, and the superior's (linked to)
    assert "Avstemming" not in own
    # More agreements below the top levels: the same queries.
    _grow(cast, period, org["units"]["fin_b1"], "FIN-Y", 3)
    assert _queries(client, url) == top_queries


@pytest.mark.parametrize("value", ["999999", "abc", "-1", "1" * 40, "outsider"])
def test_an_unknown_part_is_a_message_not_an_error(cast, period, org, value):
    if value == "outsider":
        value = str(Unit.objects.get(organisation=cast.other_organisation, code="AD").pk)
    response = login(cast.process_owner).get(reverse("agreements:alignment"), {"unit": value})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="ds-alert" data-color="warning" role="alert"' in page
    assert "Annetdepartementet" not in page.split("<main", 1)[1]
    assert "Rekruttering" in page  # the default view instead


# --- the period checked on each row found (selectors._in_period_checked) -------------------------


@pytest.fixture
def next_period(cast, ad_template):
    return year_period(cast, ad_template, 2027)


def test_each_period_shows_its_own_agreements_only(cast, period, next_period, org):
    leaders = [cast.superior, cast.leader, org["fin_leader"], org["fin_a_leader"]]
    later = {p.pk: services.agreement_start(period=next_period, leader=p, actor=p) for p in leaders}
    for person in org["readers"]:
        person.refresh_from_db()
        for p in (period, next_period):
            reach = selectors.alignment_reach(person, p)
            tree = selectors.alignment_tree(person.organisation, p, reader=reach)
            in_period = set(Agreement.objects.filter(period=p).values_list("pk", flat=True))
            shown = _visible_pks(tree)
            assert shown <= in_period, (person.name, p.name)
            # What the reader may see in the period, counted the plain way.
            expected = set(
                Agreement.objects.filter(organisation_id=person.organisation_id, period=p)
                .filter(reach.q)
                .values_list("pk", flat=True)
            )
            assert shown == expected, (person.name, p.name)
            assert reach.extent()[0] == len(expected), (person.name, p.name)
    # Not vacuous: in 2027 the FIN leader sees their own and FIN-A's agreement, not 2026's.
    fin_leader = org["fin_leader"]
    shown_later = _visible_pks(selectors.alignment_tree(cast.organisation, next_period, reader=fin_leader))
    assert shown_later == {later[fin_leader.pk].pk, later[org["fin_a_leader"].pk].pk}


def _index_on(table: str, *columns: str) -> str:
    """The index whose leading columns are `columns` (the shortest such)."""
    found = []
    with connection.cursor() as cursor:
        for row in cursor.execute(f"PRAGMA index_list('{table}')").fetchall():
            name = row[1]
            cols = tuple(r[2] for r in cursor.execute(f"PRAGMA index_info('{name}')").fetchall())
            if cols[: len(columns)] == columns:
                found.append((len(cols), name))
    assert found, f"no index on {table}{columns}"
    return min(found)[1]


def _plan(qs) -> str:
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        return "\n".join(row[3] for row in cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall())


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's statistics table; PostgreSQL keeps its own")
def test_on_sqlite_the_readers_indexes_find_the_agreements_whatever_the_statistics_say(cast, period, org):
    table = Agreement._meta.db_table
    by_org_period = _index_on(table, "organisation_id", "period_id")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        # Statistics that promise an organisation's period to be small — as at the scale of the
        # state, where they average 200 organisations (a hundred agreements per period) while the
        # largest has 4,700; here five, for a reader with a subtree of four units rather than 70.
        stats = {
            by_org_period: "58773 294 5 2",
            _index_on(table, "period_id", "leader_id"): "58773 98 1",
            _index_on(table, "leader_id"): "58773 3",
            _index_on(table, "superior_id"): "58773 23",
            _index_on(table, "unit_id"): "58773 3",
            _index_on(table, "period_id"): "58773 98",
            _index_on(table, "organisation_id"): "58773 294",
        }
        cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = %s", [table])
        cursor.executemany(
            "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (%s, %s, %s)",
            [(table, idx, stat) for idx, stat in stats.items()],
        )
        cursor.execute("ANALYZE sqlite_schema")  # the planner reads the statistics again
    reader = org["fin_leader"]
    reader.refresh_from_db()
    reach = selectors.alignment_reach(reader, period)
    plan = _plan(reach.agreements().order_by())  # as the tree and the count read them
    assert by_org_period not in plan
    assert "MULTI-INDEX OR" in plan
    # The same filter with organisation and period as plain columns begins at their index: the
    # plan the check above rules out.
    plain = Agreement.objects.filter(organisation_id=reader.organisation_id, period=period).filter(reach.q).order_by()
    assert by_org_period in _plan(plain)
