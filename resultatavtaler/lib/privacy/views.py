"""Pages for privacy and public access: "My data" (the person's own export), the admins'
person export, and the agreement's exemptions from public access with the redacted copy.
Thin: rights and audit live in services.py and agreements.services."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from resultatavtaler.accounts import permissions
from resultatavtaler.agreements import services as agreement_services
from resultatavtaler.agreements.constants import ExemptionBasis
from resultatavtaler.agreements.models import Agreement, SectionExemption, localized
from resultatavtaler.audit.services import audit_access_refused, audit_refusal_object
from resultatavtaler.core_errors import DomainError, PermissionDeniedError
from resultatavtaler.organisations.models import Person

from . import services
from .export import SECTION_LABELS, person_export_data


def _person(request) -> Person:
    person = getattr(request, "person", None)
    if person is None:
        raise Http404
    return person


def _language() -> str:
    return (translation.get_language() or "nb")[:2]


def _file_response(file) -> HttpResponse:
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response


def _summary(subject: Person) -> list[dict]:
    data = person_export_data(subject)
    rows = []
    for key, label in SECTION_LABELS.items():
        value = data.get(key)
        count = len(value) if isinstance(value, list) else (1 if value else 0)
        rows.append({"label": label, "count": count})
    return rows


def _export(request, subject: Person, fmt: str):
    try:
        file = services.person_data_export(
            subject=subject, actor=request.person, fmt=fmt, language=_language(), request=request
        )
    except PermissionDeniedError as error:
        audit_access_refused(request, reason=error.code)
        raise PermissionDenied(error.message) from None
    except DomainError:
        raise Http404 from None
    return _file_response(file)


@login_required
@require_GET
def my_data(request):
    person = _person(request)
    return render(request, "privacy/person_data.html", {"subject": person, "own": True, "rows": _summary(person)})


@login_required
@require_GET
def my_data_export(request, fmt: str):
    return _export(request, _person(request), fmt)


def _subject_for_admin(request, pk: int) -> Person:
    actor = _person(request)
    subject = permissions.get_object_for_person_or_404(Person.objects.select_related("unit"), actor, pk=pk)
    audit_refusal_object(request, subject)  # a refusal names the person asked for in the audit log
    if not permissions.can_export_person_data(actor, subject):
        raise PermissionDenied
    return subject


@login_required
@require_GET
def people(request):
    actor = _person(request)
    if not permissions.is_admin(actor):
        raise PermissionDenied
    q = request.GET.get("q", "").strip()
    qs = Person.objects.filter(organisation_id=actor.organisation_id).select_related("unit").order_by("name")
    if q:
        qs = qs.filter(name__icontains=q) | qs.filter(employee_id__iexact=q) | qs.filter(email__iexact=q)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "privacy/people.html", {"page": page, "q": q})


@login_required
@require_GET
def person_data(request, pk: int):
    subject = _subject_for_admin(request, pk)
    return render(request, "privacy/person_data.html", {"subject": subject, "own": False, "rows": _summary(subject)})


@login_required
@require_GET
def person_data_export(request, pk: int, fmt: str):
    return _export(request, _subject_for_admin(request, pk), fmt)


# --- offentleglova ---------------------------------------------------------------------------


class ExemptionForm(forms.Form):
    section = forms.CharField(widget=forms.HiddenInput)
    basis = forms.ChoiceField(
        label=gettext_lazy("Legal basis"),
        choices=[("", gettext_lazy("Not exempt (public)")), *ExemptionBasis.choices],
        required=False,
    )
    basis_text = forms.CharField(
        label=gettext_lazy("Legal basis, in words"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Required for another legal basis; otherwise an optional addition."),
    )


def _agreement_for(request, pk: int) -> Agreement:
    actor = _person(request)
    agreement = permissions.get_object_for_person_or_404(
        Agreement.objects.select_related("template_version", "leader", "period", "unit", "organisation"), actor, pk=pk
    )
    audit_refusal_object(request, agreement)  # a refusal names the agreement in the audit log
    if not permissions.can_download_redacted_copy(actor, agreement):
        raise PermissionDenied
    return agreement


@login_required
@require_http_methods(["GET", "POST"])
def exemptions(request, pk: int):
    agreement = _agreement_for(request, pk)
    actor = request.person
    may_edit = permissions.can_mark_exemptions(actor, agreement)
    current = {e.section_key: e for e in SectionExemption.objects.filter(agreement=agreement)}
    sections = [
        s for s in agreement.template_version.content.get("sections", []) if s.get("kind", "text") == "text"
    ]
    forms_by_key = {}
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        form = ExemptionForm(request.POST, prefix=request.POST.get("prefix", ""))
        if form.is_valid():
            key, basis = form.cleaned_data["section"], form.cleaned_data["basis"]
            try:
                if basis:
                    agreement_services.section_exemption_set(
                        agreement=agreement, actor=actor, section_key=key, basis=basis,
                        basis_text=form.cleaned_data["basis_text"],
                    )
                    messages.success(request, _("The section is marked exempt from public access."))
                else:
                    agreement_services.section_exemption_clear(agreement=agreement, actor=actor, section_key=key)
                    messages.success(request, _("The section is public."))
                return redirect("privacy:exemptions", pk=agreement.pk)
            except PermissionDeniedError as error:
                audit_access_refused(request, reason=error.code)
                raise PermissionDenied(error.message) from None
            except DomainError as error:
                form.add_error(None, error.message)
                forms_by_key[key] = form
    language = _language()
    rows = []
    for s in sections:
        e = current.get(s["key"])
        form = forms_by_key.get(s["key"]) or ExemptionForm(
            prefix=s["key"],
            initial={"section": s["key"], "basis": e.basis if e else "", "basis_text": e.basis_text if e else ""},
        )
        rows.append({
            "key": s["key"],
            "heading": localized(s.get("heading"), language),
            "text": (agreement.sections or {}).get(s["key"], ""),
            "exemption": e,
            "form": form,
        })
    return render(request, "privacy/exemptions.html", {"agreement": agreement, "rows": rows, "may_edit": may_edit})


@login_required
@require_GET
def redacted_copy(request, pk: int):
    agreement = _agreement_for(request, pk)
    language = request.GET.get("sprak") or _language()
    try:
        file = services.redacted_copy_export(agreement=agreement, actor=request.person, language=language,
                                             request=request)
    except PermissionDeniedError as error:
        audit_access_refused(request, reason=error.code)
        raise PermissionDenied(error.message) from None
    except DomainError as error:
        if error.status == 404:
            raise Http404 from None
        if error.status == 403:
            audit_access_refused(request, reason=error.code)
        return render(request, "reports/document_refused.html", {"message": error.message}, status=error.status)
    return _file_response(file)
