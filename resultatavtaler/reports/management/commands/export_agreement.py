"""manage.py export_agreement ID --format pdf|pdfa|docx --out FILE [--language nb|nn|en] [--version N|--draft]
[--public-only]

Writes one agreement as a document, as the system (an operator's command; audited)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from resultatavtaler.core_errors import DomainError
from resultatavtaler.reports import services
from resultatavtaler.reports.selectors import DRAFT, agreement_for_documents


class Command(BaseCommand):
    help = "Export a results agreement as PDF, PDF/A-2b or Word."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Our --version is the agreement's version, not the program's.
        kwargs.setdefault("conflict_handler", "resolve")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("agreement_id", type=int)
        parser.add_argument("--format", dest="fmt", choices=sorted(services.FORMATS), default="pdf")
        parser.add_argument("--out", required=True, help="the file to write")
        parser.add_argument("--language", choices=["nb", "nn", "en"], default=None)
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--version", dest="version_number", type=int, default=None,
                           help="a version number (default: the version in force, else the draft)")
        group.add_argument("--draft", action="store_true", help="the live draft")
        parser.add_argument("--public-only", action="store_true", help="the published parts only")

    def handle(self, *args, agreement_id, fmt, out, language, version_number, draft, public_only, **options):
        agreement = agreement_for_documents(agreement_id).first()
        if agreement is None:
            raise CommandError(f"No agreement {agreement_id}.")
        try:
            file = services.agreement_document_export(
                agreement=agreement,
                actor=None,
                fmt=fmt,
                language=language,
                version=DRAFT if draft else version_number,
                public_only=public_only,
            )
        except DomainError as error:
            raise CommandError(error.message) from error
        Path(out).write_bytes(file.content)
        self.stdout.write(f"{out}: {len(file.content)} bytes, SHA-256 {file.sha256}")

