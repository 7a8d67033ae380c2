from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "resultatavtaler.feedback"
    label = "feedback"
