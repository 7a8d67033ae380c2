import pytest
from django.conf import settings


@pytest.fixture
def english(client):
    """Pages in English, so tests can read the source texts whatever the nb/nn catalogs hold."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
