from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "resultatavtaler.audit"
    label = "audit"
