"""The agreement flow in a real browser, in bokmål, nynorsk and English: the leader drafts,
shares the draft with the unit and submits; the superior comments and both sign; the employee
sees the published parts. axe-core finds nothing on the agreement page in each state (draft,
in review, signed, and a form with errors), and the page reflows at 320 CSS px.

The assertions look at structure, URLs and the data typed in, never at translated texts (the
translation pass comes later); the language is checked on <html lang>."""

import datetime

import pytest

from tests.e2e.helpers import assert_accessible, assert_no_horizontal_scroll, login

pytestmark = pytest.mark.e2e

SECTION_TEXT = "Seksjonen forvalter personalpolitikken i departementet."
PUBLIC_REQUIREMENT = "Redusere sykefraværet i seksjonen"
PRIVATE_REQUIREMENT = "Bli en tydeligere leder i møter"


def _period(cast):
    from resultatavtaler.agreements import services
    from resultatavtaler.agreements.builtin import ensure_builtin_templates

    (ad, *_rest) = ensure_builtin_templates()  # a transactional test flushes the data migration's rows
    period = services.period_create(
        organisation=cast.organisation,
        actor=cast.process_owner,
        name="2026",
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
        default_template=ad.template,
        midyear_review=datetime.date(2026, 6, 15),
        self_evaluations_due=datetime.date(2026, 11, 13),
        assessment_from=datetime.date(2026, 11, 23),
    )
    services.period_participants_refresh(period=period)
    return period


