"""The schema and the interactive documentation: served by us (no CDN), a page without
inline script or style under the strict CSP, and refusals documented as problem+json."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_the_schema_documents_problems_and_both_ways_to_authenticate(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Resultatavtaler API"
    assert {"TokenAuth", "SessionAuth"} <= set(schema["components"]["securitySchemes"])
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert {"401", "403", "404", "422", "429"} <= set(map(str, responses)), (method, path)
            for status, response in responses.items():
                if int(status) >= 400:
                    assert list(response["content"]) == ["application/problem+json"], (method, path, status)
    pdf = schema["paths"]["/api/v1/agreements/{agreement_id}/versions/{number}/pdf"]["get"]["responses"]["200"]
    assert list(pdf["content"]) == ["application/pdf"]


def test_the_docs_page_loads_only_our_own_files_and_no_inline_script(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="' in html and "<title>" in html
    assert "cdn" not in html.lower() and "http://" not in html and "https://" not in html
    assert " style=" not in html
    for tag in re.findall(r"<script[^>]*>", html):
        assert 'src="/static/' in tag or 'type="application/json"' in tag, tag
    for asset in re.findall(r'(?:src|href)="/static/([^"]+)"', html):
        assert finders.find(asset), asset
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert '"validatorUrl": null' in html  # the UI asks no outside validator


def test_a_logged_in_person_gets_the_csrf_token_for_trying_writes(cast, client_for):
    html = client_for(cast.leader).get("/api/v1/docs").content.decode()
    assert re.search(r'data-csrf-token="[A-Za-z0-9]{32,}"', html)
    assert 'data-api-csrf="true"' in html
