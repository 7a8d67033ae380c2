"""The permission matrix: every URL of the product (config.urls, enumerated, the integration API
included) × the named people of the test cast, with the status each must get (ASVS V8).

The rules: anonymous → the login page (the API: 401); another organisation's object → 404;
no right → 403, recorded as exactly one ``access.refused`` audit event (ASVS V16.3.2); the
right → 200, or for a POST action the documented redirect (302) or a refusal with a message
when the action is illegal in the object's state (400).

The people: anonymous, employee (member of the leader's section), leader (seksjonssjef),
superior (the leader's ekspedisjonssjef), director (upper chain, departementsråd),
process_owner, admin_person (the organisation's administrator: configuration, no implicit
access to personal evaluations) and outsider (departementsråd of another organisation).

Objects: the organisation-isolation test's tables (every app's ``tests/isolation.py``) name an
object of the cast's organisation for each parametrised URL; a row here may put that object in
another state first (``state``: the agreement signed, self-evaluated, in review ...) or name
another object (``kwargs``). Each person's request runs in a savepoint that is rolled back, so
one person's POST never changes what the next person meets.

A URL missing from MATRIX (or from API_MATRIX) fails ``test_every_url_is_in_the_matrix``:
when you add a page, add its row with the status for each person.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse

from resultatavtaler.organisations.tests.factories import Cast

from . import test_isolation as iso

PEOPLE = ("employee", "leader", "superior", "director", "process_owner", "admin_person")
EVERYONE = ("anonymous", *PEOPLE, "outsider")

OK, FOUND, BAD, FORBIDDEN, NOT_FOUND = 200, 302, 400, 403, 404


def only(*who: str, ok: int = OK, no: int = FORBIDDEN, **exceptions: int) -> dict[str, int]:
    """`ok` for the people named, `no` for the others of the cast's organisation; keyword
    arguments set one person's status explicitly."""
    out = {p: (ok if p in who else no) for p in PEOPLE}
    out.update(exceptions)
    return out


def everyone(status: int = OK, **exceptions: int) -> dict[str, int]:
    return only(*PEOPLE, ok=status, **exceptions)


@dataclass
class Row:
    expect: dict[str, int]
    method: str = "GET"
    # The agreement's state before the requests: draft (the isolation tables' default), in_review,
    # signed or self_evaluated. Other setup: pay_summary (the organisation uses it).
    state: str = "draft"
    setup: tuple[str, ...] = ()
    kwargs: Callable[[Cast], dict] | None = None
    data: Callable[[Cast], dict] | dict | None = None
    # Only for URLs that name no object: the outsider's status in their own organisation.
    outsider: int | None = None
    # The anonymous visitor: the login page (the API: 401) unless said otherwise.
    anonymous: int | None = None
    note: str = ""


# --- objects and states ------------------------------------------------------------------------


def _period(cast):
    from resultatavtaler.agreements.tests.isolation import _period

    return _period(cast)


def _agreement(cast):
    from resultatavtaler.agreements.tests.isolation import _agreement

    return _agreement(cast)


def _to_state(cast, state: str) -> None:
    """Move the cast's leader's agreement (the isolation tables' object) to `state`."""
    from resultatavtaler.agreements import services as ag
    from resultatavtaler.agreements.tests.isolation import _requirement
    from resultatavtaler.evaluations import services as ev
    from resultatavtaler.evaluations.tests.conftest import all_ratings

    agreement = _agreement(cast)
    if state == "draft":
        return
    _requirement(cast)
    agreement.refresh_from_db()
    ag.agreement_submit(agreement=agreement, actor=cast.leader)
    if state == "in_review":
        return
    agreement.refresh_from_db()
    ag.agreement_sign(agreement=agreement, actor=cast.leader)
    ag.agreement_sign(agreement=agreement, actor=cast.superior)
    agreement.refresh_from_db()
    if state == "signed":
        return
    ev.self_evaluation_save(agreement=agreement, actor=cast.leader, ratings=all_ratings(agreement),
                            summary="Oppsummering", submit=True)
    assert state == "self_evaluated", state


