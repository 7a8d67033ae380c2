"""`manage.py generate_scale --persons N [--seed S]`: the benchmark's data set (bench/scale.py)."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Generate a realistic, deterministic data set of N persons for the benchmark (docs/performance.md)."

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, required=True, help="200000 for the whole state")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--history-years", type=int, default=2, help="closed years before the current one")

    def handle(self, *args, persons, seed, history_years, **options):
        from bench.scale import generate

        if persons < 30:
            raise CommandError("--persons must be at least 30.")
        try:
            stats = generate(persons=persons, seed=seed, history_years=history_years, log=self.stdout.write)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        for label, n in sorted(stats.counts.items()):
            self.stdout.write(f"{label:40} {n:>10,}")
        self.stdout.write(self.style.SUCCESS(f"Generated in {stats.seconds:.1f} s."))
