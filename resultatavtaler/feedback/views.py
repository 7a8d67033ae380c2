"""Pages of the 360 evaluation. Thin: parse, ask permissions, call a service or selector,
render. The rater's questionnaire works with a token link and no login (or from the home
page for logged-in raters), one area per screen, without JavaScript."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from resultatavtaler.accounts import permissions
from resultatavtaler.core_errors import DomainError
from resultatavtaler.organisations.models import Person
from resultatavtaler.organisations.selectors import leader_unit

from . import selectors, services
from .constants import InvitationState, RaterGroup, RoundState
from .forms import DevelopmentItemForm, ProposeEmailForm, ProposePersonForm, RoundStartForm, TrilingualForm
from .models import (
    BankArea,
    BankCommentQuestion,
    BankStatement,
    DevelopmentItem,
    FeedbackRound,
    Invitation,
    pick_language,
)
from .presentation import profile_view_model


def _person(request) -> Person:
    if request.person is None:
        raise PermissionDenied
    return request.person


def _round_or_404(request, pk: int, *, questionnaire: bool = True) -> FeedbackRound:
    """Another organisation's round is a 404; a round of one's own organisation without a
    right to it is a 403. `questionnaire=False` leaves the round's question set (JSON) unread
    until it is used."""
    person = _person(request)
    qs = FeedbackRound.objects.select_related("leader__unit", "superior", "organisation")
    if not questionnaire:
        qs = qs.defer("questionnaire")
    return permissions.get_object_for_person_or_404(qs, person, pk=pk)


def _domain_error(request, exc: DomainError, fallback: str):
    messages.error(request, exc.message)
    return redirect(fallback)


# --- Index and starting a round -------------------------------------------------------------


@login_required
def index(request):
    person = _person(request)
    return render(request, "feedback/index.html", {
        "person": person,
        "my_rounds": selectors.rounds_led_by(person),
        "as_superior": selectors.rounds_as_superior(person),
        "invitations": selectors.open_invitations_for(person),
        "approvals": selectors.rounds_awaiting_approval_by(person),
        "is_leader": leader_unit(person) is not None,
        "is_process_owner": permissions.can_view_feedback_overview(person),
    })


@login_required
def round_start(request):
    person = _person(request)
    leader = person
    if request.GET.get("leader") or request.POST.get("leader"):
        leader = permissions.get_object_for_person_or_404(
            Person.objects.select_related("unit"), person, pk=request.GET.get("leader") or request.POST.get("leader")
        )
    if not permissions.can_start_feedback_round(person, leader):
        raise PermissionDenied
    bank = services.question_bank_ensure(organisation=person.organisation)
    areas = list(bank.areas.filter(is_active=True))
    form = RoundStartForm(request.POST or None, areas=areas)
    if request.method == "POST" and form.is_valid():
        try:
            fr = services.round_start(leader=leader, actor=person, deadline=form.cleaned_data["deadline"],
                                      area_codes=form.cleaned_data["areas"], request=request)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The round is started. Add peers and others, then send the list for approval."))
            return redirect("feedback:round", pk=fr.pk)
    return render(request, "feedback/round_start.html", {"form": form, "leader": leader, "own": leader == person})


# --- The round page, raters and approval ----------------------------------------------------


@login_required
def round_detail(request, pk: int):
    person = _person(request)
    fr = _round_or_404(request, pk)
    if not permissions.can_view_feedback_round(person, fr):
        raise PermissionDenied
    can_propose = permissions.can_propose_feedback_raters(person, fr) and fr.state in services.ACTIVE_STATES
    raters = list(selectors.raters_of(fr))
    groups = [
        {"label": g.label, "raters": [r for r in raters if r.group == g.value]}
        for g in RaterGroup
    ]
    return render(request, "feedback/round_detail.html", {
        "round": fr,
        "groups": groups,
        "progress": selectors.round_progress(fr),
        "can_propose": can_propose,
        "can_approve": permissions.can_approve_feedback_raters(person, fr)
        and any(r.state == InvitationState.PROPOSED for r in raters) and fr.state != RoundState.PREPARING,
        "can_close": permissions.can_close_feedback_round(person, fr) and fr.state == RoundState.OPEN,
        "can_cancel": permissions.can_close_feedback_round(person, fr) and fr.state in services.ACTIVE_STATES,
        "is_leader": person.pk == fr.leader_id,
        "person_form": ProposePersonForm(organisation=fr.organisation, prefix="p") if can_propose else None,
        "email_form": ProposeEmailForm(prefix="e") if can_propose else None,
        "areas": [pick_language(a["name"]) for a in fr.questionnaire.get("areas", [])],
        "has_profile": fr.state == RoundState.CLOSED,
    })


@login_required
@require_POST
def rater_propose(request, pk: int):
    person = _person(request)
    fr = _round_or_404(request, pk)
    if not permissions.can_propose_feedback_raters(person, fr):
        raise PermissionDenied
    back = reverse("feedback:round", args=[fr.pk])
    try:
        if "e-email" in request.POST:
            form = ProposeEmailForm(request.POST, prefix="e")
            if not form.is_valid():
                messages.error(request, _("Write a valid e-mail address."))
                return redirect(back)
            services.invitation_propose(feedback_round=fr, actor=person, group=RaterGroup.OTHERS,
                                        email=form.cleaned_data["email"])
        else:
            form = ProposePersonForm(request.POST, organisation=fr.organisation, prefix="p")
            if not form.is_valid():
                messages.error(request, _("Choose a person and a rater group."))
                return redirect(back)
            services.invitation_propose(feedback_round=fr, actor=person, group=form.cleaned_data["group"],
                                        person=form.cleaned_data["person"])
    except DomainError as exc:
        return _domain_error(request, exc, back)
    messages.success(request, _("The rater is proposed."))
    return redirect(back)


@login_required
@require_POST
def rater_withdraw(request, pk: int, invitation_pk: int):
    person = _person(request)
    fr = _round_or_404(request, pk)
    inv = get_object_or_404(Invitation, round=fr, pk=invitation_pk)
    back = reverse("feedback:round", args=[fr.pk])
    try:
        services.invitation_withdraw(invitation=inv, actor=person)
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied from exc
        return _domain_error(request, exc, back)
    messages.success(request, _("The rater is removed from the list."))
    return redirect(back)


@login_required
@require_POST
def round_submit(request, pk: int):
    person = _person(request)
    fr = _round_or_404(request, pk)
    back = reverse("feedback:round", args=[fr.pk])
    try:
        services.round_submit_raters(feedback_round=fr, actor=person, request=request)
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied from exc
        return _domain_error(request, exc, back)
    messages.success(request, _("The list of raters is sent to the superior for approval."))
    return redirect(back)


@login_required
def round_approve(request, pk: int):
    person = _person(request)
    fr = _round_or_404(request, pk)
    if not permissions.can_approve_feedback_raters(person, fr):
        raise PermissionDenied
    pending = list(selectors.raters_of(fr).filter(state=InvitationState.PROPOSED))
    if request.method == "POST":
        rejected = []
        for value in request.POST.getlist("reject"):
            try:
                rejected.append(int(value))
            except ValueError:
                continue
        try:
            services.round_approve_raters(feedback_round=fr, actor=person, rejected_ids=rejected, request=request)
        except DomainError as exc:
            return _domain_error(request, exc, reverse("feedback:approve", args=[fr.pk]))
        messages.success(request, _("The raters are approved and the invitations are sent."))
        return redirect("feedback:round", pk=fr.pk)
    return render(request, "feedback/round_approve.html", {
        "round": fr,
        "pending": pending,
        "approved": [r for r in selectors.raters_of(fr) if r.state == InvitationState.APPROVED],
        "can_submit": fr.state in (RoundState.AWAITING_APPROVAL, RoundState.OPEN),
    })


@login_required
@require_POST
def round_close(request, pk: int):
    person = _person(request)
    fr = _round_or_404(request, pk)
    back = reverse("feedback:round", args=[fr.pk])
    try:
        services.round_close(feedback_round=fr, actor=person, request=request)
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied from exc
        return _domain_error(request, exc, back)
    messages.success(request, _("The round is closed and the leadership profile is ready for the leader."))
    return redirect(back)


@login_required
@require_POST
def round_cancel(request, pk: int):
    person = _person(request)
    fr = _round_or_404(request, pk)
    back = reverse("feedback:round", args=[fr.pk])
    try:
        services.round_cancel(feedback_round=fr, actor=person, request=request)
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied from exc
        return _domain_error(request, exc, back)
    messages.success(request, _("The round is cancelled."))
    return redirect(back)


# --- The profile --------------------------------------------------------------------------------


def _profile_for(request, pk: int, *, light: bool = False):
    """The round and its profile for a reader with the right. `light`: neither the question set
    nor the profile's JSON is read until used (the profile page takes its body from the cache)."""
    person = _person(request)
    fr = _round_or_404(request, pk, questionnaire=not light)
    profile = selectors.profile_of(fr, with_data=not light)
    if profile is None:
        if person.pk == fr.leader_id:
            return fr, None
        raise PermissionDenied
    if not permissions.can_view_leader_profile(person, profile):
        raise PermissionDenied
    return fr, profile


