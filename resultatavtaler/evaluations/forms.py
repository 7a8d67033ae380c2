"""Forms of the evaluation pages. Ratings per requirement are read by the views from fields
named `rating-<id>` and `comment-<id>`, since the requirements differ per agreement."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resultatavtaler.organisations.models import Person, Unit

from .importer import parse_value


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


def _people(organisation) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        queryset=Person.objects.filter(organisation=organisation, is_active=True).select_related("unit")
        .order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )


class ConversationForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    time = forms.TimeField(label=_("Time"), widget=TimeInput())
    minutes = forms.IntegerField(label=_("Duration in minutes"), min_value=15, max_value=480, initial=60)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)

    def when(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"]))


class LeaderFeedbackForm(forms.Form):
    """The leader's feedback to the superior (KRD template: "Forventninger til
    ekspedisjonssjef"). An empty or blank text is refused: saving nothing says nothing."""

    leader_feedback = forms.CharField(
        label=_("Expectations of and feedback to your superior"),
        widget=forms.Textarea(attrs={"rows": 4, "class": "eval-textarea"}),
        error_messages={"required": _("Write your feedback to the superior before you save it.")},
    )

    def __init__(self, *args, **kwargs):
        # The id the page has always had (links and the browser tests find the field by it).
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)


class MeasurementForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"))
    date = forms.DateField(label=_("Date"), widget=DateInput())
    value = forms.CharField(label=_("Value"), max_length=30, help_text=_("A number; a decimal comma is fine."))
    source = forms.CharField(label=_("Source"), max_length=200, required=False,
                             help_text=_("Where the figure comes from, e.g. the HR system."))

    def __init__(self, *args, panels: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [
            (str(p["indicator"].pk), f"{p['key']} – {p['requirement'].number} {p['indicator'].text[:80]}")
            for p in panels
        ]

    def clean_value(self):
        value = parse_value(self.cleaned_data["value"])
        if value is None:
            raise forms.ValidationError(_("Write the value as a number, e.g. 4,5 (at most three decimals)."))
        return value


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX)"),
                           help_text=_("Columns indikator, dato, verdi and kilde; see the sample file."))


class InputRequestForm(forms.Form):
    deadline = forms.DateField(label=_("Answers by"), widget=DateInput())
    intro = forms.CharField(label=_("Message to those asked"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                            max_length=4000)
    include_employees = forms.BooleanField(label=_("Ask the employees of the unit"), required=False, initial=True)
    union_representatives = forms.Field(label=_("Union representatives"), required=False)
    leaders = forms.Field(label=_("Leaders (other leaders, the Secretary General)"), required=False)
    others = forms.Field(label=_("Others in the organisation"), required=False)
    other_emails = forms.CharField(
        label=_("Others by e-mail"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One e-mail address per line, for people outside the organisation."),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union_representatives"] = _people(organisation)
        self.fields["union_representatives"].label = _("Union representatives")
        leader_ids = Unit.objects.filter(organisation=organisation).exclude(leader=None).values("leader_id")
        self.fields["leaders"] = _people(organisation)
        self.fields["leaders"].queryset = self.fields["leaders"].queryset.filter(pk__in=leader_ids)
        self.fields["leaders"].label = _("Leaders (other leaders, the Secretary General)")
        self.fields["others"] = _people(organisation)
        self.fields["others"].label = _("Others in the organisation")
        for name in ("union_representatives", "leaders", "others"):
            self.fields[name].help_text = _("Hold Ctrl (or Cmd) to choose several.")

    def clean_deadline(self):
        d = self.cleaned_data["deadline"]
        if d < timezone.localdate():
            raise forms.ValidationError(_("The deadline cannot be in the past."))
        return d

    def emails(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("other_emails", "").splitlines() if line.strip()]


class MidyearForm(forms.Form):
    date = forms.DateField(label=_("Date of the conversation"), widget=DateInput())
    notes = forms.CharField(label=_("What was discussed and agreed"), widget=forms.Textarea(attrs={"rows": 6}),
                            max_length=8000)
    participants = forms.Field(label=_("Other participants in the organisation"), required=False)
    other_participants = forms.CharField(label=_("Other participants"), max_length=300, required=False)
    renegotiate = forms.BooleanField(label=_("Open a renegotiation of the agreement"), required=False,
                                     help_text=_("The signed version stays in force until the revision is signed."))
    reason = forms.CharField(label=_("Reason for the renegotiation"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"] = _people(organisation)
        self.fields["participants"].label = _("Other participants in the organisation")
        self.fields["participants"].help_text = _("The leader and the superior are always recorded.")

    def clean(self):
        data = super().clean()
        if data.get("renegotiate") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for the renegotiation."))
        return data


class ScaleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    levels = forms.CharField(
        label=_("Levels"), widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One level per line, lowest first: value | bokmål | nynorsk | English, "
                    "e.g. 1 | ikke nådd | ikkje nådd | not reached"),
    )
    in_use = forms.BooleanField(label=_("Use this scale for new evaluations"), required=False)

    def clean_levels(self):
        levels = []
        for n, line in enumerate(self.cleaned_data["levels"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) != 4:
                raise forms.ValidationError(_("Line %(n)d: write value | bokmål | nynorsk | English.") % {"n": n})
            levels.append({"value": parts[0], "label": {"nb": parts[1], "nn": parts[2], "en": parts[3]}})
        return levels
