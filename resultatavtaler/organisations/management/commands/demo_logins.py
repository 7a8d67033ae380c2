"""`manage.py demo_logins`: the demo logins as a table (what `make demo` prints before serving)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from resultatavtaler.organisations import demo


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return [line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)]


class Command(BaseCommand):
    help = "List the demo logins (role, username, name, unit), the shared demo password and the URL."

    def handle(self, *args, **options):
        rows = []
        for spec, person in demo.login_rows():
            if person is None:
                continue
            unit = f"{person.unit.code} {person.unit.name}" if person.unit else ""
            rows.append([spec.username, f"{spec.role_nb} / {spec.role_en}", person.name, unit])
        if not rows:
            raise CommandError("There are no demo logins. Run `manage.py load_demo` first.")
        ministries = "; ".join(f"{m.id_prefix} = {m.name}" for m in demo.MINISTRIES)
        url = settings.SITE_URL.rstrip("/") + demo.DEMO_URL_PATH
        out = [
            "",
            "Demo-innlogginger / demo logins",
            "",
            *_table(["Brukernavn / username", "Rolle / role", "Navn / name", "Enhet / unit"], rows),
            "",
            *(
                f"{label:<35}{value}"
                for label, value in (
                    ("Departementer / ministries:", ministries),
                    ("Lederkjede / chain of command:", "departementsrad -> ekspedisjonssjef -> leder -> ansatt"),
                    ("Passord / password (alle / all):", demo.DEMO_PASSWORD),
                    ("Adresse / URL:", url),
                )
            ),
            "",
        ]
        if not settings.DEBUG:
            out.append("Note: DEBUG is off. Demo logins share a published password; remove them outside a demo.")
        self.stdout.write("\n".join(out))
