"""The leader's pages: my agreements, starting one, the agreement page with its one next
action, the workflow buttons, history and diffs."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from resultatavtaler.accounts import permissions
from resultatavtaler.audit.services import audit_access_refused
from resultatavtaler.core_errors import DomainError
from resultatavtaler.organisations.models import Person

from .. import selectors, services
from ..constants import AgreementState, PeriodState
from ..forms import CommentForm, ReasonForm, StartForm
from ..models import Agreement, AgreementVersion, Period, PeriodParticipant, Requirement, Template
from ._common import (
    agreement_or_404,
    audit_if_forbidden,
    lock_from,
    not_found_or,
    person_of,
    require,
    seen_now,
    stale_context,
)
from .page import page_context, pending_signature_roles

STATE_ORDER = {s: i for i, s in enumerate(AgreementState.values)}
# What an agreement list shows of each agreement (is_renegotiating reads the version in force).
_LIST_FIELDS = ("id", "state", "in_force_version", "period__name", "period__start", "unit__name")
OTHERS_PAGE_SIZE = 50


def _my_next_step(agreement: Agreement, signed: set[str]) -> str:
    state = agreement.state
    if state == AgreementState.DRAFT:
        return _("Finish the draft and submit it to %(name)s.") % {"name": agreement.superior.name}
    if state == AgreementState.IN_REVIEW:
        if "leader" in signed:
            return _("Waiting for %(name)s to sign.") % {"name": agreement.superior.name}
        return _("With %(name)s for review; sign when you agree.") % {"name": agreement.superior.name}
    if state == AgreementState.SIGNED:
        return _("In force. Follow up during the period.")
    if state == AgreementState.SELF_EVALUATED:
        return _("Self-evaluation submitted; the assessment conversation is next.")
    if state == AgreementState.ASSESSED:
        return _("Assessed; acknowledge the assessment.")
    return _("Closed.")


@login_required
def agreement_list(request):
    """My agreements per period, with state and next step; start one for an open period."""
    person = person_of(request)
    # The lists show names, states and steps: not the agreements' content.
    own = list(
        selectors.agreements_led_by(person)
        .only(*_LIST_FIELDS, "superior__name")
        .order_by("-period__start")
    )
    signed: dict[int, set[str]] = {}
    from ..models import Signature

    for ag_id, role in Signature.objects.filter(
        version__agreement__in=[a.pk for a in own], version__is_in_force=False, voided_at__isnull=True
    ).values_list("version__agreement_id", "role"):
        signed.setdefault(ag_id, set()).add(role)
    rows = [{"agreement": a, "next": _my_next_step(a, signed.get(a.pk, set()))} for a in own]
    own_periods = {a.period_id for a in own}
    periods = list(Period.objects.filter(organisation_id=person.organisation_id).order_by("-start", "name"))
    open_periods = [p for p in periods if p.state == PeriodState.OPEN]
    participant_in = set(
        PeriodParticipant.objects.filter(period__in=open_periods, person=person).values_list("period_id", flat=True)
    )
    can_start = [
        {"period": p, "expected": p.pk in participant_in}
        for p in open_periods
        if p.pk not in own_periods and (p.pk in participant_in or permissions.can_start_agreement(person, person, p))
    ]
    # The others one period and a page at a time: a director general sees thousands over the
    # years. The period is one of the organisation's (a forged or stale id falls back to the
    # newest open one).
    chosen = _chosen_period(periods, open_periods, request.GET.get("periode"))
    others_qs = (
        selectors.agreements_visible_to(person)
        .exclude(leader=person)
        .filter(period=chosen)
        .only(*_LIST_FIELDS, "leader__name", "superior__name", "unit__path")
    )
    others = Paginator(others_qs, OTHERS_PAGE_SIZE).get_page(request.GET.get("page"))
    supervises = Agreement.objects.filter(organisation_id=person.organisation_id, superior=person).exists()
    return render(
        request,
        "agreements/list.html",
        {
            "rows": rows,
            "can_start": can_start,
            "others": others,
            "others_shown": bool(others.object_list) or supervises or "periode" in request.GET,
            "periods": periods,
            "chosen_period": chosen,
            "others_query": urlencode({"periode": chosen.pk}) if chosen else "",
            "supervises": supervises,
            "has_unit_agreements": person.unit_id is not None,
        },
    )


def _chosen_period(periods: list[Period], open_periods: list[Period], asked: str | None) -> Period | None:
    by_id = {str(p.pk): p for p in periods}
    if asked in by_id:
        return by_id[asked]
    return open_periods[0] if open_periods else (periods[0] if periods else None)


def _template_versions(person):
    templates = list(
        Template.objects.filter(
            Q(organisation_id=person.organisation_id) | Q(organisation__isnull=True), is_active=True
        ).prefetch_related("versions")
    )
    versions = []
    for t in templates:
        latest = max(t.versions.all(), key=lambda v: v.number, default=None)
        if latest is not None:
            versions.append(latest)
    return versions


@login_required
def agreement_start_view(request, period_pk):
    """Start an agreement for an open period from a template or from last period's
    agreement, choosing which requirements to carry over."""
    person = person_of(request)
    period = permissions.get_object_for_person_or_404(Period, person, pk=period_pk)
    existing = Agreement.objects.filter(period=period, leader=person).first()
    if existing is not None:
        messages.info(request, _("You already have an agreement for this period."))
        return redirect("agreements:detail", pk=existing.pk)
    if not permissions.can_start_agreement(person, person, period):
        # Not a participant of the period: say so plainly (403), not a bare "access denied".
        audit_access_refused(request, reason="not_a_participant")
        return render(
            request,
            "agreements/start_refused.html",
            {"period": period, "message": services.start_refusal(actor=person, leader=person, period=period)},
            status=403,
        )

    def started(agreement):
        messages.success(request, _("Your draft is started. Fill in the sections and requirements."))
        return redirect("agreements:detail", pk=agreement.pk)

    return _start_page(
        request, actor=person, leader=person, period=period, bound=request.method == "POST", started=started
    )


@login_required
def agreement_start_for(request, period_pk, person_pk):
    """A process owner starts the draft of a participant's agreement on their behalf (the
    same choices as the leader's own start page); the leader is notified and finishes it.
    The overview's "Start agreement" button posts here without `step` and gets the form."""
    actor = person_of(request)
    period = permissions.get_object_for_person_or_404(Period, actor, pk=period_pk)
    leader = permissions.get_object_for_person_or_404(Person, actor, pk=person_pk)
    require(permissions.is_process_owner(actor))
    existing = Agreement.objects.filter(period=period, leader=leader).select_related("unit").first()
    if existing is not None and permissions.can_view_agreement(actor, existing):
        messages.info(
            request,
            _("%(name)s already has an agreement for %(period)s.") % {"name": leader.name, "period": period.name},
        )
        return redirect("agreements:detail", pk=existing.pk)
    if not permissions.can_start_agreement(actor, leader, period):
        participant = permissions.is_period_participant(leader, period)
        audit_access_refused(request, reason="out_of_scope" if participant else "not_a_participant")
        return render(
            request,
            "agreements/start_refused.html",
            {
                "period": period,
                "leader": leader,
                "on_behalf": True,
                "message": services.start_refusal(actor=actor, leader=leader, period=period),
            },
            status=403,
        )

    def started(agreement):
        messages.success(
            request,
            _("The draft of the agreement of %(name)s for %(period)s is started. %(name)s is notified.")
            % {"name": leader.name, "period": period.name},
        )
        return redirect(f"{reverse('overview:index')}?{urlencode({'period': period.pk})}")

    return _start_page(
        request,
        actor=actor,
        leader=leader,
        period=period,
        bound=request.POST.get("step") == "start",
        started=started,
    )