def _setup(cast, row: Row) -> None:
    _to_state(cast, row.state)
    if "pay_summary" in row.setup:
        cast.organisation.uses_pay_summary = True
        cast.organisation.save(update_fields=["uses_pay_summary"])
    if "staff" in row.setup:  # enough people in the section for an input request
        from resultatavtaler.organisations.tests.factories import PersonFactory

        for i in range(4):
            PersonFactory(organisation=cast.organisation, unit=cast.section, name=f"Medarbeider {i}")
    if "closed_round" in row.setup:  # the isolation tables' 360 round, closed, with a plan item
        from resultatavtaler.feedback import services as fb
        from resultatavtaler.feedback.tests.isolation import _round_and_invitation

        fr, _inv = _round_and_invitation(cast)
        fb.round_submit_raters(feedback_round=fr, actor=cast.leader)
        fb.round_approve_raters(feedback_round=fr, actor=cast.superior)
        fb.round_close(feedback_round=fr, actor=cast.leader)
        fr.refresh_from_db()
        fb.development_item_create(feedback_round=fr, actor=cast.leader, goal="Delegere mer")
    if "conversation" in row.setup:
        from resultatavtaler.evaluations import services as ev

        when = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=10)
        ev.conversation_schedule(agreement=_agreement(cast), actor=cast.superior, when=when)


def _input_request(cast):
    """A real input request on the signed agreement, sent to the unit through the service."""
    from resultatavtaler.evaluations.models import InputRequest
    from resultatavtaler.evaluations.services import input_request_create

    agreement = _agreement(cast)
    existing = InputRequest.objects.filter(agreement=agreement).first()
    return existing or input_request_create(
        agreement=agreement, actor=cast.leader, deadline=datetime.date.today() + datetime.timedelta(days=14)
    )


def _ir(cast):
    return {"pk": _input_request(cast).pk}


def _employee_invitation(cast):
    return {"pk": _input_request(cast).invitations.get(person=cast.employee).pk}


def _indicator(cast):
    from resultatavtaler.agreements.tests.isolation import _indicator

    return _indicator(cast)


def _org_template(cast):
    from resultatavtaler.agreements.tests.isolation import _template

    return _template(cast)


def _library_copy_data(cast):
    agreement = _agreement(cast)
    return {"target": f"{agreement.pk}:professional"}


# --- the matrix: one row per URL name ----------------------------------------------------------

AGREEMENT_CONTENT = ("leader", "superior", "director", "process_owner")  # can_view_agreement
EVALUATION = ("leader", "superior", "director")  # can_view_evaluation
PARTIES = ("leader", "superior")

