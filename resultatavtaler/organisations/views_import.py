"""The upload page of the HR import, for process owners and administrators.

Flow: the upload is stored as an import job and the task worker runs the importer on it
(importer/jobs.py); the browser goes to the job's page, which shows queued / running / the
report / the failure, asks for news every few seconds with htmx, and has a plain "Refresh"
link without JavaScript. "Preview only" (the default) makes a preview; a clean one offers
"Import", which imports exactly the previewed bytes as a new job. Either way the import is atomic.
"""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from resultatavtaler.accounts import permissions
from resultatavtaler.audit.services import client_ip
from resultatavtaler.core_errors import DomainError
from resultatavtaler.lib.jobs import ACTIVE, POLL_SECONDS, QUEUED_HINT_AFTER, JobStatus

from .forms import ImportUploadForm
from .importer import COLUMNS
from .importer.jobs import (
    MAX_LISTED,
    import_job_awaits_confirmation,
    import_job_confirm,
    import_job_create,
    import_job_discard,
    import_job_give_up_if_stale,
    import_job_report,
)
from .models import ImportJob

RECENT_JOBS = 10
SAMPLES = {
    "csv": ("hr-eksport.csv", "text/csv; charset=utf-8"),
    "xlsx": ("hr-eksport.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def _importer(request):
    person = request.person
    if not permissions.can_import_organisation(person):
        raise PermissionDenied
    return person


@login_required
def import_upload(request):
    person = _importer(request)
    organisation = person.organisation
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job = import_job_create(
                    organisation=organisation,
                    actor=person,
                    data=upload.read(),
                    filename=Path(upload.name or "").name[:200],
                    dry_run=form.cleaned_data["dry_run"],
                    partial=form.cleaned_data["partial"],
                    ip_address=client_ip(request),
                )
            except DomainError as exc:
                raise PermissionDenied(exc.message) from exc
            return redirect("organisations:import_job", pk=job.pk)
    else:
        form = ImportUploadForm()
    recent = ImportJob.objects.filter(organisation=organisation).defer("data", "report")[:RECENT_JOBS]
    return render(
        request,
        "organisations/import.html",
        {
            "organisation": organisation,
            "form": form,
            "columns": COLUMNS,
            "recent_jobs": recent,
        },
    )


@login_required
@never_cache
def import_job(request, pk: int):
    """The job's page. With htmx (`HX-Request`) only the status block, or 204 while the status
    is still the one the page shows (`seen`), so nothing on the page changes or is re-read."""
    job = permissions.get_object_for_person_or_404(ImportJob.objects.select_related("preview"), request.person, pk=pk)
    person = _importer(request)
    if request.method == "POST":
        return _confirm_or_discard(request, job, person)
    job = import_job_give_up_if_stale(job)
    worker_hint = job.status == JobStatus.QUEUED and job.created_at < timezone.now() - QUEUED_HINT_AFTER
    phase = f"{job.status}-late" if worker_hint else job.status
    is_htmx = request.headers.get("HX-Request") == "true"
    if is_htmx and job.status in ACTIVE and request.GET.get("seen") == phase:
        return HttpResponse(status=204)
    context = {
        "job": job,
        "report": import_job_report(job),
        "max_listed": MAX_LISTED,
        "active": job.status in ACTIVE,
        "phase": phase,
        "poll_seconds": POLL_SECONDS,
        "worker_hint": worker_hint,
        "can_confirm": import_job_awaits_confirmation(job) and job.uploaded_by_id == person.pk,
        "imported_as": job.confirmed_imports.order_by("-created_at").first() if job.dry_run else None,
    }
    template = "organisations/import_job_update.html" if is_htmx else "organisations/import_job.html"
    return render(request, template, context)


def _confirm_or_discard(request, job: ImportJob, person):
    action = request.POST.get("action")
    try:
        if action == "confirm":
            real = import_job_confirm(job=job, actor=person, ip_address=client_ip(request))
            return redirect("organisations:import_job", pk=real.pk)
        if action == "cancel":
            import_job_discard(job=job, actor=person)
            messages.info(request, _("The preview was discarded. Nothing was imported."))
            return redirect("organisations:import")
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
        return redirect("organisations:import")
    return redirect("organisations:import_job", pk=job.pk)


@login_required
@require_GET
def import_sample(request, fmt: str):
    """The documented sample file (docs/samples), so a process owner can start from it."""
    _importer(request)
    if fmt not in SAMPLES:
        raise Http404
    filename, content_type = SAMPLES[fmt]
    path = Path(settings.BASE_DIR) / "docs" / "samples" / filename
    if not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
