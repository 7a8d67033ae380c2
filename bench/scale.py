"""A realistic, deterministic data set at the scale of the whole Norwegian state (issue 9).

`generate(persons=N, seed=S)` builds, through bulk inserts only:

- organisations of about 1,000 persons each (N // 1,000 of them, at least two), the first of
  them holding a quarter of all persons (5,000 leaders at N = 200,000: the overview target);
- per organisation a unit tree (fan-out 8, breadth first: departement → avdeling → seksjon
  → ...), ten persons per unit of whom the first leads it (so 10 % leaders), materialised
  paths computed in Python, one organisation-wide process owner;
- one period per year: `history_years` closed years and the current, open year, each with
  goals for the two top levels and one organisation-wide common requirement;
- one agreement per leader (the top leader excepted: their superior is outside the
  organisation) per year on the built-in UFD template: three professional requirements
  cascading from the superior's, one personal development requirement and the common one,
  1–2 indicators each; closed in history years, a realistic spread of states this year
  (a few leaders have not started and only appear as period participants);
- for every agreement that has been signed, version 1 with the snapshot in the exact shape
  `agreements.services.versions.snapshot_of` gives (built from the rows in memory, which the
  test compares with `snapshot_of`), hashed with the real `version_hash`, both signatures,
  and it is the version in force; self-evaluations and assessments (without per-requirement
  ratings) for the evaluated states; two review comments on agreements in review;
- one 360 round per leader this year on the organisation's question bank (the real
  `question_bank_ensure` and `questionnaire_snapshot`): ~15 approved invitations (self,
  superior, up to four peers, up to seven direct reports, two outside addresses), anonymous
  responses, and for closed rounds (70 %) the frozen profile from the real `compute_profile`.

Not generated: audit events, measurements, input requests, per-requirement ratings,
development plans, login accounts (the benchmark adds accounts for the people it uses).

Everything random comes from `random.Random(f"{seed}:{organisation index}")`, so the same
seed gives the same organisations, names, trees and states on SQLite and PostgreSQL (primary
keys differ between databases; nothing depends on them but the snapshots' ids).
"""

from __future__ import annotations

import datetime
import math
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

# Bump when the shape of the data changes: the benchmark regenerates its databases then.
GENERATOR_VERSION = 1
BATCH = 2000
FANOUT = 8
PERSONS_PER_UNIT = 10
PERSONS_PER_ORGANISATION = 1000
BIG_SHARE = 0.25
ORG_NUMBER_BASE = 81_000_000  # 8 digits before the check digit; 81xxxxxxx is not used by the demo

