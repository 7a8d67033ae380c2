"""Helpers for the browser tests: log in, switch language, check accessibility and reflow.

Import them in a test module: `from tests.e2e.helpers import login, assert_accessible`.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "korrekt-hest-batteri"  # set by the factories for every test login
LANGUAGES = ["nb", "nn", "en"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)


def login(page, username, password=PASSWORD):
    """Log in through the real login form and land on the home page."""
    page.goto("/konto/logg-inn/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "/konto/logg-inn/" not in page.url, f"login as {username!r} failed: still on {page.url}"
    return page


def switch_language(page, code):
    """Use the language switch in the header (a plain form post, no JavaScript needed)."""
    page.locator("#language-select").select_option(code)
    with page.expect_navigation():
        page.locator(".language-form button[type=submit]").click()
    assert page.locator("html").get_attribute("lang") == code
    return page


def _describe(violation):
    lines = [f"- {violation['id']} ({violation.get('impact')}): {violation['help']}  <{violation['helpUrl']}>"]
    for node in violation["nodes"][:10]:
        target = " ".join(str(t) for t in node["target"])
        lines.append(f"    at {target}: {node.get('failureSummary', '').replace(chr(10), ' ')}")
        lines.append(f"       {node['html'][:200]}")
    return "\n".join(lines)


def assert_accessible(page, *, exclude=None):
    """Run axe-core (WCAG 2.0/2.1 A and AA) on the page as it is now; fail listing every violation."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    context = {"exclude": exclude} if exclude else None
    results = Axe().run(page, context=context, options=options)
    violations = results.response["violations"]
    if violations:
        lang = page.locator("html").get_attribute("lang")
        report = "\n".join(_describe(v) for v in violations)
        pytest.fail(f"{len(violations)} accessibility violation(s) on {page.url} (lang={lang}):\n{report}",
                    pytrace=False)


def too_wide(page, width):
    """The elements (at most 8) that reach past `width`: what makes the page scroll sideways."""
    return page.evaluate(
        """(width) => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > width + 0.5)
            .slice(0, 8)
            .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                + (typeof e.className === 'string' && e.className ? '.' + e.className.split(' ').join('.') : '')
                + ' right=' + Math.round(e.getBoundingClientRect().right))""",
        width,
    )


def assert_no_horizontal_scroll(page, width):
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        wide = too_wide(page, width)
        pytest.fail(f"{page.url} scrolls sideways at {width}px: scrollWidth={scroll_width}; too wide: {wide}",
                    pytrace=False)


def axe_violations(page, *, exclude=None):
    """axe-core's WCAG 2.0/2.1 A and AA violations on the page as it is now, described one per
    line block ("" when there are none); for tests that check many pages and report all at once."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    context = {"exclude": exclude} if exclude else None
    violations = Axe().run(page, context=context, options=options).response["violations"]
    return "\n".join(_describe(v) for v in violations)


LOST_FUNCTIONS_JS = """(width) => {
  // Every visible control in main: a key naming it, and whether it is out of reach sideways
  // (outside 0..width and not inside a box that scrolls sideways, which WCAG 1.4.10 allows).
  const scrolls = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll') return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.querySelectorAll(
      'main a[href], main button, main input:not([type=hidden]), main select, main textarea, main summary')) {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    const visible = r.width > 0 && r.height > 0 && s.visibility !== 'hidden';
    if (!visible) continue;
    const key = el.tagName.toLowerCase() + ' ' + (el.getAttribute('href') || el.name || el.id
      || (el.innerText || el.value || '').trim().slice(0, 40));
    const outside = (r.left < -0.5 || r.right > width + 0.5) && !scrolls(el);
    out.push([key, outside]);
  }
  return out;
}"""


def visible_controls(page, width):
    """{key: out_of_reach} for every visible control in main."""
    return dict(page.evaluate(LOST_FUNCTIONS_JS, width))
