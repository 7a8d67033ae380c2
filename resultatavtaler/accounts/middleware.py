from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation

from resultatavtaler.organisations.models import Person

_NOT_LOADED = object()


def _loaded_person(user):
    """The person the login backend read with the user (accounts.backends), None when the user
    has none, or _NOT_LOADED when the backend did not read it."""
    if not get_user_model().person.is_cached(user):
        return _NOT_LOADED
    try:
        return user.person
    except Person.DoesNotExist:
        return None


class PersonMiddleware:
    """Puts the logged-in user's Person and Organisation on the request and activates the
    person's language (DESIGN.md §6).

    It runs after LocaleMiddleware (which picks the language from the cookie or the
    browser) and AuthenticationMiddleware, so for a logged-in person their own choice wins:
    Person.language, then the language cookie, then the organisation's default language.
    Only an *active* person is attached: someone who has left the organisation keeps no
    access through an old login (every permission answers False for `request.person = None`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.person = None
        request.organisation = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            person = _loaded_person(user)
            if person is _NOT_LOADED:
                person = Person.objects.select_related("organisation", "unit").filter(user=user, is_active=True).first()
            elif person is not None and not person.is_active:
                person = None
            if person is not None:
                request.person = person
                request.organisation = person.organisation
                language = person.language
                if not language and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
                    language = person.organisation.default_language
                if language:
                    translation.activate(language)
                    request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
