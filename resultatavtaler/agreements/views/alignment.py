"""Alignment: goals → the top leader's agreement → the leaders below and their requirements,
with the gaps. Each reader sees the content of the agreements they may see (and the
requirements of their own superior's agreement, which their requirements link to); the others
appear by leader and unit only."""

from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from resultatavtaler.accounts import permissions
from resultatavtaler.organisations.selectors import superior_of

from .. import selectors
from ..constants import PeriodState
from ..models import Agreement, Period
from ._common import person_of, require


@dataclass
class ShownAgreement:
    node: object
    visible: bool
    children: list["ShownAgreement"] = field(default_factory=list)


def _prune(node, visible_ids: set[int]) -> ShownAgreement | None:
    children = [c for c in (_prune(child, visible_ids) for child in node.children) if c is not None]
    visible = node.agreement.pk in visible_ids
    if not visible and not children:
        return None
    return ShownAgreement(node=node, visible=visible, children=children)


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
    if period is not None:
        tree = selectors.alignment_tree(person.organisation, period)
        visible_ids = set(selectors.agreements_visible_to(person).filter(period=period).values_list("pk", flat=True))
        superior = superior_of(person)
        if superior is not None:
            visible_ids |= set(
                Agreement.objects.filter(
                    organisation_id=person.organisation_id, period=period, leader=superior
                ).values_list("pk", flat=True)
            )
        roots = [r for r in (_prune(node, visible_ids) for node in tree.agreements) if r is not None]
        for goal in _walk_goals(tree.goals):
            goal.shown_carriers = [r for r in goal.carried_by if r.agreement_id in visible_ids]
            goal.hidden_carriers = len(goal.carried_by) - len(goal.shown_carriers)
        context.update(
            {
                "tree": tree,
                "roots": roots,
                "unlinked": [r for r in tree.unlinked if r.agreement_id in visible_ids],
                "goal_gaps": len(tree.goal_gaps),
            }
        )
    return render(request, "agreements/alignment.html", context)


def _walk_goals(goals):
    stack = list(goals)
    while stack:
        node = stack.pop()
        yield node
        stack.extend(node.children)
