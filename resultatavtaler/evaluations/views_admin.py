"""The pay-negotiation summary (optional per organisation, seed 2.8.1) and the organisation's
assessment scales."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from resultatavtaler.accounts import permissions
from resultatavtaler.agreements.builtin.common import SEED_SCALE
from resultatavtaler.agreements.models import Period
from resultatavtaler.core_errors import DomainError
from resultatavtaler.organisations.models import Person

from . import selectors, services
from .exports import pay_summary_xlsx
from .forms import ScaleForm
from .models import Scale
from .scales import label_text


def _person(request):
    if request.person is None:
        raise PermissionDenied
    return request.person


def _pay_context(request, period_pk: int, superior_pk: int | None):
    person = _person(request)
    if not person.organisation.uses_pay_summary:
        raise Http404
    period = get_object_or_404(Period, pk=period_pk, organisation_id=person.organisation_id)
    superior = person if superior_pk is None else permissions.get_object_for_person_or_404(
        Person.objects.select_related("organisation", "unit"), person, pk=superior_pk)
    if not permissions.can_view_pay_summary(person, superior):
        raise PermissionDenied
    return person, period, superior


@login_required
def pay_summary(request, period_pk: int, superior_pk: int | None = None):
    person, period, superior = _pay_context(request, period_pk, superior_pk)
    can_edit = permissions.can_edit_pay_summary(person, superior)
    rows = selectors.pay_summary_rows(superior, period)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        for r in rows:
            key = f"note-{r['agreement'].pk}"
            if key in request.POST and request.POST[key].strip() != r["note"]:
                try:
                    services.pay_note_save(agreement=r["agreement"], actor=person, note=request.POST[key],
                                           request=request)
                except DomainError as exc:
                    messages.error(request, exc.message)
                    break
        else:
            messages.success(request, _("The notes are saved."))
        return redirect(request.path)
    services.pay_summary_record_view(superior=superior, period=period, actor=person, request=request)
    for r in rows:
        r["overall_text"] = label_text(r["overall_label"]) if r["overall_label"] else ""
    return render(request, "evaluations/pay_summary.html", {
        "period": period, "superior": superior, "rows": rows, "can_edit": can_edit,
        "others": [s for s in selectors.superiors_for_pay_summary(person, period) if s.pk != superior.pk],
    })


@login_required
def pay_summary_export(request, period_pk: int, superior_pk: int | None = None):
    person, period, superior = _pay_context(request, period_pk, superior_pk)
    services.pay_summary_record_view(superior=superior, period=period, actor=person, request=request, fmt="xlsx")
    data = pay_summary_xlsx(superior=superior, period=period, rows=selectors.pay_summary_rows(superior, period))
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="lonnsgrunnlag-{period.pk}-{superior.pk}.xlsx"'
    return response


@login_required
def scales(request):
    person = _person(request)
    if not permissions.can_manage_scales(person):
        raise PermissionDenied
    form = ScaleForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action", "create")
        if action == "use":
            chosen = request.POST.get("scale")
            scale = get_object_or_404(Scale, pk=chosen, organisation_id=person.organisation_id) if chosen else None
            try:
                services.scale_set_in_use(scale=scale, actor=person, expected_version=request.POST.get("version"))
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("The scale for new evaluations is changed."))
            return redirect("evaluations:scales")
        if form.is_valid():
            try:
                services.scale_create(actor=person, name=form.cleaned_data["name"], levels=form.cleaned_data["levels"],
                                      in_use=form.cleaned_data["in_use"])
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The scale is saved."))
                return redirect("evaluations:scales")
    items = [
        {"scale": s, "levels": [{"value": lv["value"], "label": label_text(lv["label"])} for lv in s.levels]}
        for s in Scale.objects.filter(organisation_id=person.organisation_id)
    ]
    return render(request, "evaluations/scales.html", {
        "form": form, "items": items, "any_in_use": any(i["scale"].in_use for i in items),
        "seed_levels": [{"value": lv["value"], "label": label_text(lv["label"])} for lv in SEED_SCALE],
        "choice_version": services.scale_choice_version(person.organisation_id),
    }, status=400 if form.errors else 200)
