"""The overview's unit filter lists the top levels of what the viewer may see (not every unit of
a large organisation) and finds any other unit by code or name; bad input is a message on the
field, and the rest of the filter still applies (docs/performance.md §4)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resultatavtaler.agreements import services as agreements
from resultatavtaler.organisations.constants import UnitKind
from resultatavtaler.organisations.services import unit_create
from resultatavtaler.organisations.tests.factories import PersonFactory

from .test_overview import URL
from .test_overview import period as period  # noqa: F401 - the fixture


def _deep_units(cast, n: int, prefix: str = "D") -> list:
    """`n` units below the cast's leader's section (depth 3), each with a leader."""
    out = []
    for i in range(n):
        unit = unit_create(organisation=cast.organisation, code=f"{prefix}{i:03d}", name=f"Dypenhet {prefix}{i:03d}",
                           parent=cast.section, kind=UnitKind.OTHER)
        unit.leader = PersonFactory(organisation=cast.organisation, unit=unit, name=f"Dypleder {prefix}{i:03d}")
        unit.save(update_fields=["leader"])
        out.append(unit)
    return out


def _unit_options(html: str) -> list[str]:
    select = re.search(r'<select name="unit"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="(\d*)"', select)


def _selected_unit(html: str) -> str | None:
    select = re.search(r'<select name="unit"[^>]*>(.*?)</select>', html, re.S).group(1)
    found = re.search(r'<option value="(\d+)"[^>]*selected', select)
    return found.group(1) if found else None


def test_the_list_holds_the_top_levels_and_does_not_grow_with_deeper_units(cast, period, client_for):
    client = client_for(cast.process_owner)
    html = client.get(URL, {"period": period.pk}).content.decode()
    top = _unit_options(html)
    assert str(cast.section.pk) in top and str(cast.ministry.pk) in top  # depth 0..2
    deep = _deep_units(cast, 12)
    agreements.period_participants_refresh(period=period)
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(URL, {"period": period.pk}).content.decode()
    assert _unit_options(html) == top
    assert not {str(u.pk) for u in deep} & set(_unit_options(html))
    assert "Dypleder D011" in html  # the leaders below are still in the overview itself
    _deep_units(cast, 20, prefix="E")
    agreements.period_participants_refresh(period=period)
    with CaptureQueriesContext(connection) as more_ctx:
        client.get(URL, {"period": period.pk})
    assert len(more_ctx.captured_queries) == len(ctx.captured_queries)


def test_a_deeper_unit_is_found_by_code_or_name_and_filters(cast, period, client_for):
    deep = _deep_units(cast, 3)
    agreements.period_participants_refresh(period=period)
    client = client_for(cast.process_owner)
    for text in ("d001", "Dypenhet D001", "  D001 "):
        html = client.get(URL, {"period": period.pk, "unit_search": text}).content.decode()
        assert _selected_unit(html) == str(deep[1].pk)  # listed and chosen
        assert "Dypleder D001" in html and "Dypleder D002" not in html and "Live Leder" not in html
        assert 'name="unit_search" value=' not in html  # the search is emptied once used
    # Chosen from a link (?unit=): listed and selected too.
    html = client.get(URL, {"period": period.pk, "unit": deep[2].pk}).content.decode()
    assert _selected_unit(html) == str(deep[2].pk) and "Dypleder D002" in html


@pytest.mark.parametrize("text", ["finnes-ikke", "Dypenhet", "x" * 101])
def test_a_search_that_finds_none_or_many_says_so_and_keeps_the_rest_of_the_filter(cast, period, client_for, text):
    deep = _deep_units(cast, 3)
    agreements.period_participants_refresh(period=period)
    client = client_for(cast.process_owner)
    response = client.get(URL, {"period": period.pk, "unit_search": text, "state": "not_started"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_unit_search_error"' in html or "field__error" in html
    assert 'aria-invalid="true"' in html
    assert '<option value="not_started" selected>' in html  # the state filter still applies
    assert "Dypleder D000" in html  # no unit filter: everyone in the state
    if text == "Dypenhet":  # several matches: they are offered in the list
        assert {str(u.pk) for u in deep} <= set(_unit_options(html))


def test_a_subtree_viewer_finds_only_units_they_may_see(cast, period, client_for):
    _deep_units(cast, 2)
    agreements.period_participants_refresh(period=period)
    client = client_for(cast.other_leader)  # leads the sibling section only
    html = client.get(URL, {"period": period.pk, "unit_search": "D001"}).content.decode()
    assert "field__error" in html and "Dypleder D001" not in html
    assert set(_unit_options(html)) == {"", str(cast.other_section.pk)}
