from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "resultatavtaler.api"
    label = "api"
