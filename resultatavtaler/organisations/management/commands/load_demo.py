"""`manage.py load_demo`: the fictional demo ministries, then each app's demo data on top.

Idempotent: run it as often as you like; a second run writes nothing. Every step runs in its
own transaction. Because it creates logins with a published password, it refuses to run with
DEBUG off unless --force.
"""

import importlib
import importlib.util

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from resultatavtaler.organisations import demo

# Apps that may add demo data (agreements, evaluations, 360 rounds) through
# `resultatavtaler.<app>.demo.load(demo_orgs)`, in this order.
DEMO_APPS = ("agreements", "evaluations", "feedback")


def app_demo_loaders() -> list[tuple[str, object]]:
    """The `demo` modules that exist, as (app, module)."""
    loaders = []
    for app in DEMO_APPS:
        name = f"resultatavtaler.{app}.demo"
        if importlib.util.find_spec(name) is not None:
            loaders.append((app, importlib.import_module(name)))
    return loaders


class Command(BaseCommand):
    help = (
        "Load the fictional demo ministries (KRD-like and UFD-like) with units, about 420 persons and "
        f"demo logins (password {demo.DEMO_PASSWORD!r}), then the other apps' demo data. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off. The demo logins share a published password: never in production.",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "load_demo creates logins with a published password and refuses to run with DEBUG off. "
                "Use DEBUG=1 (as `make demo` does) or --force if you really mean it."
            )
        with transaction.atomic():
            demo_orgs = demo.load()
        self.stdout.write(demo_orgs.summary())
        for app, module in app_demo_loaders():
            with transaction.atomic():
                result = module.load(demo_orgs)
            self.stdout.write(f"{app}: {result}" if result else f"{app}: loaded")
        self.stdout.write(self.style.SUCCESS("Demo data loaded. `manage.py demo_logins` lists the logins."))
