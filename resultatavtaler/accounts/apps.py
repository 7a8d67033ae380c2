from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "resultatavtaler.accounts"
    label = "accounts"
