"""The follow-up of a signed agreement in a real browser (issue 8): the leader enters
measurements and sees the chart beside its data table; the superior asks the unit for input;
employees answer through the e-mailed link and from the home page; the request is closed and
the results show; the superior schedules the conversation, the leader self-evaluates, the
superior assesses on the day of the conversation, the leader gives feedback, and both
acknowledge: closed.

axe-core finds nothing on any page in any state (empty form, filled, with a form error), and the
main pages reflow at 320 CSS px. The signed agreement and the answers that only fill up the
anonymity threshold are built through the services; time passes with the evaluation tests'
`days_pass`. Assertions look at structure, URLs, the data typed in and the database, never at
translated texts; the language is checked on <html lang>."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from tests.e2e.helpers import assert_accessible, assert_no_horizontal_scroll, login

pytestmark = pytest.mark.e2e

ANSWER_LINK = re.compile(r"/oppfolging/svar/([A-Za-z0-9_-]{20,})/")
SUMMARY = "Sykefraværet gikk ned fra 6,5 til 5,2 prosent."
OVERALL = "Et meget godt år for seksjonen."
FEEDBACK = "Ønsker tydeligere prioriteringer fra avdelingen."


# --- set-up ------------------------------------------------------------------------------------

def _signed_agreement(cast, lang="nb"):
    """The cast's leader's 2026 agreement, signed by both, as the evaluation tests build it."""
    from resultatavtaler.agreements import services as ag_services
    from resultatavtaler.agreements.builtin import ensure_builtin_templates
    from resultatavtaler.agreements.models import Template
    from resultatavtaler.evaluations.tests.conftest import make_signed
    from resultatavtaler.organisations.models import Person

    ensure_builtin_templates()  # a transactional test flushes the data migration's rows
    template = Template.objects.get(organisation__isnull=True, key="ufd-ad")
    period = ag_services.period_create(
        organisation=cast.organisation, actor=cast.process_owner, name="2026",
        start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31), default_template=template,
        midyear_review=datetime.date(2026, 6, 15), self_evaluations_due=datetime.date(2026, 11, 13),
    )
    Person.objects.filter(organisation=cast.organisation).update(language=lang)
    for p in (cast.leader, cast.superior):
        p.refresh_from_db()
    return make_signed(cast.leader, period)


def _staff(cast, n=5):
    """More employees in the leader's section, so an input request can reach the thresholds."""
    from resultatavtaler.organisations.tests.factories import PersonFactory

    return [PersonFactory(organisation=cast.organisation, unit=cast.section, name=f"Ansatt {i}", language="nb")
            for i in range(n)]


def _context(browser, server, username=None, width=1280):
    context = browser.new_context(base_url=server, locale="nb-NO", viewport={"width": width, "height": 900},
                                  reduced_motion="reduce")
    context.set_default_timeout(15_000)
    page = context.new_page()
    if username:
        login(page, username)
    return context, page


def _submit(page, selector="main form button[type=submit]"):
    with page.expect_navigation():
        page.locator(selector).first.click()


def _reflows(page, path):
    """The page at 320 CSS px (400 % zoom of 1280) has no sideways scrolling and still passes axe;
    back to 1280 after."""
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(path)
    assert_no_horizontal_scroll(page, 320)
    assert_accessible(page)  # e.g. a table that now scrolls inside its box must be reachable by keyboard
    page.set_viewport_size({"width": 1280, "height": 900})


def _rate_every_requirement(page, index):
    """Choose the `index`th level of the scale for every requirement's rating."""
    names = page.evaluate(
        "[...new Set([...document.querySelectorAll('main input[type=radio][name^=\"rating-\"]')].map(e => e.name))]")
    assert names, "no rating fields on the page"
    for name in names:
        page.locator(f"main input[name='{name}']").nth(index).check()
    return names


def _fresh(obj):
    obj.refresh_from_db()
    return obj


# --- the whole flow in bokmål ------------------------------------------------------------------

