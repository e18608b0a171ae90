"""Bitemporal records: nothing is overwritten or deleted.

A versioned entity is an identity node (`:Entity {id}`) with state records
`(e)-[:STATE]->(s:State:<Kind>State)`. Each record holds the entity's
attributes for a span of valid time, `[validFrom, validTo)` (dates; an open
end is null), and says when the registry recorded it (`recordedAt`) and
when a later record superseded it (`supersededAt`, null while current).

A revision never edits a record: it supersedes the current records and
writes their replacements, so the registry as it stood at any past moment
can be read back. The identity node mirrors the attributes of the record
valid at write time, for full-text search.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, LiteralString
from zoneinfo import ZoneInfo

from graph.db import Database, Query, Row, Tx

# Valid time is in dates as Qinzhou counts them.
LOCAL_ZONE = ZoneInfo("Asia/Shanghai")


def local_date(moment: datetime) -> date:
    return moment.astimezone(LOCAL_ZONE).date()


STATE_LABELS: tuple[LiteralString, ...] = ("ResourceState", "ProductState", "RightState")

# The state label of each versioned entity type.
STATE_OF: dict[str, LiteralString] = {
    "DataResource": "ResourceState",
    "DataProduct": "ProductState",
    "Right": "RightState",
}

# Record-time bookkeeping is not an attribute of the entity.
_BOOKKEEPING = {"id", "stateId", "validFrom", "validTo", "recordedAt", "supersededAt", "recordedBy"}


@dataclass(frozen=True)
class Span:
    """The attributes of an entity over an interval of valid time."""

    valid_from: date
    valid_to: date | None
    attrs: dict[str, Any] = field(default_factory=dict)

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


@dataclass(frozen=True)
class TimePoint:
    """Where in both times to read: valid at `valid_at`, as recorded at `recorded_at`."""

    valid_at: date
    recorded_at: datetime


def revise(spans: list[Span], changes: dict[str, Any], effective_from: date | None) -> list[Span]:
    """The timeline after `changes` take effect from `effective_from` (None: for all time).

    A span that straddles `effective_from` is split; earlier spans are kept.
    """
    result: list[Span] = []
    for span in sorted(spans, key=lambda s: s.valid_from):
        if effective_from is None or span.valid_from >= effective_from:
            result.append(replace(span, attrs={**span.attrs, **changes}))
        elif span.valid_to is not None and span.valid_to <= effective_from:
            result.append(span)
        else:
            result.append(replace(span, valid_to=effective_from))
            result.append(Span(effective_from, span.valid_to, {**span.attrs, **changes}))
    return result


def end_at(spans: list[Span], end: date) -> list[Span]:
    """The timeline cut at `end`: nothing is valid from that day on."""
    result = []
    for span in sorted(spans, key=lambda s: s.valid_from):
        if span.valid_from >= end:
            continue
        if span.valid_to is None or span.valid_to > end:
            span = replace(span, valid_to=end)
        result.append(span)
    return result


def attributes(state: Row) -> dict[str, Any]:
    return {key: value for key, value in state.items() if key not in _BOOKKEEPING}


def spans_of(states: list[Row]) -> list[Span]:
    return [Span(s["validFrom"], s.get("validTo"), attributes(s)) for s in states]


def _queries(label: LiteralString) -> tuple[Query, Query]:
    write = Query(
        f"history.{label}.write",
        f"""
        MATCH (e:Entity {{id: $id}})
        OPTIONAL MATCH (e)-[:STATE]->(old) WHERE old.supersededAt IS NULL
        SET old.supersededAt = $now
        WITH DISTINCT e
        UNWIND $spans AS span
        CREATE (e)-[:STATE]->(s:State:{label})
        SET s = span.attrs, s.id = $id, s.stateId = randomUUID(),
            s.validFrom = span.validFrom, s.validTo = span.validTo,
            s.recordedAt = $now, s.recordedBy = $recordedBy
        WITH e, collect(s) AS written
        SET e += $mirror
        RETURN size(written) AS written
        """,
    )
    current = Query(
        f"history.{label}.current",
        f"""
        MATCH (:Entity {{id: $id}})-[:STATE]->(s:{label})
        WHERE s.supersededAt IS NULL
        RETURN properties(s) AS state ORDER BY s.validFrom
        """,
    )
    return write, current


_WRITE, _CURRENT = {}, {}
for _label in STATE_LABELS:
    _WRITE[_label], _CURRENT[_label] = _queries(_label)


def _mirror(spans: list[Span], today: date) -> dict[str, Any]:
    covering = [s for s in spans if s.covers(today)]
    chosen = covering[0] if covering else max(spans, key=lambda s: s.valid_from)
    return {key: value for key, value in chosen.attrs.items() if not isinstance(value, dict)}


async def write_timeline(
    tx: Tx, label: LiteralString, entity_id: str, spans: list[Span], now: datetime, by: str
) -> None:
    """Supersede the entity's current records and record `spans` in their place."""
    rows = [{"validFrom": s.valid_from, "validTo": s.valid_to, "attrs": s.attrs} for s in spans]
    await tx.rows(
        _WRITE[label],
        id=entity_id,
        spans=rows,
        now=now,
        recordedBy=by,
        mirror=_mirror(spans, local_date(now)),
    )


async def present_state(
    db: Database, label: LiteralString, entity_id: str, today: date
) -> Row | None:
    """The current record valid `today`, else the nearest one ahead (or the last one)."""
    rows = [row["state"] for row in await db.read(_CURRENT[label], id=entity_id)]
    for state in rows:
        if state["validFrom"] <= today and (
            state.get("validTo") is None or today < state["validTo"]
        ):
            return state
    ahead = [state for state in rows if state["validFrom"] > today]
    return ahead[0] if ahead else (rows[-1] if rows else None)


async def current_timeline(tx: Tx, label: LiteralString, entity_id: str) -> list[Span]:
    rows = await tx.rows(_CURRENT[label], id=entity_id)
    return spans_of([row["state"] for row in rows])


# A record is visible at a time point when both of its intervals contain it. An open end
# (null) is "after": `coalesce(end > t, true)`, not `end IS NULL OR end > t`, because the
# planner may split an OR into a union of two index seeks, which loses the index order a
# page relies on and sorts every match (seen once in CI: 400 rows read for a page of 50).
VISIBLE = (
    "s.validFrom <= $validAt AND coalesce(s.validTo > $validAt, true) "
    "AND s.recordedAt <= $recordedAt AND coalesce(s.supersededAt > $recordedAt, true)"
)

# The same, for a state bound to `n` (pagination binds the listed node to `n`).
VISIBLE_NODE = VISIBLE.replace("s.", "n.")


def states_at(
    entity: LiteralString, state: LiteralString, ids: LiteralString, name: LiteralString = "rows"
) -> LiteralString:
    """The record of each id of `ids` (a list expression) visible at the view, collected as
    `{id, state}` maps into `name`: the loaders' statement, and a walk's, which brings the
    records of the assets it reached along (graph/lineage.py)."""
    return f"""
    UNWIND {ids} AS id
    MATCH (:{entity}:Entity {{id: id}})-[:STATE]->(s:{state})
    WHERE {VISIBLE}
    RETURN collect({{id: id, state: properties(s)}}) AS {name}"""


def time_params(at: TimePoint) -> dict[str, Any]:
    return {"validAt": at.valid_at, "recordedAt": at.recorded_at}
