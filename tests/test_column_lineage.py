"""Columns from `schema` facets and column-to-column lineage from `columnLineage` facets:
`columns` on resources and products, the `columnLineage` query with the bounds of asset
lineage, `asOf`/`asRecordedAt`, and exports that carry columns."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from typing import Any

import networkx
import pydot
import pytest
from starlette.testclient import TestClient

from tests.conftest import GraphQLClient, count, node_count
from tests.helpers import PORT_COMPANY
from tests.lineage_events import (
    column_lineage_facet,
    dataset,
    event,
    map_namespace,
    new_run,
    register_with_dataset,
    schema_facet,
    send,
    sent,
)

pytestmark = pytest.mark.usefixtures("seeded")

PG = "postgres://qzport-db:5432"
MOVES = "qzport.public.container_moves"
LAKE = "s3://qzport-lake"
DAILY = "rollups/daily_moves"
JOB = ("airflow-prod", "port_rollups.daily_moves")
COLUMNS = """query ($id: ID!, $asOf: Date, $at: DateTime) {
  dataResources(first: 100, asOf: $asOf, asRecordedAt: $at) {
    edges { node { id columns { name type description position } } } }
  node(id: $id) { ... on DataResource { columns { name } } } }"""
COLUMN_LINEAGE = """query ($id: ID!, $column: String!, $direction: LineageDirection,
  $depth: Int, $budget: Int, $asOf: Date, $at: DateTime) {
  columnLineage(assetId: $id, column: $column, direction: $direction, depth: $depth,
                budget: $budget, asOf: $asOf, asRecordedAt: $at) {
    column depthReached totalNodes truncated beyond
    nodes { depth column asset { nameZh } }
    edges { fromColumn toColumn day activity { name }
            transformations { type subtype masking } }
    json: export(format: JSON) graphml: export(format: GRAPHML) dot: export(format: DOT) } }"""

BOUNDED = """query ($id: ID!, $column: String!, $depth: Int, $budget: Int) {
  columnLineage(assetId: $id, column: $column, depth: $depth, budget: $budget) { totalNodes } }"""


@pytest.fixture
def rollup(client: TestClient, gql: GraphQLClient) -> dict[str, Any]:
    """A run of the port company's daily rollup on 2024-08-01: the moves table's schema, the
    rollup's schema, and how each rollup column is computed."""
    map_namespace(gql, "airflow-prod", PORT_COMPANY)
    moves = register_with_dataset(gql, "QZG-COL-0001", PG, MOVES, nameZh="集装箱作业记录")
    daily = register_with_dataset(gql, "QZG-COL-0002", LAKE, DAILY, nameZh="集装箱日汇总")
    source = dataset(
        PG,
        MOVES,
        schema=schema_facet(
            ("container_no", "VARCHAR", "集装箱箱号"), ("moved_at", "TIMESTAMP"), ("teu", "INT")
        ),
    )
    target = dataset(
        LAKE,
        DAILY,
        schema=schema_facet(("day", "DATE"), ("teu_total", "BIGINT"), ("containers", "BIGINT")),
        columnLineage=column_lineage_facet(
            {
                "day": [(PG, MOVES, "moved_at", "DIRECT", "TRANSFORMATION")],
                "teu_total": [(PG, MOVES, "teu", "DIRECT", "AGGREGATION")],
                "containers": [(PG, MOVES, "container_no", "DIRECT", "AGGREGATION")],
            },
            dataset_wide=[(PG, MOVES, "moved_at", "INDIRECT", "GROUP_BY")],
        ),
    )
    answer = sent(
        client,
        gql,
        event("COMPLETE", new_run(), JOB, [source], [target], at="2024-08-01T08:30:00Z"),
    )
    return {"moves": moves["id"], "daily": daily["id"], "answer": answer}


def columns(gql: GraphQLClient, asset: str, **view: Any) -> list[dict[str, Any]]:
    data = gql.data(COLUMNS, {"id": asset, **view})["dataResources"]["edges"]
    found: list[dict[str, Any]] = next(
        e["node"]["columns"] for e in data if e["node"]["id"] == asset
    )
    return found


def column_walk(gql: GraphQLClient, asset: str, column: str, **more: Any) -> dict[str, Any]:
    walked: dict[str, Any] = gql.data(COLUMN_LINEAGE, {"id": asset, "column": column, **more})[
        "columnLineage"
    ]
    return walked


def test_the_schema_facet_sets_the_columns_from_the_events_day(
    gql: GraphQLClient, rollup: dict[str, Any]
) -> None:
    assert columns(gql, rollup["moves"]) == [
        {"name": "container_no", "type": "VARCHAR", "description": "集装箱箱号", "position": 1},
        {"name": "moved_at", "type": "TIMESTAMP", "description": None, "position": 2},
        {"name": "teu", "type": "INT", "description": None, "position": 3},
    ]
    assert [c["name"] for c in columns(gql, rollup["daily"])] == ["day", "teu_total", "containers"]
    assert columns(gql, rollup["moves"], asOf="2024-07-31") == []  # before any event said


