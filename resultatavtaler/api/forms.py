from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import TokenScope


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_('Which system uses the token, e.g. "HR system (SAP)" or "Archive export".'),
    )
    scope = forms.ChoiceField(
        label=_("Access"),
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
        help_text=_(
            "Read: units, people, agreement states, published parts, signed versions and measurements. "
            "Read and write: also update people and units and send measurements."
        ),
    )
