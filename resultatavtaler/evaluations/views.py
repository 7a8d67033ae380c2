"""Pages of the follow-up and assessment (DESIGN.md §8 "Evaluation page"). Thin: load, ask
the permissions policy, call a service or selector, render. Another organisation's agreement
answers 404, a missing right 403; a refused action shows its message and changes nothing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from resultatavtaler.accounts import permissions
from resultatavtaler.agreements.models import Agreement, Period
from resultatavtaler.core_errors import DomainError

from . import selectors, services
from .constants import SELF_EVALUATION_LEAD_DAYS
from .forms import (
    ConversationForm,
    LeaderFeedbackForm,
)
from .models import Assessment, SelfEvaluation
from .scales import scale_for


def _person(request):
    if request.person is None:
        raise PermissionDenied
    return request.person


def _agreement(request, pk: int) -> Agreement:
    person = _person(request)
    return permissions.get_object_for_person_or_404(
        Agreement.objects.select_related("leader", "superior", "period", "unit", "template_version",
                                         "organisation", "in_force_version"),
        person, pk=pk,
    )


def _require_evaluation(person, agreement) -> None:
    # The agreement is of the person's own organisation (loaded so): no right is a 403.
    if not permissions.can_view_evaluation(person, agreement):
        raise PermissionDenied


def _evaluation_for(request, pk: int, right=None) -> tuple:
    """The acting person and the agreement whose evaluation they open: another organisation's
    agreement is a 404, no right to its evaluation a 403, and with `right` (a permissions
    function of person and agreement) no right to this action a 403 too."""
    person = _person(request)
    ag = _agreement(request, pk)
    _require_evaluation(person, ag)
    if right is not None and not right(person, ag):
        raise PermissionDenied
    return person, ag


def _ratings_from(post) -> dict:
    out = {}
    for key in post:
        if key.startswith("rating-") and key[7:].isdigit():
            out[int(key[7:])] = {"value": post.get(key), "comment": post.get(f"comment-{key[7:]}", "")}
    return out


def _fill_current(rows, which: str, posted: dict | None) -> None:
    """The value and comment each rating field starts with: what was typed after a refusal,
    else what is stored."""
    for row in rows:
        if posted is not None:
            data = posted.get(row.requirement.pk) or {}
            row.current_value, row.current_comment = str(data.get("value") or ""), data.get("comment", "")
        else:
            stored = getattr(row, which)
            row.current_value = str(stored.value) if stored and stored.value is not None else ""
            row.current_comment = stored.comment if stored else ""


def _scale_choices(scale: list[dict]) -> list[dict]:
    from .scales import label_text

    return [{"value": str(lv["value"]), "label": label_text(lv["label"])} for lv in scale]


# --- index -------------------------------------------------------------------------------------

@login_required
def index(request):
    person = _person(request)
    rows = []
    for ag in selectors.agreements_to_follow_up(person):
        rows.append({"agreement": ag, "is_leader": ag.leader_id == person.pk,
                     "due": services.self_evaluation_due(ag, services.loaded_assessment(ag))})
    periods = {r["agreement"].period for r in rows}
    return render(request, "evaluations/index.html", {
        "rows": rows,
        "invitations": selectors.open_invitations_for(person),
        "pay_periods": sorted(periods, key=lambda p: p.start, reverse=True)
        if person.organisation.uses_pay_summary else [],
        "can_manage_scales": permissions.can_manage_scales(person),
    })


# --- the evaluation page -----------------------------------------------------------------------

@login_required
def agreement_evaluation(request, pk: int):
    person = _person(request)
    ag = _agreement(request, pk)
    if not permissions.can_view_evaluation(person, ag):
        if permissions.can_view_evaluation_progress(person, ag):
            return render(request, "evaluations/progress.html", {"agreement": ag,
                                                                 "progress": selectors.progress_of(ag)})
        raise PermissionDenied
    return _evaluation_page(request, person, ag)


def _evaluation_page(request, person, ag: Agreement, *, feedback_form: LeaderFeedbackForm | None = None,
                     status: int = 200):
    """The evaluation page of one agreement for a person who may see the evaluation; with
    `feedback_form`, the leader's refused feedback shown again with its error."""
    se = SelfEvaluation.objects.filter(agreement=ag).first()
    assessment = Assessment.objects.filter(agreement=ag).first()
    can_feedback = permissions.can_give_feedback_to_superior(person, ag)
    if feedback_form is None and can_feedback:
        feedback_form = LeaderFeedbackForm(initial={"leader_feedback": assessment.leader_feedback if assessment
                                                    else ""})
    # The leader's unsubmitted draft is the leader's own until it is sent.
    show_self = se is not None and (se.submitted_at is not None or person.pk == ag.leader_id)
    rows = selectors.requirement_rows(ag, se if show_self else None, assessment)
    show_assessment = assessment is not None and (assessment.completed_at is not None or person.pk == ag.superior_id)
    parts = [p for p, shown in (("self_evaluation", show_self), ("assessment", show_assessment)) if shown]
    if parts:
        services.evaluation_record_view(agreement=ag, actor=person, parts=parts, request=request)
    return render(request, "evaluations/agreement.html", {
        "agreement": ag,
        "self_evaluation": se if show_self else None,
        "assessment": assessment,
        "show_assessment": show_assessment,
        "rows": rows,
        "panels": selectors.measurement_panels(ag),
        "input_requests": selectors.input_requests_of(ag),
        "profile": selectors.shared_profile_for(ag, person),
        "midyear_reviews": selectors.midyear_reviews_of(ag),
        "due": services.self_evaluation_due(ag),
        "late": services.self_evaluation_is_late(ag),
        "lead_days": SELF_EVALUATION_LEAD_DAYS,
        "is_leader": person.pk == ag.leader_id,
        "is_superior": person.pk == ag.superior_id,
        "can_write_self": permissions.can_write_self_evaluation(person, ag),
        "can_reopen_self": permissions.can_reopen_self_evaluation(person, ag),
        "can_schedule": permissions.can_schedule_conversation(person, ag),
        "can_assess": permissions.can_assess(person, ag),
        "can_feedback": can_feedback,
        "feedback_form": feedback_form,
        "can_acknowledge": permissions.can_acknowledge_assessment(person, ag) and assessment is not None and not (
            (person.pk == ag.leader_id and assessment.leader_acknowledged_at)
            or (person.pk == ag.superior_id and assessment.superior_acknowledged_at)),
        "can_ask_input": permissions.can_send_input_request(person, ag),
        "can_midyear": permissions.can_record_midyear_review(person, ag),
        "can_start_next": ag.state == "closed" and person.pk == ag.leader_id,
        "next_periods": Period.objects.filter(organisation_id=ag.organisation_id, state="open",
                                              start__gt=ag.period.start).exclude(agreements__leader=ag.leader)
        if ag.state == "closed" and person.pk == ag.leader_id else [],
    }, status=status)


