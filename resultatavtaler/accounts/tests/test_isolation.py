"""Organisation isolation over every page of the product (config.urls, enumerated).

When you add a page, say in your app's ``tests/isolation.py`` (collected from every app,
so no one edits this file for their pages):

* ``PUBLIC``: a set of URL names anyone may open without logging in (token links, ...);
* ``NON_OBJECT_KWARGS``: ``{url_name: kwargs}`` for URL parameters that name no object;
* ``OBJECT_KWARGS``: ``{url_name: function(cast) -> kwargs}`` naming an object of the
  *cast's* organisation (organisations/tests/factories.py) — the outsider must get 404.

A parametrised page missing from these tables fails `test_every_parametrised_page_is_listed`.
"""

import importlib
import pkgutil
from collections.abc import Callable, Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from resultatavtaler.organisations.constants import GrantedRole
from resultatavtaler.organisations.models import Organisation, Person
from resultatavtaler.organisations.services import role_grant, unit_create
from resultatavtaler.organisations.tests.factories import Cast, PersonFactory

# Pages anyone may open without logging in.
PUBLIC = {
    "accounts:login",
    "accounts:set_language",
    "set_language",
    "javascript-catalog",
    "accessibility_statement",
}
# Actions that end the visitor's session (the isolation test would go on as anonymous).
ENDS_SESSION = {"accounts:logout", "oidc_logout"}
# Prefixes with their own rules, tested elsewhere (django-admin: accounts/tests/test_admin.py;
# the integration API answers 401/404 problem documents, never a login page: api/tests/).
OWN_RULES = ("django-admin/", "api/v1/")
# URL parameters that do not name an object: a valid value for each.
NON_OBJECT_KWARGS: dict[str, dict] = {
    "organisations:import_sample": {"fmt": "csv"},
}
# URL parameters that name an object: kwargs of an object in the cast's organisation.
OBJECT_KWARGS: dict[str, Callable[[Cast], dict]] = {}


def _collect_app_tables() -> None:
    import resultatavtaler

    for app in pkgutil.iter_modules(resultatavtaler.__path__):
        try:
            module = importlib.import_module(f"resultatavtaler.{app.name}.tests.isolation")
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith(f"resultatavtaler.{app.name}.tests"):
                continue
            raise
        PUBLIC.update(getattr(module, "PUBLIC", set()))
        NON_OBJECT_KWARGS.update(getattr(module, "NON_OBJECT_KWARGS", {}))
        OBJECT_KWARGS.update(getattr(module, "OBJECT_KWARGS", {}))


_collect_app_tables()


