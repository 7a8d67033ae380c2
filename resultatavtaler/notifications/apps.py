from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "resultatavtaler.notifications"
    label = "notifications"

    def ready(self) -> None:
        from resultatavtaler.lib.navigation import register

        register(_("Notifications"), "notifications:list", visible=lambda person: person is not None, order=70,
                 active=("notifications:",))
