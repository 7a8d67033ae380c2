"""The session engines (resultatavtaler/lib/sessions) read a session as Django's own engines do:
the data of a session that has not expired, nothing (and a new key) for an expired or unknown
one; the statement is compiled once."""

import datetime

import pytest
from django.contrib.sessions.backends import db as django_db
from django.contrib.sessions.models import Session
from django.utils import timezone

from resultatavtaler.lib.sessions import cached_db, db

pytestmark = pytest.mark.django_db


def _saved(data: dict, *, expires_in: datetime.timedelta) -> str:
    store = django_db.SessionStore()
    store.update(data)
    store.save()
    Session.objects.filter(pk=store.session_key).update(expire_date=timezone.now() + expires_in)
    return store.session_key


@pytest.mark.parametrize("engine", [db, cached_db])
def test_a_session_is_read_as_djangos_engine_reads_it(engine):
    live = _saved({"a": 1, "text": "æøå"}, expires_in=datetime.timedelta(minutes=5))
    expired = _saved({"b": 2}, expires_in=-datetime.timedelta(seconds=1))
    for key, expected in ((live, {"a": 1, "text": "æøå"}), (expired, {}), ("x" * 32, {})):
        ours, djangos = engine.SessionStore(session_key=key), django_db.SessionStore(session_key=key)
        assert ours.load() == djangos.load() == expected
        assert ours.session_key == djangos.session_key == (key if expected else None)


def test_the_read_is_one_statement_compiled_once(executed):
    keys = [_saved({"n": n}, expires_in=datetime.timedelta(minutes=5)) for n in range(3)]
    with executed() as ran:
        assert [db.SessionStore(session_key=key).load() for key in keys] == [{"n": 0}, {"n": 1}, {"n": 2}]
    assert len({sql for sql, _params in ran}) == 1
    assert [params for _sql, params in ran] == [(key,) for key in keys]
