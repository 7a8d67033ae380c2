"""The indicator's target as one phrase (`agreements/templatetags/indicator_text.py`): each
combination of target, unit, deadline and baseline, numbers without trailing zeros, dates as
31.12.2026 also from a version's JSON, in each language, escaped."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from resultatavtaler.agreements.templatetags.indicator_text import indicator_target

DEADLINE = datetime.date(2026, 12, 31)


@pytest.mark.parametrize(
    ("values", "nb", "en"),
    [
        (
            {"target": Decimal("4.500"), "unit": "%", "deadline": DEADLINE, "baseline": Decimal("6.500")},
            " – målverdi 4,5 % innen 31.12.2026 (utgangsverdi 6,5 %)",
            " – target 4,5 % by 31.12.2026 (baseline 6,5 %)",
        ),
        ({"target": Decimal("12.000"), "unit": "dager"}, " – målverdi 12 dager", " – target 12 dager"),
        ({"target": Decimal("3"), "deadline": DEADLINE}, " – målverdi 3 innen 31.12.2026", " – target 3 by 31.12.2026"),
        ({"target": Decimal("0.125")}, " – målverdi 0,125", " – target 0,125"),
        ({"deadline": DEADLINE}, " – frist 31.12.2026", " – deadline 31.12.2026"),
        ({"baseline": Decimal("10.000")}, " (utgangsverdi 10)", " (baseline 10)"),
        ({}, "", ""),
    ],
)
def test_each_combination_is_one_phrase(values, nb, en):
    with translation.override("nb"):
        assert indicator_target(**values) == nb
    with translation.override("en"):
        assert indicator_target(**values) == en


def test_nynorsk():
    with translation.override("nn"):
        text = indicator_target(target=Decimal("4.5"), unit="%", deadline=DEADLINE)
    assert text == " – målverdi 4,5 % innan 31.12.2026"


def test_values_from_a_versions_json():
    # A version's snapshot holds numbers as strings or floats and dates as ISO strings.
    with translation.override("nb"):
        assert indicator_target(target="4.500", unit="%", deadline="2026-12-31") == " – målverdi 4,5 % innen 31.12.2026"
        assert indicator_target(target=5.0, deadline="2026-12-31T00:00:00") == " – målverdi 5 innen 31.12.2026"


def test_values_are_escaped():
    with translation.override("nb"):
        text = indicator_target(target="<b>mye</b>", unit="<i>&</i>")
    assert text == " – målverdi &lt;b&gt;mye&lt;/b&gt; &lt;i&gt;&amp;&lt;/i&gt;"


def test_in_a_template_the_phrase_is_not_escaped_again():
    template = Template(
        "{% load indicator_text %}{{ i.text }}{% indicator_target target=i.target_value unit=i.unit %}"
    )
    with translation.override("nb"):
        out = template.render(Context({"i": {"text": "Sykefravær", "target_value": Decimal("4.5"), "unit": "%"}}))
    assert out == "Sykefravær – målverdi 4,5 %"
