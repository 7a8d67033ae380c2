"""The upload page and the import job's page: who may use them, preview then import through the
task worker (the immediate backend in tests), errors shown by row and column, the page without
JavaScript and its htmx polling."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from resultatavtaler.audit.models import AuditEvent
from resultatavtaler.lib.jobs import JobStatus
from resultatavtaler.organisations.models import ImportJob, Person, Unit

from .import_helpers import csv_bytes, snapshot, xlsx_bytes

URL = reverse("organisations:import")


@pytest.fixture(autouse=True)
def _english(settings, client):
    """The pages in English (the cast's organisation defaults to bokmål); the language cookie
    is the person's own choice, as the language menu sets it."""
    settings.LANGUAGE_CODE = "en"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def upload(client, data: bytes, *, name="hr.csv", dry_run=True, partial=False):
    payload = {"file": SimpleUploadedFile(name, data), "action": "upload"}
    if dry_run:
        payload["dry_run"] = "on"
    if partial:
        payload["partial"] = "on"
    return client.post(URL, payload)


def job_url(job) -> str:
    return reverse("organisations:import_job", args=[job.pk])


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


def uploaded_job(response) -> ImportJob:
    """The job an upload made, from the redirect to its page."""
    assert response.status_code == 302, response.status_code
    job = ImportJob.objects.latest("id")
    assert response["Location"] == job_url(job)
    return job


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
    assert not ImportJob.objects.exists()


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert client.post(URL, {}).status_code == 302


def test_preview_then_import(cast, client_for):
    client = client_for(cast.process_owner)
    before = snapshot(cast.organisation)
    preview = uploaded_job(upload(client, csv_bytes(rows_for(cast))))
    assert preview.dry_run and preview.status == JobStatus.DONE
    assert preview.data is not None  # kept for the Import button
    assert snapshot(cast.organisation) == before

    response = client.get(job_url(preview))
    assert response.status_code == 200
    content = response.content.decode()
    assert "The preview is ready." in content and "Nothing has been saved yet" in content
    report = response.context["report"]
    assert (report.persons_created, report.units_created, report.persons_unchanged) == (2, 1, 7)
    assert 'name="action" value="confirm"' in content
    assert "hx-trigger" not in content  # finished: the page stops asking

    response = client.post(job_url(preview), {"action": "confirm"})
    real = ImportJob.objects.latest("id")
    assert response.status_code == 302 and response["Location"] == job_url(real)
    assert not real.dry_run and real.preview_id == preview.pk and real.status == JobStatus.DONE
    content = client.get(job_url(real)).content.decode()
    assert "The import is saved." in content
    assert Unit.objects.get(organisation=cast.organisation, code="ADM-NY").leader.employee_id == "9001"
    event = AuditEvent.objects.get(action="organisation.import")
    assert event.organisation_id == cast.organisation.pk and event.actor_label == cast.process_owner.name
    assert event.data["persons_created"] == 2 and event.data["units_created"] == 1
    assert event.ip_address == "127.0.0.1"  # the uploader's address, as when it ran in the request

    # Both files are gone, the reports stay; the preview points at its import.
    preview.refresh_from_db()
    real.refresh_from_db()
    assert preview.data is None and real.data is None and real.ip_address is None
    assert real.report["persons_created"] == 2
    assert "This preview was imported" in client.get(job_url(preview)).content.decode()

    # Confirming again imports nothing more.
    response = client.post(job_url(preview), {"action": "confirm"}, follow=True)
    assert "expired" in response.content.decode()
    assert AuditEvent.objects.filter(action="organisation.import").count() == 1
    assert ImportJob.objects.count() == 2


def test_only_the_uploader_can_confirm_a_preview(cast, client_for):
    preview = uploaded_job(upload(client_for(cast.process_owner), csv_bytes(rows_for(cast))))
    before = snapshot(cast.organisation)
    admin = client_for(cast.admin_person)
    response = admin.get(job_url(preview))
    assert response.status_code == 200 and 'value="confirm"' not in response.content.decode()
    assert admin.post(job_url(preview), {"action": "confirm"}).status_code == 403
    assert admin.post(job_url(preview), {"action": "cancel"}).status_code == 403
    assert snapshot(cast.organisation) == before
    preview.refresh_from_db()
    assert preview.data is not None


def test_cancel_discards_the_kept_upload(cast, client_for):
    client = client_for(cast.process_owner)
    preview = uploaded_job(upload(client, csv_bytes(rows_for(cast))))
    response = client.post(job_url(preview), {"action": "cancel"}, follow=True)
    assert "Nothing was imported" in response.content.decode()
    preview.refresh_from_db()
    assert preview.data is None and preview.report["persons_created"] == 2
    assert not Person.objects.filter(employee_id="9001").exists()
    assert "can no longer be imported" in client.get(job_url(preview)).content.decode()


def test_direct_import_without_preview(cast, client_for):
    client = client_for(cast.process_owner)
    job = uploaded_job(upload(client, xlsx_bytes(rows_for(cast)), name="hr.xlsx", dry_run=False))
    assert job.status == JobStatus.DONE and job.data is None
    assert job.started_at and job.finished_at and job.task_id
    assert job.filename == "hr.xlsx" and job.uploaded_by == cast.process_owner
    assert Person.objects.filter(organisation=cast.organisation, employee_id="9002").exists()
    response = client.get(job_url(job))
    assert response.context["report"].persons_created == 2
    assert "The import has finished." in response.content.decode()


@pytest.mark.parametrize("dry_run", [True, False])
def test_errors_are_shown_by_row_and_column_and_nothing_is_kept(cast, client_for, dry_run):
    client = client_for(cast.process_owner)
    rows = rows_for(cast)
    rows[-1][2] = "nora-at-td.no"
    before = snapshot(cast.organisation)
    job = uploaded_job(upload(client, csv_bytes(rows), dry_run=dry_run))
    assert job.status == JobStatus.DONE and job.data is None
    assert job.report["errors_total"] == 1
    response = client.get(job_url(job))
    content = response.content.decode()
    assert "Nothing was saved" in content
    row = len(rows) + 1
    assert f'<th scope="row" class="num">{row}</th>' in content
    assert "epost (C)" in content and "nora-at-td.no is not a valid e-mail address." in content
    assert 'value="confirm"' not in content
    assert snapshot(cast.organisation) == before
    assert not AuditEvent.objects.filter(action="organisation.import").exists()


def test_unreadable_file_is_a_clear_error(cast, client_for):
    client = client_for(cast.process_owner)
    job = uploaded_job(upload(client, "ansattnummer;navn\n".encode("utf-16")))
    assert "UTF-16" in client.get(job_url(job)).content.decode()


def test_the_report_is_in_the_uploaders_language(cast, client_for, settings):
    client = client_for(cast.process_owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    job = uploaded_job(upload(client, b"\n\n"))
    with translation.override("nb"):
        expected = translation.gettext("The file is empty.")
    assert expected != "The file is empty."
    assert job.language == "nb" and job.report["errors"][0]["message"] == expected


def test_missing_file_is_a_form_error(cast, client_for):
    response = client_for(cast.process_owner).post(URL, {"action": "upload", "dry_run": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not ImportJob.objects.exists()


def test_too_large_file_is_refused(cast, client_for, monkeypatch):
    from resultatavtaler.organisations import forms

    monkeypatch.setattr(forms, "MAX_IMPORT_BYTES", 100)
    response = upload(client_for(cast.process_owner), csv_bytes(rows_for(cast)))
    assert response.status_code == 200 and "larger than" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_unchanged_file_offers_no_import(cast, client_for):
    client = client_for(cast.process_owner)
    data = csv_bytes(rows_for(cast))
    upload(client, data, dry_run=False)
    job = uploaded_job(upload(client, data))
    assert job.data is None
    content = client.get(job_url(job)).content.decode()
    assert "Everything is already up to date" in content and 'value="confirm"' not in content


def test_recent_uploads_are_listed_on_the_upload_page(cast, client_for):
    client = client_for(cast.process_owner)
    job = uploaded_job(upload(client, csv_bytes(rows_for(cast)), name="mars.csv"))
    content = client_for(cast.admin_person).get(URL).content.decode()
    assert f'href="{job_url(job)}"' in content and "mars.csv" in content and cast.process_owner.name in content


# --- the job's page: rights, states without JavaScript, polling --------------------------------


def queued_job(cast, **fields) -> ImportJob:
    """A job as the upload leaves it before the worker takes it (the immediate backend runs
    uploads at once, so the waiting states are made directly)."""
    values = {"organisation": cast.organisation, "uploaded_by": cast.process_owner,
              "uploaded_by_name": cast.process_owner.name, "filename": "hr.csv", "data": b"x", "size": 1,
              "sha256": "0" * 64, "dry_run": False, **fields}
    return ImportJob.objects.create(**values)


@pytest.mark.parametrize("who", ["employee", "leader", "superior", "director"])
def test_the_job_page_is_refused_to_others_of_the_organisation(cast, client_for, who):
    job = uploaded_job(upload(client_for(cast.process_owner), csv_bytes(rows_for(cast))))
    client = client_for(getattr(cast, who))
    assert client.get(job_url(job)).status_code == 403
    assert client.post(job_url(job), {"action": "confirm"}).status_code == 403
    assert not Person.objects.filter(employee_id="9001").exists()


def test_another_organisations_job_is_404(cast, client_for):
    from resultatavtaler.organisations.constants import GrantedRole
    from resultatavtaler.organisations.services import role_grant

    job = uploaded_job(upload(client_for(cast.process_owner), csv_bytes(rows_for(cast))))
    role_grant(person=cast.outsider, role=GrantedRole.PROCESS_OWNER)
    client = client_for(cast.outsider)
    assert client.get(URL).status_code == 200  # their own organisation's page
    assert client.get(job_url(job)).status_code == 404
    assert client.post(job_url(job), {"action": "confirm"}).status_code == 404
    assert job_url(job) not in client.get(URL).content.decode()
    assert not Person.objects.filter(employee_id="9001").exists()


def test_a_queued_job_without_javascript(cast, client_for):
    job = queued_job(cast)
    response = client_for(cast.process_owner).get(job_url(job))
    assert response.status_code == 200
    content = response.content.decode()
    assert "waits for its turn" in content
    assert f'<a class="ds-link" href="{job_url(job)}">Refresh the status</a>' in content
    assert f'hx-get="{job_url(job)}?seen=queued"' in content and 'hx-trigger="every 2s"' in content
    assert 'role="status"' in content
    assert "background worker may not be running" not in content
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_long_queued_job_says_the_worker_may_be_down(cast, client_for):
    job = queued_job(cast)
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    content = client_for(cast.process_owner).get(job_url(job)).content.decode()
    assert "background worker may not be running" in content
    assert "?seen=queued-late" in content


def test_a_running_job(cast, client_for):
    job = queued_job(cast, status=JobStatus.RUNNING, started_at=timezone.now())
    content = client_for(cast.process_owner).get(job_url(job)).content.decode()
    assert "The file is being imported." in content and "?seen=running" in content


def test_polling_answers_204_until_the_status_changes(cast, client_for):
    job = queued_job(cast)
    client = client_for(cast.process_owner)
    htmx = {"HTTP_HX_REQUEST": "true"}
    assert client.get(job_url(job), {"seen": "queued"}, **htmx).status_code == 204
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
    response = client.get(job_url(job), {"seen": "queued"}, **htmx)
    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content and 'id="import-job-status"' in content
    assert 'hx-swap-oob="innerHTML"' in content and "The file is being imported." in content
    assert "?seen=running" in content


def test_a_job_left_running_by_a_stopped_worker_fails(cast, client_for):
    job = queued_job(cast, status=JobStatus.RUNNING, started_at=timezone.now() - timedelta(hours=2))
    content = client_for(cast.process_owner).get(job_url(job)).content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.data is None
    assert "The job failed." in content and "interrupted" in content and "hx-trigger" not in content


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_sample_files_download(cast, client_for, fmt):
    response = client_for(cast.process_owner).get(reverse("organisations:import_sample", args=[fmt]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)
    assert client_for(cast.employee).get(reverse("organisations:import_sample", args=[fmt])).status_code == 403


def test_unknown_sample_is_404(cast, client_for):
    response = client_for(cast.process_owner).get(reverse("organisations:import_sample", args=["exe"]))
    assert response.status_code == 404
