"""Demo 360 rounds on top of the demo ministries (organisations/demo.py):

- `leder` (KOMM-OKO) has a closed round with answers from every group: a full profile,
  shared with the superior, and a development plan with two items;
- `leder2` (KOMM-INNT) has a closed round where only two peers answered: the peer group is
  suppressed everywhere in that profile;
- `leder` also has an open round where `ansatt` has an invitation (on the home page).

Everything goes through the services, as users would do it; only the dates of the closed
rounds are moved into the past afterwards. Idempotent: a round that exists is left alone.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta

from django.utils import timezone

from resultatavtaler.organisations.models import Person

from . import services
from .constants import RaterGroup, RoundState
from .models import FeedbackRound, Invitation

_SEED = 3602003

# Comments per group, in the voice of real raters (Norwegian, as the demo users write).
COMMENTS = {
    RaterGroup.SELF: ["Jeg ønsker å bli flinkere til å delegere og gi tydeligere tilbakemeldinger."],
    RaterGroup.SUPERIOR: ["Leverer solid på økonomiarbeidet; bør løfte blikket mer mot avdelingens helhet."],
    RaterGroup.PEERS: [
        "God samarbeidspartner i budsjettprosessen.",
        "Kunne delt mer informasjon på tvers av seksjonene.",
        "Stiller alltid opp når vi trenger bistand.",
        "Tydelig i møtene, men noe lite tilgjengelig i travle perioder.",
    ],
    RaterGroup.DIRECT_REPORTS: [
        "Gir oss stor frihet og tillit i arbeidet.",
        "Ønsker meg mer tilbakemelding underveis, ikke bare i medarbeidersamtalen.",
        "Flink til å prioritere når det brenner.",
        "Konflikter blir av og til liggende for lenge.",
        "Inkluderende og lett å snakke med.",
        "Kunne vært tydeligere på hva som er viktigst.",
    ],
    RaterGroup.OTHERS: [
        "Konstruktiv i drøftingsmøtene med de tillitsvalgte.",
        "Profesjonell og forutsigbar motpart.",
        "Svarer raskt og grundig på henvendelser.",
    ],
}
# A rater group's tendency: mean on the 1–5 scale, and per area code a shift.
TENDENCY = {
    RaterGroup.SELF: 4.2,
    RaterGroup.SUPERIOR: 3.6,
    RaterGroup.PEERS: 3.7,
    RaterGroup.DIRECT_REPORTS: 3.9,
    RaterGroup.OTHERS: 4.0,
}
AREA_SHIFT = {"konflikthandtering": -0.8, "utvikling-av-medarbeidere": -0.4, "handlekraft": 0.4,
              "mal-og-resultat": 0.5, "samarbeid-og-helhet": -0.2}


def _answer(fr: FeedbackRound, inv: Invitation, rng: random.Random, index: int) -> None:
    answers = {}
    base = TENDENCY[RaterGroup(inv.group)]
    for area in fr.questionnaire["areas"]:
        shift = AREA_SHIFT.get(area["code"], 0.0)
        if inv.group == RaterGroup.SELF:
            shift = -shift / 2  # the leader sees less of a pattern than the others do
        for s in area["statements"]:
            if rng.random() < 0.06 and inv.group != RaterGroup.SELF:
                answers[s["key"]] = "na"
                continue
            answers[s["key"]] = max(1, min(5, round(rng.gauss(base + shift, 0.7))))
    comments = {}
    texts = COMMENTS[RaterGroup(inv.group)]
    if fr.questionnaire["comment_questions"] and rng.random() < 0.8:
        comments[fr.questionnaire["comment_questions"][index % len(fr.questionnaire["comment_questions"])]["key"]] = (
            texts[index % len(texts)]
        )
    services.answer_draft_save(invitation=inv, answers=answers, comments=comments)
    services.response_submit(invitation=inv)


def _peers_of(leader: Person) -> list[Person]:
    unit = leader.led_units.order_by("depth").first()
    if unit is None or unit.parent is None:
        return []
    return [u.leader for u in unit.parent.children.exclude(leader=None).exclude(leader=leader).order_by("code")]


def _run_round(*, leader: Person, peers: list[Person], others: list[str], answer_groups: dict, rng, close: bool,
               exclude_from_answering: set[int] = frozenset(), days_ago: int = 0) -> FeedbackRound:
    today = timezone.localdate()
    fr = services.round_start(leader=leader, actor=leader, deadline=today + timedelta(days=14))
    for p in peers:
        services.invitation_propose(feedback_round=fr, actor=leader, group=RaterGroup.PEERS, person=p)
    for email in others:
        services.invitation_propose(feedback_round=fr, actor=leader, group=RaterGroup.OTHERS, email=email)
    services.round_submit_raters(feedback_round=fr, actor=leader)
    services.round_approve_raters(feedback_round=fr, actor=fr.superior)
    for group, how_many in answer_groups.items():
        invs = [
            i for i in Invitation.objects.filter(round=fr, group=group, state="approved").order_by("id")
            if i.person_id not in exclude_from_answering
        ]
        for index, inv in enumerate(invs[:how_many]):
            _answer(fr, inv, rng, index)
    if close:
        services.round_close(feedback_round=fr, actor=leader, rng=rng)
        past = timezone.now() - timedelta(days=days_ago)
        FeedbackRound.objects.filter(pk=fr.pk).update(
            deadline=past.date(), created_at=past - timedelta(days=21), opened_at=past - timedelta(days=20),
            closed_at=past,
        )
        fr.refresh_from_db()
    return fr


def load(demo_orgs) -> str:
    written: Counter = Counter()
    rng = random.Random(_SEED)
    leder = Person.objects.get(user__username="leder")
    leder2 = Person.objects.get(user__username="leder2")
    ansatt = Person.objects.get(user__username="ansatt")
    for org in {leder.organisation, leder2.organisation}:
        services.question_bank_ensure(organisation=org)
    domain = leder.email.split("@")[-1] if "@" in leder.email else "example.org"

    if not FeedbackRound.objects.filter(leader=leder, state=RoundState.CLOSED).exists():
        fr = _run_round(
            leader=leder, peers=_peers_of(leder),
            others=[f"tillitsvalgt.akademikerne@{domain}", "kontakt@ks-demo.example", "radgiver@dfo-demo.example"],
            answer_groups={RaterGroup.SELF: 1, RaterGroup.SUPERIOR: 1, RaterGroup.PEERS: 4,
                           RaterGroup.DIRECT_REPORTS: 7, RaterGroup.OTHERS: 3},
            rng=rng, close=True, days_ago=60, exclude_from_answering={ansatt.pk},
        )
        services.profile_set_shared(profile=fr.profile, actor=leder, shared=True)
        services.development_item_create(
            feedback_round=fr, actor=fr.superior or leder, area_code="konflikthandtering",
            goal="Ta tak i uenighet i seksjonen tidligere", deadline=timezone.localdate() + timedelta(days=180),
            actions="Avklare saker i ukentlige en-til-en-samtaler; kurs i konflikthåndtering høsten 2026.",
            support="Ekspedisjonssjefen er samtalepartner; HR tilbyr kurs.",
        )
        services.development_item_create(
            feedback_round=fr, actor=leder, area_code="utvikling-av-medarbeidere",
            goal="Gi medarbeiderne jevnlig tilbakemelding på arbeidet",
            actions="Korte tilbakemeldingsmøter etter hver leveranse.", support="",
            deadline=timezone.localdate() + timedelta(days=120),
        )
        written["closed rounds"] += 1

    if not FeedbackRound.objects.filter(leader=leder2, state=RoundState.CLOSED).exists():
        _run_round(
            leader=leder2, peers=_peers_of(leder2)[:3], others=[],
            answer_groups={RaterGroup.SELF: 1, RaterGroup.SUPERIOR: 1, RaterGroup.PEERS: 2,
                           RaterGroup.DIRECT_REPORTS: 5},
            rng=rng, close=True, days_ago=40,
        )
        written["closed rounds (peers suppressed)"] += 1

    if not FeedbackRound.objects.filter(leader=leder, state__in=services.ACTIVE_STATES).exists():
        _run_round(
            leader=leder, peers=_peers_of(leder)[:3], others=[],
            answer_groups={RaterGroup.DIRECT_REPORTS: 2},
            rng=rng, close=False, exclude_from_answering={ansatt.pk},
        )
        written["open rounds"] += 1
    if not written:
        return "nothing new"
    return ", ".join(f"{k}: {v}" for k, v in written.items())
