from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "resultatavtaler.agreements"
    label = "agreements"
