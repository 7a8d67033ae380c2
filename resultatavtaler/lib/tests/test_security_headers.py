"""Response headers: a strict Content-Security-Policy, no sniffing, no framing, a same-origin
referrer, and personal pages never cached (ASVS 5.0 V3.4, V14.3)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PACKAGE_DIR = Path(settings.BASE_DIR) / "resultatavtaler"


def _directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part}


def test_every_page_carries_the_strict_content_security_policy(client):
    response = client.get(reverse("accounts:login"))
    directives = _directives(response)
    assert directives == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_no_sniffing_no_framing_same_origin_referrer(client):
    response = client.get(reverse("accounts:login"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_for_a_logged_in_person_are_never_stored(leader, client_for):
    client = client_for(leader)
    for url in (reverse("home:index"), reverse("organisations:tree")):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


def test_the_response_that_logs_someone_in_or_out_is_not_stored(client, leader):
    response = client.post(reverse("accounts:login"), {"username": "leader", "password": "korrekt-hest-batteri"})
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]
    response = client.post(reverse("accounts:logout"))
    assert "no-store" in response["Cache-Control"]


def test_a_public_page_for_an_anonymous_visitor_may_be_cached(client):
    response = client.get(settings.ACCESSIBILITY_STATEMENT_URL)
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+=", re.I)
JS_URL = re.compile(r"href=\"javascript:", re.I)
TEMPLATE_COMMENT = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.S)


def _not_for_browsers(path) -> bool:
    """PDF sources (WeasyPrint) and e-mails never reach a browser under our policy. By name:
    `*_pdf.html`, `*_document.html` (a document rendered to PDF/Word), or under `pdf/` or `email/`."""
    return path.stem.endswith(("_pdf", "_document")) or "pdf" in path.parts or "email" in path.parts


def test_no_template_relies_on_inline_script_or_style():
    """The policy above has no 'unsafe-inline': anything inline would silently not work."""
    offenders = []
    for path in sorted(PACKAGE_DIR.glob("**/templates/**/*.html")):
        if _not_for_browsers(path):
            continue
        text = TEMPLATE_COMMENT.sub("", path.read_text(encoding="utf-8"))
        for name, pattern in (
            ("inline <script>", INLINE_SCRIPT),
            ("inline style", INLINE_STYLE),
            ("on* handler", INLINE_HANDLER),
            ("javascript: URL", JS_URL),
        ):
            if pattern.search(text):
                offenders.append(f"{path.relative_to(PACKAGE_DIR)}: {name}")
    assert offenders == []
