"""The main menu as a registry, so an app adds its item without editing base.html.

An app registers in its ``AppConfig.ready()``::

    from resultatavtaler.lib.navigation import register
    register(_("Agreements"), "agreements:list", visible=lambda person: person is not None,
             order=20, active=("agreements:",))

``base.html`` renders the items between "My tasks" and "Organisation" with
``{% load navigation %}{% nav_items as items %}``. ``visible(person)`` decides who sees an
item (it should cost at most one query: it runs on every page). ``active`` lists prefixes of
view names ("agreements:" or "agreements:period_") that mark the item as the current one; when
several items match, the longest match wins, so exactly one item carries ``aria-current``.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    visible: Callable | None = None
    order: int = 100
    active: tuple[str, ...] = field(default_factory=tuple)

    def match_length(self, view_name: str | None) -> int:
        if not view_name:
            return 0
        best = len(self.url_name) if view_name == self.url_name else 0
        for pattern in self.active:
            if view_name.startswith(pattern):
                best = max(best, len(pattern))
        return best


_items: dict[str, NavItem] = {}


def register(
    label,
    url_name: str,
    visible: Callable | None = None,
    order: int = 100,
    active: tuple[str, ...] | list[str] = (),
) -> NavItem:
    """Add (or replace, keyed on the URL name) one menu item."""
    item = NavItem(label=label, url_name=url_name, visible=visible, order=order, active=tuple(active))
    _items[url_name] = item
    return item


def unregister(url_name: str) -> None:
    _items.pop(url_name, None)


def items_for(person, view_name: str | None = None) -> list[dict]:
    """The items this person sees, in order, each with its URL and whether it is current."""
    shown = []
    for item in sorted(_items.values(), key=lambda i: (i.order, i.url_name)):
        if item.visible is not None and not item.visible(person):
            continue
        try:
            url = fixed_url(item.url_name)
        except NoReverseMatch:
            continue  # an app that is not routed in this configuration
        shown.append({"label": item.label, "url": url, "match": item.match_length(view_name), "current": False})
    best = max((s["match"] for s in shown), default=0)
    if best:
        next(s for s in shown if s["match"] == best)["current"] = True
    return shown


def fixed_url(url_name: str) -> str:
    """`reverse(url_name)` of a URL that takes no arguments, remembered per URL configuration and
    script prefix: the menu and the page's frame ask for the same dozen on every page, and
    Django works each one out anew (docs/performance.md §31). `{% fixed_url %}` in templates."""
    return _fixed_url(url_name, get_script_prefix(), get_resolver(get_urlconf()))


@functools.lru_cache(maxsize=1024)
def _fixed_url(url_name: str, _script_prefix: str, resolver) -> str:
    # Keyed by the resolver itself: Django makes a new one when the URL configuration changes
    # (another ROOT_URLCONF, clear_url_caches()).
    return reverse(url_name, urlconf=resolver.urlconf_name)


def _defaults() -> None:
    from django.utils.translation import gettext_lazy as _

    register(
        _("360 evaluation"),
        "feedback:index",
        visible=lambda person: person is not None,
        order=40,
        active=("feedback:",),
    )


_defaults()
