"""E-mail against a real SMTP server on loopback (aiosmtpd): the conversation invitation with
its .ics and a reminder, each in its recipient's language; and with the database task backend
nothing is sent until the worker runs."""

import datetime
import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from resultatavtaler.evaluations.services import conversation_schedule
from resultatavtaler.notifications.reminders import send_reminders

from .conftest import signed_agreement


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append((list(envelope.rcpt_tos),
                              email.message_from_bytes(envelope.content, policy=email.policy.default)))
        return "250 Message accepted for delivery"

    def to(self, address):
        return [m for rcpt, m in self.messages if address in rcpt]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield inbox
    controller.stop()


def _expected_subject(template, context, language):
    with translation.override(language):
        return " ".join(render_to_string(f"notifications/email/{template}_subject.txt", context).split())


def test_conversation_invitation_and_reminder_arrive_by_smtp_in_each_recipients_language(
    cast, current_period, smtp, django_capture_on_commit_callbacks
):
    # Without a language of their own, people get their organisation's: bokmål here.
    cast.organisation.default_language = "nb"
    cast.organisation.save(update_fields=["default_language"])
    cast.leader.language = "en"
    cast.leader.save(update_fields=["language"])
    agreement = signed_agreement(cast.leader, current_period)
    smtp.messages.clear()  # the signing e-mails
    when = timezone.make_aware(datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=21),
                                                         datetime.time(9, 30)))
    with django_capture_on_commit_callbacks(execute=True):
        conversation_schedule(agreement=agreement, actor=cast.superior, when=when, place="Møterom 3")

    for person, lang in ((cast.leader, "en"), (cast.superior, "nb")):
        (message,) = smtp.to(person.email)
        assert message["Content-Language"] == lang
        assert message["Subject"] == _expected_subject("evaluation_conversation", {"when": when}, lang)
        (ics,) = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
        assert ics.get_filename() == "vurderingssamtale.ics"
        body = ics.get_content()
        assert "BEGIN:VCALENDAR" in body and "DTSTART" in body
        text = message.get_body(preferencelist=("plain",)).get_content()
        assert "http" in text and reverse("evaluations:agreement", args=[agreement.pk]) in text

    smtp.messages.clear()
    due = when.date() - datetime.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today=due - datetime.timedelta(days=3), include_feedback=False)
    (reminder,) = smtp.to(cast.leader.email)
    assert reminder["Content-Language"] == "en"
    assert reminder["Subject"] == _expected_subject(
        "reminder_self_evaluation_due", {"period_name": current_period.name, "due": due}, "en")
    assert not list(reminder.iter_attachments())


@pytest.mark.django_db(transaction=True)
def test_with_the_database_backend_mail_waits_for_the_worker(cast, current_period, smtp, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    signed_agreement(cast.leader, current_period)
    assert smtp.messages == []  # the services only queued the e-mails
    queued = DBTaskResult.objects.count()
    assert queued >= 2
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert {a for rcpt, _m in smtp.messages for a in rcpt} >= {cast.leader.email, cast.superior.email}
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
