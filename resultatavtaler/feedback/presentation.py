"""Turns a frozen profile snapshot into what the profile page and the PDF show. Both render
the same template (feedback/_profile_body.html) from this, so they cannot disagree, and
neither sees anything the snapshot does not hold."""

from __future__ import annotations

from django.template.loader import render_to_string

from .charts import profile_charts, series_keys, series_label
from .constants import ALL_OTHERS, RaterGroup
from .models import pick_language


def profile_view_model(data: dict) -> dict:
    q = data["questionnaire"]
    scale = q["scale"]
    keys = series_keys(data)
    charts = profile_charts(data)
    items = {i["key"]: i for i in data["items"]}
    areas_data = {a["key"]: a for a in data["areas"]}
    statement_text = {}
    statement_area = {}
    areas = []
    for a in q["areas"]:
        area_name = pick_language(a["name"])
        rows = []
        for s in a["statements"]:
            text = pick_language(s["text"])
            statement_text[s["key"]] = text
            statement_area[s["key"]] = area_name
            item = items.get(s["key"], {})
            dist = item.get("distribution")
            rows.append({
                "key": s["key"],
                "text": text,
                "cells": [item.get("values", {}).get(k) for k in keys],
                "gap": item.get("gap"),
                "distribution": [(v, dist[v]) for v in dist] if dist else None,
                "cannot_assess": item.get("cannot_assess"),
            })
        ad = areas_data.get(a["key"], {})
        areas.append({
            "key": a["key"],
            "name": area_name,
            "cells": [ad.get("values", {}).get(k) for k in keys],
            "gap": ad.get("gap"),
            "items": rows,
            "chart": charts["per_area"][a["key"]],
        })

    def ranked(item_keys):
        return [
            {"text": statement_text.get(k, ""), "area": statement_area.get(k, ""),
             "value": items[k]["values"].get(ALL_OTHERS), "self": items[k]["values"].get(RaterGroup.SELF.value)}
            for k in item_keys if k in items
        ]

    comment_text = {c["key"]: pick_language(c["text"]) for c in q.get("comment_questions", [])}
    comments = [
        {"question": comment_text.get(c["key"], ""),
         "groups": [{"label": series_label(g["group"]), "texts": g["texts"]} for g in c["groups"]]}
        for c in data.get("comments", [])
    ]
    groups = [
        {"key": g["group"], "label": series_label(g["group"]), "shown": g["shown"], "responses": g["responses"]}
        for g in data["groups"]
    ]
    return {
        "groups": groups,
        "keys": keys,
        "key_labels": [series_label(k) for k in keys],
        "others_shown": data.get("others_shown", False),
        "others_responses": data.get("others_responses"),
        "thresholds": data["thresholds"],
        "scale": {"min": scale["min"], "max": scale["max"], "low": pick_language(scale["low"]),
                  "high": pick_language(scale["high"]),
                  "values": [str(v) for v in range(scale["min"], scale["max"] + 1)]},
        "areas": areas,
        "overview_chart": charts["overview"],
        "strongest": ranked(data.get("strongest", [])),
        "weakest": ranked(data.get("weakest", [])),
        "has_gaps": RaterGroup.SELF.value in keys and ALL_OTHERS in keys,
        "comments": comments,
    }


def render_profile_body(data: dict, *, for_pdf: bool = False) -> str:
    return render_to_string("feedback/_profile_body.html", {"p": profile_view_model(data), "for_pdf": for_pdf})
