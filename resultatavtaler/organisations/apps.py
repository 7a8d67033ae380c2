from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "resultatavtaler.organisations"
    label = "organisations"
