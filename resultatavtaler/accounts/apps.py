from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "resultatavtaler.accounts"
    label = "accounts"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from resultatavtaler.accounts.permission_memo import forget
        from resultatavtaler.organisations.models import Person, RoleGrant, Unit

        # Who holds which role and who leads which unit: a write empties the request's memo.
        for model in (RoleGrant, Unit, Person):
            post_save.connect(forget, sender=model, dispatch_uid=f"permission_memo_{model.__name__}_save")
            post_delete.connect(forget, sender=model, dispatch_uid=f"permission_memo_{model.__name__}_delete")
