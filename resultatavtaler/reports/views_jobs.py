"""Pages of documents made in the background (jobs.py): the page that asks for one, the job's
page (polled with htmx, with a plain refresh link without JavaScript) and the download. A job
is its requester's only: anyone else, in the organisation or not, gets 404."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from resultatavtaler.accounts.permissions import get_object_for_person_or_404
from resultatavtaler.audit.services import audit_access_refused
from resultatavtaler.core_errors import DomainError
from resultatavtaler.lib.jobs import ACTIVE, POLL_SECONDS, QUEUED_HINT_AFTER, JobStatus

from .jobs import (
    KEPT_FOR,
    document_handler,
    document_job_expired,
    document_job_file,
    document_job_give_up_if_stale,
    document_job_ready,
    document_job_request,
)
from .models import DocumentJob
from .views import _file_response


def _raise(request, error: DomainError):
    if error.status == 403:
        audit_access_refused(request, reason=error.code)  # with the reason; handler403 then adds none
        raise PermissionDenied(error.message)
    raise Http404(error.message)


def document_request(request, *, kind: str, object_id: int):
    """The page behind a "Download as PDF" link: GET offers to make the document (and shows one
    made in the last hour); POST makes the job and goes to its page. The caller has checked the
    right; the service asks again."""
    person = request.person
    if request.method == "POST":
        try:
            job = document_job_request(kind=kind, object_id=object_id, actor=person)
        except DomainError as error:
            _raise(request, error)
        return redirect("reports:document_job", pk=job.pk)
    handler = document_handler(kind)
    try:
        obj = handler.load(person, object_id)
    except DomainError as error:
        _raise(request, error)
    latest = (
        DocumentJob.objects.filter(requested_by=person, kind=kind, object_id=object_id)
        .exclude(status=JobStatus.FAILED)
        .first()
    )
    if latest is not None and document_job_expired(latest):
        latest = None
    return render(
        request,
        "reports/document_request.html",
        {
            "title": handler.title(obj),
            "back_url": handler.back_url(obj),
            "latest": latest,
            "latest_ready": latest is not None and document_job_ready(latest),
        },
    )


def _job_for(request, pk: int):
    job = get_object_for_person_or_404(
        DocumentJob.objects.filter(requested_by_id=getattr(request.person, "pk", None)).defer("content"),
        request.person,
        pk=pk,
    )
    handler = document_handler(job.kind)
    try:
        obj = handler.load(request.person, job.object_id)
    except DomainError as error:
        _raise(request, error)
    return job, handler, obj


@login_required
@never_cache
@require_GET
def document_job(request, pk: int):
    job, handler, obj = _job_for(request, pk)
    job = document_job_give_up_if_stale(job)
    worker_hint = job.status == JobStatus.QUEUED and job.created_at < timezone.now() - QUEUED_HINT_AFTER
    phase = f"{job.status}-late" if worker_hint else job.status
    is_htmx = request.headers.get("HX-Request") == "true"
    if is_htmx and job.status in ACTIVE and request.GET.get("seen") == phase:
        return HttpResponse(status=204)
    ready = job.status == JobStatus.DONE and DocumentJob.objects.filter(pk=job.pk, content__isnull=False).exists()
    context = {
        "job": job,
        "title": handler.title(obj),
        "back_url": handler.back_url(obj),
        "request_url": handler.request_url(obj),
        "active": job.status in ACTIVE,
        "phase": phase,
        "poll_seconds": POLL_SECONDS,
        "worker_hint": worker_hint,
        "ready": ready and job.finished_at is not None and job.finished_at >= timezone.now() - KEPT_FOR,
        "kept_until": job.finished_at + KEPT_FOR if job.finished_at else None,
    }
    template = "reports/document_job_update.html" if is_htmx else "reports/document_job.html"
    return render(request, template, context)


@login_required
@never_cache
@require_GET
def document_job_download(request, pk: int):
    job, _handler, _obj = _job_for(request, pk)
    job = DocumentJob.objects.get(pk=job.pk)  # with the file
    try:
        file = document_job_file(job=job, actor=request.person, request=request)
    except DomainError as error:
        if error.status in (403, 404):
            _raise(request, error)
        return redirect("reports:document_job", pk=job.pk)
    return _file_response(file)
