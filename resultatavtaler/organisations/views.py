from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from resultatavtaler.accounts import permissions

from .models import Person, Unit


@login_required
def tree(request):
    """The organisation as a tree with leaders and people, with search by name."""
    person = request.person
    if not permissions.can_view_organisation_tree(person):
        raise PermissionDenied
    org = person.organisation
    q = request.GET.get("q", "").strip()
    units = list(Unit.objects.filter(organisation=org).select_related("leader").order_by("path"))
    members: dict[int, list[Person]] = {}
    people = Person.objects.filter(organisation=org, is_active=True).only("id", "name", "title", "unit_id")
    matches = []
    if q:
        matches = list(people.filter(name__icontains=q).select_related("unit").order_by("name")[:200])
    else:
        for p in people.order_by("name"):
            members.setdefault(p.unit_id, []).append(p)
    rows = [{"unit": u, "members": members.get(u.pk, [])} for u in units]
    return render(
        request,
        "organisations/tree.html",
        {"organisation": org, "rows": rows, "q": q, "matches": matches},
    )
