"""Form widgets rendered the Designsystemet way, with the ARIA links a screen reader needs.

`{% load form_fields %}` then, in a template:

    {% field_widget field %}            the input/select/textarea (or the options of a radio or
                                        checkbox group) with class `ds-input`, `aria-invalid` when
                                        the field has errors and `aria-describedby` pointing at the
                                        help text and the error message rendered by
                                        includes/field.html
    {{ field|field_help_id }}           id of the help text   (`<auto_id>_helptext`, Django's own)
    {{ field|field_error_id }}          id of the error text  (`<auto_id>_error`)
    {{ field|field_describedby }}       both ids, for a <fieldset aria-describedby="...">
    {% if field|is_checkbox %}          a single checkbox: input before its label
    {% if field|is_option_group %}      radio buttons or checkboxes: a fieldset with a legend

Designsystemet 1.x styles every form control with the one class `ds-input` (input, textarea,
select, checkbox and radio alike), so that is the class given to every widget type.
"""

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

DS_CLASS = "ds-input"


def _merge_class(existing: str | None, extra: str) -> str:
    classes = (existing or "").split()
    if extra not in classes:
        classes.append(extra)
    return " ".join(classes)


@register.filter
def field_help_id(field: BoundField) -> str:
    return f"{field.auto_id}_helptext" if field.auto_id else ""


@register.filter
def field_error_id(field: BoundField) -> str:
    return f"{field.auto_id}_error" if field.auto_id else ""


@register.filter
def field_describedby(field: BoundField) -> str:
    """The ids of the texts that describe the field: its help text and its error message."""
    ids = []
    if field.help_text and field.auto_id:
        ids.append(field_help_id(field))
    if field.errors and field.auto_id:
        ids.append(field_error_id(field))
    return " ".join(ids)


@register.filter
def is_checkbox(field: BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def is_option_group(field: BoundField) -> bool:
    """Radio buttons and multiple checkboxes: one label per option, grouped under a legend."""
    return isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)


@register.simple_tag
def field_widget(field: BoundField, **extra_attrs) -> SafeString:
    """Render the field's widget with Designsystemet's class and the ARIA attributes.

    Extra keyword arguments become attributes: `{% field_widget field autocomplete="username" %}`.
    """
    widget = field.field.widget
    if widget.is_hidden:
        return field.as_widget()
    attrs = {k.replace("_", "-"): v for k, v in extra_attrs.items()}
    attrs["class"] = _merge_class(attrs.get("class") or widget.attrs.get("class"), DS_CLASS)
    if field.errors:
        attrs["aria-invalid"] = "true"
    if is_option_group(field):
        # The fieldset carries aria-describedby (includes/field.html); each option is an
        # input followed by its own label, the structure Designsystemet's .ds-field expects.
        id_ = widget.attrs.get("id") or field.auto_id
        if id_:
            attrs["id"] = id_
        options = widget.subwidgets(field.html_name, field.value(), attrs=field.build_widget_attrs(attrs))
        rows = []
        for option in options:
            bound = forms.boundfield.BoundWidget(widget, option, field.form.renderer)
            rows.append((bound.tag(wrap_label=False), bound.id_for_label, bound.choice_label))
        return format_html(
            '<div class="field__options">{}</div>',
            format_html_join(
                "", '<div class="ds-field">{}<label for="{}">{}</label></div>', rows
            ),
        )
    # Set explicitly (Django would only point at the help text) so the error is read out too.
    describedby = field_describedby(field)
    if describedby:
        attrs["aria-describedby"] = describedby
    else:
        # An empty value stops Django from adding its own aria-describedby.
        attrs.pop("aria-describedby", None)
    return field.as_widget(attrs=attrs)
