from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "resultatavtaler.feedback"
    label = "feedback"

    def ready(self) -> None:
        from resultatavtaler.home.registry import register

        from .tasks_home import feedback_tasks

        register(feedback_tasks)
