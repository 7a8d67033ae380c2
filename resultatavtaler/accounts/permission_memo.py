"""Per-request memo of the few facts about the reader that nearly every permission asks.

A page asks the policy many questions about the same person — "is this person a process owner
for that unit?", "which units does this person lead?" — and each answer used to cost a query.
Within one request those facts do not change unless the request itself changes them, so the
middleware opens a memo for the request and the policy reads the person's role grants and led
units once. Outside a request (services, commands, the worker, tests calling the policy
directly) there is no memo and every question queries afresh.

A write to RoleGrant or Unit (grants, leaders, paths) empties the memo, so a request that
changes who holds what and then asks again sees the change; bulk updates that bypass signals
(the organisation import) call `forget()` themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

_memo: ContextVar[dict | None] = ContextVar("resultatavtaler_permission_memo", default=None)


def remember(key: tuple, compute: Callable[[], Any]) -> Any:
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def forget(*args, **kwargs) -> None:
    """Empty the memo (also usable as a signal receiver)."""
    memo = _memo.get()
    if memo is not None:
        memo.clear()


class PermissionMemoMiddleware:
    """Opens a fresh memo for each request and closes it afterwards."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
