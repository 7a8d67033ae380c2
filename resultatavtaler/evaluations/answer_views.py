"""The input form for those asked: by a single-use token link without an account, or from the
home page for a logged-in person. One page, plain form, works without JavaScript and on a phone.
A spent link or a late answer is refused (410) with a page that says why; an unknown link 404."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.cache import never_cache

from resultatavtaler.core_errors import DomainError

from . import selectors, services
from .models import InputInvitation
from .presentation import group_label
from .scales import label_text


def _private(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    # "same-origin", not "no-referrer": the token URL still never reaches another site, but with
    # "no-referrer" browsers send `Origin: null` on the form's POST and CSRF refuses the answer.
    response["Referrer-Policy"] = "same-origin"
    return response


def _language(request, inv: InputInvitation) -> None:
    if request.user.is_authenticated or settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return
    if inv.language:
        translation.activate(inv.language)
        request.LANGUAGE_CODE = inv.language


def _form(request, inv: InputInvitation):
    _language(request, inv)
    status = services.invitation_status(inv)
    if status != "ok":
        exc = services.refusal(status)
        return _private(render(request, "evaluations/answer_closed.html", {"message": exc.message},
                               status=exc.status))
    ir = inv.request
    form = ir.form
    error = None
    if request.method == "POST":
        ratings = {str(r["id"]): request.POST.get(f"rating-{r['id']}") for r in form["requirements"]}
        comments = {str(r["id"]): request.POST.get(f"comment-{r['id']}", "") for r in form["requirements"]}
        try:
            services.input_answer_submit(invitation=inv, ratings=ratings, comments=comments,
                                         comment=request.POST.get("comment", ""))
        except DomainError as exc:
            if exc.status == 410:
                return _private(render(request, "evaluations/answer_closed.html", {"message": exc.message},
                                       status=410))
            error = exc.message
        else:
            return redirect("evaluations:answer_thanks")
    scale = [{"value": lv["value"], "label": label_text(lv["label"])} for lv in form.get("scale", [])]
    return _private(render(request, "evaluations/answer.html", {
        "input_request": ir, "agreement": ir.agreement, "requirements": form["requirements"], "scale": scale,
        "group": group_label(inv.group), "error": error, "posted": request.POST if error else None,
        "min_group": ir.organisation.min_group_responses,
    }, status=400 if error else 200))


@never_cache
def answer(request, token: str):
    inv = selectors.invitation_by_token(token)
    if inv is None:
        raise Http404
    return _form(request, inv)


@never_cache
@login_required
def answer_invitation(request, pk: int):
    person = request.person
    inv = InputInvitation.objects.select_related(
        "request__agreement__leader", "request__agreement__unit", "request__organisation"
    ).filter(pk=pk, person=person).first() if person else None
    if inv is None:
        raise Http404
    return _form(request, inv)


@never_cache
def thanks(request):
    return _private(render(request, "evaluations/answer_thanks.html"))
