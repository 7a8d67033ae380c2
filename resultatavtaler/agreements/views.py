"""Minimal but real pages for agreements: the list, one agreement (full, shared draft or
published parts by the reader's rights), starting a draft, the workflow buttons and the
diff between versions. The full pages are built on these services and selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from resultatavtaler.accounts import permissions
from resultatavtaler.core_errors import DomainError

from . import selectors, services
from .advice import advice_for
from .constants import PeriodState
from .models import Agreement, AgreementVersion, Period, Requirement, Template, TemplateVersion, localized


def _person_or_404(request):
    if request.person is None:
        raise Http404
    return request.person


def _agreement_or_404(request, pk) -> Agreement:
    person = _person_or_404(request)
    return get_object_or_404(
        Agreement.objects.select_related(
            "period", "unit", "leader", "superior", "template_version__template", "in_force_version"
        ),
        pk=pk,
        organisation_id=person.organisation_id,
    )


@login_required
def agreement_list(request):
    person = _person_or_404(request)
    visible = list(selectors.agreements_visible_to(person)[:500])
    periods = Period.objects.filter(organisation_id=person.organisation_id, state=PeriodState.OPEN)
    own_periods = {a.period_id for a in visible if a.leader_id == person.pk}
    can_start = [p for p in periods if p.pk not in own_periods and permissions.can_start_agreement(person, person)]
    return render(
        request,
        "agreements/list.html",
        {
            "visible": visible,
            "unit_agreements": selectors.agreement_for_unit_member(person),
            "can_start": can_start,
        },
    )


def _category_rows(agreement: Agreement):
    reqs = list(
        Requirement.objects.filter(agreement=agreement)
        .prefetch_related("indicators")
        .select_related("goal", "superior_requirement")
        .order_by("position")
    )
    rows = []
    for c in agreement.template_version.categories:
        rows.append(
            {
                "category": c,
                "title": localized(c["title"]),
                "guidance": localized(c.get("guidance")),
                "columns": [(col, localized(c.get("column_headings", {}).get(col))) for col in c.get("columns", [])],
                "requirements": [r for r in reqs if r.category_key == c["key"]],
            }
        )
    return rows


def _sections(agreement: Agreement, placement: str):
    out = []
    for s in agreement.template_version.sections:
        if s.get("placement", "before") != placement:
            continue
        kind = s.get("kind", "text")
        if kind == "holder":
            text = f"{agreement.leader.name}, {agreement.leader.title} – {agreement.unit.name}"
        elif kind == "superior":
            text = f"{agreement.superior.name}, {agreement.superior.title}"
        else:
            text = agreement.sections.get(s["key"], "")
        out.append(
            {
                "key": s["key"],
                "heading": localized(s["heading"]),
                "guidance": localized(s.get("guidance")),
                "text": text,
                "public": agreement.section_public.get(s["key"], s.get("public_default", True)),
            }
        )
    return out


@login_required
def agreement_detail(request, pk, error: DomainError | None = None):
    person = _person_or_404(request)
    agreement = _agreement_or_404(request, pk)
    if permissions.can_view_agreement(person, agreement) or permissions.can_view_shared_draft(person, agreement):
        full = permissions.can_view_agreement(person, agreement)
        context = {
            "agreement": agreement,
            "full": full,
            "before": _sections(agreement, "before"),
            "after": _sections(agreement, "after"),
            "categories": _category_rows(agreement),
            "scale": [localized(level["label"]) for level in agreement.template_version.scale],
            "comments": agreement.comments.select_related("author", "requirement"),
            "advice": advice_for(agreement) if full and agreement.state in selectors.OPEN_STATES else [],
            "actions": services.allowed_actions(person, agreement),
            "versions": list(agreement.versions.prefetch_related("signatures__person")) if full else [],
            "can_comment": permissions.can_comment_agreement(person, agreement),
            "can_share": permissions.can_share_agreement_with_unit(person, agreement),
            "error": error,
        }
        return render(request, "agreements/detail.html", context, status=error.status if error else 200)
    if permissions.can_view_published_parts(person, agreement):
        return render(
            request,
            "agreements/published.html",
            {"agreement": agreement, "parts": selectors.published_parts(agreement)},
        )
    raise PermissionDenied


@login_required
def agreement_action(request, pk, action):
    person = _person_or_404(request)
    agreement = _agreement_or_404(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    lock = request.POST.get("lock_version")
    expected = int(lock) if lock and lock.isdigit() else None
    text = request.POST.get("text", "")
    handlers = {
        "submit": lambda: services.agreement_submit(agreement=agreement, actor=person, expected_lock_version=expected),
        "return": lambda: services.agreement_return(
            agreement=agreement, actor=person, comment=text, expected_lock_version=expected
        ),
        "sign": lambda: services.agreement_sign(agreement=agreement, actor=person, expected_lock_version=expected),
        "renegotiate": lambda: services.agreement_renegotiate(
            agreement=agreement, actor=person, reason=text, expected_lock_version=expected
        ),
        "share": lambda: services.agreement_share_with_unit(agreement=agreement, actor=person),
        "comment": lambda: services.agreement_comment(agreement=agreement, actor=person, text=text),
    }
    handler = handlers.get(action)
    if handler is None:
        raise Http404
    try:
        handler()
    except DomainError as exc:
        if exc.status == 404:
            raise Http404 from exc
        return agreement_detail(request, pk, error=exc)
    messages.success(request, _("Done."))
    return redirect("agreements:detail", pk=agreement.pk)


@login_required
def agreement_start_view(request, period_pk):
    person = _person_or_404(request)
    period = get_object_or_404(Period, pk=period_pk, organisation_id=person.organisation_id)
    templates = Template.objects.filter(
        Q(organisation_id=person.organisation_id) | Q(organisation__isnull=True), is_active=True
    )
    versions = [t.latest_version() for t in templates]
    versions = [v for v in versions if v is not None]
    previous = selectors.agreements_led_by(person).exclude(period=period).order_by("-period__start").first()
    error = None
    if request.method == "POST":
        chosen = request.POST.get("template_version")
        tv = get_object_or_404(TemplateVersion, pk=chosen) if chosen and chosen.isdigit() else None
        from_agreement = previous if request.POST.get("from_previous") and previous else None
        carry = [int(x) for x in request.POST.getlist("carry_over") if x.isdigit()]
        try:
            agreement = services.agreement_start(
                period=period,
                leader=person,
                actor=person,
                template_version=tv,
                from_agreement=from_agreement,
                carry_over=carry,
            )
        except DomainError as exc:
            if exc.status == 404:
                raise Http404 from exc
            error = exc
        else:
            return redirect("agreements:detail", pk=agreement.pk)
    return render(
        request,
        "agreements/start.html",
        {
            "period": period,
            "versions": versions,
            "previous": previous,
            "previous_requirements": previous.requirements.filter(common_requirement__isnull=True) if previous else [],
            "error": error,
        },
        status=error.status if error else 200,
    )


@login_required
def agreement_diff(request, pk, old, new):
    person = _person_or_404(request)
    agreement = _agreement_or_404(request, pk)
    if not permissions.can_view_agreement(person, agreement):
        raise PermissionDenied
    old_v = get_object_or_404(AgreementVersion, agreement=agreement, number=old)
    new_v = get_object_or_404(AgreementVersion, agreement=agreement, number=new)
    return render(
        request, "agreements/diff.html", {"agreement": agreement, "diff": selectors.version_diff(old_v, new_v)}
    )
