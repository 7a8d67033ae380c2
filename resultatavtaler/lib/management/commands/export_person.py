"""manage.py export_person EMPLOYEE_ID --organisation ORGNR --format json|pdf --out FILE

Everything stored about one person (GDPR art. 15), for an operator answering a request on the
person's behalf. Audited as a system export. The file is created 0600: it holds personal data."""

import os

from django.core.management.base import BaseCommand, CommandError

from resultatavtaler.lib.privacy.services import FORMATS, person_data_export
from resultatavtaler.organisations.models import Person


class Command(BaseCommand):
    help = "Export everything stored about one person as JSON or PDF."

    def add_arguments(self, parser):
        parser.add_argument("employee_id")
        parser.add_argument("--organisation", required=True, help="the organisation number (9 digits)")
        parser.add_argument("--format", choices=sorted(FORMATS), default="json")
        parser.add_argument("--language", choices=["nb", "nn", "en"], default="nb", help="language of the PDF")
        parser.add_argument("--out", required=True, help="the file to write ('-' for standard output, JSON only)")

    def handle(self, *args, **opts):
        person = (
            Person.objects.select_related("organisation", "unit")
            .filter(employee_id=opts["employee_id"], organisation__org_number=opts["organisation"])
            .first()
        )
        if person is None:
            raise CommandError(
                f"No person with employee id {opts['employee_id']} in organisation {opts['organisation']}."
            )
        file = person_data_export(subject=person, actor=None, fmt=opts["format"], language=opts["language"])
        if opts["out"] == "-":
            if opts["format"] != "json":
                raise CommandError("Write a PDF to a file (--out FILE).")
            self.stdout.write(file.content.decode())
            return
        fd = os.open(opts["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(file.content)
        self.stdout.write(f"Wrote {opts['out']} ({len(file.content)} bytes, sha256 {file.sha256}).")
