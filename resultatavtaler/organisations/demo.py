"""The demo organisations: two fictional ministries modelled on the seed note (§1.3.2).

`load()` creates (or finds) a KRD-like ministry with the six departments the note names
(PA, INN, KOMM, BOBY, REGA, SAMI) and a UFD-like ministry with AD and OA, each with
sections, leaders, employees, a process owner, an admin and a handful of logins that form
one chain (departementsrad → ekspedisjonssjef → leder → ansatt). It is idempotent: every
record is looked up by its natural key (organisation number, unit code, employee id,
username) and only what is missing is written, so a second run writes nothing.

Other apps add their own demo data on top (`resultatavtaler.<app>.demo.load(demo_orgs)`,
called by the `load_demo` command) through the `DemoOrganisations` this returns.

Everyone here is fictional: names are drawn with a fixed seed from lists of common
Norwegian first and last names, and a few combinations that belong to well-known people
are skipped.
"""

from __future__ import annotations

import random
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from resultatavtaler.audit.services import audit_record

from .constants import GrantedRole, Language, UnitKind
from .models import Organisation, Person, RoleGrant, Unit
from .services import role_grant, unit_create, unit_refresh_paths

# One shared password for every demo login (documented in README and printed by
# `demo_logins`). The users are created with set_password, so the password validators do
# not apply; `load_demo` refuses to run with DEBUG off unless --force.
DEMO_PASSWORD = "demo-passord-2026"  # noqa: S105 - a documented demo password, not a secret
# Every demo login is a member of this group, so an operator can find (and remove) them.
DEMO_GROUP = "Demo logins"
DEMO_URL_PATH = "/"

_SEED = 20030801  # the seed note is dated August 2003

# fmt: off
FIRST_NAMES = (
    # women
    "Anne", "Inger", "Kari", "Marit", "Ingrid", "Liv", "Eva", "Berit", "Astrid", "Bjørg", "Hilde", "Anna",
    "Solveig", "Marianne", "Randi", "Ida", "Nina", "Maria", "Elisabeth", "Kristin", "Tone", "Ragnhild",
    "Silje", "Heidi", "Camilla", "Ingeborg", "Hanne", "Mette", "Julie", "Sara", "Nora", "Emma", "Thea",
    "Ingvild", "Guro", "Siri", "Line", "Trine", "Linda", "Kjersti", "Torill", "Gunn", "Wenche", "Eli",
    "Turid", "Åse", "Sigrid", "Maren", "Karoline", "Helene", "Amalie", "Aisha", "Fatima", "Mariam",
    # men
    "Jan", "Per", "Bjørn", "Ole", "Lars", "Kjell", "Knut", "Arne", "Svein", "Thomas", "Hans", "Geir",
    "Tor", "Morten", "Terje", "Odd", "Rune", "Trond", "Martin", "Anders", "Espen", "Jon", "Erik", "Harald",
    "Andreas", "Tore", "Kristian", "Eirik", "Stian", "Øyvind", "Magnus", "Håkon", "Sindre", "Jonas",
    "Henrik", "Sigurd", "Halvor", "Steinar", "Gunnar", "Olav", "Tormod", "Vegard", "Audun", "Ivar",
    "Einar", "Leif", "Dag", "Ali", "Mohammed", "Omar",
)

LAST_NAMES = (
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen",
    "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Johannessen", "Andreassen",
    "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Henriksen", "Lund", "Sørensen", "Jakobsen", "Moen",
    "Gundersen", "Iversen", "Strand", "Svendsen", "Martinsen", "Paulsen", "Knutsen", "Eide", "Bakken",
    "Kristoffersen", "Mathisen", "Lie", "Amundsen", "Nguyen", "Rasmussen", "Lunde", "Solheim", "Berge",
    "Moe", "Nygård", "Bakke", "Kristensen", "Fredriksen", "Holm", "Lien", "Hauge", "Christensen",
    "Andresen", "Nielsen", "Knudsen", "Evensen", "Sæther", "Aas", "Myhre", "Hanssen", "Ahmed", "Haugland",
    "Thomassen", "Sivertsen", "Simonsen", "Danielsen", "Berntsen", "Sandvik", "Rønning", "Arnesen",
    "Antonsen", "Næss", "Vik", "Haug", "Ellingsen", "Thorsen", "Edvardsen", "Birkeland", "Isaksen",
    "Gulbrandsen", "Ruud", "Aasen", "Strøm", "Myklebust", "Tangen", "Ødegård", "Eliassen", "Helland",
    "Bøe", "Aune", "Mikkelsen", "Tveit", "Brekke", "Abrahamsen", "Madsen", "Khan", "Hussain",
)

