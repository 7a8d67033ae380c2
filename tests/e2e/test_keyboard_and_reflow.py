"""Keyboard use, visible focus, the language switch without a mouse, and reflow at 320 CSS px."""

import pytest

from tests.e2e.helpers import PASSWORD, assert_no_horizontal_scroll, login, switch_language

pytestmark = pytest.mark.e2e

FOCUS_STYLE_JS = """() => {
  const el = document.activeElement;
  // Designsystemet draws the ring of a radio or checkbox in a .ds-field on the field around it.
  const ringed = (el.matches('input[type=radio], input[type=checkbox]') && el.closest('.ds-field')) || el;
  const s = getComputedStyle(ringed);
  return {
    tag: el.tagName.toLowerCase(), id: el.id, cls: String(el.className),
    text: (el.innerText || el.value || '').trim().slice(0, 40),
    outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0,
    boxShadow: s.boxShadow,
    // Focus inside the browser's own parts of a control (the calendar button of a date field):
    // the control is the active element but not :focus; Chromium rings that button itself.
    browserPart: !el.matches(':focus'),
  };
}"""


def focused(page):
    return page.evaluate(FOCUS_STYLE_JS)


def has_visible_focus(info):
    if info.get("browserPart"):
        return True
    outline = info["outlineStyle"] != "none" and info["outlineWidth"] > 0
    shadow = info["boxShadow"] not in ("none", "")
    return outline or shadow


def test_skip_link_comes_first_and_moves_focus_to_main(page, cast):
    login(page, "superior")
    page.goto("/organisasjon/")
    page.keyboard.press("Tab")
    first = focused(page)
    assert "skip-link" in first["cls"], f"first Tab stop is {first}"
    assert has_visible_focus(first), first
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # The next Tab continues inside main (the search field), not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "q"


@pytest.mark.parametrize(
    ("username", "path"),
    [(None, "/konto/logg-inn/"), ("leader", "/"), ("superior", "/organisasjon/"), (None, "/tilgjengelighet/")],
)
def test_every_tab_stop_shows_a_visible_focus_indicator(page, cast, username, path):
    if username:
        login(page, username)
    page.goto(path)
    seen = []
    for _ in range(60):  # round the whole page once (focus may start in an autofocus field)
        page.keyboard.press("Tab")
        info = focused(page)
        if info["tag"] == "body":
            continue  # between the last stop and the first
        key = (info["tag"], info["id"], info["cls"], info["text"])
        if key in seen:
            break
        seen.append(key)
        assert has_visible_focus(info), f"no visible focus on {info}"
    assert len(seen) >= 5, f"expected several Tab stops on {path}, got {seen}"
    assert any("skip-link" in cls for _, _, cls, _ in seen)


def tab_to(page, selector, limit=30):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(sel) => document.activeElement.matches(sel)", selector):
            return
    pytest.fail(f"Tab never reached {selector}")


@pytest.mark.parametrize(("target", "presses"), [("nn", 1), ("en", 2)])
def test_language_switch_by_keyboard_only(page, cast, target, presses):
    login(page, "employee")
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "nb"
    tab_to(page, "#language-select")
    for _ in range(presses):
        page.keyboard.press("ArrowDown")
    assert page.locator("#language-select").input_value() == target
    tab_to(page, ".language-form button[type=submit]", limit=3)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("html").get_attribute("lang") == target
    assert page.locator("#language-select").input_value() == target
    assert page.locator(f"#language-select option[value={target}]").evaluate("o => o.selected")
    # Remembered for the person: a new visit is in the same language.
    page.goto("/organisasjon/")
    assert page.locator("html").get_attribute("lang") == target


def test_language_switch_works_without_javascript(browser, server, cast):
    context = browser.new_context(base_url=server, java_script_enabled=False, locale="nb-NO")
    try:
        page = context.new_page()
        page.goto("/konto/logg-inn/")
        page.locator("#language-select").select_option("en")
        with page.expect_navigation():
            page.locator(".language-form button[type=submit]").click()
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.url.endswith("/konto/logg-inn/")
    finally:
        context.close()


PAGES = [
    (None, "/konto/logg-inn/"),
    ("leader", "/"),
    ("superior", "/"),
    ("processowner", "/"),
    ("superior", "/organisasjon/"),
    ("superior", "/organisasjon/?q=Leder"),
    (None, "/tilgjengelighet/"),
    ("leader", "/finnes-ikke/"),
]


