"""The in-app list of a person's notifications, and marking them read (POST only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services

PAGE_SIZE = 25


def _person_or_404(request):
    person = getattr(request, "person", None)
    if person is None:
        raise Http404
    return person


@login_required
def notification_list(request):
    person = _person_or_404(request)
    only_unread = request.GET.get("vis") == "uleste"
    qs = selectors.notifications_for(person)
    if only_unread:
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {
        "page": page,
        "only_unread": only_unread,
        "unread": selectors.unread_count(person),
    })


@login_required
@require_POST
def mark_read(request, pk):
    person = _person_or_404(request)
    # Another person's notification (in any organisation) does not exist for this person.
    note = get_object_or_404(selectors.notifications_for(person), pk=pk)
    services.notification_mark_read(notification=note, actor=person)
    target = request.POST.get("next", "")
    if request.POST.get("open") and note.url and url_has_allowed_host_and_scheme(
        note.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(note.url)
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request):
    person = _person_or_404(request)
    n = services.notifications_mark_all_read(actor=person)
    messages.success(request, _("%(n)d notifications marked as read.") % {"n": n} if n else
                     _("There were no unread notifications."))
    return redirect("notifications:list")
