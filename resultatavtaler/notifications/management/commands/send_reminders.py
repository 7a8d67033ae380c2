import datetime

from django.core.management.base import BaseCommand, CommandError

from resultatavtaler.notifications.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Send the day's reminders: drafts and signing due soon or overdue, self-evaluations due within 7 days, "
        "the overdue summary to process owners, input requests about to close (a fresh link to those asked by "
        "e-mail link only), agreements newly in force to "
        "their units, and the 360 reminders. Run once a day (cron or a systemd timer). Safe to run again: "
        "nothing is sent twice. Prints counts only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD).")
        parser.add_argument("--no-feedback", action="store_true", help="Leave out the 360 reminders.")

    def handle(self, *args, **options):
        today = None
        if options.get("today"):
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError("--today must be a date as YYYY-MM-DD") from exc
        counts = send_reminders(today=today, include_feedback=not options["no_feedback"])
        total = sum(counts.values())
        detail = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()) if v) or "nothing due"
        self.stdout.write(f"Reminders sent: {total} ({detail}).")
