"""The import job's life (importer/jobs.py) with the immediate task backend: enqueue → done with
the report stored and the file dropped; failures leave the organisation as it was."""

from datetime import timedelta

import pytest
from django.utils import timezone

from resultatavtaler.audit.models import AuditEvent
from resultatavtaler.core_errors import DomainError, PermissionDeniedError
from resultatavtaler.lib.jobs import JobStatus
from resultatavtaler.organisations.importer.jobs import (
    MAX_LISTED,
    PREVIEW_KEPT_FOR,
    import_job_awaits_confirmation,
    import_job_confirm,
    import_job_create,
    import_job_report,
    import_job_run,
)
from resultatavtaler.organisations.models import ImportJob, Person

from .import_helpers import GOOD_ROWS, csv_bytes, snapshot


def create(cast, data: bytes, *, dry_run=False, actor=None, **kwargs) -> ImportJob:
    return import_job_create(
        organisation=cast.organisation,
        actor=actor or cast.process_owner,
        data=data,
        filename="hr.csv",
        dry_run=dry_run,
        partial=True,
        **kwargs,
    )


def test_enqueue_runs_the_import_and_keeps_only_the_report(cast):
    job = create(cast, csv_bytes(GOOD_ROWS), ip_address="192.0.2.7")
    assert job.status == JobStatus.DONE
    assert job.data is None and job.ip_address is None
    assert job.size > 0 and len(job.sha256) == 64 and job.task_id
    report = import_job_report(job)
    assert report.persons_created == 7 and report.units_created == 2 and report.ok
    assert Person.objects.filter(organisation=cast.organisation, employee_id="1004").exists()
    event = AuditEvent.objects.get(action="organisation.import")
    assert event.ip_address == "192.0.2.7" and event.actor_label == cast.process_owner.name

    # The same file again: idempotent, as the importer always was.
    again = create(cast, csv_bytes(GOOD_ROWS))
    assert import_job_report(again).all_unchanged


def test_a_bad_file_is_a_report_with_errors_and_writes_nothing(cast):
    rows = [list(r) for r in GOOD_ROWS]
    rows[3][2] = "ikke-en-adresse"
    before = snapshot(cast.organisation)
    job = create(cast, csv_bytes(rows))
    assert job.status == JobStatus.DONE and job.data is None
    report = import_job_report(job)
    assert not report.ok and report.error_count == 1 and report.errors[0].row == 5
    assert snapshot(cast.organisation) == before
    assert not AuditEvent.objects.filter(action="organisation.import").exists()


def test_a_refused_actor_fails_the_job_with_the_message_and_writes_nothing(cast):
    """The right is asked again when the job runs: the uploader may have lost it meanwhile."""
    with pytest.raises(PermissionDeniedError):
        create(cast, csv_bytes(GOOD_ROWS), actor=cast.employee)
    job = ImportJob.objects.create(
        organisation=cast.organisation,
        uploaded_by=cast.employee,
        uploaded_by_name=cast.employee.name,
        data=csv_bytes(GOOD_ROWS),
        sha256="0" * 64,
        dry_run=False,
        language="en",
    )
    before = snapshot(cast.organisation)
    assert import_job_run(job_id=job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.report is None and job.data is None
    assert job.message == "You may not import people into this organisation."
    assert snapshot(cast.organisation) == before


def test_an_uploader_who_no_longer_exists_fails_the_job(cast):
    job = ImportJob.objects.create(
        organisation=cast.organisation,
        uploaded_by=None,
        uploaded_by_name="Borte",
        data=csv_bytes(GOOD_ROWS),
        sha256="0" * 64,
        dry_run=False,
        language="en",
    )
    before = snapshot(cast.organisation)
    assert import_job_run(job_id=job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert "no longer exists" in job.message and snapshot(cast.organisation) == before


def test_a_job_runs_at_most_once(cast):
    job = create(cast, csv_bytes(GOOD_ROWS))
    ImportJob.objects.filter(pk=job.pk).update(data=csv_bytes(GOOD_ROWS))
    assert import_job_run(job_id=job.pk) == ""  # a second delivery of the task finds it done
    assert AuditEvent.objects.filter(action="organisation.import").count() == 1


def test_a_preview_keeps_its_file_until_confirmed_once(cast):
    preview = create(cast, csv_bytes(GOOD_ROWS), dry_run=True)
    assert preview.data is not None and import_job_awaits_confirmation(preview)
    with pytest.raises(PermissionDeniedError):
        import_job_confirm(job=preview, actor=cast.admin_person)
    real = import_job_confirm(job=preview, actor=cast.process_owner)
    assert real.status == JobStatus.DONE and real.partial and real.sha256 == preview.sha256
    preview.refresh_from_db()
    assert preview.data is None
    with pytest.raises(DomainError):
        import_job_confirm(job=preview, actor=cast.process_owner)
    assert ImportJob.objects.filter(dry_run=False).count() == 1


def test_old_previews_lose_their_files_on_the_next_upload(cast):
    preview = create(cast, csv_bytes(GOOD_ROWS), dry_run=True)
    ImportJob.objects.filter(pk=preview.pk).update(finished_at=timezone.now() - PREVIEW_KEPT_FOR - timedelta(minutes=1))
    preview.refresh_from_db()
    assert not import_job_awaits_confirmation(preview)
    create(cast, b"\n", dry_run=True)
    preview.refresh_from_db()
    assert preview.data is None and preview.report is not None


def test_the_stored_report_lists_at_most_the_page_s_rows_with_the_full_counts(cast):
    rows = [
        [str(5000 + i), f"Person {i}", "", "", "ED", "Eksempeldepartementet", "", ""] for i in range(MAX_LISTED + 20)
    ]
    job = create(cast, csv_bytes(rows), dry_run=True)
    report = import_job_report(job)
    assert report.persons_created == MAX_LISTED + 20
    assert len(report.changes) == MAX_LISTED and report.change_count == MAX_LISTED + 21  # and the unit
