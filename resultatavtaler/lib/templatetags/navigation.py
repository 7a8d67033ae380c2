"""`{% nav_items as items %}`: the registered main-menu items for the current person, and
`{% fixed_url 'name' %}`: the URL of a view that takes no arguments, remembered
(resultatavtaler/lib/navigation.py)."""

from django import template

from resultatavtaler.lib import navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_items(context) -> list[dict]:
    request = context.get("request")
    if request is None:
        return []
    match = getattr(request, "resolver_match", None)
    return navigation.items_for(getattr(request, "person", None), match.view_name if match else None)


@register.simple_tag
def fixed_url(url_name: str) -> str:
    return navigation.fixed_url(url_name)
