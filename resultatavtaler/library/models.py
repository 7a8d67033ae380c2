"""The experience library (seed 2.9: share experience across departments) and the progress of
the introduction guide (seed 1.3.2) per department."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from resultatavtaler.agreements.constants import Perspective

from .constants import LibraryCategory, LibrarySource


class LibraryEntry(models.Model):
    """A requirement worth reusing: one of the seed's examples, or one a leader chose to share.
    Searchable by everyone in the organisation; copying it into a draft makes an ordinary,
    editable requirement there (nothing links the copy back)."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("requirement"))
    category = models.CharField(_("kind of requirement"), max_length=30, choices=LibraryCategory.choices)
    perspective = models.CharField(_("perspective"), max_length=30, choices=Perspective.choices, blank=True)
    indicators = models.TextField(_("indicators"), blank=True, help_text=_("One indicator per line."))
    evaluation_method = models.TextField(_("evaluation method"), blank=True)
    elements = models.TextField(_("elements"), blank=True, help_text=_("One element per line."))
    source = models.CharField(_("source"), max_length=20, choices=LibrarySource.choices)
    source_reference = models.CharField(_("where it comes from"), max_length=300, blank=True)
    source_agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("shared from the agreement"),
    )
    source_requirement = models.ForeignKey(
        "agreements.Requirement", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )
    language = models.CharField(_("language"), max_length=2, default="nb")
    seed_key = models.CharField(max_length=40, blank=True)
    created_by = models.ForeignKey(
        "organisations.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("shared by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("experience library entry")
        verbose_name_plural = _("experience library entries")
        ordering = ["category", "-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "seed_key"], condition=~models.Q(seed_key=""), name="libraryentry_seed_once"
            ),
            models.UniqueConstraint(
                fields=["organisation", "source_requirement"], condition=models.Q(source_requirement__isnull=False),
                name="libraryentry_requirement_shared_once",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "category"])]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def indicator_list(self) -> list[str]:
        return [line.strip() for line in self.indicators.splitlines() if line.strip()]

    @property
    def element_list(self) -> list[str]:
        return [line.strip() for line in self.elements.splitlines() if line.strip()]


class GuideProgress(models.Model):
    """One ticked item of the introduction guide for one department."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("organisations.Unit", on_delete=models.CASCADE, related_name="+")
    item_key = models.CharField(max_length=20)
    done_by = models.ForeignKey("organisations.Person", on_delete=models.SET_NULL, null=True, related_name="+")
    done_at = models.DateTimeField()

    class Meta:
        verbose_name = _("introduction guide item done")
        verbose_name_plural = _("introduction guide items done")
        ordering = ["unit", "item_key"]
        constraints = [models.UniqueConstraint(fields=["unit", "item_key"], name="guideprogress_once_per_unit")]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.item_key}"
