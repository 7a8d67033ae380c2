"""manage.py archive_export ID --out FILE.zip [--kind agreement|assessment] [--version N] [--language nb|nn|en]

Writes the archive package for the customer's Noark 5 archive: the document as PDF/A-2b and
dokumentbeskrivelse.xml (see reports/archive.py). Default kind: the closed assessment when the
agreement is closed, else the signed version in force."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from resultatavtaler.core_errors import DomainError
from resultatavtaler.reports import services
from resultatavtaler.reports.selectors import agreement_for_documents


class Command(BaseCommand):
    help = "Export a signed agreement version or a closed assessment as an archive package (PDF/A + Noark 5 XML)."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Our --version is the agreement's version, not the program's.
        kwargs.setdefault("conflict_handler", "resolve")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("agreement_id", type=int)
        parser.add_argument("--out", required=True, help="the .zip file to write")
        parser.add_argument("--kind", choices=services.ARCHIVE_KINDS, default=None)
        parser.add_argument("--version", dest="version_number", type=int, default=None)
        parser.add_argument("--language", choices=["nb", "nn", "en"], default="nb")

    def handle(self, *args, agreement_id, out, kind, version_number, language, **options):
        agreement = agreement_for_documents(agreement_id).first()
        if agreement is None:
            raise CommandError(f"No agreement {agreement_id}.")
        try:
            file = services.archive_export(
                agreement=agreement, actor=None, kind=kind, version=version_number, language=language
            )
        except DomainError as error:
            raise CommandError(error.message) from error
        Path(out).write_bytes(file.content)
        self.stdout.write(f"{out}: {len(file.content)} bytes, SHA-256 {file.sha256}")
