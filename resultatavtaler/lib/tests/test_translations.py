"""Translation completeness (CONVENTIONS.md, i18n): every string the product can show has a
bokmål and a nynorsk translation.

Two checks, for nb and nn:
(a) the catalog is finished: every message has a translation, none is fuzzy, and babel's
    checkers find nothing (placeholders such as %(name)s kept, plural forms complete);
(b) the catalog is current: every string passed to gettext & co. in Python, and every
    {% translate %} / {% blocktranslate %} text in the templates, is a msgid in it.

(b) extracts the way `manage.py makemessages` does, without GNU gettext: templates go
through Django's own `templatize` (what makemessages feeds to xgettext), and both Python
and templatized templates through babel's Python extractor with the keywords
makemessages gives xgettext. When this fails, run `make messages` and translate.
"""

import io
from collections import defaultdict
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract
from babel.messages.pofile import read_po
from django.utils.translation.template import templatize

PROJECT_DIR = Path(__file__).resolve().parents[3]
PACKAGE_DIR = PROJECT_DIR / "resultatavtaler"
LOCALE_DIR = PACKAGE_DIR / "locale"
CHECKED_LOCALES = ["nb", "nn"]  # English is the source language

# xgettext's Python keywords plus those makemessages adds (django/core/management/commands/makemessages.py).
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "gettext_noop": None,
    "gettext_lazy": None,
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
PYTHON_DIRS = [PACKAGE_DIR, PROJECT_DIR / "config"]
TEMPLATE_SUFFIXES = {".html", ".txt"}

Key = tuple[str, str | None]  # (msgid, msgctxt)


def _skip(path: Path) -> bool:
    parts = set(path.parts)
    return "locale" in parts or "__pycache__" in parts or any(p.startswith(".") for p in path.parts)


def python_files() -> list[Path]:
    return sorted(p for d in PYTHON_DIRS for p in d.rglob("*.py") if not _skip(p.relative_to(PROJECT_DIR)))


def template_files() -> list[Path]:
    dirs = [PACKAGE_DIR / "templates", *sorted(PACKAGE_DIR.glob("*/templates"))]
    return sorted(
        p for d in dirs for p in d.rglob("*") if p.suffix in TEMPLATE_SUFFIXES and p.is_file() and not _skip(p)
    )


def _messages_in_python(code: str) -> list[tuple[int, Key]]:
    found = []
    for lineno, message, _comments, context in extract("python", io.BytesIO(code.encode()), keywords=KEYWORDS):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.append((lineno, (msgid, context)))
    return found


def messages_in_template(source: str, origin: str = "template") -> list[tuple[int, Key]]:
    return _messages_in_python(templatize(source, origin=origin))


def source_messages() -> dict[Key, list[str]]:
    """Every translatable string of the source, with where it is used."""
    where: dict[Key, list[str]] = defaultdict(list)
    for path in python_files():
        for lineno, key in _messages_in_python(path.read_text(encoding="utf-8")):
            where[key].append(f"{path.relative_to(PROJECT_DIR)}:{lineno}")
    for path in template_files():
        for lineno, key in messages_in_template(path.read_text(encoding="utf-8"), origin=str(path)):
            where[key].append(f"{path.relative_to(PROJECT_DIR)}:{lineno}")
    return where


def load_catalog(locale: str) -> Catalog:
    path = LOCALE_DIR / locale / "LC_MESSAGES" / "django.po"
    with path.open("rb") as f:
        return read_po(f, locale=locale)


def catalog_problems(catalog: Catalog) -> list[str]:
    problems = []
    for message in catalog:
        if not message.id:
            continue  # the header
        label = message.id[0] if isinstance(message.id, tuple) else message.id
        if message.context:
            label = f"{message.context}|{label}"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not strings or not all(s and s.strip() for s in strings):
            problems.append(f"untranslated: {label!r}")
        if message.fuzzy:
            problems.append(f"fuzzy: {label!r}")
    for message, errors in catalog.check():
        for error in errors:
            problems.append(f"{message.id!r}: {error}")
    return problems


def _report(problems: list[str], limit: int = 40) -> str:
    shown = "\n  ".join(problems[:limit])
    more = f"\n  … and {len(problems) - limit} more" if len(problems) > limit else ""
    return f"{len(problems)} problem(s):\n  {shown}{more}"


@pytest.mark.parametrize("locale", CHECKED_LOCALES)
def test_every_message_in_the_catalog_is_translated(locale):
    problems = catalog_problems(load_catalog(locale))
    assert not problems, f"resultatavtaler/locale/{locale}: " + _report(problems)


@pytest.mark.parametrize("locale", CHECKED_LOCALES)
def test_every_source_string_is_in_the_catalog(locale):
    catalog = load_catalog(locale)
    missing = [
        f"{msgid!r}" + (f" (context {context!r})" if context else "") + f" used at {', '.join(where[:2])}"
        for (msgid, context), where in sorted(source_messages().items(), key=lambda kv: kv[1][0])
        if catalog.get(msgid, context=context) is None
    ]
    assert not missing, f"resultatavtaler/locale/{locale} lacks (run `make messages`): " + _report(missing)


# --- the extractor itself: it must see what makemessages sees ------------------------------------


def test_the_extractor_reads_every_kind_of_template_tag():
    source = """{% load i18n %}
    <h1>{% translate "Plain" %}</h1>{% trans 'Old style' %}
    {% translate "May" context "month" %}
    {% blocktranslate with name=person.name %}Hello {{ name }}{% endblocktranslate %}
    {% blocktranslate trimmed count counter=items|length %}
      {{ counter }} item
    {% plural %}
      {{ counter }} items
    {% endblocktranslate %}
    {% blocktrans context "verb" %}Sign {{ what }}{% endblocktrans %}
    {{ value|default:_("Nothing") }}
    <p>not translated</p>
    """
    keys = {key for _line, key in messages_in_template(source)}
    assert keys == {
        ("Plain", None),
        ("Old style", None),
        ("May", "month"),
        ("Hello %(name)s", None),
        ("%(counter)s item", None),
        ("Sign %(what)s", "verb"),
        ("Nothing", None),
    }


def test_the_extractor_reads_every_gettext_form_in_python():
    code = """
from django.utils.translation import gettext as _, gettext_lazy, ngettext, pgettext_lazy, npgettext
a = _("One")
b = gettext_lazy("Two " "joined")
c = ngettext("%(n)s thing", "%(n)s things", n)
d = pgettext_lazy("menu", "Open")
e = npgettext("files", "%(n)s file", "%(n)s files", n)
f = print("not this")
"""
    keys = {key for _line, key in _messages_in_python(code)}
    assert keys == {
        ("One", None),
        ("Two joined", None),
        ("%(n)s thing", None),
        ("Open", "menu"),
        ("%(n)s file", "files"),
    }


def test_the_source_scan_finds_the_products_strings():
    messages = source_messages()
    assert ("Log in", None) in messages  # accounts/login.html
    assert ("organisation number", None) in messages  # organisations/models.py
    assert ("%(counter)s person found", None) in messages  # organisations/tree.html, a plural
    assert any("templates/" in w for where in messages.values() for w in where)
