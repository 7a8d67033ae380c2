"""Measurements entered by hand or imported: an import is all or nothing, re-importing the
same file changes nothing, and bad rows are reported by row and column."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from resultatavtaler.core_errors import DomainError
from resultatavtaler.evaluations import services
from resultatavtaler.evaluations.models import Measurement, MeasurementImport

GOOD = (
    "indikator;dato;verdi;kilde\n"
    "IND-{pk};31.01.2026;6,1;HR-systemet\n"
    "IND-{pk};2026-02-28;5,8;HR-systemet\n"
    "1.1/1;31.03.2026;5,4;HR-systemet\n"
)


def csv_for(indicator, text=GOOD) -> bytes:
    return text.format(pk=indicator.pk).encode("utf-8")


def state():
    return sorted(Measurement.objects.values_list("indicator_id", "date", "value", "source", "batch_id"))


def test_a_csv_is_imported_with_comma_decimals_and_both_key_forms(signed, indicator, leader):
    report = services.measurements_import(agreement=signed, actor=leader, filename="syk.csv",
                                          content=csv_for(indicator))
    assert report.ok and (report.created, report.updated, report.unchanged) == (3, 0, 0)
    assert [m.value for m in Measurement.objects.order_by("date")] == [Decimal("6.1"), Decimal("5.8"),
                                                                        Decimal("5.4")]


def test_importing_the_same_file_again_changes_nothing(signed, indicator, leader):
    services.measurements_import(agreement=signed, actor=leader, filename="syk.csv", content=csv_for(indicator))
    before, batches = state(), MeasurementImport.objects.count()
    report = services.measurements_import(agreement=signed, actor=leader, filename="syk.csv",
                                          content=csv_for(indicator))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert state() == before
    assert MeasurementImport.objects.count() == batches


def test_a_changed_value_updates_the_row_with_the_same_date_and_source(signed, indicator, leader):
    services.measurements_import(agreement=signed, actor=leader, filename="a.csv", content=csv_for(indicator))
    changed = GOOD.replace("6,1", "6,3")
    report = services.measurements_import(agreement=signed, actor=leader, filename="b.csv",
                                          content=csv_for(indicator, changed))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    assert Measurement.objects.get(date=datetime.date(2026, 1, 31)).value == Decimal("6.3")


def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_written(signed, indicator, leader):
    bad = ("indikator;dato;verdi;kilde\n"
           "IND-{pk};31.01.2026;6,1;HR\n"
           "IND-999999;31.02.2026;mye;HR\n"
           "IND-{pk};2026-03-31;;HR\n")
    report = services.measurements_import(agreement=signed, actor=leader, filename="bad.csv",
                                          content=csv_for(indicator, bad))
    assert not report.ok
    errors = {(e.row, e.column) for e in report.errors}
    assert {(3, "dato"), (3, "verdi"), (4, "verdi")} <= errors
    assert not Measurement.objects.exists() and not MeasurementImport.objects.exists()


def test_an_unknown_indicator_is_an_error_of_its_row(signed, indicator, leader):
    bad = "indikator;dato;verdi\nIND-{pk};31.01.2026;6\nIND-999999;28.02.2026;5\n"
    report = services.measurements_import(agreement=signed, actor=leader, filename="x.csv",
                                          content=csv_for(indicator, bad))
    assert [(e.row, e.column) for e in report.errors] == [(3, "indikator")]
    assert not Measurement.objects.exists()


def test_a_missing_column_is_reported(signed, leader):
    report = services.measurements_import(agreement=signed, actor=leader, filename="x.csv",
                                          content=b"indikator;verdi\nIND-1;2\n")
    assert report.errors[0].row == 1 and "dato" in report.errors[0].column


def test_xlsx_with_real_dates_and_numbers(signed, indicator, leader):
    wb = Workbook()
    ws = wb.active
    ws.append(["Indikator", "Dato", "Verdi", "Kilde"])
    ws.append([f"IND-{indicator.pk}", datetime.date(2026, 4, 30), 5.2, "HR"])
    ws.append([f"IND-{indicator.pk}", "31.05.2026", "5,0", "HR"])
    out = io.BytesIO()
    wb.save(out)
    report = services.measurements_import(agreement=signed, actor=leader, filename="syk.xlsx",
                                          content=out.getvalue())
    assert report.ok and report.created == 2
    assert Measurement.objects.get(date=datetime.date(2026, 4, 30)).value == Decimal("5.2")


def test_manual_entry_replaces_the_value_of_the_same_day_and_source(signed, indicator, superior):
    services.measurement_record(indicator=indicator, actor=superior, date=datetime.date(2026, 6, 30), value="4.9")
    services.measurement_record(indicator=indicator, actor=superior, date=datetime.date(2026, 6, 30), value="4.8")
    assert list(Measurement.objects.values_list("value", flat=True)) == [Decimal("4.8")]


def test_employees_cannot_enter_measurements(signed, indicator, employee):
    with pytest.raises(DomainError) as exc:
        services.measurement_record(indicator=indicator, actor=employee, date=datetime.date(2026, 6, 30), value=1)
    assert exc.value.status in (403, 404)
    assert not Measurement.objects.exists()


def test_the_page_shows_an_accessible_chart_with_its_table(signed, indicator, leader, client_for):
    services.measurements_import(agreement=signed, actor=leader, filename="syk.csv", content=csv_for(indicator))
    page = client_for(leader).get(f"/oppfolging/avtale/{signed.pk}/maalinger/").content.decode()
    assert 'role="img"' in page and "<title" in page and "<desc" in page
    assert f"IND-{indicator.pk}" in page
    assert "<table" in page and "HR-systemet" in page
    assert "stroke-dasharray" in page  # the target and deadline lines


def test_the_import_page_lists_errors_and_the_upload_works(signed, indicator, leader, client_for):
    c = client_for(leader)
    bad = SimpleUploadedFile("bad.csv", b"indikator;dato;verdi\nIND-1;i morgen;x\n", content_type="text/csv")
    r = c.post(f"/oppfolging/avtale/{signed.pk}/maalinger/import/", {"file": bad})
    assert r.status_code == 400 and "<table" in r.content.decode()
    good = SimpleUploadedFile("good.csv", csv_for(indicator), content_type="text/csv")
    r = c.post(f"/oppfolging/avtale/{signed.pk}/maalinger/import/", {"file": good})
    assert r.status_code == 302 and Measurement.objects.count() == 3


def test_the_sample_file_lists_the_agreements_indicator_keys(signed, indicator, leader, client_for):
    r = client_for(leader).get(f"/oppfolging/avtale/{signed.pk}/maalinger/mal.csv")
    assert f"IND-{indicator.pk}" in r.content.decode("utf-8-sig")


def test_the_charts_first_and_last_dates_are_anchored_inside_the_plot(signed, indicator, leader, client_for):
    """The dates at the plot's edges are anchored inwards (start, end), so neither is cut off
    at the SVG's border; a single date stays centred."""
    from resultatavtaler.evaluations.charts import measurement_chart

    services.measurements_import(agreement=signed, actor=leader, filename="syk.csv", content=csv_for(indicator))
    chart = measurement_chart(chart_id="c", indicator=indicator, measurements=list(indicator.measurements.all()))
    assert [t["anchor"] for t in chart["x_ticks"]] == ["start", "end"]
    page = client_for(leader).get(f"/oppfolging/avtale/{signed.pk}/maalinger/").content.decode()
    assert 'text-anchor="start"' in page and 'text-anchor="end"' in page

    one = list(indicator.measurements.all())[:1]
    indicator.deadline = None
    single = measurement_chart(chart_id="d", indicator=indicator, measurements=one)
    assert [t["anchor"] for t in single["x_ticks"]] == ["middle"]
