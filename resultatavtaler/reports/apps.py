from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "resultatavtaler.reports"
    label = "reports"
