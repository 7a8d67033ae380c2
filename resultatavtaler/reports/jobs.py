"""Documents made by the task worker (DESIGN.md §7: nothing that takes seconds runs in a request).

A page that offers such a document calls `document_job_request(...)` (through
views_jobs.document_request) and sends the browser to the job's page, which polls until the
document is ready and then offers the download. Each kind of document has a handler, named in
HANDLERS by its import path so this app does not import the apps it serves:

    load(person, object_id) -> obj       the object, if the person may have the document
                                         (DomainError with status 404 or 403 otherwise)
    title(obj) -> str                    what the pages call the document
    render(obj) -> ExportedFile          the document (runs in the worker, in the job's language)
    downloaded(obj, person, request)     the audit of the download (a read of personal data)
    request_url(obj), back_url(obj)      where to ask again, and the page the document is of

The right is asked when the job is made, when it runs and when the file is downloaded, so a
right withdrawn meanwhile (a profile no longer shared) stops the download. The file is kept for
KEPT_FOR after it is made; the rows go after ROWS_KEPT_FOR (they only say who asked for what,
which the audit log also has once the file is downloaded).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import cache

from django.db import transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from resultatavtaler.core_errors import DomainError
from resultatavtaler.lib.jobs import ACTIVE, RUNNING_GIVE_UP, JobStatus
from resultatavtaler.organisations.models import Person

from .constants import DocumentKind
from .models import DocumentJob
from .services import ExportedFile

logger = logging.getLogger(__name__)

HANDLERS = {
    DocumentKind.LEADER_PROFILE_PDF: "resultatavtaler.feedback.documents.LeaderProfilePdf",
}
KEPT_FOR = timedelta(hours=1)
ROWS_KEPT_FOR = timedelta(days=7)


@cache
def document_handler(kind: str):
    return import_string(HANDLERS[kind])()


def document_job_request(*, kind: str, object_id: int, actor: Person, language: str = "") -> DocumentJob:
    """The job that makes this document for `actor`: one already under way, or a new one."""
    handler = document_handler(kind)
    handler.load(actor, object_id)
    document_jobs_purge()
    language = language or translation.get_language() or ""
    under_way = (
        DocumentJob.objects.filter(
            requested_by=actor, kind=kind, object_id=object_id, language=language, status__in=ACTIVE
        )
        .defer("content")
        .first()
    )
    if under_way is not None and document_job_give_up_if_stale(under_way).status in ACTIVE:
        return under_way
    with transaction.atomic():
        job = DocumentJob.objects.create(
            organisation_id=actor.organisation_id,
            requested_by=actor,
            kind=kind,
            object_id=object_id,
            language=language,
        )
        # The database backend commits the task row with the job; the immediate one (tests) runs it here.
        from .tasks import document_job_task

        result = document_job_task.enqueue(job_id=job.pk)
        DocumentJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def document_job_run(*, job_id: int) -> str:
    """Make the document (the task's body). Returns the job's final status."""
    claimed = DocumentJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:  # delivered twice, or no longer queued
        return ""
    job = DocumentJob.objects.select_related("requested_by__organisation").get(pk=job_id)
    handler = document_handler(job.kind)
    with translation.override(job.language or None):
        try:
            obj = handler.load(job.requested_by, job.object_id)
            file = handler.render(obj)
        except DomainError as exc:
            _finish(job, JobStatus.FAILED, message=exc.message)
        except Exception:
            logger.exception("Document job %s failed", job_id)
            _finish(
                job,
                JobStatus.FAILED,
                message=_("The document could not be made. Try again; if it happens again, tell the administrator."),
            )
            raise
        else:
            _finish(job, JobStatus.DONE, file=file)
    return job.status


def _finish(job: DocumentJob, status: str, *, file: ExportedFile | None = None, message: str = "") -> None:
    job.status, job.finished_at, job.message = status, timezone.now(), message
    if file is not None:
        job.filename, job.content_type, job.content, job.size = (
            file.filename[:200],
            file.content_type,
            file.content,
            len(file.content),
        )
    job.save(update_fields=["status", "finished_at", "message", "filename", "content_type", "content", "size"])


def document_job_ready(job: DocumentJob) -> bool:
    return job.status == JobStatus.DONE and job.content is not None and not document_job_expired(job)


def document_job_expired(job: DocumentJob) -> bool:
    return job.status == JobStatus.DONE and (
        job.content is None or (job.finished_at is not None and job.finished_at < timezone.now() - KEPT_FOR)
    )


def document_job_file(*, job: DocumentJob, actor: Person, request=None) -> ExportedFile:
    """The made document, for the person who asked for it, audited as a read."""
    if job.requested_by_id != actor.pk:
        raise DomainError(_("This document was made for someone else."), status=404)
    handler = document_handler(job.kind)
    obj = handler.load(actor, job.object_id)
    if not document_job_ready(job):
        raise DomainError(_("The document is not ready, or is no longer kept. Make it again."), status=409)
    handler.downloaded(obj, actor, request)
    return ExportedFile(filename=job.filename, content_type=job.content_type, content=bytes(job.content))


def document_jobs_purge() -> None:
    """Made documents hold personal data: drop the files after KEPT_FOR, the rows after ROWS_KEPT_FOR."""
    now = timezone.now()
    DocumentJob.objects.filter(created_at__lt=now - ROWS_KEPT_FOR).delete()
    DocumentJob.objects.filter(content__isnull=False, finished_at__lt=now - KEPT_FOR).update(content=None)


def document_job_give_up_if_stale(job: DocumentJob) -> DocumentJob:
    """A job left running by a worker that stopped is failed, so nobody waits for it for ever."""
    if job.status == JobStatus.RUNNING and job.started_at and job.started_at < timezone.now() - RUNNING_GIVE_UP:
        updated = DocumentJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            message=_("Making the document was interrupted. Make it again."),
        )
        if updated:
            job.refresh_from_db()
    return job
