"""Which moment a query reads: `asOf` (valid time) and `asRecordedAt` (record time)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from graph.history import TimePoint
from resolvers.context import Context
from resolvers.errors import QueryInputError
from schema.enums import ErrorCode
from schema.permissions import Ability


def view_of(ctx: Context, as_of: date | None, as_recorded_at: datetime | None) -> TimePoint:
    """The time point to read at; now by default. Reading the past record needs READ_AUDIT."""
    present = ctx.present
    if as_recorded_at is None:
        return TimePoint(as_of or present.valid_at, present.recorded_at)
    if not ctx.can(Ability.READ_AUDIT):
        raise QueryInputError(
            ErrorCode.FORBIDDEN,
            "asRecordedAt",
            f"role {ctx.actor.role} may not read the registry as recorded in the past",
        )
    if as_recorded_at.tzinfo is None:
        as_recorded_at = as_recorded_at.replace(tzinfo=UTC)
    return TimePoint(as_of or present.valid_at, as_recorded_at)


def view_at(ctx: Context, state: dict[str, Any]) -> TimePoint:
    """Now, or the record's first day when it starts in the future."""
    present = ctx.present
    return TimePoint(max(present.valid_at, state["validFrom"]), present.recorded_at)
