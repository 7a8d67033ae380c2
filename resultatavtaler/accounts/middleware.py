from django.utils import translation

from resultatavtaler.organisations.models import Person


class PersonMiddleware:
    """Puts the logged-in user's Person and Organisation on the request and activates the
    person's chosen language (remembered per user, DESIGN.md §6)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.person = None
        request.organisation = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            person = Person.objects.select_related("organisation", "unit").filter(user=user).first()
            if person is not None:
                request.person = person
                request.organisation = person.organisation
                if person.language:
                    translation.activate(person.language)
                    request.LANGUAGE_CODE = person.language
        return self.get_response(request)
