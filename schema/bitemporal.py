"""What every bitemporal record shows: its valid time, its record time, and the view."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from graph.history import TimePoint


@strawberry.interface(
    description="A record with valid time (when it was true in the world) and record time "
    "(when the registry learned it, and when a later record superseded it) 双时态记录."
)
class Bitemporal:
    valid_from: date = strawberry.field(description="First day the record is true 生效日期.")
    valid_to: date | None = strawberry.field(
        description="First day it is no longer true; null while open-ended 失效日期."
    )
    recorded_at: datetime = strawberry.field(description="When the registry recorded it 记录时间.")
    superseded_at: datetime | None = strawberry.field(
        description="When a later record replaced it; null for the current record 被替代时间."
    )
    view: strawberry.Private[TimePoint]

    @strawberry.field(description="The valid date this record was read at 查询生效日期.")
    def as_of(self) -> date:
        return self.view.valid_at

    @strawberry.field(description="The record time this record was read at 查询记录时间.")
    def as_recorded_at(self) -> datetime:
        return self.view.recorded_at


def record_times(state: dict[str, object]) -> dict[str, object]:
    """The Bitemporal fields of a state row, as keyword arguments (None where a projected
    row left them out: nobody selected them)."""
    return {
        "valid_from": state.get("validFrom"),
        "valid_to": state.get("validTo"),
        "recorded_at": state.get("recordedAt"),
        "superseded_at": state.get("supersededAt"),
    }


# What each Bitemporal field reads of a stored record, for a type's STORED_BY_FIELD
# (schema/right.py, schema/resource.py): the view's fields read nothing stored.
STORED_BY_BITEMPORAL_FIELD: dict[str, tuple[str, ...]] = {
    "validFrom": ("validFrom",),
    "validTo": ("validTo",),
    "recordedAt": ("recordedAt",),
    "supersededAt": ("supersededAt",),
    "asOf": (),
    "asRecordedAt": (),
}
