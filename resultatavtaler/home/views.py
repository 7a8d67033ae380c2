from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from resultatavtaler.accounts import permissions
from resultatavtaler.organisations import selectors

from .registry import collect_tasks


@login_required
def index(request):
    """'Mine oppgaver': what is due from me and by when (DESIGN.md §8). The sections come
    from the apps (home/registry.py); above them, where the person stands in the tree."""
    person = request.person
    if person is None:
        # A login without an (active) person: a platform superuser, or someone who has left.
        return render(request, "home/index.html", {"person": None, "sections": []})
    # Most persons lead nothing: the reader's led units are known from the grants the menu reads
    # anyway (one statement per request), so only a leader's units are read in full.
    led = list(selectors.led_units(person).order_by("depth", "name")) if permissions.led_unit_paths(person) else []
    context = {
        "person": person,
        "led_units": led,
        "superior": selectors.superior_of(person, led=led),
        "is_process_owner": permissions.is_process_owner(person),
        "is_admin": permissions.is_admin(person),
        "sections": collect_tasks(person),
    }
    return render(request, "home/index.html", context)
