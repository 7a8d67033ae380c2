"""Mid-year reviews (justeringssamtale), the pay-negotiation notes (seed 2.8.1) and the
organisation's own assessment scales."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from resultatavtaler.accounts import permissions
from resultatavtaler.agreements.models import Agreement
from resultatavtaler.agreements.services import agreement_renegotiate
from resultatavtaler.audit.services import audit_record
from resultatavtaler.core_errors import DomainError
from resultatavtaler.organisations.models import Person

from ..models import MidyearReview, PaySummaryNote, Scale
from ..scales import validate_levels
from ._common import ensure_same_organisation, lock, not_found, notify_about, require

MAX_TEXT = 8000


# --- mid-year review -----------------------------------------------------------------------

def midyear_review_record(
    *,
    agreement: Agreement,
    actor: Person,
    date: datetime.date,
    notes: str,
    participants: list[Person] | None = None,
    other_participants: str = "",
    renegotiate: bool = False,
    reason: str = "",
    request=None,
) -> MidyearReview:
    """Record the mid-year conversation; with `renegotiate` it opens a renegotiation of the
    agreement through the agreements app (the signed version stays in force meanwhile)."""
    ensure_same_organisation(actor, agreement)
    if not permissions.can_view_evaluation(actor, agreement):
        raise not_found()
    notes = (notes or "").strip()[:MAX_TEXT]
    if not notes:
        raise DomainError(_("Write what was discussed."))
    if date is None or date > timezone.localdate():
        raise DomainError(_("Record the review on or after the day it took place."))
    people = list(participants or [])
    if any(p.organisation_id != agreement.organisation_id for p in people):
        raise not_found()
    with transaction.atomic():
        ag = lock(agreement)
        require(permissions.can_record_midyear_review(actor, ag),
                _("The leader or the superior records the mid-year review of a signed agreement."))
        if renegotiate and not (reason or "").strip():
            raise DomainError(_("Give the reason for the renegotiation."))
        review = MidyearReview.objects.create(
            organisation_id=ag.organisation_id, agreement=ag, date=date, notes=notes,
            other_participants=(other_participants or "").strip()[:300], recorded_by=actor,
        )
        ids = {p.pk for p in people} | {ag.leader_id, ag.superior_id}
        review.participants.set(ids)
        audit_record(action="evaluation.midyear_review_recorded", actor=actor, obj=ag, request=request,
                     data={"review": review.pk, "date": date.isoformat(), "renegotiate": bool(renegotiate)})
        if renegotiate:
            agreement_renegotiate(agreement=ag, actor=actor, reason=reason.strip())
            review.opened_renegotiation = True
            review.save(update_fields=["opened_renegotiation"])
        other = ag.superior if actor.pk == ag.leader_id else ag.leader
        notify_about(person=other, agreement=ag, kind="evaluation.midyear_review", template="evaluation_midyear",
                     context={"date": date, "renegotiate": bool(renegotiate), "actor_name": actor.name})
    return review


# --- the pay-negotiation summary -------------------------------------------------------------

def pay_note_save(*, agreement: Agreement, actor: Person, note: str, request=None) -> PaySummaryNote:
    ensure_same_organisation(actor, agreement)
    require(permissions.can_edit_pay_summary(actor, agreement.superior) and actor.pk == agreement.superior_id,
            _("Only the superior writes the notes for the pay negotiations."))
    with transaction.atomic():
        pn, _created = PaySummaryNote.objects.select_for_update().get_or_create(
            agreement=agreement, defaults={"organisation_id": agreement.organisation_id})
        pn.note = (note or "").strip()[:MAX_TEXT]
        pn.written_by = actor
        pn.save(update_fields=["note", "written_by", "updated_at"])
        audit_record(action="evaluation.pay_note_saved", actor=actor, obj=agreement, request=request)
    return pn


def pay_summary_record_view(*, superior: Person, period, actor: Person, request=None, fmt: str = "html") -> None:
    require(permissions.can_view_pay_summary(actor, superior))
    audit_record(action="evaluation.pay_summary_viewed", actor=actor, obj=period, request=request,
                 data={"superior": superior.pk, "format": fmt})


# --- scales ----------------------------------------------------------------------------------

def scale_create(*, actor: Person, name: str, levels: list[dict], in_use: bool = False) -> Scale:
    require(permissions.can_manage_scales(actor), _("Only the process owner defines assessment scales."))
    name = (name or "").strip()[:120]
    if not name:
        raise DomainError(_("Give the scale a name."))
    levels = validate_levels(levels)
    with transaction.atomic():
        if Scale.objects.filter(organisation_id=actor.organisation_id, name=name).exists():
            raise DomainError(_("A scale with this name exists already."))
        scale = Scale.objects.create(organisation_id=actor.organisation_id, name=name, levels=levels,
                                     created_by=actor)
        audit_record(action="evaluation.scale_created", actor=actor, obj=scale, data={"levels": levels})
        if in_use:
            scale_set_in_use(scale=scale, actor=actor)
    return scale


def scale_choice_version(organisation_id: int) -> str:
    """The version the "scale for new evaluations" form carries: which scale is in use ("none")."""
    pk = Scale.objects.filter(organisation_id=organisation_id, in_use=True).values_list("pk", flat=True).first()
    return str(pk) if pk else "none"


def scale_set_in_use(*, scale: Scale | None, actor: Person, expected_version: str | None = None) -> Scale | None:
    """Put a scale in use for new evaluations (None: back to the templates' scales). Ratings
    already given keep their own copy of the scale. `expected_version` (`scale_choice_version`
    when the form was shown) refuses a choice made over someone else's newer one."""
    require(permissions.can_manage_scales(actor), _("Only the process owner defines assessment scales."))
    if scale is not None:
        ensure_same_organisation(actor, scale)
    with transaction.atomic():
        in_use = list(Scale.objects.select_for_update().filter(organisation_id=actor.organisation_id, in_use=True))
        current = str(in_use[0].pk) if in_use else "none"
        if expected_version is not None and expected_version != current:
            raise DomainError(
                _("Someone else changed the scale for new evaluations while you were working, and nothing of yours "
                  "was saved. It is now: %(name)s. Choose again if it should be another.")
                % {"name": in_use[0].name if in_use else _("the template's scale")},
                code="stale", status=409,
            )
        Scale.objects.filter(organisation_id=actor.organisation_id, in_use=True).update(in_use=False)
        if scale is not None:
            Scale.objects.filter(pk=scale.pk).update(in_use=True)
            scale.in_use = True
        audit_record(action="evaluation.scale_in_use", actor=actor, organisation=actor.organisation,
                     data={"scale": scale.pk if scale else None})
    return scale
