"""Demo agreements on top of the demo ministries (organisations/demo.py): a 2026 period in
each, the seed's own example requirements on each of its three templates, common
requirements, goals, and agreements in the states draft, in review, signed and
renegotiated. Idempotent: what exists (period by name, agreement by leader and period,
common requirement by text) is left alone, so a second run writes nothing."""

from __future__ import annotations

import datetime
from collections import Counter

from resultatavtaler.organisations.constants import GrantedRole
from resultatavtaler.organisations.models import Organisation, Person, RoleGrant, Unit

from . import services
from .builtin import ensure_builtin_templates
from .models import Agreement, CommonRequirement, Goal, Period, Template

YEAR = 2026


def _milestones() -> dict:
    d = datetime.date
    return {
        "drafts_due": d(YEAR, 1, 31),
        "signing_due": d(YEAR, 2, 28),
        "midyear_review": d(YEAR, 6, 15),
        "self_evaluations_due": d(YEAR, 11, 13),
        "assessment_from": d(YEAR, 11, 23),
        "assessment_to": d(YEAR, 12, 11),
    }


def _process_owner(org: Organisation) -> Person:
    grant = RoleGrant.objects.filter(organisation=org, role=GrantedRole.PROCESS_OWNER, unit__isnull=True).first()
    return grant.person


def _period(org: Organisation, template: Template, written: Counter) -> Period:
    period = Period.objects.filter(organisation=org, name=str(YEAR)).first()
    if period is None:
        period = services.period_create(
            organisation=org,
            actor=_process_owner(org),
            name=str(YEAR),
            start=datetime.date(YEAR, 1, 1),
            end=datetime.date(YEAR, 12, 31),
            default_template=template,
            **_milestones(),
        )
        written["periods"] += 1
    services.period_participants_refresh(period=period)
    return period


def _goal(period: Period, unit: Unit, actor: Person, title: str, written: Counter, **kw) -> Goal:
    goal = Goal.objects.filter(period=period, unit=unit, title=title).first()
    if goal is None:
        goal = services.goal_create(period=period, unit=unit, actor=actor, title=title, **kw)
        written["goals"] += 1
    return goal


def _lv(agreement: Agreement) -> int:
    agreement.refresh_from_db()
    return agreement.lock_version


def _req(agreement: Agreement, actor: Person, category: str, text: str, **kw):
    return services.requirement_add(
        agreement=agreement, actor=actor, expected_lock_version=_lv(agreement), category_key=category, text=text, **kw
    )


def _sections(agreement: Agreement, actor: Person, **texts) -> None:
    services.agreement_update_sections(
        agreement=agreement, actor=actor, expected_lock_version=_lv(agreement), sections=texts
    )


def _publish(agreement: Agreement, actor: Person) -> None:
    services.agreement_set_publication(agreement=agreement, actor=actor, expected_lock_version=_lv(agreement))


def _sign_both(agreement: Agreement) -> None:
    services.agreement_sign(agreement=agreement, actor=agreement.leader)
    services.agreement_sign(agreement=agreement, actor=agreement.superior)


def _start(period: Period, leader: Person, written: Counter, **kw) -> Agreement | None:
    """A new draft, or None when the leader already has one (nothing more to do then)."""
    if Agreement.objects.filter(period=period, leader=leader).exists():
        return None
    written["agreements"] += 1
    return services.agreement_start(period=period, leader=leader, actor=leader, **kw)


