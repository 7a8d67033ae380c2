"""Choices of the integration API."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TokenScope(models.TextChoices):
    """What an organisation's API token may do (docs/api.md, "What a token may see")."""

    READ = "read", _("Read")
    WRITE = "write", _("Read and write")


# The visible start of every token ("ra_" + prefix), so that a leaked token is recognisable
# in logs and by secret scanners, and the prefix finds the row without trying every hash.
TOKEN_MARK = "ra_"  # noqa: S105 — a visible marker, not a secret
PREFIX_LENGTH = 8
