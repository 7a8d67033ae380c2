from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "resultatavtaler.evaluations"
    label = "evaluations"

    def ready(self):
        from resultatavtaler.home.registry import register

        from .home import tasks_for

        register(tasks_for)
