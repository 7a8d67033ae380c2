"""`QuickSelect` writes the markup of Django's `Select` byte for byte (Django's templates render
each option through two includes; the overview's list of units has about a hundred options)."""

import pytest
from django import forms
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy, override

from resultatavtaler.agreements.forms import CommentForm
from resultatavtaler.lib.widgets import QuickSelect
from resultatavtaler.organisations.models import Unit
from resultatavtaler.reports.views_overview import OverviewFilterForm

CHOICES = [
    ("", gettext_lazy("All states")),
    (1, 'A & <b>"quoted"</b>'),
    ('x"y<', "Q"),
    ("Group & co", [(5, "five"), (6, SafeString("<em>six</em>"))]),
    (7, "seven"),
]
ATTRS = [
    None,
    {"id": "id_unit", "class": "ds-input", "required": True, "aria-invalid": "true", "disabled": False},
    {"aria-describedby": 'help "x"', "data-n": 3},
]


@pytest.mark.parametrize("value", [None, "", 1, "1", 'x"y<', 6, ["7"], "missing"])
@pytest.mark.parametrize("attrs", ATTRS)
def test_the_markup_is_djangos(value, attrs):
    for language in ("nb", "nn", "en"):
        with override(language):
            expected = forms.Select(choices=CHOICES).render("unit", value, attrs=attrs)
            assert QuickSelect(choices=CHOICES).render("unit", value, attrs=attrs) == expected


def test_a_model_choice_field_renders_the_same(cast):
    units = Unit.objects.filter(organisation=cast.organisation).order_by("path")
    django_field = forms.ModelChoiceField(queryset=units, empty_label="Alle")
    quick_field = forms.ModelChoiceField(queryset=units, empty_label="Alle", widget=QuickSelect)
    renderer = forms.Form().renderer  # the forms' own renderer, as a bound field uses it
    for chosen in (None, cast.department.pk):
        expected = django_field.widget.render("unit", chosen, attrs={"id": "id_unit"}, renderer=renderer)
        got = quick_field.widget.render("unit", chosen, attrs={"id": "id_unit"}, renderer=renderer)
        assert got == expected and expected.count("<option") == units.count() + 1


def test_the_overview_and_comment_lists_use_it(cast):
    from resultatavtaler.reports.overview import overview_scope

    form = OverviewFilterForm(scope=overview_scope(cast.process_owner))
    assert all(isinstance(form.fields[name].widget, QuickSelect) for name in ("period", "unit", "state"))
    assert isinstance(CommentForm().fields["requirement"].widget, QuickSelect)
