"""Authentication for the API: `Authorization: Bearer <token>` for integrations, or the
person's session (with the CSRF token for unsafe methods, as for forms). Both count
against the rate limit; the result is a `Caller` on `request.auth`."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from . import problems
from .caller import Caller
from .ratelimit import check_rate
from .services import api_token_authenticate


class TokenAuth(HttpBearer):
    """An organisation's API token. A wrong, unknown or revoked token answers 401 at once
    (it never falls back to a session that happens to be there)."""

    def __call__(self, request: HttpRequest):
        header = request.headers.get(self.header)
        if not header:
            return None
        scheme, _sep, value = header.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise problems.unauthenticated(_('Send the token as "Authorization: Bearer <token>".'))
        return self.authenticate(request, value.strip())

    def authenticate(self, request: HttpRequest, token: str):
        api_token = api_token_authenticate(token)
        if api_token is None:
            raise problems.unauthenticated(_("The API token is unknown or has been revoked."))
        check_rate(f"token:{api_token.pk}")
        request.person = None  # a token acts for the organisation, never as a person
        return Caller(organisation=api_token.organisation, token=api_token)


class SessionAuth(APIKeyCookie):
    """A logged-in person, with exactly the rights the pages give them. Unsafe methods need
    the CSRF token in the X-CSRFToken header, as for htmx requests."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=False)  # checked below, only once the session is known

    def authenticate(self, request: HttpRequest, key: str | None):
        person = getattr(request, "person", None)
        if not request.user.is_authenticated or person is None:
            return None
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE") and check_csrf(request) is not None:
            raise problems.forbidden(
                _("The CSRF token is missing or wrong. Send the csrftoken cookie's value as X-CSRFToken."),
                reason="csrf",
            )
        check_rate(f"user:{request.user.pk}")
        return Caller(organisation=person.organisation, person=person)


token_auth = TokenAuth()
session_auth = SessionAuth()