def _ufd(demo_orgs, written: Counter) -> None:
    org = demo_orgs.ufd
    ad_tv, oa_tv, _krd_tv = ensure_builtin_templates()
    period = _period(org, ad_tv.template, written)
    ad, oa = demo_orgs.unit("AD", organisation=org), demo_orgs.unit("OA", organisation=org)
    ad_chief, ad_leader = demo_orgs.person("ad-ekspsjef"), demo_orgs.person("ad-leder")
    if not CommonRequirement.objects.filter(period=period, unit=ad).exists():
        written["common requirements"] += len(
            services.common_requirements_from_template(period=period, actor=ad_chief, template_version=ad_tv, unit=ad)
        )
    economy = _goal(
        period,
        ad,
        ad_chief,
        "God økonomistyring og korrekt regnskap i departementet",
        written,
        source="allocation_letter",
        perspective="economy",
    )
    ia_goal = _goal(
        period,
        ad,
        ad_chief,
        "Et inkluderende arbeidsliv med lavt sykefravær",
        written,
        source="business_plan",
        perspective="employees",
    )
    _goal(
        period,
        ad,
        ad_chief,
        "Brukerrettet service overfor resten av departementet",
        written,
        source="strategy_plan",
        perspective="users",
    )

    # The Director General's own agreement, signed with the Secretary General.
    chief = _start(period, ad_chief, written)
    if chief is not None:
        _req(
            chief,
            ad_chief,
            "professional",
            "Sikre god økonomistyring og et korrekt regnskap i departementet",
            goal=economy,
            perspective="economy",
            indicators=["Revisjonsmerknader fra Riksrevisjonen: 0"],
            evaluation_method="Riksrevisjonens årlige revisjon og departementsrådens vurdering",
        )
        _req(
            chief,
            ad_chief,
            "professional",
            "Få på plass en avtale om inkluderende arbeidsliv i departementet",
            goal=ia_goal,
            perspective="employees",
            indicators=[{"text": "Avtale på plass", "deadline": "2026-06-30"}],
            evaluation_method="Vurderinger fra tillitsvalgte og avdelingene",
        )
        _publish(chief, ad_chief)
        services.agreement_submit(agreement=chief, actor=ad_chief)
        _sign_both(chief)
    chief = Agreement.objects.get(period=period, leader=ad_chief)
    chief_reqs = list(chief.requirements.filter(common_requirement__isnull=True).order_by("position"))

    # Avdelingsdirektør, Budsjett- og økonomiseksjonen: signed, then renegotiated and signed again.
    ag = _start(period, ad_leader, written)
    if ag is not None:
        _sections(
            ag,
            ad_leader,
            section_goals=(
                "Seksjonen har ansvar for departementets budsjett, regnskap og økonomikontroll, og gir råd om "
                "økonomiforvaltning til avdelingene."
            ),
        )
        _req(
            ag,
            ad_leader,
            "professional",
            "Utarbeide departementets budsjettforslag innenfor fastsatte frister",
            perspective="economy",
            goal=economy,
            indicators=[{"text": "Budsjettforslaget levert innen fristen", "deadline": "2026-03-01"}],
            evaluation_method="Tilbakemelding fra avdelingsledelsen og Finansdepartementet",
        )
        quality = _req(
            ag,
            ad_leader,
            "professional",
            "Sikre høy kvalitet på regnskapsfunksjonen og økonomikontrollen",
            perspective="professional",
            superior_requirement=chief_reqs[0],
            indicators=["Feilfritt regnskap innen fastsatte tidsfrister", "Kontroll over utgiftene gjennom året"],
            evaluation_method="Regelmessige avstemmings- og kontrollrapporter til avdelingsledelsen og ledermøtet",
        )
        _req(
            ag,
            ad_leader,
            "professional",
            "Bidra til et godt samarbeid med de andre seksjonene i avdelingen",
            perspective="internal_processes",
            indicators=["Felles prosjekter med andre seksjoner: minst 2"],
            evaluation_method="Tilbakemelding fra avdelingsledelsen",
        )
        _req(
            ag,
            ad_leader,
            "professional",
            "Gi god økonomiservice til fagavdelingene",
            perspective="users",
            indicators=["Resultat fra brukerundersøkelsen: minst 4 av 5"],
            evaluation_method="Brukerundersøkelse",
        )
        role = _req(
            ag,
            ad_leader,
            "personal_development",
            "Definere egen rolle i forhold til ny underdirektør",
            indicators=["Entydig rolleforståelse"],
            evaluation_method="Tilbakemelding fra u.dir, seksjonen og avdelingsledelsen",
        )
        _req(
            ag,
            ad_leader,
            "personal_development",
            "Mer delegering, hvilket igjen medfører behov for å videreutvikle coach-rollen",
            indicators=["Andel saker delegert til saksbehandlere: 80 %"],
            evaluation_method="Tilbakemelding fra medarbeidere og avdelingsledelse",
        )
        services.agreement_share_with_unit(agreement=ag, actor=ad_leader)
        _publish(ag, ad_leader)
        services.agreement_submit(agreement=ag, actor=ad_leader)
        _sign_both(ag)
        services.agreement_renegotiate(
            agreement=ag,
            actor=ad_chief,
            reason="Justeringssamtale i juni: ny underdirektør er på plass, og regnskapskravet er skjerpet.",
        )
        services.requirement_update(
            requirement=quality,
            actor=ad_leader,
            expected_lock_version=_lv(ag),
            text="Sikre høy kvalitet på regnskapsfunksjonen og økonomikontrollen, med månedlige avstemminger",
        )
        services.requirement_remove(requirement=role, actor=ad_leader, expected_lock_version=_lv(ag))
        services.agreement_submit(agreement=ag, actor=ad_leader)
        _sign_both(ag)

    # Avdelingsdirektør, Personalseksjonen: still a draft with the appendix's IA example.
    pers_leader = demo_orgs.unit("AD-PERS", organisation=org).leader
    ag = _start(period, pers_leader, written)
    if ag is not None:
        _req(
            ag,
            pers_leader,
            "professional",
            "Få på plass en avtale om inkluderende arbeidsliv innen 31.12.02.",
            perspective="employees",
            superior_requirement=chief_reqs[1] if len(chief_reqs) > 1 else None,
            indicators=["Avtale på plass innen tidsfrist"],
            evaluation_method="Vurderinger fra tillitsvalgte og andre avdelinger",
        )

    # Seksjonssjef, Grunnskoleseksjonen (OA template, prefilled focus areas): in review.
    oa_leader = demo_orgs.person("oa-leder")
    ag = _start(period, oa_leader, written, template_version=oa_tv)
    if ag is not None:
        services.agreement_share_with_unit(agreement=ag, actor=oa_leader)
        _publish(ag, oa_leader)
        services.agreement_submit(agreement=ag, actor=oa_leader)
    del oa


