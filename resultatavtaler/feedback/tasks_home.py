"""The 360 section of the home page ("Mine oppgaver"): questionnaires to answer, raters to
approve, a round to prepare, a profile that is ready."""

from __future__ import annotations

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from resultatavtaler.home.registry import Task, TaskSection

from . import selectors
from .constants import RaterGroup, RoundState
from .models import DevelopmentItem, FeedbackRound


def feedback_tasks(person) -> TaskSection | None:
    if person is None:
        return None
    today = timezone.localdate()
    tasks: list[Task] = []
    for inv in selectors.open_invitations_for(person):
        fr = inv.round
        title = (
            _("Answer your self-assessment in your 360 evaluation")
            if inv.group == RaterGroup.SELF
            else _("Answer a 360 for %(name)s") % {"name": fr.leader.name}
        )
        tasks.append(Task(title=title, url=reverse("feedback:answer_invitation", args=[inv.pk]), due=fr.deadline,
                          overdue=fr.deadline < today))
    for fr in selectors.rounds_awaiting_approval_by(person):
        tasks.append(Task(title=_("Approve raters for %(name)s") % {"name": fr.leader.name},
                          url=reverse("feedback:approve", args=[fr.pk]), due=fr.deadline))
    # The person's own rounds to prepare and their closed ones with a profile, newest closed
    # first: one statement (a leader has a round a year).
    own = (
        FeedbackRound.objects.filter(leader=person)
        .filter(Q(state=RoundState.PREPARING) | Q(state=RoundState.CLOSED, profile__isnull=False))
        .order_by(F("closed_at").desc(nulls_last=True), "-created_at", "-id")
        .only("id", "state", "deadline")
    )
    closed = None
    for fr in own:
        if fr.state == RoundState.PREPARING:
            tasks.append(Task(title=_("Choose raters for your 360 evaluation and send them for approval"),
                              url=reverse("feedback:round", args=[fr.pk]), due=fr.deadline))
        elif closed is None:
            closed = fr
    if closed is not None and not DevelopmentItem.objects.filter(plan__round=closed).exists():
        tasks.append(Task(
            title=_("Your leadership profile is ready"),
            url=reverse("feedback:profile", args=[closed.pk]),
            detail=_("Read it, decide whether to share it with your superior, and agree on a development plan."),
        ))
    if not tasks:
        return None
    return TaskSection(title=_("360-degree leadership evaluation"), tasks=tasks, order=60)
