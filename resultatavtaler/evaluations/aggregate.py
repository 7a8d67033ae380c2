"""The results of an input request, computed once when it closes (DESIGN.md §5).

Rules, tested as properties in tests/test_input_anonymity.py:
- a group with fewer answers than `min_group` is removed entirely — its scores, its comments
  and its count — and never folded into a total;
- when the shown groups together have fewer than `min_total` answers, nothing is shown;
- per requirement, a group's figure is shown only when at least `min_group` of its answers rated
  that requirement (so "cannot say" answers never shrink a figure to one person's rating);
  the requirement's total is made from the shown figures only;
- comments come from shown groups only and are shuffled.

The result holds no key, time or order that could lead back to an answer.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .constants import INPUT_GROUP_ORDER


@dataclass(frozen=True)
class AnswerData:
    group: str
    ratings: dict[str, int | None] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    comment: str = ""


def _average(values: list[int]) -> float:
    return float((Decimal(sum(values)) / Decimal(len(values))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def aggregate(*, form: dict, answers: list[AnswerData], min_group: int, min_total: int,
              rng: random.Random) -> dict:
    groups = [g.value for g in INPUT_GROUP_ORDER]
    by_group: dict[str, list[AnswerData]] = {g: [] for g in groups}
    for a in answers:
        if a.group in by_group:
            by_group[a.group].append(a)
    shown = [g for g in groups if len(by_group[g]) >= min_group]
    shown_total = sum(len(by_group[g]) for g in shown)
    if shown_total < min_total:
        shown, shown_total = [], 0
    asked_groups = [g for g in groups if by_group[g] or g in form.get("groups", [])]
    result: dict = {
        "shown": bool(shown),
        "min_group": min_group,
        "min_total": min_total,
        "scale": form.get("scale", []),
        "total": shown_total,
        "groups": [
            {"group": g, "shown": g in shown, "count": len(by_group[g]) if g in shown else None}
            for g in asked_groups
        ],
        "requirements": [],
        "comments": [],
    }
    if not shown:
        return result
    values_scale = [lv["value"] for lv in form.get("scale", [])]
    for req in form.get("requirements", []):
        key = str(req["id"])
        cells, total_values, comments = [], [], []
        for g in shown:
            vals = [a.ratings.get(key) for a in by_group[g]]
            vals = [v for v in vals if v is not None]
            if len(vals) >= min_group:
                cells.append({"group": g, "count": len(vals), "average": _average(vals)})
                total_values.extend(vals)
            else:
                cells.append({"group": g, "count": None, "average": None})
            comments.extend({"group": g, "text": a.comments[key]} for a in by_group[g] if a.comments.get(key))
        rng.shuffle(comments)
        total = None
        if total_values:
            total = {
                "count": len(total_values),
                "average": _average(total_values),
                "distribution": [{"value": v, "count": total_values.count(v)} for v in values_scale],
            }
        result["requirements"].append({"id": req["id"], "number": req.get("number", ""), "text": req.get("text", ""),
                                       "groups": cells, "total": total, "comments": comments})
    free = [{"group": g, "text": a.comment} for g in shown for a in by_group[g] if a.comment]
    rng.shuffle(free)
    result["comments"] = free
    return result
