from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "resultatavtaler.agreements"
    label = "agreements"

    def ready(self) -> None:
        from resultatavtaler.accounts import permissions
        from resultatavtaler.home.registry import register
        from resultatavtaler.lib import navigation

        from .home import agreement_sections, unit_agreements

        register(agreement_sections)
        register(unit_agreements)
        navigation.register(
            _("Agreements"),
            "agreements:list",
            visible=lambda person: person is not None,
            order=20,
            active=("agreements:",),
        )
        navigation.register(
            _("Administration"),
            "agreements:admin",
            visible=permissions.is_process_owner,
            order=80,
            active=(
                "agreements:admin",
                "agreements:period_",
                "agreements:template",
                "agreements:advice_settings",
                "agreements:goal",
                "agreements:common_requirement",
            ),
        )
