"""Exemptions from public access (offentleglova) for an agreement's text sections.

An agreement is a public document that anyone may ask to see (offentleglova § 3). Parts of it
may be exempt with a legal basis — typically personal matters under a duty of confidentiality
(offl. § 13 jf. fvl. § 13) or documents in an appointment case (offl. § 25 andre ledd). The
exemption names the section by key, so it applies to every version of the agreement; a
redacted copy (lib/privacy/redaction.py) replaces the section's text with the stamp and the
legal basis.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import ExemptionBasis


class SectionExemption(models.Model):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="exemptions")
    section_key = models.CharField(_("section"), max_length=60)
    basis = models.CharField(_("legal basis"), max_length=20, choices=ExemptionBasis.choices)
    basis_text = models.CharField(
        _("legal basis, in words"),
        max_length=200,
        blank=True,
        help_text=_("Required for another legal basis; otherwise an optional addition, e.g. the paragraph."),
    )
    decided_by = models.ForeignKey(
        "organisations.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"))

    class Meta:
        verbose_name = _("exemption from public access")
        verbose_name_plural = _("exemptions from public access")
        ordering = ["agreement", "section_key"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "section_key"], name="sectionexemption_one_per_section")
        ]

    def __str__(self) -> str:
        return f"{self.section_key}: {self.legal_basis}"

    @property
    def legal_basis(self) -> str:
        """The citation as it is printed in the redacted copy."""
        if self.basis == ExemptionBasis.OTHER:
            return self.basis_text
        citation = EXEMPTION_CITATIONS.get(self.basis, "")
        return f"{citation} ({self.basis_text})" if self.basis_text else citation


# Legal citations are the same in every language (Norwegian statute references).
EXEMPTION_CITATIONS = {
    "offl_13_fvl_13": "offl. § 13 jf. fvl. § 13",
    "offl_13_other": "offl. § 13",
    "offl_14": "offl. § 14",
    "offl_15": "offl. § 15",
    "offl_23_1": "offl. § 23 første ledd",
    "offl_25_2": "offl. § 25 andre ledd",
}