def test_a_changed_schema_is_a_change_of_record_and_history_keeps_the_old(
    client: TestClient, gql: GraphQLClient, rollup: dict[str, Any]
) -> None:
    before = datetime.now(UTC).isoformat()
    widened = dataset(
        PG,
        MOVES,
        schema=schema_facet(
            ("container_no", "VARCHAR"),
            ("moved_at", "TIMESTAMP"),
            ("teu", "BIGINT"),
            ("berth", "INT"),
        ),
    )
    sent(client, gql, event("START", new_run(), JOB, [widened], at="2024-09-01T08:00:00Z"))
    now = columns(gql, rollup["moves"])
    assert [(c["name"], c["type"]) for c in now][2:] == [("teu", "BIGINT"), ("berth", "INT")]
    august = columns(gql, rollup["moves"], asOf="2024-08-15")
    assert [(c["name"], c["type"]) for c in august][2:] == [("teu", "INT")]
    as_recorded = columns(gql, rollup["moves"], at=before)
    assert [c["name"] for c in as_recorded] == ["container_no", "moved_at", "teu"]
    # An event of August arriving late does not undo September's schema.
    late = dataset(PG, MOVES, schema=schema_facet(("container_no", "VARCHAR"), ("teu", "INT")))
    sent(client, gql, event("START", new_run(), JOB, [late], at="2024-08-20T08:00:00Z"))
    assert [c["name"] for c in columns(gql, rollup["moves"])][-1] == "berth"
    assert [c["name"] for c in columns(gql, rollup["moves"], asOf="2024-08-25")] == [
        "container_no",
        "teu",
    ]


def test_the_same_schema_again_changes_nothing(
    client: TestClient, gql: GraphQLClient, rollup: dict[str, Any], driver: Any
) -> None:
    states = count(driver, "MATCH (s:State) RETURN count(s)")
    body = event("START", new_run(), JOB, at="2024-08-02T08:00:00Z")
    body["inputs"] = [
        dataset(
            PG,
            MOVES,
            schema=schema_facet(
                ("container_no", "VARCHAR", "集装箱箱号"), ("moved_at", "TIMESTAMP"), ("teu", "INT")
            ),
        )
    ]
    assert sent(client, gql, body)["state"] == "START"
    assert count(driver, "MATCH (s:State) RETURN count(s)") == states  # no new record


def test_column_lineage_upstream_and_downstream(gql: GraphQLClient, rollup: dict[str, Any]) -> None:
    upstream = column_walk(gql, rollup["daily"], "day")
    assert [(n["asset"]["nameZh"], n["column"], n["depth"]) for n in upstream["nodes"]] == [
        ("集装箱作业记录", "moved_at", 1)
    ]
    [edge] = upstream["edges"]
    assert (edge["fromColumn"], edge["toColumn"], edge["day"]) == ("day", "moved_at", "2024-08-01")
    assert edge["transformations"] == [
        {"type": "DIRECT", "subtype": "TRANSFORMATION", "masking": False}
    ]
    assert edge["activity"]["name"] == "airflow-prod/port_rollups.daily_moves"
    # The dataset-wide grouping bears on every output column.
    teu = column_walk(gql, rollup["daily"], "teu_total")
    assert {n["column"] for n in teu["nodes"]} == {"teu", "moved_at"}
    subtypes = {e["toColumn"]: e["transformations"][0]["subtype"] for e in teu["edges"]}
    assert subtypes == {"teu": "AGGREGATION", "moved_at": "GROUP_BY"}
    downstream = column_walk(gql, rollup["moves"], "moved_at", direction="DOWNSTREAM")
    assert {n["column"] for n in downstream["nodes"]} == {"day", "teu_total", "containers"}
    assert all(e["toColumn"] == "moved_at" for e in downstream["edges"])


def test_column_lineage_reads_at_a_moment_like_the_rest(
    client: TestClient, gql: GraphQLClient, rollup: dict[str, Any]
) -> None:
    before_it = column_walk(gql, rollup["moves"], "teu", direction="DOWNSTREAM", asOf="2024-07-01")
    assert before_it["nodes"] == [] and before_it["edges"] == []
    recorded_before = datetime.now(UTC).isoformat()
    body = event(
        "COMPLETE",
        new_run(),
        ("airflow-prod", "port_rollups.weekly"),
        [dataset(LAKE, DAILY)],
        [
            dataset(
                LAKE,
                "rollups/weekly_moves",
                columnLineage=column_lineage_facet(
                    {"teu_week": [(LAKE, DAILY, "teu_total", "DIRECT", "AGGREGATION")]}
                ),
            )
        ],
        at="2024-08-08T08:00:00Z",
    )
    sent(client, gql, body)
    two_hops = column_walk(gql, rollup["moves"], "teu", direction="DOWNSTREAM", depth=2)
    assert [(n["column"], n["depth"]) for n in two_hops["nodes"]] == [
        ("teu_total", 1),
        ("teu_week", 2),
    ]
    then = column_walk(
        gql, rollup["moves"], "teu", direction="DOWNSTREAM", depth=2, at=recorded_before
    )
    assert [n["column"] for n in then["nodes"]] == ["teu_total"]
    one_hop = column_walk(gql, rollup["moves"], "teu", direction="DOWNSTREAM", depth=1)
    assert one_hop["truncated"] is True and one_hop["beyond"] == 1


