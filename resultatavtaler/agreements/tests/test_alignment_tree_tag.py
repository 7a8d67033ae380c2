"""The alignment page's two trees, rendered by `agreements/templatetags/alignment_tree.py`:
nesting, links, gaps and carriers as the reader sees them, in each language, with every value
from the database escaped."""

import pytest
from django.test import Client
from django.urls import reverse

from resultatavtaler.agreements import services
from resultatavtaler.agreements.selectors import alignment_tree
from resultatavtaler.agreements.templatetags.alignment_tree import alignment_agreements, alignment_goals

from .conftest import add

HOSTILE = "<script>alert(\"x\")</script> & 'sitat'"


@pytest.fixture
def tree_data(cast, period, draft):
    sup = services.agreement_start(period=period, leader=cast.superior, actor=cast.superior)
    goal_carried = services.goal_create(
        period=period, unit=cast.department, actor=cast.superior, title="Inkluderende arbeidsliv"
    )
    goal_gap = services.goal_create(period=period, unit=cast.department, actor=cast.superior, title=HOSTILE)
    carried = add(sup, cast.superior, text="IA-avtale i avdelingen", goal=goal_carried)
    lonely = add(sup, cast.superior, text=HOSTILE)
    below = add(draft, cast.leader, text="IA-avtale i seksjonen", superior_requirement=carried)
    return {"sup": sup, "carried": carried, "lonely": lonely, "below": below, "gap": goal_gap}


def _page(person, language="en", query="") -> str:
    client = Client()
    client.force_login(person.user, backend="resultatavtaler.accounts.backends.PersonModelBackend")
    client.cookies["resultatavtaler_language"] = language
    response = client.get(reverse("agreements:alignment") + query)
    assert response.status_code == 200
    return response.content.decode()


def _item(page: str, text: str) -> str:
    """The `<li>` of the requirement or goal whose text starts with `text` (to its end)."""
    start = page.rindex("<li>", 0, page.index(text))
    return page[start : page.index("</li>", start) + len("</li>")]


def test_agreements_nest_under_their_superiors_with_links_gaps_and_carriers(cast, draft, tree_data):
    page = _page(cast.superior)
    agreements = page.split('id="agreements-heading"')[1]
    sup_at, leader_at = agreements.index(cast.superior.name), agreements.index(cast.leader.name)
    # The leader's agreement is inside the superior's: an inner list opened after the superior's item.
    assert sup_at < agreements.index("<ul>", sup_at) < leader_at
    assert f'href="{reverse("agreements:detail", args=[tree_data["sup"].pk])}"' in agreements
    assert f'href="{reverse("agreements:detail", args=[draft.pk])}"' in agreements
    assert "(carried by 1 requirement below)" in _item(agreements, "IA-avtale i avdelingen")
    assert "Gap: no leader below carries it" in _item(agreements, "&lt;script&gt;")
    assert "Gap" not in _item(agreements, "IA-avtale i seksjonen")  # nobody below the leader


def test_goals_show_their_carriers_and_gaps(cast, tree_data):
    goals = _page(cast.superior).split('id="goals-heading"')[1].split('id="agreements-heading"')[0]
    assert "Carried by" in goals and "IA-avtale i avdelingen" in goals
    assert "Gap: carried by no requirement" in goals


def test_texts_from_the_database_are_escaped(cast, tree_data):
    page = _page(cast.superior)
    assert "<script>" not in page.split("<main")[1]
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;sitat&#x27;" in page


@pytest.mark.parametrize(
    ("language", "carried", "gap"),
    [
        ("nb", "følges opp av 1 resultatkrav under", "Hull: ingen leder under følger det opp"),
        ("nn", "følgt opp av 1 resultatkrav under", "Hol: ingen leiar under følgjer det opp"),
    ],
)
def test_the_trees_speak_the_readers_language(cast, tree_data, language, carried, gap):
    page = _page(cast.superior, language)
    assert f"({carried})" in page
    assert gap in page
    assert "carried by" not in page


def test_a_part_of_the_organisation_links_to_each_agreements_part(cast, period, tree_data):
    tree = alignment_tree(cast.organisation, period)
    with_parts = alignment_agreements(tree.agreements, period=period, choose_part=True)
    without = alignment_agreements(tree.agreements, period=period)
    link = f'href="?period={period.pk}&amp;unit={cast.department.pk}"'
    assert link in with_parts and "Show this part" in with_parts
    assert "Show this part" not in without
    assert alignment_goals(tree.goals).count("<li>") == 3  # two goals, one carrier


def test_agreements_above_the_readers_show_no_content(cast, period, draft, tree_data):
    # The top leader has no superior in the tree: the process owner names one.
    director_agreement = services.agreement_start(
        period=period, leader=cast.director, actor=cast.process_owner, superior=cast.process_owner
    )
    add(director_agreement, cast.director, text="Direktørens eget krav")
    page = _page(cast.leader)
    assert cast.director.name in page and "Direktørens eget krav" not in page
    assert "(content not visible to you)" in _item(page, cast.director.name)
