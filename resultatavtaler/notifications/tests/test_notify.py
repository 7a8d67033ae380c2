from pathlib import Path

import pytest
from django.core import mail
from django.test import override_settings

from resultatavtaler.notifications.models import Notification
from resultatavtaler.notifications.services import notify

TEMPLATES_DIR = Path(__file__).parent / "templates"


@pytest.mark.django_db(transaction=True)
@override_settings(TEMPLATES=[{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [TEMPLATES_DIR],
    "APP_DIRS": True,
}])
def test_notify_stores_in_app_and_mails_after_commit_in_recipient_language(cast):
    cast.leader.language = "en"
    cast.leader.save()
    notify(person=cast.leader, kind="test", template="hello", context={"what": "X"}, url="/x/")
    assert Notification.objects.filter(person=cast.leader, kind="test").count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [cast.leader.email]
    assert mail.outbox[0].subject == "Hello Live Leder about X"
