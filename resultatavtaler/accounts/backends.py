"""The login backends' `get_user`, which Django calls on every request to load the logged-in
user: here it reads the user's Person (with organisation and unit) in the same statement, so
PersonMiddleware finds it without a second round trip to the database (docs/performance.md §24).
Everything else is the parent backend's: the password check, `user_can_authenticate`, and
Django's verification of the session against the password hash, which runs on the user returned.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from resultatavtaler.lib.compiled import CompiledRows
from resultatavtaler.organisations.models import Organisation, Person, Unit


def _login_models():
    """(model, path from the person) of the rows the login's statement reads, in its order."""
    return ((Person, ""), (get_user_model(), "user__"), (Organisation, "organisation__"), (Unit, "unit__"))


def _login_statement(user_id: int):
    """The person of a login with the login, the organisation and the unit, every column of each.

    The statement starts from the person (the login's unique index), joining the user: starting
    from the user and joining the person, SQLite judged that index unselective — most persons
    have no login — and scanned every person of the installation."""
    columns = [path + field.attname for model, path in _login_models() for field in model._meta.concrete_fields]
    return Person.objects.filter(user_id=user_id).order_by("pk").values_list(*columns)[:1]


# Compiled once per connection: every request runs it (docs/performance.md §31).
_LOGIN = CompiledRows(_login_statement, int)


def user_with_person(user_id):
    """The user with their person, and the person's organisation and unit, loaded (None when
    there is no such user). A login without a person (a platform superuser) costs a second
    statement."""
    if type(user_id) is not int:
        user_id = get_user_model()._meta.pk.to_python(user_id)
    rows = _LOGIN.rows(user_id, using=Person.objects.db)
    if rows:
        person = _login_row(rows[0])
        user = person.user
    else:
        person = None
        try:
            user = get_user_model()._default_manager.get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
    get_user_model().person.related.set_cached_value(user, person)
    return user


def _login_row(row: tuple) -> Person:
    """The person of one row of the login's statement, with its login, organisation and unit set
    as select_related() sets them."""
    db = Person.objects.db
    instances, start = [], 0
    for model, _path in _login_models():
        fields = model._meta.concrete_fields
        values = row[start : start + len(fields)]
        start += len(fields)
        # A person without a unit: the unit's columns are all NULL (its primary key among them).
        instances.append(None if values[0] is None else model.from_db(db, [f.attname for f in fields], values))
    person, user, organisation, unit = instances
    for name, related in (("user", user), ("organisation", organisation), ("unit", unit)):
        Person._meta.get_field(name).set_cached_value(person, related)
    return person


class PersonModelBackend(ModelBackend):
    """Username and password, as Django's ModelBackend."""

    def get_user(self, user_id):
        user = user_with_person(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
