"""My unit's agreement (employees): the published parts of the signed agreements of my unit
and the units above it, read-only, and the drafts shared with the unit for comments."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .. import selectors
from ..constants import AgreementState
from ..models import Agreement
from ._common import person_of


@login_required
def unit_agreements(request):
    person = person_of(request)
    published = selectors.agreement_for_unit_member(person)
    shared = []
    if person.unit_id is not None:
        unit_ids = [*person.unit.ancestor_ids(), person.unit_id]
        shared = list(
            Agreement.objects.filter(
                organisation_id=person.organisation_id,
                unit_id__in=unit_ids,
                shared_with_unit_at__isnull=False,
                state__in=[AgreementState.DRAFT, AgreementState.IN_REVIEW],
            )
            .exclude(leader=person)
            .select_related("leader", "unit", "period")
            .only("id", "leader__name", "unit__name", "period__name")
            .order_by("-unit__depth")
        )
    return render(
        request,
        "agreements/unit.html",
        {
            "first": selectors.published_parts(published[0]) if published else None,
            "more": published[1:],
            "shared": shared,
        },
    )
