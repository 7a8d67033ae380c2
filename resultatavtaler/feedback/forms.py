from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from resultatavtaler.organisations.models import Person

from .constants import RaterGroup


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", attrs={"class": "ds-input"}, **kwargs)


class RoundStartForm(forms.Form):
    deadline = forms.DateField(label=_("Deadline for answers"), widget=DateInput())
    areas = forms.MultipleChoiceField(
        label=_("Areas in the questionnaire"), widget=forms.CheckboxSelectMultiple, required=True,
        help_text=_("Every rater answers the statements of the areas chosen here."),
    )

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].choices = [(a.code, a.name) for a in areas]
        self.fields["areas"].initial = [a.code for a in areas]
        self.fields["deadline"].initial = timezone.localdate() + timedelta(days=21)


class ProposePersonForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person"), queryset=Person.objects.none(), widget=forms.Select(attrs={"class": "ds-input"})
    )
    group = forms.ChoiceField(
        label=_("Rater group"),
        choices=[(g.value, g.label) for g in (RaterGroup.PEERS, RaterGroup.DIRECT_REPORTS, RaterGroup.OTHERS)],
        widget=forms.Select(attrs={"class": "ds-input"}),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(organisation=organisation, is_active=True).order_by(
            "name"
        )
        self.fields["person"].label_from_instance = lambda p: f"{p.name}{', ' + p.title if p.title else ''}"


class ProposeEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of a rater outside the organisation"),
        help_text=_("Proposed as “others”, e.g. a union representative or a partner in another agency."),
        widget=forms.EmailInput(attrs={"class": "ds-input", "autocomplete": "off"}),
    )


class DevelopmentItemForm(forms.Form):
    area_code = forms.ChoiceField(label=_("Area"), required=False, widget=forms.Select(attrs={"class": "ds-input"}))
    goal = forms.CharField(label=_("Development goal"), widget=forms.Textarea(attrs={"class": "ds-input", "rows": 2}))
    actions = forms.CharField(
        label=pgettext_lazy("development plan", "Actions"),
        required=False,
        widget=forms.Textarea(attrs={"class": "ds-input", "rows": 3}),
        help_text=_("What the leader will do, e.g. courses, mentoring, new routines."),
    )
    support = forms.CharField(
        label=_("Support needed"), required=False, widget=forms.Textarea(attrs={"class": "ds-input", "rows": 2}),
        help_text=_("What the superior or the organisation contributes."),
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput())

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area_code"].choices = [("", _("(no particular area)"))] + list(areas)


class TrilingualForm(forms.Form):
    nb = forms.CharField(label=_("Bokmål"), max_length=400, widget=forms.TextInput(attrs={"class": "ds-input"}))
    nn = forms.CharField(label=_("Nynorsk"), max_length=400, widget=forms.TextInput(attrs={"class": "ds-input"}))
    en = forms.CharField(label=_("English"), max_length=400, widget=forms.TextInput(attrs={"class": "ds-input"}))
