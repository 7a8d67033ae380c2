"""Editing a draft: text sections, requirements (add, change, move, remove), indicators and
publication. Each form carries the agreement's lock version; a stale save is refused and the
page says what others changed, keeping what the person typed."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from resultatavtaler.accounts import permissions
from resultatavtaler.core_errors import DomainError

from .. import services
from ..forms import (
    IndicatorForm,
    NewRequirementForm,
    PublicationForm,
    RequirementForm,
    SectionForm,
    indicator_data,
    publication_choices,
    requirement_data,
)
from ..models import Agreement, Goal, Requirement, localized
from ._common import (
    agreement_or_404,
    indicator_of,
    lock_from,
    not_found_or,
    person_of,
    require,
    requirement_of,
    seen_now,
    stale_context,
)
from .page import category_rows, load_requirements, sections_of


def _detail_url(agreement: Agreement, anchor: str = "") -> str:
    return reverse("agreements:detail", args=[agreement.pk]) + (f"#{anchor}" if anchor else "")


def _editable_or_redirect(request, agreement: Agreement):
    """403 for someone who may not see the agreement; back to the agreement page with the
    reason for someone who may see it but not change it now."""
    person = person_of(request)
    require(permissions.can_view_agreement(person, agreement))
    if permissions.can_edit_agreement(person, agreement):
        return None
    if agreement.state in ("draft", "in_review"):
        messages.error(request, _("You cannot change this agreement now."))
    else:
        messages.error(
            request, _("The agreement is signed and can no longer be changed. Start a renegotiation to change it.")
        )
    return redirect("agreements:detail", pk=agreement.pk)


def _locked_initial(agreement: Agreement, **initial) -> dict:
    return {"lock_version": agreement.lock_version, "seen_at": seen_now(), **initial}


def _form_page(
    request,
    agreement: Agreement,
    *,
    make_form: Callable,
    save: Callable,
    template: str,
    context: dict,
    success: str,
    anchor: str = "",
):
    """GET shows the form; POST saves through `save(cleaned_data)` or shows the refusal."""
    form = make_form(request.POST if request.method == "POST" else None)
    error, stale = None, {}
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except DomainError as exc:
            error = not_found_or(exc)
            agreement.refresh_from_db()
            stale = stale_context(agreement, exc, form.cleaned_data.get("seen_at"))
            # Keep what was typed; the refreshed lock version lets a deliberate second save go through.
            data = request.POST.copy()
            data["lock_version"] = str(agreement.lock_version)
            data["seen_at"] = seen_now()
            form = make_form(data)
            form.is_valid()
        else:
            messages.success(request, success)
            return redirect(_detail_url(agreement, anchor))
    status = error.status if error else (400 if form.errors else 200)
    return render(
        request, template, {"agreement": agreement, "form": form, "error": error, **stale, **context}, status=status
    )


# --- text sections --------------------------------------------------------------------


@login_required
def section_edit(request, pk, key):
    person = person_of(request)
    agreement = agreement_or_404(request, pk)
    spec = agreement.template_version.section(key)
    if spec is None or spec.get("kind", "text") != "text":
        raise Http404
    refused = _editable_or_redirect(request, agreement)
    if refused:
        return refused

    def make_form(data):
        return SectionForm(data, spec=spec, initial=_locked_initial(agreement, text=agreement.sections.get(key, "")))

    def save(cd):
        services.agreement_update_sections(
            agreement=agreement, actor=person, expected_lock_version=cd["lock_version"], sections={key: cd["text"]}
        )

    return _form_page(
        request,
        agreement,
        make_form=make_form,
        save=save,
        template="agreements/section_form.html",
        context={"heading": localized(spec.get("heading")).rstrip(":")},
        success=_("The text is saved."),
        anchor=f"section-{key}",
    )


# --- requirements ---------------------------------------------------------------------


def _link_choices(agreement: Agreement):
    """Goals of the agreement's unit and the units above it, and the requirements of the
    superior's agreement, in the same period: what a requirement may link upward to."""
    unit_ids = [*agreement.unit.ancestor_ids(), agreement.unit_id]
    goals = (
        Goal.objects.filter(
            organisation_id=agreement.organisation_id, period_id=agreement.period_id, unit_id__in=unit_ids
        )
        .select_related("unit")
        .order_by("unit__depth", "position", "pk")
    )
    superior_requirements = Requirement.objects.filter(
        agreement__organisation_id=agreement.organisation_id,
        agreement__period_id=agreement.period_id,
        agreement__leader_id=agreement.superior_id,
    ).order_by("category_key", "position")
    return goals, superior_requirements


