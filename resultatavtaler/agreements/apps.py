from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "resultatavtaler.agreements"
    label = "agreements"

    def ready(self) -> None:
        from resultatavtaler.home.registry import register

        from .home import agreement_tasks, supervised_agreements, unit_agreements

        register(agreement_tasks)
        register(supervised_agreements)
        register(unit_agreements)
