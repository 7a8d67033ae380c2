"""Server time of the main pages, their queries and their raw-SQL floor; the HR import and the
PDF renderer — in one process on one database of one scale.

Run through `python -m bench` (bench/__main__.py), which sets DATABASE_URL and the settings.
Each page is requested in-process through Django's test Client (the whole middleware stack,
sessions and templates, no network), after warm-up, as the person the page is for. The floor
of a page is hand-written SQL that fetches the data the page shows (session, user and person
included), timed the same way: the page's time divided by it says how much the ORM, the
Python around it and the templates add.
"""

from __future__ import annotations

import datetime
import statistics
import time
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

WARMUP = 3
MAX_SECONDS_PER_PAGE = 45


@dataclass
class Page:
    key: str
    title: str
    url: str
    person: object
    floor: callable
    extra: dict = field(default_factory=dict)


def _timed(fn, repeat: int, budget: float = MAX_SECONDS_PER_PAGE, cpu: list | None = None) -> list[float]:
    """Wall-clock milliseconds of each call after warm-up (at most `repeat` calls, `budget`
    seconds); with `cpu`, this process's CPU milliseconds per call are appended to it — a
    figure other work on the machine disturbs less than the wall clock."""
    for _ in range(WARMUP):
        fn()
    times = []
    deadline = time.perf_counter() + budget
    for _ in range(repeat):
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
        if cpu is not None:
            cpu.append((time.process_time() - c0) * 1000)
        if time.perf_counter() > deadline:
            break
    return times


def _count_queries(fn) -> int:
    """Statements run by fn (an execute wrapper survives the reconnect of every request,
    which CaptureQueriesContext does not without persistent connections)."""
    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        fn()
    return count


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


# --- who looks at what -------------------------------------------------------------------------


def _account(person):
    """A login account for the person (generated persons have none)."""
    person.refresh_from_db(fields=["user"])
    if person.user_id:
        return person.user
    user, _created = get_user_model().objects.get_or_create(username=f"bench-{person.pk}")
    person.user = user
    person.save(update_fields=["user"])
    return user


def personas():
    """The people and objects the pages are measured for, chosen the same way at every scale
    from the big organisation (the first one generated)."""
    from bench.scale import org_number
    from resultatavtaler.agreements.models import Agreement, Period
    from resultatavtaler.feedback.models import LeaderProfile
    from resultatavtaler.organisations.constants import GrantedRole
    from resultatavtaler.organisations.models import Organisation, Person, RoleGrant

    org = Organisation.objects.get(org_number=org_number(0))
    period = Period.objects.get(organisation=org, state="open")
    current = Agreement.objects.filter(period=period).select_related("unit", "leader", "superior")
    deepest = max(current.values_list("unit__depth", flat=True))
    mid = min(3, deepest)
    signed = current.filter(state="signed", unit__depth=mid).order_by("unit__code").first()
    review = (
        current.filter(state="in_review", unit__depth=min(2, deepest)).order_by("unit__code").first()
        or current.filter(state="in_review", unit__depth__gte=2).order_by("unit__code").first()
    )
    owner = RoleGrant.objects.filter(organisation=org, role=GrantedRole.PROCESS_OWNER, unit=None).first().person
    profile = (
        LeaderProfile.objects.filter(organisation=org, leader__unit__depth=mid)
        .select_related("round", "leader")
        .order_by("leader__unit__code")
        .first()
    )
    aligner = current.filter(unit__depth=min(2, deepest)).order_by("unit__code").first().leader
    # An employee in the deepest units whose own leader's agreement is in force.
    published = current.filter(state="signed", unit__depth=deepest).order_by("unit__code").first()
    employee = (
        Person.objects.filter(unit=published.unit).exclude(pk=published.leader_id).order_by("employee_id").first()
    )
    return {
        "org": org,
        "period": period,
        "signed": signed,
        "review": review,
        "owner": owner,
        "profile": profile,
        "aligner": aligner,
        "employee": employee,
    }