# Combinations of the lists above that are, or look like, the names of well-known people:
# never generated. (Neither list holds the names of current leading politicians.)
_AVOID = frozenset({"Magnus Karlsen", "Martin Ødegård", "Jan Johansen"})
# fmt: on


@dataclass(frozen=True)
class SectionSpec:
    code: str
    name: str
    size: int  # employees besides the leader


@dataclass(frozen=True)
class DepartmentSpec:
    code: str
    name: str
    sections: tuple[SectionSpec, ...]
    staff: int = 3  # advisers placed directly in the department
    section_leader_title: str = ""  # when it differs from the ministry's


@dataclass(frozen=True)
class MinistrySpec:
    key: str
    name: str
    short_name: str
    org_number: str
    email_domain: str
    id_prefix: str
    departments: tuple[DepartmentSpec, ...]
    section_leader_title: str
    process_owner_section: str
    admin_section: str
    staff_units: tuple[SectionSpec, ...] = ()  # units directly under the ministry (kind other)


@dataclass(frozen=True)
class LoginSpec:
    """A demo login: which position in which ministry it takes, and how to present it."""

    username: str
    ministry: str
    position: str  # "lead:<unit code>", "member:<unit code>", "process_owner" or "admin"
    role_nb: str
    role_en: str


def _s(code: str, name: str, size: int) -> SectionSpec:
    return SectionSpec(code, name, size)


KRD = MinistrySpec(
    key="krd",
    name="Kommunal- og distriktsdepartementet (demo)",
    short_name="KRD (demo)",
    org_number="999100007",
    email_domain="krd-demo.example",
    id_prefix="KRD",
    section_leader_title="Seksjonssjef",
    process_owner_section="PA-PERS",
    admin_section="PA-IKT",
    staff_units=(_s("INFO", "Informasjonsenheten", 4),),
    departments=(
        DepartmentSpec(
            "PA",
            "Plan- og administrasjonsavdelingen",
            (
                _s("PA-PERS", "Personalseksjonen", 9),
                _s("PA-OKO", "Økonomiseksjonen", 10),
                _s("PA-IKT", "Seksjon for IKT og dokumentforvaltning", 11),
                _s("PA-PLAN", "Seksjon for planlegging og styring", 8),
            ),
        ),
        DepartmentSpec(
            "INN",
            "Innvandringsavdelingen",
            (
                _s("INN-ASYL", "Asylseksjonen", 12),
                _s("INN-OPPH", "Seksjon for opphold og statsborgerskap", 11),
                _s("INN-INTEG", "Integreringsseksjonen", 10),
                _s("INN-BOS", "Bosettingsseksjonen", 10),
                _s("INN-INT", "Seksjon for internasjonalt migrasjonssamarbeid", 9),
            ),
        ),
        DepartmentSpec(
            "KOMM",
            "Kommunalavdelingen",
            (
                _s("KOMM-OKO", "Seksjon for kommuneøkonomi", 12),
                _s("KOMM-INNT", "Seksjon for inntektssystemet", 10),
                _s("KOMM-JUR", "Kommunerettsseksjonen", 11),
                _s("KOMM-ORG", "Seksjon for organisering og lokaldemokrati", 10),
                _s("KOMM-VALG", "Valgseksjonen", 9),
            ),
        ),
        DepartmentSpec(
            "BOBY",
            "Bolig- og bygningsavdelingen",
            (
                _s("BOBY-BOPOL", "Boligpolitisk seksjon", 10),
                _s("BOBY-BYGG", "Bygningsseksjonen", 12),
                _s("BOBY-FIN", "Seksjon for boligfinansiering", 10),
                _s("BOBY-BOSOS", "Seksjon for boligsosialt arbeid", 10),
            ),
        ),
        DepartmentSpec(
            "REGA",
            "Regionalpolitisk avdeling",
            (
                _s("REGA-DIST", "Distriktspolitisk seksjon", 11),
                _s("REGA-NAER", "Seksjon for regional næringsutvikling", 10),
                _s("REGA-EU", "Seksjon for EU og internasjonalt regionalsamarbeid", 9),
                _s("REGA-ANAL", "Analyseseksjonen", 10),
            ),
        ),
        DepartmentSpec(
            "SAMI",
            "Same- og minoritetspolitisk avdeling",
            (
                _s("SAMI-SAME", "Samepolitisk seksjon", 10),
                _s("SAMI-MIN", "Seksjon for nasjonale minoriteter", 9),
                _s("SAMI-SPRAK", "Seksjon for samisk språk og kultur", 9),
            ),
        ),
    ),
)

