"""A fixed-window request counter per API token (or per logged-in user) in Django's cache.

One counter per caller per minute: simple, shared by every app server through the cache
(Redis in production, DESIGN.md §7), and cheap. The limit is API_RATE_LIMIT_PER_MINUTE."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

from . import problems

DEFAULT_LIMIT_PER_MINUTE = 120
WINDOW_SECONDS = 60


def limit_per_minute() -> int:
    return int(getattr(settings, "API_RATE_LIMIT_PER_MINUTE", DEFAULT_LIMIT_PER_MINUTE))


def check_rate(identity: str, *, now: float | None = None) -> None:
    """Count one request for `identity`; raise a 429 problem when the window is full."""
    limit = limit_per_minute()
    if limit <= 0:  # 0 switches the limit off
        return
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    key = f"api-rate:{identity}:{window}"
    # add() is atomic: only the first request of the window creates the counter.
    cache.add(key, 0, timeout=WINDOW_SECONDS + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # the counter expired between add and incr
        cache.add(key, 1, timeout=WINDOW_SECONDS + 5)
        count = 1
    if count > limit:
        retry_after = max(1, int((window + 1) * WINDOW_SECONDS - now + 0.999))
        raise problems.rate_limited(retry_after, limit)