FIRST_NAMES = [
    "Anne",
    "Inger",
    "Kari",
    "Marit",
    "Ingrid",
    "Liv",
    "Eva",
    "Berit",
    "Astrid",
    "Bjørg",
    "Hilde",
    "Anna",
    "Solveig",
    "Marianne",
    "Randi",
    "Ida",
    "Nina",
    "Maria",
    "Elisabeth",
    "Kristin",
    "Silje",
    "Hanne",
    "Tone",
    "Ragnhild",
    "Åse",
    "Sigrid",
    "Tove",
    "Heidi",
    "Ingeborg",
    "Grete",
    "Jan",
    "Per",
    "Bjørn",
    "Ole",
    "Lars",
    "Kjell",
    "Knut",
    "Arne",
    "Svein",
    "Thomas",
    "Hans",
    "Geir",
    "Tor",
    "Morten",
    "Terje",
    "Odd",
    "Erik",
    "Martin",
    "Andreas",
    "Rune",
    "Trond",
    "John",
    "Harald",
    "Håkon",
    "Øyvind",
    "Even",
    "Sindre",
    "Magnus",
    "Jonas",
    "Eirik",
    "Ståle",
    "Tormod",
    "Audun",
    "Torstein",
    "Vegard",
    "Øystein",
    "Aslak",
]
LAST_NAMES = [
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Pedersen",
    "Nilsen",
    "Kristiansen",
    "Jensen",
    "Karlsen",
    "Johnsen",
    "Pettersen",
    "Eriksen",
    "Berg",
    "Haugen",
    "Hagen",
    "Johannessen",
    "Andreassen",
    "Jacobsen",
    "Dahl",
    "Jørgensen",
    "Halvorsen",
    "Henriksen",
    "Lund",
    "Sørensen",
    "Jakobsen",
    "Moen",
    "Gundersen",
    "Iversen",
    "Strand",
    "Solberg",
    "Svendsen",
    "Eide",
    "Knutsen",
    "Martinsen",
    "Paulsen",
    "Bakken",
    "Kristoffersen",
    "Mathisen",
    "Lie",
    "Amundsen",
    "Nguyen",
    "Rasmussen",
    "Ali",
    "Lunde",
    "Solheim",
    "Berge",
    "Moe",
    "Nygård",
    "Bakke",
    "Kristensen",
    "Fredriksen",
    "Holm",
    "Lien",
    "Andresen",
    "Hauge",
    "Ødegård",
    "Sæther",
    "Bjørnstad",
    "Østby",
    "Aasen",
    "Myhre",
    "Tangen",
    "Vik",
    "Brekke",
    "Sandvik",
    "Fjeld",
    "Røed",
    "Tveit",
]
TOPICS = [
    "økonomi",
    "personal",
    "innkjøp",
    "digitalisering",
    "analyse",
    "forvaltning",
    "regelverk",
    "tilsyn",
    "kommunikasjon",
    "budsjett",
    "statistikk",
    "arkiv",
    "juss",
    "internasjonalt",
    "samordning",
    "beredskap",
    "eiendom",
    "tilskudd",
    "utdanning",
    "forskning",
    "helse",
    "miljø",
    "samferdsel",
    "klima",
    "kultur",
    "næring",
    "plan",
    "bolig",
    "integrering",
]
MEMBER_TITLES = ("Seniorrådgiver", "Rådgiver", "Seniorrådgiver", "Førstekonsulent", "Fagdirektør", "Rådgiver")
LEADER_TITLES = ("Departementsråd", "Ekspedisjonssjef", "Avdelingsdirektør", "Seksjonssjef")
ORG_WORDS = [
    "direktoratet",
    "tilsynet",
    "departementet",
    "etaten",
    "forvaltningen",
    "senteret",
    "kontoret",
    "ombudet",
    "instituttet",
    "verket",
]

# Weights of this year's states; "not_started" leaders only have a PeriodParticipant row.
CURRENT_STATES = (
    ("not_started", 5),
    ("draft", 15),
    ("in_review", 10),
    ("signed", 45),
    ("self_evaluated", 10),
    ("assessed", 10),
    ("closed", 5),
)
SIGNED_STATES = ("signed", "self_evaluated", "assessed", "closed")
TEMPLATE_KEY = "ufd-ad"


def org_number(index: int) -> str:
    """The index-th valid organisation number (mod-11 check digit) in the bench's range."""
    from resultatavtaler.lib.validators import is_valid_organisation_number

    base = ORG_NUMBER_BASE + index * 7
    while True:
        for check in range(10):
            candidate = f"{base:08d}{check}"
            if is_valid_organisation_number(candidate):
                return candidate
        base += 1


