from django import forms
from django.utils.translation import gettext_lazy as _

from resultatavtaler.agreements.constants import Perspective

from .constants import LibraryCategory


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search text"), required=False, max_length=200)
    category = forms.ChoiceField(label=_("Kind of requirement"), required=False,
                                 choices=[("", _("All kinds"))] + list(LibraryCategory.choices))
    perspective = forms.ChoiceField(label=_("Perspective"), required=False,
                                    choices=[("", _("All perspectives"))] + list(Perspective.choices))


class ShareForm(forms.Form):
    category = forms.ChoiceField(label=_("Share as"), choices=LibraryCategory.choices)


class CopyForm(forms.Form):
    """`target` is "<agreement id>:<category key>", one option per editable category of the
    person's own agreements (services.copy_targets)."""

    target = forms.ChoiceField(label=_("Copy into"))

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        from resultatavtaler.agreements.models import localized

        self.fields["target"].choices = [
            (f"{ag.pk}:{cat['key']}", f"{ag.period.name} – {cat.get('number', '')} {localized(cat.get('title'))}")
            for ag, cat in targets
        ]
