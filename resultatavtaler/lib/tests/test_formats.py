"""Dates as 28.11.2026 in all three languages, times in Europe/Oslo (DESIGN.md §6)."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import formats, translation

LANGUAGES = ["nb", "nn", "en"]
DAY = dt.date(2026, 11, 28)


@pytest.mark.parametrize("code", LANGUAGES)
def test_date_formats(code):
    with translation.override(code):
        assert formats.date_format(DAY, "SHORT_DATE_FORMAT") == "28.11.2026"
        assert formats.date_format(DAY) == "28.11.2026"
        assert formats.get_format("SHORT_DATE_FORMAT") == "d.m.Y"


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_date_filter_and_plain_output(code):
    template = Template('{{ day|date:"SHORT_DATE_FORMAT" }}|{{ day|date }}|{{ day }}')
    with translation.override(code):
        assert template.render(Context({"day": DAY})) == "28.11.2026|28.11.2026|28.11.2026"


@pytest.mark.parametrize("code", LANGUAGES)
def test_datetimes_show_in_oslo_time(code):
    template = Template('{{ moment }}|{{ moment|date:"SHORT_DATETIME_FORMAT" }}|{{ moment|time }}')
    # 23:30 UTC on 27 November is half past midnight on the 28th in Oslo (winter, UTC+1) ...
    winter = dt.datetime(2026, 11, 27, 23, 30, tzinfo=dt.UTC)
    # ... and 22:15 UTC on 30 June is a quarter past midnight on 1 July (summer, UTC+2).
    summer = dt.datetime(2026, 6, 30, 22, 15, tzinfo=dt.UTC)
    with translation.override(code):
        assert template.render(Context({"moment": winter})) == "28.11.2026 00:30|28.11.2026 00:30|00:30"
        assert template.render(Context({"moment": summer})) == "01.07.2026 00:15|01.07.2026 00:15|00:15"


@pytest.mark.parametrize("code", LANGUAGES)
def test_typed_dates_are_read_in_the_norwegian_order(code):
    from django import forms

    class DateForm(forms.Form):
        day = forms.DateField()

    with translation.override(code):
        for typed in ("28.11.2026", "2026-11-28", "28.11.26"):
            form = DateForm({"day": typed})
            assert form.is_valid(), (typed, form.errors)
            assert form.cleaned_data["day"] == DAY
