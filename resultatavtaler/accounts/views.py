from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = "/"


@require_POST
def set_language(request):
    """Switch language; remembered on the Person for logged-in users, in a cookie for others."""
    code = request.POST.get("language", "")
    available = {c for c, _ in settings.LANGUAGES}
    next_url = request.POST.get("next") or "/"
    allowed = {request.get_host()}
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts=allowed, require_https=request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if code in available:
        translation.activate(code)
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, code, max_age=365 * 24 * 3600, samesite="Lax")
        person = getattr(request, "person", None)
        if person is not None and person.language != code:
            person.language = code
            person.save(update_fields=["language"])
    return response
