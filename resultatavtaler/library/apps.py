from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _sees_overview(person) -> bool:
    """Process owners and leaders of units (accounts.permissions.can_view_overview), in one
    query: the menu asks on every page."""
    if person is None:
        return False
    from django.db.models import Q

    from resultatavtaler.organisations.constants import GrantedRole
    from resultatavtaler.organisations.models import Person

    return Person.objects.filter(pk=person.pk).filter(
        Q(role_grants__role=GrantedRole.PROCESS_OWNER) | Q(led_units__isnull=False)
    ).exists()


class LibraryConfig(AppConfig):
    name = "resultatavtaler.library"
    label = "library"

    def ready(self) -> None:
        from resultatavtaler.lib.navigation import register

        register(_("Experience library"), "library:index", visible=lambda person: person is not None, order=60,
                 active=("library:",))
        # The process overview lives in the reports app, whose AppConfig belongs to the
        # documents; its menu item is registered here, beside the other process pages.
        register(_("Overview"), "overview:index", visible=_sees_overview, order=50, active=("overview:",))