# --- the floors: hand-written SQL per page -------------------------------------------------------


def _fetch(sql: str, params) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _session_user_person(session_key: str, user_id: int):
    _fetch(
        "SELECT session_data FROM django_session WHERE session_key = %s AND expire_date > %s",
        [session_key, timezone.now()],
    )
    _fetch("SELECT * FROM auth_user WHERE id = %s", [user_id])
    # The person by the login's id first: generated persons have no login, so SQLite's statistics
    # call user_id unselective and, asked in one join, it walks the organisation's persons instead.
    _fetch(
        "SELECT p.*, o.*, u.* FROM organisations_person p JOIN organisations_organisation o ON o.id = p.organisation_id"
        " LEFT JOIN organisations_unit u ON u.id = p.unit_id"
        " WHERE p.id = (SELECT id FROM organisations_person WHERE user_id = %s AND is_active)",
        [user_id],
    )


def _agreement_data(agreement_id: int) -> None:
    _fetch(
        "SELECT a.*, pe.*, un.*, l.*, s.*, tv.*, t.*, v.*, o.* FROM agreements_agreement a"
        " JOIN agreements_period pe ON pe.id = a.period_id JOIN organisations_unit un ON un.id = a.unit_id"
        " JOIN organisations_person l ON l.id = a.leader_id JOIN organisations_person s ON s.id = a.superior_id"
        " JOIN agreements_templateversion tv ON tv.id = a.template_version_id"
        " JOIN agreements_template t ON t.id = tv.template_id"
        " LEFT JOIN agreements_agreementversion v ON v.id = a.in_force_version_id"
        " JOIN organisations_organisation o ON o.id = a.organisation_id WHERE a.id = %s",
        [agreement_id],
    )
    _fetch(
        "SELECT r.*, g.*, gu.*, sr.* FROM agreements_requirement r LEFT JOIN agreements_goal g ON g.id = r.goal_id"
        " LEFT JOIN organisations_unit gu ON gu.id = g.unit_id"
        " LEFT JOIN agreements_requirement sr ON sr.id = r.superior_requirement_id"
        " WHERE r.agreement_id = %s ORDER BY r.position, r.id",
        [agreement_id],
    )
    _fetch(
        "SELECT i.* FROM agreements_indicator i JOIN agreements_requirement r ON r.id = i.requirement_id"
        " WHERE r.agreement_id = %s ORDER BY i.requirement_id, i.position",
        [agreement_id],
    )
    _fetch(
        "SELECT c.*, p.name FROM agreements_comment c JOIN organisations_person p ON p.id = c.author_id"
        " WHERE c.agreement_id = %s ORDER BY c.created_at, c.id",
        [agreement_id],
    )
    _fetch(
        "SELECT v.id, v.number, v.sha256, v.reason, v.is_in_force, v.created_at, s.role, s.signed_at, p.name"
        " FROM agreements_agreementversion v LEFT JOIN agreements_signature s ON s.version_id = v.id"
        " LEFT JOIN organisations_person p ON p.id = s.person_id WHERE v.agreement_id = %s ORDER BY v.number",
        [agreement_id],
    )


def floor_agreement(ctx):
    def run():
        _session_user_person(ctx["session"], ctx["user_id"])
        _agreement_data(ctx["agreement_id"])

    return run


