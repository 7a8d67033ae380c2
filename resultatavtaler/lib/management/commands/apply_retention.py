"""manage.py apply_retention [--today YYYY-MM-DD] [--dry-run] [--only TYPE ...]

Delete the records whose retention period has run out (lib/privacy/retention.py,
docs/privacy.md). Run daily; each record type is one transaction, audited with its counts."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from resultatavtaler.lib.privacy.retention import DEFAULT_RETENTION, apply_retention


class Command(BaseCommand):
    help = "Delete records whose retention period has run out."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="the date to apply the periods from (YYYY-MM-DD); default today")
        parser.add_argument("--dry-run", action="store_true", help="count what is due, delete nothing")
        parser.add_argument("--only", nargs="+", choices=sorted(DEFAULT_RETENTION), help="only these record types")

    def handle(self, *args, **opts):
        today = None
        if opts["today"]:
            try:
                today = datetime.date.fromisoformat(opts["today"])
            except ValueError:
                raise CommandError("--today must be a date: YYYY-MM-DD") from None
        outcomes = apply_retention(today=today, dry_run=opts["dry_run"], only=opts["only"])
        verb = "due" if opts["dry_run"] else "deleted"
        for o in outcomes:
            line = f"{o.record_type}: {o.deleted} {verb} (older than {o.cutoff.isoformat()})"
            if o.postponed:
                line += f", {o.postponed} kept for now (still named by records that are kept)"
            self.stdout.write(line)
        if opts["dry_run"]:
            self.stdout.write("Dry run: nothing was deleted.")