MATRIX: dict[str, Row] = {
    # home, account, organisation
    "home:index": Row(everyone(), outsider=OK),
    "accounts:password_change": Row(everyone(), outsider=OK),
    "organisations:tree": Row(everyone(), outsider=OK),
    "organisations:import": Row(only("process_owner", "admin_person"), outsider=FORBIDDEN),
    "organisations:import_sample": Row(only("process_owner", "admin_person"), outsider=FORBIDDEN),
    # An import job (a preview by the process owner): the organisation's importers; POST confirms.
    "organisations:import_job": Row(only("process_owner", "admin_person")),
    # agreements: lists are each person's own (empty where they have none)
    "agreements:list": Row(everyone(), outsider=OK),
    "agreements:to_review": Row(everyone(), outsider=OK),
    "agreements:unit": Row(everyone(), outsider=OK),
    "agreements:alignment": Row(only("leader", "superior", "director", "process_owner"), outsider=OK),
    # "Start my agreement": the period's participants (leaders of units with personnel
    # responsibility, and those the process owner adds); the leader already has one (→ it).
    "agreements:start": Row(only("superior", "director", leader=FOUND)),
    # Starting a participant's agreement on their behalf (the other leader has none yet): process
    # owners whose scope covers the participant's unit; the form only, a GET starts nothing.
    "agreements:start_for": Row(only("process_owner")),
    "agreements:detail": Row(only(*AGREEMENT_CONTENT)),
    "agreements:action": Row(only(*PARTIES, ok=FOUND, director=FORBIDDEN), method="POST", state="in_review"),
    "agreements:review": Row(only("superior", leader=FOUND, director=FOUND, process_owner=FOUND),
                             state="in_review"),
    "agreements:renegotiate": Row(only(*PARTIES, director=FOUND, process_owner=FOUND), state="signed"),
    "agreements:history": Row(only(*AGREEMENT_CONTENT)),
    "agreements:changes": Row(only(*AGREEMENT_CONTENT), state="signed"),
    "agreements:diff": Row(only(*AGREEMENT_CONTENT), state="signed",
                           kwargs=lambda cast: {"pk": _agreement(cast).pk, "old": 1, "new": 1}),
    "agreements:section_edit": Row(only("leader", superior=FOUND, director=FOUND, process_owner=FOUND)),
    "agreements:publication": Row(only("leader", superior=FOUND, director=FOUND, process_owner=FOUND)),
    "agreements:requirement_add": Row(only("leader", superior=FOUND, director=FOUND, process_owner=FOUND)),
    "agreements:requirement_edit": Row(only("leader", superior=FOUND, director=FOUND, process_owner=FOUND)),
    "agreements:requirement_move": Row(only("leader", ok=FOUND), method="POST", data={"direction": "up"}),
    "agreements:requirement_remove": Row(only("leader", ok=FOUND), method="POST"),
    "agreements:indicator_add": Row(only("leader", superior=FOUND, director=FOUND, process_owner=FOUND)),
    "agreements:indicator_edit": Row(only("leader", superior=FOUND, director=FOUND, process_owner=FOUND)),
    "agreements:indicator_remove": Row(only("leader", ok=FOUND), method="POST"),
    # agreements administration: process owners; goals and common requirements of a subtree
    # also its leaders (the goal names the leader's section; the common requirement is
    # organisation-wide, so only the organisation's process owner edits it)
    "agreements:admin": Row(only("process_owner"), outsider=FORBIDDEN),
    "agreements:period_new": Row(only("process_owner"), outsider=FORBIDDEN),
    "agreements:period_detail": Row(only("process_owner")),
    "agreements:period_participants": Row(only("process_owner", ok=FOUND), method="POST",
                                          data={"action": "refresh"}),
    "agreements:goals": Row(only("leader", "superior", "director", "process_owner")),
    "agreements:goal_edit": Row(only("leader", "superior", "director", "process_owner")),
    "agreements:goal_delete": Row(only("leader", "superior", "director", "process_owner", ok=FOUND),
                                  method="POST"),
    "agreements:common_requirements": Row(only("leader", "superior", "director", "process_owner")),
    "agreements:common_requirements_adopt": Row(
        only("process_owner", ok=FOUND), method="POST", data=lambda cast: {"template": _org_template(cast).pk}
    ),
    "agreements:common_requirement_edit": Row(only("process_owner")),
    "agreements:common_requirement_delete": Row(only("process_owner", ok=FOUND), method="POST"),
    "agreements:templates": Row(only("process_owner"), outsider=FORBIDDEN),
    "agreements:template_edit": Row(only("process_owner")),
    "agreements:template_copy": Row(only("process_owner", ok=FOUND), method="POST"),
    "agreements:advice_settings": Row(only("process_owner"), outsider=FORBIDDEN),
    # integration API tokens and the audit log: the organisation's admins
    "api:tokens": Row(only("admin_person"), outsider=FORBIDDEN),
    "api:token_revoke": Row(only("admin_person", ok=FOUND), method="POST"),
    "audit:log": Row(only("admin_person"), outsider=FORBIDDEN),
    # 360 (the round is the cast's leader's; its superior approves; process owners see progress)
    "feedback:index": Row(everyone(), outsider=OK),
    "feedback:start": Row(everyone(), outsider=OK, note="see report: anyone may open it for themselves"),
    "feedback:overview": Row(only("process_owner"), outsider=FORBIDDEN),
    "feedback:bank": Row(only("process_owner"), outsider=FORBIDDEN),
    "feedback:bank_change": Row(only("process_owner", ok=FOUND), method="POST", outsider=FORBIDDEN),
    "feedback:round": Row(only("leader", "superior", "process_owner")),
    "feedback:propose": Row(only("leader", "process_owner", ok=FOUND), method="POST"),
    "feedback:withdraw": Row(only("leader", "process_owner", ok=FOUND), method="POST"),
    "feedback:submit": Row(only("leader", "process_owner", ok=FOUND), method="POST"),
    "feedback:approve": Row(only("superior")),
    "feedback:close": Row(only("leader", "process_owner", ok=FOUND), method="POST"),
    "feedback:cancel": Row(only("leader", "process_owner", ok=FOUND), method="POST"),
    # The closed round's profile: the leader's own (the superior's once shared); the plan is
    # made by the leader and the superior.
    "feedback:profile": Row(only("leader"), setup=("closed_round",)),
    "feedback:profile_pdf": Row(only("leader"), setup=("closed_round",)),
    "feedback:profile_share": Row(only("leader", ok=FOUND), method="POST", setup=("closed_round",)),
    "feedback:plan": Row(only("leader", "superior"), setup=("closed_round",)),
    "feedback:plan_delete": Row(
        only("leader", "superior", ok=FOUND), method="POST", setup=("closed_round",),
        kwargs=lambda cast: {"pk": cast._isolation_feedback[0].pk,
                             "item_pk": cast._isolation_feedback[0].development_plan.items.get().pk},
    ),
    # The invitation page of a logged-in rater: only the invited person (the other leader).
    "feedback:answer_invitation": Row(everyone(NOT_FOUND)),
    "feedback:answer_invitation_step": Row(everyone(NOT_FOUND)),
    # follow-up and assessment: leader, superior and upper chain; process owners see progress
    "evaluations:index": Row(everyone(), outsider=OK),
    "evaluations:agreement": Row(only(*EVALUATION, "process_owner"), state="signed"),
    "evaluations:self_evaluation": Row(only("leader"), state="signed"),
    "evaluations:self_evaluation_reopen": Row(only(*PARTIES, ok=FOUND), method="POST", state="self_evaluated"),
    "evaluations:conversation": Row(only("superior"), state="self_evaluated"),
    "evaluations:conversation_ics": Row(only(*EVALUATION), state="self_evaluated",
                                        setup=("conversation",)),
    "evaluations:assessment": Row(only("superior"), state="self_evaluated"),
    "evaluations:leader_feedback": Row(only("leader", ok=FOUND), method="POST", state="signed",
                                       data={"leader_feedback": "Takk for samtalen"}),
    # The parties have the right; before the assessment they are refused with a message (302).
    "evaluations:acknowledge": Row(only(*PARTIES, ok=FOUND), method="POST", state="signed"),
    "evaluations:measurements": Row(only(*AGREEMENT_CONTENT), state="signed"),
    "evaluations:measurements_import": Row(only("leader", "superior", "process_owner"), state="signed"),
    "evaluations:measurements_sample": Row(only(*AGREEMENT_CONTENT), state="signed"),
    "evaluations:measurement_delete": Row(only("leader", "superior", "process_owner", ok=FOUND), method="POST",
                                          state="signed"),
    "evaluations:input_request_new": Row(only(*PARTIES), state="signed"),
    "evaluations:midyear": Row(only(*EVALUATION), state="signed"),
    "evaluations:input_request": Row(only(*EVALUATION, "process_owner"), state="signed", kwargs=_ir, setup=("staff",)),
    "evaluations:input_request_close": Row(only(*PARTIES, ok=FOUND), method="POST", state="signed", kwargs=_ir,
                                           setup=("staff",)),
    "evaluations:input_request_remind": Row(only(*PARTIES, ok=FOUND), method="POST", state="signed", kwargs=_ir,
                                            setup=("staff",)),
    "evaluations:answer_invitation": Row(everyone(NOT_FOUND, employee=OK), state="signed",
                                         kwargs=_employee_invitation, setup=("staff",)),
    # Without a superior named: the person's own summary (as superior of their leaders; empty
    # for those who lead no one). With one: that superior, their upper chain and pay role.
    "evaluations:pay_summary": Row(everyone(), state="signed", setup=("pay_summary",)),
    "evaluations:pay_summary_export": Row(everyone(), state="signed", setup=("pay_summary",)),
    "evaluations:pay_summary_for": Row(only("superior", "director"), state="signed", setup=("pay_summary",)),
    "evaluations:pay_summary_export_for": Row(only("superior", "director"), state="signed",
                                              setup=("pay_summary",)),
    "evaluations:scales": Row(only("process_owner"), outsider=FORBIDDEN),
    # documents of the signed agreement
    "reports:agreement_pdf": Row(only(*AGREEMENT_CONTENT, "employee"), state="signed"),
    "reports:agreement_pdfa": Row(only(*AGREEMENT_CONTENT, "employee"), state="signed"),
    "reports:agreement_docx": Row(only(*AGREEMENT_CONTENT, "employee"), state="signed"),
    "reports:agreement_archive": Row(only(*AGREEMENT_CONTENT), state="signed"),
    # A document made in the background (the leader's lederprofil PDF): its requester's only.
    "reports:document_job": Row(only("leader", no=NOT_FOUND), setup=("closed_round",)),
    "reports:document_job_download": Row(only("leader", no=NOT_FOUND), setup=("closed_round",)),
    # process overview: process owners and leaders of units (their subtree)
    "overview:index": Row(only("leader", "superior", "director", "process_owner"), outsider=OK),
    "overview:export": Row(only("leader", "superior", "director", "process_owner"), outsider=OK),
    # notifications are each person's own; another person's answers 404
    "notifications:list": Row(everyone(), outsider=OK),
    "notifications:mark_all_read": Row(everyone(FOUND), method="POST", outsider=FOUND),
    "notifications:mark_read": Row(everyone(NOT_FOUND, leader=FOUND), method="POST"),
    # experience library: everyone in the organisation; sharing one's own requirement
    "library:index": Row(everyone(), outsider=OK),
    "library:share_list": Row(everyone(), outsider=OK),
    "library:share": Row(only("leader", ok=FOUND), method="POST"),
    "library:detail": Row(everyone()),
    # Copying into a draft: only into one's own draft (the others are sent back with a message).
    "library:copy": Row(everyone(FOUND), method="POST", data=_library_copy_data),
    "library:delete": Row(only("process_owner", ok=FOUND), method="POST"),
    "guide:index": Row(only("process_owner"), outsider=FORBIDDEN),
    "guide:unit": Row(only("process_owner")),
    # privacy and public access
    "privacy:mine": Row(everyone(), outsider=OK),
    "privacy:mine_export": Row(everyone(), outsider=OK),
    "privacy:people": Row(only("admin_person"), outsider=FORBIDDEN),
    # The person's own data (the leader's) or an admin's export.
    "privacy:person": Row(only("leader", "admin_person")),
    "privacy:person_export": Row(only("leader", "admin_person")),
    "privacy:exemptions": Row(only("leader", "superior", "process_owner")),
    "privacy:redacted_copy": Row(only("leader", "superior", "process_owner"), state="signed"),
}

