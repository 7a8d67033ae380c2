from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "resultatavtaler.evaluations"
    label = "evaluations"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from resultatavtaler.home.registry import register
        from resultatavtaler.lib.navigation import register as register_nav

        from .home import tasks_for

        register(tasks_for)
        register_nav(_("Follow-up"), "evaluations:index", visible=lambda person: person is not None, order=30,
                     active=("evaluations:",))
