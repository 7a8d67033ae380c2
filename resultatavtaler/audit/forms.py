from django import forms
from django.utils.translation import gettext_lazy as _

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


def _date_widget():
    # A native date picker sends ISO dates; typed Norwegian dates (28.11.2026) are accepted too.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditLogFilterForm(forms.Form):
    """The search on the audit log page (GET; every field optional)."""

    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("Who"), required=False, max_length=200, help_text=_("Part of a name"))
    object = forms.CharField(
        label=_("Object"),
        required=False,
        max_length=100,
        help_text=_("A type such as agreements.agreement, or an id"),
    )
    date_from = forms.DateField(
        label=_("From date"), required=False, input_formats=DATE_INPUT_FORMATS, widget=_date_widget()
    )
    date_to = forms.DateField(
        label=_("To date"), required=False, input_formats=DATE_INPUT_FORMATS, widget=_date_widget()
    )

    def __init__(self, *args, actions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("All actions"))] + [(a, a) for a in actions]
        for name in ("actor", "object", "date_from", "date_to"):
            self.fields[name].widget.attrs.setdefault("class", "ds-input")
        self.fields["action"].widget.attrs["class"] = "ds-input"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned
