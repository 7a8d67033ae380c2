"""Login, failed login and logout are audit events with the client's address (ASVS V16.3)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .services import audit_record


def _person(user):
    if user is None:
        return None
    # Person lives in organisations; look it up without assuming the reverse accessor exists.
    from resultatavtaler.organisations.models import Person

    return Person.objects.select_related("organisation").filter(user=user).first()


@receiver(user_logged_in, dispatch_uid="audit_login")
def _audit_login(sender, request, user, **kwargs):
    person = _person(user)
    audit_record(
        action="auth.login",
        actor=person or user,
        organisation=getattr(person, "organisation", None),
        request=request,
    )


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _audit_logout(sender, request, user, **kwargs):
    if user is None:  # an anonymous visitor pressed "log out": nothing ended
        return
    person = _person(user)
    audit_record(
        action="auth.logout",
        actor=person or user,
        organisation=getattr(person, "organisation", None),
        request=request,
    )


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _audit_login_failed(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in `credentials`; keep only the user name tried.
    User = get_user_model()
    username = str(credentials.get(User.USERNAME_FIELD) or credentials.get("username") or "")[:150]
    user = User.objects.filter(**{User.USERNAME_FIELD: username}).first() if username else None
    person = _person(user)
    audit_record(
        action="auth.login_failed",
        obj=person,
        organisation=getattr(person, "organisation", None),
        request=request,
        data={"username": username},
    )
