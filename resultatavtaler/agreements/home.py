"""The agreements' part of the home page ("Mine oppgaver", DESIGN.md §8): what is due from
the person and by when, and — for superiors — their leaders' agreements by state."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from resultatavtaler.home.registry import Task, TaskSection

from .constants import AgreementState, PeriodState
from .models import Agreement, PeriodParticipant, Signature


def _url(agreement: Agreement) -> str:
    return reverse("agreements:detail", args=[agreement.pk])


def _signed_roles(agreement_ids: list[int]) -> dict[int, set[str]]:
    roles: dict[int, set[str]] = {}
    for ag_id, role in Signature.objects.filter(
        version__agreement_id__in=agreement_ids, version__is_in_force=False, voided_at__isnull=True
    ).values_list("version__agreement_id", "role"):
        roles.setdefault(ag_id, set()).add(role)
    return roles


# What the home page shows of an agreement, its period and its two people: the rest of the
# three wide rows is neither sent nor turned into objects on every home page.
_HOME_FIELDS = (
    *("id", "organisation_id", "state", "in_force_version_id", "period", "leader", "superior"),
    *("period__id", "period__name", "period__start", "period__drafts_due", "period__signing_due"),
    *("leader__id", "leader__name", "superior__id", "superior__name"),
)


def _open_agreements(person) -> tuple[list[Agreement], list[Agreement]]:
    """The person's own agreements and those they are superior for, in the open periods, from
    one query: (own, supervised)."""
    rows = list(
        Agreement.objects.filter(organisation_id=person.organisation_id, period__state=PeriodState.OPEN)
        .filter(Q(leader=person) | Q(superior=person))
        .select_related("period", "leader", "superior")
        .only(*_HOME_FIELDS)
        .order_by("period__start", "leader__name")
    )
    return [a for a in rows if a.leader_id == person.pk], [a for a in rows if a.superior_id == person.pk]


def agreement_sections(person) -> list[TaskSection | None]:
    """The home page's provider: the person's tasks and, for superiors, their leaders'
    agreements, from one read of the agreements."""
    if person is None:
        return []
    own, supervised = _open_agreements(person)
    return [agreement_tasks(person, (own, supervised)), supervised_agreements(person, supervised)]


def agreement_tasks(person, agreements: tuple[list[Agreement], list[Agreement]] | None = None) -> TaskSection | None:
    if person is None:
        return None
    today = timezone.localdate()
    tasks: list[Task] = []
    own_list, supervised = agreements if agreements is not None else _open_agreements(person)
    own = {a.period_id: a for a in own_list}
    # Signatures matter only while an agreement is in review.
    signed = _signed_roles([a.pk for a in (*own_list, *supervised) if a.state == AgreementState.IN_REVIEW])

    for part in PeriodParticipant.objects.filter(person=person, period__state=PeriodState.OPEN).select_related(
        "period"
    ):
        period = part.period
        if period.pk not in own:
            tasks.append(
                Task(
                    title=_("Draft your results agreement for %(period)s") % {"period": period.name},
                    url=reverse("agreements:start", args=[period.pk]),
                    due=period.drafts_due,
                    overdue=bool(period.drafts_due and period.drafts_due < today),
                )
            )
    for agreement in own.values():
        period = agreement.period
        if agreement.state == AgreementState.DRAFT:
            tasks.append(
                Task(
                    title=_("Finish the draft of your results agreement for %(period)s") % {"period": period.name}
                    if not agreement.is_renegotiating
                    else _("Finish the renegotiation of your results agreement for %(period)s")
                    % {"period": period.name},
                    url=_url(agreement),
                    due=period.drafts_due,
                    overdue=bool(period.drafts_due and period.drafts_due < today and not agreement.is_renegotiating),
                )
            )
        elif agreement.state == AgreementState.IN_REVIEW and "leader" not in signed.get(agreement.pk, set()):
            detail = (
                _("%(name)s has signed.") % {"name": agreement.superior.name}
                if "superior" in signed.get(agreement.pk, set())
                else _("With %(name)s for review.") % {"name": agreement.superior.name}
            )
            tasks.append(
                Task(
                    title=_("Sign your results agreement for %(period)s") % {"period": period.name},
                    url=_url(agreement),
                    due=period.signing_due,
                    overdue=bool(period.signing_due and period.signing_due < today),
                    detail=detail,
                )
            )
    for agreement in supervised:
        if agreement.state == AgreementState.IN_REVIEW and "superior" not in signed.get(agreement.pk, set()):
            tasks.append(
                Task(
                    title=_("Review and sign %(name)s's results agreement") % {"name": agreement.leader.name},
                    url=_url(agreement),
                    due=agreement.period.signing_due,
                    overdue=bool(agreement.period.signing_due and agreement.period.signing_due < today),
                )
            )
    if not tasks and not supervised and not own:
        return None
    return TaskSection(
        title=_("Results agreements"),
        tasks=tasks,
        order=10,
        empty_text=_("Nothing to do on results agreements right now."),
    )


def supervised_agreements(person, supervised: list[Agreement] | None = None) -> TaskSection | None:
    """For superiors: their leaders' agreements, grouped by state."""
    if person is None:
        return None
    supervised = list(_open_agreements(person)[1] if supervised is None else supervised)
    if not supervised:
        return None
    order = {s: i for i, s in enumerate(AgreementState.values)}
    supervised.sort(key=lambda a: (order[a.state], a.leader.name))
    tasks = [
        Task(
            title=a.leader.name,
            url=_url(a),
            detail=f"{a.get_state_display()}{' – ' + _('renegotiation') if a.is_renegotiating else ''}"
            f" ({a.period.name})",
        )
        for a in supervised
    ]
    return TaskSection(title=_("Your leaders' agreements"), tasks=tasks, order=30)


def unit_agreements(person) -> TaskSection | None:
    """For employees: drafts their leader shared for comments, and the published agreements
    of their unit and the units above it."""
    if person is None or person.unit_id is None:
        return None
    unit_ids = [*person.unit.ancestor_ids(), person.unit_id]
    agreements = list(
        Agreement.objects.filter(
            organisation_id=person.organisation_id, unit_id__in=unit_ids, period__state=PeriodState.OPEN
        )
        .exclude(leader=person)
        .exclude(superior=person)
        .select_related("period", "leader", "unit")
        .only(
            *("id", "state", "shared_with_unit_at", "in_force_version_id", "period", "leader", "unit"),
            *("period__id", "period__signing_due", "leader__id", "leader__name", "unit__id", "unit__name"),
        )
        .order_by("-unit__depth")
    )
    tasks = []
    for a in agreements:
        shared = a.shared_with_unit_at is not None and a.state in (AgreementState.DRAFT, AgreementState.IN_REVIEW)
        if shared and a.unit_id == person.unit_id:
            tasks.append(
                Task(
                    title=_("Comment on %(name)s's draft results agreement") % {"name": a.leader.name},
                    url=_url(a),
                    due=a.period.signing_due,
                )
            )
        elif a.in_force_version_id:
            tasks.append(
                Task(
                    title=_("The results agreement of %(unit)s") % {"unit": a.unit.name},
                    url=_url(a),
                    detail=a.leader.name,
                )
            )
    if not tasks:
        return None
    return TaskSection(title=_("Your unit's agreements"), tasks=tasks, order=40)
