"""Common requirements (felles krav) for a unit subtree and period: listed, adopted from the
built-in template, edited and removed by the subtree's leader or the process owner (DESIGN.md
§2). Split from admin.py, whose helpers they share."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from resultatavtaler.accounts import permissions
from resultatavtaler.core_errors import DomainError
from resultatavtaler.organisations.models import Unit

from .. import services
from ..forms import (
    CommonRequirementForm,
)
from ..models import (
    CommonRequirement,
    Period,
    localized,
)
from ._common import not_found_or, person_of, require
from .admin import _managed_units, _org_templates, _refused

# --- common requirements ----------------------------------------------------------------


def _common_categories(person) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for t in _org_templates(person).prefetch_related("versions"):
        latest = max(t.versions.all(), key=lambda v: v.number, default=None)
        for c in latest.categories if latest else []:
            if c.get("is_common") and c["key"] not in seen:
                seen[c["key"]] = f"{localized(c['title'])} ({t.name})"
    return list(seen.items())


def _common_units(person):
    units = _managed_units(person)
    return Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("path")


@login_required
def common_requirements(request, period_pk):
    person = person_of(request)
    period = permissions.get_object_for_person_or_404(Period, person, pk=period_pk)
    units = _common_units(person)
    allow_whole = permissions.can_manage_common_requirements(person, None)
    require(allow_whole or units.exists())
    form = CommonRequirementForm(
        request.POST or None, units=units, categories=_common_categories(person), allow_whole=allow_whole
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.common_requirement_create(
                period=period,
                actor=person,
                unit=form.cleaned_data.get("unit"),
                category_key=form.cleaned_data["category_key"],
                **form.service_data(),
            )
        except DomainError as exc:
            not_found_or(exc)
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The common requirement is added to every open agreement below the unit."))
            return redirect("agreements:common_requirements", period_pk=period.pk)
    items = list(
        CommonRequirement.objects.filter(period=period)
        .select_related("unit")
        .order_by("unit__path", "category_key", "position", "pk")
    )
    titles = dict(_common_categories(person))
    for cr in items:
        cr.category_title = titles.get(cr.category_key, cr.category_key)
        cr.editable = permissions.can_manage_common_requirements(person, cr.unit)
    adoptable = []
    for t in _org_templates(person).prefetch_related("versions"):
        latest = max(t.versions.all(), key=lambda v: v.number, default=None)
        if latest is not None and any(c.get("is_common") and c.get("examples") for c in latest.categories):
            adoptable.append(t)
    return render(
        request,
        "agreements/admin/common_requirements.html",
        {"period": period, "items": items, "form": form, "adoptable": adoptable, "allow_whole": allow_whole},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def common_requirements_adopt(request, period_pk):
    person = person_of(request)
    period = permissions.get_object_for_person_or_404(Period, person, pk=period_pk)
    # Adopting makes organisation-wide common requirements: the organisation's process owner.
    require(permissions.can_manage_common_requirements(person, None))
    template = get_object_or_404(_org_templates(person), pk=request.POST.get("template") or 0)
    version = template.latest_version()
    try:
        created = services.common_requirements_from_template(
            period=period, actor=person, template_version=version, language=person.language or "nb"
        )
        messages.success(request, _("%(n)s common requirements adopted.") % {"n": len(created)})
    except DomainError as exc:
        _refused(request, exc)
    return redirect("agreements:common_requirements", period_pk=period.pk)


def _common_or_404(person, pk):
    cr = permissions.get_object_for_person_or_404(
        CommonRequirement.objects.select_related("unit", "period"), person, pk=pk
    )
    require(permissions.can_manage_common_requirements(person, cr.unit))
    return cr


@login_required
def common_requirement_edit(request, pk):
    person = person_of(request)
    cr = _common_or_404(person, pk)
    initial = {
        "unit": cr.unit_id,
        "category_key": cr.category_key,
        "number": cr.number,
        "text": cr.text,
        "indicators": "\n".join(cr.indicators or []),
        "evaluation_method": cr.evaluation_method,
        "elements": "\n".join(cr.elements or []),
        "perspective": cr.perspective,
    }
    categories = _common_categories(person)
    if cr.category_key not in dict(categories):
        categories.append((cr.category_key, cr.category_key))
    form = CommonRequirementForm(
        request.POST or None,
        units=Unit.objects.filter(pk=cr.unit_id) if cr.unit_id else Unit.objects.none(),
        categories=categories,
        allow_whole=cr.unit_id is None,
        initial=initial,
    )
    form.fields["unit"].disabled = True
    form.fields["category_key"].disabled = True
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.common_requirement_update(
                common_requirement=cr, actor=person, expected_version=request.POST.get("version"),
                **form.service_data(),
            )
        except DomainError as exc:
            not_found_or(exc)
            form.add_error(None, exc.message)
            status = exc.status
        else:
            messages.success(request, _("The common requirement is saved; open agreements below are updated."))
            return redirect("agreements:common_requirements", period_pk=cr.period_id)
    version = services.common_requirement_edit_version(CommonRequirement.objects.get(pk=cr.pk))
    return render(
        request,
        "agreements/admin/common_requirement_form.html",
        {"item": cr, "form": form, "version": version},
        status=status if status != 200 else (400 if form.errors else 200),
    )


@login_required
@require_POST
def common_requirement_delete(request, pk):
    person = person_of(request)
    cr = _common_or_404(person, pk)
    period_pk = cr.period_id
    try:
        services.common_requirement_delete(common_requirement=cr, actor=person)
        messages.success(request, _("The common requirement is deleted."))
    except DomainError as exc:
        _refused(request, exc)
    return redirect("agreements:common_requirements", period_pk=period_pk)
