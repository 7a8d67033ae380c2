"""Units and people: lists for HR and BI, and the bulk upsert an HR system sends."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from .. import problems, selectors, services
from ..paging import paginate
from ..schemas import HrUpsertIn, HrUpsertOut, MeOut, PersonPage, UnitPage
from .common import READ_PROBLEMS, WRITE_PROBLEMS, Cursor, Limit, caller_of

router = Router(tags=["HR: units and people"])
me_router = Router(tags=["Caller"])


@me_router.get("/me", response={200: MeOut, **READ_PROBLEMS}, summary="Who the API sees you as")
def me(request: HttpRequest):
    caller = caller_of(request)
    org = caller.organisation
    out = {"organisation": {"id": org.pk, "name": org.name, "org_number": org.org_number}}
    if caller.is_token:
        return {**out, "kind": "token", "token_name": caller.token.name, "scope": caller.token.scope}
    return {**out, "kind": "session", "person_id": caller.person.pk, "person_name": caller.person.name}


def _unit(u) -> dict:
    return {
        "id": u.pk,
        "code": u.code,
        "name": u.name,
        "kind": u.kind,
        "parent_code": u.parent.code if u.parent_id else None,
        "leader_employee_id": u.leader.employee_id if u.leader_id else None,
        "depth": u.depth,
    }


@router.get("/units", response={200: UnitPage, **READ_PROBLEMS}, summary="Units, by code")
def unit_list(request: HttpRequest, cursor: Cursor = None, limit: Limit = 100):
    page = paginate(request, selectors.units_for(caller_of(request)), sort="code", cursor=cursor, limit=limit)
    return {"items": [_unit(u) for u in page.items], "next": page.next}


def _person(p) -> dict:
    return {
        "id": p.pk,
        "employee_id": p.employee_id,
        "name": p.name,
        "email": p.email,
        "title": p.title,
        "unit_code": p.unit.code if p.unit_id else None,
        "is_active": p.is_active,
        "left_at": p.left_at,
        "updated_at": p.updated_at,
    }


@router.get("/persons", response={200: PersonPage, **READ_PROBLEMS}, summary="People, by employee id")
def person_list(request: HttpRequest, cursor: Cursor = None, limit: Limit = 100, include_inactive: bool = False):
    qs = selectors.persons_for(caller_of(request))
    if not include_inactive:
        qs = qs.filter(is_active=True)
    page = paginate(request, qs, sort="employee_id", cursor=cursor, limit=limit)
    return {"items": [_person(p) for p in page.items], "next": page.next}


@router.post(
    "/persons/bulk",
    response={200: HrUpsertOut, **WRITE_PROBLEMS},
    summary="Upsert units and people (the HR import as JSON)",
    description=(
        "The rows have the HR file's columns (docs/import.md). All or nothing: on any error nothing is "
        "written and the answer is a 422 problem listing every error by row and field, with the report. "
        "Idempotent: sending the same rows again changes nothing. With dry_run nothing is written."
    ),
)
def person_bulk_upsert(request: HttpRequest, payload: HrUpsertIn):
    caller = caller_of(request)
    rows = [r.model_dump() for r in payload.rows]
    titles = [r["title"] is not None for r in rows]
    if any(titles) and not all(titles):
        raise problems.invalid(
            [
                {"field": f"rows.{i}.title", "message": _("Give title on every row, or leave it out on every row.")}
                for i, given in enumerate(titles)
                if not given
            ]
        )
    report = services.persons_upsert(
        caller=caller, rows=rows, dry_run=payload.dry_run, partial=payload.partial, request=request
    )
    body = {
        "dry_run": report.dry_run,
        "partial": report.partial,
        "counts": report.counts(),
        "warnings": [str(w) for w in report.warnings],
        "changes": [
            {
                "kind": c.kind,
                "action": c.action,
                "key": c.key,
                "name": c.name,
                "detail": str(c.detail),
                "index": c.row - 2 if c.row is not None else None,
            }
            for c in report.changes
        ],
    }
    if not report.ok:
        errors = []
        for e in report.errors:
            if e.row is None or e.row < 2:
                field = "rows"
            else:
                field = f"rows.{e.row - 2}" + (f".{e.column}" if e.column else "")
            errors.append({"field": field, "message": str(e.message)})
        raise problems.invalid(
            errors,
            _("Nothing was written. Correct the rows listed in errors and send them again."),
            extra={"report": body},
        )
    return body
