"""The main flows on the demo data, in a real browser, against the product served from its own
process (tests/e2e/demo_server.py: `manage.py load_demo`, DEBUG off), with the demo logins:

- bokmål: `leder2` drafts her agreement, shares it with the unit and submits it; her
  superior `ekspedisjonssjef` comments on `leder`'s agreement in review and signs it and
  `leder2`'s, and the leaders sign; `ansatt` sees the published parts of `leder`'s agreement
  and nothing else; `leder` self-evaluates, `ekspedisjonssjef` schedules the conversation
  and assesses; a 360 round of `leder2` goes through the token links of the e-mails to the
  leader's profile; the process owner's overview;
- nynorsk: `oa-ekspsjef` comments on `oa-leder`'s agreement and signs, `oa-leder` signs,
  self-evaluates, and is assessed;
- English: `ekspedisjonssjef` self-evaluates her own agreement and `departementsrad`
  assesses it; the process owner's overview.

axe-core finds nothing on the pages met on the way. The tests share one demo server and run
in the order of this file (each flow uses its own people and agreements). Assertions look at
structure, URLs, the data typed in and the demo data (read from the server's SQLite file),
never at translated texts; the language is checked on <html lang>."""

from __future__ import annotations

import datetime
import email
import re
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.utils import timezone

from tests.e2e.helpers import assert_accessible, login, switch_language

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "demo-passord-2026"
SERVER = Path(__file__).with_name("demo_server.py")
START_TIMEOUT = 420  # migrate and load_demo on a busy two-core machine


