"""CSRF: a form posted without its token is refused with 403 and a friendly page that tells
the person to reload and try again (ASVS 5.0 V3.5)."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_client():
    # English: the page's text is checked below (nb and nn come from the translation catalogs).
    return Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")


def _assert_friendly_refusal(response):
    assert response.status_code == 403
    assert "csrf_failure.html" in [t.name for t in response.templates]
    body = response.content.decode()
    assert "reload the page and try again" in body
    assert "cookie not set" not in body and "token" not in body.split("<main")[1]  # no reason given away


def test_login_without_a_token_is_refused(strict_client, leader):
    response = strict_client.post(
        reverse("accounts:login"), {"username": "leader", "password": "korrekt-hest-batteri"}
    )
    _assert_friendly_refusal(response)
    assert "_auth_user_id" not in strict_client.session


def test_logout_without_a_token_is_refused_and_keeps_the_session(strict_client, leader):
    strict_client.force_login(leader.user, backend="resultatavtaler.accounts.backends.PersonModelBackend")
    response = strict_client.post(reverse("accounts:logout"))
    _assert_friendly_refusal(response)
    assert strict_client.get(reverse("home:index")).status_code == 200


def test_language_change_without_a_token_is_refused(strict_client, leader):
    strict_client.force_login(leader.user, backend="resultatavtaler.accounts.backends.PersonModelBackend")
    leader.language = "en"
    leader.save()
    response = strict_client.post(reverse("accounts:set_language"), {"language": "nn", "next": "/"})
    _assert_friendly_refusal(response)
    leader.refresh_from_db()
    assert leader.language == "en"


def test_the_refusal_page_is_in_the_persons_language(strict_client, leader):
    strict_client.force_login(leader.user, backend="resultatavtaler.accounts.backends.PersonModelBackend")
    leader.language = "nn"
    leader.save()
    response = strict_client.post(reverse("accounts:logout"))
    assert response.status_code == 403
    assert '<html lang="nn"' in response.content.decode()


def test_the_same_forms_work_with_the_token(strict_client, leader):
    strict_client.get(reverse("accounts:login"))
    token = strict_client.cookies["csrftoken"].value
    response = strict_client.post(
        reverse("accounts:login"),
        {"username": "leader", "password": "korrekt-hest-batteri", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    token = strict_client.cookies["csrftoken"].value  # rotated at login
    response = strict_client.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
