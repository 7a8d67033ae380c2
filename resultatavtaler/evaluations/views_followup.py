"""Pages of the follow-up during the period (DESIGN.md §8): measurements of the indicators,
input requests (innhenting av synspunkter) and the mid-year review. Split from views.py, whose
helpers they share; the same rules: another organisation's agreement answers 404, a missing
right 403, a refused action shows its message and changes nothing."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from resultatavtaler.accounts import permissions
from resultatavtaler.agreements.models import Indicator
from resultatavtaler.core_errors import DomainError

from . import selectors, services
from .forms import (
    ImportForm,
    InputRequestForm,
    MeasurementForm,
    MidyearForm,
)
from .models import InputRequest, Measurement
from .views import _agreement, _evaluation_for, _person


def _act(request, action, success: str) -> None:
    """Run a service for a POST action: a refusal at 404 level is a 404, any other refusal
    a message on the next page, success the given message."""
    try:
        action()
    except DomainError as exc:
        if exc.status == 404:
            raise Http404 from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, success)


# --- measurements ------------------------------------------------------------------------------

@login_required
def measurements(request, pk: int):
    person = _person(request)
    ag = _agreement(request, pk)
    if not permissions.can_view_measurements(person, ag):
        raise PermissionDenied
    panels = selectors.measurement_panels(ag)
    can_record = permissions.can_record_measurements(person, ag)
    form = MeasurementForm(request.POST or None, panels=panels) if can_record else None
    status = 200
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if form.is_valid():
            indicator = Indicator.objects.get(pk=int(form.cleaned_data["indicator"]), requirement__agreement=ag)
            try:
                services.measurement_record(indicator=indicator, actor=person, date=form.cleaned_data["date"],
                                            value=form.cleaned_data["value"], source=form.cleaned_data["source"],
                                            seen_at=_seen_at(request.POST))
            except DomainError as exc:
                if exc.status == 404:
                    raise Http404 from exc
                form.add_error(None, exc.message)
                status = exc.status
            else:
                messages.success(request, _("The value is saved."))
                return redirect("evaluations:measurements", pk=ag.pk)
        status = status if status != 200 else 400
        panels = selectors.measurement_panels(ag)  # as stored now, after a refusal too
    return render(request, "evaluations/measurements.html", {
        "agreement": ag, "panels": panels, "form": form, "import_form": ImportForm() if can_record else None,
        "imports": selectors.measurement_imports(ag), "can_record": can_record,
        "seen_at": timezone.now().isoformat(),
    }, status=status)


def _seen_at(post):
    """When the page with the form was shown (its hidden `seen_at`), or None."""
    from django.utils.dateparse import parse_datetime

    when = parse_datetime(post.get("seen_at") or "")
    if when is not None and timezone.is_naive(when):
        when = timezone.make_aware(when)
    return when


@login_required
def measurements_import(request, pk: int):
    person = _person(request)
    ag = _agreement(request, pk)
    if not permissions.can_record_measurements(person, ag):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        content = f.read(2 * 1024 * 1024 + 1)
        try:
            report = services.measurements_import(agreement=ag, actor=person, filename=f.name, content=content,
                                                  request=request)
        except DomainError as exc:
            if exc.status == 404:
                raise Http404 from exc
            form.add_error(None, exc.message)
        else:
            if report.ok:
                messages.success(request, _("Imported: %(created)d new, %(updated)d changed, %(unchanged)d unchanged.")
                                 % {"created": report.created, "updated": report.updated,
                                    "unchanged": report.unchanged})
                return redirect("evaluations:measurements", pk=ag.pk)
    return render(request, "evaluations/measurements_import.html", {
        "agreement": ag, "form": form, "report": report,
    }, status=400 if (report and not report.ok) or form.errors else 200)


@login_required
def measurements_sample(request, pk: int):
    """A CSV with every indicator key of the agreement, ready to fill in (or to copy the keys)."""
    person = _person(request)
    ag = _agreement(request, pk)
    if not permissions.can_view_measurements(person, ag):
        raise PermissionDenied
    out = io.StringIO()
    w = csv.writer(out, delimiter=";")
    w.writerow(["indikator", "dato", "verdi", "kilde", "beskrivelse"])
    for p in selectors.measurement_panels(ag):
        w.writerow([p["key"], "", "", "", f"{p['requirement'].number} {p['indicator'].text}"])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="maalinger-{ag.pk}.csv"'
    return response


@login_required
@require_POST
def measurement_delete(request, pk: int, measurement_pk: int):
    person = _person(request)
    ag = _agreement(request, pk)
    if not permissions.can_record_measurements(person, ag):
        raise PermissionDenied
    m = Measurement.objects.filter(pk=measurement_pk, indicator__requirement__agreement=ag).first()
    if m is None:
        raise Http404
    _act(request, lambda: services.measurement_delete(measurement=m, actor=person), _("The value is deleted."))
    return redirect("evaluations:measurements", pk=ag.pk)


# --- input requests ----------------------------------------------------------------------------

@login_required
def input_request_new(request, pk: int):
    person, ag = _evaluation_for(request, pk, permissions.can_send_input_request)
    form = InputRequestForm(request.POST or None, organisation=ag.organisation)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            ir = services.input_request_create(
                agreement=ag, actor=person, deadline=d["deadline"], intro=d["intro"],
                include_employees=d["include_employees"], union_representatives=list(d["union_representatives"]),
                leaders=list(d["leaders"]), others=list(d["others"]), other_emails=form.emails(), request=request,
            )
        except DomainError as exc:
            if exc.status == 404:
                raise Http404 from exc
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The input request is sent."))
            return redirect("evaluations:input_request", pk=ir.pk)
    return render(request, "evaluations/input_request_new.html", {
        "agreement": ag, "form": form, "employees": services.unit_employees(ag),
        "organisation": ag.organisation,
    }, status=400 if form.errors else 200)


def _input_request(request, pk: int) -> InputRequest:
    person = _person(request)
    return permissions.get_object_for_person_or_404(
        InputRequest.objects.select_related("agreement__leader", "agreement__superior", "agreement__unit",
                                            "agreement__period", "created_by", "organisation"),
        person, pk=pk,
    )


@login_required
def input_request_detail(request, pk: int):
    person = _person(request)
    ir = _input_request(request, pk)
    if not permissions.can_view_input_progress(person, ir):
        raise PermissionDenied
    if ir.is_open and ir.deadline < timezone.localdate():
        # The deadline has passed: close now rather than wait for the nightly run.
        try:
            ir = services.input_request_close(input_request=ir)
        except DomainError:
            ir.refresh_from_db()
    see_results = ir.is_closed and permissions.can_view_input_results(person, ir)
    if see_results:
        services.input_results_record_view(input_request=ir, actor=person, request=request)
    from .presentation import results_view_model

    return render(request, "evaluations/input_request.html", {
        "input_request": ir, "agreement": ir.agreement,
        "progress": selectors.request_progress(ir),
        "invited_by_group": selectors.invited_by_group(ir),
        "results": results_view_model(ir) if see_results else None,
        "can_close": ir.is_open and permissions.can_manage_input_request(person, ir),
        **_reminder_context(person, ir),
    })


def _reminder_context(person, ir: InputRequest) -> dict:
    """The reminder button for the sender, while there are people asked by link only. Shown
    whatever they have answered: its presence must not tell who has."""
    if not (ir.is_open and permissions.can_manage_input_request(person, ir)):
        return {}
    if not ir.invitations.filter(Q(person__isnull=True) | Q(person__user__isnull=True)).exists():
        return {}
    return {"can_remind": True, "remind_blocked": services.input_request_reminder_blocked(ir)}


@login_required
@require_POST
def input_request_remind(request, pk: int):
    person = _person(request)
    ir = _input_request(request, pk)
    if not permissions.can_manage_input_request(person, ir):
        raise PermissionDenied
    _act(request, lambda: services.input_request_remind(input_request=ir, actor=person, request=request),
         _("A reminder with a new link is sent to those asked by e-mail link who have not "
           "answered yet. People with a login are reminded in the product."))
    return redirect("evaluations:input_request", pk=ir.pk)


@login_required
@require_POST
def input_request_close(request, pk: int):
    person = _person(request)
    ir = _input_request(request, pk)
    # No right to the request: 403. A closed request, for one who may manage it: a message.
    if not permissions.can_manage_input_request(person, ir):
        raise PermissionDenied
    _act(request, lambda: services.input_request_close(input_request=ir, actor=person, request=request),
         _("The input request is closed and the results are ready."))
    return redirect("evaluations:input_request", pk=ir.pk)


# --- mid-year review ---------------------------------------------------------------------------

@login_required
def midyear(request, pk: int):
    person, ag = _evaluation_for(request, pk)
    can_record = permissions.can_record_midyear_review(person, ag)
    form = MidyearForm(request.POST or None, organisation=ag.organisation,
                       initial={"date": timezone.localdate()}) if can_record else None
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.midyear_review_record(
                    agreement=ag, actor=person, date=d["date"], notes=d["notes"],
                    participants=list(d["participants"]), other_participants=d["other_participants"],
                    renegotiate=d["renegotiate"], reason=d["reason"], request=request,
                )
            except DomainError as exc:
                if exc.status == 404:
                    raise Http404 from exc
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The mid-year review is recorded.")
                                 + (" " + _("The agreement is open for renegotiation.") if d["renegotiate"] else ""))
                return redirect("evaluations:agreement", pk=ag.pk)
    reviews = selectors.midyear_reviews_of(ag)
    if reviews:
        services.evaluation_record_view(agreement=ag, actor=person, parts=["midyear_reviews"], request=request)
    return render(request, "evaluations/midyear.html", {"agreement": ag, "form": form, "reviews": reviews},
                  status=400 if form is not None and form.errors else 200)
