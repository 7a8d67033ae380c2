"""Forms of the organisations app: the HR import upload."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .importer import MAX_IMPORT_BYTES


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("HR export (CSV or Excel)"),
        help_text=_("A .csv file (comma or semicolon separated, UTF-8 or Windows-1252) or an Excel workbook (.xlsx), "
                    "at most 10 MB."),
        widget=forms.FileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )
    dry_run = forms.BooleanField(
        label=_("Preview only (dry run)"),
        required=False,
        initial=True,
        help_text=_("Shows what would change without saving anything. You can import right after a clean preview."),
    )
    partial = forms.BooleanField(
        label=_("The file holds only part of the organisation (partial import)"),
        required=False,
        help_text=_("Without this, the file is a full export: people who are not in it are marked as having left."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(max)d MB. Split it or remove unneeded columns."),
                params={"max": MAX_IMPORT_BYTES // (1024 * 1024)},
                code="too_large",
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."), code="empty")
        return upload
