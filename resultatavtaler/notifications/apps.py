from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "resultatavtaler.notifications"
    label = "notifications"
