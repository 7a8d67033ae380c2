"""The process overview, the notifications page, the experience library and the introduction
guide in a real browser: axe-core finds nothing in bokmål, nynorsk and English, and the pages
reflow at 320 CSS px. Assertions look at structure and data, not at translated texts."""

import datetime

import pytest

from tests.e2e.helpers import LANGUAGES, assert_accessible, assert_no_horizontal_scroll, login, switch_language

pytestmark = pytest.mark.e2e


def each_language(page, path):
    """Open the page in each language in turn with the header's switch (the choice persists,
    so every language, bokmål too, is chosen explicitly unless the page already shows it)."""
    for lang in LANGUAGES:
        page.goto(path)
        if page.locator("html").get_attribute("lang") != lang:
            switch_language(page, lang)
        assert page.locator("html").get_attribute("lang") == lang
        yield lang


def _period_with_a_draft(cast):
    from resultatavtaler.agreements import services
    from resultatavtaler.agreements.builtin import ensure_builtin_templates

    (ad, *_rest) = ensure_builtin_templates()
    period = services.period_create(
        organisation=cast.organisation, actor=cast.process_owner, name="2026", start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31), default_template=ad.template, drafts_due=datetime.date(2026, 1, 31),
        signing_due=datetime.date(2026, 2, 28),
    )
    services.period_participants_refresh(period=period)
    draft = services.agreement_start(period=period, leader=cast.leader, actor=cast.leader)
    services.requirement_add(agreement=draft, actor=cast.leader, expected_lock_version=draft.lock_version,
                             category_key="professional", text="Redusere restansene i klagesaker",
                             indicators=["Restanse under 50 saker"])
    return period, draft


def test_overview_for_the_process_owner(page, cast):
    _period_with_a_draft(cast)
    login(page, "processowner")
    for _ in each_language(page, "/oversikt/"):
        assert page.locator("h1").count() == 1
        assert page.locator("svg.overview-chart[role=img] title").count() == 1
        assert page.get_by_role("cell", name="Live Leder").count() + page.locator("th", has_text="Live Leder").count()
        assert_accessible(page)
    page.goto("/oversikt/?overdue=on&sort=-name")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/oversikt/")
    assert_no_horizontal_scroll(page, 320)


def test_overview_for_a_superior(page, cast):
    _period_with_a_draft(cast)
    login(page, "superior")
    for _ in each_language(page, "/oversikt/"):
        assert page.locator("th[aria-sort]").count() == 1
        assert_accessible(page)


def test_notifications_page(page, cast):
    from resultatavtaler.agreements import services

    _period, draft = _period_with_a_draft(cast)
    draft.refresh_from_db()
    services.agreement_submit(agreement=draft, actor=cast.leader)  # notifies the superior
    login(page, "superior")
    for _ in each_language(page, "/varsler/"):
        assert page.locator(".notification-list__item").count() >= 1
        assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/varsler/")
    assert_no_horizontal_scroll(page, 320)


def test_experience_library_pages(page, cast):
    _period_with_a_draft(cast)
    login(page, "leader")
    for _ in each_language(page, "/erfaringer/"):
        assert page.locator(".library-list__item").count() >= 10
        assert_accessible(page)
    for _ in each_language(page, "/erfaringer/?q=deleger&category=common_leadership"):
        assert_accessible(page)
    from resultatavtaler.library.models import LibraryEntry

    entry = LibraryEntry.objects.get(organisation=cast.organisation, seed_key="ufd-oa-2")
    for _ in each_language(page, f"/erfaringer/{entry.pk}/"):
        assert page.locator("main form select").count() == 1  # copy into my draft
        assert_accessible(page)
    for _ in each_language(page, "/erfaringer/del/"):
        assert page.locator("main form").count() == 1
        assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"/erfaringer/{entry.pk}/")
    assert_no_horizontal_scroll(page, 320)


def test_introduction_guide_pages(page, cast):
    login(page, "processowner")
    for _ in each_language(page, "/guide/"):
        assert page.locator("table a").count() == 1
        assert_accessible(page)
    for _ in each_language(page, f"/guide/{cast.department.pk}/"):
        assert page.locator("input[type=checkbox]").count() == 9
        assert_accessible(page)
    page.locator("#item-es-1").check()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator("#item-es-1").is_checked()
    assert_accessible(page)