def _walk(patterns, prefix: str = "", namespace: str | None = None) -> Iterator[tuple[str, str | None, URLPattern]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(x for x in (namespace, p.namespace) if x) or None
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        else:
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            yield prefix + str(p.pattern), name, p


def pages() -> list[tuple[str, str | None, URLPattern]]:
    routes = _walk(get_resolver().url_patterns)
    return [(route, name, p) for route, name, p in routes if not route.startswith(OWN_RULES)]


def _has_params(pattern: URLPattern) -> bool:
    return bool(pattern.pattern.regex.groupindex) or pattern.pattern.regex.groups > 0


def is_listed(name: str, pattern: URLPattern) -> bool:
    """A page the tests can build a URL for (the others fail the listing test)."""
    return not _has_params(pattern) or name in NON_OBJECT_KWARGS or name in OBJECT_KWARGS


def url_for(name: str, pattern: URLPattern, cast: Cast) -> tuple[str, bool]:
    """The URL to request and whether it names one of the cast organisation's objects."""
    if not _has_params(pattern):
        return reverse(name), False
    if name in NON_OBJECT_KWARGS:
        return reverse(name, kwargs=NON_OBJECT_KWARGS[name]), False
    return reverse(name, kwargs=OBJECT_KWARGS[name](cast)), True


def cast_organisation_markers(cast: Cast) -> list[str]:
    """Texts that only the cast organisation's data contain. The cast's unit names are
    ordinary ones that built-in samples use too, so a unit and a person with names found
    nowhere else are added as tracers."""
    org = cast.organisation
    tracer_unit = unit_create(organisation=org, code="SPOR-X9", name="Sporstoffseksjonen", parent=cast.department)
    PersonFactory(organisation=org, unit=tracer_unit, name="Zacharias Sporstoff", email="z.sporstoff@td.example")
    names = [org.name, org.org_number, tracer_unit.name, tracer_unit.code]
    names += list(Person.objects.filter(organisation=org).values_list("name", flat=True))
    names += [e for e in Person.objects.filter(organisation=org).values_list("email", flat=True) if e]
    return sorted(set(names))


def test_every_page_has_a_name():
    unnamed = [route for route, name, _p in pages() if not name]
    assert not unnamed, f"give these URL patterns a name: {unnamed}"


def test_every_parametrised_page_is_listed():
    missing = [
        name
        for _route, name, p in pages()
        if _has_params(p) and name not in NON_OBJECT_KWARGS and name not in OBJECT_KWARGS and name not in PUBLIC
    ]
    assert not missing, (
        "say in your app's tests/isolation.py which object of the cast's organisation these pages "
        f"name (OBJECT_KWARGS), or that they are PUBLIC or take NON_OBJECT_KWARGS: {missing}"
    )


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_login_from_every_non_public_page(client, cast):
    login = reverse("accounts:login")
    checked = 0
    for _route, name, p in pages():
        if name in PUBLIC or not is_listed(name, p):
            continue
        url, _ = url_for(name, p, cast)
        response = client.get(url)
        if response.status_code == 405:  # POST-only (logout)
            response = client.post(url)
        assert response.status_code == 302, f"{name} answered {response.status_code} to an anonymous visitor"
        assert response.url.startswith(login), f"{name} sent an anonymous visitor to {response.url}"
        checked += 1
    assert checked >= 3


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_pages_open_without_login(client, name):
    patterns = {n: p for _r, n, p in pages()}
    if name not in patterns:
        pytest.skip(f"{name} is not routed in this configuration")
    if not is_listed(name, patterns[name]):
        pytest.skip(f"{name} needs a token or id (listed in its app's tests/isolation.py)")
    url = reverse(name, kwargs=NON_OBJECT_KWARGS.get(name))
    response = client.post(url) if "language" in name else client.get(url)
    assert response.status_code in (200, 302, 404)
    if response.status_code == 302:
        assert not response.url.startswith(reverse("accounts:login"))


def test_the_outsider_sees_nothing_of_another_organisation_on_any_page(cast, client_for):
    markers = cast_organisation_markers(cast)
    assert "Live Leder" in markers and "Sporstoffseksjonen" in markers
    # The strongest outsider: every explicit role in their own organisation, so that
    # role-guarded pages render (with the outsider's own data) instead of answering 403.
    for role in GrantedRole.values:
        role_grant(person=cast.outsider, role=role)
    client = client_for(cast.outsider)
    seen = []
    for _route, name, p in pages():
        if not is_listed(name, p):
            continue
        url, names_object = url_for(name, p, cast)
        for query in ({}, {"q": "e"}):
            response = client.get(url, query)
            if response.status_code == 405 and name not in ENDS_SESSION:
                # An action (POST only): it must not reach another organisation's object either.
                response = client.post(url, query)
            if names_object:
                assert response.status_code == 404, f"{name}: another organisation's object must answer 404"
            assert response.status_code in (200, 302, 403, 404, 405), f"{name} answered {response.status_code}"
            body = b"".join(response.streaming_content) if response.streaming else response.content
            html = body.decode(errors="replace")
            leaked = [m for m in markers if m in html]
            assert not leaked, f"{url} shows the outsider {leaked}"
        seen.append((name, response.status_code))
    assert ("organisations:tree", 200) in seen
    assert client.get(reverse("home:index")).status_code == 200  # still the outsider, logged in


def test_the_same_pages_do_show_an_insider_their_organisation(cast, client_for):
    """The control for the test above: the markers do appear where they should."""
    markers = cast_organisation_markers(cast)
    client = client_for(cast.employee)
    html = client.get(reverse("organisations:tree")).content.decode()
    assert "Live Leder" in html and "Sporstoffseksjonen" in html and "Zacharias Sporstoff" in html
    assert sum(m in html for m in markers) >= 8
    outsider_html = client_for(cast.outsider).get(reverse("organisations:tree")).content.decode()
    assert "Otto Utenfor" in outsider_html and "Annetdepartementet" in outsider_html


def test_searching_the_tree_never_finds_another_organisations_people(cast, client_for):
    client = client_for(cast.outsider)
    for q in ("Live", "Leder", "Sverre", "a"):
        html = client.get(reverse("organisations:tree"), {"q": q}).content.decode()
        assert "Live Leder" not in html and "Sverre Sjef" not in html


def test_the_cast_spans_two_organisations(cast):
    assert Organisation.objects.count() >= 2
    assert cast.outsider.organisation_id != cast.organisation.pk