def _start_page(request, *, actor, leader, period, bound: bool, started):
    """The start form for `leader` in `period`, and starting the draft when it is sent
    (`bound`): the leader's own page and the process owner's on the leader's behalf.
    `started(agreement)` answers once the draft exists."""
    versions = _template_versions(actor)
    if period.default_template_id:
        versions.sort(key=lambda v: v.template_id != period.default_template_id)
    previous = selectors.agreements_led_by(leader).exclude(period=period).order_by("-period__start").first()
    previous_requirements = (
        list(
            Requirement.objects.filter(agreement=previous, common_requirement__isnull=True).order_by(
                "category_key", "position"
            )
        )
        if previous
        else []
    )
    form = StartForm(request.POST if bound else None, versions=versions, previous_requirements=previous_requirements)
    error = None
    if bound and form.is_valid():
        by_pk = {str(v.pk): v for v in versions}
        from_previous = bool(form.cleaned_data.get("from_previous")) and previous is not None
        chosen = form.cleaned_data.get("template_version")
        carry = [int(x) for x in form.cleaned_data.get("carry_over", [])] if from_previous else []
        try:
            agreement = services.agreement_start(
                period=period,
                leader=leader,
                actor=actor,
                template_version=by_pk.get(chosen) if chosen else None,
                from_agreement=previous if from_previous else None,
                carry_over=carry,
            )
        except DomainError as exc:
            error = not_found_or(exc)
            audit_if_forbidden(request, exc)
        else:
            return started(agreement)
    status = error.status if error else (400 if form.errors else 200)
    return render(
        request,
        "agreements/start.html",
        {
            "period": period,
            "form": form,
            "previous": previous,
            "error": error,
            "leader": leader,
            "on_behalf": actor.pk != leader.pk,
        },
        status=status,
    )


