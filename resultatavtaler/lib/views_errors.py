"""Friendly error pages that give nothing away (ASVS 5.0 V13.4)."""

from django.shortcuts import render


def csrf_failure(request, reason: str = ""):
    """CSRF_FAILURE_VIEW: a form was refused because its security token was missing or stale.

    The reason is not shown — it helps an attacker more than a user; the user is told to
    reload and try again."""
    return render(request, "csrf_failure.html", status=403)
