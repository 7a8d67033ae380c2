"""Turns the frozen results of an input request into what the page shows, in the reader's
language. Only what `aggregate` kept is there to show."""

from __future__ import annotations

from .constants import InputGroup
from .scales import label_text


def group_label(group: str) -> str:
    return str(InputGroup(group).label)


def results_view_model(input_request) -> dict | None:
    res = input_request.results
    if res is None:
        return None
    scale = [{"value": lv["value"], "label": label_text(lv["label"])} for lv in res.get("scale", [])]
    shown_groups = [g["group"] for g in res["groups"] if g["shown"]]
    reqs = []
    for r in res.get("requirements", []):
        total = r.get("total")
        dist = []
        if total:
            labels = {s["value"]: s["label"] for s in scale}
            dist = [{"value": d["value"], "label": labels.get(d["value"], d["value"]), "count": d["count"]}
                    for d in total["distribution"]]
        reqs.append({
            "number": r["number"], "text": r["text"],
            "cells": [{"label": group_label(c["group"]), **c} for c in r["groups"]],
            "total": total, "distribution": dist,
            "comments": [{"label": group_label(c["group"]), "text": c["text"]} for c in r["comments"]],
        })
    return {
        "shown": res["shown"],
        "total": res["total"],
        "min_group": res["min_group"],
        "min_total": res["min_total"],
        "scale": scale,
        "groups": [{"label": group_label(g["group"]), **g} for g in res["groups"]],
        "shown_group_labels": [group_label(g) for g in shown_groups],
        "requirements": reqs,
        "comments": [{"label": group_label(c["group"]), "text": c["text"]} for c in res.get("comments", [])],
    }
