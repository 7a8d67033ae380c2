from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    """Documents made by the task worker (jobs.py); each kind has a handler that checks the
    right, renders and audits the download."""

    LEADER_PROFILE_PDF = "leader_profile_pdf", _("Leadership profile (PDF)")
