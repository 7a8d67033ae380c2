import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.cache import add_never_cache_headers

from resultatavtaler.audit.services import audit_access_refused


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


class SessionLifetimeMiddleware:
    """An absolute limit on a login's lifetime (ASVS 5.0 V7.3.2), on top of the idle timeout
    (SESSION_COOKIE_AGE, renewed by SessionIdleRefreshMiddleware): after SESSION_ABSOLUTE_SECONDS a
    person logs in again, however busy the session has been.

    The start is stamped in the session together with the session key: Django gives a new key
    at every login, so a stamp under another key belongs to an earlier login and is renewed."""

    STAMP = "_auth_started"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            stamp = request.session.get(self.STAMP)
            same_login = bool(stamp) and stamp.get("key") == request.session.session_key
            if same_login and time.time() - stamp["at"] > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect_to_login(request.get_full_path())
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            key = request.session.session_key
            stamp = request.session.get(self.STAMP)
            if not stamp or stamp.get("key") != key:
                request.session[self.STAMP] = {"at": time.time(), "key": key}
        return response


class SessionIdleRefreshMiddleware:
    """The idle timeout (ASVS 5.0 V7.3.1) without a session write on every page: a session's
    expiry (SESSION_COOKIE_AGE from now, in the database and on the cookie) is renewed
    when the last renewal is SESSION_REFRESH_SECONDS old or more, or when the request changed
    the session anyway. Someone idle is therefore logged out between SESSION_COOKIE_AGE minus
    SESSION_REFRESH_SECONDS and SESSION_COOKIE_AGE after their last request (29–30 minutes with
    the defaults); `SESSION_REFRESH_SECONDS=0` renews on every request, like
    SESSION_SAVE_EVERY_REQUEST. An empty session (anonymous, logged out) is never written.

    It stands after SessionMiddleware, which saves a modified session when the response
    passes back through it."""

    STAMP = "_refreshed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():
            return response
        now = int(time.time())
        if session.modified or now - session.get(self.STAMP, 0) >= settings.SESSION_REFRESH_SECONDS:
            session[self.STAMP] = now
        return response


class AuditRefusedAccessMiddleware:
    """Every 403 the product answers is one `access.refused` audit event (ASVS V16.3.2,
    docs/security.md). The places that know why and for which object record it themselves
    (handler403, the agreement pages, the integration API's problem handler); this catches
    every other 403 — a page that renders its own refusal with status 403, a CSRF failure of a
    logged-in session — after the view has answered. `audit_access_refused` writes at most one
    event per request, so a refusal seen by both is recorded once.

    It stands after the authentication middleware, so the event names the person, and before
    the rest, so the responses of the middleware after it (CSRF refusals included: they come
    from the view stage) pass through it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            audit_access_refused(request)
        return response
