"""The 360 part of the home page: who is asked to approve raters, and the leader's own rounds
(one to prepare, the newest profile to act on) read in one query."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from resultatavtaler.feedback import services
from resultatavtaler.feedback.constants import RaterGroup, RoundState
from resultatavtaler.feedback.models import FeedbackRound, Invitation
from resultatavtaler.feedback.selectors import rounds_awaiting_approval_by
from resultatavtaler.feedback.tasks_home import feedback_tasks
from resultatavtaler.organisations.constants import UnitKind
from resultatavtaler.organisations.services import unit_create
from resultatavtaler.organisations.tests.factories import person_with_login

from .helpers import answer_all, open_round

pytestmark = pytest.mark.django_db


def _deadline():
    return timezone.localdate() + timedelta(days=14)


def test_a_round_without_a_superior_waits_for_the_process_owner_only(cast, django_capture_on_commit_callbacks):
    top = services.round_start(leader=cast.director, actor=cast.director, deadline=_deadline())
    assert top.superior_id is None
    # A second unit at the top of the tree, whose leader has no superior either.
    agency = unit_create(organisation=cast.organisation, code="TD-ETAT", name="Testetaten", kind=UnitKind.AGENCY)
    agency.leader = person_with_login(organisation=cast.organisation, unit=agency, name="Edel Etatsleder",
                                      username="agencyhead", title="Direktør")
    agency.save(update_fields=["leader"])
    second_top = services.round_start(leader=agency.leader, actor=agency.leader, deadline=_deadline())
    assert second_top.superior_id is None
    services.invitation_propose(feedback_round=second_top, actor=agency.leader, group=RaterGroup.PEERS,
                                person=cast.other_leader)
    below = services.round_start(leader=cast.leader, actor=cast.leader, deadline=_deadline())
    assert below.superior_id == cast.superior.pk
    # Nothing proposed and sent yet: nobody has anything to approve.
    assert rounds_awaiting_approval_by(cast.process_owner) == []
    services.round_submit_raters(feedback_round=top, actor=cast.director)
    services.round_submit_raters(feedback_round=second_top, actor=agency.leader)
    services.round_submit_raters(feedback_round=below, actor=cast.leader)

    assert sorted(fr.pk for fr in rounds_awaiting_approval_by(cast.process_owner)) == sorted([top.pk, second_top.pk])
    assert [fr.pk for fr in rounds_awaiting_approval_by(cast.superior)] == [below.pk]
    for person in (cast.employee, cast.leader, cast.other_leader, cast.director):
        assert rounds_awaiting_approval_by(person) == []
    # Someone who is no process owner reads only the rounds that name them: the grants and
    # one statement, not a permission question per round without a superior.
    with CaptureQueriesContext(connection) as read:
        rounds_awaiting_approval_by(cast.employee)
    assert len(read.captured_queries) == 2
    # The process owner's answer, permission questions on each round's unit included, reads the
    # rounds, their leaders and units in one statement (no deferred field loaded afterwards),
    # without the questionnaire.
    with CaptureQueriesContext(connection) as read:
        assert len(rounds_awaiting_approval_by(cast.process_owner)) == 2
    rounds = [q["sql"] for q in read.captured_queries if '"organisations_rolegrant"' not in q["sql"]]
    assert len(rounds) == 1 and '"questionnaire"' not in rounds[0]

    with django_capture_on_commit_callbacks(execute=True):
        services.round_approve_raters(feedback_round=top, actor=cast.process_owner)
    assert [fr.pk for fr in rounds_awaiting_approval_by(cast.process_owner)] == [second_top.pk]


def _titles_and_urls(section):
    return [(t.title, t.url) for t in section.tasks] if section else []


def test_the_leaders_own_rounds_give_a_task_to_prepare_and_the_newest_profile(
    cast, django_capture_on_commit_callbacks
):
    ready = "Your leadership profile is ready"
    assert feedback_tasks(cast.leader) is None

    older, _tokens = open_round(cast, django_capture_on_commit_callbacks)
    answer_all(older, RaterGroup.SELF, 4)
    with django_capture_on_commit_callbacks(execute=True):
        services.round_close(feedback_round=older, actor=cast.leader)
    newer, _tokens = open_round(cast, django_capture_on_commit_callbacks)
    answer_all(newer, RaterGroup.SELF, 3)
    with django_capture_on_commit_callbacks(execute=True):
        services.round_close(feedback_round=newer, actor=cast.leader)
    newer.refresh_from_db()
    # The newest by when it closed, whatever the ids say.
    FeedbackRound.objects.filter(pk=older.pk).update(closed_at=newer.closed_at + timedelta(days=1))
    preparing = services.round_start(leader=cast.leader, actor=cast.leader, deadline=_deadline())
    assert preparing.state == RoundState.PREPARING

    tasks = _titles_and_urls(feedback_tasks(cast.leader))
    assert (ready, reverse("feedback:profile", args=[older.pk])) in tasks
    assert (ready, reverse("feedback:profile", args=[newer.pk])) not in tasks
    assert any(url == reverse("feedback:round", args=[preparing.pk]) for _title, url in tasks)

    # Once a development plan is begun on that profile, it no longer asks for anything.
    older.refresh_from_db()
    services.development_item_create(feedback_round=older, actor=cast.leader, goal="Tydeligere prioriteringer")
    tasks = _titles_and_urls(feedback_tasks(cast.leader))
    assert not any(title == ready for title, _url in tasks)
    assert any(url == reverse("feedback:round", args=[preparing.pk]) for _title, url in tasks)


def test_a_rater_is_asked_to_answer_and_the_task_reads_no_questionnaire(cast, django_capture_on_commit_callbacks):
    fr, _tokens = open_round(cast, django_capture_on_commit_callbacks)
    rater = Invitation.objects.get(round=fr, group=RaterGroup.DIRECT_REPORTS, person=cast.employee)
    with CaptureQueriesContext(connection) as read:
        tasks = feedback_tasks(cast.employee).tasks
    assert [(t.title, t.url, t.due) for t in tasks] == [
        (f"Answer a 360 for {cast.leader.name}", reverse("feedback:answer_invitation", args=[rater.pk]), fr.deadline)
    ]
    # The task needs the leader's name and the deadline, not the round's questionnaire.
    selected = [q["sql"].split(" FROM ")[0] for q in read.captured_queries if '"feedback_invitation"."id"' in q["sql"]]
    assert len(selected) == 1 and '"questionnaire"' not in selected[0]
    # Once answered, nothing is left to do.
    answer_all(fr, RaterGroup.DIRECT_REPORTS, 4)
    assert feedback_tasks(cast.employee) is None
