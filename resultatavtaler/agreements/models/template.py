"""Templates (maler) and their immutable versions, and the common requirements
(felles krav / lederkriterier) that fill a template's common categories."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ..constants import Perspective


def localized(value, language: str | None = None) -> str:
    """Pick one language from a {"nb": …, "nn": …, "en": …} mapping (bokmål as fallback)."""
    if not isinstance(value, dict):
        return value or ""
    lang = (language or translation.get_language() or "nb")[:2]
    if lang == "no":
        lang = "nb"
    return value.get(lang) or value.get("nb") or next((v for v in value.values() if v), "")


class Template(models.Model):
    """The shape of an agreement. Built-in templates (the seed's appendix) belong to no
    organisation and are read-only; process owners copy and tailor them."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="templates"
    )
    key = models.SlugField(_("key"), max_length=60)
    name_nb = models.CharField(_("name (bokmål)"), max_length=200)
    name_nn = models.CharField(_("name (nynorsk)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    is_builtin = models.BooleanField(_("built in"), default=False)
    based_on = models.ForeignKey(
        "TemplateVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("copied from"),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("template")
        verbose_name_plural = _("templates")
        ordering = ["-is_builtin", "name_nb"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="template_key_unique_in_organisation"),
            models.UniqueConstraint(
                fields=["key"], condition=models.Q(organisation__isnull=True), name="template_builtin_key_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized({"nb": self.name_nb, "nn": self.name_nn, "en": self.name_en})

    def latest_version(self) -> "TemplateVersion | None":
        return self.versions.order_by("-number").first()


class TemplateVersion(models.Model):
    """One immutable version of a template. Editing a template creates a new version; an
    agreement points at the version it was made on, so it never changes under it.

    `content` (validated by agreements.template_content.validate_content):
    title, header_fields, requirements_heading, sections (ordered: key, heading, guidance,
    default_text, max_lines, public_default, placement), categories (ordered: key, number,
    title, guidance, recommended_min/max, is_common, prefilled, columns, column_headings,
    examples), scale (ordered: value, label), signature_block. Texts are {"nb","nn","en"}.
    """

    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        "organisations.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("template version")
        verbose_name_plural = _("template versions")
        ordering = ["template", "number"]
        constraints = [models.UniqueConstraint(fields=["template", "number"], name="templateversion_unique")]

    def __str__(self) -> str:
        return f"{self.template} v{self.number}"

    # Small readers of the JSON content, used by services, advice and pages.
    @property
    def sections(self) -> list[dict]:
        return self.content.get("sections", [])

    @property
    def categories(self) -> list[dict]:
        return self.content.get("categories", [])

    @property
    def scale(self) -> list[dict]:
        return self.content.get("scale", [])

    def category(self, key: str) -> dict | None:
        return next((c for c in self.categories if c["key"] == key), None)

    def section(self, key: str) -> dict | None:
        return next((s for s in self.sections if s["key"] == key), None)


class CommonRequirement(models.Model):
    """A requirement common to every leader in a unit subtree (null unit: the whole
    organisation) for a period; it appears read-only in each agreement below, in the
    template category with `category_key`."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="common_requirements"
    )
    period = models.ForeignKey("agreements.Period", on_delete=models.CASCADE, related_name="common_requirements")
    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="common_requirements",
        verbose_name=_("for the unit and everything below it"),
    )
    category_key = models.CharField(_("category"), max_length=60)
    number = models.CharField(_("number"), max_length=20, blank=True)
    position = models.PositiveIntegerField(default=0)
    text = models.TextField(_("requirement"))
    indicators = models.JSONField(_("indicators"), default=list, blank=True)
    evaluation_method = models.TextField(_("evaluation method"), blank=True)
    elements = models.JSONField(_("elements"), default=list, blank=True)
    perspective = models.CharField(_("perspective"), max_length=30, choices=Perspective.choices, blank=True)
    author = models.ForeignKey(
        "organisations.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("common requirement")
        verbose_name_plural = _("common requirements")
        ordering = ["period", "category_key", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.text[:60]}".strip()
