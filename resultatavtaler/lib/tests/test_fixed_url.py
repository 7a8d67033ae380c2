"""`fixed_url` remembers `reverse()` of the page frame's and the menu's URLs, and answers as
`reverse()` does under another script prefix (an installation under a sub-path) and another URL
configuration."""

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, path, reverse, set_script_prefix

from resultatavtaler.lib import navigation
from resultatavtaler.lib.views import accessibility_statement

NAMES = ["home:index", "accounts:logout", "accounts:set_language", "organisations:tree", "privacy:mine"]
urlpatterns = [path("bare/tilgjengelighet/", accessibility_statement, name="accessibility_statement")]


def test_it_answers_as_reverse_and_asks_reverse_once(monkeypatch):
    navigation._fixed_url.cache_clear()
    assert [navigation.fixed_url(name) for name in NAMES] == [reverse(name) for name in NAMES]
    asked = []
    monkeypatch.setattr(navigation, "reverse", lambda *a, **k: asked.append(a) or "/asked/")
    assert [navigation.fixed_url(name) for name in NAMES] == [reverse(name) for name in NAMES]
    assert asked == []


def test_another_script_prefix_is_another_url():
    try:
        set_script_prefix("/resultatavtaler/")
        assert navigation.fixed_url("home:index") == reverse("home:index") == "/resultatavtaler/"
    finally:
        set_script_prefix("/")
    assert navigation.fixed_url("home:index") == "/"


def test_another_url_configuration_is_asked_anew():
    assert navigation.fixed_url("accessibility_statement") == "/tilgjengelighet/"
    with override_settings(ROOT_URLCONF=__name__):
        assert navigation.fixed_url("accessibility_statement") == "/bare/tilgjengelighet/"
        with pytest.raises(NoReverseMatch):
            navigation.fixed_url("home:index")


@pytest.mark.django_db
def test_the_page_frame_links_where_it_did(client_for, leader):
    html = client_for(leader).get(reverse("accessibility_statement")).content.decode()
    for name in NAMES:
        assert f'="{reverse(name)}"' in html
