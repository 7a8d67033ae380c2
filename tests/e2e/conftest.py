"""Browser tests (issue 8): the real pages in Debian's Chromium, driven by Playwright, checked
with axe-core.

Fixtures and helpers
- `browser` (session): headless Chromium at /usr/bin/chromium. Absent Chromium skips these
  tests on a developer's machine, but FAILS them when the environment variable CI is set, so
  CI can never pass by silently skipping the browser tests (.ci/run installs Chromium).
- `server`: the base URL of pytest-django's `live_server`, with a transactional database so
  the server thread sees the test's data.
- `page`: a fresh browser context (no cookies) per test, bokmål, 1280 × 900.
- `cast`: the named people from the root conftest, in organisations whose default language is
  bokmål (as deployed); every login's password is PASSWORD.
- `login(page, username)`, `switch_language(page, code)`, `assert_accessible(page)`,
  `assert_no_horizontal_scroll(page, width)`.

Playwright's sync API runs its own event loop in the test's thread; Django then refuses ORM
calls from that thread unless DJANGO_ALLOW_ASYNC_UNSAFE is set. Nothing async runs here: the
ORM calls are the test's own set-up, so the check is switched off for the browser tests only.
"""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from .helpers import CHROMIUM, launch_chromium  # noqa: E402


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; in CI the browser tests must run, not skip.", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _english_unless_a_test_says_otherwise():
    """The browser tests run the product as it is deployed, where bokmål is the default (the
    root conftest makes the other tests read English); they choose nynorsk and English
    themselves, and check <html lang>."""
    yield


@pytest.fixture
def cast(cast):
    """The test cast, its organisations speaking bokmål by default as deployed ones do."""
    from resultatavtaler.organisations.models import Organisation

    Organisation.objects.filter(pk__in=[cast.organisation.pk, cast.other_organisation.pk]).update(
        default_language="nb")
    for org in (cast.organisation, cast.other_organisation):
        org.refresh_from_db()
    return cast


@pytest.fixture
def server(live_server, transactional_db):
    return live_server.url


@pytest.fixture
def page(browser, server):
    context = browser.new_context(
        base_url=server,
        locale="nb-NO",
        viewport={"width": 1280, "height": 900},
        reduced_motion="reduce",
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()
