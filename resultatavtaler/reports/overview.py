"""The process overview (DESIGN.md §8 "Overview"; seed 2.9: someone must "hold" the process):
for one period and a unit subtree, every leader who is to have an agreement, with the
agreement's state, the next milestone, an overdue flag, and progress counts of input requests
and 360 rounds — never ratings, comments or results.

Fixed number of queries whatever the number of leaders: one queryset of `Person` rows, the
agreement and the participation joined in through `FilteredRelation`, the counts as
correlated aggregate subqueries, the overdue flag and the sort keys as SQL `CASE`s built
from the period's milestone dates. A page is the paginator's COUNT plus one SELECT, the state
counts one GROUP BY, the XLSX export one streamed SELECT (`.iterator()`).

Who sees what: an organisation-wide process owner sees every leader; a subtree process owner
and a leader of units (a superior) see their subtrees, and a superior also every agreement
that names them. Scope and filters are applied in SQL, never after loading.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    CharField,
    Count,
    DateTimeField,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resultatavtaler.accounts import permissions
from resultatavtaler.agreements.constants import AgreementState
from resultatavtaler.agreements.models import Agreement, Period, PeriodParticipant
from resultatavtaler.evaluations.constants import SELF_EVALUATION_LEAD_DAYS, InputRequestState
from resultatavtaler.evaluations.models import InputInvitation
from resultatavtaler.feedback.constants import InvitationState, RoundState
from resultatavtaler.feedback.models import Invitation
from resultatavtaler.organisations.constants import GrantedRole
from resultatavtaler.organisations.models import Person, Unit

NOT_STARTED = "not_started"
# The states in workflow order, "not started" first (the chart's bars and the state sort).
STATE_ORDER = [NOT_STARTED, *AgreementState.values]
STATE_LABELS = {NOT_STARTED: _("Not started"), **{s.value: s.label for s in AgreementState}}
OPEN_STATES = (AgreementState.DRAFT, AgreementState.IN_REVIEW)


class Overdue:
    """Which milestone a leader is past (the first that applies, in workflow order)."""

    DRAFTS = "drafts"
    SIGNING = "signing"
    SELF_EVALUATION = "self_evaluation"
    ASSESSMENT = "assessment"
    LABELS = {
        DRAFTS: _("Draft overdue"),
        SIGNING: _("Signing overdue"),
        SELF_EVALUATION: _("Self-evaluation overdue"),
        ASSESSMENT: _("Assessment overdue"),
    }


SORTS = {
    "name": ("name",),
    "unit": ("row_unit_path", "name"),
    "state": ("state_rank", "name"),
    "due": ("next_due", "name"),
    "overdue": ("overdue_rank", "next_due", "name"),
}


@dataclass
class OverviewScope:
    """What one viewer may see: everything, or unit subtrees (by path) and the agreements that
    name them as superior."""

    organisation_id: int
    everything: bool = False
    paths: list[str] = field(default_factory=list)
    superior_id: int | None = None
    is_process_owner: bool = False

    def q(self) -> Q:
        if self.everything:
            return Q()
        q = Q(pk__in=[])
        for path in self.paths:
            q |= Q(row_unit_path__startswith=path)
        if self.superior_id is not None:
            q |= Q(ag__superior_id=self.superior_id)
        return q

    def allows_unit(self, unit: Unit) -> bool:
        return self.everything or any(unit.path.startswith(p) for p in self.paths)


def overview_scope(person: Person | None) -> OverviewScope | None:
    """None when the person holds no process and leads no unit (the page answers 403).
    At most two queries (the grants and the led units), shared with the request's other
    permission checks."""
    if person is None:
        return None
    scope = OverviewScope(organisation_id=person.organisation_id)
    grants = permissions.role_scopes(person, GrantedRole.PROCESS_OWNER)
    scope.is_process_owner = bool(grants)
    if any(path is None for path in grants):
        scope.everything = True
        return scope
    scope.paths = list(grants)
    led = permissions.led_unit_paths(person)
    if not grants and not led:
        return None
    scope.paths += led
    if led:
        scope.superior_id = person.pk
    # Keep only the outermost paths (a subtree inside another adds nothing).
    paths = sorted(set(scope.paths), key=len)
    scope.paths = [p for i, p in enumerate(paths) if not any(p.startswith(q) for q in paths[:i])]
    return scope


def units_for_filter(scope: OverviewScope) -> QuerySet[Unit]:
    qs = Unit.objects.filter(organisation_id=scope.organisation_id)
    if not scope.everything:
        q = Q(pk__in=[])
        for path in scope.paths:
            q |= Q(path__startswith=path)
        qs = qs.filter(q)
    return qs.order_by("path")


def periods_for(organisation_id: int) -> QuerySet[Period]:
    return Period.objects.filter(organisation_id=organisation_id).order_by("-start", "name")


def _midnight(day: datetime.date) -> datetime.datetime:
    """The start of a day in Europe/Oslo, as an aware datetime (comparable to conversation_at)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _count_subquery(qs: QuerySet, group_by: str) -> Coalesce:
    return Coalesce(
        Subquery(qs.order_by().values(group_by).annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()),
        Value(0),
    )


