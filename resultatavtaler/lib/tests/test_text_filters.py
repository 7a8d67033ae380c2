"""The fast `truncatechars` gives exactly what Django's gives, and templates use it."""

import pytest
from django.template import Context, Template
from django.template.defaultfilters import truncatechars as django_truncatechars

from resultatavtaler.lib.templatetags import text_filters

TEXTS = [
    "",
    "Kort",
    "Sikre god og effektiv saksbehandling i hele avdelingen",
    "x" * 40,
    "x" * 41,
    "Økt gjennomføring: ærlig, åpen, ødeland " * 5,
    "e\u0301" * 45,  # decomposed "é": 90 code points, 45 characters
    "e\u0301" * 20,  # normalised to 20 characters
    "a\u0308bc",
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("limit", [0, 1, 3, 40, 41, 80, "x", -2])
def test_the_fast_filter_gives_what_djangos_gives(text, limit):
    assert text_filters.truncatechars(text, limit) == django_truncatechars(text, limit)


def test_templates_use_the_fast_filter():
    template = Template("{{ t|truncatechars:5 }}")
    assert template.engine.template_builtins[-1].filters["truncatechars"] is text_filters.truncatechars
    assert template.render(Context({"t": "Resultatavtale"})) == "Resu…"  # the ellipsis counts
    assert Template("{{ t|truncatechars:20 }}").render(Context({"t": "<b>kort</b>"})) == "&lt;b&gt;kort&lt;/b&gt;"