UFD = MinistrySpec(
    key="ufd",
    name="Utdannings- og forskningsdepartementet (demo)",
    short_name="UFD (demo)",
    org_number="999100015",
    email_domain="ufd-demo.example",
    id_prefix="UFD",
    section_leader_title="Avdelingsdirektør",
    process_owner_section="AD-PERS",
    admin_section="AD-IKT",
    departments=(
        DepartmentSpec(
            "AD",
            "Administrasjonsavdelingen",
            (
                _s("AD-PERS", "Personalseksjonen", 10),
                _s("AD-OKO", "Budsjett- og økonomiseksjonen", 11),
                _s("AD-IKT", "IKT-seksjonen", 10),
                _s("AD-DOK", "Dokumentasjonsseksjonen", 9),
            ),
        ),
        DepartmentSpec(
            "OA",
            "Opplæringsavdelingen",
            (
                _s("OA-GRS", "Grunnskoleseksjonen", 12),
                _s("OA-VGO", "Seksjon for videregående opplæring", 11),
                _s("OA-FAG", "Seksjon for fag- og yrkesopplæring", 10),
                _s("OA-VOKS", "Seksjon for voksenopplæring", 9),
                _s("OA-SPES", "Seksjon for spesialpedagogikk", 10),
            ),
            section_leader_title="Seksjonssjef",
        ),
    ),
)

MINISTRIES: tuple[MinistrySpec, ...] = (KRD, UFD)

# The demo logins, in the order `demo_logins` prints them. The first seven form one chain in
# the KRD-like ministry: departementsrad → ekspedisjonssjef (KOMM) → leder (KOMM-OKO) → ansatt.
LOGINS: tuple[LoginSpec, ...] = (
    LoginSpec("departementsrad", "krd", "lead:KRD", "Departementsråd", "Secretary General"),
    LoginSpec("ekspedisjonssjef", "krd", "lead:KOMM", "Ekspedisjonssjef", "Director General"),
    LoginSpec("leder", "krd", "lead:KOMM-OKO", "Leder (seksjonssjef)", "Leader (head of section)"),
    LoginSpec("leder2", "krd", "lead:KOMM-INNT", "Leder, samme avdeling", "Leader, same department"),
    LoginSpec("ansatt", "krd", "member:KOMM-OKO", "Medarbeider hos leder", "Employee of leder"),
    LoginSpec("prosessansvarlig", "krd", "process_owner", "Prosessansvarlig (HR)", "Process owner (HR)"),
    LoginSpec("admin", "krd", "admin", "Administrator", "Administrator"),
    LoginSpec("ad-ekspsjef", "ufd", "lead:AD", "Ekspedisjonssjef", "Director General"),
    LoginSpec("ad-leder", "ufd", "lead:AD-OKO", "Avdelingsdirektør", "Deputy Director General"),
    LoginSpec("oa-ekspsjef", "ufd", "lead:OA", "Ekspedisjonssjef", "Director General"),
    LoginSpec("oa-leder", "ufd", "lead:OA-GRS", "Seksjonssjef (nynorsk)", "Head of section (nynorsk)"),
)