def floor_review(ctx):
    a = ctx["agreement"]

    def run():
        _session_user_person(ctx["session"], ctx["user_id"])
        _agreement_data(a.pk)
        own = _fetch(
            "SELECT id, unit_id FROM agreements_agreement WHERE period_id = %s AND leader_id = %s",
            [a.period_id, a.superior_id],
        )
        if own:
            own_id, unit_id = own[0]
            _fetch(
                "SELECT * FROM agreements_requirement WHERE agreement_id = %s AND common_requirement_id IS NULL"
                " ORDER BY category_key, position",
                [own_id],
            )
            _fetch(
                "SELECT * FROM agreements_goal WHERE period_id = %s AND unit_id = %s ORDER BY position, id",
                [a.period_id, unit_id],
            )
            _fetch(
                "SELECT a.id, l.name, u.name, u.code FROM agreements_agreement a"
                " JOIN organisations_person l ON l.id = a.leader_id JOIN organisations_unit u ON u.id = a.unit_id"
                " WHERE a.period_id = %s AND a.superior_id = %s ORDER BY u.path",
                [a.period_id, a.superior_id],
            )
            _fetch(
                "SELECT r.*, l.name FROM agreements_requirement r JOIN agreements_agreement a ON a.id = r.agreement_id"
                " JOIN organisations_person l ON l.id = a.leader_id"
                " WHERE a.period_id = %s AND a.superior_id = %s AND a.id <> %s AND ("
                "  r.superior_requirement_id IN (SELECT id FROM agreements_requirement WHERE agreement_id = %s)"
                "  OR r.goal_id IN (SELECT id FROM agreements_goal WHERE period_id = %s AND unit_id = %s))",
                [a.period_id, a.superior_id, a.pk, own_id, a.period_id, unit_id],
            )

    return run


OVERVIEW_FROM = (
    " FROM organisations_person p"
    " LEFT JOIN agreements_agreement a ON a.leader_id = p.id AND a.period_id = %s"
    " LEFT JOIN agreements_periodparticipant pp ON pp.person_id = p.id AND pp.period_id = %s"
    " LEFT JOIN organisations_unit au ON au.id = a.unit_id LEFT JOIN organisations_unit pu ON pu.id = pp.unit_id"
    " WHERE p.organisation_id = %s AND p.id IN (SELECT person_id FROM agreements_periodparticipant"
    "  WHERE period_id = %s UNION SELECT leader_id FROM agreements_agreement WHERE period_id = %s)"
)


def floor_overview(ctx):
    """The best hand-written SQL for the page: the state counts (which give the total), the ids
    of the first 50 rows sorted by unit with only the joins the sort needs, then those rows."""
    period = ctx["period"]
    base = [period.pk, period.pk, period.organisation_id, period.pk, period.pk]

    def run():
        _session_user_person(ctx["session"], ctx["user_id"])
        _fetch("SELECT * FROM organisations_rolegrant WHERE person_id = %s", [ctx["person_id"]])
        _fetch(
            "SELECT * FROM agreements_period WHERE organisation_id = %s ORDER BY start DESC, name",
            [period.organisation_id],
        )
        _fetch(
            "SELECT id, name, code, path, depth FROM organisations_unit WHERE organisation_id = %s AND depth <= 2"
            " ORDER BY path",
            [period.organisation_id],
        )
        _fetch("SELECT COALESCE(a.state, 'not_started'), COUNT(*)" + OVERVIEW_FROM + " GROUP BY 1", base)
        ids = [
            row[0]
            for row in _fetch(
                "SELECT p.id" + OVERVIEW_FROM + " ORDER BY COALESCE(au.path, pu.path), p.name, p.id LIMIT 50", base
            )
        ]
        rows_sql = (
            "SELECT p.id, p.name, a.id, COALESCE(a.state, 'not_started'), s.name, COALESCE(au.path, pu.path),"
            " COALESCE(au.name, pu.name), COALESCE(au.code, pu.code), a.signed_at, asm.conversation_at,"
            " (SELECT COUNT(*) FROM feedback_invitation fi JOIN feedback_feedbackround fr ON fr.id = fi.round_id"
            "   WHERE fr.leader_id = p.id AND fr.deadline BETWEEN %s AND %s AND fi.state = 'approved'"
            "   AND fr.state <> 'cancelled'),"
            " (SELECT COUNT(*) FROM feedback_invitation fi JOIN feedback_feedbackround fr ON fr.id = fi.round_id"
            "   WHERE fr.leader_id = p.id AND fr.deadline BETWEEN %s AND %s AND fi.state = 'approved'"
            "   AND fr.state <> 'cancelled' AND fi.used_at IS NOT NULL),"
            " (SELECT COUNT(*) FROM evaluations_inputinvitation ii JOIN evaluations_inputrequest ir"
            "   ON ir.id = ii.request_id WHERE ir.agreement_id = a.id AND ir.state <> 'cancelled'),"
            " (SELECT COUNT(*) FROM evaluations_inputinvitation ii JOIN evaluations_inputrequest ir"
            "   ON ir.id = ii.request_id WHERE ir.agreement_id = a.id AND ir.state <> 'cancelled' AND ii.answered)"
            " FROM organisations_person p"
            " LEFT JOIN agreements_agreement a ON a.leader_id = p.id AND a.period_id = %s"
            " LEFT JOIN agreements_periodparticipant pp ON pp.person_id = p.id AND pp.period_id = %s"
            " LEFT JOIN organisations_unit au ON au.id = a.unit_id"
            " LEFT JOIN organisations_unit pu ON pu.id = pp.unit_id"
            " LEFT JOIN organisations_person s ON s.id = a.superior_id"
            " LEFT JOIN evaluations_assessment asm ON asm.agreement_id = a.id"
            " WHERE p.id IN ("
        )
        _fetch(
            rows_sql + ", ".join(["%s"] * len(ids)) + ")",  # noqa: S608 - only placeholders are added
            [period.start, period.end, period.start, period.end, period.pk, period.pk, *ids],
        )

    return run


