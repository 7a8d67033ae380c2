from django.conf import settings


def site(request):
    return {
        "ACCESSIBILITY_STATEMENT_URL": settings.ACCESSIBILITY_STATEMENT_URL,
        "current_person": getattr(request, "person", None),
        "current_organisation": getattr(request, "organisation", None),
    }