# Logins whose person prefers another language than the organisation's default.
_LOGIN_LANGUAGE = {"oa-leder": Language.NYNORSK}


@dataclass(frozen=True)
class UnitPlan:
    code: str
    name: str
    kind: str
    parent_code: str | None


@dataclass(frozen=True)
class PersonPlan:
    employee_id: str
    name: str
    email: str
    title: str
    unit_code: str
    language: str = ""
    leads: str | None = None  # code of the unit this person leads
    grant: str | None = None  # a GrantedRole for the whole organisation
    login: str | None = None


@dataclass(frozen=True)
class MinistryPlan:
    spec: MinistrySpec
    units: tuple[UnitPlan, ...]
    persons: tuple[PersonPlan, ...]


def _ascii(value: str) -> str:
    value = value.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return "".join(ch for ch in value if ch.isalnum() or ch == "-")


class _People:
    """Draws unique fictional names, e-mails and employee ids for one ministry."""

    def __init__(self, spec: MinistrySpec, rng: random.Random):
        self.spec, self.rng = spec, rng
        self.used: set[str] = set()
        self.count = 0
        self.persons: list[PersonPlan] = []

    def add(self, *, title: str, unit_code: str, leads: str | None = None, grant: str | None = None) -> PersonPlan:
        while True:
            name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
            if name not in self.used and name not in _AVOID:
                break
        self.used.add(name)
        self.count += 1
        first, last = name.split(" ", 1)
        roll = self.rng.random()
        language = Language.NYNORSK if roll < 0.12 else Language.ENGLISH if roll < 0.16 else ""
        person = PersonPlan(
            employee_id=f"{self.spec.id_prefix}{self.count:04d}",
            name=name,
            email=f"{_ascii(first)}.{_ascii(last)}@{self.spec.email_domain}",
            title=title,
            unit_code=unit_code,
            language=language,
            leads=leads,
            grant=grant,
        )
        self.persons.append(person)
        return person


def _members(people: _People, section: SectionSpec, *, spec: MinistrySpec) -> None:
    n = section.size
    if n >= 11:  # the larger sections have an underdirektør
        people.add(title="Underdirektør", unit_code=section.code)
        n -= 1
    if section.code == spec.process_owner_section:
        people.add(title="HR-rådgiver", unit_code=section.code, grant=GrantedRole.PROCESS_OWNER)
        n -= 1
    if section.code == spec.admin_section:
        people.add(title="Seniorrådgiver (systemforvaltning)", unit_code=section.code, grant=GrantedRole.ADMIN)
        n -= 1
    for _ in range(n):
        title = people.rng.choices(("Seniorrådgiver", "Rådgiver", "Førstekonsulent"), weights=(45, 40, 15))[0]
        people.add(title=title, unit_code=section.code)


def build_plan(spec: MinistrySpec) -> MinistryPlan:
    """The whole ministry as plain data, the same on every run (a fixed seed)."""
    rng = random.Random(f"{_SEED}-{spec.key}")  # noqa: S311 - deterministic fictional names
    top = spec.id_prefix
    units = [UnitPlan(top, spec.name, UnitKind.MINISTRY, None)]
    people = _People(spec, rng)
    people.add(title="Departementsråd", unit_code=top, leads=top)
    for staff in spec.staff_units:
        units.append(UnitPlan(staff.code, staff.name, UnitKind.OTHER, top))
        people.add(title="Informasjonssjef", unit_code=staff.code, leads=staff.code)
        for _ in range(staff.size):
            people.add(title="Kommunikasjonsrådgiver", unit_code=staff.code)
    for dept in spec.departments:
        units.append(UnitPlan(dept.code, dept.name, UnitKind.DEPARTMENT, top))
        people.add(title="Ekspedisjonssjef", unit_code=dept.code, leads=dept.code)
        for i in range(dept.staff):
            people.add(title="Fagdirektør" if i == 0 else "Spesialrådgiver", unit_code=dept.code)
        for section in dept.sections:
            units.append(UnitPlan(section.code, section.name, UnitKind.SECTION, dept.code))
            leader_title = dept.section_leader_title or spec.section_leader_title
            people.add(title=leader_title, unit_code=section.code, leads=section.code)
            _members(people, section, spec=spec)
    persons = _attach_logins(spec, people.persons)
    return MinistryPlan(spec=spec, units=tuple(units), persons=tuple(persons))


