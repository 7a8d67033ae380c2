"""Cursor paging: a page is the rows after a position (sort key, id), and the cursor is that
position, base64-encoded JSON — opaque to clients, stable under inserts (no offsets that
shift), and one indexed range query per page."""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from . import problems

DEFAULT_LIMIT = 100
MAX_LIMIT = 500


@dataclass
class Page:
    items: list[Any]
    next: str | None


def encode_cursor(key: Any, pk: int) -> str:
    if isinstance(key, datetime.datetime | datetime.date):
        key = key.isoformat()
    raw = json.dumps([key, pk], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[Any, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key, pk = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        if not isinstance(pk, int) or isinstance(pk, bool) or not isinstance(key, str | int | None):
            raise ValueError
        return key, pk
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, json.JSONDecodeError):
        raise problems.bad_request(_("The cursor is not valid. Use the next link of the previous page.")) from None


def _parse_key(key: Any, kind: str) -> Any:
    if key is None:
        return None
    try:
        if kind == "datetime":
            return datetime.datetime.fromisoformat(key)
        if kind == "date":
            return datetime.date.fromisoformat(key)
        if kind == "int":
            return int(key)
        return str(key)
    except (TypeError, ValueError):
        raise problems.bad_request(_("The cursor is not valid. Use the next link of the previous page.")) from None


def paginate(
    request: HttpRequest,
    queryset: QuerySet,
    *,
    sort: str,
    kind: str = "str",
    cursor: str | None,
    limit: int | None,
) -> Page:
    """Rows ordered by (`sort`, pk) after the cursor. `sort` must not be null."""
    limit = max(1, min(limit or DEFAULT_LIMIT, MAX_LIMIT))
    qs = queryset.order_by(sort, "pk")
    if cursor:
        raw_key, pk = decode_cursor(cursor)
        key = _parse_key(raw_key, kind)
        qs = qs.filter(Q(**{f"{sort}__gt": key}) | Q(**{sort: key, "pk__gt": pk}))
    rows = list(qs[: limit + 1])
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_url = None
    if has_more:
        last = rows[-1]
        value = last
        for part in sort.split("__"):
            value = getattr(value, part)
        query = request.GET.copy()
        query["cursor"] = encode_cursor(value, last.pk)
        query["limit"] = str(limit)
        next_url = request.build_absolute_uri(request.path + "?" + query.urlencode())
    return Page(items=rows, next=next_url)
