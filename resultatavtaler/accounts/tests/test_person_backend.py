"""Every request loads the login's user and its person: in one statement, with the same answers
as reading the person afterwards (an active person only; none for a login without one)."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resultatavtaler.accounts.backends import PersonModelBackend
from resultatavtaler.organisations.models import Person

BACKEND = "resultatavtaler.accounts.backends.PersonModelBackend"


def _client(user) -> Client:
    client = Client()
    client.force_login(user, backend=BACKEND)
    return client


def test_the_user_and_the_person_are_one_statement(cast):
    client = _client(cast.leader.user)
    client.get(reverse("home:index"))
    with CaptureQueriesContext(connection) as read:
        response = client.get(reverse("home:index"))
    assert response.status_code == 200
    assert response.wsgi_request.person == cast.leader
    assert response.wsgi_request.organisation == cast.organisation
    statements = [q["sql"] for q in read.captured_queries]
    logins = [sql for sql in statements if '"auth_user"' in sql or '"organisations_person"."user_id" =' in sql]
    (login,) = logins
    assert '"organisations_person"' in login and '"organisations_organisation"' in login


def test_someone_who_has_left_has_no_person_and_a_login_without_one_neither(cast):
    Person.objects.filter(pk=cast.employee.pk).update(is_active=False)
    response = _client(cast.employee.user).get(reverse("home:index"))
    assert response.status_code == 200 and response.wsgi_request.person is None

    nobody = get_user_model().objects.create_user("platform", password="x" * 20, is_superuser=True)
    response = _client(nobody).get(reverse("home:index"))
    assert response.status_code == 200 and response.wsgi_request.person is None


def test_the_backend_answers_as_djangos_for_users(cast):
    backend = PersonModelBackend()
    assert backend.get_user(cast.leader.user_id) == cast.leader.user
    assert backend.get_user(10**9) is None
    get_user_model().objects.filter(pk=cast.leader.user_id).update(is_active=False)
    assert backend.get_user(cast.leader.user_id) is None  # user_can_authenticate, as Django's


def _columns(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def test_the_person_user_organisation_and_unit_are_those_the_orm_reads(cast):
    """The login's statement is compiled once and its rows made into instances by hand
    (lib/compiled.py): every column of every instance is what select_related() gives, types
    included (dates and flags come from SQLite as text and integers), and a person without a unit
    has none."""
    Person.objects.filter(pk=cast.process_owner.pk).update(unit=None)
    get_user_model().objects.filter(pk=cast.leader.user_id).update(last_login="2026-11-30T06:00:00+00:00")
    backend = PersonModelBackend()
    for person in Person.objects.filter(user__isnull=False):
        user = backend.get_user(person.user_id)
        expected = Person.objects.select_related("user", "organisation", "unit").get(pk=person.pk)
        loaded = user.person
        assert (_columns(loaded), _columns(user), _columns(loaded.organisation)) == (
            _columns(expected),
            _columns(expected.user),
            _columns(expected.organisation),
        )
        assert loaded.user is user and not loaded._state.adding and loaded._state.db == "default"
        if expected.unit is None:
            assert loaded.unit is None
        else:
            assert _columns(loaded.unit) == _columns(expected.unit)
    with CaptureQueriesContext(connection) as read:
        loaded = backend.get_user(cast.process_owner.user_id).person
        shown = (loaded.unit, loaded.organisation.name, loaded.user.username)
        assert shown == (None, "Testdepartementet", "processowner")
    assert len(read.captured_queries) == 1


def test_the_login_statement_is_built_once_for_every_request(cast, monkeypatch):
    from resultatavtaler.accounts import backends
    from resultatavtaler.lib.compiled import CompiledRows

    built = []

    def build(user_id):
        built.append(user_id)
        return backends._login_statement(user_id)

    monkeypatch.setattr(backends, "_LOGIN", CompiledRows(build, int))
    for person in (cast.leader, cast.superior, cast.leader):
        client = _client(person.user)
        assert client.get(reverse("home:index")).wsgi_request.person == person
    assert len(built) == 1
