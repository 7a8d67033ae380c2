"""What the notifications app offers to others.

`notify(...)` renders a message in the recipient's own language, stores it in the in-app list
("Varsler") and enqueues the e-mail as a background task after the surrounding transaction
commits — never sent inside a request. `send_email_to_address(...)` is for people without a
Person (e.g. an invited rater outside the organisation); it never stores anything that links
them to an answer. `notification_mark_read(...)` / `notifications_mark_all_read(...)` serve the
in-app list. Reminders (the daily `send_reminders` command) live in `reminders.py`;
`notify_agreement_published(...)` tells a unit that its leader's agreement is in force.

Templates: `<name>_subject.txt` and `<name>_body.txt` under templates/notifications/email/.
A relative `url` is stored as given (the in-app list links within the site) and made absolute
with SITE_URL for the e-mail.
"""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from resultatavtaler.core_errors import DomainError

from .models import Notification
from .tasks import send_email_task


def _language_for(person) -> str:
    return person.language or person.organisation.default_language or "nb"


def absolute_url(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url if url.startswith("/") else url


def _render(template: str, context: dict, language: str) -> tuple[str, str]:
    with translation.override(language):
        subject = render_to_string(f"notifications/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"notifications/email/{template}_body.txt", context)
    return " ".join(subject.split()), body


def _enqueue_after_commit(*, to: list[str], subject: str, body: str, attachments, language: str) -> None:
    attachments = [list(a) for a in attachments or []]  # JSON-safe task arguments
    transaction.on_commit(
        lambda: send_email_task.enqueue(
            to=to, subject=subject, body=body, attachments=attachments, language=language
        )
    )


def notify(
    *, person, kind: str, template: str, context: dict, url: str = "", attachments=None, email: bool = True
) -> Notification:
    language = _language_for(person)
    subject, body = _render(template, {**context, "recipient": person, "url": absolute_url(url)}, language)
    note = Notification.objects.create(
        organisation=person.organisation, person=person, kind=kind, subject=subject[:300], body=body, url=url
    )
    if email and person.email:
        _enqueue_after_commit(to=[person.email], subject=subject, body=body, attachments=attachments,
                              language=language)
    return note


def send_email_to_address(
    *, address: str, template: str, context: dict, language: str = "nb", attachments=None
) -> None:
    subject, body = _render(template, context, language)
    _enqueue_after_commit(to=[address], subject=subject, body=body, attachments=attachments, language=language)


# --- the in-app list -----------------------------------------------------------------------


def notification_mark_read(*, notification: Notification, actor) -> Notification:
    """Only the recipient marks their own notification; another person's is not found."""
    if actor is None or notification.person_id != actor.pk:
        raise DomainError("not found", code="not_found", status=404)
    with transaction.atomic():
        n = Notification.objects.select_for_update().get(pk=notification.pk)
        if n.read_at is None:
            n.read_at = timezone.now()
            n.save(update_fields=["read_at"])
    return n


def notifications_mark_all_read(*, actor) -> int:
    if actor is None:
        return 0
    return Notification.objects.filter(person=actor, read_at__isnull=True).update(read_at=timezone.now())


def notify_agreement_published(*, agreement, today=None) -> int:
    """Tell the members of the agreement's unit that the public parts of the version now in
    force can be read (seed: "innholdet gjøres kjent for enheten"). Idempotent per version and
    person (ReminderLog), so the agreements service may call it after the second signature
    and the daily run catches any version it has not announced."""
    from .reminders import announce_published

    return announce_published(agreement=agreement, today=today)
