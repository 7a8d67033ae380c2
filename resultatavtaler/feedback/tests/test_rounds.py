"""Rounds end to end through the services and pages: the bank, raters and approval, token
links (single use, expiry), late answers, the frozen profile, reminders."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from resultatavtaler.core_errors import DomainError
from resultatavtaler.feedback import services
from resultatavtaler.feedback.bank_data import AREAS
from resultatavtaler.feedback.constants import InvitationState, RaterGroup, RoundState
from resultatavtaler.feedback.models import (
    AnswerDraft,
    BankStatement,
    FeedbackRound,
    Invitation,
    LeaderProfile,
    QuestionBank,
    Response,
)
from resultatavtaler.feedback.selectors import round_progress
from resultatavtaler.notifications.models import Notification

from .helpers import answer_all, open_round, tokens_in_outbox

pytestmark = pytest.mark.django_db


def test_builtin_bank_is_copied_once_in_three_languages(organisation):
    assert len(AREAS) >= 7
    bank = services.question_bank_ensure(organisation=organisation)
    again = services.question_bank_ensure(organisation=organisation)
    assert bank.pk == again.pk and QuestionBank.objects.count() == 1
    areas = list(bank.areas.all())
    assert len(areas) >= 7
    codes = {a.code for a in areas}
    assert {"mal-og-resultat", "motivasjon", "konflikthandtering", "handlekraft", "beslutningsdyktighet"} <= codes
    for a in areas:
        assert a.statements.count() >= 4
        for s in a.statements.all():
            assert s.text_nb and s.text_nn and s.text_en and s.text_nb != s.text_en
    assert bank.scale_min == 1 and bank.scale_max == 5


def test_start_invites_self_and_superior_and_proposes_direct_reports(cast):
    fr = services.round_start(leader=cast.leader, actor=cast.leader,
                              deadline=timezone.localdate() + timedelta(days=10))
    invs = {(i.group, i.person_id, i.state) for i in fr.invitations.all()}
    assert (RaterGroup.SELF, cast.leader.pk, InvitationState.APPROVED) in invs
    assert (RaterGroup.SUPERIOR, cast.superior.pk, InvitationState.APPROVED) in invs
    assert (RaterGroup.DIRECT_REPORTS, cast.employee.pk, InvitationState.PROPOSED) in invs
    assert fr.superior == cast.superior
    with pytest.raises(DomainError):
        services.round_start(leader=cast.leader, actor=cast.leader, deadline=timezone.localdate() + timedelta(days=9))


def test_a_round_freezes_its_questions(cast):
    fr = services.round_start(leader=cast.leader, actor=cast.leader,
                              deadline=timezone.localdate() + timedelta(days=10))
    before = fr.questionnaire
    statement = BankStatement.objects.filter(area__bank__organisation=cast.organisation).first()
    services.bank_statement_update(statement=statement, actor=cast.process_owner, text_nb="Endret", text_nn="Endra",
                                   text_en="Changed")
    area = statement.area
    services.bank_statement_create(area=area, actor=cast.process_owner, text_nb="Ny", text_nn="Ny", text_en="New")
    fr.refresh_from_db()
    assert fr.questionnaire == before
    assert "Endret" not in str(fr.questionnaire)


def test_only_process_owners_edit_the_bank(cast, client_for):
    bank = services.question_bank_ensure(organisation=cast.organisation)
    with pytest.raises(DomainError):
        services.bank_area_create(bank=bank, actor=cast.leader, name_nb="X", name_nn="X", name_en="X")
    assert client_for(cast.leader).get(reverse("feedback:bank")).status_code == 403
    c = client_for(cast.process_owner)
    r = c.post(reverse("feedback:bank_change"), {"action": "add_area", "newarea-nb": "Gjennomføringsevne",
                                                   "newarea-nn": "Gjennomføringsevne", "newarea-en": "Delivery"})
    assert r.status_code == 302
    assert bank.areas.filter(name_en="Delivery").exists()
    assert "Gjennomføringsevne" in c.get(reverse("feedback:bank")).content.decode()


def test_invitations_carry_a_token_whose_hash_alone_is_stored(cast, django_capture_on_commit_callbacks):
    fr, tokens = open_round(cast, django_capture_on_commit_callbacks, peers=3, others=1)
    assert fr.state == RoundState.OPEN
    invs = list(fr.invitations.filter(state=InvitationState.APPROVED).select_related("person"))
    assert len(tokens) == len(invs) == 2 + 1 + 3 + 1  # self, superior, employee, peers, other
    for inv in invs:
        token = tokens[inv.address]
        assert inv.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in str(Invitation.objects.filter(pk=inv.pk).values().first())
    assert not Notification.objects.filter(body__contains=next(iter(tokens.values()))).exists()
    # Logged-in raters also get the task in the app (without the token).
    assert Notification.objects.filter(person=cast.employee, kind="feedback.invitation").exists()


def test_superior_may_reject_a_proposed_rater(cast, django_capture_on_commit_callbacks):
    fr = services.round_start(leader=cast.leader, actor=cast.leader, deadline=timezone.localdate() + timedelta(days=5))
    inv = services.invitation_propose(feedback_round=fr, actor=cast.leader, group=RaterGroup.PEERS,
                                      person=cast.other_leader)
    services.round_submit_raters(feedback_round=fr, actor=cast.leader)
    with pytest.raises(DomainError):
        services.round_approve_raters(feedback_round=fr, actor=cast.leader)  # not the superior
    start = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        services.round_approve_raters(feedback_round=fr, actor=cast.superior, rejected_ids=[inv.pk])
    inv.refresh_from_db()
    assert inv.state == InvitationState.REJECTED and inv.token_hash is None
    assert cast.other_leader.email not in tokens_in_outbox(start)


def _walk_and_submit(client, token, fr, value="4"):
    keys = [[s["key"] for s in a["statements"]] for a in fr.questionnaire["areas"]]
    base = lambda n: reverse("feedback:answer_step", args=[token, n])  # noqa: E731
    assert client.get(reverse("feedback:answer", args=[token])).status_code == 200
    for i, area_keys in enumerate(keys, start=1):
        r = client.get(base(i))
        assert r.status_code == 200
        r = client.post(base(i), {**dict.fromkeys(area_keys, value), "go": "next"})
        assert r.status_code == 302
    comments_step = len(keys) + 1
    cq = fr.questionnaire["comment_questions"][0]["key"]
    client.post(base(comments_step), {cq: "Tydelig og raus", "go": "next"})
    return client.post(base(comments_step + 1), {"go": "submit"})


def test_token_link_answers_once_without_login(cast, client, django_capture_on_commit_callbacks):
    fr, tokens = open_round(cast, django_capture_on_commit_callbacks, others=1)
    token = tokens["ekstern0@partner.example"]
    r = _walk_and_submit(client, token, fr)
    assert r.status_code == 302 and r.url == reverse("feedback:thanks")
    assert Response.objects.filter(round=fr, group=RaterGroup.OTHERS).count() == 1
    inv = Invitation.objects.get(round=fr, email="ekstern0@partner.example")
    assert inv.used_at is not None
    assert not AnswerDraft.objects.filter(invitation=inv).exists()
    resp = Response.objects.get(round=fr, group=RaterGroup.OTHERS)
    assert set(resp.answers.values()) == {4}
    # Spent: a clear page, never a second answer.
    again = client.get(reverse("feedback:answer", args=[token]))
    assert again.status_code == 410
    assert "already answered" in again.content.decode()
    again = client.post(reverse("feedback:answer_step", args=[token, 1]), {"go": "submit"})
    assert again.status_code == 410
    assert Response.objects.filter(round=fr).count() == 1


def test_unknown_token_is_a_clear_404(client, db):
    r = client.get(reverse("feedback:answer", args=["x" * 43]))
    assert r.status_code == 404
    assert "not valid" in r.content.decode()


def test_draft_survives_between_steps_and_unanswered_count_as_cannot_assess(cast, client,
                                                                               django_capture_on_commit_callbacks):
    fr, tokens = open_round(cast, django_capture_on_commit_callbacks, others=1)
    token = tokens["ekstern0@partner.example"]
    first = fr.questionnaire["areas"][0]["statements"]
    client.post(reverse("feedback:answer_step", args=[token, 1]), {first[0]["key"]: "2", first[1]["key"]: "na",
                                                                    "go": "save"})
    page = client.get(reverse("feedback:answer_step", args=[token, 1])).content.decode()
    assert f'id="{first[0]["key"]}-2" value="2" checked' in page
    assert f'id="{first[1]["key"]}-na" value="na" checked' in page
    last = len(fr.questionnaire["areas"]) + 2
    summary = client.get(reverse("feedback:answer_step", args=[token, last])).content.decode()
    assert "not answered" in summary
    client.post(reverse("feedback:answer_step", args=[token, last]), {"go": "submit"})
    resp = Response.objects.get(round=fr)
    assert resp.answers[first[0]["key"]] == 2
    assert resp.answers[first[1]["key"]] is None
    assert resp.answers[first[2]["key"]] is None
    assert len(resp.answers) == sum(len(a["statements"]) for a in fr.questionnaire["areas"])


def test_answers_after_the_deadline_or_close_are_refused(cast, client, django_capture_on_commit_callbacks):
    fr, tokens = open_round(cast, django_capture_on_commit_callbacks, others=2)
    t0, t1 = tokens["ekstern0@partner.example"], tokens["ekstern1@partner.example"]
    client.post(reverse("feedback:answer_step", args=[t0, 1]), {"go": "next"})
    # The deadline passes.
    FeedbackRound.objects.filter(pk=fr.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    r = client.get(reverse("feedback:answer", args=[t0]))
    assert r.status_code == 410 and "deadline has passed" in r.content.decode()
    # The round closes; a late submit is refused with a message and stores nothing.
    fr.refresh_from_db()
    services.round_close(feedback_round=fr, actor=cast.leader)
    last = len(fr.questionnaire["areas"]) + 2
    r = client.post(reverse("feedback:answer_step", args=[t1, last]), {"go": "submit"})
    assert r.status_code == 410
    assert "no longer accepted" in r.content.decode()
    assert Response.objects.filter(round=fr).count() == 0
    assert not AnswerDraft.objects.filter(invitation__round=fr).exists()  # drafts go when the round closes
    inv = Invitation.objects.get(round=fr, email="ekstern1@partner.example")
    with pytest.raises(DomainError):
        services.response_submit(invitation=inv)


def test_profile_is_made_once_at_close_and_stays_frozen(cast, django_capture_on_commit_callbacks):
    fr, _tokens = open_round(cast, django_capture_on_commit_callbacks, peers=3, extra_direct_reports=2)
    assert not LeaderProfile.objects.filter(round=fr).exists()  # no live results
    answer_all(fr, RaterGroup.SELF, 5)
    answer_all(fr, RaterGroup.SUPERIOR, 3)
    answer_all(fr, RaterGroup.PEERS, [2, 3, 4], comments=["a", "b", "c"])
    answer_all(fr, RaterGroup.DIRECT_REPORTS, [4, 4, 5])
    before_close = sorted(Response.objects.filter(round=fr).values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        profile = services.round_close(feedback_round=fr, actor=cast.leader)
    data = profile.data
    shown = {g["group"]: g["shown"] for g in data["groups"]}
    assert shown == {"self": True, "superior": True, "peers": True, "direct_reports": True, "others": False}
    assert data["others_responses"] == 1 + 3 + 3
    # Responses were written anew: same answers, fresh keys.
    after_close = sorted(Response.objects.filter(round=fr).values_list("pk", flat=True))
    assert len(after_close) == len(before_close) and set(after_close).isdisjoint(before_close)
    # Frozen: changing stored answers afterwards changes nothing, closing again is refused.
    Response.objects.filter(round=fr).update(answers={})
    profile.refresh_from_db()
    assert profile.data == data
    with pytest.raises(DomainError):
        services.round_close(feedback_round=fr, actor=cast.leader)
    assert any("profile is ready" in m.subject for m in mail.outbox)


def test_reminders_reach_only_those_who_have_not_answered_with_a_fresh_link(cast, client,
                                                                            django_capture_on_commit_callbacks):
    fr, tokens = open_round(cast, django_capture_on_commit_callbacks, others=2)
    t0 = tokens["ekstern0@partner.example"]
    old_t1 = tokens["ekstern1@partner.example"]
    _walk_and_submit(client, t0, fr)
    client.post(reverse("feedback:answer_step", args=[old_t1, 1]),
                {fr.questionnaire["areas"][0]["statements"][0]["key"]: "3", "go": "save"})
    # Invitations went out four days ago.
    Invitation.objects.filter(round=fr).update(sent_at=timezone.now() - timedelta(days=4))
    start = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_feedback_reminders")
    reminded = tokens_in_outbox(start)
    assert "ekstern0@partner.example" not in reminded  # answered: no reminder
    assert "ekstern1@partner.example" in reminded
    assert cast.leader.email in reminded and cast.superior.email in reminded
    for m in mail.outbox[start:]:
        assert "ekstern0" not in m.body  # nobody is told who answered
    # The old link is replaced; the new one keeps the saved answer.
    assert client.get(reverse("feedback:answer", args=[old_t1])).status_code == 404
    new_t1 = reminded["ekstern1@partner.example"]
    page = client.get(reverse("feedback:answer_step", args=[new_t1, 1])).content.decode()
    assert 'value="3" checked' in page
    # A second run the same day sends nothing.
    start = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send() == 0
    assert len(mail.outbox) == start


def test_rounds_past_their_deadline_close_with_the_command(cast, django_capture_on_commit_callbacks):
    fr, _ = open_round(cast, django_capture_on_commit_callbacks)
    answer_all(fr, RaterGroup.SELF, 4)
    FeedbackRound.objects.filter(pk=fr.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    call_command("send_feedback_reminders")
    fr.refresh_from_db()
    assert fr.state == RoundState.CLOSED and LeaderProfile.objects.filter(round=fr).exists()


def test_leader_round_page_shows_counts_per_group_not_who_answered(cast, client_for,
                                                                    django_capture_on_commit_callbacks):
    fr, _ = open_round(cast, django_capture_on_commit_callbacks, peers=3)
    c = client_for(cast.leader)

    def raters_section():
        html = c.get(reverse("feedback:round", args=[fr.pk])).content.decode()
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
        return html[html.index('id="h-raters"'):html.index('id="h-close"')]

    before = raters_section()
    inv = Invitation.objects.filter(round=fr, group=RaterGroup.PEERS).first()
    services.answer_draft_save(invitation=inv, answers={}, comments={})
    services.response_submit(invitation=inv)
    assert raters_section() == before  # the list of raters does not change when one answers
    progress = {row["group"]: (row["invited"], row["answered"]) for row in round_progress(fr)}
    assert progress["peers"] == (3, 1)
    html = c.get(reverse("feedback:round", args=[fr.pk])).content.decode()
    assert re.search(r"<th scope=\"row\">[^<]+</th><td>3</td><td>1</td>", html)


def test_development_items_flow_to_the_agreements_app(cast, django_capture_on_commit_callbacks, client_for):
    from resultatavtaler.feedback.selectors import development_items_for

    fr, _ = open_round(cast, django_capture_on_commit_callbacks)
    with pytest.raises(DomainError):
        services.development_item_create(feedback_round=fr, actor=cast.leader, goal="For tidlig")
    answer_all(fr, RaterGroup.SELF, 4)
    services.round_close(feedback_round=fr, actor=cast.leader)
    c = client_for(cast.superior)
    r = c.post(reverse("feedback:plan", args=[fr.pk]), {"goal": "Bli tydeligere på prioriteringer",
                                                        "actions": "Ukentlige statusmøter", "support": "Mentor",
                                                        "deadline": "2030-06-30", "area_code": "kommunikasjon"})
    assert r.status_code == 302
    items = list(development_items_for(cast.leader))
    assert [i.goal for i in items] == ["Bli tydeligere på prioriteringer"]
    services.development_item_mark_used(item=items[0], actor=cast.leader, reference="agreements.requirement:1")
    assert list(development_items_for(cast.leader)) == []
    with pytest.raises(DomainError):
        services.development_item_mark_used(item=items[0], actor=cast.leader)
    assert client_for(cast.employee).get(reverse("feedback:plan", args=[fr.pk])).status_code == 403


def test_home_page_lists_360_tasks(cast, client_for, django_capture_on_commit_callbacks):
    fr = services.round_start(leader=cast.leader, actor=cast.leader, deadline=timezone.localdate() + timedelta(days=7))
    home = client_for(cast.leader).get(reverse("home:index")).content.decode()
    assert "Choose raters for your 360" in home or "360" in home
    services.round_submit_raters(feedback_round=fr, actor=cast.leader)
    home = client_for(cast.superior).get(reverse("home:index")).content.decode()
    assert reverse("feedback:approve", args=[fr.pk]) in home
    with django_capture_on_commit_callbacks(execute=True):
        services.round_approve_raters(feedback_round=fr, actor=cast.superior)
    inv = Invitation.objects.get(round=fr, person=cast.employee)
    home = client_for(cast.employee).get(reverse("home:index")).content.decode()
    assert reverse("feedback:answer_invitation", args=[inv.pk]) in home


def test_process_owner_starts_a_round_for_a_leader(cast, client_for):
    c = client_for(cast.process_owner)
    html = c.get(reverse("feedback:overview")).content.decode()
    assert f'value="{cast.leader.pk}"' in html
    r = c.post(reverse("feedback:start") + f"?leader={cast.leader.pk}",
               {"leader": cast.leader.pk, "deadline": (timezone.localdate() + timedelta(days=20)).isoformat(),
                "areas": ["motivasjon", "handlekraft"]})
    assert r.status_code == 302
    fr = FeedbackRound.objects.get(leader=cast.leader)
    assert [a["code"] for a in fr.questionnaire["areas"]] == ["motivasjon", "handlekraft"]
    assert fr.started_by == cast.process_owner
    # An employee cannot start a round for the leader; an outsider does not find the leader.
    assert client_for(cast.employee).get(reverse("feedback:start") + f"?leader={cast.leader.pk}").status_code == 403
    assert client_for(cast.outsider).get(reverse("feedback:start") + f"?leader={cast.leader.pk}").status_code == 404
