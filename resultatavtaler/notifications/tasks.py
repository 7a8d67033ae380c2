"""Background tasks of the notifications app (django-tasks; the database backend's worker,
`manage.py db_worker`, runs them — never the request that caused them)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email_task(
    *,
    to: list[str],
    subject: str,
    body: str,
    html: str = "",
    attachments: list[tuple[str, str, str]] | None = None,
    language: str = "",
) -> None:
    """Send one e-mail. Attachments are (filename, text content, mimetype), e.g. an .ics file.
    `language` becomes the Content-Language header (RFC 3282), so mail clients and screen
    readers know the language the message was rendered in."""
    headers = {"Content-Language": language} if language else None
    msg = EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to, headers=headers
    )
    if html:
        msg.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        msg.attach(filename, content, mimetype)
    msg.send()
