"""Settings for every test run, and the shared cast of named people (CONVENTIONS.md):
leader, superior, director (upper chain), employee, process_owner, admin_person and an
outsider from another organisation."""

import os
import time

os.environ.setdefault("RESULTATAVTALER_TESTING", "1")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.AXES_ENABLED = True


@pytest.fixture(autouse=True)
def _english_unless_a_test_says_otherwise(settings):
    """Tests read the English source strings unless they choose a language: organisations made
    by the test factories speak English (organisations/tests/factories.py), and so does code run
    outside a request. Tests of bokmål and nynorsk choose them (the default language, the language
    switch, e-mails in the recipient's language, the seed templates' own texts, the browser tests
    on the demo data), and every string's nb and nn translation is checked by
    resultatavtaler/lib/tests/test_translations.py."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def cast(db):
    from resultatavtaler.organisations.tests.factories import build_cast

    return build_cast()


@pytest.fixture
def organisation(cast):
    return cast.organisation


@pytest.fixture
def leader(cast):
    return cast.leader


@pytest.fixture
def superior(cast):
    return cast.superior


@pytest.fixture
def director(cast):
    return cast.director


@pytest.fixture
def employee(cast):
    return cast.employee


@pytest.fixture
def process_owner(cast):
    return cast.process_owner


@pytest.fixture
def admin_person(cast):
    return cast.admin_person


@pytest.fixture
def outsider(cast):
    return cast.outsider


@pytest.fixture
def client_for(client):
    """`client_for(person)` logs that person in and returns the test client."""

    from resultatavtaler.lib.middleware import SessionIdleRefreshMiddleware, SessionLifetimeMiddleware

    def _login(person):
        client.force_login(person.user, backend="resultatavtaler.accounts.backends.PersonModelBackend")
        # As after the login page: the login's start is stamped and the session's expiry was just
        # written, so the next request does not write the session and query counts see the page.
        session = client.session
        session[SessionLifetimeMiddleware.STAMP] = {"at": time.time(), "key": session.session_key}
        session[SessionIdleRefreshMiddleware.STAMP] = int(time.time())
        session.save()
        return client

    return _login


@pytest.fixture
def page_statements(client_for):
    """`page_statements(person, url)`: the page as that person sees it on a second visit, and the
    SQL statements the second visit ran (the first warms what any first request sets up)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def _visit(person, url):
        client = client_for(person)
        client.get(url)
        with CaptureQueriesContext(connection) as read:
            html = client.get(url).content.decode()
        return html, [q["sql"] for q in read.captured_queries]

    return _visit


@pytest.fixture
def executed():
    """`with executed() as ran:` records each statement as the driver receives it, `(sql,
    params)` — the SQL with its placeholders, which CaptureQueriesContext fills in."""
    from contextlib import contextmanager

    from django.db import connection

    @contextmanager
    def _record():
        ran = []

        def record(execute, sql, params, many, context):
            ran.append((sql, tuple(params)))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(record):
            yield ran

    return _record