@login_required
def self_evaluation_edit(request, pk: int):
    person, ag = _evaluation_for(request, pk, permissions.can_write_self_evaluation)
    se = SelfEvaluation.objects.filter(agreement=ag).first()
    error = None
    if request.method == "POST":
        submit = "submit" in request.POST
        try:
            services.self_evaluation_save(agreement=ag, actor=person, ratings=_ratings_from(request.POST),
                                          summary=request.POST.get("summary", ""), submit=submit,
                                          expected_version=request.POST.get("version"), request=request)
        except DomainError as exc:
            if exc.status == 404:
                raise Http404 from exc
            error = exc.message
        else:
            messages.success(request, _("The self-evaluation is sent to your superior.") if submit
                             else _("The self-evaluation is saved."))
            return redirect("evaluations:agreement", pk=ag.pk) if submit else redirect(
                "evaluations:self_evaluation", pk=ag.pk)
        se = SelfEvaluation.objects.filter(agreement=ag).first()
    if se is not None:
        services.evaluation_record_view(agreement=ag, actor=person, parts=["self_evaluation"], request=request)
    scale = se.scale if se else scale_for(ag)
    rows = selectors.requirement_rows(ag, se, None)
    _fill_current(rows, "self_rating", _ratings_from(request.POST) if error else None)
    return render(request, "evaluations/self_evaluation.html", {
        "agreement": ag, "self_evaluation": se, "rows": rows, "scale": _scale_choices(scale), "error": error,
        "version": services.edit_version(se),
        "summary": request.POST.get("summary") if error else (se.summary if se else ""),
        "panels": selectors.measurement_panels(ag),
        "input_requests": [ir for ir in selectors.input_requests_of(ag) if ir.is_closed],
        "profile": selectors.shared_profile_for(ag, person),
        "due": services.self_evaluation_due(ag),
    }, status=400 if error else 200)


@login_required
@require_POST
def self_evaluation_reopen(request, pk: int):
    # Only the parties may reopen (403 for anyone else); a party in the wrong state gets a message.
    person, ag = _evaluation_for(request, pk, permissions.is_agreement_party)
    try:
        services.self_evaluation_reopen(agreement=ag, actor=person, request=request)
    except DomainError as exc:
        return _refused_to(request, exc, ag)
    messages.success(request, _("The self-evaluation is open for changes again."))
    return redirect("evaluations:agreement", pk=ag.pk)


