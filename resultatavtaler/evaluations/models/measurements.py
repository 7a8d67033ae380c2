"""Dated values of an indicator (DESIGN.md §2 Measurement), entered by hand or imported."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeasurementImport(models.Model):
    """One imported file (CSV/XLSX) for one agreement: what it wrote, for the report."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="measurement_imports")
    filename = models.CharField(_("file"), max_length=255)
    file_sha256 = models.CharField(max_length=64)
    imported_by = models.ForeignKey("organisations.Person", on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.PositiveIntegerField(_("new values"), default=0)
    updated = models.PositiveIntegerField(_("changed values"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged values"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("measurement import")
        verbose_name_plural = _("measurement imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.filename


class Measurement(models.Model):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey("agreements.Indicator", on_delete=models.CASCADE, related_name="measurements")
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=3)
    source = models.CharField(_("source"), max_length=200, blank=True, default="")
    entered_by = models.ForeignKey("organisations.Person", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    batch = models.ForeignKey(MeasurementImport, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="measurements")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator", "date", "source"]
        constraints = [
            # Re-importing the same file finds its rows again (upsert on this key).
            models.UniqueConstraint(fields=["indicator", "date", "source"], name="measurement_unique_per_source"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.date}: {self.value}"
