"""The integration API, /api/v1/ (docs/api.md): django-ninja with an OpenAPI schema at
/api/v1/openapi.json and interactive documentation at /api/v1/docs, served from our own
static files (no CDN; a strict CSP without 'unsafe-inline').

Every refusal is an RFC 9457 problem document (problems.py), in the caller's language."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.openapi.docs import DocsBase

from resultatavtaler.audit.services import audit_access_refused
from resultatavtaler.core_errors import DomainError

from . import problems
from .auth import session_auth, token_auth
from .endpoints import agreements, hr, measurements

logger = logging.getLogger(__name__)

DESCRIPTION = """
The integration API of Resultatavtaler: units and people for the HR system, measurements for
BI tools and source systems, agreement states, published parts and signed versions for the
archive.

**Authentication.** An organisation's administrator creates tokens on the page
*API tokens*; send one as `Authorization: Bearer <token>`. A read token reads, a write token
also upserts people and pushes measurements. A logged-in person may call the API with the
session (unsafe methods with the `X-CSRFToken` header) and gets what the pages give them.

**What a token sees.** The organisation's units, people, periods, progress, agreement states,
published parts, signed versions and measurements. Never self-evaluations, assessments,
input-request results or 360 data: those are personal evaluations.

**Errors** are `application/problem+json` (RFC 9457) with `errors: [{field, message}]` for
validation, in the language of `Accept-Language` (nb, nn, en). **Paging**: lists return
`items` and `next`, the URL of the next page (null on the last).
**Rate limit**: a number of requests a minute per token or person; over it, 429 with
`Retry-After`.
""".strip()


class ApiDocs(DocsBase):
    """Swagger UI from the files django-ninja ships (ninja/static), in a page of ours with a
    language, a title and no inline script: the settings travel as a JSON data block and
    ninja's swagger-ui-init.js starts the UI. No request leaves the server (no validator badge)."""

    settings = {"layout": "BaseLayout", "deepLinking": True, "validatorUrl": None, "tryItOutEnabled": False}

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        logged_in = request.user.is_authenticated
        return render(
            request,
            "api/docs.html",
            {
                "api": api,
                "swagger_settings": settings,
                "schema_url": settings["url"],
                "csrf_header_token": get_token(request) if logged_in else "",
            },
        )


class ResultatavtalerAPI(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(request, data, status=status, temporal_response=temporal_response)
        return _finish(response)

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        # Refusals are problem documents: say so in the schema, so clients and schema checks agree.
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content")
                    if int(status) >= 400 and content and "application/json" in content:
                        response["content"] = {problems.PROBLEM_CONTENT_TYPE: content["application/json"]}
        return schema


def _finish(response: HttpResponse) -> HttpResponse:
    # Personal and organisation data: never cached by browsers or proxies; the answer
    # depends on who asks and in which language.
    add_never_cache_headers(response)
    patch_vary_headers(response, ("Authorization", "Cookie", "Accept-Language"))
    return response


api = ResultatavtalerAPI(
    title="Resultatavtaler API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api_v1",
    auth=[token_auth, session_auth],
    docs=ApiDocs(),
)
api.add_router("", hr.me_router)
api.add_router("", hr.router)
api.add_router("", agreements.router)
api.add_router("", measurements.router)


# --- problems ---------------------------------------------------------------------------


def _problem(request, exc: problems.ApiProblem) -> HttpResponse:
    if exc.status == 403:
        # Every refusal for a missing right is an access.refused audit event (ASVS V16.3.2):
        # the token (name, prefix, organisation) or the person, the object where the endpoint
        # named it (audit_refusal_object), the reason and the address. A 401 is not audited:
        # no one has been identified (docs/security.md).
        audit_access_refused(request, reason=exc.reason or exc.kind)
    return _finish(problems.from_problem(request, exc))


@api.exception_handler(problems.ApiProblem)
def _api_problem(request, exc):
    return _problem(request, exc)


@api.exception_handler(ValidationError)
def _validation(request, exc: ValidationError):
    errors = [
        {"field": problems.field_of(e.get("loc", ())), "message": problems.validation_message(e)} for e in exc.errors
    ]
    return _problem(request, problems.invalid(errors))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _problem(request, problems.unauthenticated())


@api.exception_handler(Throttled)
def _throttled(request, exc: Throttled):
    from .ratelimit import limit_per_minute

    return _problem(request, problems.rate_limited(int(exc.wait or 60), limit_per_minute()))


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    titles = {400: _("Bad request"), 403: _("Forbidden"), 404: _("Not found"), 405: _("Method not allowed")}
    if exc.status_code == 400:
        detail = _("The request body could not be read. Send JSON with Content-Type: application/json.")
    else:
        detail = str(titles.get(exc.status_code, _("The request cannot be answered.")))
    return _problem(
        request,
        problems.ApiProblem(exc.status_code, "http-error", titles.get(exc.status_code, _("Error")), detail),
    )


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _problem(request, problems.not_found())


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _problem(request, problems.forbidden())


@api.exception_handler(DomainError)
def _domain_error(request, exc: DomainError):
    kinds = {400: "bad-request", 403: "forbidden", 404: "not-found", 409: "conflict"}
    titles = {400: _("Bad request"), 403: _("Forbidden"), 404: _("Not found"), 409: _("Conflict")}
    status = exc.status if exc.status in kinds else 400
    kind = "stale" if exc.code == "stale" else kinds[status]
    return _problem(request, problems.ApiProblem(status, kind, titles[status], exc.message, reason=exc.code))


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    return _problem(
        request,
        problems.ApiProblem(
            413, "too-large", _("The request is too large"), _("Send the rows in several smaller requests.")
        ),
    )


@api.exception_handler(Exception)
def _server_error(request, exc):
    logger.exception("API error on %s", request.path)
    return _problem(
        request,
        problems.ApiProblem(
            500,
            "server-error",
            _("Something went wrong"),
            _("The error has been logged. Try again later, or tell your administrator."),
        ),
    )
