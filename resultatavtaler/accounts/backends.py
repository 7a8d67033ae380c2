"""The login backends' `get_user`, which Django calls on every request to load the logged-in
user: here it reads the user's Person (with organisation and unit) in the same statement, so
PersonMiddleware finds it without a second round trip to the database (docs/performance.md §24).
Everything else is the parent backend's: the password check, `user_can_authenticate`, and
Django's verification of the session against the password hash, which runs on the user returned.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from resultatavtaler.organisations.models import Person


def user_with_person(user_id):
    """The user with their person loaded (None when there is no such user).

    The statement starts from the person (the login's unique index), joining the user: starting
    from the user and joining the person, SQLite judged that index unselective — most persons
    have no login — and scanned every person of the installation. A login without a person (a
    platform superuser) costs a second statement."""
    persons = Person.objects.select_related("user", "organisation", "unit").filter(user_id=user_id)
    person = persons.order_by("pk").first()
    if person is not None:
        user = person.user
    else:
        try:
            user = get_user_model()._default_manager.get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
    get_user_model().person.related.set_cached_value(user, person)
    return user


class PersonModelBackend(ModelBackend):
    """Username and password, as Django's ModelBackend."""

    def get_user(self, user_id):
        user = user_with_person(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