def test_the_whole_follow_up_in_the_browser(browser, server, cast):
    from resultatavtaler.evaluations import services
    from resultatavtaler.evaluations.models import Assessment, InputInvitation, InputRequest, Measurement
    from resultatavtaler.evaluations.tests.conftest import days_pass

    agreement = _signed_agreement(cast)
    staff = _staff(cast)
    base = f"/oppfolging/avtale/{agreement.pk}/"

    leader_ctx, leader = _context(browser, server, "leader")
    superior_ctx, superior = _context(browser, server, "superior")
    try:
        # --- The leader opens the follow-up page and enters measurements. ---------------------
        leader.goto("/oppfolging/")
        assert leader.locator(f"main a[href='{base}']").count() >= 1
        assert_accessible(leader)
        leader.goto(base)
        assert leader.locator("html").get_attribute("lang") == "nb"
        assert leader.locator("h1").count() == 1
        assert_accessible(leader)  # signed, nothing done yet

        leader.goto(f"{base}maalinger/")
        assert leader.locator("svg.eval-chart").count() == 0  # no values yet
        assert_accessible(leader)  # empty form
        leader.locator("#id_date").fill("2026-09-30")
        leader.locator("#id_value").fill("seks")
        _submit(leader, "form.form-stack[novalidate] button[type=submit]")
        assert leader.locator(".ds-error-summary").is_visible()
        assert leader.locator("#id_value").get_attribute("aria-invalid") == "true"
        assert_accessible(leader)  # with a form error
        leader.locator("#id_value").fill("5,8")
        leader.locator("#id_source").fill("HR-systemet")
        _submit(leader, "form.form-stack[novalidate] button[type=submit]")
        assert leader.url.endswith(f"{base}maalinger/")
        leader.locator("#id_date").fill("2026-10-31")
        leader.locator("#id_value").fill("5,2")
        leader.locator("#id_source").fill("HR-systemet")
        _submit(leader, "form.form-stack[novalidate] button[type=submit]")
        assert sorted(str(v.normalize()) for v in Measurement.objects.values_list("value", flat=True)) == ["5.2",
                                                                                                            "5.8"]
        # The chart and, beside it, the same figures in a table.
        chart = leader.locator("main svg.eval-chart")
        assert chart.count() == 1 and chart.get_attribute("role") == "img"
        assert chart.locator("circle").count() == 2
        table = leader.locator("main .eval-chart-pair table.ds-table")
        assert table.locator("caption").count() == 1
        assert table.locator("tbody th[scope=row]").count() == 3  # two values and the target
        assert table.locator("tbody").inner_text().count("HR-systemet") == 2
        assert_accessible(leader)  # filled
        _reflows(leader, f"{base}maalinger/")

        # --- The superior asks the unit for input. ---------------------------------------------
        superior.goto(base)
        assert_accessible(superior)
        superior.goto(f"{base}innhenting/ny/")
        assert_accessible(superior)  # empty form
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        superior.locator("#id_deadline").fill(yesterday.isoformat())
        _submit(superior)
        assert superior.locator(".ds-error-summary").is_visible()
        assert superior.locator("#id_deadline").get_attribute("aria-invalid") == "true"
        assert_accessible(superior)  # with a form error
        deadline = timezone.localdate() + datetime.timedelta(days=7)
        superior.locator("#id_deadline").fill(deadline.isoformat())
        superior.locator("#id_intro").fill("Hvordan har seksjonen lykkes i år?")
        assert superior.locator("#id_include_employees").is_checked()
        outbox_start = len(mail.outbox)
        _submit(superior)
        ir = InputRequest.objects.get(agreement=agreement)
        assert superior.url.endswith(f"/oppfolging/innhenting/{ir.pk}/")
        assert ir.invitations.count() == 6  # the employee and the five staff
        assert_accessible(superior)  # open, no results
        links = {}
        for m in mail.outbox[outbox_start:]:
            found = ANSWER_LINK.search(m.body)
            if found:
                links[m.to[0]] = found.group(0)
        assert set(links) == {p.email for p in [cast.employee, *staff]}

        # --- An employee answers through the e-mailed link, without logging in. -----------------
        anon_ctx, anon = _context(browser, server)
        try:
            link = links[staff[0].email]
            anon.goto(link)
            assert anon.locator("html").get_attribute("lang") == "nb"
            requirement_sets = anon.locator("main form fieldset.eval-scale")
            assert requirement_sets.count() == 2
            assert_accessible(anon)  # empty answer form
            # A level that is not on the scale (only a tampered form can send one) is refused.
            first = requirement_sets.first.locator("input[type=radio]").first
            first.evaluate("e => { e.value = '99'; }")
            first.check()
            _submit(anon)
            assert anon.locator("main .ds-alert[data-color=danger]").is_visible()
            assert anon.url.endswith(link)
            assert_accessible(anon)  # with an error
            for fieldset in requirement_sets.all():
                fieldset.locator("input[type=radio]").nth(2).check()
            anon.locator("main textarea").first.fill("Bedre oppfølging av fraværet.")
            anon.locator("#comment").fill("Takk for et godt år.")
            _submit(anon)
            assert anon.url.endswith("/oppfolging/svar/takk/")
            assert_accessible(anon)  # thanks
            # The link works once: a second visit says why, with nothing to fill in.
            response = anon.goto(link)
            assert response.status == 410
            assert anon.locator("main form").count() == 0
            assert_accessible(anon)
            # The answer page reflows at 320 px (another employee's link, still unused).
            anon.set_viewport_size({"width": 320, "height": 800})
            anon.goto(links[staff[1].email])
            assert_no_horizontal_scroll(anon, 320)
        finally:
            anon_ctx.close()

        # --- The employee with a login answers from the home page. -------------------------------
        employee_ctx, employee = _context(browser, server, "employee")
        try:
            invitation = InputInvitation.objects.get(request=ir, person=cast.employee)
            answer_url = f"/oppfolging/invitasjon/{invitation.pk}/"
            task = employee.locator(f"main a[href='{answer_url}']")
            assert task.count() == 1
            with employee.expect_navigation():
                task.click()
            assert_accessible(employee)
            for fieldset in employee.locator("main form fieldset.eval-scale").all():
                fieldset.locator("input[type=radio]").nth(1).check()
            _submit(employee)
            assert employee.url.endswith("/oppfolging/svar/takk/")
            employee.goto("/")
            assert employee.locator(f"main a[href='{answer_url}']").count() == 0
        finally:
            employee_ctx.close()

        # Two more answers through the service: the anonymity threshold is not what is tested here.
        reqs = ir.form["requirements"]
        for person in staff[1:3]:
            inv = InputInvitation.objects.get(request=ir, person=person)
            services.input_answer_submit(invitation=inv, ratings={str(r["id"]): 3 for r in reqs}, comments={})

        # --- The superior closes the request; the results show. ----------------------------------
        superior.goto(f"/oppfolging/innhenting/{ir.pk}/")
        _submit(superior, f"form[action='/oppfolging/innhenting/{ir.pk}/lukk/'] button")
        assert _fresh(ir).state == "closed"
        results = superior.locator("main section[aria-labelledby=results-heading]")
        assert results.locator("table.ds-table").count() == len(reqs)
        assert results.locator("table caption").count() == len(reqs)
        assert "Takk for et godt år." in results.inner_text()  # the employees' group reached the threshold
        assert_accessible(superior)  # closed, with results
        _reflows(superior, f"/oppfolging/innhenting/{ir.pk}/")

        # --- The superior schedules the conversation, 7 days ahead at the earliest. --------------
        superior.goto(f"{base}samtale/")
        assert_accessible(superior)  # empty form
        too_soon = timezone.localdate() + datetime.timedelta(days=2)
        superior.locator("#id_date").fill(too_soon.isoformat())
        superior.locator("#id_time").fill("10:00")
        superior.locator("#id_place").fill("Møterom 3")
        _submit(superior)
        assert superior.locator(".ds-error-summary").is_visible()
        assert Assessment.objects.filter(agreement=agreement, conversation_at__isnull=False).count() == 0
        assert_accessible(superior)  # with a form error
        day = timezone.localdate() + datetime.timedelta(days=7)
        superior.locator("#id_date").fill(day.isoformat())
        outbox_start = len(mail.outbox)
        _submit(superior)
        assert superior.url.endswith(base)
        conversation = Assessment.objects.get(agreement=agreement).conversation_at
        assert timezone.localtime(conversation).date() == day
        invited = [m for m in mail.outbox[outbox_start:] if m.attachments]
        assert sorted(m.to[0] for m in invited) == sorted([cast.leader.email, cast.superior.email])
        assert superior.locator("main a[href$='samtale.ics']").count() == 1
        assert_accessible(superior)  # conversation scheduled

        # --- The leader writes the self-evaluation and sends it. --------------------------------
        leader.goto(base)
        with leader.expect_navigation():
            leader.locator(f"main a[href='{base}egenevaluering/']").click()
        assert_accessible(leader)  # empty form
        _submit(leader, "main form button[name=submit]")  # nothing rated: refused
        assert leader.locator("main .ds-alert[data-color=danger]").is_visible()
        assert _fresh(agreement).state == "signed"
        assert_accessible(leader)  # with an error
        names = _rate_every_requirement(leader, 1)
        for name in names:
            leader.locator(f"#comment-{name.removeprefix('rating-')}").fill("Nådd, se målingene.")
        leader.locator("#summary").fill(SUMMARY)
        _submit(leader, "main form button[name=save]")  # the draft first
        assert leader.url.endswith(f"{base}egenevaluering/")
        assert leader.locator("#summary").input_value() == SUMMARY
        assert_accessible(leader)  # filled
        _reflows(leader, f"{base}egenevaluering/")
        _submit(leader, "main form button[name=submit]")
        assert leader.url.endswith(base)
        assert _fresh(agreement).state == "self_evaluated"

        # --- The day of the conversation: the superior assesses. -------------------------------
        days_pass(agreement, 7)
        superior.goto(base)
        with superior.expect_navigation():
            superior.locator(f"main a[href='{base}vurdering/']").click()
        assert SUMMARY in superior.locator("main").inner_text()  # the self-evaluation beside the form
        assert_accessible(superior)  # empty form
        _submit(superior, "main form button[name=complete]")  # nothing rated: refused
        assert superior.locator("main .ds-alert[data-color=danger]").is_visible()
        assert _fresh(agreement).state == "self_evaluated"
        assert_accessible(superior)  # with an error
        _rate_every_requirement(superior, 2)
        superior.locator("main input[name=overall_value]").nth(3).check()
        superior.locator("#overall").fill(OVERALL)
        superior.locator("#follow_up").fill("Følg opp sykefraværet hvert kvartal.")
        _submit(superior, "main form button[name=save]")
        assert superior.locator("#overall").input_value() == OVERALL
        assert_accessible(superior)  # filled
        _reflows(superior, f"{base}vurdering/")
        _submit(superior, "main form button[name=complete]")
        assert superior.url.endswith(base)
        assert _fresh(agreement).state == "assessed"

        # --- The leader gives feedback and acknowledges; the superior acknowledges: closed. ------
        leader.goto(base)
        assert OVERALL in leader.locator("main").inner_text()
        leader.locator("#leader_feedback").fill(FEEDBACK)
        _submit(leader, f"form[action='{base}tilbakemelding/'] button")
        assert Assessment.objects.get(agreement=agreement).leader_feedback == FEEDBACK
        assert_accessible(leader)  # assessed, feedback given
        _submit(leader, f"form[action='{base}kvitter/'] button")
        assert _fresh(agreement).state == "assessed"
        assert leader.locator(f"form[action='{base}kvitter/']").count() == 0

        superior.goto(base)
        _submit(superior, f"form[action='{base}kvitter/'] button")
        assert _fresh(agreement).state == "closed"
        assert FEEDBACK in superior.locator("main").inner_text()
        assert_accessible(superior)  # closed
        leader.goto(base)
        assert leader.locator(f"form[action='{base}kvitter/']").count() == 0
        assert_accessible(leader)  # closed, the leader's view
        _reflows(leader, base)
    finally:
        leader_ctx.close()
        superior_ctx.close()


