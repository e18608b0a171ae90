"""Which moment a query reads: `asOf` (valid time) and `asRecordedAt` (record time)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, LiteralString, TypeVar

from graph.domain import Ability, ErrorCode
from graph.history import TimePoint, present_state
from resolvers.context import Context
from resolvers.errors import QueryInputError
from resolvers.writes import Written

T = TypeVar("T")


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


async def written_record(
    ctx: Context,
    written: Written,
    label: LiteralString,
    from_state: Callable[[dict[str, Any], TimePoint], T],
) -> T:
    """A mutation's answer: the record it wrote as valid today (or when it starts)."""
    state = await present_state(ctx.db, label, written.affected_ids[0], ctx.present.valid_at)
    assert state is not None, "a record written in a committed transaction must be readable"
    return from_state(state, view_at(ctx, state))