@pytest.mark.parametrize("width", [320, 640])
def test_no_horizontal_scrolling_at_320_px_and_200_percent_zoom(browser, server, cast, width):
    """320 CSS px is 400% zoom of a 1280 px window; 640 px is 200%. Nothing may scroll sideways,
    and the header's functions stay reachable."""
    context = browser.new_context(base_url=server, locale="nb-NO", viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        current = None
        for username, path in PAGES:
            if username != current:
                context.clear_cookies()
                if username:
                    login(page, username)
                current = username
            page.goto(path)
            assert_no_horizontal_scroll(page, width)
            for selector in ["#language-select", ".language-form button", "footer a"]:
                assert page.locator(selector).first.is_visible(), f"{selector} hidden at {width}px on {path}"
            if username:
                assert page.locator("nav[aria-label] a").first.is_visible()
        # The long nynorsk/English labels wrap too.
        switch_language(page, "nn")
        assert_no_horizontal_scroll(page, width)
    finally:
        context.close()


# --- the main flow by keyboard only ---------------------------------------------------------------


class Keyboard:
    """Tab, Shift+Tab, Enter and Space only; every stop passed on the way must show its focus."""

    def __init__(self, page):
        self.page, self.stops = page, 0

    def tab_to(self, selector, *, limit=120, back=False):
        for _ in range(limit):
            self.page.keyboard.press("Shift+Tab" if back else "Tab")
            info = focused(self.page)
            if info["tag"] == "body":
                continue
            self.stops += 1
            assert has_visible_focus(info), f"no visible focus on {info} ({self.page.url})"
            if self.page.evaluate("(sel) => document.activeElement.matches(sel)", selector):
                return
        pytest.fail(f"{'Shift+Tab' if back else 'Tab'} never reached {selector} on {self.page.url}")

    def press(self, key, *, navigates=True):
        if navigates:
            with self.page.expect_navigation():
                self.page.keyboard.press(key)
        else:
            self.page.keyboard.press(key)

    def log_in(self, username):
        self.page.goto("/konto/logg-inn/")
        self.tab_to("#id_username")
        self.page.keyboard.type(username)
        self.tab_to("#id_password")
        self.page.keyboard.type(PASSWORD)
        self.press("Enter")
        assert "/konto/logg-inn/" not in self.page.url


def test_the_main_flow_by_keyboard_only(browser, server, cast):
    """The leader drafts, decides publication, shares and submits; the superior and the leader
    sign: Tab and Shift+Tab to move, Enter to follow links and press buttons, Space for a
    checkbox. No mouse, no typed URL after the login page."""
    import datetime

    from resultatavtaler.agreements import services
    from resultatavtaler.agreements.builtin import ensure_builtin_templates
    from resultatavtaler.agreements.models import Agreement

    (ad, *_rest) = ensure_builtin_templates()
    period = services.period_create(
        organisation=cast.organisation, actor=cast.process_owner, name="2026", start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31), default_template=ad.template)
    services.period_participants_refresh(period=period)

    def person(username):
        context = browser.new_context(base_url=server, locale="nb-NO", viewport={"width": 1280, "height": 900},
                                      reduced_motion="reduce")
        context.set_default_timeout(15_000)
        kb = Keyboard(context.new_page())
        kb.log_in(username)
        return context, kb

    leader_ctx, kb = person("leader")
    try:
        page = kb.page
        kb.tab_to("nav a[href='/avtaler/']")
        kb.press("Enter")
        kb.tab_to(f"main a[href='/avtaler/start/{period.pk}/']")
        kb.press("Enter")
        kb.tab_to("main form button[type=submit]")
        kb.press("Enter")
        agreement = Agreement.objects.get(leader=cast.leader, period=period)
        detail = f"/avtaler/{agreement.pk}/"
        assert page.url.endswith(detail)

        # A requirement: type the text, Space unticks "public", Shift+Tab goes back, Enter saves.
        kb.tab_to(f"main a[href='{detail}krav/ny/professional/']")
        kb.press("Enter")
        kb.tab_to("#id_text")
        page.keyboard.type("Redusere saksbehandlingstiden")
        kb.tab_to("#id_public")
        assert page.locator("#id_public").is_checked()
        page.keyboard.press("Space")
        assert not page.locator("#id_public").is_checked()
        kb.tab_to("#id_text", back=True)  # Shift+Tab back through the form to the text
        assert page.locator("#id_text").input_value() == "Redusere saksbehandlingstiden"
        kb.tab_to("main form button[type=submit]")
        kb.press("Enter")
        requirement = agreement.requirements.get(text="Redusere saksbehandlingstiden")
        assert requirement.public is False

        kb.tab_to(f"main a[href='{detail}offentlighet/']")
        kb.press("Enter")
        kb.tab_to("main form button[type=submit]")
        kb.press("Enter")
        kb.tab_to(f"form[action='{detail}handling/share/'] button")
        kb.press("Enter")
        kb.tab_to(f"form[action='{detail}handling/submit/'] button")
        kb.press("Enter")
        agreement.refresh_from_db()
        assert agreement.state == "in_review" and agreement.shared_with_unit_at is not None

        superior_ctx, boss = person("superior")
        try:
            boss.tab_to(f"main a[href^='{detail}']")  # the task on the home page
            boss.press("Enter")
            boss.tab_to(f".next-action form[action='{detail}handling/sign/'] button")
            boss.press("Enter")
        finally:
            superior_ctx.close()
        page.reload()
        kb.tab_to(f".next-action form[action='{detail}handling/sign/'] button")
        kb.press("Enter")
        agreement.refresh_from_db()
        assert agreement.state == "signed"
        assert kb.stops >= 20, kb.stops
    finally:
        leader_ctx.close()
