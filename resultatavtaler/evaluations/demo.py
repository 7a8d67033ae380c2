"""Demo data of the follow-up, on top of the demo ministries and agreements.

KRD (demo): last year's agreement (period "2025") of the demo login `leder`, taken through the
whole follow-up — a mid-year review, monthly sick-leave figures imported from a file, an input
request to the section with its frozen results, the self-evaluation, the assessment
conversation, the assessment, the leader's feedback and both acknowledgements — so it is
closed and the 2026 draft can be compared with it. And an open input request on the Director
General's signed 2026 agreement, so the unit's employees (the login `ansatt` among them) find
"answer the input request" on their home page.

Everything goes through the services, with their rules. The follow-up of 2025 happened in the
past, which the rules (rightly) do not let anyone schedule today, so after each step its dates
are set to when it took place in the story (`_backdate`). Idempotent: each step looks for what
it would create and a second run writes nothing.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter

from django.utils import timezone

from resultatavtaler.agreements import services as ag_services
from resultatavtaler.agreements.builtin import ensure_builtin_templates
from resultatavtaler.agreements.models import Agreement, Indicator, Period
from resultatavtaler.organisations.constants import GrantedRole
from resultatavtaler.organisations.models import RoleGrant

from . import services
from .models import Assessment, InputAnswer, InputInvitation, InputRequest, Measurement, MidyearReview, SelfEvaluation

YEAR = 2025
# Sykefravær i prosent, per month of 2025, from the HR system.
SICK_LEAVE = ["6,4", "6,9", "6,1", "5,8", "5,5", "5,2", "4,1", "4,6", "5,3", "5,0", "5,4", "4,9"]


def _at(d: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(d, datetime.time(hour, 0)))


def _backdate(model, pk, **fields) -> None:
    model.objects.filter(pk=pk).update(**fields)


def _period_2025(org, template, written: Counter) -> Period:
    period = Period.objects.filter(organisation=org, name=str(YEAR)).first()
    if period is None:
        owner = RoleGrant.objects.get(organisation=org, role=GrantedRole.PROCESS_OWNER, unit__isnull=True).person
        d = datetime.date
        period = ag_services.period_create(
            organisation=org, actor=owner, name=str(YEAR), start=d(YEAR, 1, 1), end=d(YEAR, 12, 31),
            default_template=template, drafts_due=d(YEAR, 1, 31), signing_due=d(YEAR, 2, 28),
            midyear_review=d(YEAR, 6, 16), self_evaluations_due=d(YEAR, 11, 14),
            assessment_from=d(YEAR, 11, 24), assessment_to=d(YEAR, 12, 12),
        )
        written["periods"] += 1
    return period


def _req(ag, actor, category, text, **kw):
    ag.refresh_from_db()
    return ag_services.requirement_add(agreement=ag, actor=actor, expected_lock_version=ag.lock_version,
                                       category_key=category, text=text, **kw)


def _agreement_2025(period, leader, written: Counter) -> Agreement:
    ag = Agreement.objects.filter(period=period, leader=leader).first()
    if ag is not None:
        return ag
    ag = ag_services.agreement_start(period=period, leader=leader, actor=leader)
    _req(ag, leader, "section_development", "Redusere sykefraværet i seksjonen til 5 prosent",
         perspective="employees",
         indicators=[{"text": "Sykefravær per måned", "metric": "Sykefravær i prosent", "unit": "%",
                      "baseline": "6,2", "target_value": "5", "deadline": f"{YEAR}-12-31"}],
         evaluation_method="Månedlige tall fra HR-portalen")
    _req(ag, leader, "section_development", "Levere beregningene til kommuneproposisjonen innen fristen",
         perspective="professional", indicators=[{"text": "Beregninger levert", "deadline": f"{YEAR}-04-15"}],
         evaluation_method="Vurdering fra ekspedisjonssjef")
    _req(ag, leader, "section_development", "God veiledning til kommunene om kommuneøkonomi",
         perspective="users", indicators=["Tilbakemeldinger fra kommunene"],
         evaluation_method="Tilbakemelding fra medarbeidere og kommunene")
    _req(ag, leader, "leader_development", "Gi klare tilbakemeldinger til medarbeiderne",
         perspective="employees", indicators=["Medarbeidersamtaler gjennomført: 100 %"],
         evaluation_method="Tilbakemelding fra medarbeidere")
    ag.refresh_from_db()
    ag_services.agreement_set_publication(agreement=ag, actor=leader, expected_lock_version=ag.lock_version)
    ag.refresh_from_db()
    ag_services.agreement_submit(agreement=ag, actor=leader)
    ag_services.agreement_sign(agreement=ag, actor=ag.leader)
    ag_services.agreement_sign(agreement=ag, actor=ag.superior)
    ag.refresh_from_db()
    _backdate(Agreement, ag.pk, signed_at=_at(datetime.date(YEAR, 2, 20)))
    written["agreements"] += 1
    return ag


def _measurements(ag, written: Counter) -> None:
    indicator = Indicator.objects.filter(requirement__agreement=ag, metric="Sykefravær i prosent").first()
    if indicator is None or Measurement.objects.filter(indicator=indicator).exists():
        return
    rows = ["indikator;dato;verdi;kilde"]
    for month, value in enumerate(SICK_LEAVE, start=1):
        last = (datetime.date(YEAR + (month == 12), month % 12 + 1, 1) - datetime.timedelta(days=1))
        rows.append(f"IND-{indicator.pk};{last:%d.%m.%Y};{value};HR-portalen")
    report = services.measurements_import(agreement=ag, actor=ag.leader, filename="sykefravaer-2025.csv",
                                          content="\n".join(rows).encode())
    written["measurements"] += report.created


def _input_request(ag, actor, written: Counter, *, deadline: datetime.date, answers: int | None,
                   story_deadline: datetime.date | None = None) -> None:
    if InputRequest.objects.filter(agreement=ag).exists():
        return
    ir = services.input_request_create(
        agreement=ag, actor=actor, deadline=deadline,
        intro="Hvordan synes du seksjonen har nådd resultatkravene i år? Svaret ditt er anonymt.",
    )
    written["input requests"] += 1
    if answers is None:
        return
    rng = random.Random(YEAR)
    comments = ["Tydelig leder som gir gode tilbakemeldinger.", "Sykefraværet har vært tema på hvert seksjonsmøte.",
                "Beregningene kom i tide, men det ble mye overtid i mars.", "",
                "Kommunene roser veiledningen.", ""]
    for inv in list(InputInvitation.objects.filter(request=ir).order_by("pk"))[:answers]:
        ratings = {str(r["id"]): rng.choice([2, 2, 3, 3, 3, None]) for r in ir.form["requirements"]}
        services.input_answer_submit(invitation=inv, ratings=ratings, comments={}, comment=rng.choice(comments))
    services.input_request_close(input_request=ir, actor=actor, rng=rng)
    if story_deadline:
        _backdate(InputRequest, ir.pk, deadline=story_deadline, created_at=_at(story_deadline - datetime.timedelta(
            days=14)), closed_at=_at(story_deadline + datetime.timedelta(days=1)))
    written["input answers"] += InputAnswer.objects.filter(request=ir).count()


def _follow_up_2025(ag, written: Counter) -> None:
    leader, superior = ag.leader, ag.superior
    if not MidyearReview.objects.filter(agreement=ag).exists():
        services.midyear_review_record(
            agreement=ag, actor=superior, date=datetime.date(YEAR, 6, 16),
            notes="Gjennomgang av kravene etter et halvt år. Sykefraværet går ned, men ligger over målet. "
                  "Beregningene ble levert i tide. Ingen endring i avtalen.",
        )
        written["mid-year reviews"] += 1
    ag.refresh_from_db()
    if ag.state == "signed":
        ratings = {}
        texts = {
            "sykefravær": (2, "Sykefraværet gikk ned fra 6,2 til 4,9 prosent i desember, men snittet for året ble "
                              "over målet."),
            "beregning": (3, "Levert 10. april, før fristen."),
            "veiledning": (3, "Gode tilbakemeldinger fra kommunene og fra medarbeiderne."),
            "tilbakemeld": (2, "Alle medarbeidersamtaler er holdt; noen ønsker tettere oppfølging i hverdagen."),
        }
        for r in services.evaluation_requirements(ag):
            value, comment = next((v for k, v in texts.items() if k in r.text.lower()), (2, ""))
            ratings[r.pk] = {"value": value, "comment": comment}
        services.self_evaluation_save(
            agreement=ag, actor=leader, ratings=ratings, submit=True,
            summary="Seksjonen nådde de faglige kravene. Sykefraværet gikk tydelig ned gjennom året, men "
                    "årssnittet ble 5,4 prosent mot målet på 5. Se tallene fra HR-portalen og innspillene "
                    "fra seksjonen.",
        )
        se = SelfEvaluation.objects.get(agreement=ag)
        _backdate(SelfEvaluation, se.pk, submitted_at=_at(datetime.date(YEAR, 11, 20), 15))
        written["self-evaluations"] += 1
    ag.refresh_from_db()
    if ag.state == "self_evaluated":
        conversation = _at(datetime.date(YEAR, 12, 4))
        a = Assessment.objects.filter(agreement=ag, conversation_at__isnull=False).first()
        if a is None:
            a = services.conversation_schedule(agreement=ag, actor=superior,
                                               when=_at(services.earliest_conversation_date(ag)),
                                               place="Møterom Kommunen, 5. etasje", minutes=60)
            _backdate(Assessment, a.pk, conversation_at=conversation)
        services.leader_feedback_save(
            agreement=ag, actor=leader,
            text="Ønsker raskere avklaringer før saker går til politisk ledelse, og at ekspedisjonssjefen "
                 "deltar på ett seksjonsmøte i halvåret.",
        )
        ratings = {}
        for r in services.evaluation_requirements(ag):
            value = 2 if "sykefravær" in r.text.lower() else 3
            ratings[r.pk] = {"value": value, "comment": "Som egenevalueringen." if value == 3 else
                             "Tydelig forbedring, men målet er ikke nådd. Fortsett arbeidet i 2026."}
        services.assessment_save(
            agreement=ag, actor=superior, ratings=ratings, overall_value=3, complete=True,
            overall="Et godt år for seksjonen: leveransene kom i tide og med god kvalitet, og kommunene er "
                    "fornøyde. Sykefraværet er på rett vei.",
            follow_up="Sykefravær videreføres som krav i 2026 med samme mål. Lederen deltar i "
                      "lederutviklingsprogrammet.",
        )
        _backdate(Assessment, a.pk, completed_at=_at(datetime.date(YEAR, 12, 4), 12))
        written["assessments"] += 1
    ag.refresh_from_db()
    if ag.state == "assessed":
        a = Assessment.objects.get(agreement=ag)
        if a.leader_acknowledged_at is None:
            services.assessment_acknowledge(agreement=ag, actor=leader)
        ag.refresh_from_db()
        if ag.state == "assessed":
            services.assessment_acknowledge(agreement=ag, actor=superior)
        _backdate(Assessment, a.pk, leader_acknowledged_at=_at(datetime.date(YEAR, 12, 5)),
                  superior_acknowledged_at=_at(datetime.date(YEAR, 12, 8)))
        written["closed agreements"] += 1


def load(demo_orgs) -> str:
    written: Counter = Counter()
    org = demo_orgs.krd
    _ad, _oa, krd_tv = ensure_builtin_templates()
    leader = demo_orgs.person("leder")
    period = _period_2025(org, krd_tv.template, written)
    ag = _agreement_2025(period, leader, written)
    _measurements(ag, written)
    _input_request(ag, leader, written, deadline=timezone.localdate(), answers=7,
                   story_deadline=datetime.date(YEAR, 11, 10))
    _follow_up_2025(ag, written)
    # An open request on this year's signed agreement of the Director General.
    chief_ag = Agreement.objects.filter(organisation=org, leader=demo_orgs.person("ekspedisjonssjef"),
                                        period__name="2026", in_force_version__isnull=False).first()
    if chief_ag is not None and chief_ag.state in ("signed", "self_evaluated"):
        _input_request(chief_ag, chief_ag.leader, written, deadline=timezone.localdate() + datetime.timedelta(days=14),
                       answers=None)
    if not written:
        return "nothing to do: the demo follow-up was already loaded"
    return ", ".join(f"{k} {v}" for k, v in sorted(written.items()))
