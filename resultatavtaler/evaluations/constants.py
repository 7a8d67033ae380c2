"""Choices of the follow-up and assessment domain (DESIGN.md §2–3, §5), with translated labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Seed (Plan for resultatvurdering): the note goes to the superior "minst en uke før samtalen".
SELF_EVALUATION_LEAD_DAYS = 7


class InputGroup(models.TextChoices):
    """Who is asked in an input request (innhenting av synspunkter); each group is its own
    anonymity group (DESIGN.md §5)."""

    EMPLOYEES = "employees", _("Employees")
    UNION = "union", _("Union representatives")
    LEADERS = "leaders", _("Leaders")
    OTHERS = "others", _("Others")


INPUT_GROUP_ORDER = (InputGroup.EMPLOYEES, InputGroup.UNION, InputGroup.LEADERS, InputGroup.OTHERS)


class InputRequestState(models.TextChoices):
    OPEN = "open", _("Open for answers")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")
