from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email_task(
    *, to: list[str], subject: str, body: str, html: str = "", attachments: list[tuple[str, str, str]] | None = None
) -> None:
    """Send one e-mail. Attachments are (filename, text content, mimetype), e.g. an .ics file."""
    msg = EmailMultiAlternatives(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to)
    if html:
        msg.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        msg.attach(filename, content, mimetype)
    msg.send()
