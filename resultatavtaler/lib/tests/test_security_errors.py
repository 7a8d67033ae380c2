"""An unexpected error shows the generic 500 page: no traceback, no exception text, no paths
(ASVS 5.0 V13.4 / V16.5). Uses a test-only URL conf that adds one failing view."""

import pytest
from django.test import Client, override_settings
from django.urls import include, path

SECRET_DETAIL = "db-password-is-hunter2"


def _failing_view(request):
    raise RuntimeError(f"something broke: {SECRET_DETAIL}")


# The site's own URLs (included lazily) plus one view that fails.
urlpatterns = [path("test-only/fails/", _failing_view), path("", include("config.urls"))]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_an_exception_gives_the_generic_500_page_without_details(caplog):
    client = Client(raise_request_exception=False)
    response = client.get("/test-only/fails/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    assert "500.html" in [t.name for t in response.templates]
    body = response.content.decode()
    assert "Something went wrong" in body
    for leak in (SECRET_DETAIL, "RuntimeError", "Traceback", "_failing_view", ".py", "SECRET_KEY"):
        assert leak not in body, leak
    # The details go to the server's log instead.
    assert any(SECRET_DETAIL in r.getMessage() or SECRET_DETAIL in str(r.exc_info) for r in caplog.records)
    # The error page is served under the same policy as every other page.
    assert "Content-Security-Policy" in response