# The integration API with a person's session: what the pages give them (api/tests has the
# token rules). Anonymous → 401; another organisation's object → 404.
API_MATRIX: dict[str, Row] = {
    # The schema and its documentation are public (no data); the API has no root document.
    "api_v1:openapi-json": Row(everyone(), outsider=OK, anonymous=OK),
    "api_v1:openapi-view": Row(everyone(), outsider=OK, anonymous=OK),
    "api_v1:api-root": Row(everyone(NOT_FOUND), outsider=NOT_FOUND, anonymous=NOT_FOUND),
    "api_v1:me": Row(everyone(), outsider=OK),
    "api_v1:unit_list": Row(everyone(), outsider=OK),
    "api_v1:person_list": Row(everyone(), outsider=OK),
    "api_v1:person_bulk_upsert": Row(only("process_owner", "admin_person"), method="POST", outsider=FORBIDDEN,
                                     data={"rows": [{"employee_id": "N1", "name": "Nina Ny", "unit_code": "ADM",
                                                     "parent_unit_code": "TD"}]}),
    "api_v1:period_list": Row(everyone(), outsider=OK),
    "api_v1:period_progress": Row(only("leader", "superior", "director", "process_owner"),
                                  kwargs=lambda cast: {"period_id": _period(cast).pk}),
    "api_v1:agreement_list": Row(everyone(), outsider=OK),
    "api_v1:agreement_detail": Row(only(*AGREEMENT_CONTENT, "employee"), state="signed",
                                   kwargs=lambda cast: {"agreement_id": _agreement(cast).pk}),
    "api_v1:agreement_published": Row(only(*AGREEMENT_CONTENT, "employee"), state="signed",
                                      kwargs=lambda cast: {"agreement_id": _agreement(cast).pk}),
    "api_v1:agreement_versions": Row(only(*AGREEMENT_CONTENT), state="signed",
                                     kwargs=lambda cast: {"agreement_id": _agreement(cast).pk}),
    "api_v1:agreement_version": Row(only(*AGREEMENT_CONTENT), state="signed",
                                    kwargs=lambda cast: {"agreement_id": _agreement(cast).pk, "number": 1}),
    "api_v1:agreement_version_pdf": Row(only(*AGREEMENT_CONTENT), state="signed",
                                        kwargs=lambda cast: {"agreement_id": _agreement(cast).pk, "number": 1}),
    "api_v1:measurement_list": Row(everyone(), outsider=OK),
    # An indicator out of the caller's reach is a validation error of its row (all or nothing).
    "api_v1:measurement_bulk": Row(
        only("leader", "superior", "process_owner", no=422), method="POST", outsider=422,
        data=lambda cast: {"rows": [{"indicator": f"IND-{_indicator(cast).pk}", "date": "2026-04-30",
                                     "value": "4"}]},
    ),
}


