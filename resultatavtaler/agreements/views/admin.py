"""Administration for process owners: periods with milestone dates and participants, goals
per unit and period (leaders maintain their own unit's too), templates (copy a built-in one
and tailor it: every save a new version), common requirements per unit subtree and period,
and which advice rules block submission."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from resultatavtaler.accounts import permissions
from resultatavtaler.core_errors import DomainError
from resultatavtaler.organisations.models import Person, Unit

from .. import services
from ..advice import RULES
from ..constants import AgreementState
from ..forms import (
    CategoryFormSet,
    GoalForm,
    ParticipantForm,
    PeriodForm,
    ScaleFormSet,
    ScaleLevelForm,
    SectionFormSet,
    TemplateCategoryForm,
    TemplateSectionForm,
    TemplateTitleForm,
)
from ..models import (
    AdviceSetting,
    Agreement,
    Goal,
    ParticipationRule,
    Period,
    PeriodParticipant,
    Template,
)
from ._common import audit_if_forbidden, not_found_or, person_of, require


def _process_owner(request):
    person = person_of(request)
    require(permissions.is_process_owner(person))
    return person


def _refused(request, exc: DomainError) -> None:
    not_found_or(exc)
    audit_if_forbidden(request, exc)
    messages.error(request, exc.message)


def _org_templates(person):
    return Template.objects.filter(Q(organisation_id=person.organisation_id) | Q(organisation__isnull=True)).filter(
        is_active=True
    )


@login_required
def admin_index(request):
    person = _process_owner(request)
    periods = list(
        Period.objects.filter(organisation_id=person.organisation_id)
        .annotate(
            participant_count=Count("participants", distinct=True),
            agreement_count=Count("agreements", distinct=True),
            signed_count=Count(
                "agreements",
                filter=Q(agreements__in_force_version__isnull=False),
                distinct=True,
            ),
        )
        .order_by("-start")
    )
    return render(request, "agreements/admin/index.html", {"periods": periods})


# --- periods --------------------------------------------------------------------------


@login_required
def period_new(request):
    person = _process_owner(request)
    form = PeriodForm(request.POST or None, templates=_org_templates(person))
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        try:
            period = services.period_create(
                organisation=person.organisation,
                actor=person,
                **{k: v for k, v in data.items() if v is not None or k in ("default_template",)},
            )
        except DomainError as exc:
            not_found_or(exc)
            form.add_error(None, exc.message)
        else:
            services.period_participants_refresh(period=period)
            messages.success(request, _("The period %(name)s is created.") % {"name": period.name})
            return redirect("agreements:period_detail", pk=period.pk)
    return render(request, "agreements/admin/period_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def period_detail(request, pk):
    """Milestones (edit), participants (refresh, add a person or a unit's employees)."""
    period = permissions.get_object_for_person_or_404(Period, person_of(request), pk=pk)
    person = _process_owner(request)
    form = PeriodForm(request.POST or None, instance=period, templates=_org_templates(person))
    status = 200
    if request.method == "POST" and form.is_valid():
        changed = {k: form.cleaned_data[k] for k in form.changed_data}
        try:
            period.refresh_from_db()
            # Also with nothing changed: a form made from an older version is refused, since
            # "unchanged" is measured against the stored, possibly newer, period.
            services.period_update(period=period, actor=person, expected_version=request.POST.get("version"),
                                   typed=form.cleaned_data, **changed)
        except DomainError as exc:
            not_found_or(exc)
            form.add_error(None, exc.message)
            status = exc.status
        else:
            messages.success(request, _("The period is saved."))
            return redirect("agreements:period_detail", pk=period.pk)
    participants = list(
        PeriodParticipant.objects.filter(period=period)
        .select_related("person", "unit", "superior_override")
        .order_by("unit__path", "person__name")
    )
    agreements = {
        a.leader_id: a for a in Agreement.objects.filter(period=period).only("pk", "leader_id", "state", "period_id")
    }
    for p in participants:
        p.agreement = agreements.get(p.person_id)
    persons = Person.objects.filter(organisation_id=person.organisation_id, is_active=True).order_by("name")
    units = Unit.objects.filter(organisation_id=person.organisation_id).order_by("path")
    return render(
        request,
        "agreements/admin/period_detail.html",
        {
            "period": period,
            "form": form,
            "participants": participants,
            "rules": ParticipationRule.objects.filter(period=period).select_related("person", "unit"),
            "participant_form": ParticipantForm(persons=persons, units=units),
            "states": dict(AgreementState.choices),
            "version": services.period_edit_version(Period.objects.get(pk=period.pk)),
        },
        status=status if status != 200 else (400 if form.errors else 200),
    )


@login_required
@require_POST
def period_participants(request, pk):
    period = permissions.get_object_for_person_or_404(Period, person_of(request), pk=pk)
    person = _process_owner(request)
    action = request.POST.get("action")
    try:
        if action == "refresh":
            require(permissions.can_manage_periods(person))
            services.period_participants_refresh(period=period)
            messages.success(request, _("The participants are updated from the organisation tree."))
        elif action == "add":
            persons = Person.objects.filter(organisation_id=person.organisation_id, is_active=True)
            units = Unit.objects.filter(organisation_id=person.organisation_id)
            form = ParticipantForm(request.POST, persons=persons, units=units)
            if not form.is_valid():
                for errors in form.errors.values():
                    for e in errors:
                        messages.error(request, e)
            else:
                services.participation_rule_add(period=period, actor=person, **form.cleaned_data)
                messages.success(request, _("Added."))
        elif action == "remove":
            rule = get_object_or_404(ParticipationRule, pk=request.POST.get("rule") or 0, period=period)
            services.participation_rule_remove(rule=rule, actor=person)
            messages.success(request, _("Removed."))
        elif action == "close":
            services.period_close(period=period, actor=person)
            messages.success(request, _("The period is closed."))
        else:
            raise Http404
    except DomainError as exc:
        _refused(request, exc)
    return redirect("agreements:period_detail", pk=period.pk)


# --- goals ----------------------------------------------------------------------------


def _managed_units(person) -> list[Unit]:
    units = list(Unit.objects.filter(organisation_id=person.organisation_id).order_by("path"))
    if permissions.is_process_owner(person) and permissions.is_organisation_process_owner(person):
        return units
    return [u for u in units if permissions.can_manage_goals(person, u)]


@login_required
def goals(request, period_pk):
    """The goals tree of a unit for a period; process owners and the unit's leaders add goals."""
    person = person_of(request)
    period = permissions.get_object_for_person_or_404(Period, person, pk=period_pk)
    units = _managed_units(person)
    require(bool(units))
    unit = next((u for u in units if str(u.pk) == request.GET.get("unit", request.POST.get("unit", ""))), units[0])
    unit_goals = list(Goal.objects.filter(period=period, unit=unit).order_by("position", "pk"))
    parents = Goal.objects.filter(period=period, unit_id__in=[*unit.ancestor_ids(), unit.pk]).select_related("unit")
    form = GoalForm(request.POST or None, parents=parents)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_create(
                period=period, unit=unit, actor=person, position=len(unit_goals) + 1, **form.cleaned_data
            )
        except DomainError as exc:
            not_found_or(exc)
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The goal is added."))
            return redirect(f"{request.path}?unit={unit.pk}")
    by_parent: dict = {}
    for g in unit_goals:
        by_parent.setdefault(g.parent_id if g.parent_id in {x.pk for x in unit_goals} else None, []).append(g)

    def tree(parent_id, depth=0):
        out = []
        for g in by_parent.get(parent_id, []):
            g.depth = depth
            out.append(g)
            out.extend(tree(g.pk, depth + 1))
        return out

    return render(
        request,
        "agreements/admin/goals.html",
        {"period": period, "unit": unit, "units": units, "goals": tree(None), "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def goal_edit(request, period_pk, goal_pk):
    person = person_of(request)
    period = permissions.get_object_for_person_or_404(Period, person, pk=period_pk)
    goal = get_object_or_404(Goal.objects.select_related("unit"), pk=goal_pk, period=period)
    require(permissions.can_manage_goals(person, goal.unit))
    parents = (
        Goal.objects.filter(period=period, unit_id__in=[*goal.unit.ancestor_ids(), goal.unit_id])
        .exclude(pk=goal.pk)
        .select_related("unit")
    )
    initial = {k: getattr(goal, k) for k in ("title", "description", "source", "perspective")}
    initial["parent"] = goal.parent_id
    form = GoalForm(request.POST or None, parents=parents, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_update(goal=goal, actor=person, expected_version=request.POST.get("version"),
                                 **form.cleaned_data)
        except DomainError as exc:
            not_found_or(exc)
            form.add_error(None, exc.message)
            status = exc.status
        else:
            messages.success(request, _("The goal is saved."))
            return redirect(f"{_goals_url(period)}?unit={goal.unit_id}")
    version = services.goal_edit_version(Goal.objects.get(pk=goal.pk))
    return render(
        request,
        "agreements/admin/goal_form.html",
        {"period": period, "goal": goal, "form": form, "version": version},
        status=status if status != 200 else (400 if form.errors else 200),
    )


def _goals_url(period):
    from django.urls import reverse

    return reverse("agreements:goals", args=[period.pk])


@login_required
@require_POST
def goal_delete(request, period_pk, goal_pk):
    person = person_of(request)
    period = permissions.get_object_for_person_or_404(Period, person, pk=period_pk)
    goal = get_object_or_404(Goal.objects.select_related("unit"), pk=goal_pk, period=period)
    require(permissions.can_manage_goals(person, goal.unit))
    try:
        services.goal_delete(goal=goal, actor=person)
        messages.success(request, _("The goal is deleted."))
    except DomainError as exc:
        _refused(request, exc)
    return redirect(f"{_goals_url(period)}?unit={goal.unit_id}")


# --- templates ------------------------------------------------------------------------


@login_required
def templates(request):
    person = _process_owner(request)
    items = list(
        Template.objects.filter(Q(organisation_id=person.organisation_id) | Q(organisation__isnull=True))
        .prefetch_related("versions")
        .order_by("-is_builtin", "name_nb")
    )
    for t in items:
        t.latest = max(t.versions.all(), key=lambda v: v.number, default=None)
    return render(
        request,
        "agreements/admin/templates.html",
        {"templates": items, "can_manage": permissions.can_manage_templates(person)},
    )


@login_required
@require_POST
def template_copy(request, pk):
    person = person_of(request)
    template = get_object_or_404(
        Template.objects.filter(Q(organisation_id=person.organisation_id) | Q(organisation__isnull=True)), pk=pk
    )
    require(permissions.is_process_owner(person))
    try:
        copy = services.template_copy(
            template=template, organisation=person.organisation, actor=person, name=request.POST.get("name", "")
        )
    except DomainError as exc:
        _refused(request, exc)
        return redirect("agreements:templates")
    messages.success(request, _("A copy is made. Tailor it below; every save makes a new version."))
    return redirect("agreements:template_edit", pk=copy.pk)


def _indexed(formset):
    """The formset's forms in the order the person chose (ORDER), without deleted ones."""
    kept = [f for f in formset.forms if f.has_changed() or f.initial]
    kept = [f for f in kept if not (formset.can_delete and f.cleaned_data.get("DELETE"))]
    kept = [f for f in kept if f.cleaned_data]
    if formset.can_order:
        kept.sort(key=lambda f: (f.cleaned_data.get("ORDER") is None, f.cleaned_data.get("ORDER") or 0))
    return kept


@login_required
def template_edit(request, pk):
    """Tailor an organisation's own template in a form: sections, categories, counts,
    columns and the scale. Saving makes a new version; agreements keep theirs."""
    person = person_of(request)
    template = permissions.get_object_for_person_or_404(Template, person, pk=pk)
    require(permissions.can_manage_templates(person))
    version = template.latest_version()
    content = version.content if version else {}
    title_initial = {f"title_{k}": v for k, v in (content.get("title") or {}).items()}
    sections_initial = [
        {**TemplateSectionForm.initial_from(s), "ORDER": i} for i, s in enumerate(content.get("sections", []), 1)
    ]
    categories_initial = [
        {**TemplateCategoryForm.initial_from(c), "ORDER": i} for i, c in enumerate(content.get("categories", []), 1)
    ]
    scale_initial = [ScaleLevelForm.initial_from(level) for level in content.get("scale", [])]
    data = request.POST if request.method == "POST" else None
    title_form = TemplateTitleForm(data, initial=title_initial)
    sections = SectionFormSet(data, initial=sections_initial, prefix="sections")
    categories = CategoryFormSet(data, initial=categories_initial, prefix="categories")
    scale = ScaleFormSet(data, initial=scale_initial, prefix="scale")
    error = None
    if request.method == "POST" and all(f.is_valid() for f in (title_form, sections, categories, scale)):
        originals_s = {s["key"]: s for s in content.get("sections", [])}
        originals_c = {c["key"]: c for c in content.get("categories", [])}
        new_content = dict(content)
        new_content["title"] = {k: title_form.cleaned_data.get(f"title_{k}", "") for k in ("nb", "nn", "en")}
        new_content["sections"] = [
            f.content(originals_s.get(f.initial.get("key") or f.cleaned_data["key"])) for f in _indexed(sections)
        ]
        new_content["categories"] = [
            f.content(originals_c.get(f.initial.get("key") or f.cleaned_data["key"])) for f in _indexed(categories)
        ]
        new_content["scale"] = [f.content() for f in _indexed(scale)]
        try:
            new_version = services.template_update(
                template=template,
                actor=person,
                content=new_content,
                change_note=title_form.cleaned_data.get("change_note", ""),
                expected_version=int(v) if (v := request.POST.get("version_number", "")).isdigit() else None,
            )
        except DomainError as exc:
            error = not_found_or(exc)
        else:
            messages.success(request, _("Version %(n)s of the template is saved.") % {"n": new_version.number})
            return redirect("agreements:template_edit", pk=template.pk)
    invalid = request.method == "POST" and (
        error
        or any(
            f.errors or getattr(f, "non_form_errors", lambda: [])() for f in (title_form, sections, categories, scale)
        )
    )
    return render(
        request,
        "agreements/admin/template_form.html",
        {
            "template": template,
            "version": version,
            "title_form": title_form,
            "sections": sections,
            "categories": categories,
            "scale": scale,
            "error": error,
        },
        status=(error.status if error else 400) if invalid else 200,
    )


# --- advice settings ----------------------------------------------------------------------

# The rules' titles as advice.py words them (the same source strings, so one translation).
RULE_TITLES = {
    "Q1": gettext_lazy("Recommended number per category"),
    "Q2": gettext_lazy("Few requirements"),
    "Q3": gettext_lazy("Indicators and evaluation"),
    "Q4": gettext_lazy("Balanced requirements"),
    "Q5": gettext_lazy("Linked to goals"),
    "Q6": gettext_lazy("Goals carried further down"),
    "Q7": gettext_lazy("Cooperation and flexibility"),
    "Q8": gettext_lazy("Unit involved"),
    "Q9": gettext_lazy("Publication decided"),
    "Q10": gettext_lazy("Follow-up dates"),
    "Q11": gettext_lazy("Measurable indicators"),
}


@login_required
def advice_settings(request):
    person = _process_owner(request)
    require(permissions.can_manage_periods(person))
    blocking = set(
        AdviceSetting.objects.filter(organisation_id=person.organisation_id, blocking=True).values_list(
            "rule_code", flat=True
        )
    )
    if request.method == "POST":
        wanted = set(request.POST.getlist("blocking")) & set(RULES)
        try:
            for code in RULES:
                if (code in wanted) != (code in blocking):
                    services.advice_setting_set(
                        organisation=person.organisation, actor=person, rule_code=code, blocking=code in wanted
                    )
        except DomainError as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Saved. Rules marked as blocking stop a draft from being submitted."))
        return redirect("agreements:advice_settings")
    rules = [{"code": code, "title": RULE_TITLES.get(code, code), "blocking": code in blocking} for code in RULES]
    return render(request, "agreements/admin/advice_settings.html", {"rules": rules})
