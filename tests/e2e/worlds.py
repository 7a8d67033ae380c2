"""The data the page-by-page accessibility test (test_every_page.py) shows: an "empty" world
(the cast and a freshly started draft, nothing else) and a "filled" one with every kind of
record the product has, each in a state where its pages show the most.

Everything goes through the services, as the users would do it; time passes with the
evaluation tests' `days_pass`. `World.kwargs[name]` gives the URL parameters of each
parametrised page (URL name → kwargs)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core import mail
from django.utils import timezone


@dataclass
class World:
    cast: object
    kwargs: dict[str, dict] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)  # "evaluations" / "feedback" → an unused token


def _period(cast, year=2026):
    from resultatavtaler.agreements import services
    from resultatavtaler.agreements.builtin import ensure_builtin_templates

    (ad, *_rest) = ensure_builtin_templates()  # a transactional test flushes the data migration's rows
    period = services.period_create(
        organisation=cast.organisation, actor=cast.process_owner, name=str(year),
        start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31), default_template=ad.template,
        drafts_due=datetime.date(year, 1, 31), signing_due=datetime.date(year, 2, 28),
        midyear_review=datetime.date(year, 6, 15), self_evaluations_due=datetime.date(year, 11, 13),
    )
    services.period_participants_refresh(period=period)
    return period


def _lv(agreement):
    agreement.refresh_from_db()
    return agreement.lock_version


def _requirement(agreement, text, *, indicators=None, public=True, category="professional"):
    from resultatavtaler.agreements import services

    return services.requirement_add(
        agreement=agreement, actor=agreement.leader, expected_lock_version=_lv(agreement),
        category_key=category, text=text, evaluation_method="Tall fra HR-systemet", public=public,
        indicators=indicators or [],
    )


def _staff(cast, n, unit, prefix):
    from resultatavtaler.organisations.tests.factories import PersonFactory

    return [PersonFactory(organisation=cast.organisation, unit=unit, name=f"{prefix} {i}") for i in range(n)]


def empty_world(cast) -> World:
    """The cast, one period and the leader's draft just started from the template: no
    requirements, no goals, no follow-up, no 360 rounds, no notifications."""
    from resultatavtaler.agreements import services

    period = _period(cast)
    draft = services.agreement_start(period=period, leader=cast.leader, actor=cast.leader)
    pk = {"pk": draft.pk}
    return World(cast, kwargs={
        "agreements:detail": pk,
        "agreements:history": pk,
        "agreements:publication": pk,
        "agreements:section_edit": {**pk, "key": "section_goals"},
        "agreements:requirement_add": {**pk, "category": "professional"},
        "agreements:period_detail": {"pk": period.pk},
        "agreements:goals": {"period_pk": period.pk},
        "agreements:common_requirements": {"period_pk": period.pk},
        "privacy:exemptions": pk,
    })


def filled_world(cast) -> World:
    """Every page with content:

    - the leader's agreement: signed, renegotiated and signed again (two versions), then
      followed up: measurements, a mid-year review, an input request answered by the unit and
      closed, the self-evaluation sent, the conversation held (time passes) and the
      assessment saved, not completed; then a second input request, open, with unused links;
    - the other leader's draft with a requirement, an indicator and a section text, shared with
      the unit (the editing pages);
    - the superior's own agreement in review with the director (the review page);
    - a third leader's agreement, signed, with a self-evaluation draft (the self-evaluation
      form, a new input request, the renegotiation), and next year's period to start in;
    - a goal, a common requirement, an organisation template, pay summary in use, an HR import
      previewed from the sample file;
    - a closed 360 round of the leader with a profile (shared) and a development plan; the
      other leader's round awaiting the superior's approval; the superior's open round in
      which the leader (logged in) and an employee (token link) are invited.
    """
    from resultatavtaler.agreements import services as ag
    from resultatavtaler.agreements.models import Template
    from resultatavtaler.evaluations import services as ev
    from resultatavtaler.evaluations.models import InputInvitation
    from resultatavtaler.evaluations.tests.conftest import all_ratings, days_pass
    from resultatavtaler.feedback import services as fb
    from resultatavtaler.feedback.constants import RaterGroup
    from resultatavtaler.feedback.tests.helpers import answer_all, tokens_in_outbox
    from resultatavtaler.library.models import LibraryEntry
    from resultatavtaler.library.services import library_ensure_seed_examples

    org = cast.organisation
    org.uses_pay_summary = True
    org.save(update_fields=["uses_pay_summary"])
    period = _period(cast)
    staff = _staff(cast, 5, cast.section, "Medarbeider")
    peers = _staff(cast, 4, cast.other_section, "Sidestilt")
    goal = ag.goal_create(period=period, unit=cast.section, actor=cast.process_owner, title="Et godt arbeidsmiljø")
    common = ag.common_requirement_create(period=period, actor=cast.process_owner, category_key="general",
                                          text="Følge opp sykefraværet i enheten")
    template = ag.template_copy(template=Template.objects.get(key="ufd-ad", organisation__isnull=True),
                                organisation=org, actor=cast.process_owner)

    # --- the leader's agreement: two signed versions, then the follow-up ---------------------
    a = ag.agreement_start(period=period, leader=cast.leader, actor=cast.leader)
    ag.agreement_update_sections(agreement=a, actor=cast.leader, expected_lock_version=_lv(a),
                                 sections={"section_goals": "Seksjonen forvalter personalpolitikken i departementet."})
    req = _requirement(a, "Redusere sykefraværet i seksjonen", indicators=[{
        "text": "Sykefravær", "metric": "Sykefravær i prosent", "unit": "%", "baseline": Decimal("6.5"),
        "target_value": Decimal("5"), "deadline": datetime.date(2026, 12, 31)}])
    _requirement(a, "Bli en tydeligere leder i møter", public=False, category="personal_development")
    ag.agreement_set_publication(agreement=a, actor=cast.leader, expected_lock_version=_lv(a))
    ag.agreement_share_with_unit(agreement=a, actor=cast.leader)
    a.refresh_from_db()
    ag.agreement_submit(agreement=a, actor=cast.leader)
    ag.agreement_comment(agreement=a, actor=cast.superior, requirement=req, text="Godt mål.")
    ag.agreement_sign(agreement=a, actor=cast.superior)
    ag.agreement_sign(agreement=a, actor=cast.leader)
    a.refresh_from_db()
    ag.agreement_renegotiate(agreement=a, actor=cast.leader, reason="Ny organisering")
    ag.requirement_update(requirement=req, actor=cast.leader, expected_lock_version=_lv(a),
                          text="Redusere sykefraværet til under 5 %")
    a.refresh_from_db()
    ag.agreement_submit(agreement=a, actor=cast.leader)
    ag.agreement_sign(agreement=a, actor=cast.leader)
    ag.agreement_sign(agreement=a, actor=cast.superior)
    a.refresh_from_db()
    indicator = req.indicators.get()
    for day, value in ((datetime.date(2026, 3, 31), "6.1"), (datetime.date(2026, 6, 30), "5.4")):
        ev.measurement_record(indicator=indicator, actor=cast.leader, date=day, value=value, source="HR-systemet")
    ev.midyear_review_record(agreement=a, actor=cast.superior, date=datetime.date(2026, 6, 15),
                             notes="Godt i rute.", participants=[cast.leader, cast.superior])
    ir = ev.input_request_create(agreement=a, actor=cast.superior,
                                 deadline=timezone.localdate() + datetime.timedelta(days=7),
                                 intro="Hvordan har seksjonen lykkes i år?")
    reqs = ir.form["requirements"]
    for person in staff[:3]:
        inv = InputInvitation.objects.get(request=ir, person=person)
        ev.input_answer_submit(invitation=inv, ratings={str(r["id"]): 3 for r in reqs}, comments={},
                               comment="Takk for et godt år.")
    ev.input_request_close(input_request=ir, actor=cast.superior)
    ev.self_evaluation_save(agreement=a, actor=cast.leader, ratings=all_ratings(a), summary="Et godt år.",
                            submit=True)
    when = timezone.make_aware(datetime.datetime.combine(
        timezone.localdate() + datetime.timedelta(days=7), datetime.time(10, 0)))
    ev.conversation_schedule(agreement=a, actor=cast.superior, when=when, place="Møterom 3")
    days_pass(a, 7)
    a.refresh_from_db()
    ev.assessment_save(agreement=a, actor=cast.superior, ratings=all_ratings(a, value=3),
                       overall="Et meget godt år.", follow_up="Følg opp hvert kvartal.")

    # --- the other leader's draft (the editing pages), shared with the unit -------------------
    b = ag.agreement_start(period=period, leader=cast.other_leader, actor=cast.other_leader)
    ag.agreement_update_sections(agreement=b, actor=cast.other_leader, expected_lock_version=_lv(b),
                                 sections={"section_goals": "Seksjonen har ansvar for budsjett og regnskap."})
    b_req = _requirement(b, "Avlegge regnskapet innen fristen", indicators=[{
        "text": "Avlagt innen fristen", "target_value": Decimal("100"), "unit": "%"}])
    ag.agreement_share_with_unit(agreement=b, actor=cast.other_leader)
    b.refresh_from_db()

    # --- the superior's own agreement, in review with the director ---------------------------
    c = ag.agreement_start(period=period, leader=cast.superior, actor=cast.superior)
    _requirement(c, "Styrke samarbeidet mellom seksjonene")
    c.refresh_from_db()
    ag.agreement_submit(agreement=c, actor=cast.superior)

    # --- a third leader's agreement, signed and nothing more: renegotiation, a new input request
    # and the self-evaluation form (a draft saved, not sent); next year's period to start in
    from resultatavtaler.evaluations.tests.conftest import make_signed
    from resultatavtaler.organisations.services import unit_create
    from resultatavtaler.organisations.tests.factories import person_with_login

    third_section = unit_create(organisation=org, code="ADM-IKT", name="IKT-seksjonen", parent=cast.department)
    third = person_with_login(organisation=org, unit=third_section, name="Tora Tredjeleder", username="leader3",
                              title="Seksjonssjef")
    third_section.leader = third
    third_section.save(update_fields=["leader"])
    ag.period_participants_refresh(period=period)
    d = make_signed(third, period)
    ev.self_evaluation_save(agreement=d, actor=third, ratings=all_ratings(d), summary="Utkast til oppsummering.")
    next_period = _period(cast, year=2027)

    # --- a second input request on the leader's agreement, open, with unused links
    start = len(mail.outbox)
    open_ir = ev.input_request_create(agreement=a, actor=cast.superior,
                                      deadline=timezone.localdate() + datetime.timedelta(days=7))
    for m in mail.outbox[start:]:
        found = re.search(r"/oppfolging/svar/([A-Za-z0-9_-]{20,})/", m.body)
        if found and m.to[0] != cast.employee.email:
            evaluation_token = found.group(1)
            break
    employee_invitation = InputInvitation.objects.get(request=open_ir, person=cast.employee)

    # --- 360: the leader's closed round, the other leader's awaiting approval, the superior's open
    deadline = timezone.localdate() + datetime.timedelta(days=14)
    closed = fb.round_start(leader=cast.leader, actor=cast.leader, deadline=deadline)
    for p in peers:
        fb.invitation_propose(feedback_round=closed, actor=cast.leader, group=RaterGroup.PEERS, person=p)
    fb.round_submit_raters(feedback_round=closed, actor=cast.leader)
    fb.round_approve_raters(feedback_round=closed, actor=cast.superior)
    closed.refresh_from_db()
    answer_all(closed, RaterGroup.SELF, 4)
    answer_all(closed, RaterGroup.SUPERIOR, 3)
    answer_all(closed, RaterGroup.PEERS, [3, 4, 5], comments=["Samarbeider godt på tvers."])
    answer_all(closed, RaterGroup.DIRECT_REPORTS, [4, 5], comments=["Gir tydelige mål."])
    fb.round_close(feedback_round=closed, actor=cast.leader)
    closed.refresh_from_db()
    fb.profile_set_shared(profile=closed.profile, actor=cast.leader, shared=True)
    fb.development_item_create(feedback_round=closed, actor=cast.leader, goal="Delegere mer",
                               actions="Gi seksjonens rådgivere egne saker.", deadline=datetime.date(2026, 12, 31))

    from resultatavtaler.reports.constants import DocumentKind
    from resultatavtaler.reports.jobs import document_job_request

    document_job = document_job_request(kind=DocumentKind.LEADER_PROFILE_PDF, object_id=closed.pk, actor=cast.leader)

    awaiting = fb.round_start(leader=cast.other_leader, actor=cast.other_leader, deadline=deadline)
    for p in staff[:3]:  # the leader's section: peers of the other leader
        fb.invitation_propose(feedback_round=awaiting, actor=cast.other_leader, group=RaterGroup.PEERS, person=p)
    fb.invitation_propose(feedback_round=awaiting, actor=cast.other_leader, group=RaterGroup.OTHERS,
                          email="partner@etat.example")
    fb.round_submit_raters(feedback_round=awaiting, actor=cast.other_leader)

    open_round = fb.round_start(leader=cast.superior, actor=cast.superior, deadline=deadline)
    fb.invitation_propose(feedback_round=open_round, actor=cast.superior, group=RaterGroup.PEERS,
                          person=cast.employee)
    fb.round_submit_raters(feedback_round=open_round, actor=cast.superior)
    start = len(mail.outbox)
    fb.round_approve_raters(feedback_round=open_round, actor=cast.director)
    open_round.refresh_from_db()
    feedback_tokens = tokens_in_outbox(start)
    leader_invitation = open_round.invitations.get(person=cast.leader)

    # --- an HR import previewed from the documented sample file (the task runs at once in tests)
    from django.conf import settings

    from resultatavtaler.organisations.importer.jobs import import_job_create

    sample = settings.BASE_DIR / "docs" / "samples" / "hr-eksport.csv"
    job = import_job_create(organisation=org, actor=cast.process_owner, data=sample.read_bytes(),
                            filename=sample.name, dry_run=True, partial=False)

    library_ensure_seed_examples(organisation=org)
    entry = LibraryEntry.objects.filter(organisation=org).order_by("pk").first()

    pk_a, pk_b = {"pk": a.pk}, {"pk": b.pk}
    per = {"period_pk": period.pk}
    kwargs = {
        "agreements:detail": pk_a,
        "agreements:detail:draft": pk_b,
        "agreements:start": {"period_pk": next_period.pk},
        "agreements:start_for": {"period_pk": next_period.pk, "person_pk": cast.leader.pk},
        "agreements:review": {"pk": c.pk},
        "agreements:history": pk_a,
        "agreements:changes": pk_a,
        "agreements:diff": {"pk": a.pk, "old": 1, "new": 2},
        "agreements:section_edit": {**pk_b, "key": "section_goals"},
        "agreements:publication": pk_b,
        "agreements:requirement_add": {**pk_b, "category": "professional"},
        "agreements:requirement_edit": {**pk_b, "req_pk": b_req.pk},
        "agreements:indicator_add": {**pk_b, "req_pk": b_req.pk},
        "agreements:indicator_edit": {**pk_b, "ind_pk": b_req.indicators.get().pk},
        "agreements:period_detail": {"pk": period.pk},
        "agreements:goals": per,
        "agreements:goal_edit": {**per, "goal_pk": goal.pk},
        "agreements:common_requirements": per,
        "agreements:common_requirement_edit": {"pk": common.pk},
        "agreements:template_edit": {"pk": template.pk},
        "feedback:round": {"pk": awaiting.pk},
        "feedback:approve": {"pk": awaiting.pk},
        "feedback:profile": {"pk": closed.pk},
        "feedback:plan": {"pk": closed.pk},
        "feedback:answer": {"token": feedback_tokens[cast.employee.email]},
        "feedback:answer_step": {"token": feedback_tokens[cast.employee.email], "step": 1},
        "feedback:answer_invitation": {"pk": leader_invitation.pk},
        "feedback:answer_invitation_step": {"pk": leader_invitation.pk, "step": 1},
        "evaluations:agreement": pk_a,
        "evaluations:self_evaluation": {"pk": d.pk},
        "evaluations:conversation": pk_a,
        "evaluations:assessment": pk_a,
        "evaluations:measurements": pk_a,
        "evaluations:measurements_import": pk_a,
        "evaluations:midyear": pk_a,
        "evaluations:input_request_new": {"pk": d.pk},
        "evaluations:input_request": {"pk": ir.pk},
        "evaluations:answer": {"token": evaluation_token},
        "evaluations:answer_invitation": {"pk": employee_invitation.pk},
        "evaluations:pay_summary": per,
        "evaluations:pay_summary_for": {**per, "superior_pk": cast.superior.pk},
        "library:detail": {"pk": entry.pk},
        "organisations:import_job": {"pk": job.pk},
        "reports:document_job": {"pk": document_job.pk},
        "guide:unit": {"unit_pk": cast.department.pk},
        "privacy:person": {"pk": cast.leader.pk},
        "privacy:exemptions": pk_a,
        "agreements:renegotiate": {"pk": d.pk},
    }
    return World(cast, kwargs=kwargs)
