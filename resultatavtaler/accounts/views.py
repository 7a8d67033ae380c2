import math
from urllib.parse import urlencode

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from resultatavtaler.audit.services import audit_record


def _oidc_login_url(next_url: str) -> str | None:
    """The start of the OpenID Connect login, when it is switched on (OIDC_RP_CLIENT_ID)."""
    if not settings.OIDC_ENABLED:
        return None
    try:
        url = reverse("oidc_authentication_init")
    except NoReverseMatch:
        return None
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class LoginView(auth_views.LoginView):
    """Local login (Django auth, guarded by django-axes) and, when configured, the button
    to the organisation's OpenID Connect provider. Django rotates the session key on login."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["oidc_login_url"] = _oidc_login_url(context.get("next") or "")
        # mozilla-django-oidc sends a refused login back here (LOGIN_REDIRECT_URL_FAILURE).
        context["oidc_failed"] = self.request.GET.get("oidc") == "failed"
        return context


class LogoutView(auth_views.LogoutView):
    """POST only (Django 5): a link or an image cannot log anyone out."""


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home:index")

    def form_valid(self, form):
        response = super().form_valid(form)
        person = getattr(self.request, "person", None)
        audit_record(
            action="accounts.password_changed",
            actor=self.request.user,
            obj=person,
            organisation=getattr(person, "organisation", None),
            request=self.request,
        )
        messages.success(self.request, _("Your password has been changed."))
        return response


@require_POST
def set_language(request):
    """Switch language; remembered on the Person for logged-in users (so it follows them to
    a new session and another browser) and in a cookie for everyone."""
    code = request.POST.get("language", "")
    available = {c for c, _name in settings.LANGUAGES}
    next_url = request.POST.get("next") or "/"
    allowed = {request.get_host()}
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts=allowed, require_https=request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if code in available:
        translation.activate(code)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
        person = getattr(request, "person", None)
        if person is not None and person.language != code:
            person.language = code
            person.save(update_fields=["language", "updated_at"])
    return response


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login (AXES_LOCKOUT_CALLABLE): the page says how
    long the block lasts, with 429 Too Many Requests as axes answers by default."""
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    return render(
        request,
        "accounts/locked_out.html",
        {"cooloff_minutes": minutes},
        status=getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429),
    )
