from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _sees_overview(person) -> bool:
    """Process owners and leaders of units (accounts.permissions.can_view_overview); the menu
    asks on every page, and the answer comes from the request's memo of the reader's grants and
    led units, which the page's own checks share."""
    from resultatavtaler.accounts.permissions import can_view_overview

    return can_view_overview(person)


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
