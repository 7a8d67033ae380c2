"""The per-request memo of the reader's grants and led units: fewer queries, never a stale answer."""

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resultatavtaler.accounts import permissions
from resultatavtaler.accounts.permission_memo import PermissionMemoMiddleware
from resultatavtaler.organisations.constants import GrantedRole
from resultatavtaler.organisations.models import RoleGrant, Unit
from resultatavtaler.organisations.services import role_grant


def inside_a_request(fn):
    """Runs `fn` the way a view runs: inside the middleware's memo."""
    result = {}

    def view(request):
        result["value"] = fn()
        return None

    PermissionMemoMiddleware(view)(object())
    return result["value"]


def test_outside_a_request_every_question_queries_afresh(cast):
    with CaptureQueriesContext(connection) as ctx:
        permissions.is_process_owner(cast.process_owner, cast.section)
        permissions.is_process_owner(cast.process_owner, cast.department)
    assert len(ctx.captured_queries) == 2


def test_inside_a_request_the_grants_are_read_once(cast):
    def ask():
        with CaptureQueriesContext(connection) as ctx:
            answers = [
                permissions.is_process_owner(cast.process_owner, cast.section),
                permissions.is_process_owner(cast.process_owner, cast.department),
                permissions.is_process_owner(cast.process_owner),
                permissions.is_admin(cast.process_owner),
                permissions.can_view_overview(cast.process_owner),
            ]
        return answers, len(ctx.captured_queries)

    answers, queries = inside_a_request(ask)
    assert answers[:4] == [True, True, True, False]
    assert answers[4] is True
    assert queries == 1


def test_a_grant_made_in_the_request_is_seen_by_the_next_question(cast):
    def grant_then_ask():
        before = permissions.is_process_owner(cast.leader, cast.section)
        role_grant(person=cast.leader, role=GrantedRole.PROCESS_OWNER, unit=cast.section)
        after = permissions.is_process_owner(cast.leader, cast.section)
        RoleGrant.objects.filter(person=cast.leader).delete()  # a queryset delete sends post_delete too
        gone = permissions.is_process_owner(cast.leader, cast.section)
        return before, after, gone

    assert inside_a_request(grant_then_ask) == (False, True, False)


def test_a_new_leader_in_the_request_is_seen_by_the_next_question(cast):
    unit = Unit.objects.get(pk=cast.section.pk)

    def lead_then_ask():
        before = permissions.can_manage_goals(cast.employee, unit)
        unit.leader = cast.employee
        unit.save()
        return before, permissions.can_manage_goals(cast.employee, unit)

    assert inside_a_request(lead_then_ask) == (False, True)


def test_the_memo_ends_with_the_request(cast):
    role_grant(person=cast.leader, role=GrantedRole.PROCESS_OWNER, unit=cast.section)
    assert inside_a_request(lambda: permissions.is_process_owner(cast.leader, cast.section)) is True
    RoleGrant.objects.filter(person=cast.leader).update(role=GrantedRole.ADMIN)  # no signal
    # A new request does not inherit the earlier request's answers.
    assert inside_a_request(lambda: permissions.is_process_owner(cast.leader, cast.section)) is False


def test_pages_for_a_process_owner_ask_for_the_grants_once(cast):
    client = Client()
    client.force_login(cast.process_owner.user, backend="resultatavtaler.accounts.backends.PersonModelBackend")
    url = reverse("overview:index")
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    grant_reads = [q["sql"] for q in ctx.captured_queries if "rolegrant" in q["sql"].lower()]
    # The memo reads the person's grants once; the page's own scope query may read them once more.
    assert len(grant_reads) <= 2, "\n".join(q[:300] for q in grant_reads)


def test_the_grants_and_the_led_units_are_one_statement_per_request(cast):
    role_grant(person=cast.superior, role=GrantedRole.PROCESS_OWNER, unit=cast.section)
    cast.other_section.leader = cast.superior  # leads a second unit
    cast.other_section.save(update_fields=["leader"])

    def ask():
        with CaptureQueriesContext(connection) as ctx:
            answers = (
                permissions.led_unit_paths(cast.superior),
                permissions.role_scopes(cast.superior, GrantedRole.PROCESS_OWNER),
                permissions.is_process_owner(cast.superior, cast.section),
                permissions.is_process_owner(cast.superior, cast.department),
                permissions.is_admin(cast.superior),
                permissions.can_view_overview(cast.employee),
            )
        return answers, len(ctx.captured_queries)

    answers, queries = inside_a_request(ask)
    assert answers == (
        sorted([cast.department.path, cast.other_section.path]),
        [cast.section.path],
        True,
        False,
        False,
        False,
    )
    # One statement for the superior, one for the employee (whose answer is "neither").
    assert queries == 2
    # Outside a request, the same answers.
    assert permissions.led_unit_paths(cast.superior) == answers[0]
    assert permissions.role_scopes(cast.superior, GrantedRole.PROCESS_OWNER) == answers[1]

    # A page (with the menu, which asks whether the reader sees the overview) reads them once.
    client = Client()
    client.force_login(cast.leader.user, backend="resultatavtaler.accounts.backends.PersonModelBackend")
    client.get(reverse("agreements:list"))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("agreements:list")).status_code == 200
    led = re.compile(r'FROM "organisations_unit" WHERE \("organisations_unit"\."leader_id" = ')
    reads = [q["sql"] for q in ctx.captured_queries if "organisations_rolegrant" in q["sql"] or led.search(q["sql"])]
    assert len(reads) == 1, "\n".join(q[:300] for q in reads)