def _state_expr():
    return Coalesce(F("ag__state"), Value(NOT_STARTED), output_field=CharField())


def _overdue_expr(period: Period, today: datetime.date) -> Case:
    not_signed = Q(ag__state__isnull=True) | Q(ag__state__in=OPEN_STATES)
    whens = []
    if period.drafts_due and period.drafts_due < today:
        whens.append(When(Q(ag__state__isnull=True) | Q(ag__state=AgreementState.DRAFT), then=Value(Overdue.DRAFTS)))
    if period.signing_due and period.signing_due < today:
        whens.append(When(not_signed, then=Value(Overdue.SIGNING)))
    # Self-evaluation: due SELF_EVALUATION_LEAD_DAYS before the conversation, or at the
    # period's milestone while no conversation is set (evaluations.services.self_evaluation_due).
    lead_limit = _midnight(today + datetime.timedelta(days=SELF_EVALUATION_LEAD_DAYS))
    self_late = Q(ag__state=AgreementState.SIGNED, conversation_at__isnull=False, conversation_at__lt=lead_limit)
    if period.self_evaluations_due and period.self_evaluations_due < today:
        self_late |= Q(ag__state=AgreementState.SIGNED, conversation_at__isnull=True)
    whens.append(When(self_late, then=Value(Overdue.SELF_EVALUATION)))
    if period.assessment_to and period.assessment_to < today:
        whens.append(
            When(
                ag__state__in=(AgreementState.SIGNED, AgreementState.SELF_EVALUATED, AgreementState.ASSESSED),
                then=Value(Overdue.ASSESSMENT),
            )
        )
    return Case(*whens, default=Value(""), output_field=CharField())


def _next_due_expr(period: Period) -> Case:
    """The date the leader's next step is due, by state (sort key; rows show it too)."""

    def at(day: datetime.date | None):
        return Value(_midnight(day) if day else None, output_field=DateTimeField())

    lead = datetime.timedelta(days=SELF_EVALUATION_LEAD_DAYS)
    return Case(
        When(
            Q(ag__state__isnull=True) | Q(ag__state=AgreementState.DRAFT),
            then=at(period.drafts_due or period.signing_due),
        ),
        When(ag__state=AgreementState.IN_REVIEW, then=at(period.signing_due)),
        When(
            ag__state=AgreementState.SIGNED,
            then=Coalesce(
                F("conversation_at") - Value(lead), at(period.self_evaluations_due), output_field=DateTimeField()
            ),
        ),
        When(
            ag__state=AgreementState.SELF_EVALUATED,
            then=Coalesce(F("conversation_at"), at(period.assessment_to), output_field=DateTimeField()),
        ),
        When(ag__state=AgreementState.ASSESSED, then=at(period.assessment_to)),
        default=Value(None, output_field=DateTimeField()),
        output_field=DateTimeField(),
    )


def _leaders_of(period: Period) -> QuerySet[Person]:
    """Every leader who is to have (or has) an agreement in the period, with the period's
    agreement (`ag`) and participation (`pp`) as relations, and their state (`row_state`)."""
    participants = PeriodParticipant.objects.filter(period=period).order_by().values("person_id")
    leaders = Agreement.objects.filter(period=period).order_by().values("leader_id")
    return (
        Person.objects.filter(organisation_id=period.organisation_id)
        # One UNION of ids rather than "in the participants OR in the leaders": PostgreSQL
        # estimates the union's size (the OR it took for a tenth of the organisation's persons
        # and planned parallel scans for) and semi-joins it.
        .filter(pk__in=participants.union(leaders))
        .alias(
            ag=FilteredRelation("agreements", condition=Q(agreements__period_id=period.pk)),
            pp=FilteredRelation("participations", condition=Q(participations__period_id=period.pk)),
        )
        .annotate(row_state=_state_expr())
    )


