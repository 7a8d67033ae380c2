from django.core.management.base import BaseCommand, CommandError

from resultatavtaler.agreements.services.versions import versions_verify


class Command(BaseCommand):
    help = "Check every agreement's version chain (hash of the canonical snapshot and the previous_hash links)."

    def handle(self, *args, **options):
        broken = versions_verify()
        if broken:
            for link in broken:
                self.stderr.write(f"Broken: {link}")
            raise CommandError(f"First broken link: {broken[0]}")
        self.stdout.write("All agreement version chains are intact.")
