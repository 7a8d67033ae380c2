"""The superior's pages: the agreements to review and sign, and the review page (the
agreement with a comment field per requirement, the cascade coverage of the superior's own
requirements and goals, sign or return with comments)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from resultatavtaler.accounts import permissions

from ..constants import AgreementState
from ..models import Agreement, Signature
from ._common import agreement_or_404, person_of, require
from .page import coverage_for_superior, page_context


def review_context(request, agreement: Agreement, **extra) -> dict:
    context = page_context(request, agreement, **extra)
    coverage = coverage_for_superior(agreement)
    if coverage is not None:
        own_ids = {r.pk for r in context["requirements"]}
        for row in coverage.rows:
            # Which of the carriers belong to the agreement under review.
            row.in_this = [r for r in row.carried_by if r.pk in own_ids]
    context.update({"coverage": coverage, "review": True})
    return context


@login_required
def review(request, pk):
    person = person_of(request)
    agreement = agreement_or_404(request, pk)
    require(permissions.can_view_agreement(person, agreement))
    if person.pk != agreement.superior_id:
        return redirect("agreements:detail", pk=agreement.pk)
    return render(request, "agreements/review.html", review_context(request, agreement))


@login_required
def to_review(request):
    """My leaders' agreements by state, with who has signed what."""
    person = person_of(request)
    supervised = list(
        Agreement.objects.filter(organisation_id=person.organisation_id, superior=person)
        .select_related("period", "leader", "unit")
        .only("id", "state", "period__name", "period__start", "leader__name", "unit__name")
        .order_by("-period__start", "leader__name")
    )
    signed: dict[int, set[str]] = {}
    for ag_id, role in Signature.objects.filter(
        version__agreement__in=[a.pk for a in supervised], version__is_in_force=False, voided_at__isnull=True
    ).values_list("version__agreement_id", "role"):
        signed.setdefault(ag_id, set()).add(role)
    groups = []
    # What waits for the superior first.
    order = [AgreementState.IN_REVIEW, *[s for s in AgreementState if s != AgreementState.IN_REVIEW]]
    for state in order:
        label = state.label
        rows = [{"agreement": a, "signed": signed.get(a.pk, set())} for a in supervised if a.state == state]
        if rows:
            groups.append({"state": state, "label": label, "rows": rows})
    return render(
        request,
        "agreements/to_review.html",
        {"groups": groups, "count": len(supervised), "waiting": sum(a.state == "in_review" for a in supervised)},
    )
