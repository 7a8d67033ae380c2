"""Documents made in the background (jobs.py): the request stores a DocumentJob, the task worker
renders it, and the person who asked downloads it from the job's page."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from resultatavtaler.lib.jobs import JobStatus
from resultatavtaler.organisations.models import Organisation, Person

from .constants import DocumentKind


class DocumentJob(models.Model):
    """One document asked for by one person. Only that person sees the job; the right to the
    object is asked again when the document is made and when it is downloaded. The file is held
    in the database (any worker host writes it, any app server serves it) for KEPT_FOR only."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="document_jobs", verbose_name=_("requested by")
    )
    kind = models.CharField(_("kind"), max_length=40, choices=DocumentKind.choices)
    object_id = models.PositiveBigIntegerField()
    language = models.CharField(max_length=10, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    content = models.BinaryField(null=True)
    size = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("document job")
        verbose_name_plural = _("document jobs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "kind", "object_id"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"
