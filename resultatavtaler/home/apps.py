from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "resultatavtaler.home"
    label = "home"
