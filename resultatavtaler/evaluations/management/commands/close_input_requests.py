from django.core.management.base import BaseCommand

from resultatavtaler.evaluations.services import input_requests_close_due


class Command(BaseCommand):
    help = "Close every input request whose deadline has passed and freeze its results (run daily)."

    def handle(self, *args, **options):
        n = input_requests_close_due()
        self.stdout.write(f"Closed {n} input request(s).")
