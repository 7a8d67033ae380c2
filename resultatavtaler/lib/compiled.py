"""An ORM statement compiled once per process and database connection, then run with new
arguments.

Django builds and compiles a QuerySet's SQL each time it is evaluated: the lookups are resolved
into joins and conditions, the columns quoted, the statement assembled. For the small statements
that every request runs before the page's own work — the session, the login with its person, the
reader's role grants and led units — that costs many times what running them costs
(docs/performance.md §31). `CompiledRows` takes a function that builds the QuerySet from its
arguments, compiles it once per database connection with placeholders in the arguments' places,
and afterwards runs that SQL with the real values, converting the columns as Django does (dates
on SQLite, JSON). The QuerySet stays the definition: what the statement selects, joins and filters
is written with the ORM, and tests compare the rows with the QuerySet's own.

Only `values_list()` statements are accepted, and only integer and string arguments that the
statement compares as they are (an id, a key); anything else raises at the first use — a
programming error, never a user's.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import ValuesListIterable

# Placeholders for the arguments while compiling: an integer inside every backend's range (Django
# compiles an out-of-range integer lookup to an empty condition) that is never an id, and a string
# no key contains.
_INT_PLACEHOLDER = -2_000_000_000
_STR_PLACEHOLDER = "\x00compiled-argument-{}\x00"


class CompiledRows:
    """`rows(*args)` gives the rows of `build(*args)`, a `values_list()` QuerySet, as tuples;
    `kinds` are the arguments' types, `int` or `str`."""

    def __init__(self, build: Callable[..., QuerySet], *kinds: type):
        if not kinds or any(kind not in (int, str) for kind in kinds):
            raise TypeError("CompiledRows takes integer and string arguments only")
        self._build = build
        self._kinds = kinds
        # One compiled statement per connection (a connection belongs to one thread, and the
        # converters Django gives are bound to it).
        self._statements: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def rows(self, *args: int | str, using: str = DEFAULT_DB_ALIAS) -> list[tuple]:
        if len(args) != len(self._kinds) or any(
            type(arg) is not kind for arg, kind in zip(args, self._kinds, strict=False)
        ):
            raise TypeError(f"expected arguments of the types {self._kinds}, got {args!r}")
        connection = connections[using]
        statement = self._statements.get(connection)
        if statement is None:
            statement = self._statements[connection] = self._compile(using)
        sql, slots, compiler, converters = statement
        params = [args[index] if index is not None else constant for index, constant in slots]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            rows = compiler.apply_converters(rows, converters)
        return [tuple(row) for row in rows]

    def _compile(self, using: str):
        placeholders = {
            (_INT_PLACEHOLDER - i if kind is int else _STR_PLACEHOLDER.format(i)): i
            for i, kind in enumerate(self._kinds)
        }
        queryset = self._build(*placeholders)
        if queryset._iterable_class is not ValuesListIterable:
            raise TypeError("CompiledRows runs values_list() statements only (plain tuples)")
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        converters = compiler.get_converters([column for column, _sql, _alias in compiler.select])
        slots = tuple(
            (placeholders[p], None) if type(p) in (int, str) and p in placeholders else (None, p) for p in params
        )
        if {index for index, _constant in slots if index is not None} != set(placeholders.values()):
            raise TypeError("the statement does not use every argument it was built with, as it was given")
        return sql, slots, compiler, converters