@login_required
def requirement_add(request, pk, category):
    person = person_of(request)
    agreement = agreement_or_404(request, pk)
    spec = agreement.template_version.category(category)
    if spec is None or spec.get("is_common"):
        raise Http404
    refused = _editable_or_redirect(request, agreement)
    if refused:
        return refused
    goals, superior_requirements = _link_choices(agreement)

    def make_form(data):
        return NewRequirementForm(
            data,
            goals=goals,
            superior_requirements=superior_requirements,
            initial=_locked_initial(
                agreement,
                binds="unit",
                perspective=spec.get("default_perspective", ""),
                public=bool(spec.get("public_default", True)),
            ),
        )

    def save(cd):
        fields = requirement_data(cd)
        text = fields.pop("text")
        indicators = [indicator_data(cd, "indicator_")] if cd.get("indicator_text") else []
        services.requirement_add(
            agreement=agreement,
            actor=person,
            expected_lock_version=cd["lock_version"],
            category_key=category,
            text=text,
            indicators=indicators,
            **fields,
        )

    return _form_page(
        request,
        agreement,
        make_form=make_form,
        save=save,
        template="agreements/requirement_form.html",
        context={"category_title": localized(spec.get("title")), "columns": spec.get("columns", []), "new": True},
        success=_("The requirement is added."),
        anchor=f"category-{category}",
    )


@login_required
def requirement_edit(request, pk, req_pk):
    person = person_of(request)
    agreement = agreement_or_404(request, pk)
    requirement = requirement_of(agreement, req_pk)
    refused = _editable_or_redirect(request, agreement)
    if refused:
        return refused
    if requirement.is_common:
        messages.error(
            request, _("Common requirements are read-only in the agreement; they are changed for the whole unit.")
        )
        return redirect(_detail_url(agreement, f"requirement-{requirement.pk}"))
    goals, superior_requirements = _link_choices(agreement)
    spec = agreement.template_version.category(requirement.category_key) or {}

    def make_form(data):
        return RequirementForm(
            data,
            goals=goals,
            superior_requirements=superior_requirements,
            initial=_locked_initial(
                agreement,
                text=requirement.text,
                binds=requirement.binds,
                perspective=requirement.perspective,
                goal=requirement.goal_id,
                superior_requirement=requirement.superior_requirement_id,
                evaluation_method=requirement.evaluation_method,
                elements="\n".join(requirement.elements or []),
                public=requirement.public,
            ),
        )

    def save(cd):
        services.requirement_update(
            requirement=requirement, actor=person, expected_lock_version=cd["lock_version"], **requirement_data(cd)
        )

    return _form_page(
        request,
        agreement,
        make_form=make_form,
        save=save,
        template="agreements/requirement_form.html",
        context={
            "requirement": requirement,
            "indicators": sorted(requirement.indicators.all(), key=lambda i: (i.position, i.pk)),
            "category_title": localized(spec.get("title")),
            "columns": spec.get("columns", []),
            "new": False,
        },
        success=_("The requirement %(number)s is saved.") % {"number": requirement.number},
        anchor=f"requirement-{requirement.pk}",
    )


def _post_action(request, agreement: Agreement, action: Callable, success: str, anchor: str):
    """A button on the agreement page (move, remove): on refusal the agreement page again with
    the reason (and what others changed, for a stale page)."""
    person = person_of(request)
    require(permissions.can_view_agreement(person, agreement))
    try:
        action(lock_from(request.POST))
    except DomainError as exc:
        not_found_or(exc)
        from .agreement import _render_refused

        return _render_refused(request, agreement, exc)
    messages.success(request, success)
    return redirect(_detail_url(agreement, anchor))


