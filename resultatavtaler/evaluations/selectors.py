"""Reads the evaluation pages, the home page and exports share. Each returns only what the
caller may see when used as the views use it; nothing here tells which person gave an answer."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from resultatavtaler.accounts import permissions
from resultatavtaler.agreements.constants import AgreementState
from resultatavtaler.agreements.models import Agreement, Indicator, Period
from resultatavtaler.organisations.models import Person

from .charts import measurement_chart
from .constants import InputRequestState
from .models import (
    Assessment,
    AssessmentRating,
    InputInvitation,
    InputRequest,
    Measurement,
    MeasurementImport,
    MidyearReview,
    PaySummaryNote,
    SelfEvaluation,
    SelfRating,
)
from .services.evaluation import evaluation_requirements

FOLLOW_UP_STATES = (AgreementState.SIGNED, AgreementState.SELF_EVALUATED, AgreementState.ASSESSED,
                    AgreementState.CLOSED)
# The states in which the home page can show a follow-up task (evaluations/home.py).
HOME_TASK_STATES = (AgreementState.SIGNED, AgreementState.SELF_EVALUATED, AgreementState.ASSESSED)


def indicator_key(indicator: Indicator) -> str:
    """The key a leader puts in the `indikator` column of an import file."""
    return f"IND-{indicator.pk}"


def agreements_to_follow_up(person: Person) -> QuerySet[Agreement]:
    """The person's own agreements and those they are superior for, from signing on (also a
    draft revision of a signed agreement)."""
    return (
        _own_or_supervised(person)
        .filter(Q(state__in=FOLLOW_UP_STATES) | Q(in_force_version__isnull=False))
        .select_related("period", "unit", "leader", "superior", "assessment", "self_evaluation")
    )


def _own_or_supervised(person: Person) -> QuerySet[Agreement]:
    return (
        Agreement.objects.filter(organisation_id=person.organisation_id)
        .filter(Q(leader=person) | Q(superior=person))
        .order_by("-period__start", "unit__path")
    )


# What the home page's follow-up tasks read of an agreement and what it is joined with.
_HOME_TASK_FIELDS = (
    *("id", "state", "period", "leader", "superior"),
    *("period__id", "period__name", "period__self_evaluations_due", "leader__id", "leader__name"),
    *("superior__id", "superior__name", "assessment__id", "assessment__agreement", "assessment__conversation_at"),
    *("assessment__leader_acknowledged_at", "assessment__superior_acknowledged_at"),
)


def agreements_with_follow_up_tasks(person: Person) -> QuerySet[Agreement]:
    """For the home page: the agreements in the states where the follow-up can ask something of
    the person (a self-evaluation, a conversation, an assessment, an acknowledgement). Closed
    agreements of earlier years give no task, so the home page's cost does not grow with the
    years of history; the self-evaluations are not needed there."""
    return (
        _own_or_supervised(person)
        .filter(state__in=HOME_TASK_STATES)
        .select_related("period", "leader", "superior", "assessment")
        .only(*_HOME_TASK_FIELDS)
        # The home page sorts the tasks by date; the list's order by unit would only add a join.
        .order_by("-period__start", "id")
    )


# --- the evaluation page ---------------------------------------------------------------------

@dataclass
class RequirementRow:
    requirement: object
    category: str
    self_rating: SelfRating | None = None
    assessment_rating: AssessmentRating | None = None
    indicators: list = field(default_factory=list)


def requirement_rows(agreement: Agreement, self_evaluation: SelfEvaluation | None,
                     assessment: Assessment | None) -> list[RequirementRow]:
    from resultatavtaler.agreements.models import localized

    cats = {c["key"]: localized(c.get("title")) for c in agreement.template_version.categories}
    self_ratings = {r.requirement_id: r for r in SelfRating.objects.filter(self_evaluation=self_evaluation)} \
        if self_evaluation else {}
    ass_ratings = {r.requirement_id: r for r in AssessmentRating.objects.filter(assessment=assessment)} \
        if assessment else {}
    return [
        RequirementRow(requirement=r, category=cats.get(r.category_key, ""), self_rating=self_ratings.get(r.pk),
                       assessment_rating=ass_ratings.get(r.pk), indicators=list(r.indicators.all()))
        for r in evaluation_requirements(agreement)
    ]


def measurement_panels(agreement: Agreement) -> list[dict]:
    """Per indicator of the agreement: its key, values, chart and requirement."""
    indicators = list(
        Indicator.objects.filter(requirement__agreement=agreement).select_related("requirement")
        .order_by("requirement__category_key", "requirement__position", "position")
    )
    by_indicator: dict[int, list[Measurement]] = {i.pk: [] for i in indicators}
    for m in Measurement.objects.filter(indicator__in=indicators).order_by("date", "source"):
        by_indicator[m.indicator_id].append(m)
    order = {c["key"]: n for n, c in enumerate(agreement.template_version.categories)}
    indicators.sort(key=lambda i: (order.get(i.requirement.category_key, 999), i.requirement.position, i.position))
    return [
        {
            "indicator": i,
            "key": indicator_key(i),
            "requirement": i.requirement,
            "measurements": by_indicator[i.pk],
            "chart": measurement_chart(chart_id=f"chart-{i.pk}", indicator=i, measurements=by_indicator[i.pk]),
        }
        for i in indicators
    ]


def measurement_imports(agreement: Agreement) -> QuerySet[MeasurementImport]:
    return MeasurementImport.objects.filter(agreement=agreement).select_related("imported_by")[:10]


def input_requests_of(agreement: Agreement) -> list[InputRequest]:
    return list(
        InputRequest.objects.filter(agreement=agreement).select_related("created_by")
        .annotate(invited=Count("invitations"),
                  answered_count=Count("invitations", filter=Q(invitations__answered=True)))
    )


def shared_profile_for(agreement: Agreement, person: Person):
    """The leader's latest 360 profile when this person may see it (the leader; the superior
    only when the leader has shared it)."""
    from resultatavtaler.feedback.models import LeaderProfile

    profile = (
        LeaderProfile.objects.filter(leader_id=agreement.leader_id, organisation_id=agreement.organisation_id)
        .select_related("round__superior").order_by("-created_at").first()
    )
    if profile is not None and permissions.can_view_leader_profile(person, profile):
        return profile
    return None


def midyear_reviews_of(agreement: Agreement) -> QuerySet[MidyearReview]:
    return MidyearReview.objects.filter(agreement=agreement).prefetch_related("participants").select_related(
        "recorded_by")


def progress_of(agreement: Agreement) -> dict:
    """States and dates only: what a process owner may see of the follow-up."""
    se = SelfEvaluation.objects.filter(agreement=agreement).only("submitted_at").first()
    a = Assessment.objects.filter(agreement=agreement).only(
        "conversation_at", "completed_at", "leader_acknowledged_at", "superior_acknowledged_at").first()
    from .services.evaluation import self_evaluation_due

    return {
        "state": agreement.get_state_display(),
        "self_evaluation_due": self_evaluation_due(agreement),
        "self_evaluation_submitted": se.submitted_at if se else None,
        "conversation_at": a.conversation_at if a else None,
        "assessed_at": a.completed_at if a else None,
        "leader_acknowledged_at": a.leader_acknowledged_at if a else None,
        "superior_acknowledged_at": a.superior_acknowledged_at if a else None,
        "midyear_dates": list(MidyearReview.objects.filter(agreement=agreement).values_list("date", flat=True)),
        "input_requests": [
            {"deadline": ir.deadline, "state": ir.get_state_display(), "invited": ir.invited,
             "answered": ir.answered_count}
            for ir in input_requests_of(agreement)
        ],
    }


# --- input requests --------------------------------------------------------------------------

def open_invitations_for(person: Person) -> QuerySet[InputInvitation]:
    """The input requests the person has yet to answer, as the home page and the follow-up page
    list them: the unit, its leader and the deadline — not the agreement's sections or the
    request's form."""
    return (
        InputInvitation.objects.filter(
            person=person, answered=False, request__state=InputRequestState.OPEN,
            request__deadline__gte=timezone.localdate(),
        )
        .select_related("request__agreement__leader", "request__agreement__unit")
        .only("id", "request__deadline", "request__agreement__unit__name", "request__agreement__leader__name")
    )


