"""Assessment scales an organisation defines besides the template's (DESIGN.md §2: "Organisations
may define another scale; stored values keep their scale")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scale(models.Model):
    """`levels` has the template's shape: [{"value": 1, "label": {"nb", "nn", "en"}}, ...] in
    ascending order. The scale `in_use` replaces the template's scale for new evaluations in the
    organisation; ratings already given keep a copy of the scale they were given on."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=120)
    levels = models.JSONField(_("levels"))
    in_use = models.BooleanField(_("in use"), default=False)
    created_by = models.ForeignKey("organisations.Person", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assessment scale")
        verbose_name_plural = _("assessment scales")
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="scale_name_unique_in_organisation"),
            models.UniqueConstraint(fields=["organisation"], condition=models.Q(in_use=True),
                                    name="scale_one_in_use_per_organisation"),
        ]

    def __str__(self) -> str:
        return self.name