@login_required
def conversation(request, pk: int):
    person, ag = _evaluation_for(request, pk, permissions.can_schedule_conversation)
    assessment = Assessment.objects.filter(agreement=ag).first()
    initial = {}
    if assessment and assessment.conversation_at:
        local = timezone.localtime(assessment.conversation_at)
        initial = {"date": local.date(), "time": local.time(), "minutes": assessment.conversation_minutes,
                   "place": assessment.conversation_place}
    form = ConversationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.conversation_schedule(agreement=ag, actor=person, when=form.when(),
                                           minutes=form.cleaned_data["minutes"], place=form.cleaned_data["place"],
                                           request=request)
        except DomainError as exc:
            if exc.status == 404:
                raise Http404 from exc
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The conversation is scheduled; you both have a calendar invitation."))
            return redirect("evaluations:agreement", pk=ag.pk)
    return render(request, "evaluations/conversation.html", {
        "agreement": ag, "form": form, "earliest": services.earliest_conversation_date(ag),
        "lead_days": SELF_EVALUATION_LEAD_DAYS,
    }, status=400 if form.errors else 200)


@login_required
def conversation_ics(request, pk: int):
    person, ag = _evaluation_for(request, pk)
    try:
        ics = services.conversation_ics_for(agreement=ag, actor=person)
    except DomainError as exc:
        raise Http404 from exc
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="vurderingssamtale.ics"'
    return response


@login_required
def assessment_edit(request, pk: int):
    person, ag = _evaluation_for(request, pk, permissions.can_assess)
    error = None
    if request.method == "POST":
        complete = "complete" in request.POST
        try:
            services.assessment_save(agreement=ag, actor=person, ratings=_ratings_from(request.POST),
                                     overall=request.POST.get("overall", ""),
                                     overall_value=request.POST.get("overall_value") or None,
                                     follow_up=request.POST.get("follow_up", ""), complete=complete,
                                     expected_version=request.POST.get("version"), request=request)
        except DomainError as exc:
            if exc.status == 404:
                raise Http404 from exc
            error = exc.message
        else:
            messages.success(request, _("The assessment is completed; the leader is asked to acknowledge it.")
                             if complete else _("The assessment is saved."))
            return redirect("evaluations:agreement", pk=ag.pk) if complete else redirect(
                "evaluations:assessment", pk=ag.pk)
    se = SelfEvaluation.objects.filter(agreement=ag).first()
    assessment = Assessment.objects.filter(agreement=ag).first()
    services.evaluation_record_view(agreement=ag, actor=person, parts=["self_evaluation", "assessment"],
                                    request=request)
    scale = assessment.scale if assessment else scale_for(ag)
    rows = selectors.requirement_rows(ag, se, assessment)
    _fill_current(rows, "assessment_rating", _ratings_from(request.POST) if error else None)
    return render(request, "evaluations/assessment.html", {
        "agreement": ag, "self_evaluation": se, "assessment": assessment, "rows": rows,
        "version": services.edit_version(assessment),
        "scale": _scale_choices(scale), "error": error, "posted": request.POST if error else None,
        "panels": selectors.measurement_panels(ag),
        "input_requests": [ir for ir in selectors.input_requests_of(ag) if ir.is_closed],
        "profile": selectors.shared_profile_for(ag, person),
    }, status=400 if error else 200)


@login_required
@require_POST
def leader_feedback(request, pk: int):
    person, ag = _evaluation_for(request, pk, permissions.is_agreement_leader)
    form = LeaderFeedbackForm(request.POST)
    if not form.is_valid() and permissions.can_give_feedback_to_superior(person, ag):
        # An empty text: nothing is saved; the page again with the error by the field (400, as
        # the other evaluation forms). When the state allows no feedback, the service says so.
        return _evaluation_page(request, person, ag, feedback_form=form, status=400)
    try:
        services.leader_feedback_save(agreement=ag, actor=person, text=request.POST.get("leader_feedback", ""),
                                      request=request)
    except DomainError as exc:
        return _refused_to(request, exc, ag)
    messages.success(request, _("Your feedback to the superior is saved."))
    return redirect("evaluations:agreement", pk=ag.pk)


def _refused_to(request, exc: DomainError, ag: Agreement):
    """A step the agreement's state does not allow, asked by one who has the right: the message
    on the evaluation page. The views check the right itself first (403)."""
    if exc.status == 404:
        raise Http404
    messages.error(request, exc.message)
    return redirect("evaluations:agreement", pk=ag.pk)


@login_required
@require_POST
def acknowledge(request, pk: int):
    person, ag = _evaluation_for(request, pk, permissions.is_agreement_party)
    try:
        services.assessment_acknowledge(agreement=ag, actor=person, request=request)
    except DomainError as exc:
        return _refused_to(request, exc, ag)
    ag.refresh_from_db()
    messages.success(request, _("The agreement is closed.") if ag.state == "closed"
                     else _("You have acknowledged the assessment."))
    return redirect("evaluations:agreement", pk=ag.pk)
