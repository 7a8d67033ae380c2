"""Errors as RFC 9457 problem details (`application/problem+json`).

Every refusal the API gives has the same shape: `type`, `title`, `status`, `detail`,
`instance`, and for validation `errors: [{field, message}]`. Titles and details are in the
caller's language: the session person's choice, or for a token the Accept-Language header
(LocaleMiddleware runs before the API)."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

PROBLEM_CONTENT_TYPE = "application/problem+json"
# `type` URIs name the kind of problem; docs/api.md describes each. They are stable
# identifiers, relative to the API, so they work without network access.
TYPE_BASE = "/api/v1/problems/"


class ApiProblem(Exception):
    """Raise from an endpoint or helper to answer with a problem document."""

    def __init__(
        self,
        status: int,
        kind: str,
        title: str,
        detail: str = "",
        *,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
        reason: str = "",
    ):
        super().__init__(detail or title)
        self.status = status
        self.kind = kind
        self.title = title
        self.detail = detail
        self.errors = errors
        self.headers = headers or {}
        self.extra = extra or {}
        # Why a 403 was given, for the audit log's access.refused event (never in the body).
        self.reason = reason


def problem_response(
    request: HttpRequest,
    *,
    status: int,
    kind: str,
    title: str,
    detail: str = "",
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": TYPE_BASE + kind,
        "title": str(title),
        "status": status,
        "detail": str(detail or title),
        "instance": request.get_full_path(),
    }
    if errors is not None:
        body["errors"] = [{"field": str(e.get("field", "")), "message": str(e["message"])} for e in errors]
    if extra:
        body.update(extra)
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, default=str), status=status, content_type=PROBLEM_CONTENT_TYPE
    )
    response["Content-Language"] = translation.get_language() or ""
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def from_problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
    return problem_response(
        request,
        status=exc.status,
        kind=exc.kind,
        title=exc.title,
        detail=exc.detail,
        errors=exc.errors,
        headers=exc.headers,
        extra=exc.extra,
    )


# --- the common problems ------------------------------------------------------------------


def not_found(detail: str = "") -> ApiProblem:
    return ApiProblem(404, "not-found", _("Not found"), detail or _("There is nothing here you can see."))


def forbidden(detail: str = "", *, reason: str = "") -> ApiProblem:
    """A 403; `reason` (a short code) goes to the audit log's access.refused event."""
    return ApiProblem(
        403, "forbidden", _("Forbidden"), detail or _("You do not have permission to do this."), reason=reason
    )


def unauthenticated(detail: str = "") -> ApiProblem:
    return ApiProblem(
        401,
        "unauthenticated",
        _("Authentication required"),
        detail or _('Send an API token as "Authorization: Bearer <token>", or log in.'),
        headers={"WWW-Authenticate": 'Bearer realm="api"'},
    )


def invalid(errors: list[dict[str, str]], detail: str = "", *, extra: dict[str, Any] | None = None) -> ApiProblem:
    return ApiProblem(
        422,
        "validation",
        _("The request is not valid"),
        detail or _("Correct the fields listed in errors and send the request again."),
        errors=errors,
        extra=extra,
    )


def bad_request(detail: str) -> ApiProblem:
    return ApiProblem(400, "bad-request", _("Bad request"), detail)


def conflict(detail: str) -> ApiProblem:
    return ApiProblem(409, "conflict", _("Conflict"), detail)


def rate_limited(retry_after: int, limit: int) -> ApiProblem:
    return ApiProblem(
        429,
        "rate-limited",
        _("Too many requests"),
        _("At most %(limit)d requests a minute are allowed. Try again in %(seconds)d seconds.")
        % {"limit": limit, "seconds": retry_after},
        headers={"Retry-After": str(retry_after)},
    )


def field_of(loc: tuple | list) -> str:
    """ninja's error location ("body", "payload", "rows", 0, "email") as "rows.0.email"."""
    parts = [str(p) for p in loc]
    while parts and parts[0] in ("body", "query", "path", "header", "cookie", "form", "payload", "filters"):
        parts = parts[1:]
    return ".".join(parts)


def validation_message(error: dict) -> str:
    """pydantic's English message, translated for the errors we expect from clients."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    messages = {
        "missing": _("This field is required."),
        "string_too_long": _("At most %(max)s characters.") % {"max": ctx.get("max_length", "")},
        "string_too_short": _("At least %(min)s characters.") % {"min": ctx.get("min_length", "")},
        "int_parsing": _("Give a whole number."),
        "int_type": _("Give a whole number."),
        "bool_parsing": _("Give true or false."),
        "bool_type": _("Give true or false."),
        "date_parsing": _("Give a date as 2026-11-28."),
        "date_from_datetime_parsing": _("Give a date as 2026-11-28."),
        "date_type": _("Give a date as 2026-11-28."),
        "decimal_parsing": _("Give a number."),
        "decimal_type": _("Give a number."),
        "decimal_max_places": _("At most three decimals."),
        "decimal_max_digits": _("The number has too many digits."),
        "string_type": _("Give a text."),
        "list_type": _("Give a list."),
        "too_long": _("At most %(max)s items.") % {"max": ctx.get("max_length", "")},
        "too_short": _("At least %(min)s items.") % {"min": ctx.get("min_length", "")},
        "enum": _("Give one of: %(values)s.") % {"values": ctx.get("expected", "")},
        "literal_error": _("Give one of: %(values)s.") % {"values": ctx.get("expected", "")},
        "greater_than_equal": _("At least %(min)s.") % {"min": ctx.get("ge", "")},
        "less_than_equal": _("At most %(max)s.") % {"max": ctx.get("le", "")},
        "extra_forbidden": _("This field is not known."),
        "model_attributes_type": _("Give an object."),
        "dict_type": _("Give an object."),
        "json_invalid": _("The body is not valid JSON."),
        "value_error": _("The value is not valid."),
    }
    return str(messages.get(kind, error.get("msg", _("The value is not valid."))))


def gettext_nothing_written() -> str:
    return _("Nothing was written. Correct the rows listed in errors and send them again.")