def _as(browser, server, username, lang):
    context = browser.new_context(base_url=server, locale="nb-NO", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    login(page, username)
    assert page.locator("html").get_attribute("lang") == lang
    return context, page


def _submit(page, selector):
    with page.expect_navigation():
        page.locator(selector).click()


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_the_whole_agreement_flow_in_the_browser(browser, server, cast, lang):
    from resultatavtaler.agreements.models import Agreement, Requirement
    from resultatavtaler.organisations.models import Person

    period = _period(cast)
    Person.objects.filter(organisation=cast.organisation).update(language=lang)
    leader_ctx, leader = _as(browser, server, "leader", lang)
    try:
        # My agreements → start the draft from the period's template.
        leader.goto("/avtaler/")
        assert_accessible(leader)
        with leader.expect_navigation():
            leader.locator(f"a[href='/avtaler/start/{period.pk}/']").first.click()
        _submit(leader, "main form button[type=submit]")
        agreement = Agreement.objects.get(leader=cast.leader, period=period)
        detail = f"/avtaler/{agreement.pk}/"
        assert leader.url.endswith(detail)
        assert leader.locator("html").get_attribute("lang") == lang
        assert leader.locator("h1").count() == 1
        assert leader.locator("#advice-Q1").count() == 1  # the advice panel beside the draft
        assert_accessible(leader)  # draft

        # A section, then a requirement with a measurable indicator.
        leader.goto(f"{detail}tekst/section_goals/")
        leader.locator("#id_text").fill(SECTION_TEXT)
        _submit(leader, "main form button[type=submit]")
        assert leader.get_by_text(SECTION_TEXT).count() == 1

        add_url = f"{detail}krav/ny/professional/"
        leader.goto(add_url)
        _submit(leader, "main form button[type=submit]")  # empty: the form shows its errors
        assert leader.locator(".ds-error-summary").is_visible()
        assert leader.locator("#id_text").get_attribute("aria-invalid") == "true"
        assert_accessible(leader)  # form with errors
        leader.locator("#id_text").fill(PUBLIC_REQUIREMENT)
        leader.locator("#id_evaluation_method").fill("Tilbakemelding fra medarbeidere")
        leader.locator("#id_indicator_text").fill("Sykefravær i prosent")
        leader.locator("#id_indicator_target_value").fill("4,5")
        leader.locator("#id_indicator_deadline").fill("2026-12-31")
        _submit(leader, "main form button[type=submit]")
        assert leader.url.endswith(f"{detail}#category-professional")
        requirement = Requirement.objects.get(agreement=agreement, text=PUBLIC_REQUIREMENT)
        assert requirement.indicators.get().deadline == datetime.date(2026, 12, 31)

        leader.goto(f"{detail}krav/ny/personal_development/")
        leader.locator("#id_text").fill(PRIVATE_REQUIREMENT)
        leader.locator("#id_public").uncheck()
        _submit(leader, "main form button[type=submit]")

        # Publication decided, the draft shared with the unit, then submitted.
        leader.goto(f"{detail}offentlighet/")
        _submit(leader, "main form button[type=submit]")
        _submit(leader, f"form[action='{detail}handling/share/'] button")
        _submit(leader, f"form[action='{detail}handling/submit/'] button")
        agreement.refresh_from_db()
        assert agreement.state == "in_review" and agreement.shared_with_unit_at is not None
        assert_accessible(leader)  # in review

        # The superior comments on the requirement on the review page and signs.
        superior_ctx, superior = _as(browser, server, "superior", lang)
        try:
            superior.goto(f"{detail}gjennomgang/")
            assert superior.locator("#coverage-heading").count() == 1
            assert_accessible(superior)  # review page, in review
            superior.locator(f"#comment-{requirement.pk}").fill("Godt mål. Vurder et delmål til sommeren.")
            _submit(superior, f"#requirement-{requirement.pk} form.comment-form button")
            assert superior.get_by_text("Godt mål. Vurder et delmål til sommeren.").count() >= 1
            _submit(superior, f".next-action form[action='{detail}handling/sign/'] button")
        finally:
            superior_ctx.close()

        # The leader signs too: in force.
        leader.goto(detail)
        assert leader.get_by_text("Godt mål. Vurder et delmål til sommeren.").count() >= 1  # comment in context
        _submit(leader, f".next-action form[action='{detail}handling/sign/'] button")
        agreement.refresh_from_db()
        assert agreement.state == "signed" and agreement.in_force_version is not None
        assert_accessible(leader)  # signed
        leader.set_viewport_size({"width": 320, "height": 800})
        leader.goto(detail)
        assert_no_horizontal_scroll(leader, 320)
    finally:
        leader_ctx.close()

    # The employee sees the published parts, and only those.
    employee_ctx, employee = _as(browser, server, "employee", lang)
    try:
        employee.goto("/avtaler/min-enhet/")
        main = employee.locator("main")
        assert main.get_by_text(PUBLIC_REQUIREMENT).count() == 1
        assert main.get_by_text(SECTION_TEXT).count() == 1
        assert main.get_by_text(PRIVATE_REQUIREMENT).count() == 0
        assert main.get_by_text("Godt mål. Vurder et delmål til sommeren.").count() == 0
        assert_accessible(employee)
        employee.goto(detail)
        assert employee.locator("main").get_by_text(PRIVATE_REQUIREMENT).count() == 0
        assert employee.locator("main").get_by_text(PUBLIC_REQUIREMENT).count() == 1
        assert_accessible(employee)
    finally:
        employee_ctx.close()


def _signed_twice(cast, period):
    """An agreement signed, renegotiated and signed again (two versions), in review for nobody."""
    from resultatavtaler.agreements import services

    ag = services.agreement_start(period=period, leader=cast.leader, actor=cast.leader)

    def edit(fn, **kw):
        ag.refresh_from_db()
        return fn(actor=cast.leader, expected_lock_version=ag.lock_version, **kw)

    req = edit(
        services.requirement_add,
        agreement=ag,
        category_key="professional",
        text=PUBLIC_REQUIREMENT,
        indicators=[{"text": "Sykefravær", "target_value": "4.5", "unit": "%"}],
    )
    for actor in (cast.leader,):
        ag.refresh_from_db()
        services.agreement_submit(agreement=ag, actor=actor)
    services.agreement_sign(agreement=ag, actor=cast.leader)
    services.agreement_sign(agreement=ag, actor=cast.superior)
    ag.refresh_from_db()
    services.agreement_renegotiate(agreement=ag, actor=cast.leader, reason="Ny organisering")
    edit(services.requirement_update, requirement=req, text="Redusere sykefraværet til under 4 %")
    ag.refresh_from_db()
    services.agreement_submit(agreement=ag, actor=cast.leader)
    services.agreement_sign(agreement=ag, actor=cast.leader)
    services.agreement_sign(agreement=ag, actor=cast.superior)
    ag.refresh_from_db()
    return ag


def test_the_other_agreement_pages_pass_axe(browser, server, cast):
    """History, diff, review list, alignment and the administration pages (bokmål)."""
    from resultatavtaler.agreements import services
    from resultatavtaler.agreements.models import Template

    period = _period(cast)
    ag = _signed_twice(cast, period)
    services.goal_create(period=period, unit=cast.department, actor=cast.superior, title="Et godt arbeidsmiljø")
    copy = services.template_copy(
        template=Template.objects.get(key="ufd-ad", organisation__isnull=True),
        organisation=cast.organisation,
        actor=cast.process_owner,
    )
    pages = {
        "superior": [
            f"/avtaler/{ag.pk}/historikk/",
            f"/avtaler/{ag.pk}/versjoner/1/2/",
            "/avtaler/til-godkjenning/",
            "/avtaler/sammenheng/",
            "/avtaler/",
        ],
        "leader": [
            f"/avtaler/{ag.pk}/reforhandling/",
            f"/perioder/{period.pk}/maal/".replace("/perioder", "/avtaler/perioder"),
        ],
        "processowner": [
            "/avtaler/admin/",
            "/avtaler/admin/perioder/ny/",
            f"/avtaler/admin/perioder/{period.pk}/",
            "/avtaler/admin/maler/",
            f"/avtaler/admin/maler/{copy.pk}/",
            f"/avtaler/perioder/{period.pk}/felles-krav/",
            "/avtaler/admin/raad/",
        ],
    }
    for username, paths in pages.items():
        context, page = _as(browser, server, username, "nb")
        try:
            for path in paths:
                response = page.goto(path)
                assert response.status == 200, path
                assert page.locator("h1").count() == 1, path
                assert page.locator("nav.site-nav a[aria-current=page]").count() == 1, path
                assert_accessible(page)
            page.set_viewport_size({"width": 320, "height": 800})
            for path in paths:
                page.goto(path)
                assert_no_horizontal_scroll(page, 320)
        finally:
            context.close()
