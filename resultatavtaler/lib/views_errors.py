"""Friendly error pages that give nothing away (ASVS 5.0 V13.4)."""

from django.shortcuts import render

from resultatavtaler.audit.services import audit_access_refused


def permission_denied(request, exception=None):
    """handler403: a missing right. The refusal is recorded in the audit log (who, path,
    address; ASVS V16.3.2) and the page says nothing about the object or the rule."""
    audit_access_refused(request)
    return render(request, "403.html", status=403)


def csrf_failure(request, reason: str = ""):
    """CSRF_FAILURE_VIEW: a form was refused because its security token was missing or stale.

    The reason is not shown — it helps an attacker more than a user; the user is told to
    reload and try again."""
    return render(request, "csrf_failure.html", status=403)
