"""Cursor paging: every row exactly once across the pages, a next link that keeps the
filters, a stable position under inserts, and a clear 400 for a damaged cursor."""

import base64

import pytest
from django.utils import timezone

from resultatavtaler.organisations.models import Person
from resultatavtaler.organisations.tests.factories import PersonFactory

from .conftest import problem

pytestmark = pytest.mark.django_db


def walk(api, url, **params):
    seen, pages, response = [], 0, api.get(url, **params)
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        seen += body["items"]
        pages += 1
        if body["next"] is None:
            return seen, pages
        assert body["next"].startswith("http://testserver/api/v1/")
        response = api.client.get(body["next"], **api.headers)


def test_pages_of_people_hold_every_person_once_in_order(cast, read_token, api_as):
    for i in range(7):
        PersonFactory(organisation=cast.organisation, unit=cast.section, employee_id=f"P{i:03d}")
    api = api_as(token=read_token)
    people, pages = walk(api, "/api/v1/persons", limit=3)
    ids = [p["employee_id"] for p in people]
    expected = list(
        Person.objects.filter(organisation=cast.organisation, is_active=True)
        .order_by("employee_id", "pk")
        .values_list("employee_id", flat=True)
    )
    assert ids == expected and len(set(ids)) == len(ids)
    assert pages == -(-len(expected) // 3)


def test_the_next_link_keeps_the_filters(cast, read_token, api_as):
    leaver = PersonFactory(organisation=cast.organisation, unit=cast.section, employee_id="ZZ-LEFT")
    leaver.is_active, leaver.left_at = False, timezone.localdate()
    leaver.save()
    api = api_as(token=read_token)
    first = api.get("/api/v1/persons", limit=2, include_inactive="true").json()
    assert "include_inactive=true" in first["next"]
    everyone, _pages = walk(api, "/api/v1/persons", limit=2, include_inactive="true")
    assert "ZZ-LEFT" in [p["employee_id"] for p in everyone]
    active, _pages = walk(api, "/api/v1/persons", limit=2)
    assert "ZZ-LEFT" not in [p["employee_id"] for p in active]


def test_a_row_added_before_the_cursor_does_not_shift_the_next_page(cast, read_token, api_as):
    api = api_as(token=read_token)
    first = api.get("/api/v1/units", limit=2).json()
    from resultatavtaler.organisations.services import unit_create

    unit_create(organisation=cast.organisation, code="AAA", name="Først i alfabetet", parent=cast.ministry)
    second = api.client.get(first["next"], **api.headers).json()
    codes = [u["code"] for u in first["items"]] + [u["code"] for u in second["items"]]
    assert "AAA" not in codes and len(set(codes)) == len(codes)


def test_agreements_page_by_last_change(world, read_token, api_as):
    api = api_as(token=read_token)
    agreements, pages = walk(api, "/api/v1/agreements", limit=1)
    assert pages == 2
    assert [a["updated_at"] for a in agreements] == sorted(a["updated_at"] for a in agreements)
    only_signed = api.get("/api/v1/agreements", state="signed").json()["items"]
    assert [a["id"] for a in only_signed] == [world.signed.pk]
    by_unit = api.get("/api/v1/agreements", unit=cast_unit_id(world), include_subunits="true").json()["items"]
    assert {a["id"] for a in by_unit} == {world.signed.pk, world.draft.pk}


def cast_unit_id(world):
    return world.signed.unit.parent_id  # the department above both sections


@pytest.mark.parametrize(
    "cursor",
    [
        "not-base64!",
        base64.urlsafe_b64encode(b"[1]").decode(),
        base64.urlsafe_b64encode(b'["a", "b"]').decode(),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    ],
)
def test_a_damaged_cursor_is_a_400_problem(read_token, api_as, cursor):
    body = problem(api_as(token=read_token).get("/api/v1/persons", cursor=cursor), 400)
    assert "cursor" in body["detail"]


def test_limit_is_bounded(read_token, api_as):
    body = problem(api_as(token=read_token).get("/api/v1/persons", limit=501), 422)
    assert body["errors"][0]["field"] == "limit"
