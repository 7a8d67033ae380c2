"""The self-evaluation, the assessment conversation, the superior's assessment and the closing
acknowledgements. The agreement's state moves only through the agreements app's
`agreement_set_state` (signed → self_evaluated → assessed → closed).

Due-date rule (docs/measurements.md is about data; the rule is here and on the page): the
self-evaluation note is due `SELF_EVALUATION_LEAD_DAYS` (7) days before the conversation (seed:
"minst en uke før samtalen"). The superior cannot schedule the conversation sooner than 7 days
after the self-evaluation was submitted, or — while it is not submitted — sooner than 7 days
from today, so the due date shown (conversation − 7 days) is never already past when set.
Submitting after the due date is allowed and shown as late. Without a conversation the due date
is the period's "self-evaluations due" milestone."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from resultatavtaler.accounts import permissions
from resultatavtaler.agreements.models import Agreement, Requirement
from resultatavtaler.agreements.services import agreement_set_state
from resultatavtaler.audit.services import audit_record
from resultatavtaler.core_errors import DomainError

from ..constants import SELF_EVALUATION_LEAD_DAYS
from ..ics import conversation_ics
from ..models import Assessment, AssessmentRating, SelfEvaluation, SelfRating
from ..scales import clean_value, label_of, label_text, scale_for
from ._common import ensure_same_organisation, lock, not_found, notify_about, require

MAX_TEXT = 8000


# --- no lost updates -------------------------------------------------------------------------
# Each edit form carries the version it was made from: the record's `updated_at` as ISO text
# ("" before the first save). Saving over a newer version is refused and says what the newer
# version holds where it differs from what was typed, so nothing is overwritten unseen.


def edit_version(obj) -> str:
    return obj.updated_at.isoformat() if obj is not None and obj.pk and obj.updated_at else ""


def _rating_text(rating) -> str:
    if rating is None or rating.value is None:
        return _("not rated")
    label = label_text(rating.label) if rating.label else str(rating.value)
    return f"{label} – {rating.comment}" if rating.comment else label


def _stale_refusal(record: type, when: str) -> str:
    """The refusal's first sentence, whole for each record: Norwegian inflects the noun, so it
    cannot be slotted into a shared sentence."""
    if record is Assessment:
        return _("Someone else saved the assessment (%(when)s) while you were working on it, and nothing of yours "
                 "was saved.") % {"when": when}
    return _("Someone else saved the self-evaluation (%(when)s) while you were working on it, and nothing of "
             "yours was saved.") % {"when": when}


def _check_version(owner, expected_version, *, record: type, agreement: Agreement, ratings: dict,
                   texts: dict) -> None:
    """Refuse (code "stale", 409) when `owner` (a `record`: SelfEvaluation or Assessment; None:
    not saved yet) was saved since `expected_version`."""
    if expected_version is None or expected_version == edit_version(owner):
        return
    changes = []
    for label, (stored, typed) in texts.items():
        if (stored or "").strip() != (typed or "").strip():
            changes.append(f"{label}: «{stored or '–'}»")
    stored_ratings = {r.requirement_id: r for r in owner.ratings.all()} if owner is not None else {}
    for req in evaluation_requirements(agreement):
        rating = stored_ratings.get(req.pk)
        typed = ratings.get(req.pk) or ratings.get(str(req.pk)) or {}
        stored_value = "" if rating is None or rating.value is None else str(rating.value)
        stored_comment = rating.comment if rating else ""
        typed_value, typed_comment = str(typed.get("value") or ""), (typed.get("comment") or "").strip()
        if stored_value != typed_value or stored_comment.strip() != typed_comment:
            changes.append(f"{req.number or req.text[:40]}: {_rating_text(rating)}")
    when = timezone.localtime(owner.updated_at).strftime("%d.%m.%Y %H:%M") if owner is not None else "–"
    differs = _("The saved version differs from yours here: %(changes)s. Reload the page, then make your changes "
                "again.") % {"changes": "; ".join(changes) or _("no visible difference")}
    raise DomainError(
        f"{_stale_refusal(record, when)} {differs}",
        code="stale",
        status=409,
    )


def _visible(actor, agreement: Agreement) -> None:
    ensure_same_organisation(actor, agreement)
    if not permissions.can_view_evaluation(actor, agreement):
        if permissions.can_view_agreement(actor, agreement):
            require(False, _("Only the leader, the superior and those above them see the evaluation."))
        raise not_found()


def evaluation_requirements(agreement: Agreement) -> list[Requirement]:
    """The agreement's requirements in the template's order (the order of the document)."""
    order = {c["key"]: i for i, c in enumerate(agreement.template_version.categories)}
    reqs = Requirement.objects.filter(agreement=agreement).prefetch_related("indicators")
    return sorted(reqs, key=lambda r: (order.get(r.category_key, 999), r.position, r.pk))


# --- the due-date rule ---------------------------------------------------------------------

_READ = object()


def loaded_assessment(agreement: Agreement) -> Assessment | None:
    """The assessment a list query loaded with the agreement (`select_related("assessment")`),
    or None when it has none; read it when the query did not load it."""
    if Agreement.assessment.is_cached(agreement):
        try:
            return agreement.assessment
        except Assessment.DoesNotExist:
            return None
    return Assessment.objects.filter(agreement=agreement).first()


def self_evaluation_due(agreement: Agreement, assessment: Assessment | None | object = _READ) -> datetime.date | None:
    """Seven days before the conversation when one is set, else the period's date. Lists that
    loaded the assessments pass each agreement's (`loaded_assessment`) instead of a query per row;
    without it the assessment is read now (services that have just changed it)."""
    if assessment is _READ:
        assessment = Assessment.objects.filter(agreement=agreement).first()
    if assessment is not None and assessment.conversation_at is not None:
        return timezone.localtime(assessment.conversation_at).date() - datetime.timedelta(
            days=SELF_EVALUATION_LEAD_DAYS)
    return agreement.period.self_evaluations_due


def earliest_conversation_date(agreement: Agreement, *, today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    se = SelfEvaluation.objects.filter(agreement=agreement, submitted_at__isnull=False).first()
    start = timezone.localtime(se.submitted_at).date() if se else today
    return max(start, today) + datetime.timedelta(days=SELF_EVALUATION_LEAD_DAYS)


def self_evaluation_is_late(agreement: Agreement) -> bool:
    se = SelfEvaluation.objects.filter(agreement=agreement).first()
    due = self_evaluation_due(agreement)
    if due is None:
        return False
    if se is not None and se.submitted_at is not None:
        return timezone.localtime(se.submitted_at).date() > due
    return timezone.localdate() > due


# --- self-evaluation -----------------------------------------------------------------------

def _apply_ratings(*, owner, rating_model, owner_field: str, scale: list[dict], requirements: list[Requirement],
                   ratings: dict) -> None:
    """`ratings` maps requirement ids to {"value": ..., "comment": ...}; unknown ids are ignored."""
    existing = {r.requirement_id: r for r in rating_model.objects.filter(**{owner_field: owner})}
    for req in requirements:
        data = ratings.get(req.pk) or ratings.get(str(req.pk))
        if data is None:
            continue
        value = clean_value(scale, data.get("value"))
        comment = str(data.get("comment") or "").strip()[:MAX_TEXT]
        row = existing.get(req.pk)
        if row is None:
            rating_model.objects.create(**{owner_field: owner}, requirement=req, value=value,
                                        label=label_of(scale, value), comment=comment)
        elif (row.value, row.comment) != (value, comment):
            row.value, row.label, row.comment = value, label_of(scale, value), comment
            row.save(update_fields=["value", "label", "comment"])


def _missing(owner, rating_model, owner_field: str, requirements: list[Requirement]) -> list[str]:
    rated = set(rating_model.objects.filter(**{owner_field: owner}, value__isnull=False)
                .values_list("requirement_id", flat=True))
    return [r.number or str(r.pk) for r in requirements if r.pk not in rated]


def _self_evaluation_for(ag: Agreement) -> SelfEvaluation:
    se, _created = SelfEvaluation.objects.get_or_create(
        agreement=ag, defaults={"organisation_id": ag.organisation_id, "scale": scale_for(ag)})
    return se


def self_evaluation_save(*, agreement: Agreement, actor, ratings: dict, summary: str,
                         submit: bool = False, expected_version: str | None = None,
                         request=None) -> SelfEvaluation:
    """The leader saves the self-evaluation; with `submit` it goes to the superior (signed →
    self-evaluated) and the superior is notified. `expected_version` (the form's version,
    `edit_version`) refuses a save over a newer one."""
    _visible(actor, agreement)
    with transaction.atomic():
        ag = lock(agreement)
        require(permissions.can_write_self_evaluation(actor, ag),
                _("Only the leader can write the self-evaluation, while the agreement is signed."))
        saved = SelfEvaluation.objects.filter(agreement=ag).first()
        _check_version(saved, expected_version, record=SelfEvaluation, agreement=ag, ratings=ratings,
                       texts={_("Summary"): (saved.summary if saved else "", summary)})
        se = saved or _self_evaluation_for(ag)
        reqs = evaluation_requirements(ag)
        _apply_ratings(owner=se, rating_model=SelfRating, owner_field="self_evaluation", scale=se.scale,
                       requirements=reqs, ratings=ratings)
        se.summary = (summary or "").strip()[:MAX_TEXT]
        se.save(update_fields=["summary", "updated_at"])
        if not submit:
            audit_record(action="evaluation.self_evaluation_saved", actor=actor, obj=ag, request=request)
            return se
        missing = _missing(se, SelfRating, "self_evaluation", reqs)
        if missing:
            raise DomainError(_("Rate every requirement before you submit: %(numbers)s.")
                              % {"numbers": ", ".join(missing)})
        if not se.summary:
            raise DomainError(_("Write the summary of results achieved before you submit."))
        se.submitted_at = timezone.now()
        se.save(update_fields=["submitted_at"])
        agreement_set_state(agreement=ag, action="self_evaluate", actor=actor)
        due = self_evaluation_due(ag)
        late = due is not None and timezone.localdate() > due
        audit_record(action="evaluation.self_evaluation_submitted", actor=actor, obj=ag, request=request,
                     data={"due": due.isoformat() if due else None, "late": late})
        notify_about(person=ag.superior, agreement=ag, kind="evaluation.self_evaluation_submitted",
                     template="evaluation_self_submitted", context={"late": late, "due": due})
    return se


def self_evaluation_reopen(*, agreement: Agreement, actor, request=None) -> SelfEvaluation:
    """Take a submitted self-evaluation back for changes (self-evaluated → signed)."""
    _visible(actor, agreement)
    with transaction.atomic():
        ag = lock(agreement)
        require(permissions.can_reopen_self_evaluation(actor, ag),
                _("The self-evaluation can be reopened only after it is submitted and before the assessment."))
        se = _self_evaluation_for(ag)
        se.submitted_at = None
        se.save(update_fields=["submitted_at", "updated_at"])
        agreement_set_state(agreement=ag, action="reopen_self_evaluation", actor=actor)
        other = ag.superior if actor.pk == ag.leader_id else ag.leader
        notify_about(person=other, agreement=ag, kind="evaluation.self_evaluation_reopened",
                     template="evaluation_self_reopened", context={"actor_name": actor.name})
    return se


# --- the conversation ----------------------------------------------------------------------

def _assessment_for(ag: Agreement) -> Assessment:
    a, _created = Assessment.objects.get_or_create(
        agreement=ag, defaults={"organisation_id": ag.organisation_id, "scale": scale_for(ag)})
    return a


def conversation_schedule(*, agreement: Agreement, actor, when: datetime.datetime, place: str = "",
                          minutes: int = 60, request=None) -> Assessment:
    """The superior sets the date, time and place; both get an e-mail with an .ics invitation."""
    _visible(actor, agreement)
    if when is None:
        raise DomainError(_("Give the date and time of the conversation."))
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    if not 15 <= int(minutes or 0) <= 480:
        raise DomainError(_("The conversation lasts from 15 minutes to 8 hours."))
    with transaction.atomic():
        ag = lock(agreement)
        require(permissions.can_schedule_conversation(actor, ag),
                _("Only the superior schedules the assessment conversation, before the assessment is done."))
        earliest = earliest_conversation_date(ag)
        if timezone.localtime(when).date() < earliest:
            raise DomainError(
                _("The conversation can be no sooner than %(date)s: the self-evaluation is sent at least 7 days "
                  "before it.") % {"date": date_format(earliest, "SHORT_DATE_FORMAT")},
                code="too_soon",
            )
        a = _assessment_for(ag)
        rescheduled = a.conversation_at is not None
        a.conversation_at, a.conversation_place, a.conversation_minutes = when, (place or "").strip()[:200], minutes
        a.conversation_sequence += 1 if rescheduled else 0
        a.save(update_fields=["conversation_at", "conversation_place", "conversation_minutes",
                              "conversation_sequence", "updated_at"])
        audit_record(action="evaluation.conversation_scheduled", actor=actor, obj=ag, request=request,
                     data={"at": when.isoformat(), "place": a.conversation_place, "rescheduled": rescheduled})
        ics = conversation_ics(
            assessment=a,
            summary=_("Assessment conversation: %(leader)s") % {"leader": ag.leader.name},
            description=_("Assessment conversation on the results agreement %(period)s between %(leader)s and "
                          "%(superior)s.") % {"period": ag.period.name, "leader": ag.leader.name,
                                              "superior": ag.superior.name},
        )
        due = self_evaluation_due(ag)
        for person in (ag.leader, ag.superior):
            notify_about(person=person, agreement=ag, kind="evaluation.conversation_scheduled",
                         template="evaluation_conversation", attachments=[("vurderingssamtale.ics", ics,
                                                                           "text/calendar")],
                         context={"when": timezone.localtime(when), "place": a.conversation_place,
                                  "due": due, "rescheduled": rescheduled, "for_leader": person.pk == ag.leader_id})
    return a


def conversation_ics_for(*, agreement: Agreement, actor) -> str:
    _visible(actor, agreement)
    a = Assessment.objects.filter(agreement=agreement, conversation_at__isnull=False).first()
    if a is None:
        raise DomainError(_("No conversation is scheduled."), status=404)
    return conversation_ics(
        assessment=a,
        summary=_("Assessment conversation: %(leader)s") % {"leader": agreement.leader.name},
        description=_("Assessment conversation on the results agreement %(period)s between %(leader)s and "
                      "%(superior)s.") % {"period": agreement.period.name, "leader": agreement.leader.name,
                                          "superior": agreement.superior.name},
    )


# --- the assessment ------------------------------------------------------------------------

def assessment_save(*, agreement: Agreement, actor, ratings: dict, overall: str = "", overall_value=None,
                    follow_up: str = "", complete: bool = False, expected_version: str | None = None,
                    request=None) -> Assessment:
    """The superior rates each requirement and writes the overall assessment and the agreed
    follow-up; with `complete` the agreement becomes assessed and the leader is asked to
    acknowledge. Completing needs the conversation to have taken place."""
    _visible(actor, agreement)
    with transaction.atomic():
        ag = lock(agreement)
        require(permissions.can_assess(actor, ag),
                _("Only the superior assesses, after the self-evaluation is submitted."))
        saved = Assessment.objects.filter(agreement=ag).first()
        _check_version(saved, expected_version, record=Assessment, agreement=ag, ratings=ratings,
                       texts={_("Overall assessment"): (saved.overall if saved else "", overall),
                              _("Agreed follow-up"): (saved.follow_up if saved else "", follow_up)})
        a = saved or _assessment_for(ag)
        reqs = evaluation_requirements(ag)
        _apply_ratings(owner=a, rating_model=AssessmentRating, owner_field="assessment", scale=a.scale,
                       requirements=reqs, ratings=ratings)
        a.overall_value = clean_value(a.scale, overall_value)
        a.overall_label = label_of(a.scale, a.overall_value)
        a.overall = (overall or "").strip()[:MAX_TEXT]
        a.follow_up = (follow_up or "").strip()[:MAX_TEXT]
        a.save(update_fields=["overall_value", "overall_label", "overall", "follow_up", "updated_at"])
        if not complete:
            audit_record(action="evaluation.assessment_saved", actor=actor, obj=ag, request=request)
            return a
        missing = _missing(a, AssessmentRating, "assessment", reqs)
        if missing:
            raise DomainError(_("Rate every requirement before you complete the assessment: %(numbers)s.")
                              % {"numbers": ", ".join(missing)})
        if not a.overall:
            raise DomainError(_("Write the overall assessment before you complete it."))
        if a.conversation_at is None or timezone.localtime(a.conversation_at).date() > timezone.localdate():
            raise DomainError(_("The assessment is completed in or after the assessment conversation. "
                                "Schedule it first, and complete the assessment on or after its date."))
        a.completed_at = timezone.now()
        a.save(update_fields=["completed_at"])
        agreement_set_state(agreement=ag, action="assess", actor=actor)
        audit_record(action="evaluation.assessment_completed", actor=actor, obj=ag, request=request,
                     data={"overall_value": a.overall_value})
        notify_about(person=ag.leader, agreement=ag, kind="evaluation.assessed", template="evaluation_assessed")
    return a


def leader_feedback_save(*, agreement: Agreement, actor, text: str, request=None) -> Assessment:
    """The leader's feedback to the superior (KRD template: "Forventninger til
    ekspedisjonssjef"), given in the same conversation."""
    _visible(actor, agreement)
    text = (text or "").strip()
    with transaction.atomic():
        ag = lock(agreement)
        require(permissions.can_give_feedback_to_superior(actor, ag),
                _("Only the leader gives feedback to the superior, before the agreement is closed."))
        if not text:
            raise DomainError(_("Write your feedback to the superior before you save it."))
        a = _assessment_for(ag)
        a.leader_feedback = text[:MAX_TEXT]
        a.save(update_fields=["leader_feedback", "updated_at"])
        audit_record(action="evaluation.leader_feedback_saved", actor=actor, obj=ag, request=request)
    return a


