"""Every page that exists passes axe-core (WCAG 2.1 A and AA) in bokmål, nynorsk and English.

Each test walks the three languages in one browser session (a failure names the language):
the set-up of the live server's database is the slow part, so it is done once per page.
"""

import pytest

from tests.e2e.helpers import LANGUAGES, assert_accessible, login, switch_language

pytestmark = pytest.mark.e2e

ROLES = ["leader", "superior", "director", "employee", "processowner", "admin", "outsider"]


def in_each_language(page, path):
    """Open the page in bokmål, then switch to nynorsk and English with the header's switch;
    yield each language with the page showing it."""
    page.goto(path)
    for lang in LANGUAGES:
        if lang != "nb":
            page.goto(path)
            switch_language(page, lang)
        assert page.locator("html").get_attribute("lang") == lang
        yield lang


def test_login_page(page):
    for _ in in_each_language(page, "/konto/logg-inn/"):
        assert page.locator("h1").count() == 1
        assert_accessible(page)


def test_login_page_with_a_form_error(page, cast):
    for _ in in_each_language(page, "/konto/logg-inn/"):
        page.locator("#id_username").fill("leader")
        page.locator("#id_password").fill("wrong password")
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        summary = page.locator(".ds-error-summary")
        assert summary.is_visible()
        # The summary takes focus so keyboard and screen-reader users land on the error.
        assert page.evaluate("document.activeElement.classList.contains('ds-error-summary')")
        assert_accessible(page)


def test_login_page_with_empty_fields_marks_them_invalid(page, cast):
    for _ in in_each_language(page, "/konto/logg-inn/"):
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        username = page.locator("#id_username")
        assert username.get_attribute("aria-invalid") == "true"
        described_by = username.get_attribute("aria-describedby").split()
        assert "id_username_error" in described_by
        assert page.locator("#id_username_error").is_visible()
        # The summary's link moves to the field.
        page.locator(".ds-error-summary a[href='#id_username']").click()
        assert page.evaluate("document.activeElement.id") == "id_username"
        assert_accessible(page)


@pytest.mark.parametrize("username", ROLES)
def test_home_for_each_role(page, cast, username):
    login(page, username)
    for lang in LANGUAGES:
        if lang != "nb":
            switch_language(page, lang)
        assert page.locator("h1").count() == 1
        assert page.locator("nav[aria-label] a[aria-current=page]").count() == 1
        assert_accessible(page)


def test_organisation_tree(page, cast):
    login(page, "superior")
    for _ in in_each_language(page, "/organisasjon/"):
        assert page.locator(".org-tree .depth-2").count() >= 1
        # Indentation comes from the depth classes, never from inline styles (CSP).
        assert page.locator(".org-tree [style]").count() == 0
        assert_accessible(page)


def test_organisation_tree_search(page, cast):
    login(page, "superior")
    for _ in in_each_language(page, "/organisasjon/"):
        page.locator("#q").fill("Leder")
        with page.expect_navigation():
            page.locator("form[role=search] button").click()
        assert page.get_by_text("Live Leder").count() >= 1
        assert_accessible(page)


def test_accessibility_statement(page):
    for _ in in_each_language(page, "/tilgjengelighet/"):
        assert page.locator("h1").count() == 1
        assert_accessible(page)


def test_accessibility_statement_is_linked_from_the_footer(page, cast):
    login(page, "employee")
    for lang in in_each_language(page, "/"):
        with page.expect_navigation():
            page.locator("footer a[href='/tilgjengelighet/']").click()
        assert page.url.endswith("/tilgjengelighet/")
        assert page.locator("html").get_attribute("lang") == lang


def test_404_page(page, cast):
    login(page, "leader")
    for lang in in_each_language(page, "/"):
        response = page.goto("/finnes-ikke/")
        assert response.status == 404
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("main h1").count() == 1
        assert_accessible(page)


def test_404_page_for_an_anonymous_visitor(page):
    response = page.goto("/finnes-ikke/")
    assert response.status == 404
    assert_accessible(page)


def test_start_agreement_on_behalf_of_a_leader(page, cast):
    """The process owner's start page for a leader (with last period's agreement to carry over),
    reached from the overview's "Start agreement" button (a POST form), and the draft started."""
    from django.urls import reverse

    from resultatavtaler.agreements import services
    from resultatavtaler.agreements.models import Agreement
    from tests.e2e.worlds import _period, _requirement

    earlier = _period(cast, year=2025)
    _requirement(services.agreement_start(period=earlier, leader=cast.leader, actor=cast.leader),
                 "Kortere saksbehandlingstid")
    period = _period(cast, year=2026)
    path = reverse("agreements:start_for", args=[period.pk, cast.leader.pk])
    login(page, "processowner")
    for _ in in_each_language(page, path):
        assert page.locator("h1").count() == 1
        assert page.locator("main input[name=carry_over]").count() == 1
        assert_accessible(page)
    page.goto(f"/oversikt/?period={period.pk}")
    assert_accessible(page)
    with page.expect_navigation():
        page.locator(f"main form[action='{path}'] button").click()
    assert page.url.endswith(path)
    with page.expect_navigation():
        page.locator("main form.form-stack button[type=submit]").click()
    assert Agreement.objects.filter(period=period, leader=cast.leader).exists()
    assert page.locator(f"main form[action='{path}']").count() == 0


def test_empty_feedback_to_the_superior_is_refused_by_the_field(page, cast):
    """The leader's feedback to the superior on the evaluation page: an empty text is refused
    with the error summary and the field marked, in each language."""
    from django.urls import reverse

    from resultatavtaler.evaluations.tests.conftest import make_signed
    from tests.e2e.worlds import _period

    agreement = make_signed(cast.leader, _period(cast, year=2026))
    path = reverse("evaluations:agreement", args=[agreement.pk])
    login(page, "leader")
    for _ in in_each_language(page, path):
        page.locator("#leader_feedback").fill("   ")
        with page.expect_navigation():
            page.locator("main form[action$='/tilbakemelding/'] button[type=submit]").click()
        assert page.locator("#leader_feedback").get_attribute("aria-invalid") == "true"
        assert page.locator(".ds-error-summary").is_visible()
        assert_accessible(page)
