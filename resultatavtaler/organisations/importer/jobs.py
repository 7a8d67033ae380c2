"""The HR import as a background job: the upload page stores the file in an `ImportJob` and the
task worker runs `organisation_import` on it (DESIGN.md §7: nothing that can take seconds runs in
a request; a 20,000-person file takes seconds even as a preview, docs/import.md).

Only who runs the importer changes: the same function, with the uploader as actor, the
uploader's language for the messages and the uploader's address for the audit event, so the
import stays atomic and idempotent and says the same things.

Life of a job: queued → running → done (with the report) or failed (with a message). A real
import drops the file when it ends. A clean preview with changes keeps it until its uploader
confirms (a new job imports exactly those bytes), discards it, or PREVIEW_KEPT_FOR passes.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta
from types import SimpleNamespace

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from resultatavtaler.accounts.permissions import can_import_organisation
from resultatavtaler.core_errors import DomainError, PermissionDeniedError
from resultatavtaler.lib.jobs import RUNNING_GIVE_UP, JobStatus

from ..models import ImportJob, Organisation, Person
from .reading import ImportSource
from .report import ImportReport
from .service import organisation_import

logger = logging.getLogger(__name__)

# The page lists at most this many errors and changes; the stored report keeps as many.
MAX_LISTED = 500
# A clean preview's file is kept this long for the "Import" button (it holds personal data).
PREVIEW_KEPT_FOR = timedelta(hours=12)


def import_job_create(
    *,
    organisation: Organisation,
    actor: Person,
    data: bytes,
    filename: str,
    dry_run: bool,
    partial: bool,
    language: str = "",
    ip_address: str | None = None,
    preview: ImportJob | None = None,
) -> ImportJob:
    """Store the upload and queue the task that imports it (or, with `dry_run`, previews it)."""
    if actor.organisation_id != organisation.pk or not can_import_organisation(actor):
        raise PermissionDeniedError(_("You may not import people into this organisation."))
    import_jobs_purge_previews()
    with transaction.atomic():
        job = ImportJob.objects.create(
            organisation=organisation,
            uploaded_by=actor,
            uploaded_by_name=actor.name[:200],
            filename=filename[:200],
            data=data,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            dry_run=dry_run,
            partial=partial,
            preview=preview,
            language=language or translation.get_language() or "",
            ip_address=ip_address,
        )
        # With the database backend the task row commits with the job (no job without its task,
        # no task without its job); the immediate backend (tests) runs it here.
        from ..tasks import import_job_task

        result = import_job_task.enqueue(job_id=job.pk)
        ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def import_job_run(*, job_id: int) -> str:
    """Run one job (the task's body). Returns the job's final status."""
    claimed = ImportJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:  # delivered twice, or no longer queued: someone else has it
        return ""
    job = ImportJob.objects.select_related("organisation", "uploaded_by").get(pk=job_id)
    with translation.override(job.language or None):
        try:
            if job.uploaded_by is None:
                raise DomainError(_("The person who uploaded the file no longer exists. Nothing was saved."))
            # The job's end is written in the import's transaction: a worker that dies in between
            # leaves neither the import nor a "done" behind.
            with transaction.atomic():
                report = organisation_import(
                    organisation=job.organisation,
                    rows_source=ImportSource(data=bytes(job.data or b""), filename=job.filename),
                    dry_run=job.dry_run,
                    actor=job.uploaded_by,
                    partial=job.partial,
                    request=_audit_origin(job),
                )
                _finish(job, JobStatus.DONE, report=report)
        except DomainError as exc:
            _finish(job, JobStatus.FAILED, message=exc.message)
        except Exception:
            logger.exception("Import job %s failed", job_id)
            _finish(
                job,
                JobStatus.FAILED,
                message=_(
                    "The import stopped on an unexpected error. Nothing was saved. "
                    "Try again; if it happens again, tell the administrator."
                ),
            )
            raise
    return job.status


def _audit_origin(job: ImportJob):
    """What `audit_record` reads from a request (the client's address), taken at upload."""
    return SimpleNamespace(META={"REMOTE_ADDR": job.ip_address or ""})


def _keeps_file(job: ImportJob, report: ImportReport | None) -> bool:
    return job.dry_run and report is not None and report.ok and not report.all_unchanged


def _finish(job: ImportJob, status: str, *, report: ImportReport | None = None, message: str = "") -> None:
    job.status = status
    job.finished_at = timezone.now()
    job.report = report.to_json(max_listed=MAX_LISTED) if report is not None else None
    job.message = message
    fields = ["status", "finished_at", "report", "message"]
    if not _keeps_file(job, report):
        job.data, job.ip_address = None, None
        fields += ["data", "ip_address"]
    job.save(update_fields=fields)


def import_job_report(job: ImportJob) -> ImportReport | None:
    return ImportReport.from_json(job.report) if job.report else None


def import_job_awaits_confirmation(job: ImportJob) -> bool:
    """A clean preview whose file is still kept: its uploader may import it."""
    return (
        job.dry_run
        and job.status == JobStatus.DONE
        and job.data is not None
        and job.finished_at is not None
        and job.finished_at > timezone.now() - PREVIEW_KEPT_FOR
    )


def import_job_confirm(*, job: ImportJob, actor: Person, ip_address: str | None = None) -> ImportJob:
    """Import the file of a clean preview: a new job on exactly those bytes; the preview lets go
    of its copy, so a second click imports nothing more."""
    if actor.pk != job.uploaded_by_id:
        raise PermissionDeniedError(_("Only the person who uploaded the file can import it."))
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if not import_job_awaits_confirmation(locked):
            raise DomainError(_("The preview has expired or was replaced. Upload the file again."))
        data = bytes(locked.data)
        locked.data, locked.ip_address = None, None
        locked.save(update_fields=["data", "ip_address"])
        return import_job_create(
            organisation=locked.organisation,
            actor=actor,
            data=data,
            filename=locked.filename,
            dry_run=False,
            partial=locked.partial,
            ip_address=ip_address,
            preview=locked,
        )


def import_job_discard(*, job: ImportJob, actor: Person) -> None:
    """Drop a preview's kept file (the report stays)."""
    if actor.pk != job.uploaded_by_id:
        raise PermissionDeniedError(_("Only the person who uploaded the file can discard it."))
    ImportJob.objects.filter(pk=job.pk, dry_run=True).update(data=None, ip_address=None)


def import_jobs_purge_previews() -> int:
    """Previews nobody confirmed hold personal data: drop their files (every upload calls this)."""
    cutoff = timezone.now() - PREVIEW_KEPT_FOR
    return ImportJob.objects.filter(data__isnull=False, dry_run=True, finished_at__lt=cutoff).update(
        data=None, ip_address=None
    )


def import_job_give_up_if_stale(job: ImportJob) -> ImportJob:
    """A job left running by a worker that stopped (host restart, killed process) is failed, so
    the page does not wait for ever. The import and the job's end commit together, so nothing was
    saved by it."""
    if job.status == JobStatus.RUNNING and job.started_at and job.started_at < timezone.now() - RUNNING_GIVE_UP:
        updated = ImportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            message=_("The import was interrupted. Nothing was saved. Upload the file again."),
            data=None,
            ip_address=None,
        )
        if updated:
            job.refresh_from_db()
    return job