@login_required
def agreement_detail(request, pk):
    """The agreement page: the whole agreement for those who may see its content, the shared
    draft for the unit, and the published parts for the unit's employees."""
    person = person_of(request)
    agreement = agreement_or_404(request, pk)
    if permissions.can_view_agreement(person, agreement) or permissions.can_view_shared_draft(person, agreement):
        return render(request, "agreements/detail.html", page_context(request, agreement))
    if permissions.can_view_published_parts(person, agreement):
        return render(
            request,
            "agreements/published.html",
            {"agreement": agreement, "parts": selectors.published_parts(agreement)},
        )
    raise PermissionDenied


def _render_refused(request, agreement, exc: DomainError, template="agreements/detail.html", **extra):
    """Show the page again with the refusal and, for a stale form, what others changed."""
    audit_if_forbidden(request, exc)
    agreement.refresh_from_db()
    context = page_context(request, agreement, **stale_context(agreement, exc, request.POST.get("seen_at")), **extra)
    return render(request, template, context, status=exc.status)


@login_required
@require_POST
def agreement_action(request, pk, action):
    """The workflow buttons: submit, sign, return, renegotiate, share with the unit, comment."""
    person = person_of(request)
    agreement = agreement_or_404(request, pk)
    # Someone who may see nothing of the agreement has no business with its buttons (403).
    require(
        permissions.can_view_agreement(person, agreement)
        or permissions.can_view_shared_draft(person, agreement)
        or permissions.can_view_published_parts(person, agreement)
    )
    expected = lock_from(request.POST)
    text = request.POST.get("text", "")
    back = request.POST.get("next") == "review"
    if action == "comment":
        form = CommentForm(request.POST, requirements=Requirement.objects.filter(agreement=agreement))
        requirement = None
        if form.is_valid() and form.cleaned_data.get("requirement"):
            requirement = get_object_or_404(Requirement, pk=form.cleaned_data["requirement"], agreement=agreement)
        handler = lambda: services.agreement_comment(  # noqa: E731
            agreement=agreement,
            actor=person,
            text=form.cleaned_data.get("text", "") if form.is_valid() else "",
            requirement=requirement,
        )
    else:
        handlers = {
            "submit": lambda: services.agreement_submit(
                agreement=agreement, actor=person, expected_lock_version=expected
            ),
            "return": lambda: services.agreement_return(
                agreement=agreement, actor=person, comment=text, expected_lock_version=expected
            ),
            "sign": lambda: services.agreement_sign(agreement=agreement, actor=person, expected_lock_version=expected),
            "renegotiate": lambda: services.agreement_renegotiate(
                agreement=agreement, actor=person, reason=text, expected_lock_version=expected
            ),
            "share": lambda: services.agreement_share_with_unit(agreement=agreement, actor=person),
        }
        handler = handlers.get(action)
        if handler is None:
            raise Http404
    try:
        result = handler()
    except DomainError as exc:
        not_found_or(exc)
        if back and permissions.can_view_agreement(person, agreement):
            from .review import review_context

            agreement.refresh_from_db()
            context = review_context(request, agreement, **stale_context(agreement, exc, request.POST.get("seen_at")))
            audit_if_forbidden(request, exc)
            return render(request, "agreements/review.html", context, status=exc.status)
        if not (
            permissions.can_view_agreement(person, agreement) or permissions.can_view_shared_draft(person, agreement)
        ):
            raise PermissionDenied from exc
        return _render_refused(request, agreement, exc)
    messages.success(request, _success_message(action, agreement, result))
    if action == "comment" and back:
        return redirect("agreements:review", pk=agreement.pk)
    return redirect("agreements:detail", pk=agreement.pk)


