"""Public pages that belong to no domain app: the accessibility statement."""

from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def accessibility_statement(request):
    """The draft accessibility statement (tilgjengelighetserklæring), readable without logging in.

    Public bodies publish their binding statement in Digdir's uustatus.no; the customer points
    settings.ACCESSIBILITY_STATEMENT_URL there. Until then the footer links to this draft.
    """
    return render(request, "lib/accessibility_statement.html")
