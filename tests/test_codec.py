"""Temporal values read and written by graph.codec are exactly what Neo4j holds."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from api.settings import Settings
from graph import codec
from graph import db as db_module
from graph.db import Database, Query
from tests.conftest import GraphQLClient

ECHO = Query(
    "test.echo",
    "RETURN $value AS value, toString($value) AS text, "
    "CASE WHEN $value IS NULL THEN null ELSE $value = $expected END AS same",
)
READ = Query(
    "test.read",
    """
    RETURN datetime('2024-02-29T23:59:59.123456+08:00') AS offset,
           datetime('2024-02-29T23:59:59.123456[Asia/Shanghai]') AS zoned,
           datetime('1969-07-20T20:17:40Z') AS before_epoch,
           localdatetime('2024-02-29T08:00:00.5') AS local,
           date('2024-02-29') AS leap_day
    """,
)


def run(settings: Settings, query: Query, **params: Any) -> dict[str, Any]:
    async def go() -> dict[str, Any]:
        db = Database.connect(settings.neo4j_uri, settings.neo4j_auth, settings.neo4j_database)
        try:
            return (await db.read(query, **params))[0]
        finally:
            await db.close()

    return asyncio.run(go())


def test_connecting_installs_the_fast_codec(settings: Settings) -> None:
    run(settings, READ)
    assert codec.installed()


def test_values_neo4j_computes_arrive_as_exact_python_values(settings: Settings) -> None:
    row = run(settings, READ)
    china = timezone(timedelta(hours=8))
    assert row["offset"] == datetime(2024, 2, 29, 23, 59, 59, 123456, tzinfo=china)
    assert row["offset"].utcoffset() == timedelta(hours=8)
    assert row["zoned"] == datetime(2024, 2, 29, 15, 59, 59, 123456, tzinfo=UTC)
    assert row["zoned"].tzinfo == ZoneInfo("Asia/Shanghai")
    assert row["before_epoch"] == datetime(1969, 7, 20, 20, 17, 40, tzinfo=UTC)
    assert row["local"] == datetime(2024, 2, 29, 8, 0, 0, 500000)
    assert row["local"].tzinfo is None
    assert row["leap_day"] == date(2024, 2, 29)


def test_python_values_written_are_the_ones_neo4j_reads(settings: Settings) -> None:
    cases = [
        (datetime(2024, 2, 29, 23, 59, 59, 123456, tzinfo=UTC), "2024-02-29T23:59:59.123456Z"),
        (
            datetime(2024, 2, 29, 8, 0, tzinfo=timezone(timedelta(hours=8))),
            "2024-02-29T08:00:00+08:00",
        ),
        (
            datetime(2024, 2, 29, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
            "2024-02-29T08:00:00+08:00[Asia/Shanghai]",
        ),
        (datetime(1969, 7, 20, 20, 17, 40), "1969-07-20T20:17:40"),
        (date(2024, 2, 29), "2024-02-29"),
        (date(1969, 12, 31), "1969-12-31"),
        (date(1, 1, 1), "0001-01-01"),
        (date(9999, 12, 31), "9999-12-31"),
    ]
    for value, text in cases:
        row = run(settings, ECHO, value=value, expected=value)
        assert row["text"] == text
        assert row["value"] == value and row["same"] is True


PLAIN_READS = """
query ($id: ID!) {
  dataResources(first: 50, orderBy: CATALOG_CODE) { edges { node {
    nameZh validFrom recordedAt source { nameZh recordedAt }
    rights { kind validFrom validTo recordedAt holder { nameZh recordedAt } } } } }
  dataProducts(first: 50) { edges { node { nameZh validFrom recordedAt } } }
  parties(first: 50) { edges { node { nameZh recordedAt } } }
  lineage(assetId: $id, direction: UPSTREAM, depth: 5) { edges { kind day } }
}"""


def _only_plain(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_only_plain(item) for item in value.values())
    if isinstance(value, list):
        return all(_only_plain(item) for item in value)
    return type(value) in db_module._PLAIN


@pytest.mark.usefixtures("seeded")
def test_statements_read_as_plain_return_only_plain_values(
    gql: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A statement marked `plain` skips the walk that turns the driver's values into plain
    Python; it must not return anything that walk would have changed (a node, a temporal
    type of the driver's), or the answer would hold values the API cannot serialise."""
    checked: list[Any] = []

    def as_is(value: Any) -> Any:
        checked.append(value)
        assert _only_plain(value), value
        return value

    monkeypatch.setattr(db_module, "_as_is", as_is)
    products = gql.data("{ dataProducts(first: 1) { edges { node { id } } } }")
    product = products["dataProducts"]["edges"][0]["node"]["id"]
    data = gql.data(PLAIN_READS, {"id": product})
    assert data["dataResources"]["edges"] and data["lineage"]["edges"]
    assert len(checked) >= 5  # the pages, the rights, the parties, the walk