class Demo:
    def __init__(self, url, db, maildir):
        self.url, self.db, self.maildir = url, db, maildir

    def query(self, sql, *params):
        with sqlite3.connect(f"file:{self.db}?mode=ro", uri=True) as con:
            return con.execute(sql, params).fetchall()

    def mails(self):
        """Every e-mail sent so far: (file name, recipient, plain-text body)."""
        out = []
        for path in sorted(self.maildir.iterdir()):
            for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if not raw.strip():
                    continue
                msg = email.message_from_bytes(raw.lstrip(b"\n"))
                part = next((p for p in msg.walk() if p.get_content_type() == "text/plain"), None)
                body = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8") if part else ""
                out.append((path.name, msg["To"], body))
        return out

    def days_pass(self, agreement_pk, days):
        result = subprocess.run([sys.executable, str(SERVER), "days-pass", str(self.db), str(agreement_pk), str(days)],
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0 and "OK" in result.stdout, result.stderr[-2000:]


@pytest.fixture(scope="module")
def demo(tmp_path_factory, browser):
    tmp = tmp_path_factory.mktemp("demo")
    maildir = tmp / "mail"
    maildir.mkdir()
    proc = subprocess.Popen([sys.executable, str(SERVER), "serve", str(tmp / "demo.sqlite3"), str(maildir)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    ready, lines = threading.Event(), []

    def read():
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("READY "):
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        if not ready.wait(START_TIMEOUT):
            pytest.fail("the demo server did not start:\n" + "".join(lines[-40:]), pytrace=False)
        url = next(line.split()[1] for line in lines if line.startswith("READY "))
        yield Demo(url, tmp / "demo.sqlite3", maildir)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


class People:
    """One browser context per demo login, in the language the flow asks for."""

    def __init__(self, browser, demo):
        self.browser, self.demo, self.pages = browser, demo, {}

    def __call__(self, username, lang="nb"):
        if username not in self.pages:
            context = self.browser.new_context(base_url=self.demo.url, locale="nb-NO",
                                               viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
            context.set_default_timeout(20_000)
            page = context.new_page()
            if username:
                login(page, username, DEMO_PASSWORD)
            self.pages[username] = page
        page = self.pages[username]
        if page.locator("html").get_attribute("lang") != lang:
            page.goto("/")
            switch_language(page, lang)  # remembered on the person
        return page

    def close(self):
        for page in self.pages.values():
            page.context.close()


@pytest.fixture
def people(browser, demo):
    p = People(browser, demo)
    yield p
    p.close()


def _submit(page, selector="main form button[type=submit]"):
    with page.expect_navigation():
        page.locator(selector).first.click()


def _click(page, selector):
    with page.expect_navigation():
        page.locator(selector).first.click()


def _lang(page, lang):
    assert page.locator("html").get_attribute("lang") == lang, page.url


def _agreement_of(demo, username, period="2026"):
    (pk,) = demo.query(
        "SELECT a.id FROM agreements_agreement a JOIN organisations_person p ON p.id = a.leader_id "
        "JOIN auth_user u ON u.id = p.user_id JOIN agreements_period pe ON pe.id = a.period_id "
        "WHERE u.username = ? AND pe.name = ?", username, period)[0]
    return pk


def _state(demo, pk):
    return demo.query("SELECT state FROM agreements_agreement WHERE id = ?", pk)[0][0]


def _signed_by(demo, pk):
    """The roles that have signed the agreement's latest version (and not been voided)."""
    return {role for (role,) in demo.query(
        "SELECT s.role FROM agreements_signature s JOIN agreements_agreementversion v ON v.id = s.version_id "
        "WHERE v.agreement_id = ? AND s.voided_at IS NULL AND v.number = "
        "(SELECT max(number) FROM agreements_agreementversion WHERE agreement_id = ?)", pk, pk)}


def _rate_every_requirement(page, index):
    names = page.evaluate(
        "[...new Set([...document.querySelectorAll('main input[type=radio][name^=\"rating-\"]')].map(e => e.name))]")
    assert names, f"no rating fields on {page.url}"
    for name in names:
        page.locator(f"main input[name='{name}']").nth(index).check()


# --- the flows ------------------------------------------------------------------------------------


def review_and_sign(demo, people, *, leader, superior, lang, comment):
    """The superior comments on a requirement of the leader's agreement in review and signs;
    the leader reads the comment and signs: the agreement is in force."""
    pk = _agreement_of(demo, leader)
    detail = f"/avtaler/{pk}/"
    assert _state(demo, pk) == "in_review"
    boss = people(superior, lang)
    boss.goto("/avtaler/til-godkjenning/")
    _lang(boss, lang)
    assert_accessible(boss)
    _click(boss, f"main a[href^='{detail}']")
    boss.goto(f"{detail}gjennomgang/")
    assert_accessible(boss)
    box = boss.locator("main textarea[id^=comment-]").first
    box.fill(comment)
    _submit(boss, f"#{box.get_attribute('id').replace('comment-', 'requirement-')} form.comment-form button")
    assert boss.locator("main").get_by_text(comment).count() >= 1
    leader_signed_first = "leader" in _signed_by(demo, pk)  # leder signed before sending, in the demo
    _submit(boss, f".next-action form[action='{detail}handling/sign/'] button")
    assert "superior" in _signed_by(demo, pk)
    me = people(leader, lang)
    me.goto(detail)
    _lang(me, lang)
    assert me.locator("main").get_by_text(comment).count() >= 1  # the comment, in its context
    if not leader_signed_first:
        sign = me.locator(f".next-action form[action='{detail}handling/sign/'] button")
        assert sign.count() == 1, me.locator("main").inner_text()[:3000]
        _submit(me, f".next-action form[action='{detail}handling/sign/'] button")
    assert _state(demo, pk) == "signed"
    assert_accessible(me)
    return pk


def self_evaluate_and_assess(demo, people, *, leader, superior, lang, pk):
    """The leader rates each requirement and sends the self-evaluation; the superior schedules
    the conversation a week ahead; on its day the superior assesses and completes."""
    base = f"/oppfolging/avtale/{pk}/"
    me = people(leader, lang)
    me.goto(base)
    _lang(me, lang)
    assert_accessible(me)
    _click(me, f"main a[href='{base}egenevaluering/']")
    assert_accessible(me)
    _rate_every_requirement(me, 1)
    me.locator("#summary").fill("Oppsummering av året / summary of the year.")
    _submit(me, "main form button[name=submit]")
    assert me.url.endswith(base)
    assert _state(demo, pk) == "self_evaluated"

    boss = people(superior, lang)
    boss.goto(f"{base}samtale/")
    _lang(boss, lang)
    assert_accessible(boss)
    day = timezone.localdate() + datetime.timedelta(days=7)  # the server's day (Europe/Oslo)
    boss.locator("#id_date").fill(day.isoformat())
    boss.locator("#id_time").fill("10:00")
    boss.locator("#id_place").fill("Møterom 3")
    _submit(boss)
    assert boss.url.endswith(base), boss.url
    assert boss.locator(f"main a[href='{base}samtale.ics']").count() == 1
    demo.days_pass(pk, 7)  # the day of the conversation
    boss.goto(f"{base}vurdering/")
    assert_accessible(boss)
    _rate_every_requirement(boss, 2)
    boss.locator("#overall").fill("Et godt år / a good year.")
    _submit(boss, "main form button[name=complete]")
    assert boss.url.endswith(base), boss.url
    assert _state(demo, pk) == "assessed"
    assert_accessible(boss)
    me.goto(base)
    assert "Et godt år / a good year." in me.locator("main").inner_text()
    assert_accessible(me)


def test_bokmal_draft_share_submit_review_sign_and_what_the_employee_sees(demo, people):
    # leder2 drafts her agreement (a draft with no requirements in the demo), shares it, submits.
    pk = _agreement_of(demo, "leder2")
    detail = f"/avtaler/{pk}/"
    leader = people("leder2")
    leader.goto("/avtaler/")
    assert_accessible(leader)
    _click(leader, f"main a[href='{detail}']")
    _lang(leader, "nb")
    assert_accessible(leader)
    _click(leader, "main a[href*='/krav/ny/']")
    leader.locator("#id_text").fill("Ferdigstille beregningene for inntektssystemet innen 1. oktober")
    leader.locator("#id_evaluation_method").fill("Beregningene er levert til avdelingen")
    leader.locator("#id_indicator_text").fill("Levert innen fristen")
    leader.locator("#id_indicator_deadline").fill("2026-10-01")
    _submit(leader)
    assert leader.url.split("#")[0].endswith(detail)
    assert leader.locator("main").get_by_text("Ferdigstille beregningene for inntektssystemet").count() >= 1
    leader.goto(f"{detail}offentlighet/")
    _submit(leader)
    _submit(leader, f"form[action='{detail}handling/share/'] button")
    assert demo.query("SELECT shared_with_unit_at FROM agreements_agreement WHERE id = ?", pk)[0][0]
    _submit(leader, f"form[action='{detail}handling/submit/'] button")
    assert _state(demo, pk) == "in_review"
    assert_accessible(leader)

    # The superior comments on leder's agreement and signs it, then signs leder2's; both sign.
    signed = review_and_sign(demo, people, leader="leder", superior="ekspedisjonssjef", lang="nb",
                             comment="Godt formulerte krav. Husk delmål til sommeren.")
    boss = people("ekspedisjonssjef")
    boss.goto(detail)
    _submit(boss, f".next-action form[action='{detail}handling/sign/'] button")
    leader.goto(detail)
    _submit(leader, f".next-action form[action='{detail}handling/sign/'] button")
    assert _state(demo, pk) == "signed"

    # ansatt (in leder's section) sees the published requirements of leder's agreement only.
    rows = demo.query("SELECT text, public FROM agreements_requirement WHERE agreement_id = ?", signed)
    public = [text for text, flag in rows if flag]
    private = [text for text, flag in rows if not flag]
    assert public and private, rows
    employee = people("ansatt")
    employee.goto("/avtaler/min-enhet/")
    main = employee.locator("main")
    for text in public:
        assert main.get_by_text(text, exact=False).count() >= 1, text
    for text in private:
        assert main.get_by_text(text, exact=False).count() == 0, text
    assert main.get_by_text("Godt formulerte krav").count() == 0  # comments are not published
    assert_accessible(employee)


def test_bokmal_self_evaluation_and_assessment(demo, people):
    pk = _agreement_of(demo, "leder")
    if _state(demo, pk) == "in_review":  # when run alone
        review_and_sign(demo, people, leader="leder", superior="ekspedisjonssjef", lang="nb", comment="Godt.")
    self_evaluate_and_assess(demo, people, leader="leder", superior="ekspedisjonssjef", lang="nb", pk=pk)


def test_nynorsk_review_sign_self_evaluation_and_assessment(demo, people):
    pk = review_and_sign(demo, people, leader="oa-leder", superior="oa-ekspsjef", lang="nn",
                         comment="Gode krav. Hugs delmål til sommaren.")
    self_evaluate_and_assess(demo, people, leader="oa-leder", superior="oa-ekspsjef", lang="nn", pk=pk)


def test_english_self_evaluation_and_assessment(demo, people):
    pk = _agreement_of(demo, "ekspedisjonssjef")
    assert _state(demo, pk) == "signed"
    self_evaluate_and_assess(demo, people, leader="ekspedisjonssjef", superior="departementsrad", lang="en", pk=pk)


TOKEN = re.compile(r"/360/svar/([A-Za-z0-9_-]{20,})/")


def _answer_through_the_link(page, link):
    """A rater opens the e-mailed link (no login), answers every statement, one area per
    screen, writes a comment and sends."""
    page.goto(link)
    assert page.locator("main form").count() == 0  # the introduction first
    _click(page, "main a.ds-button")
    while page.locator("main fieldset.feedback-statement").count():
        for statement in page.locator("main fieldset.feedback-statement").all():
            statement.locator("input[type=radio]").nth(3).check()
        _submit(page, "main button[value=next]")
    if page.locator("main textarea").count():
        page.locator("main textarea").first.fill("Tydelig og tilgjengelig leder.")
        _submit(page, "main button[value=next]")
    _submit(page, "main button[value=submit]")
    assert page.url.endswith("/360/svar/takk/"), page.url


def test_bokmal_360_round_through_token_links(demo, people, browser):
    leader = people("leder2")
    leader.goto("/360/")
    assert_accessible(leader)
    _click(leader, "main a[href='/360/ny/']")
    areas = leader.locator("main input[name=areas]")
    for i in range(areas.count()):
        if i < 2:
            areas.nth(i).check()
        else:
            areas.nth(i).uncheck()
    leader.locator("#id_deadline").fill((timezone.localdate() + datetime.timedelta(days=21)).isoformat())
    _submit(leader)
    round_url = re.search(r"/360/runde/\d+/", leader.url).group(0)
    round_pk = int(round_url.strip("/").split("/")[-1])
    assert_accessible(leader)
    # Three peers from the neighbouring section, then the list goes to the superior.
    peers = demo.query(
        "SELECT p.id, p.email FROM organisations_person p JOIN organisations_unit u ON u.id = p.unit_id "
        "WHERE u.code = 'KOMM-OKO' AND p.user_id IS NULL ORDER BY p.id LIMIT 3")
    for person_pk, _email in peers:
        leader.locator("#id_p-person").select_option(str(person_pk))
        leader.locator("#id_p-group").select_option("peers")
        _submit(leader, f"main form[action='{round_url}foresla/'] button")
    _submit(leader, f"main form[action='{round_url}send-til-godkjenning/'] button")
    assert_accessible(leader)

    sent_before = {name for name, _to, _body in demo.mails()}
    boss = people("ekspedisjonssjef")
    boss.goto(f"{round_url}godkjenning/")
    assert_accessible(boss)
    _submit(boss)
    assert demo.query("SELECT state FROM feedback_feedbackround WHERE id = ?", round_pk)[0][0] == "open"
    links = {}
    for name, to, body in demo.mails():
        found = TOKEN.search(body)
        if name not in sent_before and found:
            links[to] = found.group(0)
    emails = {e for _pk, e in peers}
    assert emails <= set(links), (emails, set(links))
    direct = demo.query(
        "SELECT i.email, p.email FROM feedback_invitation i LEFT JOIN organisations_person p ON p.id = i.person_id "
        "WHERE i.round_id = ? AND i.\"group\" = 'direct_reports'", round_pk)
    report_links = [links[p_email or i_email] for i_email, p_email in direct if (p_email or i_email) in links]
    assert len(report_links) >= 3

    context = browser.new_context(base_url=demo.url, locale="nb-NO")
    context.set_default_timeout(20_000)
    try:
        rater = context.new_page()
        for n, link in enumerate([links[e] for e in sorted(emails)] + report_links[:3]):
            _answer_through_the_link(rater, link)
            if n == 0:
                assert_accessible(rater)  # the thanks page
                assert rater.goto(link).status == 410  # a link works once
    finally:
        context.close()
    answered = demo.query("SELECT count(*) FROM feedback_response WHERE round_id = ?", round_pk)[0][0]
    assert answered == 6

    leader.goto(round_url)
    _submit(leader, f"main form[action='{round_url}lukk/'] button")
    assert demo.query("SELECT state FROM feedback_feedbackround WHERE id = ?", round_pk)[0][0] == "closed"
    leader.goto(f"{round_url}profil/")
    charts = leader.locator("main svg.feedback-chart[role=img]")
    assert charts.count() == 1 + 2  # the overview and one per chosen area
    assert "Tydelig og tilgjengelig leder." in leader.locator("main").inner_text()
    assert_accessible(leader)


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_process_owner_overview(demo, people, lang):
    page = people("prosessansvarlig", lang)
    page.goto("/oversikt/")
    _lang(page, lang)
    assert page.locator("svg.overview-chart[role=img]").count() == 1
    leaders = [name for (name,) in demo.query(
        "SELECT p.name FROM agreements_agreement a JOIN organisations_person p ON p.id = a.leader_id "
        "JOIN agreements_period pe ON pe.id = a.period_id "
        "JOIN organisations_organisation o ON o.id = pe.organisation_id "
        "WHERE pe.name = '2026' AND o.org_number = '999100007'")]
    text = page.locator("main").inner_text()
    assert leaders and all(name in text for name in leaders), leaders
    assert_accessible(page)
    page.goto("/oversikt/?overdue=on&sort=-name")
    _lang(page, lang)
    assert_accessible(page)
