"""Alignment: goals → the top leader's agreement → the leaders below and their requirements,
with the gaps. Each reader sees the content of the agreements they may see (and the
requirements of their own superior's agreement, which their requirements link to); the
agreements above those appear by leader and unit only.

Only what the reader may see is loaded (`selectors.alignment_tree` with the reader). A reader
who may see more than `ALIGNMENT_MAX_AGREEMENTS` agreements in the period (an
organisation-wide process owner, the top leader of a large organisation) gets the top levels
of what they may see and chooses a part of the organisation (a unit and everything below it)
— or, explicitly, everything."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from resultatavtaler.accounts import permissions
from resultatavtaler.organisations.models import Unit

from .. import selectors
from ..constants import PeriodState
from ..models import Period
from ._common import person_of, require

# Levels of units shown below the reader's highest one when they may see too much for one page.
TOP_LEVELS = 1
EVERYTHING = "all"


def _max_agreements() -> int:
    return getattr(settings, "ALIGNMENT_MAX_AGREEMENTS", 300)


def _chosen_unit(person, raw: str) -> tuple[Unit | None, str]:
    """The unit of `?unit=`, inside the reader's organisation, or an error message."""
    if not raw or raw == EVERYTHING:
        return None, ""
    unit = None
    if raw.isdigit() and len(raw) < 12:
        unit = Unit.objects.filter(organisation_id=person.organisation_id, pk=int(raw)).first()
    if unit is None:
        return None, _("That part of the organisation does not exist. Choose one from the list.")
    return unit, ""


@login_required
def alignment(request):
    person = person_of(request)
    require(permissions.can_view_alignment(person))
    periods = list(Period.objects.filter(organisation_id=person.organisation_id).order_by("-start"))
    chosen = request.GET.get("period", "")
    period = next((p for p in periods if str(p.pk) == chosen), None)
    if period is None:
        period = next((p for p in periods if p.state == PeriodState.OPEN), periods[0] if periods else None)
    context = {"periods": periods, "period": period, "tree": None}
    if period is None:
        return render(request, "agreements/alignment.html", context)

    reach = selectors.alignment_reach(person, period)
    total, top = reach.extent(keep_up_to=_max_agreements())
    raw_unit = request.GET.get("unit", "").strip()
    within, error = _chosen_unit(person, raw_unit)
    everything = raw_unit == EVERYTHING
    # Too much for one page: the top levels, unless a part or everything is chosen.
    large = total > _max_agreements()
    top_levels = large and within is None and not everything and top is not None
    max_depth = top + TOP_LEVELS if top_levels else None
    tree = selectors.alignment_tree(person.organisation, period, reader=reach, within=within, max_depth=max_depth)

    units = []
    if large or within is not None:
        # The parts to choose from: the units of the agreements in the top levels.
        depth = (top or 0) + TOP_LEVELS
        rows = (
            reach.agreements(max_depth=depth)
            .order_by("unit__path")
            .values_list("unit_id", "unit__name", "unit__code", "unit__depth")
            .distinct()
        )
        units = [{"pk": pk, "label": f"{'– ' * max(0, d - (top or 0))}{name} ({code})"} for pk, name, code, d in rows]
        if within is not None and all(u["pk"] != within.pk for u in units):
            units.append({"pk": within.pk, "label": f"{within.name} ({within.code})"})
    context.update(
        {
            "tree": tree,
            "roots": tree.agreements,
            "unlinked": tree.unlinked,
            "goal_gaps": len(tree.goal_gaps),
            "total": total,
            "shown": tree.visible_count,
            "within": within,
            "everything": everything,
            "top_levels": top_levels,
            "units": units,
            "choose_part": bool(units),
            "error": error,
        }
    )
    return render(request, "agreements/alignment.html", context)