# --- a shorter variant in nynorsk and English --------------------------------------------------

@pytest.mark.parametrize("lang", ["nn", "en"])
def test_self_evaluation_and_assessment_pages_in_nynorsk_and_english(browser, server, cast, lang):
    from resultatavtaler.evaluations import services
    from resultatavtaler.evaluations.tests.conftest import days_pass

    agreement = _signed_agreement(cast, lang)
    base = f"/oppfolging/avtale/{agreement.pk}/"
    leader_ctx, leader = _context(browser, server, "leader")
    try:
        leader.goto(f"{base}egenevaluering/")
        assert leader.locator("html").get_attribute("lang") == lang
        assert_accessible(leader)
        _submit(leader, "main form button[name=submit]")
        assert leader.locator("main .ds-alert[data-color=danger]").is_visible()
        assert leader.locator("html").get_attribute("lang") == lang
        assert_accessible(leader)
        _rate_every_requirement(leader, 1)
        leader.locator("#summary").fill("Summary of the year.")
        _submit(leader, "main form button[name=submit]")
        assert _fresh(agreement).state == "self_evaluated"
        assert leader.locator("html").get_attribute("lang") == lang
        assert_accessible(leader)
    finally:
        leader_ctx.close()

    when = timezone.make_aware(datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=7),
                                                         datetime.time(9, 0)))
    services.conversation_schedule(agreement=agreement, actor=cast.superior, when=when)
    days_pass(agreement, 7)
    superior_ctx, superior = _context(browser, server, "superior")
    try:
        superior.goto(f"{base}vurdering/")
        assert superior.locator("html").get_attribute("lang") == lang
        assert_accessible(superior)
        _submit(superior, "main form button[name=complete]")
        assert superior.locator("main .ds-alert[data-color=danger]").is_visible()
        assert_accessible(superior)
        _rate_every_requirement(superior, 2)
        superior.locator("#overall").fill("A very good year.")
        _submit(superior, "main form button[name=complete]")
        assert _fresh(agreement).state == "assessed"
        assert superior.locator("html").get_attribute("lang") == lang
        assert_accessible(superior)
    finally:
        superior_ctx.close()
