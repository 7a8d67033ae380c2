"""The form widgets carry Designsystemet's class and the ARIA links to their help and error texts."""

import re

import pytest
from django import forms
from django.template import Context, Template


class ExampleForm(forms.Form):
    name = forms.CharField(label="Name", help_text="As in the register")
    note = forms.CharField(label="Note", widget=forms.Textarea, required=False)
    unit = forms.ChoiceField(label="Unit", choices=[("a", "A"), ("b", "B")])
    agree = forms.BooleanField(label="I agree")
    kind = forms.ChoiceField(label="Kind", choices=[("x", "X"), ("y", "Y")], widget=forms.RadioSelect,
                             help_text="Pick one")
    token = forms.CharField(widget=forms.HiddenInput, required=False)


def render(form, name):
    return Template('{% include "includes/field.html" with field=field %}').render(Context({"field": form[name]}))


def tag(html, element, id_):
    match = re.search(rf'<{element}\b[^>]*\bid="{id_}"[^>]*>', html)
    assert match, f"no <{element} id={id_}> in {html}"
    return match.group(0)


def test_every_widget_type_gets_the_designsystemet_class():
    form = ExampleForm()
    assert 'class="ds-input"' in tag(render(form, "name"), "input", "id_name")
    assert 'class="ds-input"' in tag(render(form, "note"), "textarea", "id_note")
    assert 'class="ds-input"' in tag(render(form, "unit"), "select", "id_unit")
    assert 'class="ds-input"' in tag(render(form, "agree"), "input", "id_agree")


def test_help_text_is_linked_to_the_input():
    html = render(ExampleForm(), "name")
    assert 'aria-describedby="id_name_helptext"' in tag(html, "input", "id_name")
    assert 'id="id_name_helptext"' in html
    assert "aria-invalid" not in tag(html, "input", "id_name")


def test_an_error_marks_the_input_invalid_and_links_help_and_error():
    form = ExampleForm(data={})
    assert not form.is_valid()
    html = render(form, "name")
    widget = tag(html, "input", "id_name")
    assert 'aria-invalid="true"' in widget
    assert 'aria-describedby="id_name_helptext id_name_error"' in widget
    assert re.search(rf'id="id_name_error"[^>]*><p>{re.escape(form.errors["name"][0])}</p>', html)


def test_a_field_without_help_links_only_its_error():
    form = ExampleForm(data={})
    form.is_valid()
    widget = tag(render(form, "unit"), "select", "id_unit")
    assert 'aria-describedby="id_unit_error"' in widget


def test_radio_buttons_are_a_fieldset_with_a_legend_and_one_label_per_option():
    form = ExampleForm(data={})
    form.is_valid()
    html = render(form, "kind")
    assert re.search(r'<fieldset[^>]*aria-describedby="id_kind_helptext id_kind_error"', html)
    assert "<legend" in html
    for i, label in enumerate(["X", "Y"]):
        assert 'class="ds-input"' in tag(html, "input", f"id_kind_{i}")
        assert f'<label for="id_kind_{i}">{label}</label>' in html


def test_a_hidden_field_renders_only_the_input():
    html = render(ExampleForm(), "token").strip()
    assert html.startswith('<input type="hidden"')
    assert "<label" not in html


@pytest.mark.parametrize("with_error", [False, True])
def test_error_summary_links_each_error_to_its_field(with_error):
    form = ExampleForm(data={} if with_error else None)
    if with_error:
        form.is_valid()
    html = Template('{% include "includes/form_errors.html" with form=form %}').render(Context({"form": form}))
    assert ('href="#id_name"' in html) is with_error
    assert ('role="alert"' in html) is with_error
