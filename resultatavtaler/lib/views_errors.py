"""Friendly error pages that give nothing away (ASVS 5.0 V13.4)."""

from django.shortcuts import render

from resultatavtaler.audit.services import access_refusal_not_audited, audit_access_refused


def permission_denied(request, exception=None):
    """handler403: a missing right. The refusal is recorded in the audit log (who, path,
    address; ASVS V16.3.2) and the page says nothing about the object or the rule."""
    audit_access_refused(request)
    return render(request, "403.html", status=403)


def csrf_failure(request, reason: str = ""):
    """CSRF_FAILURE_VIEW: a form was refused because its security token was missing or stale.

    The reason is not shown — it helps an attacker more than a user; the user is told to
    reload and try again.

    A logged-in session's CSRF failure is a refused request in someone's name (a forged form
    from another site, or a page left open across a new login): audited as `access.refused`
    with reason "csrf". An anonymous one (typically the login form left open too long) has no
    one to name and anyone can cause it without limit, so it stays out of the audit log;
    Django's `django.security.csrf` logger records it in the server log."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        audit_access_refused(request, reason="csrf")
    else:
        access_refusal_not_audited(request)
    return render(request, "csrf_failure.html", status=403)
