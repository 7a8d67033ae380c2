"""Periods and their progress, agreements, their published parts and signed versions."""

from __future__ import annotations

from typing import Annotated, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from resultatavtaler.agreements.selectors import published_parts
from resultatavtaler.agreements.services import snapshot_of
from resultatavtaler.audit.services import audit_refusal_object

from .. import problems, selectors, services
from ..paging import paginate
from ..schemas import (
    AgreementDetailOut,
    AgreementPage,
    AgreementStateName,
    PeriodPage,
    ProgressOut,
    PublishedOut,
    VersionDetailOut,
    VersionOut,
)
from .common import READ_PROBLEMS, Cursor, IdPath, Limit, OptionalId, caller_of

router = Router(tags=["Agreements"])
Language = Annotated[
    Literal["nb", "nn", "en"] | None, Query(None, description="The document's language; default the organisation's.")
]


def _period(p) -> dict:
    return {
        f: getattr(p, f)
        for f in (
            "id",
            "name",
            "kind",
            "state",
            "start",
            "end",
            "drafts_due",
            "signing_due",
            "midyear_review",
            "self_evaluations_due",
            "assessment_from",
            "assessment_to",
        )
    }


@router.get("/periods", response={200: PeriodPage, **READ_PROBLEMS}, summary="Agreement periods, newest first")
def period_list(request: HttpRequest, cursor: Cursor = None, limit: Limit = 100):
    # Sorted by id: periods are few, and a new one comes last on the last page.
    page = paginate(
        request, selectors.periods_for(caller_of(request)), sort="id", kind="int", cursor=cursor, limit=limit
    )
    return {"items": [_period(p) for p in page.items], "next": page.next}


@router.get(
    "/periods/{period_id}/progress",
    response={200: ProgressOut, **READ_PROBLEMS},
    summary="Progress of a period: agreements per state, and each leader's state and dates",
)
def period_progress(request: HttpRequest, period_id: IdPath):
    caller = caller_of(request)
    period = selectors.periods_for(caller).filter(pk=period_id).first()
    if period is None:
        raise problems.not_found()
    audit_refusal_object(request, period)  # a 403 below names it in the audit log
    return {"period": _period(period), **selectors.period_progress(caller, period)}


def _person_ref(p) -> dict:
    return {"id": p.pk, "employee_id": p.employee_id, "name": p.name}


def _agreement(a) -> dict:
    return {
        "id": a.pk,
        "period": {"id": a.period_id, "name": a.period.name},
        "leader": _person_ref(a.leader),
        "superior": _person_ref(a.superior),
        "unit": {"id": a.unit_id, "code": a.unit.code, "name": a.unit.name},
        "state": a.state,
        "state_label": str(a.get_state_display()),
        "shared_with_unit_at": a.shared_with_unit_at,
        "submitted_at": a.submitted_at,
        "signed_at": a.signed_at,
        "in_force_version": a.in_force_version.number if a.in_force_version_id else None,
        "created_at": a.created_at,
        "updated_at": a.updated_at,
    }


@router.get(
    "/agreements",
    response={200: AgreementPage, **READ_PROBLEMS},
    summary="Agreements the caller may see, most recently changed last",
    description="Sorted by updated_at: keep the last page's cursor to fetch only what changed since.",
)
def agreement_list(
    request: HttpRequest,
    period: OptionalId = None,
    unit: OptionalId = None,
    include_subunits: bool = False,
    state: AgreementStateName | None = None,
    cursor: Cursor = None,
    limit: Limit = 100,
):
    caller = caller_of(request)
    qs = selectors.agreements_for(caller)
    if period is not None:
        qs = qs.filter(period_id=period)
    if unit is not None:
        if include_subunits:
            root = selectors.units_for(caller).filter(pk=unit).first()
            qs = qs.filter(unit__path__startswith=root.path) if root else qs.none()
        else:
            qs = qs.filter(unit_id=unit)
    if state is not None:
        qs = qs.filter(state=state)
    page = paginate(request, qs, sort="updated_at", kind="datetime", cursor=cursor, limit=limit)
    return {"items": [_agreement(a) for a in page.items], "next": page.next}