def _counting_base(period: Period, *, with_unit: bool) -> QuerySet[Person]:
    """`_leaders_of` with only what counting by state and scoping need: the unit path only when
    the scope or the filter asks by unit. SQLite keeps every LEFT JOIN a query names, used or
    not, so counting 5,000 leaders through the overview's seven joins took it twice as long as
    through the one to their agreements (PostgreSQL drops the unused joins itself)."""
    qs = _leaders_of(period)
    if with_unit:
        qs = qs.annotate(row_unit_path=Coalesce(F("ag__unit__path"), F("pp__unit__path")))
    return qs


def overview_base(period: Period, *, today: datetime.date | None = None) -> QuerySet[Person]:
    """Every leader who is to have (or has) an agreement in the period, annotated; unscoped
    (callers add the viewer's scope with `overview_rows`; the reminders use it whole)."""
    today = today or timezone.localdate()
    inputs = InputInvitation.objects.filter(request__agreement_id=OuterRef("agreement_pk")).exclude(
        request__state=InputRequestState.CANCELLED
    )
    rounds_360 = Invitation.objects.filter(
        round__leader_id=OuterRef("pk"),
        round__deadline__gte=period.start,
        round__deadline__lte=period.end,
        state=InvitationState.APPROVED,
    ).exclude(round__state=RoundState.CANCELLED)
    state_rank = Case(
        *[When(row_state=s, then=Value(i)) for i, s in enumerate(STATE_ORDER)], output_field=IntegerField()
    )
    return (
        _leaders_of(period)
        .annotate(
            agreement_pk=F("ag__pk"),
            superior_name=F("ag__superior__name"),
            row_unit_path=Coalesce(F("ag__unit__path"), F("pp__unit__path")),
            row_unit_name=Coalesce(F("ag__unit__name"), F("pp__unit__name")),
            row_unit_code=Coalesce(F("ag__unit__code"), F("pp__unit__code")),
            signed_at=F("ag__signed_at"),
            conversation_at=F("ag__assessment__conversation_at"),
        )
        .annotate(
            overdue=_overdue_expr(period, today),
            next_due=_next_due_expr(period),
            input_invited=_count_subquery(inputs, "request__agreement_id"),
            input_answered=_count_subquery(inputs.filter(answered=True), "request__agreement_id"),
            feedback_invited=_count_subquery(rounds_360, "round__leader_id"),
            feedback_answered=_count_subquery(rounds_360.filter(used_at__isnull=False), "round__leader_id"),
        )
        .annotate(state_rank=state_rank)
        .annotate(overdue_rank=Case(When(overdue="", then=Value(1)), default=Value(0), output_field=IntegerField()))
    )


@dataclass
class OverviewFilter:
    unit: Unit | None = None
    state: str = ""
    overdue_only: bool = False
    sort: str = "unit"
    descending: bool = False


def _filtered(qs: QuerySet[Person], scope: OverviewScope, flt: OverviewFilter, ignore_state: bool) -> QuerySet[Person]:
    qs = qs.filter(scope.q())
    if flt.unit is not None:
        qs = qs.filter(row_unit_path__startswith=flt.unit.path)
    if flt.state and not ignore_state:
        qs = qs.filter(row_state=flt.state)
    if flt.overdue_only:
        qs = qs.exclude(overdue="")
    return qs


def overview_rows(
    *, period: Period, scope: OverviewScope, flt: OverviewFilter | None = None, today: datetime.date | None = None,
    ignore_state: bool = False, base: QuerySet[Person] | None = None,
) -> QuerySet[Person]:
    """The viewer's rows of the period, filtered and sorted (one SELECT when evaluated).
    `base`: `overview_base` for the period and day, when the caller has built it already
    (building its annotated expressions costs more than cloning it)."""
    flt = flt or OverviewFilter()
    qs = _filtered(base if base is not None else overview_base(period, today=today), scope, flt, ignore_state)
    keys = SORTS.get(flt.sort, SORTS["unit"])
    order = []
    for i, key in enumerate(keys):
        expr = F(key)
        desc = flt.descending and i == 0
        order.append(expr.desc(nulls_last=True) if desc else expr.asc(nulls_last=True))
    return qs.order_by(*order, "pk")


