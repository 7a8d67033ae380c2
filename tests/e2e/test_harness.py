"""The browser-test tools themselves: they do catch what they are meant to catch."""

import pytest

from tests.e2e.helpers import assert_accessible, assert_no_horizontal_scroll

pytestmark = pytest.mark.e2e


def test_assert_accessible_reports_a_violation(page):
    page.set_content('<html lang="nb"><title>t</title><body><main><img src="x.png"></main></body></html>')
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_accessible(page)
    assert "image-alt" in str(failure.value)
    assert "<img" in str(failure.value)


def test_assert_no_horizontal_scroll_reports_the_wide_element(page):
    page.set_viewport_size({"width": 320, "height": 600})
    page.set_content('<html lang="nb"><body><div id="wide">x</div></body></html>')
    page.locator("#wide").evaluate("e => e.style.width = '900px'")
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_no_horizontal_scroll(page, 320)
    assert "div#wide" in str(failure.value)


def test_vendored_styles_and_font_load_from_the_server(page):
    page.goto("/konto/logg-inn/")
    button = page.locator("main button[type=submit]")
    # Designsystemet's primary button: the Digdir theme's accent colour.
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(0, 98, 186)"
    assert page.evaluate("document.fonts.check('16px Inter')")
    page.evaluate("document.fonts.ready")
    loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert any(family.strip('"') == "Inter" for family in loaded), loaded
    assert page.locator("script[src*='htmx.min.js']").count() == 1
    assert page.evaluate("typeof htmx") == "object"
    # htmx is configured not to inject its own <style> (a CSP without 'unsafe-inline' would block it).
    assert page.locator("style").count() == 0
