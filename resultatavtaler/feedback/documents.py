"""The lederprofil as a PDF, made by the task worker (reports/jobs.py): rendering it takes
seconds (WeasyPrint lays out the profile's tables and charts), so it never runs in a request.
The handler asks the same rights as the profile page and audits each download as a read."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from resultatavtaler.accounts import permissions
from resultatavtaler.core_errors import DomainError, PermissionDeniedError
from resultatavtaler.organisations.models import Person
from resultatavtaler.reports.pdf import render_pdf
from resultatavtaler.reports.services import ExportedFile

from . import selectors, services
from .models import FeedbackRound, LeaderProfile
from .presentation import profile_view_model


class LeaderProfilePdf:
    """Handler of reports' DocumentKind.LEADER_PROFILE_PDF; the object id is the round's."""

    def load(self, person: Person | None, round_id: int) -> LeaderProfile:
        fr = (
            FeedbackRound.objects.select_related("leader", "organisation")
            .filter(pk=round_id, organisation_id=getattr(person, "organisation_id", None))
            .first()
        )
        profile = selectors.profile_of(fr) if fr is not None else None
        if profile is None:
            raise DomainError(_("The profile is not ready."), status=404)
        if not permissions.can_view_leader_profile(person, profile):
            raise PermissionDeniedError(_("You may not see this profile."))
        return profile

    def title(self, profile: LeaderProfile) -> str:
        return _("Leadership profile – %(name)s") % {"name": profile.round.leader.name}

    def render(self, profile: LeaderProfile) -> ExportedFile:
        fr = profile.round
        html = render_to_string(
            "feedback/profile_pdf.html",
            {"round": fr, "profile": profile, "p": profile_view_model(profile.data), "for_pdf": True},
        )
        return ExportedFile(
            filename=f"lederprofil-{fr.pk}.pdf", content_type="application/pdf", content=render_pdf(html)
        )

    def downloaded(self, profile: LeaderProfile, person: Person, request=None) -> None:
        services.profile_record_view(profile=profile, actor=person, request=request, fmt="pdf")

    def request_url(self, profile: LeaderProfile) -> str:
        return reverse("feedback:profile_pdf", args=[profile.round_id])

    def back_url(self, profile: LeaderProfile) -> str:
        return reverse("feedback:profile", args=[profile.round_id])
