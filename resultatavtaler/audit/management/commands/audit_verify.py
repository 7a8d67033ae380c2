"""`manage.py audit_verify`: walk the hash chain; name the first broken link and exit 1."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from resultatavtaler.audit.models import AuditEvent
from resultatavtaler.audit.services import audit_verify


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; exits non-zero and names the first broken event."

    def handle(self, *args, **options):
        broken = audit_verify()
        if broken is not None:
            when = timezone.localtime(broken.created_at).isoformat(timespec="seconds")
            raise CommandError(
                f"Audit chain broken at event id={broken.pk}, time={when}, action={broken.action}: "
                "its hash or its link to the previous event does not match."
            )
        count = AuditEvent.objects.count()
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {count} events verified."))
