from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "resultatavtaler.api"
    label = "api"

    def ready(self) -> None:
        from resultatavtaler.accounts import permissions
        from resultatavtaler.lib import navigation

        # The organisation's administrators find the token page in the main menu.
        navigation.register(
            _("API tokens"),
            "api:tokens",
            visible=permissions.can_manage_api_tokens,
            order=90,
            active=("api:",),
        )
