"""The whole follow-up, signed → self-evaluated → assessed → closed, through the services and
through the pages; the mid-year review that opens a renegotiation; the next period's draft."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from resultatavtaler.agreements import services as ag_services
from resultatavtaler.audit.models import AuditEvent
from resultatavtaler.core_errors import DomainError
from resultatavtaler.evaluations import services
from resultatavtaler.evaluations.models import Assessment, MidyearReview
from resultatavtaler.evaluations.services import evaluation_requirements

from .conftest import all_ratings, days_pass, fresh


def _when(days=10):
    return timezone.make_aware(datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=days),
                                                         datetime.time(9, 0)))


def test_signed_to_closed_through_the_services(signed, leader, superior, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.self_evaluation_save(agreement=signed, actor=leader, ratings=all_ratings(signed, 2),
                                      summary="Sykefraværet gikk ned.", submit=True)
    assert fresh(signed).state == "self_evaluated"
    assert [m.to for m in mail.outbox] == [[superior.email]]  # the superior is told
    services.conversation_schedule(agreement=signed, actor=superior, when=_when(8))
    # Completing before the conversation is refused and changes nothing.
    with pytest.raises(DomainError):
        services.assessment_save(agreement=signed, actor=superior, ratings=all_ratings(signed, 3), overall="Bra",
                                 complete=True)
    assert fresh(signed).state == "self_evaluated"
    days_pass(signed, 8)  # the day of the conversation
    services.leader_feedback_save(agreement=signed, actor=leader, text="Ønsker tydeligere prioriteringer.")
    services.assessment_save(agreement=signed, actor=superior, ratings=all_ratings(signed, 3), overall_value=3,
                             overall="Meget godt år.", follow_up="Følg opp sykefraværet.", complete=True)
    assert fresh(signed).state == "assessed"
    services.assessment_acknowledge(agreement=signed, actor=leader)
    assert fresh(signed).state == "assessed"
    with pytest.raises(DomainError):
        services.assessment_acknowledge(agreement=signed, actor=leader)
    services.assessment_acknowledge(agreement=signed, actor=superior)
    assert fresh(signed).state == "closed"
    a = Assessment.objects.get(agreement=signed)
    assert a.overall_label["nb"] == "stor grad (meget bra)" and a.leader_feedback
    # Every move went through the agreements app's one state table.
    actions = list(AuditEvent.objects.filter(object_id=str(signed.pk), action__startswith="agreement.")
                   .values_list("action", flat=True))
    moves = ["agreement.self_evaluate", "agreement.assess", "agreement.close"]
    assert [x for x in actions if x in moves] == moves


def test_submitting_needs_every_requirement_rated_and_a_summary(signed, leader):
    first = evaluation_requirements(signed)[0]
    with pytest.raises(DomainError):
        services.self_evaluation_save(agreement=signed, actor=leader, summary="x", submit=True,
                                      ratings={first.pk: {"value": 2, "comment": ""}})
    with pytest.raises(DomainError):
        services.self_evaluation_save(agreement=signed, actor=leader, ratings=all_ratings(signed), summary="",
                                      submit=True)
    assert fresh(signed).state == "signed"


def test_the_self_evaluation_can_be_reopened_before_the_assessment(signed, leader, superior):
    services.self_evaluation_save(agreement=signed, actor=leader, ratings=all_ratings(signed), summary="x",
                                  submit=True)
    services.self_evaluation_reopen(agreement=signed, actor=superior)
    assert fresh(signed).state == "signed"
    assert fresh(signed).self_evaluation.submitted_at is None


def test_signed_to_closed_through_the_pages(signed, leader, superior, client_for):
    reqs = evaluation_requirements(signed)
    leader_c = client_for(leader)
    page = leader_c.get(f"/oppfolging/avtale/{signed.pk}/egenevaluering/")
    assert page.status_code == 200
    data = {f"rating-{r.pk}": "2" for r in reqs} | {f"comment-{r.pk}": "Nådd" for r in reqs}
    r = leader_c.post(f"/oppfolging/avtale/{signed.pk}/egenevaluering/", {**data, "summary": "", "submit": "1"})
    assert r.status_code == 400  # no summary: refused, the form keeps what was typed
    assert 'value="2" checked' in r.content.decode()
    r = leader_c.post(f"/oppfolging/avtale/{signed.pk}/egenevaluering/",
                      {**data, "summary": "Godt år", "submit": "1"})
    assert r.status_code == 302 and fresh(signed).state == "self_evaluated"

    sup_c = Client()
    sup_c.force_login(superior.user, backend="resultatavtaler.accounts.backends.PersonModelBackend")
    day = timezone.localdate() + datetime.timedelta(days=9)
    r = sup_c.post(f"/oppfolging/avtale/{signed.pk}/samtale/", {"date": day.isoformat(), "time": "10:00",
                                                               "minutes": "60", "place": "Rom 3"})
    assert r.status_code == 302
    too_soon = timezone.localdate() + datetime.timedelta(days=2)
    r = sup_c.post(f"/oppfolging/avtale/{signed.pk}/samtale/", {"date": too_soon.isoformat(), "time": "10:00",
                                                               "minutes": "60"})
    assert r.status_code == 400
    days_pass(signed, 9)
    page = sup_c.get(f"/oppfolging/avtale/{signed.pk}/vurdering/").content.decode()
    assert "Godt år" in page and "Nådd" in page  # the self-evaluation beside the assessment
    r = sup_c.post(f"/oppfolging/avtale/{signed.pk}/vurdering/",
                   {**{f"rating-{x.pk}": "3" for x in reqs}, "overall": "Meget godt", "overall_value": "3",
                    "follow_up": "Videre", "complete": "1"})
    assert r.status_code == 302 and fresh(signed).state == "assessed"
    assert leader_c.post(f"/oppfolging/avtale/{signed.pk}/tilbakemelding/",
                         {"leader_feedback": "Mer tid til samtaler"}).status_code == 302
    assert leader_c.post(f"/oppfolging/avtale/{signed.pk}/kvitter/").status_code == 302
    assert sup_c.post(f"/oppfolging/avtale/{signed.pk}/kvitter/").status_code == 302
    assert fresh(signed).state == "closed"
    page = leader_c.get(f"/oppfolging/avtale/{signed.pk}/").content.decode()
    assert "Meget godt" in page and "Mer tid til samtaler" in page


def test_a_closed_agreement_seeds_the_next_periods_draft(signed, leader, superior, cast, period, client_for):
    services.self_evaluation_save(agreement=signed, actor=leader, ratings=all_ratings(signed), summary="x",
                                  submit=True)
    services.conversation_schedule(agreement=signed, actor=superior, when=_when(7))
    days_pass(signed, 7)
    services.assessment_save(agreement=signed, actor=superior, ratings=all_ratings(signed), overall="ok",
                             complete=True)
    services.assessment_acknowledge(agreement=signed, actor=leader)
    services.assessment_acknowledge(agreement=signed, actor=superior)
    nxt = ag_services.period_create(organisation=cast.organisation, actor=cast.process_owner, name="2027",
                                    start=datetime.date(2027, 1, 1), end=datetime.date(2027, 12, 31),
                                    default_template=period.default_template)
    page = client_for(leader).get(f"/oppfolging/avtale/{signed.pk}/").content.decode()
    assert f"/avtaler/start/{nxt.pk}/" in page
    carried = [r.pk for r in evaluation_requirements(signed) if not r.is_common]
    draft = ag_services.agreement_start(period=nxt, leader=leader, actor=leader, from_agreement=fresh(signed),
                                        carry_over=carried)
    assert draft.started_from_id == signed.pk and draft.requirements.count() >= len(carried)


def test_a_mid_year_review_can_open_a_renegotiation(signed, leader, superior, director, client_for):
    r = client_for(superior).post(f"/oppfolging/avtale/{signed.pk}/justering/", {
        "date": timezone.localdate().isoformat(), "notes": "Ny oppgave fra politisk ledelse.",
        "participants": [director.pk], "renegotiate": "on", "reason": "Ny oppgave",
    })
    assert r.status_code == 302
    review = MidyearReview.objects.get(agreement=signed)
    assert review.opened_renegotiation
    assert set(review.participants.values_list("pk", flat=True)) == {leader.pk, superior.pk, director.pk}
    ag = fresh(signed)
    assert ag.state == "draft" and ag.is_renegotiating and ag.renegotiation_reason == "Ny oppgave"


def test_a_mid_year_review_without_renegotiation_leaves_the_agreement_signed(signed, leader):
    services.midyear_review_record(agreement=signed, actor=leader, date=timezone.localdate(), notes="Alt i rute.")
    assert fresh(signed).state == "signed"


def test_home_page_tasks_for_both(signed, leader, superior, client_for):
    services.self_evaluation_save(agreement=signed, actor=leader, ratings=all_ratings(signed), summary="x",
                                  submit=True)
    services.conversation_schedule(agreement=signed, actor=superior, when=_when(10))
    page = client_for(superior).get("/").content.decode()
    assert f"/oppfolging/avtale/{signed.pk}/" in page
    assert (timezone.localdate() + datetime.timedelta(days=10)).strftime("%d.%m") in page
