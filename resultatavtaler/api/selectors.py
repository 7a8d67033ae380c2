"""What a caller of the API may read, as querysets scoped in the query (the organisation
first, then the caller's rights), and the progress of a period in a fixed number of queries.

A token reads organisation-wide (accounts.permissions `api_token_*`); a person reads what the
pages show them, through the same selectors the pages use."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from resultatavtaler.accounts import permissions
from resultatavtaler.agreements.constants import AgreementState
from resultatavtaler.agreements.models import Agreement, AgreementVersion, Period, PeriodParticipant
from resultatavtaler.agreements.selectors import agreements_visible_to
from resultatavtaler.evaluations.models import Measurement
from resultatavtaler.organisations.models import Person, Unit

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
        raise problems.forbidden()


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
    """The process overview's data for a period: agreements per state (one aggregate query),
    and per leader the state and the dates of each step (one query each for agreements and
    for participants without one). A token sees the whole organisation; a person the
    agreements whose progress the pages show them (process owner, leader, superior, upper
    chain). States and dates only — never ratings or comments."""
    agreements = (
        agreements_for(caller)
        if caller.is_token
        else (
            Agreement.objects.filter(
                organisation_id=caller.organisation.pk,
                pk__in=agreements_visible_to(caller.person).order_by().values("pk"),
            )
        )
    )
    agreements = agreements.filter(period=period)
    counts = dict.fromkeys(AgreementState.values, 0)
    for row in agreements.order_by().values("state").annotate(n=Count("pk")):
        counts[row["state"]] = row["n"]
    rows = list(
        agreements.order_by("unit__path", "leader__name").values(
            "pk",
            "state",
            "shared_with_unit_at",
            "submitted_at",
            "signed_at",
            "leader_id",
            "leader__employee_id",
            "leader__name",
            "unit_id",
            "unit__code",
            "unit__name",
            "self_evaluation__submitted_at",
            "assessment__conversation_at",
            "assessment__completed_at",
        )
    )
    today = timezone.localdate()

    def overdue(state: str, self_evaluation_submitted) -> list[str]:
        late = []
        if period.drafts_due and today > period.drafts_due and state in ("not_started", AgreementState.DRAFT):
            late.append("drafts_due")
        if (
            period.signing_due
            and today > period.signing_due
            and state in ("not_started", AgreementState.DRAFT, AgreementState.IN_REVIEW)
        ):
            late.append("signing_due")
        if (
            period.self_evaluations_due
            and today > period.self_evaluations_due
            and not self_evaluation_submitted
            and state not in (AgreementState.ASSESSED, AgreementState.CLOSED)
        ):
            late.append("self_evaluations_due")
        return late

    leaders = [
        {
            "leader": {"id": r["leader_id"], "employee_id": r["leader__employee_id"], "name": r["leader__name"]},
            "unit": {"id": r["unit_id"], "code": r["unit__code"], "name": r["unit__name"]},
            "agreement_id": r["pk"],
            "state": r["state"],
            "shared_with_unit_at": r["shared_with_unit_at"],
            "submitted_at": r["submitted_at"],
            "signed_at": r["signed_at"],
            "self_evaluation_submitted_at": r["self_evaluation__submitted_at"],
            "conversation_at": r["assessment__conversation_at"],
            "assessed_at": r["assessment__completed_at"],
            "overdue": overdue(r["state"], r["self_evaluation__submitted_at"]),
        }
        for r in rows
    ]
    # Participants who have not started: for a token all of them; for a person their own and,
    # for a process owner, those in the units the grant covers (who may start one for them).
    participants = (
        PeriodParticipant.objects.filter(period=period)
        .exclude(person_id__in=Agreement.objects.filter(period=period).values("leader_id"))
        .select_related("person__unit", "unit")
        .order_by("unit__path", "person__name")
    )
    if not caller.is_token:
        person = caller.person
        if not permissions.is_organisation_process_owner(person):
            participants = [p for p in participants if permissions.can_start_agreement(person, p.person)]
    not_started = 0
    for p in participants:
        not_started += 1
        leaders.append(
            {
                "leader": {"id": p.person_id, "employee_id": p.person.employee_id, "name": p.person.name},
                "unit": {"id": p.unit_id, "code": p.unit.code, "name": p.unit.name},
                "agreement_id": None,
                "state": "not_started",
                "shared_with_unit_at": None,
                "submitted_at": None,
                "signed_at": None,
                "self_evaluation_submitted_at": None,
                "conversation_at": None,
                "assessed_at": None,
                "overdue": overdue("not_started", None),
            }
        )
    counts["not_started"] = not_started
    return {"counts": counts, "total": sum(counts.values()), "leaders": leaders}
