"""What every endpoint shares: the caller, the documented problem responses, id parameters."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Path, Query

from ..caller import Caller
from ..schemas import MAX_ID, Problem

# Every operation documents the problems it can answer with (application/problem+json).
READ_PROBLEMS = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem, 429: Problem}
WRITE_PROBLEMS = {**READ_PROBLEMS, 409: Problem, 413: Problem}

IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]
Cursor = Annotated[str | None, Query(None, max_length=500, description="The next link's cursor.")]
Limit = Annotated[int, Query(100, ge=1, le=500, description="Rows per page (at most 500).")]
OptionalId = Annotated[int | None, Query(None, ge=1, le=MAX_ID)]


def caller_of(request: HttpRequest) -> Caller:
    return request.auth  # set by auth.TokenAuth / auth.SessionAuth
