"""Fast temporal values on the Bolt wire.

Why: the driver decodes every DATETIME into its own `neo4j.time.DateTime` through pytz,
about 50 µs each, and every record of the registry carries one or two (`recordedAt`,
`supersededAt`, an activity's `at`). A page of 50 resources with their 580 rights spent
half its time there (bench/scale.py, page50). These functions read and write the same Bolt
structures straight as Python `datetime` and `date`, which is what `graph.db.native` turned
them into anyway.

The driver has no public hook for this, so `install()` swaps the functions its Bolt 5 and
6 hydration handlers look up when a connection opens. The driver's version is pinned in
pyproject.toml, and tests/test_codec.py checks both that the swap is in place and that
values round-trip exactly; anything these functions do not cover (years outside 1–9999,
the driver's own temporal types) goes to the driver's original function.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from neo4j._codec.hydration.bolt.v1 import temporal as temporal_v1
from neo4j._codec.hydration.bolt.v2 import temporal as temporal_v2
from neo4j._codec.packstream import Structure

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_LOCAL_EPOCH = datetime(1970, 1, 1)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_ORIGINAL: dict[str, Callable[..., Any]] = {
    "hydrate_datetime": temporal_v2.hydrate_datetime,
    "dehydrate_datetime": temporal_v2.dehydrate_datetime,
    "hydrate_date": temporal_v1.hydrate_date,
    "dehydrate_date": temporal_v1.dehydrate_date,
}
_zones: dict[str, ZoneInfo] = {}
_offsets: dict[int, timezone] = {}


def hydrate_datetime(seconds: int, nanoseconds: int, tz: int | str | None = None) -> Any:
    """A Bolt 5 DATETIME (UTC seconds) as a Python datetime, to the microsecond."""
    try:
        delta = timedelta(seconds=seconds, microseconds=nanoseconds // 1000)
        if tz is None:
            return _LOCAL_EPOCH + delta
        if isinstance(tz, int):
            zone: timezone | ZoneInfo = _offsets.get(tz) or _offsets.setdefault(
                tz, timezone(timedelta(seconds=tz))
            )
        else:
            zone = _zones.get(tz) or _zones.setdefault(tz, ZoneInfo(tz))
        return (_EPOCH + delta).astimezone(zone)
    except (OverflowError, ValueError):
        return _ORIGINAL["hydrate_datetime"](seconds, nanoseconds, tz)


def hydrate_date(days: int) -> Any:
    try:
        return date.fromordinal(_EPOCH_ORDINAL + days)
    except (OverflowError, ValueError):
        return _ORIGINAL["hydrate_date"](days)


def dehydrate_date(value: Any) -> Structure:
    """A Python date as the Bolt DATE structure (days since 1970-01-01). Every read sends
    one (`validAt`), and the driver's own counts them through its `neo4j.time.Date`."""
    if type(value) is not date:
        return _ORIGINAL["dehydrate_date"](value)
    return Structure(b"D", value.toordinal() - _EPOCH_ORDINAL)


def dehydrate_datetime(value: Any) -> Structure:
    """A Python datetime as the Bolt 5 structure the driver would send for it."""
    if type(value) is not datetime:
        return _ORIGINAL["dehydrate_datetime"](value)
    tz = value.tzinfo
    if tz is None:
        delta = value - _LOCAL_EPOCH
        return Structure(b"d", *_seconds_and_nanoseconds(delta))
    delta = value - _EPOCH
    key = getattr(tz, "key", None) or getattr(tz, "zone", None)
    if isinstance(key, str) and key:
        return Structure(b"i", *_seconds_and_nanoseconds(delta), key)
    offset = value.utcoffset()
    if offset is None or offset.microseconds:
        return _ORIGINAL["dehydrate_datetime"](value)
    return Structure(b"I", *_seconds_and_nanoseconds(delta), offset.days * 86400 + offset.seconds)


def _seconds_and_nanoseconds(delta: timedelta) -> tuple[int, int]:
    return delta.days * 86400 + delta.seconds, delta.microseconds * 1000


def install() -> None:
    """Use these functions on every connection opened from now on (idempotent)."""
    temporal_v2.hydrate_datetime = hydrate_datetime
    temporal_v2.dehydrate_datetime = dehydrate_datetime
    temporal_v1.hydrate_date = hydrate_date
    temporal_v1.dehydrate_date = dehydrate_date


def installed() -> bool:
    return (
        temporal_v2.hydrate_datetime is hydrate_datetime
        and temporal_v2.dehydrate_datetime is dehydrate_datetime
        and temporal_v1.hydrate_date is hydrate_date
        and temporal_v1.dehydrate_date is dehydrate_date
    )