def _success_message(action: str, agreement: Agreement, result) -> str:
    if action == "submit":
        return _("Submitted to %(name)s for review.") % {"name": agreement.superior.name}
    if action == "return":
        return _("Returned to %(name)s with your comments.") % {"name": agreement.leader.name}
    if action == "sign":
        agreement.refresh_from_db()
        if agreement.state == AgreementState.SIGNED:
            return _("Signed by both. Version %(n)s is in force.") % {"n": agreement.in_force_version.number}
        return _("You have signed. The agreement is in force once the other party has signed too.")
    if action == "renegotiate":
        return _("Renegotiation started. Change the draft and sign it again; the signed version stays in force.")
    if action == "share":
        return _("The draft is shared with the unit. The employees can read it and comment.")
    return _("Your comment is saved.")


@login_required
def agreement_renegotiate(request, pk):
    """Start a renegotiation: the reason is asked first."""
    person = person_of(request)
    agreement = agreement_or_404(request, pk)
    require(permissions.can_view_agreement(person, agreement))
    form = ReasonForm(request.POST or None, initial={"lock_version": agreement.lock_version, "seen_at": seen_now()})
    form.fields["text"].label = _("Why renegotiate?")
    form.fields["text"].help_text = _(
        "For example changed framework conditions. The reason is kept with the new version."
    )
    error, stale = None, {}
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_renegotiate(
                agreement=agreement,
                actor=person,
                reason=form.cleaned_data["text"],
                expected_lock_version=form.cleaned_data["lock_version"],
            )
        except DomainError as exc:
            error = not_found_or(exc)
            agreement.refresh_from_db()
            stale = stale_context(agreement, exc, form.cleaned_data.get("seen_at"))
            form = ReasonForm(
                initial={
                    "lock_version": agreement.lock_version,
                    "seen_at": seen_now(),
                    "text": form.cleaned_data["text"],
                }
            )
        else:
            messages.success(request, _success_message("renegotiate", agreement, None))
            return redirect("agreements:detail", pk=agreement.pk)
    elif request.method == "GET" and not permissions.can_renegotiate_agreement(person, agreement):
        messages.info(request, _("Only a signed agreement can be renegotiated, by its leader or superior."))
        return redirect("agreements:detail", pk=agreement.pk)
    status = error.status if error else (400 if form.errors else 200)
    return render(
        request,
        "agreements/renegotiate.html",
        {"agreement": agreement, "form": form, "error": error, **stale},
        status=status,
    )


@login_required
def agreement_history(request, pk):
    """Versions with their hashes and signatures, and a diff one click away."""
    person = person_of(request)
    agreement = agreement_or_404(request, pk)
    require(permissions.can_view_agreement(person, agreement))
    versions = list(agreement.versions.prefetch_related("signatures__person").order_by("-number"))
    return render(
        request,
        "agreements/history.html",
        {
            "agreement": agreement,
            "versions": versions,
            "pending": pending_signature_roles(agreement),
            "has_draft_changes": agreement.is_renegotiating,
        },
    )


