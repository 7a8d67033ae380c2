"""Reminders, run once a day by `manage.py send_reminders [--today YYYY-MM-DD]` (cron or a
systemd timer; docs/operations.md). Each reminder is an in-app notification plus an e-mail
sent by the background worker, in the recipient's language (`notify`).

What is sent, and how often (the cadence reads ReminderLog, so a second run the same day —
or a run on two hosts at once — sends nothing twice: the log row is unique per kind, object,
person and day, and is written in the same transaction as the notification):

* draft due soon (≤ REMIND_BEFORE_DAYS before "drafts due"), once — to leaders without an
  agreement or with a draft; draft overdue, every REPEAT_OVERDUE_DAYS;
* signing due soon / overdue ("signing due"), to whoever of leader and superior has still to
  sign (a draft: the leader; in review: both, less anyone who has signed the pending version);
* self-evaluation due in ≤ 7 days (the due date is 7 days before the conversation, or the
  period's milestone), once per due date — to the leader;
* the overdue summary to process owners (counts per milestone for their scope), weekly;
* input requests closing within INPUT_REQUEST_REMIND_DAYS, once, to invited people with a
  login who have not answered (the link opens the form from their account); those asked by
  e-mail link only get a fresh single-use link from the evaluations app
  (`input_requests_remind_due`, at most every few days, also after the sender's own reminder);
* an agreement in force is announced to its unit (`announce_published`), once per version;
* the 360 reminders of the feedback app (`reminders_send`, its own three-day rule).
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from resultatavtaler.agreements.constants import AgreementState, PeriodState
from resultatavtaler.agreements.models import Agreement, Period, Signature
from resultatavtaler.evaluations.constants import SELF_EVALUATION_LEAD_DAYS
from resultatavtaler.organisations.constants import GrantedRole
from resultatavtaler.organisations.models import Person, RoleGrant

from .models import ReminderLog
from .services import notify

REMIND_BEFORE_DAYS = 7
REPEAT_OVERDUE_DAYS = 7
INPUT_REQUEST_REMIND_DAYS = 3
ANNOUNCE_WITHIN_DAYS = 7  # a version signed longer ago than this is not announced by the daily run


class Kind:
    DRAFT_DUE_SOON = "reminder.draft_due_soon"
    DRAFT_OVERDUE = "reminder.draft_overdue"
    SIGNING_DUE_SOON = "reminder.signing_due_soon"
    SIGNING_OVERDUE = "reminder.signing_overdue"
    SELF_EVALUATION_DUE = "reminder.self_evaluation_due"
    OVERDUE_SUMMARY = "reminder.overdue_summary"
    INPUT_REQUEST = "reminder.input_request"
    PUBLISHED = "agreement.published"


@dataclass
class _Target:
    kind: str
    object_type: str
    object_id: int
    person: Person
    since: datetime.date | None  # skip when a log exists on or after this day (None: ever)


def _send_once(target: _Target, *, today: datetime.date, template: str, context: dict, url: str) -> bool:
    """Log and notify in one transaction; False when the cadence says it was already sent."""
    person = target.person
    if person is None or not person.is_active:
        return False
    logs = ReminderLog.objects.filter(
        kind=target.kind, object_type=target.object_type, object_id=target.object_id, person=person
    )
    if target.since is not None:
        logs = logs.filter(date__gte=min(target.since, today))
    if logs.exists():
        return False
    try:
        with transaction.atomic():
            ReminderLog.objects.create(
                organisation_id=person.organisation_id, kind=target.kind, object_type=target.object_type,
                object_id=target.object_id, person=person, date=today,
            )
            notify(person=person, kind=target.kind, template=template, context=context, url=url)
    except IntegrityError:  # the same reminder was logged by a concurrent run
        return False
    return True


def _days(due: datetime.date, today: datetime.date) -> int:
    return (due - today).days


def _pending_signers(agreement_ids: list[int]) -> dict[int, set[str]]:
    """Per agreement in review, the roles that have signed the pending (not yet in force) version."""
    out: dict[int, set[str]] = {}
    for agreement_id, role in Signature.objects.filter(
        version__agreement_id__in=agreement_ids, version__is_in_force=False, voided_at__isnull=True
    ).values_list("version__agreement_id", "role"):
        out.setdefault(agreement_id, set()).add(role)
    return out


def _period_reminders(period: Period, today: datetime.date, counts: Counter) -> None:
    from resultatavtaler.reports.overview import overview_base

    rows = list(overview_base(period, today=today).select_related("organisation"))
    agreements = {
        a.pk: a
        for a in Agreement.objects.filter(pk__in=[r.agreement_pk for r in rows if r.agreement_pk]).select_related(
            "superior", "leader", "period", "organisation"
        )
    }
    in_review = [pk for pk, a in agreements.items() if a.state == AgreementState.IN_REVIEW]
    signed_roles = _pending_signers(in_review)
    base = {"period_name": period.name}
    for row in rows:
        ag = agreements.get(row.agreement_pk)
        state = ag.state if ag else None
        url = reverse("agreements:detail", args=[ag.pk]) if ag else reverse("home:index")
        # Drafts.
        if period.drafts_due and state in (None, AgreementState.DRAFT):
            days = _days(period.drafts_due, today)
            ctx = {**base, "due": period.drafts_due, "days": days, "started": ag is not None}
            if 0 <= days <= REMIND_BEFORE_DAYS:
                t = _Target(Kind.DRAFT_DUE_SOON, "period", period.pk, row,
                            period.drafts_due - datetime.timedelta(days=REMIND_BEFORE_DAYS))
                counts["draft_due_soon"] += _send_once(t, today=today, template="reminder_draft_due",
                                                       context=ctx, url=url)
            elif days < 0:
                t = _Target(Kind.DRAFT_OVERDUE, "period", period.pk, row,
                            today - datetime.timedelta(days=REPEAT_OVERDUE_DAYS - 1))
                counts["draft_overdue"] += _send_once(t, today=today, template="reminder_draft_due",
                                                      context={**ctx, "overdue": True}, url=url)
        # Signing.
        if period.signing_due and ag is not None and state in (AgreementState.DRAFT, AgreementState.IN_REVIEW):
            days = _days(period.signing_due, today)
            if days <= REMIND_BEFORE_DAYS:
                people = [ag.leader]
                if state == AgreementState.IN_REVIEW:
                    signed = signed_roles.get(ag.pk, set())
                    people = [p for p, role in ((ag.leader, "leader"), (ag.superior, "superior"))
                              if role not in signed]
                overdue = days < 0
                kind = Kind.SIGNING_OVERDUE if overdue else Kind.SIGNING_DUE_SOON
                since = (today - datetime.timedelta(days=REPEAT_OVERDUE_DAYS - 1) if overdue
                         else period.signing_due - datetime.timedelta(days=REMIND_BEFORE_DAYS))
                for person in people:
                    ctx = {**base, "due": period.signing_due, "days": days, "overdue": overdue,
                           "leader_name": ag.leader.name, "superior_name": ag.superior.name,
                           "for_leader": person.pk == ag.leader_id, "in_review": state == AgreementState.IN_REVIEW}
                    counts["signing_overdue" if overdue else "signing_due_soon"] += _send_once(
                        _Target(kind, "agreement", ag.pk, person, since), today=today,
                        template="reminder_signing_due", context=ctx, url=url)
        # Self-evaluation (7 days before the conversation, or the period's milestone).
        if state == AgreementState.SIGNED:
            conversation = timezone.localtime(row.conversation_at) if row.conversation_at else None
            lead = datetime.timedelta(days=SELF_EVALUATION_LEAD_DAYS)
            due = (conversation.date() - lead) if conversation else period.self_evaluations_due
            if due is not None and 0 <= _days(due, today) <= REMIND_BEFORE_DAYS:
                ctx = {**base, "due": due, "days": _days(due, today), "conversation": conversation}
                t = _Target(Kind.SELF_EVALUATION_DUE, "agreement", ag.pk, ag.leader,
                            due - datetime.timedelta(days=REMIND_BEFORE_DAYS))
                counts["self_evaluation_due"] += _send_once(
                    t, today=today, template="reminder_self_evaluation_due", context=ctx,
                    url=reverse("evaluations:self_evaluation", args=[ag.pk]))


def _overdue_summaries(period: Period, today: datetime.date, counts: Counter) -> None:
    from resultatavtaler.reports.overview import Overdue, overdue_counts, overview_scope

    owners = Person.objects.filter(
        pk__in=RoleGrant.objects.filter(organisation_id=period.organisation_id,
                                        role=GrantedRole.PROCESS_OWNER).values("person_id"),
        is_active=True,
    ).select_related("organisation")
    for owner in owners:
        scope = overview_scope(owner)
        if scope is None:
            continue
        found = overdue_counts(period=period, scope=scope, today=today)
        total = sum(found.values())
        if not total:
            continue
        lines = [{"label": Overdue.LABELS[k], "count": found[k]} for k in Overdue.LABELS if found.get(k)]
        t = _Target(Kind.OVERDUE_SUMMARY, "period", period.pk, owner,
                    today - datetime.timedelta(days=REPEAT_OVERDUE_DAYS - 1))
        counts["overdue_summary"] += _send_once(
            t, today=today, template="reminder_overdue_summary",
            context={"period_name": period.name, "lines": lines, "total": total},
            url=reverse("overview:index") + f"?period={period.pk}&overdue=on")


def _input_request_reminders(today: datetime.date, counts: Counter, organisation=None) -> None:
    from resultatavtaler.evaluations.constants import InputRequestState
    from resultatavtaler.evaluations.models import InputInvitation

    invitations = InputInvitation.objects.filter(
        request__state=InputRequestState.OPEN,
        request__deadline__gte=today,
        request__deadline__lte=today + datetime.timedelta(days=INPUT_REQUEST_REMIND_DAYS),
        answered=False,
        person__isnull=False,
        person__user__isnull=False,
        person__is_active=True,
    ).select_related("person__organisation", "request__agreement__leader", "request__agreement__unit")
    if organisation is not None:
        invitations = invitations.filter(request__organisation=organisation)
    for inv in invitations:
        ag = inv.request.agreement
        t = _Target(Kind.INPUT_REQUEST, "input_invitation", inv.pk, inv.person, None)
        counts["input_request"] += _send_once(
            t, today=today, template="reminder_input_request",
            context={"leader_name": ag.leader.name, "unit_name": ag.unit.name, "deadline": inv.request.deadline},
            url=reverse("evaluations:answer_invitation", args=[inv.pk]))


def announce_published(*, agreement: Agreement, today: datetime.date | None = None) -> int:
    """Tell the unit's members (the leader and superior excepted) that the version in force
    can be read; once per version and person."""
    today = today or timezone.localdate()
    if agreement.in_force_version_id is None:
        return 0
    members = Person.objects.filter(
        organisation_id=agreement.organisation_id, unit_id=agreement.unit_id, is_active=True
    ).exclude(pk__in=[agreement.leader_id, agreement.superior_id]).select_related("organisation")
    ctx = {"leader_name": agreement.leader.name, "period_name": agreement.period.name,
           "unit_name": agreement.unit.name}
    url = reverse("agreements:detail", args=[agreement.pk])
    sent = 0
    for person in members:
        t = _Target(Kind.PUBLISHED, "agreement_version", agreement.in_force_version_id, person, None)
        sent += _send_once(t, today=today, template="unit_agreement_published", context=ctx, url=url)
    return sent


def send_reminders(*, today: datetime.date | None = None, organisation=None, include_feedback: bool = True) -> Counter:
    """Everything above for every open period (of one organisation, if given). Returns the
    number sent per kind."""
    today = today or timezone.localdate()
    counts: Counter = Counter()
    periods = Period.objects.filter(state=PeriodState.OPEN, start__lte=today + datetime.timedelta(days=60),
                                    end__gte=today - datetime.timedelta(days=60)).select_related("organisation")
    if organisation is not None:
        periods = periods.filter(organisation=organisation)
    for period in periods:
        _period_reminders(period, today, counts)
        _overdue_summaries(period, today, counts)
    _input_request_reminders(today, counts, organisation)
    from resultatavtaler.evaluations.services import input_requests_remind_due

    counts["input_request_link"] += input_requests_remind_due(today=today, organisation=organisation)
    recent = Agreement.objects.filter(
        in_force_version__isnull=False, signed_at__date__gte=today - datetime.timedelta(days=ANNOUNCE_WITHIN_DAYS),
        signed_at__date__lte=today,
    ).select_related("leader", "period", "unit")
    if organisation is not None:
        recent = recent.filter(organisation=organisation)
    for ag in recent:
        counts["published"] += announce_published(agreement=ag, today=today)
    if include_feedback:
        from resultatavtaler.feedback.services import reminders_send

        counts["feedback_360"] += reminders_send(today=today)
    return counts