def floor_profile(ctx):
    def run():
        _session_user_person(ctx["session"], ctx["user_id"])
        _fetch(
            "SELECT fr.*, l.*, s.* FROM feedback_feedbackround fr JOIN organisations_person l ON l.id = fr.leader_id"
            " LEFT JOIN organisations_person s ON s.id = fr.superior_id WHERE fr.id = %s",
            [ctx["round_id"]],
        )
        _fetch("SELECT * FROM feedback_leaderprofile WHERE round_id = %s", [ctx["round_id"]])

    return run


def floor_alignment(ctx):
    """The visible agreements' ids (the subtree by unit ids from the path index), then those
    agreements with their leaders and units, and their requirements, by the list of ids."""
    period, person = ctx["period"], ctx["person"]
    unit_path = person.unit.path
    params = [period.organisation_id, period.pk, unit_path + "%", person.pk, person.pk, ctx["superior_id"]]

    def run():
        _session_user_person(ctx["session"], ctx["user_id"])
        _fetch(
            "SELECT * FROM agreements_period WHERE organisation_id = %s ORDER BY start DESC", [period.organisation_id]
        )
        _fetch(
            "SELECT g.*, u.name, u.code FROM agreements_goal g JOIN organisations_unit u ON u.id = g.unit_id"
            " WHERE g.organisation_id = %s AND g.period_id = %s ORDER BY u.path, g.position, g.id",
            [period.organisation_id, period.pk],
        )
        ids = [
            row[0]
            for row in _fetch(
                "SELECT a.id FROM agreements_agreement a WHERE a.organisation_id = %s AND a.period_id = %s"
                " AND (a.unit_id IN (SELECT id FROM organisations_unit WHERE path LIKE %s)"
                " OR a.leader_id = %s OR a.superior_id = %s OR a.leader_id = %s)",
                params,
            )
        ]
        marks = ", ".join(["%s"] * len(ids))
        _fetch(
            "SELECT a.*, l.name, s.name, u.name, u.code, u.path FROM agreements_agreement a"  # noqa: S608
            " JOIN organisations_unit u ON u.id = a.unit_id JOIN organisations_person l ON l.id = a.leader_id"
            f" JOIN organisations_person s ON s.id = a.superior_id WHERE a.id IN ({marks}) ORDER BY u.path",
            ids,
        )
        _fetch(
            f"SELECT r.* FROM agreements_requirement r WHERE r.agreement_id IN ({marks})"  # noqa: S608
            " ORDER BY r.agreement_id, r.category_key, r.position",
            ids,
        )

    return run


