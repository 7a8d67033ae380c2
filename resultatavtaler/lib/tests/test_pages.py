"""The public accessibility statement and the error pages."""

import pytest
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import path


@pytest.mark.django_db
def test_accessibility_statement_is_public(client):
    response = client.get("/tilgjengelighet/")
    assert response.status_code == 200
    assert "<h1>Tilgjengelighetserklæring</h1>" in response.text or "<h1>Accessibility statement</h1>" in response.text
    assert "uutilsynet.no" in response.text


@pytest.mark.django_db
def test_footer_links_to_the_configured_statement(client, settings):
    settings.ACCESSIBILITY_STATEMENT_URL = "https://uustatus.no/nb/erklaringer/publisert/example"
    response = client.get("/konto/logg-inn/")
    assert 'href="https://uustatus.no/nb/erklaringer/publisert/example"' in response.text


@pytest.mark.django_db
def test_unknown_page_gives_the_product_404_page(client, settings):
    settings.DEBUG = False
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    assert 'class="site-header"' in response.text
    assert "404" in response.text


def _boom(request):
    raise RuntimeError("secret detail from the database")


urlpatterns = [path("boom/", _boom)]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_server_error_page_has_no_traceback(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "secret detail" not in response.text
    assert "Traceback" not in response.text
    assert "500" in response.text


def test_500_template_renders_without_request_or_context_processors():
    html = render_to_string("500.html")  # no request: exactly how Django's server_error renders it
    assert "<main" in html and "<h1>" in html
