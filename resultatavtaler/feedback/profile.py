"""The lederprofil computation (DESIGN.md §5), a pure function of the frozen questionnaire,
the responses and the organisation's thresholds.

The anonymity rules, applied here once, before anything is stored or shown:
- Self and superior are named groups, shown with a single response.
- Peers, direct reports and others are shown only with at least `min_group` responses.
- All shown non-self groups together need at least `min_total` responses; when they fall
  short, nothing but self is shown.
- A suppressed group is removed entirely — its scores, its comments and its number of
  responses — and never folded into a total: "all others" is pooled over shown groups only.
- Inside a shown anonymous group, an item whose answers ("cannot assess" excluded) number
  fewer than `min_group` is left out for that group, and out of every total for that item.

Nothing in the result depends on a suppressed group, so it can be stored and shown as is.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field

from .constants import ALL_OTHERS, ANONYMOUS_GROUPS, GROUP_ORDER, RaterGroup

PROFILE_VERSION = 1
TOP_N = 3


@dataclass
class ResponseData:
    group: str
    answers: dict[str, int | None] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def statement_keys(questionnaire: dict) -> list[tuple[str, str]]:
    """(area key, statement key) in questionnaire order."""
    return [(a["key"], s["key"]) for a in questionnaire.get("areas", []) for s in a.get("statements", [])]


def _valid_value(value, scale: dict) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if scale["min"] <= value <= scale["max"] else None


def shown_groups(counts: dict[str, int], *, min_group: int, min_total: int) -> set[str]:
    """Which groups the profile may show, given the number of responses per group."""
    shown = set()
    if counts.get(RaterGroup.SELF, 0) >= 1:
        shown.add(RaterGroup.SELF.value)
    others = set()
    if counts.get(RaterGroup.SUPERIOR, 0) >= 1:
        others.add(RaterGroup.SUPERIOR.value)
    for g in ANONYMOUS_GROUPS:
        if counts.get(g, 0) >= min_group:
            others.add(g.value)
    if sum(counts.get(g, 0) for g in others) >= min_total:
        shown |= others
    return shown


def compute_profile(
    *,
    questionnaire: dict,
    responses: Iterable[ResponseData],
    min_group: int,
    min_total: int,
    rng: random.Random | None = None,
) -> dict:
    """Compute the profile snapshot. `rng` shuffles the comments (a system random source
    unless given)."""
    rng = rng or random.SystemRandom()
    scale = questionnaire["scale"]
    responses = list(responses)
    counts: dict[str, int] = {}
    for r in responses:
        counts[r.group] = counts.get(r.group, 0) + 1
    shown = shown_groups(counts, min_group=min_group, min_total=min_total)
    # Drop every response of a suppressed group before anything is computed.
    kept = [r for r in responses if r.group in shown]
    shown_others = [g.value for g in GROUP_ORDER if g.value in shown and g != RaterGroup.SELF]
    total_others = sum(counts[g] for g in shown_others)

    def cell_minimum(group: str) -> int:
        return min_group if group in ANONYMOUS_GROUPS else 1

    items = []
    area_pool: dict[str, dict[str, list[int]]] = {}
    for area_key, key in statement_keys(questionnaire):
        per_group: dict[str, list[int]] = {g: [] for g in shown}
        not_assessed: dict[str, int] = dict.fromkeys(shown, 0)
        for r in kept:
            v = _valid_value(r.answers.get(key), scale)
            if v is None:
                not_assessed[r.group] += 1
            else:
                per_group[r.group].append(v)
        cells = {g: vals for g, vals in per_group.items() if len(vals) >= cell_minimum(g)}
        pooled = [v for g in shown_others if g in cells for v in cells[g]]
        values = {g: _mean(vals) for g, vals in cells.items()}
        n = {g: len(vals) for g, vals in cells.items()}
        if pooled:
            values[ALL_OTHERS] = _mean(pooled)
            n[ALL_OTHERS] = len(pooled)
        distribution = {str(v): 0 for v in range(scale["min"], scale["max"] + 1)}
        for v in pooled:
            distribution[str(v)] += 1
        cannot_assess = sum(not_assessed[g] for g in shown_others if g in cells)
        gap = None
        if values.get(RaterGroup.SELF) is not None and values.get(ALL_OTHERS) is not None:
            gap = round(values[RaterGroup.SELF] - values[ALL_OTHERS], 2)
        items.append(
            {
                "key": key,
                "area": area_key,
                "values": values,
                "n": n,
                "gap": gap,
                "distribution": distribution if pooled else None,
                "cannot_assess": cannot_assess if pooled else None,
            }
        )
        pool = area_pool.setdefault(area_key, {})
        for g, vals in cells.items():
            pool.setdefault(g, []).extend(vals)
        if pooled:
            pool.setdefault(ALL_OTHERS, []).extend(pooled)

    areas = []
    for a in questionnaire.get("areas", []):
        pool = area_pool.get(a["key"], {})
        values = {g: _mean(vals) for g, vals in pool.items() if vals}
        gap = None
        if values.get(RaterGroup.SELF) is not None and values.get(ALL_OTHERS) is not None:
            gap = round(values[RaterGroup.SELF] - values[ALL_OTHERS], 2)
        areas.append({"key": a["key"], "values": values, "gap": gap})

    ranked = sorted(
        (i for i in items if i["values"].get(ALL_OTHERS) is not None),
        key=lambda i: (-i["values"][ALL_OTHERS], i["key"]),
    )
    strongest = [i["key"] for i in ranked[:TOP_N]]
    weakest = [i["key"] for i in reversed(ranked) if i["key"] not in strongest][:TOP_N]

    comments = []
    for q in questionnaire.get("comment_questions", []):
        groups = []
        for g in GROUP_ORDER:
            if g.value not in shown:
                continue
            texts = sorted(
                t.strip() for r in kept if r.group == g.value
                for t in [r.comments.get(q["key"]) or ""] if t.strip()
            )
            rng.shuffle(texts)
            if texts:
                groups.append({"group": g.value, "texts": texts})
        comments.append({"key": q["key"], "groups": groups})

    return {
        "version": PROFILE_VERSION,
        "thresholds": {"min_group": min_group, "min_total": min_total},
        "questionnaire": questionnaire,
        "groups": [
            {"group": g.value, "shown": g.value in shown, "responses": counts[g.value] if g.value in shown else None}
            for g in GROUP_ORDER
        ],
        "others_shown": bool(shown_others),
        "others_responses": total_others if shown_others else None,
        "items": items,
        "areas": areas,
        "strongest": strongest,
        "weakest": weakest,
        "comments": comments,
    }
