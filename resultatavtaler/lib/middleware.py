from django.utils.cache import add_never_cache_headers


class NoStoreForAuthenticatedMiddleware:
    """Personal pages must not be kept by browsers or proxies (ASVS 5.0 V14.3): every response
    to a logged-in user — or to a request that logged someone in or out — gets
    `Cache-Control: no-store` (with Django's other never-cache headers). Static files are served
    earlier by WhiteNoise and stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        was_authenticated = bool(user is not None and user.is_authenticated)
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if was_authenticated or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response
