"""Measurements: indicator values for BI tools, and the bulk push from source systems."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Query, Router

from .. import problems, selectors, services
from ..paging import paginate
from ..schemas import IsoDate, MeasurementPage, MeasurementPushIn, MeasurementPushOut
from .common import READ_PROBLEMS, WRITE_PROBLEMS, Cursor, Limit, OptionalId, caller_of

router = Router(tags=["Measurements"])
OptionalDate = Annotated[IsoDate | None, Query(None, description="A date as 2026-11-28.")]


@router.get(
    "/measurements",
    response={200: MeasurementPage, **READ_PROBLEMS},
    summary="Measurements, most recently changed last",
)
def measurement_list(
    request: HttpRequest,
    agreement: OptionalId = None,
    indicator: OptionalId = None,
    date_from: OptionalDate = None,
    date_to: OptionalDate = None,
    cursor: Cursor = None,
    limit: Limit = 100,
):
    qs = selectors.measurements_for(caller_of(request))
    if agreement is not None:
        qs = qs.filter(indicator__requirement__agreement_id=agreement)
    if indicator is not None:
        qs = qs.filter(indicator_id=indicator)
    if date_from is not None:
        qs = qs.filter(date__gte=date_from)
    if date_to is not None:
        qs = qs.filter(date__lte=date_to)
    page = paginate(request, qs, sort="updated_at", kind="datetime", cursor=cursor, limit=limit)
    return {
        "items": [
            {
                "id": m.pk,
                "indicator": f"IND-{m.indicator_id}",
                "indicator_id": m.indicator_id,
                "agreement_id": m.indicator.requirement.agreement_id,
                "date": m.date,
                "value": float(m.value),
                "source": m.source,
                "updated_at": m.updated_at,
            }
            for m in page.items
        ],
        "next": page.next,
    }


@router.post(
    "/measurements/bulk",
    response={200: MeasurementPushOut, **WRITE_PROBLEMS},
    summary="Push indicator values (idempotent, all or nothing)",
    description=(
        "Each row is upserted on (indicator, date, source): the same rows twice change nothing. On any "
        "bad row nothing is written and the answer is a 422 problem listing every error by row and field."
    ),
)
def measurement_bulk(request: HttpRequest, payload: MeasurementPushIn):
    caller = caller_of(request)
    rows = [r.model_dump() for r in payload.rows]
    report = services.measurements_push(caller=caller, rows=rows, dry_run=payload.dry_run, request=request)
    if not report.ok:
        raise problems.invalid(
            [{"field": f"rows.{e.index}.{e.field}", "message": e.message} for e in report.errors],
            problems.gettext_nothing_written(),
        )
    return {
        "dry_run": report.dry_run,
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "agreements": report.agreements,
    }
