"""manage.py import_org FILE --organisation ORGNR [--dry-run] [--partial] [--language nb|nn|en]

Imports an HR export (CSV or XLSX, see docs/import.md) into an organisation's units and people,
through the same service as the upload page. Exits non-zero when the file has errors; then
nothing is written.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from resultatavtaler.organisations.constants import Language
from resultatavtaler.organisations.importer import MAX_IMPORT_BYTES, ImportSource, organisation_import
from resultatavtaler.organisations.models import Organisation


class Command(BaseCommand):
    help = "Import units and people from an HR export (CSV or XLSX) into an organisation."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The HR export: .csv (comma or semicolon) or .xlsx")
        parser.add_argument("--organisation", required=True, help="The organisation number (9 digits)")
        parser.add_argument("--dry-run", action="store_true", help="Only report what would change")
        parser.add_argument(
            "--partial",
            action="store_true",
            help="The file holds only part of the organisation: do not deactivate people missing from it",
        )
        parser.add_argument(
            "--language",
            choices=Language.values,
            help="Language of the report (default: the organisation's default language)",
        )

    def handle(self, *args, **options):
        try:
            organisation = Organisation.objects.get(org_number=options["organisation"].strip())
        except Organisation.DoesNotExist:
            raise CommandError(f"No organisation has the organisation number {options['organisation']}.") from None
        with translation.override(options["language"] or organisation.default_language):
            self._import(organisation, options)

    def _import(self, organisation, options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("The file %(path)s does not exist.") % {"path": path})
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise CommandError(
                _("The file is larger than %(max)d MB. Split it or remove unneeded columns.")
                % {"max": MAX_IMPORT_BYTES // (1024 * 1024)}
            )
        report = organisation_import(
            organisation=organisation,
            rows_source=ImportSource(data=path.read_bytes(), filename=path.name),
            dry_run=options["dry_run"],
            actor=None,
            partial=options["partial"],
        )
        write = self.stdout.write
        heading = _("Dry run (nothing was saved)") if report.dry_run else _("Import")
        write(f"{heading}: {path.name} → {organisation.name}")
        if report.file_details:
            write(", ".join(f"{v}" for v in report.file_details.values()))
        write(_("Rows read: %(rows)d") % {"rows": report.rows})
        if report.ok:
            write(_("Persons: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
                    "%(deactivated)d deactivated")
                  % {"created": report.persons_created, "updated": report.persons_updated,
                     "unchanged": report.persons_unchanged, "deactivated": report.persons_deactivated})
            write(_("Units: %(created)d created, %(updated)d updated, %(unchanged)d unchanged")
                  % {"created": report.units_created, "updated": report.units_updated,
                     "unchanged": report.units_unchanged})
            if options["verbosity"] >= 2:
                for change in report.changes:
                    write(f"  {change.kind} {change.key} {change.name}: {change.action_label}"
                          + (f" ({change.detail})" if change.detail else ""))
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(warning))
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            count = len(report.errors)
            raise CommandError(
                ngettext(
                    "%(count)d error; nothing was saved. Correct the file and run the import again.",
                    "%(count)d errors; nothing was saved. Correct the file and run the import again.",
                    count,
                )
                % {"count": count}
            )
        if report.all_unchanged:
            write(self.style.SUCCESS(_("Everything is already up to date.")))
        elif not report.dry_run:
            write(self.style.SUCCESS(_("The import is saved.")))