@login_required
@never_cache
def profile(request, pk: int):
    person = _person(request)
    fr, prof = _profile_for(request, pk, light=True)
    if prof is None:
        return render(request, "feedback/profile_not_ready.html", {"round": fr}, status=404)
    # Every read is audited (DESIGN.md §6), also when the body comes from the cache.
    services.profile_record_view(profile=prof, actor=person, request=request)
    return render(request, "feedback/profile.html", {
        "round": fr,
        "profile": prof,
        "body": profile_body(prof),
        "is_leader": person.pk == prof.leader_id,
        "superior": fr.superior,
    })


# The profile is frozen when the round closes, so its rendered body (the tables, the charts and
# ~650 formatted figures) is kept in the cache per profile, language and sharing state.
PROFILE_BODY_VERSION = 1
PROFILE_BODY_SECONDS = 7 * 24 * 3600


def profile_body_key(prof) -> str:
    created = prof.created_at.timestamp() if prof.created_at else 0
    shared = int(prof.shared_with_superior)
    return f"feedback:profile-body:v{PROFILE_BODY_VERSION}:{prof.pk}:{created}:{get_language()}:{shared}"


def profile_body(prof) -> str:
    """The rendered `feedback/_profile_body.html` of a profile (from the cache after the first
    read in this language and sharing state)."""
    key = profile_body_key(prof)
    body = cache.get(key)
    if body is None:
        body = render_to_string("feedback/_profile_body.html", {"p": profile_view_model(prof.data)})
        cache.set(key, body, PROFILE_BODY_SECONDS)
    # The body was rendered by the template engine with autoescaping; the cache holds only that output.
    return mark_safe(body)  # noqa: S308  # nosec B308 B703