def _diff_context(request, agreement, diff, *, draft: bool):
    from ..models import localized

    headings = {s["key"]: localized(s.get("heading")).rstrip(":") for s in agreement.template_version.sections}
    categories = {c["key"]: localized(c.get("title")) for c in agreement.template_version.categories}
    field_labels = {
        "number": _("Number"),
        "category": _("Category"),
        "text": _("Requirement"),
        "binds": _("Binds"),
        "perspective": _("Perspective"),
        "goal": _("Goal"),
        "superior_requirement": _("Requirement in the superior's agreement"),
        "evaluation_method": _("Evaluation method"),
        "elements": _("Elements"),
        "public": _("Public to the unit"),
        "indicators": _("Indicators"),
    }
    changed = []
    for c in diff.changed:
        rows = [
            {
                "label": field_labels.get(f.field, f.field),
                "before": _show(f.field, f.before, categories),
                "after": _show(f.field, f.after, categories),
            }
            for f in c.changes
        ]
        changed.append({"number": c.number, "text": c.text, "rows": rows})
    sections = [
        {
            "heading": headings.get(f.field, f.field),
            "before": (f.before or {}).get("text", ""),
            "after": (f.after or {}).get("text", ""),
            "public_before": (f.before or {}).get("public"),
            "public_after": (f.after or {}).get("public"),
        }
        for f in diff.sections_changed
    ]
    return {
        "agreement": agreement,
        "diff": diff,
        "changed": changed,
        "sections": sections,
        "draft": draft,
        "categories": categories,
    }


def _show(field: str, value, categories: dict) -> str:
    """A snapshot value as a reader would write it."""
    if value is None or value == "" or value == []:
        return "–"
    if field == "category":
        return categories.get(value, value)
    if field == "public":
        return _("Yes") if value else _("No")
    if field == "goal":
        return value.get("title", "") if isinstance(value, dict) else str(value)
    if field == "superior_requirement":
        return f"{value.get('number', '')} {value.get('text', '')}".strip() if isinstance(value, dict) else str(value)
    if field == "binds":
        from ..constants import Binds

        return str(Binds(value).label) if value in Binds.values else value
    if field == "perspective":
        from ..constants import Perspective

        return str(Perspective(value).label) if value in Perspective.values else value
    if field == "elements":
        return "; ".join(value)
    if field == "indicators":
        parts = []
        for i in value:
            target = ""
            if i.get("target_value") not in (None, ""):
                target = f" ({_('target')} {i['target_value']} {i.get('unit') or ''})".rstrip()
            if i.get("deadline"):
                target += f" ({_('by')} {i['deadline']})"
            parts.append(f"{i.get('text', '')}{target}")
        return "; ".join(parts)
    return str(value)


@login_required
def agreement_diff(request, pk, old, new):
    """Requirements added, removed and changed between two versions."""
    person = person_of(request)
    agreement = agreement_or_404(request, pk)
    require(permissions.can_view_agreement(person, agreement))
    old_v = get_object_or_404(AgreementVersion, agreement=agreement, number=old)
    new_v = get_object_or_404(AgreementVersion, agreement=agreement, number=new)
    diff = selectors.version_diff(old_v, new_v)
    return render(request, "agreements/diff.html", _diff_context(request, agreement, diff, draft=False))


@login_required
def agreement_changes(request, pk):
    """During a renegotiation: what the draft changes in the version in force."""
    person = person_of(request)
    agreement = agreement_or_404(request, pk)
    require(permissions.can_view_agreement(person, agreement))
    if agreement.in_force_version is None:
        messages.info(request, _("No version is in force yet, so there is nothing to compare with."))
        return redirect("agreements:detail", pk=agreement.pk)
    draft = AgreementVersion(
        agreement=agreement,
        number=agreement.in_force_version.number + 1,
        snapshot=services.snapshot_of(agreement),
        reason=agreement.renegotiation_reason,
    )
    diff = selectors.version_diff(agreement.in_force_version, draft)
    return render(request, "agreements/diff.html", _diff_context(request, agreement, diff, draft=True))
