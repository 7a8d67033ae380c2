"""`{% nav_items as items %}`: the registered main-menu items for the current person
(resultatavtaler/lib/navigation.py)."""

from django import template

from resultatavtaler.lib.navigation import items_for

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_items(context) -> list[dict]:
    request = context.get("request")
    if request is None:
        return []
    match = getattr(request, "resolver_match", None)
    return items_for(getattr(request, "person", None), match.view_name if match else None)
