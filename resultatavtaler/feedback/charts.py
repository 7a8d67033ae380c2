"""Geometry for the hand-built SVG bar charts of the profile (templates/feedback/_bar_chart.html).
Every chart has a title, a description and a data table beside it; bars carry their group
name and value as text, so colour is never the only carrier of meaning."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .constants import ALL_OTHERS, GROUP_ORDER, RaterGroup
from .models import pick_language

WIDTH = 640
LABEL_WIDTH = 150
BAR_AREA = 420
ROW_HEIGHT = 22
HEADING_HEIGHT = 26
TOP = 10
AXIS_HEIGHT = 28

# Colours with at least 3:1 contrast against white (WCAG 1.4.11); the group name is always
# written beside the bar as well.
FILLS = {
    RaterGroup.SELF.value: "#0062ba",
    RaterGroup.SUPERIOR.value: "#6a3da8",
    RaterGroup.PEERS.value: "#0a7d6a",
    RaterGroup.DIRECT_REPORTS.value: "#a14d00",
    RaterGroup.OTHERS.value: "#4e5b6b",
    ALL_OTHERS: "#1e2b3c",
}


def series_label(key: str) -> str:
    return _("All others") if key == ALL_OTHERS else str(RaterGroup(key).label)


def series_keys(profile: dict) -> list[str]:
    """Shown groups in order, then "all others" when shown."""
    keys = [g["group"] for g in profile["groups"] if g["shown"]]
    keys = [k for k in (g.value for g in GROUP_ORDER) if k in keys]
    if profile.get("others_shown"):
        keys.append(ALL_OTHERS)
    return keys


def _x(value: float, scale: dict) -> float:
    return round(BAR_AREA * value / scale["max"], 1)


def bar_chart(*, chart_id: str, title: str, desc: str, blocks: list[tuple[str, dict]], keys: list[str],
              scale: dict) -> dict:
    """`blocks` is [(heading, values by series key)]: one heading row and one bar per series."""
    rows = []
    y = TOP
    for heading, values in blocks:
        rows.append({"heading": True, "label": heading, "y": y + 16})
        y += HEADING_HEIGHT
        for key in keys:
            value = values.get(key)
            rows.append({
                "heading": False,
                "label": series_label(key),
                "value": value,
                "width": _x(value, scale) if value is not None else 0,
                "y": y,
                "text_y": y + 15,
                "fill": FILLS[key],
            })
            y += ROW_HEIGHT
        y += 6
    ticks = [
        {"x": LABEL_WIDTH + _x(v, scale), "label": str(v)} for v in range(scale["min"], scale["max"] + 1)
    ]
    height = y + AXIS_HEIGHT
    return {
        "id": chart_id,
        "title": title,
        "desc": desc,
        "rows": rows,
        "ticks": ticks,
        "width": WIDTH,
        "height": height,
        "label_width": LABEL_WIDTH,
        "axis_y": y,
        "plot_top": TOP,
        "value_x_pad": 6,
    }


def profile_charts(profile: dict) -> dict:
    """The overview chart (areas × shown groups) and one chart per area (items × self/all others)."""
    q = profile["questionnaire"]
    scale = q["scale"]
    keys = series_keys(profile)
    areas = {a["key"]: a for a in profile["areas"]}
    overview = bar_chart(
        chart_id="chart-areas",
        title=_("Average per area and rater group"),
        desc=_("Horizontal bars from %(min)s to %(max)s; the same figures are in the table beside the chart.")
        % {"min": scale["min"], "max": scale["max"]},
        blocks=[(pick_language(a["name"]), areas.get(a["key"], {}).get("values", {})) for a in q["areas"]],
        keys=keys,
        scale=scale,
    )
    item_keys = [k for k in keys if k in (RaterGroup.SELF.value, ALL_OTHERS)] or keys
    items = {i["key"]: i for i in profile["items"]}
    per_area = {}
    for a in q["areas"]:
        per_area[a["key"]] = bar_chart(
            chart_id=f"chart-{a['key']}",
            title=_("Statements in %(area)s") % {"area": pick_language(a["name"])},
            desc=_("Self-assessment and all others per statement, on the scale %(min)s to %(max)s.")
            % {"min": scale["min"], "max": scale["max"]},
            blocks=[(pick_language(s["text"]), items.get(s["key"], {}).get("values", {})) for s in a["statements"]],
            keys=item_keys,
            scale=scale,
        )
    return {"overview": overview, "per_area": per_area, "keys": keys}