def organisation_sizes(persons: int) -> list[int]:
    """Persons per organisation: the big one first, then the rest spread evenly."""
    n_orgs = max(2, round(persons / PERSONS_PER_ORGANISATION))
    big = max(PERSONS_PER_UNIT * 3, round(persons * BIG_SHARE))
    rest = persons - big
    others = n_orgs - 1
    sizes = [big] + [rest // others + (1 if i < rest % others else 0) for i in range(others)]
    return [s for s in sizes if s > 0]


@dataclass
class Stats:
    counts: Counter = field(default_factory=Counter)
    seconds: float = 0.0


def _bulk(model, objs, stats: Stats, *, batch_size: int = BATCH):
    if objs:
        model.objects.bulk_create(objs, batch_size=batch_size)
        stats.counts[model._meta.label] += len(objs)
    return objs


def _ascii(name: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A", " ": "."})
    return name.translate(table).lower()


def generate(
    *, persons: int, seed: int = 1, history_years: int = 2, today: datetime.date | None = None, log=None
) -> Stats:
    """Build the data set (see the module docstring). Refuses when its organisations exist."""
    from resultatavtaler.agreements.builtin import ensure_builtin_templates
    from resultatavtaler.agreements.models import TemplateVersion
    from resultatavtaler.organisations.models import Organisation

    started = time.perf_counter()
    today = today or timezone.localdate()
    sizes = organisation_sizes(persons)
    numbers = [org_number(i) for i in range(len(sizes))]
    if Organisation.objects.filter(org_number__in=numbers).exists():
        raise RuntimeError("The scale data set is already in this database; use a fresh database.")
    ensure_builtin_templates()
    tv = (
        TemplateVersion.objects.filter(template__organisation__isnull=True, template__key=TEMPLATE_KEY)
        .select_related("template")
        .order_by("-number")
        .first()
    )
    stats = Stats()
    for index, size in enumerate(sizes):
        rng = random.Random(f"{seed}:{index}")
        with transaction.atomic():
            _OrganisationBuilder(
                index=index,
                size=size,
                number=numbers[index],
                rng=rng,
                tv=tv,
                today=today,
                history_years=history_years,
                stats=stats,
            ).build()
        if log and (index == 0 or (index + 1) % 20 == 0 or index + 1 == len(sizes)):
            log(f"  {index + 1}/{len(sizes)} organisations, {time.perf_counter() - started:.0f} s")
    stats.seconds = time.perf_counter() - started
    return stats


class _OrganisationBuilder:
    def __init__(self, *, index, size, number, rng, tv, today, history_years, stats):
        self.index, self.size, self.number, self.rng = index, size, number, rng
        self.tv, self.today, self.history_years, self.stats = tv, today, history_years, stats

    # --- organisation, units, persons -------------------------------------------------------

    def build(self) -> None:
        from resultatavtaler.organisations.models import Organisation

        rng = self.rng
        word = ORG_WORDS[self.index % len(ORG_WORDS)]
        topic = TOPICS[self.index % len(TOPICS)].capitalize()
        name = f"{topic}{word} {self.index + 1:03d}" if self.index else f"Storetaten ({topic.lower()}{word})"
        self.org = Organisation.objects.create(
            name=name,
            short_name=f"SK{self.index + 1:03d}",
            org_number=self.number,
            default_language="nn" if rng.random() < 0.1 else "nb",
        )
        self.stats.counts["organisations.Organisation"] += 1
        self._units_and_persons()
        self._periods()
        for period in self.periods:
            self._agreements(period)
        self._feedback()

    def _units_and_persons(self) -> None:
        from resultatavtaler.organisations.constants import GrantedRole, UnitKind
        from resultatavtaler.organisations.models import Person, RoleGrant, Unit

        rng, org = self.rng, self.org
        n_units = math.ceil(self.size / PERSONS_PER_UNIT)
        parents = [None] + [(i - 1) // FANOUT for i in range(1, n_units)]
        depth = [0] * n_units
        for i in range(1, n_units):
            depth[i] = depth[parents[i]] + 1
        kinds = {0: UnitKind.MINISTRY, 1: UnitKind.DEPARTMENT}
        units = []
        for i in range(n_units):
            topic = TOPICS[rng.randrange(len(TOPICS))]
            if i == 0:
                code, uname = "TOPP", org.name
            elif depth[i] == 1:
                code, uname = f"A{i:02d}", f"Avdeling for {topic} {i}"
            else:
                code, uname = f"A{parents[i]:02d}-S{i}", f"Seksjon for {topic} {i}"
            units.append(
                Unit(
                    organisation=org, code=code, name=uname, kind=kinds.get(depth[i], UnitKind.SECTION), depth=depth[i]
                )
            )
        _bulk(Unit, units, self.stats)  # primary keys come back (PostgreSQL, SQLite ≥ 3.35)
        for i, u in enumerate(units):
            u.parent_id = units[parents[i]].pk if parents[i] is not None else None
            u.path = f"{units[parents[i]].path}{u.pk}/" if parents[i] is not None else f"/{u.pk}/"

        people = []
        domain = f"sk{self.index + 1:03d}.example.no"
        for n in range(self.size):
            i = n // PERSONS_PER_UNIT
            is_leader = n % PERSONS_PER_UNIT == 0
            pname = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            title = LEADER_TITLES[min(depth[i], 3)] if is_leader else MEMBER_TITLES[rng.randrange(len(MEMBER_TITLES))]
            lang = rng.random()
            people.append(
                Person(
                    organisation=org,
                    employee_id=f"{100000 + n}",
                    name=pname,
                    email=f"{_ascii(pname)}.{n}@{domain}",
                    title=title,
                    unit=units[i],
                    language="nn" if lang < 0.08 else ("en" if lang < 0.1 else ""),
                )
            )
        _bulk(Person, people, self.stats)
        for i, u in enumerate(units):
            u.leader_id = people[i * PERSONS_PER_UNIT].pk
        Unit.objects.bulk_update(units, ["parent", "path", "leader"], batch_size=500)
        owner = people[1] if len(people) > 1 else people[0]
        RoleGrant.objects.create(organisation=org, person=owner, role=GrantedRole.PROCESS_OWNER)
        self.stats.counts["organisations.RoleGrant"] += 1
        self.units, self.parents, self.depth, self.people = units, parents, depth, people
        self.members = defaultdict(list)  # unit index -> persons who are not its leader
        for n, p in enumerate(people):
            if n % PERSONS_PER_UNIT:
                self.members[n // PERSONS_PER_UNIT].append(p)
        self.children = defaultdict(list)
        for i, parent in enumerate(parents):
            if parent is not None:
                self.children[parent].append(i)

    def leader_of(self, i: int):
        return self.people[i * PERSONS_PER_UNIT]

    # --- periods, goals, common requirements -------------------------------------------------

    def _periods(self) -> None:
        from resultatavtaler.agreements.constants import PeriodState, Perspective
        from resultatavtaler.agreements.models import CommonRequirement, Goal, Period

        year_now = self.today.year
        periods = []
        for year in range(year_now - self.history_years, year_now + 1):
            d = datetime.date
            periods.append(
                Period(
                    organisation=self.org,
                    name=str(year),
                    start=d(year, 1, 1),
                    end=d(year, 12, 31),
                    drafts_due=d(year, 1, 31),
                    signing_due=d(year, 2, 28),
                    midyear_review=d(year, 6, 15),
                    self_evaluations_due=d(year, 11, 15),
                    assessment_from=d(year, 11, 20),
                    assessment_to=d(year, 12, 15),
                    state=PeriodState.OPEN if year == year_now else PeriodState.CLOSED,
                    default_template=self.tv.template,
                )
            )
        _bulk(Period, periods, self.stats)
        self.periods = periods
        perspectives = [p.value for p in Perspective]
        self.goals: dict[tuple[int, int], list] = {}  # (period pk, unit index) -> goals
        goals, commons = [], []
        top_units = [i for i, dep in enumerate(self.depth) if dep <= 1]
        for period in periods:
            for i in top_units:
                for k in range(3 if i == 0 else 2):
                    g = Goal(
                        organisation=self.org,
                        period=period,
                        unit=self.units[i],
                        position=k,
                        title=f"Mål {k + 1}: styrke {TOPICS[self.rng.randrange(len(TOPICS))]} i {period.name}",
                        perspective=perspectives[self.rng.randrange(len(perspectives))],
                    )
                    goals.append(g)
                    self.goals.setdefault((period.pk, i), []).append(g)
            commons.append(
                CommonRequirement(
                    organisation=self.org,
                    period=period,
                    category_key="general",
                    number="3.1",
                    position=1,
                    text="Lederen bidrar til samarbeid på tvers av enhetene og til en fleksibel organisasjon.",
                    indicators=[{"text": "Tilbakemelding fra medarbeidere og andre ledere"}],
                    evaluation_method="Tilbakemelding fra medarbeidere",
                    perspective="internal_processes",
                )
            )
        _bulk(Goal, goals, self.stats)
        # Avdeling goals hang under the top unit's goals (a goal tree).
        roots = {p.pk: self.goals.get((p.pk, 0), []) for p in periods}
        for (ppk, i), gs in self.goals.items():
            if i and roots[ppk]:
                for k, g in enumerate(gs):
                    g.parent_id = roots[ppk][k % len(roots[ppk])].pk
        Goal.objects.bulk_update([g for (_p, i), gs in self.goals.items() if i for g in gs], ["parent"], batch_size=500)
        _bulk(CommonRequirement, commons, self.stats)
        self.common = {c.period_id: c for c in commons}

    # --- agreements -------------------------------------------------------------------------

    def _agreements(self, period) -> None:
        from resultatavtaler.agreements.constants import AgreementState, CommentKind
        from resultatavtaler.agreements.models import Agreement, Comment, Indicator, PeriodParticipant, Requirement
        from resultatavtaler.evaluations.models import Assessment, SelfEvaluation

        rng, stats = self.rng, self.stats
        current = period.state == "open"
        aware = timezone.make_aware
        n_units = len(self.units)
        states = [s for s, w in CURRENT_STATES for _ in range(w)]
        participants, agreements = [], []
        for i in range(1, n_units):
            state = states[rng.randrange(len(states))] if current else AgreementState.CLOSED.value
            leader, superior = self.leader_of(i), self.leader_of(self.parents[i])
            if current:
                participants.append(PeriodParticipant(period=period, person=leader, unit=self.units[i], source="auto"))
            if state == "not_started":
                continue
            year = period.start.year
            submitted = aware(datetime.datetime(year, 1, 20 + rng.randrange(8), 10))
            signed = aware(datetime.datetime(year, 2, 10 + rng.randrange(15), 14)) if state in SIGNED_STATES else None
            sections = {
                "introduction": "Avtalen bygger på virksomhetsplanen og tildelingsbrevet for året.",
                "section_goals": f"Seksjonen skal styrke arbeidet med {TOPICS[rng.randrange(len(TOPICS))]}.",
                "position_responsibilities": "Leder seksjonen med personal-, budsjett- og resultatansvar.",
                "contact_network": "Avdelingens ledergruppe, fagmiljøene og underliggende virksomheter.",
                "assessment_plan": "Vurderingssamtale i november med egenevaluering en uke før.",
            }
            a = Agreement(
                organisation=self.org,
                period=period,
                leader=leader,
                superior=superior,
                unit=self.units[i],
                template_version=self.tv,
                state=state,
                sections=sections,
                section_public={},
                publication_decided=state != "draft",
                lock_version=rng.randrange(1, 12),
                shared_with_unit_at=submitted if rng.random() < 0.6 else None,
                submitted_at=submitted if state != "draft" else None,
                signed_at=signed,
            )
            a.unit_index = i
            agreements.append(a)
        _bulk(PeriodParticipant, participants, stats)
        _bulk(Agreement, agreements, stats)
        by_unit = {a.unit_index: a for a in agreements}

        # Requirements, layer by layer of the tree so each links to its superior's (already saved).
        goals_of = {}
        for i in range(n_units):
            top = i if self.depth[i] <= 1 else self._ancestor_at_depth(i, 1)
            goals_of[i] = self.goals.get((period.pk, top), []) or self.goals.get((period.pk, 0), [])
        professional: dict[int, list] = {}
        all_reqs = []
        common = self.common[period.pk]
        for layer in sorted({self.depth[a.unit_index] for a in agreements}):
            reqs = []
            for a in (a for a in agreements if self.depth[a.unit_index] == layer):
                i = a.unit_index
                sup = professional.get(self.parents[i], [])
                own = []
                for k in range(3):
                    topic = TOPICS[rng.randrange(len(TOPICS))]
                    goal = goals_of[i][k % len(goals_of[i])] if goals_of[i] and rng.random() < 0.6 else None
                    r = Requirement(
                        agreement=a,
                        category_key="professional",
                        position=k + 1,
                        number=f"1.{k + 1}",
                        text=f"Gjennomføre tiltak for bedre {topic} innen utgangen av {period.name}.",
                        binds="unit",
                        perspective=("professional", "users", "economy")[k],
                        goal=goal,
                        superior_requirement=sup[k] if sup and rng.random() < 0.8 else None,
                        evaluation_method="STYRAPP-rapporter og tilbakemelding fra brukerne",
                        public=rng.random() < 0.9,
                    )
                    own.append(r)
                reqs += own
                professional[i] = own
                reqs.append(
                    Requirement(
                        agreement=a,
                        category_key="personal_development",
                        position=1,
                        number="2.1",
                        text="Utvikle egen lederrolle gjennom lederutviklingsprogrammet.",
                        binds="leader",
                        perspective="employees",
                        evaluation_method="Egenevaluering og 360-graders evaluering",
                        public=False,
                    )
                )
                reqs.append(
                    Requirement(
                        agreement=a,
                        category_key="general",
                        position=1,
                        number=common.number,
                        text=common.text,
                        binds="leader",
                        perspective=common.perspective,
                        evaluation_method=common.evaluation_method,
                        common_requirement=common,
                        public=True,
                    )
                )
            _bulk(Requirement, reqs, stats)
            all_reqs += reqs

        indicators = []
        for r in all_reqs:
            for k in range(1 + (rng.random() < 0.5)):
                measurable = rng.random() < 0.7
                base = Decimal(rng.randrange(20, 900)) / 10
                indicators.append(
                    Indicator(
                        requirement=r,
                        position=k + 1,
                        text=("Sykefravær" if k else "Andel saker behandlet innen frist") + f" ({r.number})",
                        metric="prosent" if measurable else "",
                        unit="%" if measurable else "",
                        baseline=base.quantize(Decimal("0.001")) if measurable else None,
                        target_value=(base + 5).quantize(Decimal("0.001")) if measurable else None,
                        deadline=period.end if measurable else None,
                    )
                )
        _bulk(Indicator, indicators, stats)
        ind_of = defaultdict(list)
        for ind in indicators:
            ind_of[ind.requirement_id].append(ind)
        reqs_of = defaultdict(list)
        for r in all_reqs:
            reqs_of[r.agreement_id].append(r)

        self._versions(period, [a for a in agreements if a.state in SIGNED_STATES], reqs_of, ind_of)

        comments, selfevals, assessments = [], [], []
        for a in agreements:
            if a.state == AgreementState.IN_REVIEW:
                first = reqs_of[a.pk][0]
                comments.append(
                    Comment(
                        agreement=a,
                        requirement=first,
                        author=a.superior,
                        kind=CommentKind.REVIEW,
                        text="Kan indikatoren gjøres mer målbar?",
                    )
                )
                comments.append(
                    Comment(
                        agreement=a,
                        author=a.leader,
                        kind=CommentKind.DISCUSSION,
                        text="Jeg har lagt inn en målverdi for første indikator.",
                    )
                )
            year = period.start.year
            if a.state in ("self_evaluated", "assessed", "closed"):
                selfevals.append(
                    SelfEvaluation(
                        organisation=self.org,
                        agreement=a,
                        summary="Resultatkravene er i hovedsak nådd.",
                        submitted_at=timezone.make_aware(datetime.datetime(year, 11, 5, 9)),
                    )
                )
            if a.state in ("self_evaluated", "assessed", "closed"):
                done = a.state != "self_evaluated"
                assessments.append(
                    Assessment(
                        organisation=self.org,
                        agreement=a,
                        conversation_at=timezone.make_aware(datetime.datetime(year, 11, 20 + rng.randrange(8), 10)),
                        overall_value=rng.randrange(1, 4) if done else None,
                        overall="Gode resultater og god ledelse." if done else "",
                        completed_at=timezone.make_aware(datetime.datetime(year, 11, 28, 15)) if done else None,
                        leader_acknowledged_at=(
                            timezone.make_aware(datetime.datetime(year, 12, 2, 9)) if a.state == "closed" else None
                        ),
                        superior_acknowledged_at=(
                            timezone.make_aware(datetime.datetime(year, 12, 2, 9)) if a.state == "closed" else None
                        ),
                    )
                )
        _bulk(Comment, comments, stats)
        _bulk(SelfEvaluation, selfevals, stats)
        _bulk(Assessment, assessments, stats)
        if current:
            self.current_agreements = by_unit

    def _ancestor_at_depth(self, i: int, d: int) -> int:
        while self.depth[i] > d:
            i = self.parents[i]
        return i

    def _versions(self, period, signed, reqs_of, ind_of) -> None:
        from resultatavtaler.agreements.models import Agreement, AgreementVersion, Signature
        from resultatavtaler.agreements.services.versions import GENESIS, normalise, version_hash

        tv = self.tv
        order = {c["key"]: n for n, c in enumerate(tv.categories)}
        text_sections = [s for s in tv.sections if s.get("kind", "text") == "text"]
        versions, signatures = [], []
        req_by_pk = {r.pk: r for rs in reqs_of.values() for r in rs}
        for a in signed:
            reqs = sorted(reqs_of[a.pk], key=lambda r: (order.get(r.category_key, 999), r.position, r.pk))
            snapshot = normalise(
                {
                    "agreement": a.pk,
                    "organisation": self.org.pk,
                    "period": {"id": period.pk, "name": period.name},
                    "leader": {"id": a.leader.pk, "name": a.leader.name, "title": a.leader.title},
                    "superior": {"id": a.superior.pk, "name": a.superior.name, "title": a.superior.title},
                    "unit": {"id": a.unit.pk, "code": a.unit.code, "name": a.unit.name},
                    "template": {"key": tv.template.key, "version_id": tv.pk, "number": tv.number},
                    "sections": [
                        {
                            "key": s["key"],
                            "text": a.sections.get(s["key"], ""),
                            "public": bool(a.section_public.get(s["key"], s.get("public_default", True))),
                        }
                        for s in text_sections
                    ],
                    "publication_decided": a.publication_decided,
                    "requirements": [_requirement_snapshot(r, req_by_pk, ind_of) for r in reqs],
                }
            )
            sha = version_hash(number=1, previous_hash=GENESIS, snapshot=snapshot)
            v = AgreementVersion(
                agreement=a, number=1, snapshot=snapshot, sha256=sha, previous_hash=GENESIS, is_in_force=True
            )
            v.signed_at = a.signed_at
            versions.append(v)
        _bulk(AgreementVersion, versions, self.stats, batch_size=500)
        for v in versions:
            a = v.agreement
            signatures.append(
                Signature(
                    version=v,
                    person=a.leader,
                    role="leader",
                    version_hash=v.sha256,
                    signed_at=v.signed_at - datetime.timedelta(hours=2),
                )
            )
            signatures.append(
                Signature(version=v, person=a.superior, role="superior", version_hash=v.sha256, signed_at=v.signed_at)
            )
        _bulk(Signature, signatures, self.stats)
        Agreement.objects.filter(period=period, state__in=SIGNED_STATES).update(
            in_force_version=Subquery(
                AgreementVersion.objects.filter(agreement=OuterRef("pk"), is_in_force=True).values("pk")[:1]
            )
        )

    # --- 360 ----------------------------------------------------------------------------------

    def _feedback(self) -> None:
        from resultatavtaler.feedback.constants import InvitationState, RaterGroup, RoundState
        from resultatavtaler.feedback.models import FeedbackRound, Invitation, LeaderProfile, Response
        from resultatavtaler.feedback.profile import ResponseData, compute_profile
        from resultatavtaler.feedback.services import question_bank_ensure, questionnaire_snapshot

        rng, stats, org = self.rng, self.stats, self.org
        questionnaire = questionnaire_snapshot(bank=question_bank_ensure(organisation=org))
        statements = [s["key"] for a in questionnaire["areas"] for s in a["statements"]]
        comment_keys = [c["key"] for c in questionnaire["comment_questions"]]
        period = self.periods[-1]
        now = timezone.now()
        rounds, plan = [], []
        for i in range(1, len(self.units)):
            closed = rng.random() < 0.7
            if closed:
                deadline = max(period.start, self.today - datetime.timedelta(days=rng.randrange(10, 90)))
            else:
                deadline = min(period.end, self.today + datetime.timedelta(days=14))
            fr = FeedbackRound(
                organisation=org,
                leader=self.leader_of(i),
                superior=self.leader_of(self.parents[i]),
                started_by=self.people[1],
                state=RoundState.CLOSED if closed else RoundState.OPEN,
                deadline=deadline,
                questionnaire=questionnaire,
                opened_at=now - datetime.timedelta(days=30),
                closed_at=now if closed else None,
            )
            rounds.append(fr)
            plan.append((i, closed))
        _bulk(FeedbackRound, rounds, stats, batch_size=500)

        invitations, responses, profiles = [], [], []
        for fr, (i, closed) in zip(rounds, plan, strict=True):
            raters = [(RaterGroup.SELF, fr.leader, ""), (RaterGroup.SUPERIOR, fr.superior, "")]
            siblings = [self.leader_of(s) for s in self.children[self.parents[i]] if s != i]
            raters += [(RaterGroup.PEERS, p, "") for p in rng.sample(siblings, min(4, len(siblings)))]
            reports = self.members[i] + [self.leader_of(c) for c in self.children[i]]
            raters += [(RaterGroup.DIRECT_REPORTS, p, "") for p in rng.sample(reports, min(7, len(reports)))]
            raters += [(RaterGroup.OTHERS, None, f"ekstern{k}.{i}@partner.example.no") for k in range(2)]
            answered = []
            for group, person, email in raters:
                used = closed or rng.random() < 0.6
                invitations.append(
                    Invitation(
                        round=fr,
                        group=group,
                        person=person,
                        email=email,
                        state=InvitationState.APPROVED,
                        language="",
                        sent_at=fr.opened_at,
                        used_at=fr.opened_at if used else None,
                    )
                )
                if used:
                    answers = {
                        k: (None if rng.random() < 0.05 else max(1, min(5, round(rng.gauss(3.8, 0.8)))))
                        for k in statements
                    }
                    comments = {comment_keys[0]: "Tydelig og tilgjengelig leder."} if rng.random() < 0.3 else {}
                    answered.append(ResponseData(group=group.value, answers=answers, comments=comments))
            rng.shuffle(answered)
            responses += [Response(round=fr, group=r.group, answers=r.answers, comments=r.comments) for r in answered]
            if closed:
                data = compute_profile(
                    questionnaire=questionnaire,
                    responses=answered,
                    min_group=org.min_group_responses,
                    min_total=org.min_total_responses,
                    rng=random.Random(rng.random()),
                )
                profiles.append(
                    LeaderProfile(
                        round=fr, organisation=org, leader=fr.leader, data=data, shared_with_superior=rng.random() < 0.5
                    )
                )
        _bulk(Invitation, invitations, stats)
        _bulk(Response, responses, stats, batch_size=1000)
        _bulk(LeaderProfile, profiles, stats, batch_size=500)


def _requirement_snapshot(r, req_by_pk, ind_of) -> dict:
    sup = req_by_pk.get(r.superior_requirement_id) if r.superior_requirement_id else None
    if r.superior_requirement_id and sup is None:
        sup = r.superior_requirement
    return {
        "id": r.pk,
        "category": r.category_key,
        "number": r.number,
        "text": r.text,
        "binds": r.binds,
        "perspective": r.perspective,
        "goal": {"id": r.goal_id, "title": r.goal.title} if r.goal_id else None,
        "superior_requirement": ({"id": sup.pk, "number": sup.number, "text": sup.text} if sup is not None else None),
        "evaluation_method": r.evaluation_method,
        "elements": list(r.elements or []),
        "public": r.public,
        "common": r.common_requirement_id is not None,
        "carried_over_from": r.carried_over_from_id,
        "indicators": [
            {
                "text": i.text,
                "metric": i.metric,
                "unit": i.unit,
                "baseline": i.baseline,
                "target_value": i.target_value,
                "deadline": i.deadline,
            }
            for i in sorted(ind_of.get(r.pk, []), key=lambda i: (i.position, i.pk))
        ],
    }
