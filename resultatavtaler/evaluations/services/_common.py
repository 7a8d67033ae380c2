"""Helpers the evaluation services share: refusals, loading and locking, notifications."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from resultatavtaler.agreements.models import Agreement
from resultatavtaler.core_errors import DomainError, PermissionDeniedError
from resultatavtaler.notifications.services import notify


def not_found() -> DomainError:
    return DomainError(_("The agreement was not found."), code="not_found", status=404)


def require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDeniedError(message or _("You do not have permission to do this."))


def ensure_same_organisation(actor, obj) -> None:
    if actor is None or getattr(obj, "organisation_id", None) != actor.organisation_id:
        raise not_found()


def lock(agreement: Agreement) -> Agreement:
    return Agreement.objects.select_for_update().select_related(
        "leader", "superior", "period", "unit", "template_version", "organisation"
    ).get(pk=agreement.pk)


def evaluation_url(agreement: Agreement) -> str:
    return settings.SITE_URL + reverse("evaluations:agreement", args=[agreement.pk])


def notify_about(*, person, agreement: Agreement, kind: str, template: str, context: dict | None = None,
                 url: str | None = None, attachments=None) -> None:
    """In-app notice now, e-mail after commit (notify's rule), in the recipient's language."""
    if person is None:
        return
    ctx = {
        "leader_name": agreement.leader.name,
        "superior_name": agreement.superior.name,
        "period_name": agreement.period.name,
        **(context or {}),
    }
    notify(person=person, kind=kind, template=template, context=ctx, url=url or evaluation_url(agreement),
           attachments=attachments)