PA_COMMON = [
    (
        "Planlegge og gjennomføre pilotprosjektet ”Balansert målstyring” tilpasset PAs forutsetninger og behov, "
        "med siktemål å videreutvikle strategi- og VP-arbeidet i PA og KRD.",
        ["innen utgangen av 2002 (første fase av prosjektet)"],
        "vurdering fra ledere og ansatte i PA (og ev. ekstern konsulent)",
        "internal_processes",
    ),
    (
        "Inspirere, motivere og utløse engasjement hos medarbeidere.",
        ["jobbtilfredshet", "sykefravær", "turnover", "interne søkere til stillinger"],
        "møte med de ansatte og tillitsvalgte (LU-handlingsplan, medarbeidersamtale m.m)",
        "employees",
    ),
    (
        "Bidra til et godt samarbeid internt i PA med sikte på best mulig bruk av ressursene.",
        [
            "aktiv deltakelse i felles diskusjoner, i ledermøtet og å yte bistand med ressurser fra en seksjon til "
            "andre seksjoner"
        ],
        "VP-rapportering ved årsskiftet",
        "internal_processes",
    ),
]


def _krd(demo_orgs, written: Counter) -> None:
    org = demo_orgs.krd
    _ad, _oa, krd_tv = ensure_builtin_templates()
    period = _period(org, krd_tv.template, written)
    pa = demo_orgs.unit("PA", organisation=org)
    komm = demo_orgs.unit("KOMM", organisation=org)
    owner = _process_owner(org)
    for i, (text, indicators, evaluation, perspective) in enumerate(PA_COMMON, start=1):
        if not CommonRequirement.objects.filter(period=period, unit=pa, text=text).exists():
            services.common_requirement_create(
                period=period,
                actor=owner,
                unit=pa,
                category_key="common_development",
                number=f"1.{i}",
                position=i,
                text=text,
                indicators=indicators,
                evaluation_method=evaluation,
                perspective=perspective,
            )
            written["common requirements"] += 1
    chief, leader, leader2 = (demo_orgs.person(u) for u in ("ekspedisjonssjef", "leder", "leder2"))
    income = _goal(
        period,
        komm,
        chief,
        "Et godt og forutsigbart inntektssystem for kommunene",
        written,
        source="allocation_letter",
        perspective="economy",
    )
    _goal(
        period,
        komm,
        chief,
        "God veiledning til kommunene om kommuneøkonomi",
        written,
        source="business_plan",
        perspective="users",
    )

    # The Director General of KOMM: signed with the Secretary General.
    ag = _start(period, chief, written)
    if ag is not None:
        _sections(
            ag,
            chief,
            section_tasks="Kommunalavdelingen har ansvar for kommuneøkonomi, inntektssystemet, "
            "kommuneretten, lokaldemokrati og valg.",
        )
        _req(
            ag,
            chief,
            "section_development",
            "Legge fram forslag til nytt inntektssystem for kommunene",
            goal=income,
            perspective="professional",
            indicators=[{"text": "Høringsnotat sendt", "deadline": "2026-10-01"}],
            evaluation_method="Vurdering fra departementsråd og politisk ledelse",
        )
        _req(
            ag,
            chief,
            "leader_development",
            "Utvikle seksjonslederne i avdelingen",
            perspective="employees",
            indicators=["Utviklingsplan for hver seksjonsleder"],
            evaluation_method="Medarbeidersamtaler",
        )
        _publish(ag, chief)
        services.agreement_submit(agreement=ag, actor=chief)
        _sign_both(ag)
    chief_ag = Agreement.objects.get(period=period, leader=chief)
    top_req = chief_ag.requirements.filter(category_key="section_development").order_by("position").first()

    # Seksjonssjef, Seksjon for kommuneøkonomi: shared with the unit, commented and in review.
    ag = _start(period, leader, written)
    if ag is not None:
        _sections(
            ag,
            leader,
            section_tasks="Seksjonen analyserer kommuneøkonomien og forbereder det økonomiske opplegget "
            "for kommunesektoren i statsbudsjettet.",
            expectations_of_superior="Tydelige prioriteringer og rask avklaring av saker som går til politisk ledelse.",
        )
        _req(
            ag,
            leader,
            "section_development",
            "Levere beregningsgrunnlaget for nytt inntektssystem",
            superior_requirement=top_req,
            goal=income,
            perspective="professional",
            indicators=[{"text": "Beregninger levert", "deadline": "2026-08-15"}],
            evaluation_method="Vurdering fra ekspedisjonssjef",
        )
        _req(
            ag,
            leader,
            "section_development",
            "Holde kostnadene til konsulentbistand innenfor budsjett",
            perspective="economy",
            indicators=[{"text": "Forbruk i prosent av budsjett", "target_value": "100"}],
            evaluation_method="Regnskapsrapporter",
        )
        _req(
            ag,
            leader,
            "section_development",
            "Bidra til et godt samarbeid med de andre seksjonene i avdelingen",
            perspective="internal_processes",
            indicators=["Ressurser avgitt til andre seksjoner ved behov"],
            evaluation_method="Tilbakemelding fra ekspedisjonssjef og andre seksjonsledere",
        )
        _req(
            ag,
            leader,
            "section_development",
            "God veiledning til kommunene",
            perspective="users",
            indicators=["Antall klager fra kommuner: under 5"],
            evaluation_method="Brukerundersøkelse",
        )
        _req(
            ag,
            leader,
            "leader_development",
            "Gi klare tilbakemeldinger til medarbeiderne",
            perspective="employees",
            indicators=["Medarbeidersamtaler gjennomført: 100 %"],
            evaluation_method="Tilbakemelding fra medarbeidere",
        )
        services.agreement_share_with_unit(agreement=ag, actor=leader)
        employee = demo_orgs.person("ansatt")
        services.agreement_comment(
            agreement=ag,
            actor=employee,
            text="Fint at samarbeidet med de andre seksjonene er med. Kanskje også et krav "
            "om kompetanseutvikling i seksjonen?",
        )
        _publish(ag, leader)
        services.agreement_submit(agreement=ag, actor=leader)
        services.agreement_sign(agreement=ag, actor=leader)

    # Seksjonssjef, Seksjon for planlegging og styring (PA): signed, with the three PA common requirements.
    plan_leader = demo_orgs.unit("PA-PLAN", organisation=org).leader
    ag = _start(period, plan_leader, written)
    if ag is not None:
        _req(
            ag,
            plan_leader,
            "section_development",
            "Innføre felles mal for virksomhetsplaner i avdelingene",
            perspective="professional",
            indicators=[{"text": "Malen tatt i bruk", "deadline": "2026-09-01"}],
            evaluation_method="VP-rapportering ved årsskiftet",
        )
        _req(
            ag,
            plan_leader,
            "section_development",
            "Holde budsjettet for seksjonen",
            perspective="economy",
            indicators=[{"text": "Forbruk i prosent av budsjett", "target_value": "100"}],
            evaluation_method="Regnskapsrapporter",
        )
        _publish(ag, plan_leader)
        services.agreement_submit(agreement=ag, actor=plan_leader)
        _sign_both(ag)

    # Seksjonssjef, Seksjon for inntektssystemet: a fresh draft.
    _start(period, leader2, written)


def load(demo_orgs) -> str:
    written: Counter = Counter()
    _ufd(demo_orgs, written)
    _krd(demo_orgs, written)
    if not written:
        return "nothing to do: the demo agreements were already loaded"
    return ", ".join(f"{k} {v}" for k, v in sorted(written.items()))
