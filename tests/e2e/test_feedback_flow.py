"""The 360 evaluation in a real browser (issue 8): the leader starts a round and proposes
raters, the superior approves and the invitations go out, raters answer through the e-mailed
token links one area per screen (one of them by keyboard only), the round closes and the leader
reads the profile's charts and tables. A second round with too few peers shows the peer group
as hidden, with no peer figures or comments. The rater questionnaire is also checked in nynorsk
and English.

axe-core finds nothing on any page in any state, and the main pages reflow at 320 CSS px. The
answers that only fill up the groups are given through the services (the feedback tests'
`answer_all`). Assertions look at structure, URLs, the data typed in and the database, never at
hard-coded translated texts; the language is checked on <html lang>."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone, translation

from tests.e2e.helpers import assert_accessible, assert_no_horizontal_scroll, login

pytestmark = pytest.mark.e2e

TOKEN_LINK = re.compile(r"/360/svar/([A-Za-z0-9_-]{20,})/")
PEER_COMMENT_ROUND_2 = "Kommentar fra en sidestilt som ikke skal vises."
DIRECT_REPORT_COMMENT = "Gir tydelige mål og følger opp."


# --- helpers -----------------------------------------------------------------------------------

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
    """No sideways scrolling at 320 CSS px (400 % zoom of 1280), and axe still finds nothing."""
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(path)
    assert_no_horizontal_scroll(page, 320)
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def _people(cast, n, unit, prefix, language="nb"):
    from resultatavtaler.organisations.tests.factories import PersonFactory

    return [PersonFactory(organisation=cast.organisation, unit=unit, name=f"{prefix} {i}", language=language)
            for i in range(n)]


def _links(start):
    """address → path of the token link, from the e-mails sent since index `start`."""
    found = {}
    for m in mail.outbox[start:]:
        match = TOKEN_LINK.search(m.body)
        if match:
            found[m.to[0]] = match.group(0)
    return found


def _tab_to(page, selector, limit=60):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(sel) => document.activeElement.matches(sel)", selector):
            return
    pytest.fail(f"Tab never reached {selector} on {page.url}")


def _label(text, lang="nb"):
    """A label as the page shows it in `lang`: a lazy label from the code, or a msgid."""
    with translation.override(lang):
        return translation.gettext(text) if isinstance(text, str) else str(text)


def _answer_by_keyboard(page, link):
    """A rater who uses only the keyboard: Tab and Enter through the steps, arrow keys in each
    scale. Every statement gets 4."""
    page.goto(link)
    _tab_to(page, "main a.ds-button")  # Start
    with page.expect_navigation():
        page.keyboard.press("Enter")
    while page.locator("main fieldset.feedback-statement").count():
        statements = page.locator("main fieldset.feedback-statement")
        for _statement in range(statements.count()):
            _tab_to(page, "main fieldset.feedback-statement input[type=radio]")
            for _ in range(3):
                page.keyboard.press("ArrowRight")  # 1 → 4, checking as it moves
        checked = page.evaluate(
            "[...document.querySelectorAll('main fieldset.feedback-statement')]"
            ".map(f => (f.querySelector('input:checked') || {}).value)")
        assert checked == ["4"] * statements.count(), checked
        _tab_to(page, "main button[value=next]")
        with page.expect_navigation():
            page.keyboard.press("Enter")
    if page.locator("main textarea").count():  # the comments step
        _tab_to(page, "main textarea")
        page.keyboard.type("Samarbeider godt på tvers.")
        _tab_to(page, "main button[value=next]")
        with page.expect_navigation():
            page.keyboard.press("Enter")
    _tab_to(page, "main button[value=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/360/svar/takk/")


# --- the whole round in bokmål -----------------------------------------------------------------

def test_a_360_round_in_the_browser(browser, server, cast):
    from resultatavtaler.feedback.constants import RaterGroup
    from resultatavtaler.feedback.models import FeedbackRound, Invitation, LeaderProfile, Response
    from resultatavtaler.feedback.tests.helpers import answer_all
    from resultatavtaler.organisations.models import Person

    Person.objects.filter(organisation=cast.organisation).update(language="nb")
    reports = _people(cast, 3, cast.section, "Medarbeider")  # with the cast's employee: four direct reports
    peers = _people(cast, 4, cast.other_section, "Sidestilt")
    peers[2].language, peers[3].language = "nn", "en"  # the questionnaire in their languages
    for p in peers[2:]:
        p.save(update_fields=["language"])

    leader_ctx, leader = _context(browser, server, "leader")
    superior_ctx, superior = _context(browser, server, "superior")
    try:
        # --- The leader starts a round. ---------------------------------------------------------
        leader.goto("/360/")
        assert leader.locator("html").get_attribute("lang") == "nb"
        assert_accessible(leader)
        with leader.expect_navigation():
            leader.locator("main a[href='/360/ny/']").click()
        assert_accessible(leader)  # empty form
        areas = leader.locator("main input[name=areas]")
        assert areas.count() >= 7
        for i in range(areas.count()):
            areas.nth(i).uncheck()
        leader.locator("#id_deadline").fill("")
        _submit(leader)
        assert leader.locator(".ds-error-summary").is_visible()
        assert leader.locator("#id_deadline").get_attribute("aria-invalid") == "true"
        assert FeedbackRound.objects.count() == 0
        assert_accessible(leader)  # with form errors
        deadline = timezone.localdate() + datetime.timedelta(days=21)
        leader.locator("#id_deadline").fill(deadline.isoformat())
        chosen = [areas.nth(0).get_attribute("value"), areas.nth(1).get_attribute("value")]
        areas.nth(0).check()
        areas.nth(1).check()
        assert_accessible(leader)  # filled
        _submit(leader)
        fr = FeedbackRound.objects.get(leader=cast.leader)
        round_url = f"/360/runde/{fr.pk}/"
        assert leader.url.endswith(round_url)
        assert [a["code"] for a in fr.questionnaire["areas"]] == chosen
        # Self and superior invited, the direct reports proposed.
        assert set(fr.invitations.values_list("group", flat=True)) == {"self", "superior", "direct_reports"}
        assert fr.invitations.filter(group="direct_reports").count() == 4
        assert_accessible(leader)  # preparing

        # --- ... proposes peers and an outside rater, and sends the list for approval. -----------
        for p in peers:
            leader.locator("#id_p-person").select_option(str(p.pk))
            leader.locator("#id_p-group").select_option("peers")
            _submit(leader, f"main form[action='/360/runde/{fr.pk}/foresla/'] button")
        leader.locator("#id_e-email").fill("partner@etat.example")
        _submit(leader, "main form:has(#id_e-email) button")
        assert fr.invitations.filter(group="peers", state="proposed").count() == 4
        assert fr.invitations.filter(group="others", email="partner@etat.example").count() == 1
        # A person already on the list is refused with a message, and nothing changes.
        leader.locator("#id_p-person").select_option(str(cast.employee.pk))
        leader.locator("#id_p-group").select_option("peers")
        _submit(leader, f"main form[action='/360/runde/{fr.pk}/foresla/'] button")
        assert leader.locator("main .messages .ds-alert[data-color=danger]").is_visible()
        assert fr.invitations.filter(person=cast.employee).count() == 1
        assert_accessible(leader)  # with a refusal
        _submit(leader, f"main form[action='/360/runde/{fr.pk}/send-til-godkjenning/'] button")
        fr.refresh_from_db()
        assert fr.state == "awaiting_approval"
        assert_accessible(leader)  # awaiting approval

        # --- The superior approves all but the outside rater; the invitations go out. -------------
        superior.goto("/360/")
        approve_url = f"/360/runde/{fr.pk}/godkjenning/"
        with superior.expect_navigation():
            superior.locator(f"main a[href='{approve_url}']").click()
        assert superior.locator("main table.ds-table tbody tr").count() == 9  # 4 reports, 4 peers, 1 address
        assert_accessible(superior)
        outside = Invitation.objects.get(round=fr, email="partner@etat.example")
        superior.locator(f"#reject-{outside.pk}").check()
        start = len(mail.outbox)
        _submit(superior)
        assert superior.url.endswith(round_url)
        fr.refresh_from_db()
        assert fr.state == "open"
        assert Invitation.objects.get(pk=outside.pk).state == "rejected"
        links = _links(start)
        expected = {p.email for p in [cast.leader, cast.superior, cast.employee, *reports, *peers]}
        assert set(links) == expected  # the rejected address gets nothing
        assert_accessible(superior)  # open
        _reflows(superior, round_url)

        # --- A direct report answers through the link with the mouse, one area per screen. -------
        rater_ctx, rater = _context(browser, server)
        try:
            link = links[reports[0].email]
            rater.goto(link)
            assert rater.locator("html").get_attribute("lang") == "nb"
            assert rater.locator("main form").count() == 0  # the intro
            assert_accessible(rater)
            with rater.expect_navigation():
                rater.locator("main a.ds-button").click()
            for n, area in enumerate(fr.questionnaire["areas"]):
                assert rater.url.endswith(f"{link}{n + 1}/")
                assert rater.locator("main h2").count() == 1  # one area per screen
                statements = rater.locator("main fieldset.feedback-statement")
                assert statements.count() == len(area["statements"])
                if n == 0:
                    assert_accessible(rater)  # empty
                for i in range(statements.count()):
                    statements.nth(i).locator("input[type=radio]").nth(i % 5).check()
                if n == 0:
                    assert_accessible(rater)  # filled
                    # Save and continue later: the same screen, the answers kept.
                    _submit(rater, "main button[value=save]")
                    assert rater.url.endswith(f"{link}1/")
                    assert rater.locator("main .messages .ds-alert").count() == 1
                    assert rater.locator("main fieldset.feedback-statement input:checked").count() == \
                        len(area["statements"])
                    assert_accessible(rater)  # saved
                    _reflows(rater, f"{link}1/")
                _submit(rater, "main button[value=next]")
            assert rater.locator("main textarea").count() >= 1  # the comments
            assert_accessible(rater)
            rater.locator("main textarea").first.fill(DIRECT_REPORT_COMMENT)
            _submit(rater, "main button[value=next]")
            assert rater.locator("main button[value=submit]").count() == 1  # the summary before sending
            assert rater.locator("main .ds-alert[data-color=warning]").count() == 0  # everything answered
            assert_accessible(rater)
            _submit(rater, "main button[value=submit]")
            assert rater.url.endswith("/360/svar/takk/")
            assert_accessible(rater)
            # The link works once; an unknown link is not found. Both say why.
            assert rater.goto(link).status == 410
            assert rater.locator("main form").count() == 0
            assert_accessible(rater)
            assert rater.goto("/360/svar/dette-er-ikke-en-gyldig-lenke-123/").status == 404
            assert_accessible(rater)
        finally:
            rater_ctx.close()
        assert Response.objects.filter(round=fr).count() == 1

        # --- A peer answers by keyboard only. -------------------------------------------------
        keyboard_ctx, keyboard = _context(browser, server)
        try:
            _answer_by_keyboard(keyboard, links[peers[0].email])
        finally:
            keyboard_ctx.close()
        response = Response.objects.get(round=fr, group="peers")
        assert set(response.answers.values()) == {4}

        # --- The questionnaire in nynorsk and English, by the invitation's language. -------------
        for person, lang in ((peers[2], "nn"), (peers[3], "en")):
            ctx, page = _context(browser, server)
            try:
                page.goto(links[person.email])
                assert page.locator("html").get_attribute("lang") == lang
                assert_accessible(page)
                with page.expect_navigation():
                    page.locator("main a.ds-button").click()
                assert page.locator("html").get_attribute("lang") == lang
                assert page.locator("main fieldset.feedback-statement").count() >= 1
                assert_accessible(page)
            finally:
                ctx.close()

        # The rest answer through the services: enough in every group but "others".
        answer_all(fr, RaterGroup.SELF, 4)
        answer_all(fr, RaterGroup.SUPERIOR, 3)
        answer_all(fr, RaterGroup.PEERS, [3, 4, 5])
        answer_all(fr, RaterGroup.DIRECT_REPORTS, [4, 5], comments=["Lytter til innspill."])

        # --- The leader closes the round and reads the profile. ---------------------------------
        leader.goto(round_url)
        _submit(leader, f"main form[action='/360/runde/{fr.pk}/lukk/'] button")
        fr.refresh_from_db()
        assert fr.state == "closed"
        profile_url = f"/360/runde/{fr.pk}/profil/"
        assert leader.locator(f"main a[href='{profile_url}']").count() == 1
        assert_accessible(leader)  # closed
        with leader.expect_navigation():
            leader.locator(f"main .ds-alert a[href='{profile_url}']").click()
        profile = LeaderProfile.objects.get(round=fr)
        shown = {g["group"] for g in profile.data["groups"] if g["shown"]}
        assert {"self", "superior", "peers", "direct_reports"} <= shown
        main = leader.locator("main")
        charts = main.locator("svg.feedback-chart")
        assert charts.count() == 1 + len(chosen)  # the overview and one per area
        for i in range(charts.count()):
            assert charts.nth(i).get_attribute("role") == "img"
            assert charts.nth(i).locator("title").first.text_content().strip()
        overview = main.locator("section.feedback-profile__overview table")
        header = [t.strip() for t in overview.locator("thead th").all_inner_texts()]
        assert _label(RaterGroup.PEERS.label) in header and _label(RaterGroup.DIRECT_REPORTS.label) in header
        assert overview.locator("tbody tr").count() == len(chosen)
        assert DIRECT_REPORT_COMMENT in main.inner_text()
        assert_accessible(leader)
        _reflows(leader, profile_url)
    finally:
        leader_ctx.close()
        superior_ctx.close()


# --- a second round with too few peers ---------------------------------------------------------

def test_a_group_with_too_few_answers_is_hidden_in_the_profile(browser, server, cast):
    from resultatavtaler.feedback import services
    from resultatavtaler.feedback.constants import RaterGroup
    from resultatavtaler.feedback.models import FeedbackRound, LeaderProfile
    from resultatavtaler.feedback.tests.helpers import answer_all
    from resultatavtaler.organisations.models import Person

    Person.objects.filter(organisation=cast.organisation).update(language="nb")
    _people(cast, 3, cast.section, "Medarbeider")
    peers = _people(cast, 5, cast.other_section, "Sidestilt")
    leader = Person.objects.get(pk=cast.leader.pk)
    superior = Person.objects.get(pk=cast.superior.pk)

    def a_round(peer_count):
        fr = services.round_start(leader=leader, actor=leader,
                                  deadline=timezone.localdate() + datetime.timedelta(days=14))
        for p in peers[:peer_count]:
            services.invitation_propose(feedback_round=fr, actor=leader, group=RaterGroup.PEERS, person=p)
        services.round_submit_raters(feedback_round=fr, actor=leader)
        services.round_approve_raters(feedback_round=fr, actor=superior)
        return FeedbackRound.objects.get(pk=fr.pk)

    # The first round: every group large enough.
    first = a_round(4)
    answer_all(first, RaterGroup.SELF, 4)
    answer_all(first, RaterGroup.SUPERIOR, 4)
    answer_all(first, RaterGroup.PEERS, 4)
    answer_all(first, RaterGroup.DIRECT_REPORTS, 4)
    services.round_close(feedback_round=first, actor=leader)

    # The second: two peers answer, under the threshold of three.
    second = a_round(2)
    answer_all(second, RaterGroup.SELF, 5)
    answer_all(second, RaterGroup.SUPERIOR, 3)
    answer_all(second, RaterGroup.PEERS, 1, comments=[PEER_COMMENT_ROUND_2])
    answer_all(second, RaterGroup.DIRECT_REPORTS, [4, 5], comments=["Gode medarbeidersamtaler."])

    leader_ctx, page = _context(browser, server, "leader")
    try:
        round_url = f"/360/runde/{second.pk}/"
        page.goto(round_url)
        _submit(page, f"main form[action='{round_url}lukk/'] button")
        profile = LeaderProfile.objects.get(round=second)
        groups = {g["group"]: g for g in profile.data["groups"]}
        assert groups["peers"]["shown"] is False and groups["direct_reports"]["shown"] is True

        page.goto(f"{round_url}profil/")
        main = page.locator("main")
        peers_label, not_shown = _label(RaterGroup.PEERS.label), _label("Not shown")
        # The page says the peer group is hidden ...
        who = main.locator("section.feedback-profile__groups table")
        peer_row = who.locator("tbody tr").filter(has=page.locator(f"th:text-is('{peers_label}')"))
        assert peer_row.locator("td").inner_text().strip() == not_shown
        # ... and shows no peer column, figure or comment anywhere.
        for table in main.locator("section.feedback-profile__overview table, "
                                  "section.feedback-profile__area table").all():
            assert peers_label not in [t.strip() for t in table.locator("thead th").all_inner_texts()]
        for chart in main.locator("svg.feedback-chart").all():
            assert peers_label not in chart.text_content()
        assert PEER_COMMENT_ROUND_2 not in main.inner_text()
        assert "Gode medarbeidersamtaler." in main.inner_text()  # the direct reports are shown
        assert_accessible(page)
        _reflows(page, f"{round_url}profil/")
        # The first round's profile still shows its peers.
        page.goto(f"/360/runde/{first.pk}/profil/")
        overview = main.locator("section.feedback-profile__overview table")
        assert peers_label in [t.strip() for t in overview.locator("thead th").all_inner_texts()]
    finally:
        leader_ctx.close()
