"""Pages of the experience library ("erfaringer/") and the introduction guide ("guide/")."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from resultatavtaler.accounts import permissions
from resultatavtaler.accounts.permissions import get_object_for_person_or_404
from resultatavtaler.agreements.models import Agreement, Requirement
from resultatavtaler.core_errors import DomainError
from resultatavtaler.organisations.models import Unit

from . import selectors, services
from .forms import CopyForm, SearchForm, ShareForm
from .models import LibraryEntry

PAGE_SIZE = 20


def _person(request):
    person = getattr(request, "person", None)
    if person is None:
        raise Http404
    if not permissions.can_view_library(person):
        raise PermissionDenied
    return person


@login_required
def library_index(request):
    person = _person(request)
    services.library_ensure_seed_examples(organisation=person.organisation)
    form = SearchForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.library_search(person, q=data.get("q", ""), category=data.get("category", ""),
                                  perspective=data.get("perspective", ""))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "library/index.html", {
        "form": form, "page": page, "page_query": query.urlencode(),
    })


@login_required
def entry_detail(request, pk):
    person = _person(request)
    entry = get_object_for_person_or_404(LibraryEntry.objects.select_related("created_by", "source_agreement__unit"),
                                         person, pk=pk)
    targets = services.copy_targets(person)
    return render(request, "library/detail.html", {
        "entry": entry,
        "copy_form": CopyForm(targets=targets) if targets else None,
        "can_delete": permissions.can_delete_library_entry(person, entry),
    })


@login_required
@require_POST
def entry_copy(request, pk):
    person = _person(request)
    entry = get_object_for_person_or_404(LibraryEntry, person, pk=pk)
    targets = services.copy_targets(person)
    form = CopyForm(request.POST, targets=targets)
    if not targets or not form.is_valid():
        messages.error(request, _("Choose one of your own draft agreements and a category."))
        return redirect("library:detail", pk=entry.pk)
    agreement_pk, category_key = form.cleaned_data["target"].split(":", 1)
    agreement = get_object_for_person_or_404(Agreement, person, pk=int(agreement_pk))
    try:
        req = services.library_copy_to_draft(entry=entry, actor=person, agreement=agreement,
                                             category_key=category_key)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("library:detail", pk=entry.pk)
    messages.success(request, _("The requirement was copied into your draft as %(number)s. Adjust it there.")
                     % {"number": req.number})
    return redirect(reverse("agreements:detail", args=[agreement.pk]))


@login_required
@require_POST
def entry_delete(request, pk):
    person = _person(request)
    entry = get_object_for_person_or_404(LibraryEntry, person, pk=pk)
    try:
        services.library_entry_delete(entry=entry, actor=person, request=request)
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied from exc
        messages.error(request, exc.message)
        return redirect("library:detail", pk=entry.pk)
    messages.success(request, _("The entry was removed from the experience library."))
    return redirect("library:index")


@login_required
def share_list(request):
    person = _person(request)
    reqs = list(selectors.shareable_requirements(person))
    from .constants import CATEGORY_BY_TEMPLATE_KEY, LibraryCategory

    rows = [{
        "requirement": r,
        "form": ShareForm(prefix=f"r{r.pk}", initial={
            "category": CATEGORY_BY_TEMPLATE_KEY.get(r.category_key, LibraryCategory.PROFESSIONAL)}),
    } for r in reqs]
    return render(request, "library/share.html", {"rows": rows})


@login_required
@require_POST
def share(request, requirement_pk):
    person = _person(request)
    req = _requirement_or_404(person, requirement_pk)
    form = ShareForm(request.POST, prefix=f"r{req.pk}")
    category = form.cleaned_data["category"] if form.is_valid() else None
    try:
        entry = services.library_share_requirement(requirement=req, actor=person, category=category,
                                                   request=request)
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied from exc
        messages.error(request, exc.message)
        return redirect("library:share_list")
    messages.success(request, _("Thank you. The requirement is now in the experience library for everyone."))
    return redirect("library:detail", pk=entry.pk)


def _requirement_or_404(person, pk) -> Requirement:
    req = Requirement.objects.select_related("agreement").filter(
        agreement__organisation_id=person.organisation_id, pk=pk
    ).first()
    if req is None:
        raise Http404
    return req


# --- the introduction guide ------------------------------------------------------------------


def _guide_person(request):
    person = getattr(request, "person", None)
    if person is None:
        raise Http404
    if not permissions.can_manage_introduction_guide(person):
        raise PermissionDenied
    return person


@login_required
def guide_index(request):
    person = _guide_person(request)
    return render(request, "library/guide_index.html", {"units": selectors.guide_units(person)})


@login_required
def guide_unit(request, unit_pk):
    # Another organisation's unit does not exist for the caller (404 before any right is asked).
    unit = get_object_for_person_or_404(Unit.objects.select_related("leader"), request.person, pk=unit_pk)
    person = _guide_person(request)
    if not permissions.can_manage_introduction_guide(person, unit):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.guide_set_progress(unit=unit, actor=person, done_keys=request.POST.getlist("done"),
                                        request=request)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The checklist for %(unit)s is saved.") % {"unit": unit.name})
        return redirect("guide:unit", unit_pk=unit.pk)
    groups = selectors.guide_checklist(unit, translation.get_language() or "nb")
    done = sum(1 for g in groups for i in g["items"] if i["done"])
    total = sum(len(g["items"]) for g in groups)
    return render(request, "library/guide_unit.html", {"unit": unit, "groups": groups, "done": done,
                                                        "total": total})
