"""The rater's questionnaire: reached by a single-use token link without an account, or from
the home page by a logged-in rater. One area per screen, a plain form per step, answers kept
server-side in a draft until the rater submits; works without JavaScript and on a phone.

A spent or expired link answers 410 with a page that says why, an unknown link 404."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from resultatavtaler.core_errors import DomainError

from . import selectors, services
from .constants import RaterGroup
from .models import AnswerDraft, Invitation, pick_language


def _no_index(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    # "same-origin", not "no-referrer": the token URL still never reaches another site, but with
    # "no-referrer" browsers send `Origin: null` on the form's POST and CSRF refuses the answer.
    response["Referrer-Policy"] = "same-origin"
    return response


def _closed_page(request, status: str):
    exc = services._refusal(status)  # the same message the services give
    return _no_index(render(request, "feedback/answer_closed.html", {"message": exc.message, "code": exc.code},
                            status=exc.status))


def _steps(questionnaire: dict) -> list[dict]:
    steps = [{"kind": "intro"}]
    for area in questionnaire.get("areas", []):
        steps.append({"kind": "area", "area": area})
    if questionnaire.get("comment_questions"):
        steps.append({"kind": "comments"})
    steps.append({"kind": "submit"})
    return steps


def _activate_rater_language(request, inv: Invitation) -> None:
    """Raters without a login meet the questionnaire in the invitation's language unless they
    chose another with the language switcher."""
    if request.user.is_authenticated or settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return
    if inv.language:
        translation.activate(inv.language)
        request.LANGUAGE_CODE = inv.language


def _questionnaire(request, inv: Invitation, step: int, url_for):
    _activate_rater_language(request, inv)
    status = services.invitation_status(inv)
    if status != services.InvitationStatus.OK:
        return _closed_page(request, status)
    fr = inv.round
    q = fr.questionnaire
    steps = _steps(q)
    if step < 0 or step >= len(steps):
        return redirect(url_for(0))
    current = steps[step]
    if request.method == "POST":
        answers, comments = {}, {}
        if current["kind"] == "area":
            for s in current["area"]["statements"]:
                if s["key"] in request.POST:
                    answers[s["key"]] = request.POST[s["key"]]
        elif current["kind"] == "comments":
            for c in q.get("comment_questions", []):
                if c["key"] in request.POST:
                    comments[c["key"]] = request.POST[c["key"]]
        go = request.POST.get("go", "next")
        try:
            services.answer_draft_save(invitation=inv, answers=answers, comments=comments)
            if go == "submit":
                services.response_submit(invitation=inv)
                return redirect("feedback:thanks")
        except DomainError as exc:
            return _no_index(render(request, "feedback/answer_closed.html",
                                    {"message": exc.message, "code": exc.code}, status=exc.status))
        if go == "prev":
            return redirect(url_for(max(step - 1, 0)))
        if go == "save":
            messages.success(
                request, _("Your answers are saved. You can come back with the same link until the deadline.")
            )
            return redirect(url_for(step))
        return redirect(url_for(min(step + 1, len(steps) - 1)))

    draft = AnswerDraft.objects.filter(invitation=inv).first()
    saved_answers = draft.answers if draft else {}
    saved_comments = draft.comments if draft else {}
    scale = q["scale"]
    values = list(range(scale["min"], scale["max"] + 1))
    context = {
        "round": fr,
        "leader": fr.leader,
        "is_self": inv.group == RaterGroup.SELF,
        "group_label": RaterGroup(inv.group).label,
        "step": step,
        "step_count": len(steps) - 1,
        "kind": current["kind"],
        "prev_url": url_for(step - 1) if step > 0 else None,
        "action": url_for(step),
        "first_url": url_for(1),
        "scale_low": pick_language(scale["low"]),
        "scale_high": pick_language(scale["high"]),
        "min_group": fr.organisation.min_group_responses,
    }
    if current["kind"] == "area":
        area = current["area"]
        context["area_name"] = pick_language(area["name"])
        context["statements"] = [
            {
                "key": s["key"],
                "text": pick_language(s["text"]),
                "options": [
                    {"value": str(v), "label": str(v), "end": scale_low_high(v, scale),
                     "checked": saved_answers.get(s["key"]) == v}
                    for v in values
                ],
                "na_checked": s["key"] in saved_answers and saved_answers[s["key"]] is None,
            }
            for s in area["statements"]
        ]
    elif current["kind"] == "comments":
        context["comment_questions"] = [
            {"key": c["key"], "text": pick_language(c["text"]), "value": saved_comments.get(c["key"], "")}
            for c in q["comment_questions"]
        ]
    elif current["kind"] == "submit":
        summary = []
        for i, st in enumerate(steps):
            if st["kind"] != "area":
                continue
            keys = [s["key"] for s in st["area"]["statements"]]
            summary.append({
                "name": pick_language(st["area"]["name"]),
                "url": url_for(i),
                "answered": sum(1 for k in keys if k in saved_answers),
                "total": len(keys),
            })
        context["summary"] = summary
        context["unanswered"] = sum(s["total"] - s["answered"] for s in summary)
    return _no_index(render(request, "feedback/answer.html", context))


def scale_low_high(value: int, scale: dict) -> str:
    if value == scale["min"]:
        return pick_language(scale["low"])
    if value == scale["max"]:
        return pick_language(scale["high"])
    return ""


@never_cache
def answer(request, token: str, step: int = 0):
    inv = selectors.invitation_by_token(token)
    if inv is None:
        return _no_index(render(request, "feedback/answer_invalid.html", status=404))
    return _questionnaire(request, inv, step, lambda n: reverse("feedback:answer_step", args=[token, n]))


@login_required
@never_cache
def answer_invitation(request, pk: int, step: int = 0):
    if request.person is None:
        return render(request, "feedback/answer_invalid.html", status=404)
    inv = get_object_or_404(
        Invitation.objects.select_related("round__leader", "round__organisation"), pk=pk, person=request.person
    )
    return _questionnaire(request, inv, step, lambda n: reverse("feedback:answer_invitation_step", args=[pk, n]))


def thanks(request):
    return _no_index(render(request, "feedback/answer_thanks.html"))
