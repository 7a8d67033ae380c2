"""Everything the product stores about one person, for their right of access (GDPR art. 15).

`person_export_data(person)` collects it as a JSON-ready dict; `render_export_pdf` lays the
same content out as a PDF (the reports app's WeasyPrint helper, fonts embedded). Both are
offered to the person ("Mine data") and to the organisation's administrators, and through
`manage.py export_person` for an operator; every export is audited.

What is included: the person record and login, explicit roles, units led, agreements where the
person is the leader (content, versions, signatures, comments on them, exemptions), agreements
where they are the superior (reference only: the content is the other leader's), signatures,
comments they wrote, their self-evaluations, assessments of their results, mid-year reviews and
pay-negotiation notes about their agreements, input requests about their agreements
(aggregated results only), 360 rounds about them (the frozen profile only), development plans,
invitations they received to answer, notifications, the HR imports they uploaded (file name,
when, preview or import, status and counts — never the file, nor the people its report names),
documents made for them to download (kind, when, status — never the file), and audit events
where they acted.

What is not: the answers they gave anonymously (360 responses, input-request answers). Those
are stored with the rater group only — no link to the invitation or the person — so they cannot
be found for anyone, by design (DESIGN.md §5). The export says so.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resultatavtaler.organisations.models import Person

FORMAT_ID = "resultatavtaler.person-export/1"

SECTION_LABELS = {
    "person": gettext_lazy("Person"),
    "login": gettext_lazy("Login account"),
    "roles": gettext_lazy("Roles granted"),
    "units_led": gettext_lazy("Units led"),
    "agreements_as_leader": gettext_lazy("Agreements as leader"),
    "agreements_as_superior": gettext_lazy("Agreements as superior"),
    "signatures": gettext_lazy("Signatures"),
    "comments_written": gettext_lazy("Comments written"),
    "self_evaluations": gettext_lazy("Self-evaluations"),
    "assessments": gettext_lazy("Assessments of the person's results"),
    "midyear_reviews": gettext_lazy("Mid-year reviews"),
    "pay_summary_notes": gettext_lazy("Notes for local pay negotiations"),
    "input_requests": gettext_lazy("Input requests about the person's agreements (aggregated)"),
    "feedback_rounds": gettext_lazy("360-degree evaluations of the person"),
    "development_plans": gettext_lazy("Development plans"),
    "invitations_received": gettext_lazy("Invitations to answer"),
    "notifications": gettext_lazy("Notifications"),
    "import_jobs": gettext_lazy("HR exports uploaded for import"),
    "document_jobs": gettext_lazy("Documents made for download"),
    "audit_events": gettext_lazy("Audit log: actions by the person"),
}


def _value(v):
    if isinstance(v, datetime.datetime):
        return timezone.localtime(v).isoformat() if timezone.is_aware(v) else v.isoformat()
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, Decimal):
        return str(v)
    return v


def _row(obj, *fields, **extra) -> dict:
    out = {f: _value(getattr(obj, f)) for f in fields}
    out.update({k: _value(v) for k, v in extra.items()})
    return out


def _name(person) -> str:
    return person.name if person is not None else ""


def person_export_data(person: Person) -> dict:
    """The export as a dict that json.dumps accepts."""
    from resultatavtaler.agreements.models import Agreement, Comment, SectionExemption, Signature
    from resultatavtaler.audit.models import AuditEvent
    from resultatavtaler.evaluations.models import (
        Assessment,
        InputInvitation,
        InputRequest,
        MidyearReview,
        PaySummaryNote,
        SelfEvaluation,
    )
    from resultatavtaler.feedback.models import DevelopmentPlan, FeedbackRound, Invitation
    from resultatavtaler.notifications.models import Notification
    from resultatavtaler.organisations.models import RoleGrant, Unit
    from resultatavtaler.reports.models import DocumentJob

    org = person.organisation
    data: dict = {
        "format": FORMAT_ID,
        "generated_at": _value(timezone.now()),
        "organisation": {"name": org.name, "org_number": org.org_number},
        "person": _row(
            person, "employee_id", "name", "email", "title", "language", "is_active", "left_at", "updated_at",
            unit=person.unit.name if person.unit_id else "",
        ),
    }
    user = get_user_model().objects.filter(pk=person.user_id).first() if person.user_id else None
    data["login"] = (
        _row(user, "username", "email", "date_joined", "last_login", "is_active",
             local_password=user.has_usable_password())
        if user else None
    )
    data["roles"] = [
        _row(g, "role", "created_at", unit=g.unit.name if g.unit_id else _("the whole organisation"))
        for g in RoleGrant.objects.filter(person=person).select_related("unit")
    ]
    data["units_led"] = [
        _row(u, "code", "name", "kind") for u in Unit.objects.filter(organisation=org, leader=person)
    ]

    agreements = (
        Agreement.objects.filter(organisation=org, leader=person)
        .select_related("period", "unit", "superior")
        .prefetch_related("requirements__indicators", "versions__signatures__person", "comments__author")
        .order_by("period__start", "pk")
    )
    exemptions = {}
    for e in SectionExemption.objects.filter(agreement__in=agreements):
        exemptions.setdefault(e.agreement_id, []).append(
            {"section": e.section_key, "legal_basis": e.legal_basis, "decided_at": _value(e.decided_at)}
        )
    data["agreements_as_leader"] = [
        _row(
            a, "id", "state", "sections", "section_public", "created_at", "updated_at", "submitted_at", "signed_at",
            "renegotiation_reason",
            period=a.period.name,
            unit=a.unit.name,
            superior=_name(a.superior),
            requirements=[
                _row(r, "number", "text", "binds", "perspective", "evaluation_method", "elements", "public",
                     indicators=[_row(i, "text", "metric", "unit", "baseline", "target_value", "deadline")
                                 for i in r.indicators.all()])
                for r in a.requirements.all()
            ],
            versions=[
                _row(v, "number", "sha256", "reason", "is_in_force", "created_at",
                     signatures=[_row(s, "role", "signed_at", "voided_at", person=_name(s.person))
                                 for s in v.signatures.all()])
                for v in a.versions.all()
            ],
            comments=[_row(c, "text", "kind", "created_at", author=_name(c.author)) for c in a.comments.all()],
            exemptions=exemptions.get(a.pk, []),
        )
        for a in agreements
    ]
    data["agreements_as_superior"] = [
        _row(a, "id", "state", period=a.period.name, leader=_name(a.leader))
        for a in Agreement.objects.filter(organisation=org, superior=person).select_related("period", "leader")
    ]
    data["signatures"] = [
        _row(s, "role", "signed_at", "voided_at", "version_hash",
             agreement=s.version.agreement_id, version=s.version.number)
        for s in Signature.objects.filter(person=person).select_related("version")
    ]
    data["comments_written"] = [
        _row(c, "text", "kind", "created_at", agreement=c.agreement_id)
        for c in Comment.objects.filter(author=person).order_by("created_at")
    ]

    def ratings(qs):
        return [_row(r, "value", "label", "comment", requirement=r.requirement.number or r.requirement.text[:80])
                for r in qs]

    data["self_evaluations"] = [
        _row(s, "summary", "submitted_at", "created_at", "updated_at", agreement=s.agreement_id,
             ratings=ratings(s.ratings.select_related("requirement")))
        for s in SelfEvaluation.objects.filter(agreement__leader=person, organisation=org)
    ]
    data["assessments"] = [
        _row(a, "conversation_at", "conversation_place", "overall_value", "overall_label", "overall", "follow_up",
             "leader_feedback", "completed_at", "leader_acknowledged_at", "superior_acknowledged_at",
             agreement=a.agreement_id, superior=_name(a.agreement.superior),
             ratings=ratings(a.ratings.select_related("requirement")))
        for a in Assessment.objects.filter(agreement__leader=person, organisation=org).select_related(
            "agreement__superior")
    ]
    data["midyear_reviews"] = [
        _row(m, "date", "notes", "other_participants", "opened_renegotiation", "created_at",
             agreement=m.agreement_id, recorded_by=_name(m.recorded_by))
        for m in MidyearReview.objects.filter(agreement__leader=person, organisation=org).select_related(
            "recorded_by")
    ]
    data["pay_summary_notes"] = [
        _row(n, "note", "updated_at", agreement=n.agreement_id, written_by=_name(n.written_by))
        for n in PaySummaryNote.objects.filter(agreement__leader=person, organisation=org).select_related(
            "written_by")
    ]
    data["input_requests"] = [
        _row(r, "state", "deadline", "created_at", "closed_at", "results", agreement=r.agreement_id)
        for r in InputRequest.objects.filter(agreement__leader=person, organisation=org)
    ]
    data["feedback_rounds"] = []
    for fr in FeedbackRound.objects.filter(leader=person, organisation=org).select_related("superior"):
        profile = getattr(fr, "profile", None)
        data["feedback_rounds"].append(
            _row(fr, "state", "deadline", "created_at", "opened_at", "closed_at", superior=_name(fr.superior),
                 profile=({"data": profile.data, "created_at": _value(profile.created_at),
                           "shared_with_superior": profile.shared_with_superior} if profile else None))
        )
    data["development_plans"] = [
        _row(p, "created_at", "updated_at", round=p.round_id,
             items=[_row(i, "area_code", "goal", "actions", "support", "deadline", "created_at", "used_at",
                         "used_reference") for i in p.items.all()])
        for p in DevelopmentPlan.objects.filter(leader=person, organisation=org).prefetch_related("items")
    ]
    data["invitations_received"] = [
        _row(i, "group", "state", "sent_at", "used_at", "created_at", kind="360", about=_name(i.round.leader))
        for i in Invitation.objects.filter(person=person).select_related("round__leader")
    ] + [
        _row(i, "group", "answered", kind="input_request", about=_name(i.request.agreement.leader))
        for i in InputInvitation.objects.filter(person=person).select_related("request__agreement__leader")
    ]
    data["notifications"] = [
        _row(n, "kind", "subject", "body", "url", "created_at", "read_at")
        for n in Notification.objects.filter(person=person).order_by("created_at")
    ]
    data["import_jobs"] = _import_jobs(person)
    data["document_jobs"] = [
        _row(j, "kind", "status", "created_at", "finished_at", file_kept=j.file_kept)
        for j in DocumentJob.objects.filter(requested_by=person)
        .defer("content")
        .annotate(file_kept=ExpressionWrapper(Q(content__isnull=False), output_field=BooleanField()))
        .order_by("created_at", "pk")
    ]
    data["audit_events"] = (
        [
            _row(e, "created_at", "action", "object_type", "object_id", "ip_address", "data")
            for e in AuditEvent.objects.filter(actor_user_id=person.user_id).order_by("id")
        ]
        if person.user_id
        else []
    )
    data["not_included"] = _(
        "Answers you gave anonymously (360-degree evaluations of other leaders, input requests) are not "
        "included: they are stored with the rater group only, with no link to you or to your invitation, "
        "so nobody — not you, not the administrators — can find them. Your invitations are listed under "
        "\"Invitations to answer\"."
    )
    return data


# The counts of an import's report; never its lists of changes and errors, which name other people.
IMPORT_COUNTS = ("rows", "persons_created", "persons_updated", "persons_unchanged", "persons_deactivated",
                 "units_created", "units_updated", "units_unchanged")


def _import_jobs(person: Person) -> list[dict]:
    from resultatavtaler.organisations.models import ImportJob

    jobs = (
        ImportJob.objects.filter(organisation_id=person.organisation_id, uploaded_by=person)
        .defer("data")
        .annotate(file_kept=ExpressionWrapper(Q(data__isnull=False), output_field=BooleanField()))
        .order_by("created_at", "pk")
    )
    rows = []
    for job in jobs:
        report = job.report or {}
        counts = {k: report[k] for k in IMPORT_COUNTS if k in report}
        for key in ("errors", "changes"):  # the full counts (the stored lists are cut)
            if report:
                total = report.get(f"{key}_total")
                counts[key] = total if total is not None else len(report.get(key) or [])
        rows.append(_row(job, "filename", "size", "dry_run", "partial", "status", "created_at", "finished_at",
                         "ip_address", file_kept=job.file_kept, counts=counts or None))
    return rows


def export_json(person: Person) -> bytes:
    return json.dumps(person_export_data(person), ensure_ascii=False, indent=2, default=str).encode()


# --- PDF ---------------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, indent=1, default=str)
    return str(value)


def _records(value) -> list[list[tuple[str, str]]]:
    """A section as records of (field, text) pairs."""
    items = value if isinstance(value, list) else [value] if value else []
    return [[(k, _text(v)) for k, v in item.items()] for item in items if isinstance(item, dict)]


def render_export_pdf(data: dict, *, language: str = "nb") -> bytes:
    from resultatavtaler.reports.pdf import FONT_STACK, font_face_css, render_pdf

    with translation.override(language):
        sections = [
            {"key": key, "heading": str(label), "records": _records(data.get(key))}
            for key, label in SECTION_LABELS.items()
        ]
        html = render_to_string(
            "privacy/export_document.html",
            {
                "data": data,
                "sections": sections,
                "font_css": font_face_css(),
                "font_stack": FONT_STACK,
                "language": language,
            },
        )
    return render_pdf(html)
