from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "resultatavtaler.evaluations"
    label = "evaluations"
