from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    AGENCY = "agency", _("Agency")
    DEPARTMENT = "department", _("Department")
    SECTION = "section", _("Section")
    OTHER = "other", _("Unit")


class Language(models.TextChoices):
    BOKMAAL = "nb", "Norsk bokmål"
    NYNORSK = "nn", "Norsk nynorsk"
    ENGLISH = "en", "English"


class GrantedRole(models.TextChoices):
    """Roles granted explicitly; every other role follows from the unit tree (DESIGN.md §1)."""

    PROCESS_OWNER = "process_owner", _("Process owner")
    ADMIN = "admin", _("Administrator")
    PAY = "pay", _("Pay negotiation")
