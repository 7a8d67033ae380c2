"""The upload page: who may use it, preview then import, errors shown by row and column."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from resultatavtaler.audit.models import AuditEvent
from resultatavtaler.organisations.models import Person, Unit

from .import_helpers import csv_bytes, snapshot, xlsx_bytes

URL = reverse("organisations:import")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def upload(client, data: bytes, *, name="hr.csv", dry_run=True, partial=False):
    payload = {"file": SimpleUploadedFile(name, data), "action": "upload"}
    if dry_run:
        payload["dry_run"] = "on"
    if partial:
        payload["partial"] = "on"
    return client.post(URL, payload)


def rows_for(cast):
    """The cast's organisation as an HR export, plus two new people in a new section."""
    rows = []
    for p in Person.objects.filter(organisation=cast.organisation).select_related("unit", "unit__parent"):
        unit = p.unit
        rows.append([p.employee_id, p.name, p.email, p.title, unit.code, unit.name,
                     unit.parent.code if unit.parent else "", "ja" if unit.leader_id == p.pk else "nei"])
    rows.append(["9001", "Nils Ny", "nils@td.no", "Seniorrådgiver", "ADM-NY", "Nyseksjonen", "ADM", "ja"])
    rows.append(["9002", "Nora Ny", "nora@td.no", "Rådgiver", "ADM-NY", "Nyseksjonen", "ADM", "nei"])
    return rows


@pytest.mark.parametrize("who", ["process_owner", "admin_person"])
def test_process_owner_and_admin_see_the_page(cast, client_for, who):
    response = client_for(getattr(cast, who)).get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'enctype="multipart/form-data"' in content and "ansattnummer" in content


@pytest.mark.parametrize("who", ["employee", "leader", "superior", "director"])
def test_others_get_403(cast, client_for, who):
    client = client_for(getattr(cast, who))
    assert client.get(URL).status_code == 403
    before = snapshot(cast.organisation)
    assert upload(client, csv_bytes(rows_for(cast)), dry_run=False).status_code == 403
    assert snapshot(cast.organisation) == before


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert client.post(URL, {}).status_code == 302


def test_preview_then_import(cast, client_for):
    client = client_for(cast.process_owner)
    before = snapshot(cast.organisation)
    response = upload(client, csv_bytes(rows_for(cast)))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Preview" in content and "Nothing has been saved yet" in content
    report = response.context["report"]
    assert (report.persons_created, report.units_created, report.persons_unchanged) == (2, 1, 7)
    assert snapshot(cast.organisation) == before
    pending = response.context["pending"]
    assert 'name="action" value="confirm"' in content

    response = client.post(URL, {"action": "confirm", "token": pending["token"]})
    assert response.status_code == 200
    assert "The import is saved." in response.content.decode()
    assert Unit.objects.get(organisation=cast.organisation, code="ADM-NY").leader.employee_id == "9001"
    event = AuditEvent.objects.get(action="organisation.import")
    assert event.organisation_id == cast.organisation.pk and event.actor_label == cast.process_owner.name
    assert event.data["persons_created"] == 2 and event.data["units_created"] == 1

    # The kept upload is gone: confirming again does nothing more.
    response = client.post(URL, {"action": "confirm", "token": pending["token"]}, follow=True)
    assert "expired" in response.content.decode()
    assert AuditEvent.objects.filter(action="organisation.import").count() == 1


def test_confirm_with_a_wrong_token_imports_nothing(cast, client_for):
    client = client_for(cast.process_owner)
    upload(client, csv_bytes(rows_for(cast)))
    before = snapshot(cast.organisation)
    response = client.post(URL, {"action": "confirm", "token": "guessed"}, follow=True)
    assert "expired" in response.content.decode()
    assert snapshot(cast.organisation) == before


def test_cancel_discards_the_kept_upload(cast, client_for, settings):
    client = client_for(cast.process_owner)
    pending = upload(client, csv_bytes(rows_for(cast))).context["pending"]
    kept = settings.MEDIA_ROOT / pending["name"]
    assert kept.is_file()
    client.post(URL, {"action": "cancel"})
    assert not kept.exists()
    assert not Person.objects.filter(employee_id="9001").exists()


def test_direct_import_without_preview(cast, client_for):
    client = client_for(cast.process_owner)
    response = upload(client, xlsx_bytes(rows_for(cast)), name="hr.xlsx", dry_run=False)
    assert response.status_code == 200
    assert response.context["report"].persons_created == 2
    assert Person.objects.filter(organisation=cast.organisation, employee_id="9002").exists()


def test_errors_are_shown_by_row_and_column_and_nothing_is_kept(cast, client_for, settings):
    client = client_for(cast.process_owner)
    rows = rows_for(cast)
    rows[-1][2] = "nora-at-td.no"
    before = snapshot(cast.organisation)
    response = upload(client, csv_bytes(rows))
    content = response.content.decode()
    assert response.context["pending"] is None
    assert "Nothing was saved" in content
    row = len(rows) + 1
    assert f'<th scope="row" class="num">{row}</th>' in content
    assert "epost (C)" in content and "nora-at-td.no is not a valid e-mail address." in content
    assert 'value="confirm"' not in content
    assert snapshot(cast.organisation) == before
    assert not (settings.MEDIA_ROOT / "imports").exists() or not any((settings.MEDIA_ROOT / "imports").iterdir())


def test_unreadable_file_is_a_clear_error(cast, client_for):
    response = upload(client_for(cast.process_owner), "ansattnummer;navn\n".encode("utf-16"))
    assert "UTF-16" in response.content.decode()


def test_missing_file_is_a_form_error(cast, client_for):
    response = client_for(cast.process_owner).post(URL, {"action": "upload", "dry_run": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_too_large_file_is_refused(cast, client_for, monkeypatch):
    from resultatavtaler.organisations import forms

    monkeypatch.setattr(forms, "MAX_IMPORT_BYTES", 100)
    response = upload(client_for(cast.process_owner), csv_bytes(rows_for(cast)))
    assert "larger than" in response.content.decode()
    assert response.context["report"] is None


def test_unchanged_file_offers_no_import(cast, client_for):
    client = client_for(cast.process_owner)
    data = csv_bytes(rows_for(cast))
    upload(client, data, dry_run=False)
    response = upload(client, data)
    assert "Everything is already up to date" in response.content.decode()
    assert response.context["pending"] is None


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_sample_files_download(cast, client_for, fmt):
    response = client_for(cast.process_owner).get(reverse("organisations:import_sample", args=[fmt]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)
    assert client_for(cast.employee).get(reverse("organisations:import_sample", args=[fmt])).status_code == 403


def test_unknown_sample_is_404(cast, client_for):
    response = client_for(cast.process_owner).get(reverse("organisations:import_sample", args=["exe"]))
    assert response.status_code == 404