def _attach_logins(spec: MinistrySpec, persons: list[PersonPlan]) -> list[PersonPlan]:
    persons = list(persons)
    for login in LOGINS:
        if login.ministry != spec.key:
            continue
        kind, _sep, code = login.position.partition(":")
        if kind == "lead":
            index = next(i for i, p in enumerate(persons) if p.leads == code)
        elif kind == "member":
            index = next(
                i
                for i, p in enumerate(persons)
                if p.unit_code == code and p.leads is None and p.grant is None and p.title != "Underdirektør"
            )
        else:
            role = GrantedRole.PROCESS_OWNER if kind == "process_owner" else GrantedRole.ADMIN
            index = next(i for i, p in enumerate(persons) if p.grant == role)
        language = _LOGIN_LANGUAGE.get(login.username, "")
        persons[index] = replace(persons[index], login=login.username, language=language)
    return persons


@dataclass
class DemoOrganisations:
    """What `load()` gives the other apps' demo loaders: the organisations and the named
    demo persons (by username)."""

    organisations: dict[str, Organisation]  # "krd", "ufd"
    logins: dict[str, Person]  # username → Person
    written: Counter = field(default_factory=Counter)  # what this run created or changed
    warnings: list[str] = field(default_factory=list)

    @property
    def krd(self) -> Organisation:
        return self.organisations["krd"]

    @property
    def ufd(self) -> Organisation:
        return self.organisations["ufd"]

    def person(self, username: str) -> Person:
        return self.logins[username]

    def unit(self, code: str, *, organisation: Organisation | None = None) -> Unit:
        """A demo unit by its code ("KOMM-OKO"); codes are unique across the demo ministries."""
        orgs = [organisation] if organisation is not None else list(self.organisations.values())
        return Unit.objects.get(organisation__in=orgs, code=code)

    def summary(self) -> str:
        counts = {
            key: (
                Unit.objects.filter(organisation=org).count(),
                Person.objects.filter(organisation=org).count(),
            )
            for key, org in self.organisations.items()
        }
        lines = [
            f"{self.organisations[key].name} ({self.organisations[key].org_number}): {units} units, {persons} persons"
            for key, (units, persons) in counts.items()
        ]
        if self.written:
            lines.append("Written this run: " + ", ".join(f"{k} {v}" for k, v in sorted(self.written.items())))
        else:
            lines.append("Nothing to do: the demo organisations were already loaded.")
        lines.extend(f"Warning: {w}" for w in self.warnings)
        return "\n".join(lines)


def _ensure_units(org: Organisation, plan: MinistryPlan, written: Counter) -> dict[str, Unit]:
    units = {u.code: u for u in Unit.objects.filter(organisation=org, code__in=[p.code for p in plan.units])}
    for p in plan.units:  # parents come before their children in the plan
        if p.code not in units:
            parent = units[p.parent_code] if p.parent_code else None
            units[p.code] = unit_create(organisation=org, code=p.code, name=p.name, parent=parent, kind=p.kind)
            written["units"] += 1
    return units


def _ensure_persons(
    org: Organisation, plan: MinistryPlan, units: dict[str, Unit], written: Counter
) -> dict[str, Person]:
    ids = [p.employee_id for p in plan.persons]
    existing = set(Person.objects.filter(organisation=org, employee_id__in=ids).values_list("employee_id", flat=True))
    missing = [
        Person(
            organisation=org,
            employee_id=p.employee_id,
            name=p.name,
            email=p.email,
            title=p.title,
            unit=units[p.unit_code],
            language=p.language,
        )
        for p in plan.persons
        if p.employee_id not in existing
    ]
    if missing:
        Person.objects.bulk_create(missing, batch_size=500)
        written["persons"] += len(missing)
    return {p.employee_id: p for p in Person.objects.filter(organisation=org, employee_id__in=ids)}


