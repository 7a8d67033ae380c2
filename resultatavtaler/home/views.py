from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .registry import collect_tasks


@login_required
def index(request):
    """'Mine oppgaver': what is due from me and by when (DESIGN.md §8)."""
    person = request.person
    sections = collect_tasks(person) if person is not None else []
    return render(request, "home/index.html", {"person": person, "sections": sections})
