"""The follow-up's contribution to the home page ("Mine oppgaver", DESIGN.md §8)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from resultatavtaler.home.registry import Task, TaskSection

from . import selectors
from .services.evaluation import loaded_assessment, self_evaluation_due

SHOW_DUE_WITHIN_DAYS = 45


def tasks_for(person) -> TaskSection | None:
    today = timezone.localdate()
    tasks: list[Task] = []
    for ag in selectors.agreements_with_follow_up_tasks(person):
        url = reverse("evaluations:agreement", args=[ag.pk])
        is_leader = ag.leader_id == person.pk
        a = loaded_assessment(ag)
        if is_leader and ag.state == "signed":
            due = self_evaluation_due(ag, a)
            if due is not None and (due - today).days <= SHOW_DUE_WITHIN_DAYS:
                days = (due - today).days
                title = (ngettext("Self-evaluation due in %(n)d day", "Self-evaluation due in %(n)d days", days)
                         % {"n": days}) if days >= 0 else _("Self-evaluation overdue")
                tasks.append(Task(title=title, url=reverse("evaluations:self_evaluation", args=[ag.pk]), due=due,
                                  overdue=days < 0, detail=ag.period.name))
        if a is not None and a.conversation_at and ag.state in ("signed", "self_evaluated"):
            when = timezone.localtime(a.conversation_at)
            if when.date() >= today:
                other = ag.superior if is_leader else ag.leader
                tasks.append(Task(
                    title=_("Conversation on %(date)s with %(name)s") % {
                        "date": date_format(when, "d.m."), "name": other.name},
                    url=url, due=when.date(), detail=date_format(when, "H:i"),
                ))
        if not is_leader and ag.state == "self_evaluated":
            tasks.append(Task(title=_("Assess the results of %(name)s") % {"name": ag.leader.name}, url=url,
                              detail=ag.period.name))
        if ag.state == "assessed" and a is not None:
            mine = a.leader_acknowledged_at if is_leader else a.superior_acknowledged_at
            if mine is None:
                tasks.append(Task(title=_("Acknowledge the assessment of %(name)s") % {"name": ag.leader.name}
                                  if not is_leader else _("Acknowledge your assessment"), url=url,
                                  detail=ag.period.name))
    for inv in selectors.open_invitations_for(person):
        ag = inv.request.agreement
        tasks.append(Task(title=_("Answer the input request on %(unit)s") % {"unit": ag.unit.name},
                          url=reverse("evaluations:answer_invitation", args=[inv.pk]), due=inv.request.deadline,
                          detail=ag.leader.name))
    if not tasks:
        return None
    tasks.sort(key=lambda t: (t.due is None, t.due or today))
    return TaskSection(title=_("Follow-up and assessment"), tasks=tasks, order=30)
