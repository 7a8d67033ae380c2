"""Geometry of the hand-built SVG line chart of an indicator's measurements (template
evaluations/_measurement_chart.html): the values as points joined by a line, the target as a
dashed horizontal line and the deadline as a dotted vertical line, each named in text as well.
Every chart has a <title>, a <desc> that says what it shows in words, and the data table beside
it, so neither colour nor shape alone carries meaning."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 560, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 20, 44


def _fmt(value: Decimal) -> str:
    return number_format(value.normalize() if value == value.to_integral() else value, use_l10n=True)


def _ticks(lo: float, hi: float, n: int = 4) -> list[float]:
    step = (hi - lo) / n
    return [lo + i * step for i in range(n + 1)]


def measurement_chart(*, chart_id: str, indicator, measurements: list) -> dict | None:
    """None when there is nothing to draw."""
    if not measurements:
        return None
    values = [m.value for m in measurements]
    dates = [m.date for m in measurements]
    target, deadline = indicator.target_value, indicator.deadline
    lo = min([*values, *( [target] if target is not None else [] ), Decimal(0)])
    hi = max([*values, *( [target] if target is not None else [] )])
    if hi == lo:
        hi = lo + 1
    hi = hi + (hi - lo) * Decimal("0.1")
    d0 = min([*dates, *( [deadline] if deadline else [] )])
    d1 = max([*dates, *( [deadline] if deadline else [] )])
    span = max((d1 - d0).days, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(d: datetime.date) -> float:
        return round(LEFT + plot_w * (d - d0).days / span, 1)

    def y(v: Decimal) -> float:
        return round(TOP + plot_h * float((hi - v) / (hi - lo)), 1)

    points = [{"x": x(m.date), "y": y(m.value), "label": f"{date_format(m.date, 'SHORT_DATE_FORMAT')}: "
               f"{_fmt(m.value)}"} for m in sorted(measurements, key=lambda m: m.date)]
    unit = indicator.unit or ""
    latest = max(measurements, key=lambda m: m.date)
    desc = _("%(count)d values from %(first)s to %(last)s; the latest is %(value)s %(unit)s.") % {
        "count": len(measurements), "first": date_format(min(dates), "SHORT_DATE_FORMAT"),
        "last": date_format(max(dates), "SHORT_DATE_FORMAT"), "value": _fmt(latest.value), "unit": unit,
    }
    if target is not None:
        desc += " " + _("Target: %(target)s %(unit)s.") % {"target": _fmt(target), "unit": unit}
    if deadline:
        desc += " " + _("Deadline: %(date)s.") % {"date": date_format(deadline, "SHORT_DATE_FORMAT")}
    return {
        "id": chart_id,
        "title": indicator.metric or indicator.text,
        "desc": desc.replace("  ", " "),
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": HEIGHT - BOTTOM,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in points),
        "points": points,
        "y_ticks": [{"y": y(Decimal(str(t))), "label": _fmt(Decimal(str(round(t, 2))))} for t in
                    _ticks(float(lo), float(hi))],
        # The first and last dates sit at the plot's edges: anchored inwards so neither is cut off.
        "x_ticks": [
            {"x": x(d), "label": date_format(d, "SHORT_DATE_FORMAT"), "anchor": anchor}
            for d, anchor in zip(
                sorted({d0, d1}), ("start", "end") if d0 != d1 else ("middle",), strict=True
            )
        ],
        "target": {"y": y(target), "label": _("Target %(value)s") % {"value": _fmt(target)}} if target is not None
        else None,
        "deadline": {"x": x(deadline), "label": _("Deadline %(date)s") % {
            "date": date_format(deadline, "SHORT_DATE_FORMAT")}} if deadline else None,
    }
