"""The upload page of the HR import, for process owners and administrators.

Flow: upload with "preview only" (the default) → the dry-run report; when it is clean, the
upload is kept server-side (default storage, under a random name, never a name from the user)
and the "Import" button runs the real import on exactly those bytes (checked by SHA-256).
Unticking "preview only" imports at once; either way the import is atomic.
"""

import contextlib
import hashlib
import secrets
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from resultatavtaler.accounts import permissions

from .forms import ImportUploadForm
from .importer import COLUMNS, ImportSource, organisation_import

SESSION_KEY = "organisation_import_pending"
UPLOAD_DIR = "imports"
PENDING_MAX_AGE = timedelta(hours=12)
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
    report, pending = None, None
    if request.method == "POST" and request.POST.get("action") == "confirm":
        return _confirm(request, person)
    if request.method == "POST" and request.POST.get("action") == "cancel":
        _discard_pending(request)
        messages.info(request, _("The preview was discarded. Nothing was imported."))
        return redirect("organisations:import")
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            _discard_pending(request)
            upload = form.cleaned_data["file"]
            data = upload.read()
            filename = Path(upload.name or "").name[:200]
            report = organisation_import(
                organisation=organisation,
                rows_source=ImportSource(data=data, filename=filename),
                dry_run=form.cleaned_data["dry_run"],
                actor=person,
                partial=form.cleaned_data["partial"],
                request=request,
            )
            if report.dry_run and report.ok and not report.all_unchanged:
                pending = _keep_pending(request, data, filename, report.partial, person)
            form = ImportUploadForm(initial={"partial": form.cleaned_data["partial"]})
    else:
        form = ImportUploadForm()
    return render(request, "organisations/import.html", _context(organisation, form, report, pending))


def _context(organisation, form, report, pending):
    return {
        "organisation": organisation,
        "form": form,
        "report": report,
        "pending": pending,
        "columns": COLUMNS,
        "max_listed": 500,
    }


def _confirm(request, person):
    pending = request.session.get(SESSION_KEY)
    token = request.POST.get("token", "")
    data = None
    if (
        pending
        and constant_time_compare(token, pending["token"])
        and pending["person"] == person.pk
        and pending["organisation"] == person.organisation_id
    ):
        try:
            with default_storage.open(pending["name"], "rb") as fh:
                data = fh.read()
        except OSError:
            data = None
        if data is not None and hashlib.sha256(data).hexdigest() != pending["sha256"]:
            data = None
    if data is None:
        _discard_pending(request)
        messages.error(request, _("The preview has expired or was replaced. Upload the file again."))
        return redirect("organisations:import")
    report = organisation_import(
        organisation=person.organisation,
        rows_source=ImportSource(data=data, filename=pending["filename"]),
        dry_run=False,
        actor=person,
        partial=pending["partial"],
        request=request,
    )
    _discard_pending(request)
    form = ImportUploadForm(initial={"partial": pending["partial"]})
    return render(request, "organisations/import.html", _context(person.organisation, form, report, None))


def _keep_pending(request, data: bytes, filename: str, partial: bool, person) -> dict:
    _purge_stale_uploads()
    name = default_storage.save(f"{UPLOAD_DIR}/{secrets.token_hex(16)}.upload", ContentFile(data))
    pending = {
        "token": secrets.token_urlsafe(24),
        "name": name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "filename": filename,
        "partial": partial,
        "person": person.pk,
        "organisation": person.organisation_id,
    }
    request.session[SESSION_KEY] = pending
    return pending


def _discard_pending(request) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        with contextlib.suppress(OSError):
            default_storage.delete(pending["name"])


def _purge_stale_uploads() -> None:
    """Kept uploads hold personal data: drop those whose preview was never confirmed."""
    try:
        _dirs, files = default_storage.listdir(UPLOAD_DIR)
    except (OSError, NotImplementedError):
        return
    cutoff = timezone.now() - PENDING_MAX_AGE
    for name in files:
        path = f"{UPLOAD_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
        except (OSError, NotImplementedError):
            continue


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
