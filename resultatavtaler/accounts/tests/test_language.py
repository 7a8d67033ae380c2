"""Three languages: the choice is remembered on the Person for logged-in users (so it
survives a new login, in another browser) and in a cookie for anonymous visitors."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

PASSWORD = "korrekt-hest-batteri"
SET_LANGUAGE = "/konto/sprak/"


def page_language(response) -> str:
    match = re.search(r'<html lang="([a-z-]+)"', response.content.decode())
    assert match, "the page has no <html lang>"
    return match.group(1)


@pytest.mark.django_db
def test_bokmaal_is_the_default(client, settings):
    import config.settings as product_settings

    settings.LANGUAGE_CODE = product_settings.LANGUAGE_CODE  # the tests run in English (conftest.py)
    response = client.get(reverse("accounts:login"))
    assert page_language(response) == "nb"
    assert response["Content-Language"] == "nb"


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["nb", "nn", "en"])
def test_anonymous_choice_is_kept_in_a_cookie(client, code):
    response = client.post(SET_LANGUAGE, {"language": code, "next": "/konto/logg-inn/"})
    assert response.status_code == 302
    assert response.url == "/konto/logg-inn/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == code
    assert cookie["samesite"] == "Lax"
    assert page_language(client.get(reverse("accounts:login"))) == code


@pytest.mark.django_db
def test_the_browser_language_is_used_until_a_choice_is_made(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")
    assert page_language(response) == "en"
    client.post(SET_LANGUAGE, {"language": "nn"})
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")
    assert page_language(response) == "nn"


@pytest.mark.django_db
def test_unknown_languages_and_foreign_redirects_are_ignored(client):
    response = client.post(SET_LANGUAGE, {"language": "de", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response.url == "/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.django_db
def test_set_language_needs_post(client):
    assert client.get(SET_LANGUAGE).status_code == 405


def test_a_logged_in_choice_is_stored_on_the_person_and_survives_a_new_login(client_for, leader):
    client = client_for(leader)
    client.post(SET_LANGUAGE, {"language": "nn", "next": "/"})
    leader.refresh_from_db()
    assert leader.language == "nn"
    assert page_language(client.get(reverse("home:index"))) == "nn"

    # Another browser: no cookie, a fresh session, a real login.
    other_browser = Client()
    response = other_browser.post(reverse("accounts:login"), {"username": "leader", "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert page_language(response) == "nn"
    assert response["Content-Language"] == "nn"


def test_the_persons_language_wins_over_the_cookie_and_the_browser(client_for, leader):
    leader.language = "en"
    leader.save(update_fields=["language"])
    client = client_for(leader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nn"
    response = client.get(reverse("home:index"), HTTP_ACCEPT_LANGUAGE="nb")
    assert page_language(response) == "en"


def test_without_a_choice_the_organisations_default_language_applies(client_for, leader, organisation):
    organisation.default_language = "nn"
    organisation.save(update_fields=["default_language"])
    client = client_for(leader)
    assert page_language(client.get(reverse("home:index"))) == "nn"
    # A choice made in this browser before logging in still counts.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert page_language(client.get(reverse("home:index"))) == "en"


def test_the_language_form_is_on_every_page_and_marks_the_current_choice(client_for, leader):
    leader.language = "nn"
    leader.save(update_fields=["language"])
    html = client_for(leader).get(reverse("home:index")).content.decode()
    assert f'action="{SET_LANGUAGE}"' in html
    assert re.search(r'<option value="nn"[^>]*selected', html)
    assert not re.search(r'<option value="nb"[^>]*selected', html)