@login_required
@require_POST
def requirement_move(request, pk, req_pk):
    person = person_of(request)
    agreement = agreement_or_404(request, pk)
    requirement = requirement_of(agreement, req_pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        raise Http404
    position = requirement.position - 1 if direction == "up" else requirement.position + 1

    def move(lock):
        services.requirement_move(requirement=requirement, actor=person, expected_lock_version=lock, position=position)

    return _post_action(
        request,
        agreement,
        move,
        _("The requirement %(number)s is moved %(direction)s.")
        % {"number": requirement.number, "direction": _("up") if direction == "up" else _("down")},
        f"requirement-{requirement.pk}",
    )


@login_required
@require_POST
def requirement_remove(request, pk, req_pk):
    person = person_of(request)
    agreement = agreement_or_404(request, pk)
    requirement = requirement_of(agreement, req_pk)

    def remove(lock):
        services.requirement_remove(requirement=requirement, actor=person, expected_lock_version=lock)

    return _post_action(
        request,
        agreement,
        remove,
        _("The requirement %(number)s is removed.") % {"number": requirement.number},
        f"category-{requirement.category_key}",
    )


# --- indicators -----------------------------------------------------------------------


@login_required
def indicator_add(request, pk, req_pk):
    person = person_of(request)
    agreement = agreement_or_404(request, pk)
    requirement = requirement_of(agreement, req_pk)
    refused = _editable_or_redirect(request, agreement)
    if refused:
        return refused

    def save(cd):
        services.indicator_add(
            requirement=requirement, actor=person, expected_lock_version=cd["lock_version"], **indicator_data(cd)
        )

    return _form_page(
        request,
        agreement,
        make_form=lambda data: IndicatorForm(data, initial=_locked_initial(agreement)),
        save=save,
        template="agreements/indicator_form.html",
        context={"requirement": requirement, "new": True},
        success=_("The indicator is added."),
        anchor=f"requirement-{requirement.pk}",
    )


@login_required
def indicator_edit(request, pk, ind_pk):
    person = person_of(request)
    agreement = agreement_or_404(request, pk)
    indicator = indicator_of(agreement, ind_pk)
    refused = _editable_or_redirect(request, agreement)
    if refused:
        return refused
    initial = {k: getattr(indicator, k) for k in ("text", "metric", "unit", "baseline", "target_value", "deadline")}

    def save(cd):
        services.indicator_update(
            indicator=indicator,
            actor=person,
            expected_lock_version=cd["lock_version"],
            **indicator_data(cd),
        )

    return _form_page(
        request,
        agreement,
        make_form=lambda data: IndicatorForm(data, initial=_locked_initial(agreement, **initial)),
        save=save,
        template="agreements/indicator_form.html",
        context={"requirement": indicator.requirement, "indicator": indicator, "new": False},
        success=_("The indicator is saved."),
        anchor=f"requirement-{indicator.requirement_id}",
    )


@login_required
@require_POST
def indicator_remove(request, pk, ind_pk):
    person = person_of(request)
    agreement = agreement_or_404(request, pk)
    indicator = indicator_of(agreement, ind_pk)

    def remove(lock):
        services.indicator_remove(indicator=indicator, actor=person, expected_lock_version=lock)

    return _post_action(
        request, agreement, remove, _("The indicator is removed."), f"requirement-{indicator.requirement_id}"
    )


# --- publication ----------------------------------------------------------------------


@login_required
def publication(request, pk):
    """Decide, before signing, what the unit will see once the agreement is signed."""
    person = person_of(request)
    agreement = agreement_or_404(request, pk)
    refused = _editable_or_redirect(request, agreement)
    if refused:
        return refused
    sections = [s for s in sections_of(agreement, "before") + sections_of(agreement, "after") if s["editable"]]
    requirements = load_requirements(agreement)
    rows = category_rows(agreement, requirements)

    def make_form(data):
        return PublicationForm(data, sections=sections, requirements=requirements, initial=_locked_initial(agreement))

    def save(cd):
        section_choices, requirement_choices = publication_choices(
            cd, [s["key"] for s in sections], [r.pk for r in requirements]
        )
        services.agreement_set_publication(
            agreement=agreement,
            actor=person,
            expected_lock_version=cd["lock_version"],
            sections=section_choices,
            requirements=requirement_choices,
        )

    return _form_page(
        request,
        agreement,
        make_form=make_form,
        save=save,
        template="agreements/publication.html",
        context={"categories": rows},
        success=_("Publication is decided. The unit sees the chosen parts once the agreement is signed."),
        anchor="publication",
    )
