"""Every page of the product passes axe-core (WCAG 2.0/2.1 A and AA) in bokmål, nynorsk and
English, in each state: empty, filled and with form errors; and at 320 CSS px (400 % zoom) and
640 CSS px (200 % zoom) no page scrolls sideways and no control of the page is lost.

The pages are the URL patterns of config.urls, enumerated from Django's resolver:
`test_every_page_is_checked` fails when a pattern is neither in FILLED (checked here) nor in
EXEMPT (with the reason). So a new page cannot escape the check: add it to FILLED (and to EMPTY
and ERRORS where it has such a state), or say in EXEMPT why it is no page.

Each test builds its data once (tests/e2e/worlds.py) and walks its pages in the three
languages, collecting every problem before it fails, so one run names them all.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.helpers import LANGUAGES, axe_violations, login, too_wide, visible_controls

pytestmark = pytest.mark.e2e

# --- which URL patterns are pages ---------------------------------------------------------------

# Whole parts of the URL space that are no page of the product, with the reason.
EXEMPT_PREFIXES = {
    "django-admin/": "Django's own admin site, for the operators' technical staff, not a page of the product "
                     "(its access rules: accounts/tests/test_admin.py)",
    "api/v1/": "the integration API answers JSON to machines (api/tests); its schema page is django-ninja's "
               "Swagger UI",
}
# Files, not pages: downloads the browser saves (their content is tested in their apps).
DOWNLOAD_SUFFIXES = (".pdf", ".xlsx", ".docx", ".zip", ".csv", ".ics", ".<str:fmt>")
# Single URL patterns that render no page of their own.
EXEMPT = {
    "accounts:logout": "an action: POST ends the session and redirects to the login page",
    "accounts:set_language": "an action: POST remembers the language and redirects back "
                             "(test_keyboard_and_reflow.py switches language by keyboard)",
    "set_language": "Django's language view: POST and redirect, the product's own switch is accounts:set_language",
    "javascript-catalog": "JavaScript (the translation catalogue), not a page",
    "reports:document_job_download": "a file download (the document a background job made)",
}


def _walk(patterns, prefix="", namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(x for x in (namespace, p.namespace) if x) or None
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        else:
            assert isinstance(p, URLPattern)
            yield prefix + str(p.pattern), (f"{namespace}:{p.name}" if namespace and p.name else p.name)


def _post_actions() -> set[str]:
    """The URL patterns that only take a POST and redirect (the permission matrix says so with
    method="POST" and checks the redirect for each person)."""
    from resultatavtaler.accounts.tests.test_permission_matrix import MATRIX

    return {name for name, row in MATRIX.items() if row.method == "POST"}


def why_exempt(route: str, name: str | None) -> str | None:
    for prefix, reason in EXEMPT_PREFIXES.items():
        if route.startswith(prefix):
            return reason
    if route.endswith(DOWNLOAD_SUFFIXES):
        return "a file download"
    if name in EXEMPT:
        return EXEMPT[name]
    if name in _post_actions():
        return "an action: POST and a redirect (permission matrix)"
    return None


# --- the pages, by state ------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    name: str
    who: str | None  # the login (tests' cast usernames), None: anonymous
    query: str = ""
    status: int = 200
    key: str = ""  # the world's kwargs under another key than the URL name

    def url(self, world) -> str:
        kwargs = world.kwargs.get(self.key or self.name)
        return reverse(self.name, kwargs=kwargs) + self.query


# With content: every page of the product.
FILLED = [
    Page("home:index", "leader"),
    Page("home:index", "superior"),
    Page("home:index", "employee"),
    Page("home:index", "processowner"),
    Page("accounts:login", None),
    Page("accounts:password_change", "leader"),
    Page("organisations:tree", "superior"),
    Page("organisations:tree", "superior", query="?q=Leder"),
    Page("organisations:import", "processowner"),
    Page("organisations:import_job", "processowner"),
    Page("agreements:list", "leader"),
    Page("agreements:start", "leader3"),
    Page("agreements:start_for", "processowner"),
    Page("agreements:to_review", "director"),
    Page("agreements:unit", "employee"),
    Page("agreements:alignment", "superior"),
    Page("agreements:detail", "leader"),
    Page("agreements:detail", "employee"),
    Page("agreements:review", "director"),
    Page("agreements:renegotiate", "leader3"),
    Page("agreements:history", "superior"),
    Page("agreements:changes", "superior"),
    Page("agreements:diff", "superior"),
    Page("agreements:section_edit", "otherleader"),
    Page("agreements:publication", "otherleader"),
    Page("agreements:requirement_add", "otherleader"),
    Page("agreements:requirement_edit", "otherleader"),
    Page("agreements:indicator_add", "otherleader"),
    Page("agreements:indicator_edit", "otherleader"),
    Page("agreements:admin", "processowner"),
    Page("agreements:period_new", "processowner"),
    Page("agreements:period_detail", "processowner"),
    Page("agreements:goals", "superior"),
    Page("agreements:goal_edit", "superior"),
    Page("agreements:common_requirements", "processowner"),
    Page("agreements:common_requirement_edit", "processowner"),
    Page("agreements:templates", "processowner"),
    Page("agreements:template_edit", "processowner"),
    Page("agreements:advice_settings", "processowner"),
    Page("api:tokens", "admin"),
    Page("audit:log", "admin"),
    Page("feedback:index", "leader"),
    Page("feedback:start", "director"),
    Page("feedback:overview", "processowner"),
    Page("feedback:bank", "processowner"),
    Page("feedback:round", "otherleader"),
    Page("feedback:approve", "superior"),
    Page("feedback:profile", "leader"),
    Page("feedback:plan", "leader"),
    Page("feedback:answer", None),
    Page("feedback:answer_step", None),
    Page("feedback:thanks", None),
    Page("feedback:answer_invitation", "leader"),
    Page("feedback:answer_invitation_step", "leader"),
    Page("evaluations:index", "leader"),
    Page("evaluations:agreement", "leader"),
    Page("evaluations:agreement", "superior"),
    Page("evaluations:self_evaluation", "leader3"),
    Page("evaluations:conversation", "superior"),
    Page("evaluations:assessment", "superior"),
    Page("evaluations:measurements", "leader"),
    Page("evaluations:measurements_import", "leader"),
    Page("evaluations:input_request_new", "superior"),
    Page("evaluations:midyear", "superior"),
    Page("evaluations:input_request", "superior"),
    Page("evaluations:answer", None),
    Page("evaluations:answer_thanks", None),
    Page("evaluations:answer_invitation", "employee"),
    Page("evaluations:pay_summary", "superior"),
    Page("evaluations:pay_summary_for", "director"),
    Page("evaluations:scales", "processowner"),
    Page("reports:document_job", "leader"),
    Page("accessibility_statement", None),
    Page("overview:index", "processowner"),
    Page("notifications:list", "superior"),
    Page("library:index", "leader"),
    Page("library:share_list", "leader"),
    Page("library:detail", "leader"),
    Page("guide:index", "processowner"),
    Page("guide:unit", "processowner"),
    Page("privacy:mine", "leader"),
    Page("privacy:people", "admin"),
    Page("privacy:person", "admin"),
    Page("privacy:exemptions", "leader"),
]

# Before anything is made: the lists with nothing in them and the blank forms.
EMPTY = [
    Page("home:index", "leader"),
    Page("home:index", "employee"),
    Page("agreements:list", "employee"),
    Page("agreements:to_review", "superior"),
    Page("agreements:unit", "employee"),
    Page("agreements:alignment", "superior"),
    Page("agreements:detail", "leader"),
    Page("agreements:history", "leader"),
    Page("agreements:section_edit", "leader"),
    Page("agreements:publication", "leader"),
    Page("agreements:requirement_add", "leader"),
    Page("agreements:period_detail", "processowner"),
    Page("agreements:goals", "superior"),
    Page("agreements:common_requirements", "processowner"),
    Page("api:tokens", "admin"),
    Page("feedback:index", "leader"),
    Page("feedback:start", "leader"),
    Page("feedback:overview", "processowner"),
    Page("evaluations:index", "leader"),
    Page("overview:index", "processowner"),
    Page("overview:index", "processowner", query="?q=finnes-ikke-zzz"),
    Page("notifications:list", "employee"),
    Page("library:index", "leader", query="?q=finnes-ikke-zzz"),
    Page("library:share_list", "leader"),
    Page("organisations:tree", "superior", query="?q=finnes-ikke-zzz"),
    Page("privacy:mine", "employee"),
    Page("privacy:exemptions", "leader"),
    Page("audit:log", "admin", query="?q=finnes-ikke-zzz"),
]


# --- visiting -----------------------------------------------------------------------------------


class Visitor:
    """One browser context per login, made once; the language is each person's setting (and
    the invitations' for token links), changed in the database between the passes."""

    def __init__(self, browser, server):
        self.browser, self.server, self.pages = browser, server, {}

    def page(self, who, width=1280):
        if who not in self.pages:
            context = self.browser.new_context(base_url=self.server, locale="nb-NO",
                                               viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
            context.set_default_timeout(15_000)
            page = context.new_page()
            if who:
                login(page, who)
            self.pages[who] = page
        page = self.pages[who]
        if page.viewport_size["width"] != width:
            page.set_viewport_size({"width": width, "height": 900})
        return page

    def speak(self, lang):
        from resultatavtaler.feedback.models import Invitation
        from resultatavtaler.organisations.models import Person

        Person.objects.update(language=lang)
        Invitation.objects.update(language=lang)
        anonymous = self.pages.get(None)
        if anonymous is not None:
            anonymous.context.add_cookies([{"name": "resultatavtaler_language", "value": lang, "url": self.server}])
        self.lang = lang

    def close(self):
        for page in self.pages.values():
            page.context.close()


def _open(visitor, spec, world, problems, width=1280):
    page = visitor.page(spec.who, width)
    if spec.who is None:
        visitor.speak(visitor.lang)  # the cookie for a context made just now
    url = spec.url(world)
    response = page.goto(url)
    where = f"{url} as {spec.who or 'anonymous'} ({visitor.lang}, {width}px)"
    if response.status != spec.status:
        problems.append(f"{where}: status {response.status}, expected {spec.status}")
        return None, where
    if not page.url.endswith(url):
        problems.append(f"{where}: redirected to {page.url}")
        return None, where
    lang = page.locator("html").get_attribute("lang")
    if lang != visitor.lang:
        problems.append(f"{where}: <html lang={lang}>")
    if page.locator("h1").count() != 1:
        problems.append(f"{where}: {page.locator('h1').count()} h1 elements")
    return page, where


FORM_WITH_INPUT_JS = """() => [...document.querySelectorAll('main form')]
  .filter(f => (f.getAttribute('method') || 'get').toLowerCase() === 'post')
  .some(f => f.querySelector('textarea, input[type=text], input[type=date], input[type=number], '
    + 'input[type=email], input[type=file], input[type=password], input[type=time], input:not([type])'))"""


def check_pages(visitor, world, specs, problems, *, languages=LANGUAGES):
    for lang in languages:
        visitor.speak(lang)
        for spec in specs:
            page, where = _open(visitor, spec, world, problems)
            if page is None:
                continue
            if lang == "nb" and spec.name not in ERRORS and spec.name not in ERRORS_ELSEWHERE \
                    and page.evaluate(FORM_WITH_INPUT_JS):
                problems.append(f"{where}: a form to fill in, but its error state is checked nowhere: "
                                "add it to ERRORS (or to ERRORS_ELSEWHERE, naming the test)")
            found = axe_violations(page)
            if found:
                problems.append(f"{where}:\n{found}")


def check_reflow(visitor, world, specs, problems, widths=(320, 640)):
    """At 320 CSS px (400 % of 1280) and 640 (200 %): no sideways scrolling, and every control
    visible at 1280 px is still visible and within reach."""
    visitor.speak("nb")
    for spec in specs:
        page, where = _open(visitor, spec, world, problems)
        if page is None:
            continue
        wide = visible_controls(page, 1280)
        for width in widths:
            page, where = _open(visitor, spec, world, problems, width)
            if page is None:
                continue
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                problems.append(f"{where}: scrolls sideways, scrollWidth={scroll_width}; too wide: "
                                f"{too_wide(page, width)}")
            narrow = visible_controls(page, width)
            lost = sorted(set(wide) - set(narrow))
            if lost:
                problems.append(f"{where}: controls hidden at this width: {lost}")
            unreachable = sorted(key for key, outside in narrow.items() if outside)
            if unreachable:
                problems.append(f"{where}: controls outside the viewport: {unreachable}")
        visitor.page(spec.who, 1280)


def _fail(problems):
    if problems:
        pytest.fail(f"{len(problems)} problem(s):\n" + "\n".join(problems), pytrace=False)


# --- the tests ------------------------------------------------------------------------------------


def test_every_page_is_checked():
    """Every URL pattern is a page in FILLED or exempt with a reason; nothing is listed that is
    no pattern any more."""
    routes = list(_walk(get_resolver().url_patterns))
    unnamed = [route for route, name in routes if not name and not why_exempt(route, name)]
    assert not unnamed, f"name these URL patterns: {unnamed}"
    names = {name for route, name in routes if not why_exempt(route, name)}
    listed = {p.name for p in FILLED}
    missing = sorted(names - listed)
    assert not missing, (
        f"new pages without an accessibility check: {missing}. Add them to FILLED in "
        "tests/e2e/test_every_page.py (and to EMPTY / ERRORS where they have that state), or to EXEMPT with a reason."
    )
    known = {name for _route, name in routes}
    stale = sorted(({p.name for p in FILLED + EMPTY} | set(ERRORS) | set(EXEMPT)) - known)
    assert not stale, f"these entries name no URL pattern any more: {stale}"
    # The exemptions stay few and explained.
    assert all(reason.strip() for reason in EXEMPT.values())
    assert len(EXEMPT) <= 8


def test_every_page_filled_in_three_languages(browser, server, cast):
    from tests.e2e.worlds import filled_world

    world = filled_world(cast)
    visitor, problems = Visitor(browser, server), []
    try:
        check_pages(visitor, world, FILLED, problems)
    finally:
        visitor.close()
    _fail(problems)


def test_every_page_filled_reflows_at_320_and_640_px(browser, server, cast):
    from tests.e2e.worlds import filled_world

    world = filled_world(cast)
    visitor, problems = Visitor(browser, server), []
    try:
        check_reflow(visitor, world, FILLED, problems)
    finally:
        visitor.close()
    _fail(problems)


def test_every_page_empty_in_three_languages(browser, server, cast):
    from tests.e2e.worlds import empty_world

    world = empty_world(cast)
    visitor, problems = Visitor(browser, server), []
    try:
        check_pages(visitor, world, EMPTY, problems)
        check_reflow(visitor, world, EMPTY, problems, widths=(320,))
    finally:
        visitor.close()
    _fail(problems)


# --- forms with errors ----------------------------------------------------------------------------

ERROR_SHOWN = ".ds-error-summary, main .ds-alert[data-color=danger], main [aria-invalid=true]"


@dataclass(frozen=True)
class Broken:
    """Submit the page's form so that it is refused: `fill` maps a selector to a value (""
    clears a field), `script` runs in the page (a tampered form), then the button `submit` is
    pressed. `key` names the world's kwargs when they differ from the URL name's."""

    who: str | None
    fill: tuple[tuple[str, str], ...] = ()
    submit: str = "main form button[type=submit]"
    script: str = ""
    key: str = ""


STACKED = "main form.form-stack[novalidate] button[type=submit]"
# A level that is not on the scale: only a tampered form can send it.
TAMPER = """() => {
    const r = document.querySelector('main form input[type=radio]');
    r.value = '99';
    r.checked = true; }"""

ERRORS: dict[str, Broken] = {
    "accounts:login": Broken(None, (("#id_username", ""), ("#id_password", ""))),
    "accounts:password_change": Broken("leader"),
    "organisations:import": Broken("processowner", submit=STACKED),
    "agreements:detail": Broken("otherleader", submit="main form.comment-form button", key="agreements:detail:draft"),
    "agreements:review": Broken("director", submit="main form.comment-form button"),
    "agreements:renegotiate": Broken("leader3", (("main form textarea", ""),), submit=STACKED),
    "agreements:section_edit": Broken("otherleader", (("#id_text", "linje\n" * 60),)),
    "agreements:requirement_add": Broken("otherleader"),
    "agreements:requirement_edit": Broken("otherleader", (("#id_text", ""),)),
    "agreements:indicator_add": Broken("otherleader"),
    "agreements:indicator_edit": Broken("otherleader", (("#id_text", ""),)),
    "agreements:period_new": Broken("processowner"),
    "agreements:period_detail": Broken("processowner", (("#id_name", ""),), submit=STACKED),
    "agreements:goals": Broken("superior", submit=STACKED),
    "agreements:goal_edit": Broken("superior", (("#id_title", ""),)),
    "agreements:common_requirements": Broken("processowner", submit=STACKED),
    "agreements:common_requirement_edit": Broken("processowner", (("#id_text", ""),)),
    "agreements:template_edit": Broken("processowner", (("main input[name$=title_nb]", ""),),
                                       submit="main form[novalidate] button[type=submit]"),
    "api:tokens": Broken("admin"),
    "feedback:start": Broken("director", (("#id_deadline", ""),)),
    "feedback:bank": Broken("processowner", submit="main form.form-stack.prose button[type=submit]"),
    "feedback:round": Broken("otherleader", (("#id_e-email", "ikke-en-adresse"),),
                             submit="main form:has(#id_e-email) button"),
    "feedback:plan": Broken("leader", submit="main form.form-stack button[type=submit]"),
    "evaluations:measurements": Broken("leader", (("#id_value", "seks"),),
                                       submit="form.form-stack[novalidate] button[type=submit]"),
    "evaluations:measurements_import": Broken("leader", submit=STACKED),
    "evaluations:input_request_new": Broken("superior", (("#id_deadline", "2020-01-01"),)),
    "evaluations:midyear": Broken("superior", (("#id_date", ""),)),
    "evaluations:conversation": Broken("superior", (("#id_date", "2020-01-01"),), submit=STACKED),
    "evaluations:answer": Broken(None, script=TAMPER),
    "evaluations:answer_invitation": Broken("employee", script=TAMPER),
    "evaluations:scales": Broken("processowner", submit=STACKED),
    "privacy:exemptions": Broken("leader", script="""() => {
        const form = document.querySelector('main section.exemption form');
        form.querySelector('select').value = 'offl_13_other';
        form.querySelector('input[name$=basis_text]').value = ''; }""",
                                 submit="main section.exemption form button[type=submit]"),
}

# Forms whose refused state is checked elsewhere in all three languages, or that refuse nothing.
ERRORS_ELSEWHERE = {
    "evaluations:self_evaluation": "test_evaluation_flow.py (nothing rated: refused; nb, nn, en)",
    "evaluations:assessment": "test_evaluation_flow.py (nothing rated: refused; nb, nn, en)",
    "evaluations:agreement": "test_pages_accessible.py::test_empty_feedback_to_the_superior_is_refused_by_the_field "
                             "(the leader's feedback to the superior, empty: refused; nb, nn, en)",
    "evaluations:pay_summary": "free-text notes for the pay talks: every input is kept (cut at the maximum length)",
}


def test_every_form_with_errors_in_three_languages(browser, server, cast):
    from tests.e2e.worlds import filled_world

    world = filled_world(cast)
    visitor, problems = Visitor(browser, server), []
    try:
        for lang in LANGUAGES:
            visitor.speak(lang)
            for name, broken in ERRORS.items():
                spec = Page(name, broken.who, key=broken.key)
                page, where = _open(visitor, spec, world, problems)
                if page is None:
                    continue
                # The server's refusal is what is checked: no browser-side validation first.
                page.evaluate("document.querySelectorAll('main form').forEach(f => { f.noValidate = true; })")
                for selector, value in broken.fill:
                    page.locator(selector).first.fill(value)
                if broken.script:
                    page.evaluate(broken.script)
                try:
                    with page.expect_navigation():
                        page.locator(broken.submit).first.click()
                except PlaywrightError as exc:
                    problems.append(f"{where}: submitting {broken.submit} failed: {str(exc).splitlines()[0]}")
                    continue
                if page.locator(ERROR_SHOWN).count() == 0:
                    problems.append(f"{where}: the form was not refused (now {page.url})")
                    continue
                if page.locator("html").get_attribute("lang") != lang:
                    problems.append(f"{where}: the refusal is not in {lang}")
                found = axe_violations(page)
                if found:
                    problems.append(f"{where} with errors:\n{found}")
    finally:
        visitor.close()
    _fail(problems)
