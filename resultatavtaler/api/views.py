"""The API token page for the organisation's administrators: list, create (the raw token is
shown once, on the answer to the form, and never again), revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from resultatavtaler.accounts import permissions
from resultatavtaler.core_errors import DomainError

from . import selectors, services
from .forms import TokenCreateForm
from .models import ApiToken


def _admin_or_403(request):
    person = request.person
    if person is None:
        raise Http404
    if not permissions.can_manage_api_tokens(person):
        raise PermissionDenied
    return person


@login_required
def token_list(request):
    person = _admin_or_403(request)
    created = raw = None
    form = TokenCreateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                created, raw = services.api_token_create(
                    organisation=person.organisation,
                    actor=person,
                    name=form.cleaned_data["name"],
                    scope=form.cleaned_data["scope"],
                    request=request,
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = exc.status
            else:
                form = TokenCreateForm()
        else:
            status = 400
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "tokens": selectors.api_tokens_of(person.organisation),
            "created": created,
            "raw_token": raw,
            "api_docs_url": reverse("api_v1:openapi-view"),
        },
        status=status,
    )


@login_required
@require_POST
def token_revoke(request, pk):
    # Another organisation's token does not exist for the caller (404 before any right is asked).
    token = permissions.get_object_for_person_or_404(ApiToken, request.person, pk=pk)
    person = _admin_or_403(request)
    try:
        services.api_token_revoke(token=token, actor=person, request=request)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The token %(name)s is revoked. It no longer works.") % {"name": token.name})
    return redirect("api:tokens")