def test_column_lineage_has_the_bounds_of_asset_lineage(
    gql: GraphQLClient, rollup: dict[str, Any]
) -> None:
    for arguments, field in (
        ({"depth": 0}, "depth"),
        ({"depth": 21}, "depth"),
        ({"budget": 0}, "budget"),
        ({"budget": 5001}, "budget"),
    ):
        [error] = gql(BOUNDED, {"id": rollup["daily"], "column": "day", **arguments})["errors"]
        assert (error["extensions"]["code"], error["extensions"]["field"]) == (
            "INVALID_INPUT",
            field,
        )
    capped = column_walk(gql, rollup["moves"], "moved_at", direction="DOWNSTREAM", budget=1)
    assert capped["totalNodes"] == 1 and capped["truncated"] is True
    [unknown] = gql(COLUMN_LINEAGE, {"id": rollup["daily"], "column": "nope"})["errors"]
    assert unknown["extensions"]["code"] == "NOT_FOUND"
    # A column of the schema with no lineage is an answer with no hops.
    plain = column_walk(gql, rollup["moves"], "container_no")
    assert plain["nodes"] == [] and plain["truncated"] is False


def test_exports_carry_columns(gql: GraphQLClient, rollup: dict[str, Any]) -> None:
    walked = column_walk(gql, rollup["daily"], "teu_total")
    exported = json.loads(walked["json"])
    assert {n["column"] for n in exported["nodes"]} == {"teu_total", "teu", "moved_at"}
    assert {t["subtype"] for e in exported["edges"] for t in e["transformations"]} == {
        "AGGREGATION",
        "GROUP_BY",
    }
    graph = networkx.read_graphml(io.StringIO(walked["graphml"]))
    assert graph.number_of_nodes() == 3 and graph.number_of_edges() == 2
    parsed = pydot.graph_from_dot_data(walked["dot"])
    assert parsed is not None and len(parsed[0].get_edges()) == 2
    lineage = gql.data(
        """query ($id: ID!) { lineage(assetId: $id) { json: export(format: JSON)
          graphml: export(format: GRAPHML) dot: export(format: DOT) } }""",
        {"id": rollup["daily"]},
    )["lineage"]
    nodes = {n["name"]: n["columns"] for n in json.loads(lineage["json"])["nodes"]}
    assert [c["name"] for c in nodes["集装箱日汇总"]] == ["day", "teu_total", "containers"]
    assert nodes["集装箱作业记录"][0] == {
        "name": "container_no",
        "type": "VARCHAR",
        "description": "集装箱箱号",
    }
    assets = networkx.read_graphml(io.StringIO(lineage["graphml"]))
    listed = [json.loads(data["columns"]) for _, data in assets.nodes(data=True)]
    assert sorted(len(c) for c in listed) == [3, 3]
    dots = pydot.graph_from_dot_data(lineage["dot"])
    assert dots is not None
    assert any("teu_total" in (n.get("columns") or "") for n in dots[0].get_nodes())


def test_malformed_schema_and_column_lineage_facets_are_refused_and_write_nothing(
    client: TestClient, gql: GraphQLClient, rollup: dict[str, Any], driver: Any
) -> None:
    before = node_count(driver)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"schema": {"fields": "not a list"}}, "outputs.0.facets.schema.fields"),
        ({"schema": {"fields": [{"type": "INT"}]}}, "outputs.0.facets.schema.fields.0.name"),
        (
            {
                "columnLineage": {
                    "fields": {
                        "x": {
                            "inputFields": [
                                {
                                    "namespace": PG,
                                    "name": MOVES,
                                    "field": "teu",
                                    "transformations": [{"type": "SIDEWAYS"}],
                                }
                            ]
                        }
                    }
                }
            },
            "outputs.0.facets.columnLineage.fields.x.inputFields.0.transformations.0.type",
        ),
    ]
    for facets, field in cases:
        body = event("COMPLETE", new_run(), JOB, [], [dataset(LAKE, DAILY, **facets)])
        answer = send(client, gql, body)
        assert answer.status_code == 422, answer.text
        [error] = answer.json()["errors"]
        assert (error["code"], error["field"]) == ("INVALID_INPUT", field)
        assert error["messageZh"]
    assert node_count(driver) == before
