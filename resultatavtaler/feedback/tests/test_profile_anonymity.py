"""The anonymity rules of DESIGN.md §5 as properties of the profile computation and of what
is rendered from it (page body and PDF): nothing shown depends on a suppressed group."""

import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resultatavtaler.feedback.constants import ALL_OTHERS, ANONYMOUS_GROUPS, RaterGroup
from resultatavtaler.feedback.presentation import render_profile_body
from resultatavtaler.feedback.profile import ResponseData, compute_profile, shown_groups

QUESTIONNAIRE = {
    "scale": {"min": 1, "max": 5, "low": {"nb": "Lite", "nn": "Lite", "en": "Little"},
              "high": {"nb": "Mye", "nn": "Mykje", "en": "Much"}},
    "areas": [
        {"key": "a1", "code": "mal", "name": {"nb": "Mål", "nn": "Mål", "en": "Goals"},
         "statements": [{"key": "s1", "text": {"nb": "Setter mål", "nn": "Set mål", "en": "Sets goals"}},
                        {"key": "s2", "text": {"nb": "Følger opp", "nn": "Følgjer opp", "en": "Follows up"}}]},
        {"key": "a2", "code": "mot", "name": {"nb": "Motivasjon", "nn": "Motivasjon", "en": "Motivation"},
         "statements": [{"key": "s3", "text": {"nb": "Gir ros", "nn": "Gir ros", "en": "Praises"}}]},
    ],
    "comment_questions": [{"key": "c1", "text": {"nb": "Hva er bra?", "nn": "Kva er bra?", "en": "What is good?"}}],
}
KEYS = ["s1", "s2", "s3"]
MIN_GROUP, MIN_TOTAL = 3, 4
ALL_GROUPS = [g.value for g in RaterGroup]

answer = st.one_of(st.none(), st.integers(min_value=1, max_value=5))
comment = st.text(alphabet="abcxyzæøå ", max_size=12)


@st.composite
def response(draw, group):
    return ResponseData(
        group=group,
        answers={k: draw(answer) for k in KEYS},
        comments={"c1": draw(comment)},
    )


@st.composite
def responses_by_group(draw):
    counts = {
        RaterGroup.SELF.value: draw(st.integers(0, 1)),
        RaterGroup.SUPERIOR.value: draw(st.integers(0, 1)),
        **{g.value: draw(st.integers(0, 6)) for g in ANONYMOUS_GROUPS},
    }
    return {g: [draw(response(g)) for _ in range(n)] for g, n in counts.items()}


def _flatten(by_group):
    return [r for g in ALL_GROUPS for r in by_group.get(g, [])]


def _profile(by_group, seed=7):
    return compute_profile(questionnaire=QUESTIONNAIRE, responses=_flatten(by_group), min_group=MIN_GROUP,
                           min_total=MIN_TOTAL, rng=random.Random(seed))


def _shown(by_group):
    return shown_groups({g: len(rs) for g, rs in by_group.items()}, min_group=MIN_GROUP, min_total=MIN_TOTAL)


@st.composite
def with_suppressed_replaced(draw):
    """Two response sets that differ only inside suppressed groups: every answer and comment
    of a suppressed group is drawn anew, and a group under its own threshold may also change
    its number of responses (staying under the threshold)."""
    original = draw(responses_by_group())
    shown = _shown(original)
    changed = dict(original)
    for g in ALL_GROUPS:
        if g in shown:
            continue
        n = len(original[g])
        if g in {a.value for a in ANONYMOUS_GROUPS} and n < MIN_GROUP:
            n = draw(st.integers(0, MIN_GROUP - 1))
        changed[g] = [draw(response(g)) for _ in range(n)]
    return original, changed


@settings(max_examples=300, deadline=None)
@given(with_suppressed_replaced())
def test_changing_a_suppressed_group_changes_nothing_in_the_profile(pair):
    original, changed = pair
    assert json.dumps(_profile(original), sort_keys=True) == json.dumps(_profile(changed), sort_keys=True)


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pair=with_suppressed_replaced())
def test_rendered_profile_is_byte_identical_when_a_suppressed_group_changes(pair, language):
    from django.utils import translation

    original, changed = pair
    with translation.override(language):
        assert render_profile_body(_profile(original)) == render_profile_body(_profile(changed))


@settings(max_examples=300, deadline=None)
@given(responses_by_group())
def test_shown_groups_meet_their_thresholds_and_totals_use_shown_groups_only(by_group):
    profile = _profile(by_group)
    shown = {g["group"] for g in profile["groups"] if g["shown"]}
    for g in profile["groups"]:
        if g["shown"]:
            assert g["responses"] == len(by_group[g["group"]])
        else:
            assert g["responses"] is None  # not even the number of a suppressed group shows
    for g in ANONYMOUS_GROUPS:
        if g.value in shown:
            assert len(by_group[g.value]) >= MIN_GROUP
    non_self = shown - {RaterGroup.SELF.value}
    if non_self:
        assert sum(len(by_group[g]) for g in non_self) >= MIN_TOTAL
        assert profile["others_responses"] == sum(len(by_group[g]) for g in non_self)
    for item in profile["items"]:
        assert set(item["values"]) <= shown | {ALL_OTHERS}
        cells = [g for g in item["n"] if g in non_self]
        if ALL_OTHERS in item["n"]:
            # "All others" is pooled over exactly the shown non-self cells: subtracting the
            # shown groups from it leaves nothing.
            assert item["n"][ALL_OTHERS] == sum(item["n"][g] for g in cells)
            assert sum(item["distribution"].values()) == item["n"][ALL_OTHERS]
        for g in cells:
            if g in {a.value for a in ANONYMOUS_GROUPS}:
                assert item["n"][g] >= MIN_GROUP
    for c in profile["comments"]:
        assert {g["group"] for g in c["groups"]} <= shown


@settings(max_examples=200, deadline=None)
@given(responses_by_group())
def test_under_the_total_threshold_nothing_but_self_is_shown(by_group):
    candidates = sum(
        len(by_group[g]) for g in ALL_GROUPS
        if g == RaterGroup.SUPERIOR.value and by_group[g]
        or g in {a.value for a in ANONYMOUS_GROUPS} and len(by_group[g]) >= MIN_GROUP
    )
    profile = _profile(by_group)
    shown = {g["group"] for g in profile["groups"] if g["shown"]}
    if candidates < MIN_TOTAL:
        assert shown <= {RaterGroup.SELF.value}
        assert not profile["others_shown"]
        assert profile["strongest"] == [] and profile["weakest"] == []


def test_named_groups_show_with_one_response_and_comments_are_shuffled():
    by_group = {g: [] for g in ALL_GROUPS}
    by_group["self"] = [ResponseData("self", {"s1": 4}, {"c1": "selv"})]
    by_group["superior"] = [ResponseData("superior", {"s1": 2}, {"c1": "sjef"})]
    by_group["direct_reports"] = [
        ResponseData("direct_reports", {"s1": v}, {"c1": f"kommentar {v}"}) for v in (1, 2, 3, 4, 5)
    ]
    orders = set()
    for seed in range(20):
        p = _profile(by_group, seed=seed)
        item = p["items"][0]
        assert item["values"] == {"self": 4.0, "superior": 2.0, "direct_reports": 3.0, ALL_OTHERS: 2.83}
        assert item["gap"] == pytest.approx(1.17)
        dr = next(g for g in p["comments"][0]["groups"] if g["group"] == "direct_reports")
        orders.add(tuple(dr["texts"]))
    assert len(orders) > 1  # the order depends on the shuffle, not on the order of answers
