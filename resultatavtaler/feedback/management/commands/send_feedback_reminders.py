from django.core.management.base import BaseCommand

from resultatavtaler.feedback.services import reminders_send, rounds_close_due


class Command(BaseCommand):
    help = (
        "Remind raters who have not answered an open 360 round (at most every third day), and close the "
        "rounds whose deadline has passed. Run once a day. Prints counts only — never who answered."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-close", action="store_true", help="Only send reminders; close no rounds.")

    def handle(self, *args, **options):
        closed = 0 if options["no_close"] else rounds_close_due()
        sent = reminders_send()
        self.stdout.write(f"Reminders sent: {sent}. Rounds closed after their deadline: {closed}.")
