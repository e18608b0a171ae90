"""POST /api/v1/lineage: OpenLineage run events, as Marquez accepts them, from the
official clients' HTTP transport (bearer `api_key`, gzip bodies: api/bodies.py).

Every refusal is typed: `{"errors": [{"code", "message", "messageZh", "field"}]}` with
HTTP 401 (no token), 403 (a role that may not record lineage), 400 (not JSON, or a body
that does not inflate), 413 (too large, before or after inflating), 415 (a content
encoding it does not read) or 422 (an event this registry cannot record: malformed, a facet
past its cap, a job namespace mapped to no performer); nothing is written then.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.extensions import UNAVAILABLE_MESSAGE, UNAVAILABLE_MESSAGE_ZH
from api.metrics import LINEAGE_EVENTS
from api.request_info import note_error
from api.settings import Settings
from graph.db import Neo4jUnavailable
from graph.domain import Ability, ErrorCode
from resolvers.context import Context
from resolvers.openlineage import ingest
from resolvers.openlineage_events import IngestError, RunEvent
from resolvers.permissions import ANONYMOUS


def lineage_error(
    status: int, code: str, message: str, message_zh: str, field: str | None = None
) -> Response:
    """A refusal in this endpoint's shape, as Marquez's clients read it."""
    note_error(code)
    body = {"code": code, "message": message, "messageZh": message_zh, "field": field}
    headers = {"www-authenticate": 'Bearer realm="rightsgraph"'} if status == 401 else None
    return JSONResponse({"errors": [body]}, status_code=status, headers=headers)


def _error(error: IngestError) -> Response:
    return lineage_error(error.status, error.code, error.message, error.message_zh, error.field)


def _refusal(
    status: int, code: ErrorCode, message: str, zh: str, field: str | None = None
) -> IngestError:
    return IngestError(status, code.name, message, field, zh)


def _caller_refusal(context: Context) -> IngestError | None:
    if context.actor == ANONYMOUS:
        return _refusal(
            401,
            ErrorCode.UNAUTHENTICATED,
            "recording lineage needs a bearer token (Authorization: Bearer <token>)",
            "记录数据血缘须携带令牌（Authorization: Bearer <令牌>）",
        )
    if not context.can(Ability.WRITE_REGISTRY):
        return _refusal(
            403,
            ErrorCode.FORBIDDEN,
            f"role {context.actor.role} may not record lineage",
            f"角色{context.actor.role}无权记录数据血缘",
        )
    return None


def _facet_refusal(event: RunEvent, limit: int) -> IngestError | None:
    """The first facet larger than `limit` bytes as JSON, refused: facets are stored."""
    for field, facets in event.facet_groups():
        for name, facet in facets.items():
            size = len(json.dumps(facet, ensure_ascii=False).encode())
            if size > limit:
                return _refusal(
                    422,
                    ErrorCode.INVALID_INPUT,
                    f"facet {name} has {size} bytes; a facet has at most {limit}",
                    f"元数据{name}为{size}字节，超过上限{limit}字节",
                    f"{field}.{name}",
                )
    return None


async def _event(request: Request, settings: Settings) -> tuple[RunEvent, dict[str, Any]]:
    """The run event in the body, and the body as sent (kept in the audit trail), or an
    IngestError saying why there is none."""
    try:  # the body was read whole, under its cap and deadline, by BodyBuffer
        sent = json.loads(await request.body())
        event = RunEvent.model_validate(sent)
    except ValidationError as exc:  # before ValueError, which it is too
        detail = exc.errors(include_url=False)[0]
        field = ".".join(str(p) for p in detail["loc"])
        raise _refusal(
            422, ErrorCode.INVALID_INPUT, detail["msg"], "运行事件不符合OpenLineage规范", field
        ) from exc
    except (ValueError, RecursionError) as exc:  # not JSON, not UTF-8, or nested past reason
        raise _refusal(
            400,
            ErrorCode.INVALID_INPUT,
            "the body is not JSON in UTF-8",
            "请求体不是UTF-8编码的JSON",
        ) from exc
    datasets = len(event.inputs) + len(event.outputs)
    if datasets > settings.max_lineage_datasets:
        limit = settings.max_lineage_datasets
        raise _refusal(
            422,
            ErrorCode.INVALID_INPUT,
            f"an event names at most {limit} datasets, not {datasets}",
            f"一个事件最多列出{limit}个数据集，此事件列出{datasets}个",
            "inputs",
        )
    refused = _facet_refusal(event, settings.max_facet_bytes)
    if refused is not None:
        raise refused
    return event, sent


def _unavailable() -> Response:
    note_error(ErrorCode.SERVICE_UNAVAILABLE.name)
    error = {
        "code": ErrorCode.SERVICE_UNAVAILABLE.name,
        "message": UNAVAILABLE_MESSAGE,
        "messageZh": UNAVAILABLE_MESSAGE_ZH,
        "field": None,
    }
    return JSONResponse({"errors": [error]}, status_code=503, headers={"retry-after": "1"})


def lineage_endpoint(
    settings: Settings, clock: Callable[[], datetime]
) -> Callable[[Request], Awaitable[Response]]:
    async def receive(request: Request) -> Response:
        context = Context(
            db=request.app.state.db,
            actor=request.state.actor,
            rule_modes=settings.rule_modes,
            now=clock(),
            clock_source=clock,
        )
        try:
            refused = _caller_refusal(context)
            if refused is not None:
                raise refused
            result = await ingest(context, *await _event(request, settings))
        except IngestError as error:
            LINEAGE_EVENTS.labels("refused").inc()
            return _error(error)
        except Neo4jUnavailable:
            LINEAGE_EVENTS.labels("unavailable").inc()
            return _unavailable()
        LINEAGE_EVENTS.labels("recorded" if result["recorded"] else "ignored").inc()
        # 201: the event is recorded; 200: the run had already reported it, nothing new.
        return JSONResponse(result, status_code=201 if result["recorded"] else 200)

    return receive