def invitation_by_token(token: str) -> InputInvitation | None:
    from .services.input_requests import token_hash

    if not token or len(token) > 100:
        return None
    return InputInvitation.objects.select_related(
        "request__agreement__leader", "request__agreement__unit", "request__organisation"
    ).filter(token_hash=token_hash(token)).first()


def request_progress(input_request: InputRequest) -> dict:
    """While open: how many were asked and how many have answered in all — never per group,
    never who (a count per group would show, over time, which group someone belongs to)."""
    qs = InputInvitation.objects.filter(request=input_request)
    return {"invited": qs.count(), "answered": qs.filter(answered=True).count()}


def invited_by_group(input_request: InputRequest) -> list[dict]:
    from .constants import INPUT_GROUP_ORDER

    rows = dict(InputInvitation.objects.filter(request=input_request).values("group").annotate(n=Count("id"))
                .values_list("group", "n"))
    return [{"group": g.value, "label": g.label, "invited": rows.get(g.value, 0)} for g in INPUT_GROUP_ORDER
            if rows.get(g.value)]


# --- the pay-negotiation summary -------------------------------------------------------------

def pay_summary_rows(superior: Person, period: Period) -> list[dict]:
    agreements = (
        Agreement.objects.filter(organisation_id=superior.organisation_id, superior=superior, period=period)
        .select_related("leader", "unit", "assessment", "pay_note")
        .order_by("unit__path")
    )
    rows = []
    for ag in agreements:
        a = getattr(ag, "assessment", None)
        note = getattr(ag, "pay_note", None)
        rows.append({
            "agreement": ag,
            "leader": ag.leader,
            "unit": ag.unit,
            "state": ag.get_state_display(),
            "overall_label": a.overall_label if a and a.completed_at else {},
            "overall_value": a.overall_value if a and a.completed_at else None,
            "overall": a.overall if a and a.completed_at else "",
            "note": note.note if note else "",
        })
    return rows


def superiors_for_pay_summary(person: Person, period: Period) -> list[Person]:
    """Superiors with agreements in the period whose summary this person may read."""
    ids = set(Agreement.objects.filter(organisation_id=person.organisation_id, period=period)
              .values_list("superior_id", flat=True))
    people = Person.objects.filter(pk__in=ids).select_related("organisation", "unit").order_by("name")
    return [p for p in people if permissions.can_view_pay_summary(person, p)]


def pay_notes_of(superior: Person) -> QuerySet[PaySummaryNote]:
    return PaySummaryNote.objects.filter(agreement__superior=superior)