def _ensure_leaders(plan: MinistryPlan, units: dict[str, Unit], persons: dict[str, Person], written: Counter) -> None:
    for p in plan.persons:
        if p.leads is None:
            continue
        unit = units[p.leads]
        if unit.leader_id is None:  # an existing leader (set by hand in the demo) is kept
            unit.leader = persons[p.employee_id]
            unit.save(update_fields=["leader"])
            written["unit leaders"] += 1


def _ensure_grants(plan: MinistryPlan, persons: dict[str, Person], written: Counter) -> None:
    for p in plan.persons:
        if p.grant is None:
            continue
        person = persons[p.employee_id]
        if not RoleGrant.objects.filter(person=person, role=p.grant, unit=None).exists():
            role_grant(person=person, role=p.grant)
            written["role grants"] += 1


def _ensure_logins(
    plan: MinistryPlan, persons: dict[str, Person], group: Group, written: Counter, warnings: list[str]
) -> dict[str, Person]:
    user_model = get_user_model()
    logins: dict[str, Person] = {}
    for p in plan.persons:
        if p.login is None:
            continue
        person = persons[p.employee_id]
        logins[p.login] = person
        user = user_model.objects.filter(username=p.login).first()
        if user is None:
            first, last = p.name.split(" ", 1)
            user = user_model(username=p.login, email=p.email, first_name=first, last_name=last)
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.add(group)
            written["logins"] += 1
        elif not (person.user_id == user.pk or user.groups.filter(pk=group.pk).exists()):
            # Someone else's account with the same name (say a superuser called "admin"):
            # never touch its password.
            warnings.append(f"User {p.login!r} exists and is not a demo login; left as it is.")
            continue
        elif not user.check_password(DEMO_PASSWORD):
            # The documented demo password must work; reset only when it does not.
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            written["passwords reset"] += 1
        if person.user_id is None and not Person.objects.filter(user=user).exists():
            person.user = user
            person.save(update_fields=["user", "updated_at"])
            written["logins linked"] += 1
    return logins


@transaction.atomic
def load() -> DemoOrganisations:
    """Create whatever is missing of the demo organisations; return them and the demo logins."""
    written: Counter = Counter()
    organisations: dict[str, Organisation] = {}
    logins: dict[str, Person] = {}
    warnings: list[str] = []
    group, _created = Group.objects.get_or_create(name=DEMO_GROUP)
    for spec in MINISTRIES:
        plan = build_plan(spec)
        before = Counter(written)
        org, created = Organisation.objects.get_or_create(
            org_number=spec.org_number,
            defaults={"name": spec.name, "short_name": spec.short_name, "default_language": Language.BOKMAAL},
        )
        if created:
            written["organisations"] += 1
        units = _ensure_units(org, plan, written)
        unit_refresh_paths(organisation=org)  # writes only paths that are wrong
        persons = _ensure_persons(org, plan, units, written)
        _ensure_leaders(plan, units, persons, written)
        _ensure_grants(plan, persons, written)
        logins.update(_ensure_logins(plan, persons, group, written, warnings))
        organisations[spec.key] = org
        org_written = written - before
        if org_written:
            audit_record(
                action="organisations.demo_loaded", organisation=org, obj=org, data={"written": dict(org_written)}
            )
    # Re-read the named persons with what other loaders will need beside them.
    by_pk = Person.objects.select_related("organisation", "unit", "user").in_bulk([p.pk for p in logins.values()])
    return DemoOrganisations(
        organisations=organisations,
        logins={username: by_pk[p.pk] for username, p in logins.items()},
        written=written,
        warnings=warnings,
    )


def login_rows() -> list[tuple[LoginSpec, Person | None]]:
    """The demo logins as they are in the database (None where a login is missing)."""
    persons = {
        p.user.username: p
        for p in Person.objects.select_related("user", "unit", "organisation").filter(
            user__username__in=[spec.username for spec in LOGINS],
            organisation__org_number__in=[m.org_number for m in MINISTRIES],
        )
    }
    return [(spec, persons.get(spec.username)) for spec in LOGINS]
