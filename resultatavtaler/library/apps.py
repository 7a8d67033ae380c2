from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "resultatavtaler.library"
    label = "library"