class OverviewPageRows:
    """The rows for `Paginator`, fetched a page at a time in two steps.

    Sorting 5,000 leaders' rows with every column shown (the joined superior and assessment,
    the four counting subqueries, the CASEs) cost more than twice as much as sorting their ids:
    PostgreSQL leaves out the joins the sort and the filters do not use. So the first SELECT
    gives the ids of the page in order, the second the annotated rows of those ids, put back in
    that order. `total`, when known (from `state_counts`), saves the paginator's COUNT."""

    def __init__(self, rows: QuerySet[Person], *, total: int | None = None):
        self.rows, self.total = rows, total

    def count(self) -> int:
        if self.total is None:
            self.total = self.rows.count()
        return self.total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Person]:
        if not isinstance(index, slice):
            raise TypeError("OverviewPageRows is sliced by pages only")
        ids = list(self.rows.values_list("pk", flat=True)[index])
        found = {row.pk: row for row in self.rows.filter(pk__in=ids).order_by()}
        # A row gone between the two SELECTs (a person removed this instant) is left out.
        return [found[pk] for pk in ids if pk in found]


def total_from_counts(counts: list[dict], flt: OverviewFilter) -> int:
    """The number of rows `overview_rows` gives for the filter, from `state_counts` for the same
    filter (which leaves the state filter out and keeps the others)."""
    if flt.state:
        return sum(c["count"] for c in counts if c["state"] == flt.state)
    return sum(c["count"] for c in counts)


def state_counts(*, period: Period, scope: OverviewScope, flt: OverviewFilter | None = None,
                 today: datetime.date | None = None, base: QuerySet[Person] | None = None) -> list[dict]:
    """Leaders per state (every state, zeros included, workflow order) for the chart and its
    table; the state filter is left out so the chart shows the whole distribution. One query,
    joining only what the filter needs (`_counting_base`) unless it asks for the overdue."""
    flt = flt or OverviewFilter()
    if flt.overdue_only:
        source = base if base is not None else overview_base(period, today=today)
    else:
        source = _counting_base(period, with_unit=flt.unit is not None or not scope.everything)
    qs = _filtered(source, scope, flt, ignore_state=True)
    found = {r["row_state"]: r["n"] for r in qs.order_by().values("row_state").annotate(n=Count("pk"))}
    return [{"state": s, "label": STATE_LABELS[s], "count": found.get(s, 0)} for s in STATE_ORDER]


def overdue_counts(*, period: Period, scope: OverviewScope, today: datetime.date | None = None) -> dict[str, int]:
    """Overdue leaders per milestone in the scope (the process owners' weekly summary)."""
    qs = overview_rows(period=period, scope=scope, today=today).exclude(overdue="")
    return {r["overdue"]: r["n"] for r in qs.order_by().values("overdue").annotate(n=Count("pk"))}


# --- presentation helpers (pure Python on an annotated row; no queries) ----------------------

NEXT_STEP_LABELS = {
    NOT_STARTED: _("Draft due"),
    AgreementState.DRAFT: _("Draft due"),
    AgreementState.IN_REVIEW: _("Signing due"),
    AgreementState.SIGNED: _("Self-evaluation due"),
    AgreementState.SELF_EVALUATED: _("Assessment conversation"),
    AgreementState.ASSESSED: _("Acknowledgement due"),
}


def next_due_date(row) -> datetime.date | None:
    value = getattr(row, "next_due", None)
    if value is None:
        return None
    if isinstance(value, str):  # SQLite may hand back date arithmetic as text
        value = datetime.datetime.fromisoformat(value)
    if isinstance(value, datetime.datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value, datetime.UTC)
        return timezone.localtime(value).date()
    return value


def decorate(row) -> object:
    """Attach display values to an annotated row: state label, next step and its date."""
    row.state_label = STATE_LABELS.get(row.row_state, row.row_state)
    row.next_step_label = NEXT_STEP_LABELS.get(row.row_state, "")
    row.next_due_date = next_due_date(row)
    row.overdue_label = Overdue.LABELS.get(row.overdue, "")
    row.conversation_date = timezone.localtime(row.conversation_at).date() if row.conversation_at else None
    return row
