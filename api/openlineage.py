"""POST /api/v1/lineage: OpenLineage run events, as Marquez accepts them."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import datetime

from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.settings import Settings
from graph.domain import Ability
from resolvers.context import Context
from resolvers.openlineage import IngestError, RunEvent, ingest


def lineage_error(status: int, code: str, message: str, field: str | None = None) -> Response:
    return JSONResponse(
        {"errors": [{"code": code, "message": message, "field": field}]}, status_code=status
    )


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
        if not context.can(Ability.WRITE_REGISTRY):
            return lineage_error(
                403, "FORBIDDEN", f"role {context.actor.role} may not record lineage"
            )
        try:  # the body was read whole, under its cap and deadline, by BodyBuffer
            event = RunEvent.model_validate(json.loads(await request.body()))
        except ValidationError as exc:  # before ValueError, which it is too
            detail = exc.errors(include_url=False)[0]
            field = ".".join(str(p) for p in detail["loc"])
            return lineage_error(422, "INVALID_INPUT", detail["msg"], field)
        except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested past reason
            return lineage_error(400, "INVALID_INPUT", "the body is not JSON in UTF-8")
        datasets = len(event.inputs) + len(event.outputs)
        if datasets > settings.max_lineage_datasets:
            return lineage_error(
                422,
                "INVALID_INPUT",
                f"an event names at most {settings.max_lineage_datasets} datasets, not {datasets}",
                "inputs",
            )
        try:
            result = await ingest(context, event)
        except IngestError as error:
            return lineage_error(error.status, error.code, error.message, error.field)
        return JSONResponse(result, status_code=201 if result["recorded"] else 200)

    return receive