# --- enumeration -------------------------------------------------------------------------------


def site_urls() -> dict[str, URLPattern]:
    """Every named page outside django-admin (its own test) and the API, minus the public pages
    and the actions that end the session (the isolation test covers both)."""
    out = {}
    for _route, name, pattern in iso.pages():
        if name in iso.PUBLIC or name in iso.ENDS_SESSION:
            continue
        out[name] = pattern
    return out


def api_urls() -> dict[str, URLPattern]:
    out = {}
    for route, name, pattern in iso._walk(get_resolver().url_patterns):
        if route.startswith("api/v1/"):
            out[name] = pattern
    return out


def test_every_url_is_in_the_matrix():
    missing = sorted(set(site_urls()) - set(MATRIX))
    assert not missing, f"add these pages to MATRIX with the status for each person: {missing}"
    missing_api = sorted(set(api_urls()) - set(API_MATRIX))
    assert not missing_api, f"add these API routes to API_MATRIX: {missing_api}"
    stale = sorted((set(MATRIX) - set(site_urls())) | (set(API_MATRIX) - set(api_urls())))
    assert not stale, f"these rows name no URL any more: {stale}"
    for name, row in {**MATRIX, **API_MATRIX}.items():
        assert set(row.expect) == set(PEOPLE), name


def test_the_api_schema_and_the_routes_agree(client):
    """The OpenAPI schema lists exactly the API routes the matrix checks (no route escapes it)."""
    schema = client.get("/api/v1/openapi.json").json()
    documented = {(path, method.upper()) for path, ops in schema["paths"].items() for method in ops}
    assert documented, "the API publishes its schema"
    routed = {"/" + route.replace("<", "{").replace(">", "}") for route, _n, _p in
              iso._walk(get_resolver().url_patterns) if route.startswith("api/v1/")}
    for path, _method in documented:
        assert path in routed, path


