"""What the notifications app offers to others.

`notify(...)` renders a message in the recipient's own language, stores it in the in-app list
and enqueues the e-mail as a background task after the surrounding transaction commits — never
sent inside a request. `send_email_to_address(...)` is for people without a Person (e.g. an
invited rater outside the organisation); it never stores anything that links them to an answer.

Templates: `<name>_subject.txt` and `<name>_body.txt` under templates/notifications/email/.
"""

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .models import Notification
from .tasks import send_email_task


def _language_for(person) -> str:
    return person.language or person.organisation.default_language or "nb"


def _render(template: str, context: dict, language: str) -> tuple[str, str]:
    with translation.override(language):
        subject = render_to_string(f"notifications/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"notifications/email/{template}_body.txt", context)
    return " ".join(subject.split()), body


def notify(
    *, person, kind: str, template: str, context: dict, url: str = "", attachments=None, email: bool = True
) -> Notification:
    language = _language_for(person)
    subject, body = _render(template, {**context, "recipient": person, "url": url}, language)
    note = Notification.objects.create(
        organisation=person.organisation, person=person, kind=kind, subject=subject[:300], body=body, url=url
    )
    if email and person.email:
        to = [person.email]
        transaction.on_commit(
            lambda: send_email_task.enqueue(to=to, subject=subject, body=body, attachments=attachments or [])
        )
    return note


def send_email_to_address(
    *, address: str, template: str, context: dict, language: str = "nb", attachments=None
) -> None:
    subject, body = _render(template, context, language)
    transaction.on_commit(
        lambda: send_email_task.enqueue(to=[address], subject=subject, body=body, attachments=attachments or [])
    )