@login_required
@never_cache
def profile_pdf(request, pk: int):
    """The PDF takes seconds to render, so the task worker makes it (documents.py): GET offers
    to make it, POST starts the job and goes to its page, which offers the download."""
    from resultatavtaler.reports.constants import DocumentKind
    from resultatavtaler.reports.views_jobs import document_request

    fr, prof = _profile_for(request, pk)
    if prof is None:
        raise Http404
    return document_request(request, kind=DocumentKind.LEADER_PROFILE_PDF, object_id=fr.pk)


@login_required
@require_POST
def profile_share(request, pk: int):
    person = _person(request)
    fr, prof = _profile_for(request, pk)
    if prof is None or not permissions.can_share_leader_profile(person, prof):
        raise PermissionDenied
    shared = request.POST.get("shared") == "1"
    services.profile_set_shared(profile=prof, actor=person, shared=shared, request=request)
    if shared:
        messages.success(request, _("Your superior can now see the profile."))
    else:
        messages.success(request, _("The profile is no longer shared with your superior."))
    return redirect("feedback:profile", pk=fr.pk)


# --- Development plan ---------------------------------------------------------------------------


@login_required
def development_plan(request, pk: int):
    person = _person(request)
    fr = _round_or_404(request, pk)
    if not permissions.can_edit_development_plan(person, fr):
        raise PermissionDenied
    areas = [(a["code"], pick_language(a["name"])) for a in fr.questionnaire.get("areas", [])]
    form = DevelopmentItemForm(request.POST or None, areas=areas)
    if request.method == "POST" and form.is_valid():
        try:
            services.development_item_create(feedback_round=fr, actor=person, request=request, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The item is added to the development plan."))
            return redirect("feedback:plan", pk=fr.pk)
    prof = selectors.profile_of(fr)
    items = list(DevelopmentItem.objects.filter(plan__round=fr).order_by("deadline", "id"))
    area_names = dict(areas)
    return render(request, "feedback/development_plan.html", {
        "round": fr,
        "form": form,
        "items": [{"item": i, "area": area_names.get(i.area_code, "")} for i in items],
        "p": profile_view_model(prof.data) if prof and permissions.can_view_leader_profile(person, prof) else None,
        "closed": fr.state == RoundState.CLOSED,
    })


@login_required
@require_POST
def development_item_delete(request, pk: int, item_pk: int):
    person = _person(request)
    fr = _round_or_404(request, pk)
    item = get_object_or_404(DevelopmentItem, plan__round=fr, pk=item_pk)
    try:
        services.development_item_delete(item=item, actor=person, request=request)
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied from exc
        return _domain_error(request, exc, reverse("feedback:plan", args=[fr.pk]))
    messages.success(request, _("The item is deleted."))
    return redirect("feedback:plan", pk=fr.pk)


# --- Process owner: overview and question bank --------------------------------------------------


@login_required
def overview(request):
    person = _person(request)
    if not permissions.can_view_feedback_overview(person):
        raise PermissionDenied
    rows = selectors.overview_rounds(person)
    return render(request, "feedback/overview.html", {
        "rows": rows, "today": timezone.localdate(), "leaders": selectors.leaders_in_scope(person),
    })


@login_required
def bank(request):
    person = _person(request)
    if not permissions.can_manage_feedback_bank(person):
        raise PermissionDenied
    qb = services.question_bank_ensure(organisation=person.organisation)
    areas = list(qb.areas.prefetch_related("statements"))
    comment_questions = list(qb.comment_questions.all())
    # Each form carries the version of its entry: a change made from an older page is refused.
    for entry in [*areas, *(s for a in areas for s in a.statements.all()), *comment_questions]:
        entry.edit_version = services.bank_entry_edit_version(entry)
    return render(request, "feedback/bank.html", {
        "bank": qb,
        "areas": [{"area": a, "form": TrilingualForm(prefix=f"area{a.pk}")} for a in areas],
        "area_form": TrilingualForm(prefix="newarea"),
        "question_form": TrilingualForm(prefix="newq"),
        "comment_questions": comment_questions,
    })


@login_required
@require_POST
def bank_change(request):
    person = _person(request)
    if not permissions.can_manage_feedback_bank(person):
        raise PermissionDenied
    qb = services.question_bank_ensure(organisation=person.organisation)
    action = request.POST.get("action", "")
    try:
        if action == "add_area":
            form = TrilingualForm(request.POST, prefix="newarea")
            if not form.is_valid():
                raise DomainError(_("Write the text in bokmål, nynorsk and English."))
            services.bank_area_create(bank=qb, actor=person, name_nb=form.cleaned_data["nb"],
                                      name_nn=form.cleaned_data["nn"], name_en=form.cleaned_data["en"])
        elif action == "add_statement":
            area = get_object_or_404(BankArea, bank=qb, pk=request.POST.get("area"))
            form = TrilingualForm(request.POST, prefix=f"area{area.pk}")
            if not form.is_valid():
                raise DomainError(_("Write the text in bokmål, nynorsk and English."))
            services.bank_statement_create(area=area, actor=person, text_nb=form.cleaned_data["nb"],
                                           text_nn=form.cleaned_data["nn"], text_en=form.cleaned_data["en"])
        elif action == "add_comment_question":
            form = TrilingualForm(request.POST, prefix="newq")
            if not form.is_valid():
                raise DomainError(_("Write the text in bokmål, nynorsk and English."))
            services.bank_comment_question_create(bank=qb, actor=person, text_nb=form.cleaned_data["nb"],
                                                  text_nn=form.cleaned_data["nn"], text_en=form.cleaned_data["en"])
        elif action in ("toggle_area", "toggle_statement", "toggle_comment_question"):
            model, lookup = {
                "toggle_area": (BankArea, {"bank": qb}),
                "toggle_statement": (BankStatement, {"area__bank": qb}),
                "toggle_comment_question": (BankCommentQuestion, {"bank": qb}),
            }[action]
            entry = get_object_or_404(model, pk=request.POST.get("id"), **lookup)
            services.bank_entry_set_active(entry=entry, actor=person, active=not entry.is_active,
                                           expected_version=request.POST.get("version"))
        else:
            raise DomainError(_("Unknown action."))
    except DomainError as exc:
        return _domain_error(request, exc, reverse("feedback:bank"))
    messages.success(request, _("The question bank is updated. Rounds already started keep their questions."))
    return redirect("feedback:bank")
