from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "resultatavtaler.lib"
    label = "lib"