def assessment_acknowledge(*, agreement: Agreement, actor, request=None) -> Assessment:
    """Leader and superior each acknowledge the assessment; the second acknowledgement closes
    the agreement (assessed → closed)."""
    _visible(actor, agreement)
    with transaction.atomic():
        ag = lock(agreement)
        require(permissions.can_acknowledge_assessment(actor, ag),
                _("The leader and the superior acknowledge the assessment once it is completed."))
        a = Assessment.objects.select_for_update().get(agreement=ag)
        now = timezone.now()
        if actor.pk == ag.leader_id:
            if a.leader_acknowledged_at:
                raise DomainError(_("You have already acknowledged the assessment."))
            a.leader_acknowledged_at = now
        else:
            if a.superior_acknowledged_at:
                raise DomainError(_("You have already acknowledged the assessment."))
            a.superior_acknowledged_at = now
        a.save(update_fields=["leader_acknowledged_at", "superior_acknowledged_at", "updated_at"])
        audit_record(action="evaluation.assessment_acknowledged", actor=actor, obj=ag, request=request)
        if a.leader_acknowledged_at and a.superior_acknowledged_at:
            agreement_set_state(agreement=ag, action="close", actor=actor)
            for person in (ag.leader, ag.superior):
                notify_about(person=person, agreement=ag, kind="evaluation.closed", template="evaluation_closed")
        else:
            other = ag.superior if actor.pk == ag.leader_id else ag.leader
            notify_about(person=other, agreement=ag, kind="evaluation.acknowledge", template="evaluation_acknowledge",
                         context={"actor_name": actor.name})
    return a


def evaluation_record_view(*, agreement: Agreement, actor, parts: list[str], request=None) -> None:
    """Every read of a self-evaluation or assessment is an audit event (DESIGN.md §6)."""
    audit_record(action="evaluation.viewed", actor=actor, obj=agreement, request=request, data={"parts": parts})