def floor_unit(ctx):
    person = ctx["person"]
    unit_ids = [*person.unit.ancestor_ids(), person.unit_id]
    marks = ", ".join(["%s"] * len(unit_ids))

    def run():
        _session_user_person(ctx["session"], ctx["user_id"])
        _fetch(
            "SELECT a.*, pe.name, u.name, u.code, l.name, l.title, v.snapshot, tv.content"  # noqa: S608 - constants
            " FROM agreements_agreement a JOIN agreements_period pe ON pe.id = a.period_id"
            " JOIN organisations_unit u ON u.id = a.unit_id JOIN organisations_person l ON l.id = a.leader_id"
            " JOIN agreements_agreementversion v ON v.id = a.in_force_version_id"
            " JOIN agreements_templateversion tv ON tv.id = a.template_version_id"
            f" WHERE a.organisation_id = %s AND a.unit_id IN ({marks}) AND a.leader_id <> %s"
            " ORDER BY pe.start DESC, u.depth DESC",
            [person.organisation_id, *unit_ids, person.pk],
        )
        _fetch(
            "SELECT a.id, l.name, u.name, pe.name FROM agreements_agreement a"  # noqa: S608 - constants
            " JOIN organisations_person l ON l.id = a.leader_id JOIN organisations_unit u ON u.id = a.unit_id"
            " JOIN agreements_period pe ON pe.id = a.period_id"
            f" WHERE a.organisation_id = %s AND a.unit_id IN ({marks}) AND a.shared_with_unit_at IS NOT NULL"
            " AND a.state IN ('draft', 'in_review') AND a.leader_id <> %s",
            [person.organisation_id, *unit_ids, person.pk],
        )

    return run


# --- the measurement ------------------------------------------------------------------------------


def _client_for(person) -> Client:
    client = Client()
    client.force_login(_account(person), backend="resultatavtaler.accounts.backends.PersonModelBackend")
    return client


def measure_pages(repeat: int) -> dict:
    from resultatavtaler.organisations.selectors import superior_of

    p = personas()
    pages = [
        (
            "agreement",
            "Leader's agreement page",
            f"/avtaler/{p['signed'].pk}/",
            p["signed"].leader,
            floor_agreement,
            {"agreement_id": p["signed"].pk},
        ),
        (
            "review",
            "Superior's review page",
            f"/avtaler/{p['review'].pk}/gjennomgang/",
            p["review"].superior,
            floor_review,
            {"agreement": p["review"]},
        ),
        (
            "overview",
            "Process overview (big organisation)",
            "/oversikt/",
            p["owner"],
            floor_overview,
            {"period": p["period"]},
        ),
        (
            "profile",
            "Lederprofil",
            f"/360/runde/{p['profile'].round_id}/profil/",
            p["profile"].leader,
            floor_profile,
            {"round_id": p["profile"].round_id},
        ),
        (
            "alignment",
            "Alignment (avdeling leader)",
            "/avtaler/sammenheng/",
            p["aligner"],
            floor_alignment,
            {"period": p["period"]},
        ),
        ("unit", "Employee's published page", "/avtaler/min-enhet/", p["employee"], floor_unit, {}),
    ]
    results = {}
    for key, title, url, person, floor, extra in pages:
        with transaction.atomic():
            client = _client_for(person)
        person.refresh_from_db()
        superior = superior_of(person)
        ctx = {
            "session": client.session.session_key,
            "user_id": person.user_id,
            "person_id": person.pk,
            "person": person,
            "superior_id": superior.pk if superior else 0,
            **extra,
        }
        response = client.get(url)
        status = response.status_code
        queries = _count_queries(lambda c=client, u=url: c.get(u))
        cpu: list[float] = []
        page_times = _timed(lambda c=client, u=url: c.get(u), repeat, cpu=cpu)
        floor_times = _timed(floor(ctx), repeat)
        page_ms, floor_ms = statistics.median(page_times), statistics.median(floor_times)
        results[key] = {
            "title": title,
            "url": url,
            "status": status,
            "bytes": len(response.content),
            "queries": queries,
            "n": len(page_times),
            "median_ms": round(page_ms, 2),
            "p95_ms": round(_p95(page_times), 2),
            "cpu_ms": round(statistics.median(cpu), 2),
            "floor_ms": round(floor_ms, 2),
            "ratio": round(page_ms / floor_ms, 1) if floor_ms else None,
        }
        print(
            f"  {key:10} {status} {page_ms:8.1f} ms  p95 {_p95(page_times):8.1f}"
            f"  cpu {statistics.median(cpu):6.1f}  q={queries:3}"
            f"  floor {floor_ms:6.2f} ms",
            flush=True,
        )
    return results


