"""Helpers the agreement pages share: loading objects inside the person's organisation,
turning a refused action (DomainError) into a message, and saying what others changed when
a stale form is refused."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from resultatavtaler.accounts import permissions
from resultatavtaler.audit.models import AuditEvent
from resultatavtaler.audit.services import audit_access_refused
from resultatavtaler.core_errors import DomainError

from ..models import Agreement, Indicator, Requirement, TemplateVersion, localized

# Joined in the agreement's own query. Its template version (with the template) is read by a
# second, two-table query and its organisation is the reader's own (the lookup is scoped to it):
# with those three tables in the join as well, PostgreSQL spent ~6 ms planning a query that runs
# in 0.3 ms, on every agreement page (docs/performance.md).
AGREEMENT_RELATED = ("period", "unit", "leader", "superior", "in_force_version")


def person_of(request):
    """The acting person; a login without an active person may see nothing here."""
    if request.person is None:
        raise PermissionDenied
    return request.person


def agreement_or_404(request, pk: int) -> Agreement:
    """Another organisation's agreement does not exist for the person (404)."""
    person = person_of(request)
    agreement = permissions.get_object_for_person_or_404(
        Agreement.objects.select_related(*AGREEMENT_RELATED), person, pk=pk
    )
    agreement.organisation = person.organisation
    agreement.template_version = TemplateVersion.objects.select_related("template").get(
        pk=agreement.template_version_id
    )
    return agreement


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def requirement_of(agreement: Agreement, pk: int) -> Requirement:
    req = get_object_or_404(Requirement.objects.prefetch_related("indicators"), pk=pk, agreement=agreement)
    req.agreement = agreement
    return req


def indicator_of(agreement: Agreement, pk: int) -> Indicator:
    ind = get_object_or_404(Indicator.objects.select_related("requirement"), pk=pk, requirement__agreement=agreement)
    ind.requirement.agreement = agreement
    return ind


def not_found_or(exc: DomainError) -> DomainError:
    """A refusal at 404 level becomes Http404 (the object does not exist for this person)."""
    if exc.status == 404:
        raise Http404 from exc
    return exc


def audit_if_forbidden(request, exc: DomainError) -> None:
    """A service's refusal for a missing right (403) is a refused authorisation: audited."""
    if exc.status == 403:
        audit_access_refused(request, reason=exc.code)


def lock_from(post) -> int | None:
    value = (post.get("lock_version") or "").strip()
    return int(value) if value.isdigit() else None


def seen_now() -> str:
    return timezone.now().isoformat()


def optional_url(name: str, *args) -> str:
    """The URL if the page exists in this installation (other apps add some), else ""."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


# --- what others changed since the page was shown ------------------------------------


@dataclass
class Change:
    who: str
    when: datetime.datetime
    what: str


def _describe(event: AuditEvent, numbers: dict[int, str], headings: dict[str, str]) -> str | None:
    d = event.data or {}
    number = d.get("number") or numbers.get(d.get("requirement"), "")
    action = event.action
    if action == "agreement.update_sections":
        names = ", ".join(headings.get(k, k) for k in (d.get("sections") or {}))
        return _("changed the text: %(sections)s") % {"sections": names}
    if action == "agreement.publication":
        return _("changed what is published to the unit")
    if action == "requirement.add":
        return _("added the requirement %(number)s %(text)s") % {"number": number, "text": d.get("text", "")}
    if action == "requirement.update":
        return _("changed the requirement %(number)s") % {"number": number}
    if action == "requirement.move":
        return _("moved the requirement %(number)s") % {"number": number}
    if action == "requirement.remove":
        return _("removed the requirement %(number)s %(text)s") % {"number": number, "text": d.get("text", "")}
    if action.startswith("indicator."):
        return _("changed the indicators") + (f" ({number})" if number else "")
    labels = {
        "agreement.submit": _("submitted the agreement"),
        "agreement.return": _("returned the agreement with comments"),
        "agreement.sign": _("signed the agreement"),
        "agreement.renegotiate": _("started a renegotiation"),
        "agreement.set_superior": _("named another superior"),
        "agreement.share_with_unit": None,
        "agreement.comment": None,
        "agreement.signature_voided": None,
    }
    if action in labels:
        return labels[action]
    return _("changed the agreement")


def changes_since(agreement: Agreement, seen_at: str | None) -> list[Change]:
    """What others did to the agreement after the page with the form was shown."""
    when = parse_datetime(seen_at or "")
    if when is None:
        return []
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    events = AuditEvent.objects.filter(
        organisation_id=agreement.organisation_id,
        object_type=Agreement._meta.label_lower,
        object_id=str(agreement.pk),
        created_at__gt=when,
    ).order_by("id")[:50]
    numbers = dict(Requirement.objects.filter(agreement=agreement).values_list("pk", "number"))
    headings = {s["key"]: localized(s.get("heading")).rstrip(":") for s in agreement.template_version.sections}
    out = []
    for ev in events:
        what = _describe(ev, numbers, headings)
        if what:
            out.append(Change(who=ev.actor_label, when=ev.created_at, what=what))
    return out


def stale_context(agreement: Agreement, exc: DomainError, seen_at: str | None) -> dict:
    """The page parts that explain a refused stale save."""
    if exc.code != "stale":
        return {"error": exc}
    return {"error": exc, "stale_changes": changes_since(agreement, seen_at)}