# --- the checks --------------------------------------------------------------------------------


def _url(name: str, pattern: URLPattern, row: Row, cast) -> tuple[str, bool]:
    """The URL, and whether it names an object of the cast's organisation."""
    if row.kwargs is not None:
        return reverse(name, kwargs=row.kwargs(cast)), True
    return iso.url_for(name, pattern, cast)


def _request(client: Client, row: Row, url: str, cast, *, api: bool):
    data = row.data(cast) if callable(row.data) else (row.data or {})
    if row.method == "GET":
        return client.get(url, data)
    if api:
        return client.post(url, data, content_type="application/json")
    return client.post(url, data)


def _refusal_count() -> int:
    from resultatavtaler.audit.models import AuditEvent
    from resultatavtaler.audit.services import ACCESS_REFUSED

    return AuditEvent.objects.filter(action=ACCESS_REFUSED).count()


def _check(name: str, pattern: URLPattern, row: Row, cast, *, api: bool) -> list[str]:
    _setup(cast, row)
    url, names_object = _url(name, pattern, row, cast)
    expect = dict(row.expect)
    expect["anonymous"] = row.anonymous or (401 if api else FOUND)
    if names_object:
        assert row.outsider is None, f"{name}: the outsider's status for an object URL is always 404"
        expect["outsider"] = NOT_FOUND
    else:
        assert row.outsider is not None, f"{name}: say what the outsider gets in their own organisation"
        expect["outsider"] = row.outsider
    wrong = []
    for who in EVERYONE:
        client = Client()
        if who != "anonymous":
            person = getattr(cast, who)
            client.force_login(person.user, backend="resultatavtaler.accounts.backends.PersonModelBackend")
        cache.clear()  # rate limits and lockouts count per person; every request starts afresh
        with transaction.atomic():
            refusals_before = _refusal_count()
            response = _request(client, row, url, cast, api=api)
            refusals = _refusal_count() - refusals_before
            transaction.set_rollback(True)
        status = response.status_code
        if status == FORBIDDEN and refusals != 1:
            # ASVS V16.3.2 (docs/security.md): every 403 is exactly one access.refused event.
            wrong.append(f"{who}: {row.method} {url} answered 403 with {refusals} access.refused audit events, not 1")
        if who == "anonymous" and not api and status == FOUND and row.anonymous is None:
            if not response.url.startswith(reverse("accounts:login")):
                wrong.append(f"{who}: sent to {response.url}, not to the login page")
            continue
        if status != expect[who]:
            wrong.append(f"{who}: {row.method} {url} answered {status}, expected {expect[who]}")
    return wrong


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_site_permissions(name, cast):
    urls = site_urls()
    if name not in urls:
        pytest.skip(f"{name} is not routed in this configuration")
    wrong = _check(name, urls[name], MATRIX[name], cast, api=False)
    assert not wrong, f"{name}:\n  " + "\n  ".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(API_MATRIX))
def test_api_permissions(name, cast, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 0
    urls = api_urls()
    wrong = _check(name, urls[name], API_MATRIX[name], cast, api=True)
    assert not wrong, f"{name}:\n  " + "\n  ".join(wrong)

