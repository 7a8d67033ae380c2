from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from resultatavtaler.accounts import permissions

from .forms import AuditLogFilterForm
from .selectors import audit_actions_for_organisation, audit_events_for_organisation
from .services import audit_record

PAGE_SIZE = 50


@login_required
def log(request):
    """The organisation's audit log for its administrators: search, page; reading is audited."""
    person = request.person
    if not permissions.can_view_audit_log(person):
        raise PermissionDenied
    organisation = person.organisation
    form = AuditLogFilterForm(request.GET or None, actions=audit_actions_for_organisation(organisation))
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {
            "action": form.cleaned_data["action"],
            "actor": form.cleaned_data["actor"].strip(),
            "obj": form.cleaned_data["object"].strip(),
            "date_from": form.cleaned_data["date_from"],
            "date_to": form.cleaned_data["date_to"],
        }
    events = audit_events_for_organisation(organisation, **filters)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    # Reading the log is itself an event; recorded after the page is read, so it shows next time.
    audit_record(
        action="audit.log_viewed",
        actor=person,
        organisation=organisation,
        request=request,
        data={"filters": {k: str(v) for k, v in filters.items() if v}, "page": page.number},
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/log.html",
        {"form": form, "page": page, "query": query.urlencode(), "organisation": organisation},
    )
