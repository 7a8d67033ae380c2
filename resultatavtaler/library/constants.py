"""Choices of the experience library and the introduction guide, with translated labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LibraryCategory(models.TextChoices):
    """The three kinds of requirement the seed's agreements hold (chapter 2.4, 2.6)."""

    PROFESSIONAL = "professional", _("Professional requirement")
    PERSONAL_DEVELOPMENT = "personal_development", _("Personal development goal as a leader")
    COMMON_LEADERSHIP = "common_leadership", _("Common leadership requirement")


class LibrarySource(models.TextChoices):
    SEED_EXAMPLE = "seed_example", _("Example from the Statskonsult note (2003)")
    SHARED = "shared", _("Shared by a leader")


# Template category keys → the library's kind (the built-in templates' keys; others: professional).
CATEGORY_BY_TEMPLATE_KEY = {
    "professional": LibraryCategory.PROFESSIONAL,
    "personal_development": LibraryCategory.PERSONAL_DEVELOPMENT,
    "general": LibraryCategory.COMMON_LEADERSHIP,
    "focus_areas": LibraryCategory.COMMON_LEADERSHIP,
}