def _visible(request: HttpRequest, agreement_id: int):
    caller = caller_of(request)
    agreement = selectors.agreement_for(caller, agreement_id)
    audit_refusal_object(request, agreement)  # a 403 below names it in the audit log
    access = selectors.access_to(caller, agreement)
    if access is None:
        raise problems.forbidden(reason="no_access")
    return caller, agreement, access


def _published(agreement) -> dict:
    parts = published_parts(agreement)
    return {
        "version": parts.version.number if parts.version else None,
        "sha256": parts.version.sha256 if parts.version else None,
        "sections": [{"key": s["key"], "heading": str(s["heading"]), "text": s["text"]} for s in parts.sections],
        "requirements": parts.requirements,
    }


def _version(v, *, snapshot: bool = False) -> dict:
    out = {
        "number": v.number,
        "sha256": v.sha256,
        "previous_hash": v.previous_hash,
        "created_at": v.created_at,
        "reason": v.reason,
        "in_force": v.is_in_force,
        "signatures": [
            {"role": s.role, "person": _person_ref(s.person), "signed_at": s.signed_at, "version_hash": s.version_hash}
            for s in v.signatures.all()
            if s.voided_at is None
        ],
    }
    if snapshot:
        out["snapshot"] = v.snapshot
    return out


@router.get(
    "/agreements/{agreement_id}",
    response={200: AgreementDetailOut, **READ_PROBLEMS},
    summary="One agreement: what the caller may see of it",
)
def agreement_detail(request: HttpRequest, agreement_id: IdPath):
    _caller, agreement, access = _visible(request, agreement_id)
    out = _agreement(agreement)
    out["access"] = access
    out["content"] = snapshot_of(agreement) if access in ("full", "shared_draft") else None
    out["published"] = _published(agreement) if access != "shared_draft" else None
    out["versions"] = (
        [_version(v) for v in selectors.signed_versions(agreement)] if access in ("full", "record") else None
    )
    return out


@router.get(
    "/agreements/{agreement_id}/published",
    response={200: PublishedOut, **READ_PROBLEMS},
    summary="The parts published to the unit, from the version in force",
)
def agreement_published(request: HttpRequest, agreement_id: IdPath):
    _caller, agreement, access = _visible(request, agreement_id)
    if access == "shared_draft" and agreement.in_force_version_id is None:
        # A shared draft's reader sees the draft; publication comes with the signed version.
        raise problems.forbidden(reason="not_published")
    return _published(agreement)


def _versions_visible(request: HttpRequest, agreement_id: int):
    caller, agreement, access = _visible(request, agreement_id)
    if access not in ("full", "record"):
        raise problems.forbidden(reason="no_versions")
    return caller, agreement


@router.get(
    "/agreements/{agreement_id}/versions",
    response={200: list[VersionOut], **READ_PROBLEMS},
    summary="Signed versions with their hashes and signatures",
)
def agreement_versions(request: HttpRequest, agreement_id: IdPath):
    _caller, agreement = _versions_visible(request, agreement_id)
    return [_version(v) for v in selectors.signed_versions(agreement)]


@router.get(
    "/agreements/{agreement_id}/versions/{number}",
    response={200: VersionDetailOut, **READ_PROBLEMS},
    summary="One signed version with its content (the canonical JSON that was hashed)",
)
def agreement_version(request: HttpRequest, agreement_id: IdPath, number: IdPath):
    _caller, agreement = _versions_visible(request, agreement_id)
    version = selectors.signed_versions(agreement).filter(number=number).first()
    if version is None:
        raise problems.not_found()
    return _version(version, snapshot=True)


PDF_RESPONSE = {
    200: {
        "description": "The signed version as PDF/A-2b, in the template's layout (no evaluations).",
        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@router.get(
    "/agreements/{agreement_id}/versions/{number}/pdf",
    response=READ_PROBLEMS,
    openapi_extra={"responses": PDF_RESPONSE},
    summary="One signed version as PDF/A-2b, for the archive",
)
def agreement_version_pdf(request: HttpRequest, agreement_id: IdPath, number: IdPath, language: Language = None):
    caller, agreement = _versions_visible(request, agreement_id)
    version = selectors.signed_versions(agreement).filter(number=number).first()
    if version is None:
        raise problems.not_found()
    file = services.signed_version_pdf(
        caller=caller, agreement=agreement, version=version, language=language, request=request
    )
    response = HttpResponse(file.content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    response["X-Content-SHA256"] = file.sha256
    return response
