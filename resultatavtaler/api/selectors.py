"""What a caller of the API may read, as querysets scoped in the query (the organisation
first, then the caller's rights), and the progress of a period in a fixed number of queries.

A token reads organisation-wide (accounts.permissions `api_token_*`); a person reads what the
pages show them, through the same selectors the pages use."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from resultatavtaler.accounts import permissions
from resultatavtaler.agreements.models import Agreement, AgreementVersion, Period
from resultatavtaler.agreements.selectors import agreements_visible_to
from resultatavtaler.evaluations.models import Measurement
from resultatavtaler.organisations.models import Person, Unit
from resultatavtaler.reports.overview import OverviewScope, decorate, overview_rows, overview_scope, state_counts

from . import problems
from .caller import Caller
from .models import ApiToken


def api_tokens_of(organisation) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(organisation=organisation).select_related("created_by")


# --- HR ---------------------------------------------------------------------------------------


def _require_org_read(caller: Caller) -> None:
    if caller.is_token:
        ok = permissions.api_token_can_read(caller.token, caller.organisation)
    else:
        ok = permissions.can_view_organisation_tree(caller.person)
    if not ok:
        raise problems.forbidden(reason="no_organisation_read")


def units_for(caller: Caller) -> QuerySet[Unit]:
    _require_org_read(caller)
    return Unit.objects.filter(organisation_id=caller.organisation.pk).select_related("parent", "leader")


def persons_for(caller: Caller) -> QuerySet[Person]:
    _require_org_read(caller)
    return Person.objects.filter(organisation_id=caller.organisation.pk).select_related("unit")


def periods_for(caller: Caller) -> QuerySet[Period]:
    _require_org_read(caller)
    return Period.objects.filter(organisation_id=caller.organisation.pk)


# --- agreements -------------------------------------------------------------------------------

_AGREEMENT_RELATED = ("period", "unit", "leader", "superior", "in_force_version")


def agreements_for(caller: Caller) -> QuerySet[Agreement]:
    """A token: every agreement of the organisation (states, published parts, signed
    versions). A person: the agreements the pages list for them — those whose content they
    may see, and their own units' agreements that have a version in force."""
    base = Agreement.objects.filter(organisation_id=caller.organisation.pk)
    if caller.is_token:
        if not permissions.api_token_can_read(caller.token, caller.organisation):
            return base.none()
        return base.select_related(*_AGREEMENT_RELATED)
    person = caller.person
    visible_ids = agreements_visible_to(person).order_by().values("pk")
    q = Q(pk__in=visible_ids)
    if person.unit_id is not None:
        unit_ids = [*person.unit.ancestor_ids(), person.unit_id]
        q |= Q(unit_id__in=unit_ids, in_force_version__isnull=False)
    return base.filter(q).select_related(*_AGREEMENT_RELATED)


def agreement_for(caller: Caller, agreement_id: int) -> Agreement:
    """One agreement of the caller's organisation (another organisation's answers 404)."""
    agreement = (
        Agreement.objects.filter(organisation_id=caller.organisation.pk, pk=agreement_id)
        .select_related(*_AGREEMENT_RELATED, "template_version__template")
        .first()
    )
    if agreement is None:
        raise problems.not_found()
    return agreement


def access_to(caller: Caller, agreement: Agreement) -> str | None:
    """What the caller sees of one agreement, by the pages' rules (None: nothing, 403)."""
    if caller.is_token:
        return "record" if permissions.api_token_can_read(caller.token, agreement) else None
    person = caller.person
    if permissions.can_view_agreement(person, agreement):
        return "full"
    if permissions.can_view_shared_draft(person, agreement):
        return "shared_draft"
    if permissions.can_view_published_parts(person, agreement):
        return "published_parts"
    return None


def signed_versions(agreement: Agreement) -> QuerySet[AgreementVersion]:
    """Versions both the leader and the superior signed (the ones ever in force)."""
    return (
        AgreementVersion.objects.filter(agreement=agreement)
        .annotate(signed_roles=Count("signatures__role", filter=Q(signatures__voided_at__isnull=True), distinct=True))
        .filter(signed_roles=2)
        .prefetch_related("signatures__person")
        .order_by("number")
    )


# --- measurements -----------------------------------------------------------------------------


def measurements_for(caller: Caller) -> QuerySet[Measurement]:
    """A token: the organisation's measurements. A person: those of agreements they may read
    (can_view_measurements is can_view_agreement: the agreements_visible_to selector)."""
    base = Measurement.objects.filter(organisation_id=caller.organisation.pk).select_related("indicator__requirement")
    if caller.is_token:
        if not permissions.api_token_can_read(caller.token, caller.organisation):
            return base.none()
        return base
    visible_ids = agreements_visible_to(caller.person).order_by().values("pk")
    return base.filter(indicator__requirement__agreement_id__in=visible_ids)


# --- progress ---------------------------------------------------------------------------------


def period_progress(caller: Caller, period: Period) -> dict:
    """The process overview's data (reports.overview, the page's own selector): leaders per
    state, and per leader the state, dates, next milestone and overdue flag — states and
    dates only, never ratings or comments. A token sees the whole organisation; a person
    what the overview page shows them (process owner, or leader of units), else 403.
    Response counts of input requests and 360 rounds are left out for tokens (DESIGN.md §6:
    a token gets no 360 or input data). Two queries whatever the number of leaders."""
    if caller.is_token:
        if not permissions.api_token_can_read(caller.token, period):
            raise problems.forbidden(reason="no_overview")
        scope = OverviewScope(organisation_id=caller.organisation.pk, everything=True)
    else:
        scope = overview_scope(caller.person) if permissions.can_view_overview(caller.person) else None
        if scope is None:
            raise problems.forbidden(reason="no_overview")
    counts = {c["state"]: c["count"] for c in state_counts(period=period, scope=scope)}
    leaders = []
    for row in overview_rows(period=period, scope=scope):
        decorate(row)
        leader = {
            "leader": {"id": row.pk, "employee_id": row.employee_id, "name": row.name},
            "unit_code": row.row_unit_code,
            "unit_name": row.row_unit_name,
            "agreement_id": row.agreement_pk,
            "state": row.row_state,
            "state_label": str(row.state_label),
            "superior_name": row.superior_name,
            "signed_at": row.signed_at,
            "conversation_at": row.conversation_at,
            "next_step": str(row.next_step_label),
            "next_due": row.next_due_date,
            "overdue": row.overdue or None,
            "overdue_label": str(row.overdue_label),
            "input_invited": None,
            "input_answered": None,
            "feedback_invited": None,
            "feedback_answered": None,
        }
        if not caller.is_token:
            leader.update(
                input_invited=row.input_invited,
                input_answered=row.input_answered,
                feedback_invited=row.feedback_invited,
                feedback_answered=row.feedback_answered,
            )
        leaders.append(leader)
    return {"counts": counts, "total": sum(counts.values()), "leaders": leaders}