# --- import and PDF ------------------------------------------------------------------------------


def hr_file(persons: int = 20_000, *, changed: int = 0) -> bytes:
    """An HR export (the documented CSV format) of `persons` people in a unit tree of ten per
    unit; `changed` people get a new title (a realistic re-import)."""
    import random

    from bench.scale import FIRST_NAMES, LAST_NAMES, TOPICS, _ascii

    rng = random.Random("hr-file")
    lines = ["ansattnummer;navn;epost;stillingstittel;enhetskode;enhetsnavn;overordnet_enhetskode;leder"]
    for n in range(persons):
        i = n // 10
        parent = "" if i == 0 else f"IMP{(i - 1) // 8}"
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        title = "Seksjonssjef" if n % 10 == 0 else "Rådgiver"
        if n < changed:
            title = "Seniorrådgiver"
        unit_name = f"Enhet for {TOPICS[i % len(TOPICS)]} {i}"
        lines.append(
            f"{500000 + n};{name};{_ascii(name)}.{n}@import.example.no;{title};IMP{i};{unit_name};"
            f"{parent};{'ja' if n % 10 == 0 else 'nei'}"
        )
    return ("\ufeff" + "\n".join(lines) + "\n").encode()


class _Rollback(Exception):
    pass


def measure_import() -> dict:
    """20,000 persons through the real importer into a new organisation, then the same file
    again (nothing changes) and a file with 1,000 changed titles; rolled back afterwards."""
    from bench.scale import org_number
    from resultatavtaler.organisations.importer import ImportSource
    from resultatavtaler.organisations.importer.service import organisation_import
    from resultatavtaler.organisations.models import Organisation

    first, again, changed = hr_file(), hr_file(), hr_file(changed=1000)
    out = {"persons": 20_000, "bytes": len(first)}
    try:
        with transaction.atomic():
            org = Organisation.objects.create(name="Importdirektoratet", org_number=org_number(9999))
            for label, data in (("first_s", first), ("unchanged_s", again), ("changed_1000_s", changed)):
                t0 = time.perf_counter()
                report = organisation_import(
                    organisation=org, rows_source=ImportSource(data=data, filename="hr.csv"), dry_run=False, actor=None
                )
                out[label] = round(time.perf_counter() - t0, 2)
                if report.errors:
                    out["errors"] = [str(e) for e in report.errors[:5]]
            raise _Rollback
    except _Rollback:
        pass
    return out


def measure_pdf(repeat: int = 3) -> dict:
    from resultatavtaler.reports.services import agreement_document_export

    agreement = personas()["signed"]
    times = []
    try:
        with transaction.atomic():
            agreement_document_export(agreement=agreement, actor=None, fmt="pdf")  # fonts, templates
            for _ in range(repeat):
                t0 = time.perf_counter()
                f = agreement_document_export(agreement=agreement, actor=None, fmt="pdf")
                times.append((time.perf_counter() - t0) * 1000)
            raise _Rollback
    except _Rollback:
        pass
    return {"median_ms": round(statistics.median(times), 1), "n": len(times), "bytes": len(f.content)}


def today() -> datetime.date:
    return timezone.localdate()
